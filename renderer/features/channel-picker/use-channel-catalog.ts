// Loads the channels and columns of the selected cycles (all cycles when none are selected)
// whenever the dataset or the cycle selection changes; the newest request wins.
import { useEffect, useRef } from "react";
import { serializeError } from "../../../shared/api/errors.ts";
import { useApi } from "../../app/api-context.ts";
import { useAppStore, useAppStoreApi } from "../../stores/store.ts";

/** Coalesces cycle clicks made together into one listing; a newly opened dataset is listed at once. */
const CATALOG_DELAY_MS = 150;

export function useChannelCatalog(): void {
  const api = useApi();
  const store = useAppStoreApi();
  const datasetId = useAppStore((state) => state.dataset?.id ?? null);
  const rows = useAppStore((state) => state.selectedRows);
  const listedFor = useRef<string | null>(null);

  useEffect(() => {
    if (datasetId === null) return;
    let current = true;
    const firstOfDataset = listedFor.current !== datasetId;
    listedFor.current = datasetId;
    const list = () => {
      store.getState().channelsRequested();
      const request = { rows: [...rows] };
      api.listChannels(request).then(
        (channels) => current && store.getState().channelsListed(channels),
        (error: unknown) => current && store.getState().channelsFailed(serializeError(error)),
      );
      api.listColumns(request).then(
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
  }, [api, store, datasetId, rows]);
}
