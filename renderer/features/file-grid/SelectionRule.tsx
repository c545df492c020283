import { formatCount } from "../../components/format.ts";
import { useAppStore, useAppStoreApi } from "../../stores/store.ts";

const cycles = (n: number) => `${formatCount(n)} ${n === 1 ? "cycle" : "cycles"}`;

/**
 * Says which cycles the views use, by the one rule: the ticked rows if any are ticked, else every row the
 * grid shows (query and column filters). Clicking a row only shows its details.
 */
export function SelectionRule() {
  const store = useAppStoreApi();
  const ticked = useAppStore((state) => state.selectedRows.length);
  const filtered = useAppStore((state) => state.filteredRows?.length ?? null);
  const matched = useAppStore((state) => state.matchedRows);
  if (matched === null) return null;
  const rule =
    "The views use the ticked cycles; with none ticked, every cycle the grid shows (query and column filters). " +
    "Click a row to see its details; tick its box to select it.";
  return (
    <span className="selection-rule" data-testid="selection-rule" title={rule}>
      {ticked > 0 ? (
        <>
          selection: {cycles(ticked)} ticked{" "}
          <button
            type="button"
            data-testid="selection-clear"
            title="Untick all rows: the selection becomes every cycle the grid shows"
            onClick={() => store.getState().rowsSelected([])}
          >
            Untick all
          </button>
        </>
      ) : (
        `selection: all ${cycles(filtered ?? matched)} shown`
      )}
    </span>
  );
}
