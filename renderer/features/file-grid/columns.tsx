// Column definitions of the inventory grid: file keys, then per tier status / size / channels.
import type {
  ColDef,
  ColGroupDef,
  ICellRendererParams,
  ValueFormatterParams,
  ValueGetterParams,
} from "ag-grid-community";
import type { DatasetInfo } from "../../../shared/api/types.ts";
import { StatusChip } from "../../components/StatusChip.tsx";
import { formatBytes, formatUtc } from "../../components/format.ts";
import type { InventoryRow } from "./inventory-rows.ts";

type Getter = (row: InventoryRow) => string | number | null;

const textFilter = {
  filter: "agTextColumnFilter",
  filterParams: { maxNumConditions: 1, buttons: ["reset"] },
};
const numberFilter = {
  filter: "agNumberColumnFilter",
  filterParams: { maxNumConditions: 1, buttons: ["reset"] },
};

function getter(read: Getter) {
  return (params: ValueGetterParams<InventoryRow>) => (params.data ? read(params.data) : null);
}

function StatusCell(params: ICellRendererParams<InventoryRow, number> & { tier: string }) {
  if (params.value === null || params.value === undefined) return null;
  return <StatusChip present={params.value === 1} tier={params.tier} />;
}

export function inventoryColumns(dataset: DatasetInfo): (ColDef<InventoryRow> | ColGroupDef<InventoryRow>)[] {
  const keyColumns: ColDef<InventoryRow>[] = dataset.keyNames.map((key) =>
    key === "timestamp"
      ? {
          colId: key,
          headerName: "timestamp (UTC)",
          valueGetter: getter((row) => row.page.keys[key]?.[row.i] ?? null),
          valueFormatter: (params: ValueFormatterParams<InventoryRow>) =>
            params.data
              ? formatUtc(params.data.page.timestamps[params.data.i]!) || String(params.value ?? "")
              : "",
          tooltipValueGetter: (params) => String(params.value ?? ""),
          width: 190,
          ...textFilter,
        }
      : {
          colId: key,
          headerName: key,
          valueGetter: getter((row) => row.page.keys[key]?.[row.i] ?? null),
          width: key === "exp" ? 80 : 95,
          ...textFilter,
        },
  );
  const tierGroups: ColGroupDef<InventoryRow>[] = dataset.tiers.map((tier) => ({
    headerName: tier,
    groupId: `tier-${tier}`,
    children: [
      {
        colId: `${tier}_status`,
        headerName: "status",
        valueGetter: getter((row) => row.page.tiers[tier]?.present[row.i] ?? null),
        cellRenderer: StatusCell,
        cellRendererParams: { tier },
        width: 100,
        ...textFilter,
      },
      {
        colId: `${tier}_size`,
        headerName: "size",
        valueGetter: getter((row) => row.page.tiers[tier]?.size[row.i] ?? null),
        valueFormatter: (params: ValueFormatterParams<InventoryRow, number>) =>
          typeof params.value === "number" && params.value > 0 ? formatBytes(params.value) : "",
        type: "rightAligned",
        width: 95,
        ...numberFilter,
      },
      {
        colId: `${tier}_channels`,
        headerName: "ch",
        headerTooltip: `tables (channels) in the ${tier} file`,
        valueGetter: getter((row) => row.page.tiers[tier]?.channels[row.i] ?? null),
        valueFormatter: (params: ValueFormatterParams<InventoryRow, number>) =>
          typeof params.value === "number" && params.value >= 0 ? String(params.value) : "",
        type: "rightAligned",
        width: 70,
        ...numberFilter,
      },
    ],
  }));
  return [
    ...keyColumns,
    ...tierGroups,
    {
      colId: "total_size",
      headerName: "total size",
      valueGetter: getter((row) => {
        let sum = 0;
        for (const columns of Object.values(row.page.tiers)) sum += columns.size[row.i]!;
        return sum;
      }),
      valueFormatter: (params: ValueFormatterParams<InventoryRow, number>) =>
        typeof params.value === "number" ? formatBytes(params.value) : "",
      type: "rightAligned",
      width: 105,
      ...numberFilter,
    },
  ];
}
