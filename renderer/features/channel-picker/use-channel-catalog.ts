// Loads the channels and columns of the selected cycles (all cycles when none are selected)
// whenever the dataset or the cycle selection changes; the newest request wins. Nothing is asked while a
// dataset is opening, and a failed request is asked again (a few times, further apart), so a catalog that
// failed once (e.g. asked while the service was still opening a restored session) does not stay empty.
import { useEffect } from "react";
import { serializeError } from "../../../shared/api/errors.ts";
import { useApi } from "../../app/api-context.ts";
import { useAppStore, useAppStoreApi } from "../../stores/store.ts";

const CATALOG_DELAY_MS = 150;
/** Waits before the retries of a failed request (then its failure stands). */
export const CATALOG_RETRY_MS: readonly number[] = [250, 1000, 3000];

/** Calls `ask` until it succeeds or the retries run out; `isCurrent` stops it when the request is stale. */
async function withRetries<T>(ask: () => Promise<T>, isCurrent: () => boolean): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await ask();
    } catch (error) {
      const wait = CATALOG_RETRY_MS[attempt];
      if (wait === undefined || !isCurrent()) throw error;
      await new Promise((resolve) => setTimeout(resolve, wait));
      if (!isCurrent()) throw error;
    }
  }
}

export function useChannelCatalog(): void {
  const api = useApi();
  const store = useAppStoreApi();
  const datasetId = useAppStore((state) => state.dataset?.id ?? null);
  const opening = useAppStore((state) => state.openJob !== null);
  const rows = useAppStore((state) => state.selectedRows);

  useEffect(() => {
    if (datasetId === null || opening) return;
    let current = true;
    const isCurrent = () => current;
    const timer = setTimeout(() => {
      store.getState().channelsRequested();
      const request = { rows: [...rows] };
      withRetries(() => api.listChannels(request), isCurrent).then(
        (list) => current && store.getState().channelsListed(list),
        (error: unknown) => current && store.getState().channelsFailed(serializeError(error)),
      );
      withRetries(() => api.listColumns(request), isCurrent).then(
        (columns) => current && store.getState().columnsListed(columns),
        () => current && store.getState().columnsListed(null),
      );
    }, CATALOG_DELAY_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [api, store, datasetId, opening, rows]);
}
