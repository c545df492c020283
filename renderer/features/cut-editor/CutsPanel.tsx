import { useEffect } from "react";
import { useAppStoreApi } from "../../stores/store.ts";
import { CutEditor } from "./CutEditor.tsx";
import { EntryLists } from "./EntryLists.tsx";
import { LiveCount } from "./LiveCount.tsx";
import { useLiveCount } from "./use-live-count.ts";
import "./cut-editor.css";

/** The hit and evt cut editors with the live count of passing entries. */
export function CutsPanel() {
  const store = useAppStoreApi();
  const runner = useLiveCount();

  // Esc cancels the running count (the histogram view handles its own job); Ctrl/Cmd+F: file query
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape" && store.getState().liveCount.state === "counting") runner.cancel();
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "f") {
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
