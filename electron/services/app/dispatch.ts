// One call of a contract method from an untrusted front end (IPC or HTTP): check the method
// name and argument against the contract's guards, call the service, and return a Result.
import { API_METHODS, checkArgument, isApiMethod, type Lh5BrowserApi } from "../../../shared/api/contract.ts";
import { BadArgumentError, fail, ok, type Result } from "../../../shared/api/errors.ts";

export async function dispatch(
  service: Lh5BrowserApi,
  method: string,
  argument: unknown,
): Promise<Result<unknown>> {
  if (!isApiMethod(method))
    return fail(new BadArgumentError(method, "no such method in the LH5 Browser API"));
  const problem = checkArgument(method, argument);
  if (problem) return fail(new BadArgumentError(method, problem));
  try {
    const takesArgument = API_METHODS[method].guard(undefined, "") !== null;
    // Each method takes its one guarded argument; the cast only widens the method's parameter type.
    const call = (service[method] as (this: Lh5BrowserApi, arg: unknown) => Promise<unknown>).bind(service);
    return ok(await call(takesArgument ? argument : undefined));
  } catch (error) {
    return fail(error);
  }
}
