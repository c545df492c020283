// Grid rows are views into a columnar InventoryPage: `{page, i}`; cells read the page's columns.
import type { ColumnFilter, InventoryPage, SortKey } from "../../../shared/api/types.ts";

export interface InventoryRow {
  page: InventoryPage;
  /** Index inside the page. */
  i: number;
}

/** The FileDB row of a grid row. */
export const rowId = (row: InventoryRow): number => row.page.rows[row.i]!;

export function rowsOfPage(page: InventoryPage): InventoryRow[] {
  return Array.from({ length: page.rows.length }, (_, i) => ({ page, i }));
}

interface AgSortItem {
  colId: string;
  sort: "asc" | "desc";
}

interface AgFilterItem {
  filterType?: string;
  type?: string;
  filter?: string | number | null;
  filterTo?: number | null;
  operator?: string;
  conditions?: AgFilterItem[];
}

export function sortFromModel(model: readonly AgSortItem[]): SortKey[] {
  return model.map((item) => ({ column: item.colId, direction: item.sort }));
}

const OPS = new Set<ColumnFilter["op"]>([
  "contains",
  "notContains",
  "equals",
  "notEqual",
  "startsWith",
  "endsWith",
  "lessThan",
  "lessThanOrEqual",
  "greaterThan",
  "greaterThanOrEqual",
  "inRange",
  "blank",
  "notBlank",
]);

/** ag-grid's filter model → the contract's column filters (one condition per column; AND across columns). */
export function filtersFromModel(model: Record<string, AgFilterItem>): ColumnFilter[] {
  const filters: ColumnFilter[] = [];
  for (const [column, item] of Object.entries(model)) {
    const conditions = item.conditions && item.operator === "AND" ? item.conditions : [item];
    for (const condition of conditions) {
      const op = condition.type as ColumnFilter["op"] | undefined;
      if (!op || !OPS.has(op)) continue;
      const filter: ColumnFilter = { column, op };
      if (condition.filter !== undefined && condition.filter !== null) filter.value = condition.filter;
      if (condition.filterTo !== undefined && condition.filterTo !== null)
        filter.valueTo = condition.filterTo;
      if (op !== "blank" && op !== "notBlank" && filter.value === undefined) continue;
      filters.push(filter);
    }
  }
  return filters;
}
