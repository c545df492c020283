import { useEffect } from "react";
import { useAppStoreApi } from "../../stores/store.ts";
import { CutEditor } from "./CutEditor.tsx";
import { EntryLists } from "./EntryLists.tsx";
import { LiveCount } from "./LiveCount.tsx";
import { useLiveCount } from "./use-live-count.ts";
import "./cut-editor.css";
import { matches } from "../../../shared/ui/shortcuts.ts";

/** The hit and evt cut editors with the live count of passing entries. */
export function CutsPanel() {
  const store = useAppStoreApi();
  const runner = useLiveCount();

  // Esc cancels the running count (the histogram view handles its own job); Ctrl/Cmd+F: file query
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (matches("cancel", event) && store.getState().liveCount.state === "counting") runner.cancel();
      if (matches("focus-query", event)) {
        const query = document.querySelector<HTMLInputElement>('[data-testid="file-query"]');
        if (query) {
          event.preventDefault();
          query.focus();
          query.select();
        }
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [runner, store]);

  return (
    <section className="cuts-panel" aria-label="Cuts">
      <CutEditor level="hit" />
      <CutEditor level="evt" />
      <LiveCount onCancel={() => runner.cancel()} />
      <EntryLists />
    </section>
  );
}
