import { useCallback, useEffect, useMemo, useRef } from "react";
import type {
  ColumnState,
  GridApi,
  GridReadyEvent,
  IDatasource,
  IGetRowsParams,
  RowClickedEvent,
  SelectionChangedEvent,
} from "ag-grid-community";
import { AgGridReact } from "ag-grid-react";
import { serializeError } from "../../../shared/api/errors.ts";
import type { ColumnFilter, DatasetInfo, InventoryQuery } from "../../../shared/api/types.ts";
import { useApi } from "../../app/api-context.ts";
import { useAppStore, useAppStoreApi } from "../../stores/store.ts";
import { firstPageFor, GRID_BLOCK_ROWS } from "../open-dataset/first-page.ts";
import { gridTheme } from "./ag-grid-setup.ts";
import { inventoryColumns } from "./columns.tsx";
import { filtersFromModel, type InventoryRow, rowId, rowsOfPage, sortFromModel } from "./inventory-rows.ts";

interface Props {
  dataset: DatasetInfo;
}

type InventoryWindow = Pick<InventoryQuery, "sort" | "offset" | "limit">;

/** Rows fetched per request; the grid keeps a few blocks around the visible window. */
const BLOCK_SIZE = GRID_BLOCK_ROWS;
/** The contract's largest inventory window. */
const MAX_FILTERED_ROWS = 100_000;

/**
 * One row per cycle, served by the Node side in windows (ag-grid's infinite row model): the
 * query, column filters and sort run there, so 100,000 cycles scroll as smoothly as 10.
 */
export function InventoryGrid({ dataset }: Props) {
  const api = useApi();
  const store = useAppStoreApi();
  const appliedQuery = useAppStore((state) => state.appliedQuery);
  const gridApi = useRef<GridApi<InventoryRow> | null>(null);

  const restoreSelection = useCallback(() => {
    const grid = gridApi.current;
    if (!grid) return;
    const selected = new Set(store.getState().selectedRows);
    grid.forEachNode((node) => {
      if (node.data && selected.has(rowId(node.data)) && !node.isSelected())
        node.setSelected(true, false, "api");
    });
  }, [store]);

  // The rows the column filters leave become the selection while nothing is ticked (asked once per filter set).
  const filtersShown = useRef("");
  const followColumnFilters = useCallback(
    (query: string, filters: ColumnFilter[], matched: number) => {
      const key = filters.length === 0 ? "" : JSON.stringify([query, filters]);
      if (key === filtersShown.current) return;
      filtersShown.current = key;
      if (key === "") return store.getState().columnFiltersApplied(null);
      const all = { query, filters, offset: 0, limit: Math.min(matched, MAX_FILTERED_ROWS) };
      api.queryInventory(all).then(
        (page) => {
          if (filtersShown.current === key) store.getState().columnFiltersApplied(Array.from(page.rows));
        },
        () => undefined, // the grid's own request shows the error
      );
    },
    [api, store],
  );

  // "Untick all" (or a restored empty selection) clears the grid's ticks too
  useEffect(
    () =>
      store.subscribe((state, last) => {
        const grid = gridApi.current;
        if (state.selectedRows !== last.selectedRows && state.selectedRows.length === 0 && grid)
          grid.deselectAll("all", "api");
      }),
    [store],
  );

  const datasource = useMemo<IDatasource>(
    () => ({
      getRows(params: IGetRowsParams) {
        const request: { query: string; filters: ColumnFilter[] } & InventoryWindow = {
          query: appliedQuery,
          filters: filtersFromModel(params.filterModel as Parameters<typeof filtersFromModel>[0]),
          sort: sortFromModel(params.sortModel),
          offset: params.startRow,
          limit: params.endRow - params.startRow,
        };
        // the first block usually came with the open (first-page.ts): no request, no wait behind other panels
        const first = firstPageFor(store.getState().firstPage, dataset.id, request);
        if (first) store.getState().firstPageTaken();
        (first ? Promise.resolve(first) : api.queryInventory(request)).then(
          (page) => {
            if (page.datasetId !== dataset.id) return params.failCallback();
            store.getState().inventoryCounted(page.matched, page.total);
            followColumnFilters(request.query, request.filters, page.matched);
            params.successCallback(rowsOfPage(page), page.matched);
            setTimeout(restoreSelection, 0);
          },
          (error: unknown) => {
            params.failCallback();
            if (request.query) store.getState().queryRejected(serializeError(error));
          },
        );
      },
    }),
    [api, store, dataset.id, appliedQuery, restoreSelection, followColumnFilters],
  );

  const columnDefs = useMemo(() => inventoryColumns(dataset), [dataset]);

  const onGridReady = useCallback(
    (event: GridReadyEvent<InventoryRow>) => {
      gridApi.current = event.api;
      const saved = store.getState().gridColumnState;
      if (saved) event.api.applyColumnState({ state: saved as ColumnState[], applyOrder: true });
    },
    [store],
  );

  const saveColumnState = useCallback(() => {
    const grid = gridApi.current;
    if (grid) store.getState().gridColumnStateChanged(grid.getColumnState());
  }, [store]);

  const onSelectionChanged = useCallback(
    (event: SelectionChangedEvent<InventoryRow>) => {
      if (event.source === "api") return;
      store.getState().rowsSelected(event.api.getSelectedRows().map(rowId));
    },
    [store],
  );

  const onRowClicked = useCallback(
    (event: RowClickedEvent<InventoryRow>) => {
      if (event.data) store.getState().rowFocused(rowId(event.data));
    },
    [store],
  );

  return (
    <div className="inventory-grid" data-testid="inventory-grid">
      <AgGridReact<InventoryRow>
        theme={gridTheme}
        rowModelType="infinite"
        datasource={datasource}
        cacheBlockSize={BLOCK_SIZE}
        maxBlocksInCache={50}
        columnDefs={columnDefs}
        defaultColDef={{ sortable: true, resizable: true, floatingFilter: false }}
        getRowId={(params) => String(rowId(params.data))}
        rowSelection={{
          mode: "multiRow",
          checkboxes: true,
          headerCheckbox: false,
          // a click shows the cycle's details; only its checkbox ticks it into the selection
          enableClickSelection: false,
        }}
        onGridReady={onGridReady}
        onSelectionChanged={onSelectionChanged}
        onRowClicked={onRowClicked}
        onSortChanged={saveColumnState}
        onColumnMoved={saveColumnState}
        onColumnResized={(event) => event.finished && saveColumnState()}
        tooltipShowDelay={400}
        // ~20 columns: render them all, so wide inventories scroll sideways without blank cells.
        suppressColumnVirtualisation
      />
    </div>
  );
}
