import { useAppStore, useAppStoreApi } from "../../stores/store.ts";
import { formatBytes } from "../../components/format.ts";
import { PanelBoundary } from "../../components/PanelBoundary.tsx";
import { FileHistogramView } from "./FileHistogramView.tsx";
import { FileTableView } from "./FileTableView.tsx";
import { FileTree } from "./FileTree.tsx";
import { FileWaveformView } from "./FileWaveformView.tsx";
import { NodeDetails } from "./NodeDetails.tsx";
import { PathSearch } from "./PathSearch.tsx";
import { useFileTree } from "./use-file-tree.ts";
import "./file-browser.css";

/** One LH5 file on its own, as h5web shows an HDF5 file: tree and search, details, and the object's view. */
export function FileBrowser() {
  const store = useAppStoreApi();
  const file = useAppStore((state) => state.browsedFile);
  const focused = useAppStore((state) => state.focusedNode);
  const view = useAppStore((state) => state.fileView);
  const node = useAppStore((state) => {
    if (state.focusedNode === null) return null;
    for (const children of Object.values(state.fileGroups)) {
      const found = children.find((n) => n.path === state.focusedNode);
      if (found) return found;
    }
    return null;
  });
  const { reveal } = useFileTree();
  if (!file) return null;
  return (
    <section className="file-browser" aria-label="LH5 file">
      <div className="file-browser-header">
        <strong title={file.path}>{file.name}</strong>
        <span className="muted">
          {formatBytes(file.bytes)} · {file.path}
        </span>
        <button type="button" onClick={() => store.getState().fileClosed()}>
          Close file
        </button>
      </div>
      <div className="file-browser-body">
        <div className="file-browser-side">
          <PathSearch path={file.path} onReveal={(path) => void reveal(path)} />
          <PanelBoundary name="file tree">
            <FileTree />
          </PanelBoundary>
        </div>
        <div className="file-browser-main">
          {node ? (
            <NodeDetails
              key={focused}
              node={node}
              onView={(kind) => store.getState().fileViewOpened({ kind, path: node.path })}
            />
          ) : (
            <p className="muted">Pick an object in the tree.</p>
          )}
          <PanelBoundary name="file view">
            {view?.kind === "table" ? (
              <FileTableView key={view.path} file={file.path} table={view.path} />
            ) : null}
            {view?.kind === "histogram" ? (
              <FileHistogramView key={view.path} file={file.path} column={view.path} />
            ) : null}
            {view?.kind === "waveforms" ? (
              <FileWaveformView key={view.path} file={file.path} waveform={view.path} />
            ) : null}
          </PanelBoundary>
        </div>
      </div>
    </section>
  );
}
