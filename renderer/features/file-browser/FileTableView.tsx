import { AgGridReact } from "ag-grid-react";
import type { ColDef, IDatasource, IGetRowsParams } from "ag-grid-community";
import { useMemo, useState } from "react";
import type { Lh5TablePage } from "../../../shared/api/file-browser.ts";
import { type SerializedError, serializeError } from "../../../shared/api/errors.ts";
import { useApi } from "../../app/api-context.ts";
import { ErrorMessage } from "../../components/ErrorMessage.tsx";
import { gridTheme } from "../file-grid/ag-grid-setup.ts";

interface Props {
  file: string;
  table: string;
}

/** Rows per request: the grid asks for blocks as it scrolls (virtualised, paged). */
export const TABLE_BLOCK_ROWS = 100;

type CellRow = Record<string, number | string>;

/** A page's columns as the grid's rows (one small object per row shown, built from the typed arrays). */
export function rowsOfTablePage(page: Lh5TablePage): CellRow[] {
  return Array.from({ length: page.count }, (_, r) => {
    const row: CellRow = { "#": page.offset + r };
    for (const column of page.columns)
      row[column.name] = column.numbers ? column.numbers[r]! : (column.text?.[r] ?? "");
    return row;
  });
}

function columnDefs(page: Lh5TablePage): ColDef<CellRow>[] {
  return [
    { field: "#", headerName: "row", width: 80, pinned: "left" },
    ...page.columns.map((column): ColDef<CellRow> => ({
      // field names may hold '/', '.' is what ag-grid would split on
      colId: column.name,
      headerName: column.units ? `${column.name} [${column.units}]` : column.name,
      headerTooltip: `${column.type} ${column.dtype ?? ""}`,
      valueGetter: (params) => params.data?.[column.name],
      width: column.numbers ? 130 : 220,
      type: column.numbers ? "rightAligned" : undefined,
    })),
  ];
}

/** A table's columns in a grid that reads pages as it scrolls. */
export function FileTableView({ file, table }: Props) {
  const api = useApi();
  const [columns, setColumns] = useState<ColDef<CellRow>[] | null>(null);
  const [rows, setRows] = useState<number | null>(null);
  const [error, setError] = useState<SerializedError | null>(null);

  const datasource = useMemo<IDatasource>(
    () => ({
      getRows(params: IGetRowsParams) {
        api
          .lh5TablePage({
            path: file,
            table,
            offset: params.startRow,
            limit: params.endRow - params.startRow,
          })
          .then(
            (page) => {
              setColumns((known) => known ?? columnDefs(page));
              setRows(page.nRows);
              params.successCallback(rowsOfTablePage(page), page.nRows);
            },
            (failure: unknown) => {
              setError(serializeError(failure));
              params.failCallback();
            },
          );
      },
    }),
    [api, file, table],
  );

  return (
    <div className="file-table-view" data-testid="file-table-view">
      <div className="file-view-title">
        /{table} {rows !== null ? <span className="muted">{rows.toLocaleString()} rows</span> : null}
      </div>
      {error ? <ErrorMessage error={error} onDismiss={() => setError(null)} /> : null}
      <div className="file-table-grid">
        <AgGridReact<CellRow>
          key={`${file}:${table}`}
          theme={gridTheme}
          rowModelType="infinite"
          datasource={datasource}
          cacheBlockSize={TABLE_BLOCK_ROWS}
          maxBlocksInCache={20}
          columnDefs={columns ?? [{ field: "#", headerName: "row" }]}
          defaultColDef={{ resizable: true, sortable: false }}
          tooltipShowDelay={400}
        />
      </div>
    </div>
  );
}
