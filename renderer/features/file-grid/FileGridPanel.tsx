import { useAppStore } from "../../stores/store.ts";
import { InventoryGrid } from "./InventoryGrid.tsx";
import { QueryBox } from "./QueryBox.tsx";

/** The inventory: query box over the grid of cycles. */
export function FileGridPanel() {
  const dataset = useAppStore((state) => state.dataset);
  if (!dataset)
    return (
      <section className="file-grid-panel empty">
        <p className="muted">No dataset open.</p>
      </section>
    );
  return (
    <section className="file-grid-panel">
      <QueryBox />
      <InventoryGrid key={dataset.id} dataset={dataset} />
    </section>
  );
}
