// Loads the channels and columns of the selected cycles (all cycles when none are selected)
// whenever the dataset or the cycle selection changes; the newest request wins.
import { useEffect } from "react";
import { serializeError } from "../../../shared/api/errors.ts";
import { useApi } from "../../app/api-context.ts";
import { useAppStore, useAppStoreApi } from "../../stores/store.ts";

const CATALOG_DELAY_MS = 150;

export function useChannelCatalog(): void {
  const api = useApi();
  const store = useAppStoreApi();
  const datasetId = useAppStore((state) => state.dataset?.id ?? null);
  const rows = useAppStore((state) => state.selectedRows);

  useEffect(() => {
    if (datasetId === null) return;
    let current = true;
    const timer = setTimeout(() => {
      store.getState().channelsRequested();
      const request = { rows: [...rows] };
      api.listChannels(request).then(
        (list) => current && store.getState().channelsListed(list),
        (error: unknown) => current && store.getState().channelsFailed(serializeError(error)),
      );
      api.listColumns(request).then(
        (columns) => current && store.getState().columnsListed(columns),
        () => current && store.getState().columnsListed(null),
      );
    }, CATALOG_DELAY_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [api, store, datasetId, rows]);
}
