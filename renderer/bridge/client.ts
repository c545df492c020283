// The renderer's clients of the contract: over the Electron preload (`window.lh5`) or over HTTP
// in web mode. Both are derived from API_METHODS and unwrap the Result envelope into ApiErrors, and both
// carry the service's pushed job statuses (`jobEvents`, read by awaitJob), so no job is polled.
import { API_METHOD_NAMES, type ApiMethod, type Lh5BrowserApi } from "../../shared/api/contract.ts";
import { CODEC_CONTENT_TYPE, httpRoute, TOKEN_HEADER } from "../../shared/api/channels.ts";
import { decodeValue, encodeValue } from "../../shared/api/codec.ts";
import { ApiError, isResult, type Result, unwrap } from "../../shared/api/errors.ts";
import type { Lh5Bridge } from "../../shared/api/bridge.ts";
import {
  EventFrameReader,
  isJobStatus,
  JOB_EVENTS_ROUTE,
  JobEventHub,
  type JobEventSource,
} from "../../shared/api/job-events.ts";

/** A client of the contract with the push stream of job statuses its transport provides. */
export type Lh5Client = Lh5BrowserApi & { readonly jobEvents: JobEventSource };

type Transport = (method: ApiMethod, argument: unknown) => Promise<Result<unknown>>;

function buildClient(transport: Transport, jobEvents: JobEventSource): Lh5Client {
  const client: Record<string, unknown> = { jobEvents };
  for (const method of API_METHOD_NAMES)
    client[method] = async (argument?: unknown) => unwrap(await transport(method, argument));
  return client as unknown as Lh5Client;
}

/** Electron: calls go through the preload's `window.lh5`; job statuses come as IPC events. */
export function createIpcClient(bridge: Lh5Bridge): Lh5Client {
  const hub = new JobEventHub();
  bridge
    .onJobEvent((status) => hub.push(status))
    .then(
      () => hub.open(),
      () => hub.close(),
    );
  return buildClient((method, argument) => {
    const call = bridge[method] as (argument?: unknown) => Promise<Result<unknown>>;
    return call(argument);
  }, hub);
}

export interface HttpClientOptions {
  /** e.g. `http://127.0.0.1:5123`; empty string = same origin. */
  origin: string;
  token: string;
  fetch?: typeof fetch;
}

/**
 * Web mode's job statuses: one streamed `GET /api/events` per page, opened at once (the server replays the
 * jobs that started just before it connected). When it cannot open or ends (the server stopped), the hub
 * closes and awaitJob asks `getJob` instead: no reconnect, since a restarted server has a new token anyway.
 */
function streamJobEvents(opts: HttpClientOptions, doFetch: typeof fetch): JobEventHub {
  const hub = new JobEventHub();
  const reader = new EventFrameReader((value) => {
    if (isJobStatus(value)) hub.push(value);
    else hub.open(); // the hello frame
  });
  void (async () => {
    const response = await doFetch(`${opts.origin}${JOB_EVENTS_ROUTE}`, {
      method: "GET",
      headers: { [TOKEN_HEADER]: opts.token },
    });
    if (!response.ok || !response.body) return;
    const body = response.body.getReader();
    for (;;) {
      const { done, value } = await body.read();
      if (done) return;
      reader.feed(value);
    }
  })()
    .catch(() => undefined)
    .finally(() => hub.close());
  return hub;
}

/** Web mode: `POST /api/<method>` with codec bodies and the per-run token header. */
export function createHttpClient(opts: HttpClientOptions): Lh5Client {
  const doFetch = opts.fetch ?? ((input, init) => fetch(input, init));
  return buildClient(
    async (method, argument) => {
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
    },
    streamJobEvents(opts, doFetch),
  );
}
