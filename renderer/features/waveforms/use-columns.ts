// Columns of the selected cycles (names, tiers, LGDO types, units) for the browser's pickers.
import { useEffect, useState } from "react";
import type { Lh5BrowserApi } from "../../../shared/api/contract.ts";
import type { ColumnInfo } from "../../../shared/api/types.ts";

export function useColumns(
  api: Lh5BrowserApi,
  rows: readonly number[],
  datasetId: string | null,
): ColumnInfo[] {
  const [columns, setColumns] = useState<ColumnInfo[]>([]);
  const key = `${datasetId ?? ""}:${rows.slice(0, 50).join(",")}`;
  useEffect(() => {
    if (datasetId === null) return;
    let current = true;
    // the first 50 selected cycles are enough to name the columns
    api.listColumns({ rows: rows.slice(0, 50) }).then(
      (list) => current && setColumns(list),
      () => current && setColumns([]),
    );
    return () => {
      current = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the key stands for rows and dataset
  }, [api, key]);
  return columns;
}

/** Waveform columns (LGDO `struct{t0,dt,values}` or their encoded form). */
export function isWaveformColumn(column: ColumnInfo): boolean {
  const type = column.lgdoType ?? "";
  return type.startsWith("struct") && /\bvalues\b/.test(type) && /\bdt\b/.test(type);
}

export function isScalarColumn(column: ColumnInfo): boolean {
  return (column.lgdoType ?? "array<1>{real}").startsWith("array<1>{real}");
}
