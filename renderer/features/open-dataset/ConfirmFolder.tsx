import { useApi } from "../../app/api-context.ts";
import { useAppStore, useAppStoreApi } from "../../stores/store.ts";
import { openTarget } from "./open.ts";

/**
 * The confirm step of web mode: a dataset's config reads a folder outside the opened ones (Electron asks
 * with a native dialog instead). Allowing opens the dataset again with that folder confirmed.
 */
export function ConfirmFolder() {
  const api = useApi();
  const store = useAppStoreApi();
  const confirmation = useAppStore((state) => state.openConfirmation);
  if (!confirmation) return null;
  const { path, folder, confirmed, message } = confirmation;
  return (
    <div
      className="confirm-folder"
      role="alertdialog"
      aria-labelledby="confirm-folder-title"
      data-testid="confirm-folder"
    >
      <p id="confirm-folder-title">
        Allow this dataset to read <code data-testid="confirm-folder-path">{folder}</code>?
      </p>
      <p className="confirm-folder-detail">{message}</p>
      <p className="confirm-folder-detail">
        LH5 Browser will read files there and accept exports into it for this session. Allow it only if you
        trust the config.
      </p>
      <button
        type="button"
        data-testid="confirm-folder-allow"
        onClick={() => void openTarget(api, store, { path, confirmedFolders: [...confirmed, folder] })}
      >
        Allow and open
      </button>
      <button
        type="button"
        data-testid="confirm-folder-cancel"
        onClick={() => store.getState().openConfirmationDismissed()}
      >
        Cancel
      </button>
    </div>
  );
}
