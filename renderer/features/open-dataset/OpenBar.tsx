import { useEffect, useState } from "react";
import type { RecentEntry } from "../../../shared/api/types.ts";
import { useApi } from "../../app/api-context.ts";
import { useAppStore, useAppStoreApi } from "../../stores/store.ts";
import { FileChooser } from "../file-chooser/FileChooser.tsx";
import { openTarget } from "./open.ts";

/** The chooser, shown for Browse… or to confirm a typed path outside the opened folders. */
interface ChooserRequest {
  initialPath?: string;
  note?: string;
}

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
  const [chooser, setChooser] = useState<ChooserRequest | null>(null);

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

  const open = async (target: string) => {
    const typed = target.trim();
    if (!typed) return;
    const opened = await openTarget(api, store, { path: typed });
    // outside the opened folders: the user confirms the typed path in the chooser (web mode has no dialog)
    if (!opened && store.getState().openError?.code === "forbidden-path") {
      store.getState().openErrorDismissed();
      setChooser({
        initialPath: typed,
        note: "This path is outside the folders opened in this session. Confirm it here to open it.",
      });
    }
  };

  return (
    <>
      <form
        className="open-bar"
        onSubmit={(event) => {
          event.preventDefault();
          void open(path);
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
        <button type="button" data-testid="open-browse" disabled={busy} onClick={() => setChooser({})}>
          Browse…
        </button>
        <select
          aria-label="Recent datasets"
          value=""
          disabled={busy || recent.length === 0}
          onChange={(event) => void open(event.target.value)}
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
      {chooser ? (
        <FileChooser
          purpose="open"
          title="Open a dataset"
          {...chooser}
          onCancel={() => setChooser(null)}
          onChosen={(chosen) => {
            setChooser(null);
            setPath(chosen.path);
            void openTarget(api, store, { path: chosen.path, grant: chosen.grant });
          }}
        />
      ) : null}
    </>
  );
}
