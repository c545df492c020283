// Fetches the page for the browser's settings; keeps the last good page while the next loads,
// drops answers that arrive after a newer request, keeps recent pages for instant back-paging, and
// prefetches the next page once one is shown (a request already under way is shared, not repeated).
// The order of the service's work is the service's: pages and prefetches are jobs that wait while a live
// count or histogram runs (a prefetch also behind pages), so nothing here waits on a timer.
import { useEffect, useRef, useState } from "react";
import type { Lh5BrowserApi } from "../../../shared/api/contract.ts";
import { type SerializedError, serializeError } from "../../../shared/api/errors.ts";
import type { WaveformPage, WaveformPageRequest } from "../../../shared/api/types.ts";
import { useAppStore } from "../../stores/store.ts";
import { selectionKey } from "../cut-editor/data-selection.ts";
import { countAskedFor } from "../cut-editor/use-live-count.ts";
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

const pending = new Map<string, Promise<WaveformPage>>();

/** Forgets cached pages (a new dataset). */
export function clearWaveformPages(): void {
  recent.clear();
  pending.clear();
}

/** The page for `request`, from the service once: concurrent asks for the same key share one call. */
function fetchPage(
  api: Lh5BrowserApi,
  request: WaveformPageRequest,
  key: string,
  prefetch = false,
): Promise<WaveformPage> {
  let promise = pending.get(key);
  if (!promise) {
    promise = api.waveformPage(prefetch ? { ...request, prefetch } : request).then(
      (page) => {
        remember(key, page);
        pending.delete(key);
        return page;
      },
      (error: unknown) => {
        pending.delete(key);
        throw error;
      },
    );
    pending.set(key, promise);
  }
  return promise;
}

/** The request of the page after `request`'s, or null (a random sample, or the last page). */
export function nextPageRequest(request: WaveformPageRequest, total: number): WaveformPageRequest | null {
  if (request.randomSeed !== undefined || request.count === 0 || request.start + request.count >= total)
    return null;
  return { ...request, start: request.start + request.count };
}

/** Asks for the next page in the background so that Next finds it cached. */
function prefetchNext(api: Lh5BrowserApi, request: WaveformPageRequest, total: number): void {
  const next = nextPageRequest(request, total);
  if (!next) return;
  const key = requestKey(next);
  if (recent.has(key)) return;
  // a failed prefetch is not shown: the page is asked for again when the user goes there
  fetchPage(api, next, key, true).catch(() => undefined);
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
  const selection = request ? selectionKey(request.selection) : "";
  // a new selection's first page is asked for once its live count is (then the service builds it after the count)
  const countAsked = useAppStore((state) => countAskedFor(state, selection));
  const lastSelection = useRef<string | null>(null);
  useEffect(() => {
    if (!request || recent.has(key)) return;
    const newSelection = lastSelection.current !== null && lastSelection.current !== selection;
    if (newSelection && !countAsked) return;
    lastSelection.current = selection;
    let current = true;
    const started = performance.now();
    fetchPage(api, request, key).then(
      (page) => {
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
  }, [api, key, countAsked]);
  const cached = request ? recent.get(key) : undefined;
  const shownTotal = cached?.totalEntries ?? (answer?.key === key ? answer.page?.totalEntries : undefined);
  useEffect(() => {
    // once the shown page is here, ask for the next one: a prefetch job, which the service builds only when
    // no count, histogram or page is being built
    if (!request || shownTotal === undefined) return;
    prefetchNext(api, request, shownTotal);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the key stands for the request's content
  }, [api, key, shownTotal]);
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
