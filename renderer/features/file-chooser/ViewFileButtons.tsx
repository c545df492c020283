import { useState } from "react";
import type { SerializedError } from "../../../shared/api/errors.ts";
import { serializeError } from "../../../shared/api/errors.ts";
import type { PathGrant, SessionState } from "../../../shared/api/types.ts";
import { useApi } from "../../app/api-context.ts";
import { applySession, sessionFromState } from "../../app/session.ts";
import { ErrorMessage } from "../../components/ErrorMessage.tsx";
import { useAppStore, useAppStoreApi } from "../../stores/store.ts";
import { FileChooser } from "./FileChooser.tsx";
import { joinPath } from "./paths.ts";

/** Which chooser is open: save the view, open one, or confirm the dataset an opened view names. */
type Step =
  | { kind: "save"; initialPath: string }
  | { kind: "open" }
  | { kind: "dataset"; view: SessionState; path: string };

/**
 * Save view… / Open view…: the whole session (dataset, selection, query, cuts, channels, plots) as a file
 * a colleague opens on another machine with the same data. Saved cuts stay personal and are left out.
 */
export function ViewFileButtons() {
  const api = useApi();
  const store = useAppStoreApi();
  const hasDataset = useAppStore((state) => state.dataset !== null);
  const [step, setStep] = useState<Step | null>(null);
  const [error, setError] = useState<SerializedError | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  const save = async (chosen: PathGrant) => {
    const state = sessionFromState(store.getState());
    const { savedCuts: _personal, ...sections } = state.sections ?? {};
    const written = await api.saveView({
      path: chosen.path,
      grant: chosen.grant,
      overwrite: true,
      state: { ...state, sections },
    });
    setSaved(written.path);
  };

  const open = async (view: SessionState, target?: { path: string; grant: string }) => {
    const opened = await applySession(api, store, view, target);
    // the dataset the view names is outside the opened folders: the user confirms it in the chooser
    if (
      !opened &&
      view.dataset &&
      view.dataset.kind !== "demo" &&
      store.getState().openError?.code === "forbidden-path"
    ) {
      store.getState().openErrorDismissed();
      setStep({ kind: "dataset", view, path: view.dataset.path });
    }
  };

  const run = (work: () => Promise<void>) => {
    setError(null);
    setSaved(null);
    work().catch((failure: unknown) => setError(serializeError(failure)));
  };

  return (
    <span className="view-file-buttons">
      <button
        type="button"
        data-testid="view-save"
        disabled={!hasDataset}
        onClick={() =>
          void api
            .getAppInfo()
            .then((info) => setStep({ kind: "save", initialPath: joinPath(info.exportDir, "view.json") }))
        }
      >
        Save view…
      </button>
      <button type="button" data-testid="view-open" onClick={() => setStep({ kind: "open" })}>
        Open view…
      </button>
      {saved ? (
        <span className="view-file-saved" data-testid="view-saved" role="status">
          View saved to {saved}
        </span>
      ) : null}
      {error ? <ErrorMessage error={error} onDismiss={() => setError(null)} /> : null}
      {step?.kind === "save" ? (
        <FileChooser
          purpose="save"
          title="Save the view to"
          initialPath={step.initialPath}
          onCancel={() => setStep(null)}
          onChosen={(chosen) => {
            setStep(null);
            run(() => save(chosen));
          }}
        />
      ) : null}
      {step?.kind === "open" ? (
        <FileChooser
          purpose="open"
          title="Open a view"
          onCancel={() => setStep(null)}
          onChosen={(chosen) => {
            setStep(null);
            run(async () => open(await api.loadView({ path: chosen.path, grant: chosen.grant })));
          }}
        />
      ) : null}
      {step?.kind === "dataset" ? (
        <FileChooser
          purpose="open"
          title="Open the view's dataset"
          initialPath={step.path}
          note="The view names this dataset, outside the folders opened in this session. Confirm it to open the view."
          onCancel={() => setStep(null)}
          onChosen={(chosen) => {
            const view = step.view;
            setStep(null);
            run(() => open(view, { path: chosen.path, grant: chosen.grant }));
          }}
        />
      ) : null}
    </span>
  );
}
