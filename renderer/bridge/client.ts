// The renderer's clients of the contract: over the Electron preload (`window.lh5`) or over HTTP
// in web mode. Both are derived from API_METHODS and unwrap the Result envelope into ApiErrors.
import { API_METHOD_NAMES, type ApiMethod, type Lh5BrowserApi } from "../../shared/api/contract.ts";
import { CODEC_CONTENT_TYPE, httpRoute, TOKEN_HEADER } from "../../shared/api/channels.ts";
import { decodeValue, encodeValue } from "../../shared/api/codec.ts";
import { ApiError, isResult, type Result, unwrap } from "../../shared/api/errors.ts";
import type { Lh5Bridge } from "../../shared/api/bridge.ts";

type Transport = (method: ApiMethod, argument: unknown) => Promise<Result<unknown>>;

function buildClient(transport: Transport): Lh5BrowserApi {
  const client: Record<string, (argument?: unknown) => Promise<unknown>> = {};
  for (const method of API_METHOD_NAMES)
    client[method] = async (argument) => unwrap(await transport(method, argument));
  return client as unknown as Lh5BrowserApi;
}

/** Electron: calls go through the preload's `window.lh5`. */
export function createIpcClient(bridge: Lh5Bridge): Lh5BrowserApi {
  return buildClient((method, argument) => {
    const call = bridge[method] as (argument?: unknown) => Promise<Result<unknown>>;
    return call(argument);
  });
}

export interface HttpClientOptions {
  /** e.g. `http://127.0.0.1:5123`; empty string = same origin. */
  origin: string;
  token: string;
  fetch?: typeof fetch;
}

/** Web mode: `POST /api/<method>` with codec bodies and the per-run token header. */
export function createHttpClient(opts: HttpClientOptions): Lh5BrowserApi {
  const doFetch = opts.fetch ?? ((input, init) => fetch(input, init));
  return buildClient(async (method, argument) => {
    let response: Response;
    try {
      response = await doFetch(`${opts.origin}${httpRoute(method)}`, {
        method: "POST",
        headers: { [TOKEN_HEADER]: opts.token, "Content-Type": CODEC_CONTENT_TYPE },
        body: argument === undefined ? null : (encodeValue(argument) as Uint8Array<ArrayBuffer>),
      });
    } catch (error) {
      throw new ApiError({
        name: "ConnectionError",
        code: "connection",
        message: `LH5 Browser's server does not answer (${(error as Error).message}); was it stopped?`,
      });
    }
    if (!response.ok)
      throw new ApiError({
        name: "HttpError",
        code: `http-${response.status}`,
        message: (await response.text()).trim(),
      });
    const value = decodeValue(await response.arrayBuffer());
    if (!isResult(value))
      throw new ApiError({ name: "ProtocolError", message: `Malformed answer to ${method}` });
    return value;
  });
}
