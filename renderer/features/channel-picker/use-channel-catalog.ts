// Loads the channels and columns of the selected cycles (all cycles when none are selected)
// whenever the dataset or the cycle selection changes; the newest request wins. Nothing is asked while a
// dataset is opening, and a failed request is asked again (a few times, further apart), so a catalog that
// failed once (e.g. asked while the service was still opening a restored session) does not stay empty.
import { useEffect, useRef } from "react";
import { serializeError } from "../../../shared/api/errors.ts";
import { useApi } from "../../app/api-context.ts";
import { useAppStore, useAppStoreApi } from "../../stores/store.ts";

/** Coalesces cycle clicks made together into one listing; a newly opened dataset is listed at once. */
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
  const listedFor = useRef<string | null>(null);

  useEffect(() => {
    if (datasetId === null || opening) return;
    let current = true;
    const isCurrent = () => current;
    const firstOfDataset = listedFor.current !== datasetId;
    listedFor.current = datasetId;
    const list = () => {
      store.getState().channelsRequested();
      const request = { rows: [...rows] };
      withRetries(() => api.listChannels(request), isCurrent).then(
        (channels) => current && store.getState().channelsListed(channels),
        (error: unknown) => current && store.getState().channelsFailed(serializeError(error)),
      );
      withRetries(() => api.listColumns(request), isCurrent).then(
        (columns) => current && store.getState().columnsListed(columns),
        () => current && store.getState().columnsListed(null),
      );
    };
    // the app is ready once the channels are listed: the open's first listing is not delayed
    const timer = firstOfDataset ? undefined : setTimeout(list, CATALOG_DELAY_MS);
    if (firstOfDataset) list();
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [api, store, datasetId, opening, rows]);
}
