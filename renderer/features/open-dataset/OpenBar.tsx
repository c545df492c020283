import { useEffect, useState } from "react";
import type { RecentEntry } from "../../../shared/api/types.ts";
import { useApi } from "../../app/api-context.ts";
import { useAppStore, useAppStoreApi } from "../../stores/store.ts";
import { openTarget } from "./open.ts";

/**
 * Opening datasets from the page: a path (FileDB/DataLoader config, data folder, saved FileDB),
 * the recent list, or the demo. In Electron the native menu and dialogs do the same.
 */
export function OpenBar() {
  const api = useApi();
  const store = useAppStoreApi();
  const dataset = useAppStore((state) => state.dataset);
  const busy = useAppStore((state) => state.openJob !== null);
  const [path, setPath] = useState("");
  const [recent, setRecent] = useState<RecentEntry[]>([]);

  useEffect(() => {
    let live = true;
    void api
      .listRecent()
      .then((entries) => live && setRecent(entries))
      .catch(() => live && setRecent([]));
    return () => {
      live = false;
    };
  }, [api, dataset?.id]);

  const open = (target: string) => {
    if (target.trim()) void openTarget(api, store, { path: target.trim() });
  };

  return (
    <form
      className="open-bar"
      onSubmit={(event) => {
        event.preventDefault();
        open(path);
      }}
    >
      <input
        type="text"
        className="open-path"
        placeholder="Path to a FileDB config, DataLoader config, data folder or FileDB file"
        value={path}
        onChange={(event) => setPath(event.target.value)}
        aria-label="Dataset path"
        spellCheck={false}
      />
      <button type="submit" disabled={busy || !path.trim()}>
        Open
      </button>
      <select
        aria-label="Recent datasets"
        value=""
        disabled={busy || recent.length === 0}
        onChange={(event) => open(event.target.value)}
      >
        <option value="">Recent…</option>
        {recent.map((entry) => (
          <option key={entry.path} value={entry.path}>
            {entry.path}
          </option>
        ))}
      </select>
      <button type="button" disabled={busy} onClick={() => void openTarget(api, store, { demo: true })}>
        Demo
      </button>
    </form>
  );
}
