// Fetches the page for the browser's settings; keeps the last good page while the next loads,
// drops answers that arrive after a newer request, and keeps recent pages for instant back-paging.
import { useEffect, useState } from "react";
import type { Lh5BrowserApi } from "../../../shared/api/contract.ts";
import { type SerializedError, serializeError } from "../../../shared/api/errors.ts";
import type { WaveformPage, WaveformPageRequest } from "../../../shared/api/types.ts";
import { requestKey } from "./waveform-request.ts";

export interface PageState {
  page: WaveformPage | null;
  loading: boolean;
  error: SerializedError | null;
  /** ms from request to answer of the page shown. */
  elapsedMs: number | null;
}

const RECENT_PAGES = 16;
const recent = new Map<string, WaveformPage>();

function remember(key: string, page: WaveformPage): void {
  recent.delete(key);
  recent.set(key, page);
  if (recent.size > RECENT_PAGES) recent.delete(recent.keys().next().value!);
}

/** Forgets cached pages (a new dataset). */
export function clearWaveformPages(): void {
  recent.clear();
}

interface Answer {
  key: string;
  page: WaveformPage | null;
  error: SerializedError | null;
  elapsedMs: number | null;
}

export function useWaveformPage(api: Lh5BrowserApi, request: WaveformPageRequest | null): PageState {
  const [answer, setAnswer] = useState<Answer | null>(null);
  const key = request ? requestKey(request) : "";
  useEffect(() => {
    if (!request || recent.has(key)) return;
    let current = true;
    const started = performance.now();
    api.waveformPage(request).then(
      (page) => {
        remember(key, page);
        if (current) setAnswer({ key, page, error: null, elapsedMs: performance.now() - started });
      },
      (error: unknown) => {
        if (current)
          setAnswer((last) => ({
            key,
            page: last?.page ?? null,
            error: serializeError(error),
            elapsedMs: null,
          }));
      },
    );
    return () => {
      current = false;
    };
    // the key stands for the request's content
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, key]);
  const cached = request ? recent.get(key) : undefined;
  if (cached)
    return {
      page: cached,
      loading: false,
      error: null,
      elapsedMs: answer?.key === key ? answer.elapsedMs : 0,
    };
  if (answer?.key === key)
    return { page: answer.page, loading: false, error: answer.error, elapsedMs: answer.elapsedMs };
  // the last good page stays on screen while the next one loads
  return { page: answer?.page ?? null, loading: request !== null, error: null, elapsedMs: null };
}
