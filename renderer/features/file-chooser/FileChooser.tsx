import { useCallback, useEffect, useRef, useState } from "react";
import type { SerializedError } from "../../../shared/api/errors.ts";
import { serializeError } from "../../../shared/api/errors.ts";
import type { ChooserPurpose, FolderListing, PathGrant } from "../../../shared/api/types.ts";
import { useApi } from "../../app/api-context.ts";
import { formatBytes } from "../../components/format.ts";
import { ErrorMessage } from "../../components/ErrorMessage.tsx";
import { baseName, joinPath } from "./paths.ts";
import "./file-chooser.css";

interface Props {
  purpose: ChooserPurpose;
  title: string;
  /** A path typed or proposed before: its folder is shown, and the path box holds it. */
  initialPath?: string;
  /** Why the chooser asks (e.g. a typed path outside the opened folders). */
  note?: string;
  /** The user confirmed a path; the permission goes with the next request for it. */
  onChosen: (grant: PathGrant) => void;
  onCancel: () => void;
}

/**
 * The app's own file chooser (web mode has no native dialog; Electron can use it too): folders, the
 * files that fit the purpose, a path box, and places to jump to. What the user confirms here is what
 * the service then treats as chosen by the user, through a one-time permission for exactly that path.
 */
export function FileChooser({ purpose, title, initialPath, note, onChosen, onCancel }: Props) {
  const api = useApi();
  const [listing, setListing] = useState<FolderListing | null>(null);
  const [path, setPath] = useState(initialPath ?? "");
  const [error, setError] = useState<SerializedError | null>(null);
  const [busy, setBusy] = useState(false);
  const request = useRef(0);

  const show = useCallback(
    (folder: string | undefined, nextPath?: (listed: FolderListing) => string) => {
      const id = ++request.current;
      api.listFolder(folder === undefined ? { purpose } : { path: folder, purpose }).then(
        (listed) => {
          if (id !== request.current) return;
          setError(null);
          setListing(listed);
          if (nextPath) setPath(nextPath(listed));
        },
        (failure: unknown) => id === request.current && setError(serializeError(failure)),
      );
    },
    [api, purpose],
  );

  useEffect(() => {
    show(initialPath || undefined, (listed) => initialPath || (purpose === "open" ? listed.path : ""));
  }, [show, initialPath, purpose]);

  const isFolderPath = (typed: string) => typed.replace(/[\\/]+$/, "") === listing?.path;

  /** Into a folder: the path box follows (keeping the file name when saving). */
  const enter = (folder: string) =>
    show(folder, (listed) =>
      // a file name typed before is kept; a path box that names a folder (typed, then Go) is not one
      purpose === "save" && baseName(path) !== "" && !isFolderPath(path)
        ? joinPath(listed.path, baseName(path))
        : listed.path,
    );

  const confirm = (chosen: string) => {
    if (chosen.trim() === "") return;
    setBusy(true);
    setError(null);
    api.choosePath({ path: chosen.trim(), purpose }).then(
      (grant) => {
        setBusy(false);
        onChosen(grant);
      },
      (failure: unknown) => {
        setBusy(false);
        setError(serializeError(failure));
      },
    );
  };

  const existing = listing?.entries.find((e) => e.kind === "file" && joinPath(listing.path, e.name) === path);
  const label = purpose === "open" ? "Open" : existing ? "Replace" : "Save";

  return (
    <div className="file-chooser-backdrop">
      <div className="file-chooser" role="dialog" aria-label={title} data-testid="file-chooser">
        <h2>{title}</h2>
        {note ? <p className="file-chooser-note">{note}</p> : null}
        <form
          className="file-chooser-pathbar"
          onSubmit={(event) => {
            event.preventDefault();
            show(path); // the path box keeps what was typed; the listing shows its folder
          }}
        >
          <button
            type="button"
            data-testid="file-chooser-up"
            disabled={!listing?.parent}
            onClick={() => listing?.parent && enter(listing.parent)}
          >
            Up
          </button>
          <input
            data-testid="file-chooser-path"
            aria-label="Path"
            spellCheck={false}
            value={path}
            placeholder={purpose === "save" ? "/folder/file name" : "/folder or /folder/file"}
            onChange={(event) => setPath(event.target.value)}
          />
          <button type="submit" data-testid="file-chooser-go">
            Go
          </button>
        </form>
        <div className="file-chooser-body">
          <nav className="file-chooser-places" aria-label="Places">
            {listing?.places.map((place) => (
              <button key={place.path} type="button" title={place.path} onClick={() => enter(place.path)}>
                {place.label}
              </button>
            ))}
          </nav>
          <ul
            className="file-chooser-list"
            data-testid="file-chooser-list"
            aria-label={listing?.path ?? "Folder"}
          >
            {listing?.entries.map((entry) => {
              const full = joinPath(listing.path, entry.name);
              return (
                <li key={entry.name}>
                  <button
                    type="button"
                    className={`file-chooser-entry ${entry.kind}${full === path ? " selected" : ""}`}
                    disabled={!entry.matches}
                    data-testid={`file-chooser-entry-${entry.name}`}
                    onClick={() => (entry.kind === "folder" ? enter(full) : setPath(full))}
                    onDoubleClick={() => entry.kind === "file" && confirm(full)}
                  >
                    <span className="file-chooser-name">
                      {entry.kind === "folder" ? "▸ " : ""}
                      {entry.name}
                    </span>
                    {entry.kind === "file" ? (
                      <span className="file-chooser-size">{formatBytes(entry.size)}</span>
                    ) : null}
                  </button>
                </li>
              );
            })}
            {listing && listing.entries.length === 0 ? (
              <li className="file-chooser-empty">(empty folder)</li>
            ) : null}
            {listing?.truncated ? <li className="file-chooser-empty">… more entries not shown</li> : null}
          </ul>
        </div>
        {error ? <ErrorMessage error={error} onDismiss={() => setError(null)} /> : null}
        <div className="file-chooser-actions">
          <button
            type="button"
            data-testid="file-chooser-confirm"
            disabled={busy || path.trim() === ""}
            onClick={() => confirm(path)}
          >
            {label}
          </button>
          <button type="button" data-testid="file-chooser-cancel" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </div>
    </div>
  );
}
