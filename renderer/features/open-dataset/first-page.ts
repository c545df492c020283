// The inventory's first window, fetched as the last step of opening a dataset, before any panel mounts. The
// grid is what makes the window usable: with this page it shows rows at once, instead of asking last (after
// the channel list, the column list and the first waveforms, which the service answers in arrival order).
import type { Lh5BrowserApi } from "../../../shared/api/contract.ts";
import type { DatasetInfo, InventoryPage, InventoryQuery } from "../../../shared/api/types.ts";

/** Rows of the grid's blocks (ag-grid's infinite row model asks for one block at a time). */
export const GRID_BLOCK_ROWS = 200;

export interface FirstPage {
  datasetId: string;
  query: string;
  page: InventoryPage;
}

/** The first block under `query` (no column filter, no sort), or null when asking fails (the grid asks again). */
export async function fetchFirstPage(
  api: Lh5BrowserApi,
  dataset: DatasetInfo,
  query: string,
): Promise<FirstPage | null> {
  try {
    const page = await api.queryInventory({ query, offset: 0, limit: GRID_BLOCK_ROWS });
    return page.datasetId === dataset.id ? { datasetId: dataset.id, query, page } : null;
  } catch {
    return null; // a query the service rejects: the grid's own request reports it
  }
}

/** The fetched page when `request` asks exactly for it (same dataset and query, first block, no filter or sort). */
export function firstPageFor(
  first: FirstPage | null,
  datasetId: string,
  request: InventoryQuery,
): InventoryPage | null {
  if (!first || first.datasetId !== datasetId) return null;
  const plain = (request.filters ?? []).length === 0 && (request.sort ?? []).length === 0;
  const same = (request.query ?? "") === first.query && request.offset === 0;
  return plain && same && request.limit === GRID_BLOCK_ROWS ? first.page : null;
}
