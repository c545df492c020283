import { type CSSProperties, useEffect, useRef } from "react";
import type { Lh5Bridge } from "../../shared/api/bridge.ts";
import { ErrorMessage } from "../components/ErrorMessage.tsx";
import { PanelBoundary } from "../components/PanelBoundary.tsx";
import { Splitter } from "../components/Splitter.tsx";
import { CopyPythonButton } from "../features/copy-python/CopyPythonButton.tsx";
import { ChannelPicker } from "../features/channel-picker/ChannelPicker.tsx";
import { CutsPanel } from "../features/cut-editor/CutsPanel.tsx";
import { DetailsPanel } from "../features/details/DetailsPanel.tsx";
import { ExportButton } from "../features/export/ExportDialog.tsx";
import { FileBrowser } from "../features/file-browser/FileBrowser.tsx";
import { FileGridPanel } from "../features/file-grid/FileGridPanel.tsx";
import { ConfirmFolder } from "../features/open-dataset/ConfirmFolder.tsx";
import { OpenBar } from "../features/open-dataset/OpenBar.tsx";
import { ViewFileButtons } from "../features/file-chooser/ViewFileButtons.tsx";
import { openTarget } from "../features/open-dataset/open.ts";
import { HistogramPanel } from "../features/histogram/HistogramPanel.tsx";
import { ScanProgress } from "../features/scan-progress/ScanProgress.tsx";
import { WaveformPanel } from "../features/waveforms/WaveformPanel.tsx";
import { ShortcutSheetButton } from "../features/shortcuts/ShortcutSheet.tsx";
import { useAppStore, useAppStoreApi } from "../stores/store.ts";
import { useApi } from "./api-context.ts";
import { DatasetHeader } from "./DatasetHeader.tsx";
import { type PaneName, usePaneSizes } from "./layout/pane-sizes.ts";

interface Props {
  /** Electron's preload bridge, for menu commands; null in web mode. */
  bridge: Lh5Bridge | null;
}

export function App({ bridge }: Props) {
  const api = useApi();
  const store = useAppStoreApi();
  const openError = useAppStore((state) => state.openError);
  const detailsOpen = useAppStore((state) => state.detailsOpen);
  const browsingFile = useAppStore((state) => state.browsedFile !== null);
  const { sizes, paneResized } = usePaneSizes();
  const sidebar = useRef<HTMLDivElement>(null);
  const inventory = useRef<HTMLDivElement>(null);
  const details = useRef<HTMLDivElement>(null);
  const analysis = useRef<HTMLDivElement>(null);
  // a dragged pane has its size in pixels; the others keep the stylesheet's share of the window
  const sized = (name: PaneName, property: "width" | "height"): CSSProperties | undefined => {
    const size = sizes[name];
    return size === undefined ? undefined : { flex: `0 0 ${size}px`, [property]: size };
  };
  const width = window.innerWidth;
  const height = window.innerHeight;

  useEffect(() => {
    if (!bridge) return;
    return bridge.onMenuCommand((command) => {
      if (command.command === "open-path") void openTarget(api, store, { path: command.path });
      else if (command.command === "open-demo") void openTarget(api, store, { demo: true });
      else void api.getAppInfo().then((info) => store.getState().exportOpened(`${info.exportDir}/selection`));
    });
  }, [api, bridge, store]);

  return (
    <div className="app">
      <header className="app-header">
        <h1>LH5 Browser</h1>
        <OpenBar />
        <ExportButton />
        <CopyPythonButton />
        <ViewFileButtons />
        <button
          type="button"
          className="details-toggle"
          title="Show or hide the details panel (files, tables and columns of the clicked cycle)"
          onClick={() => store.getState().detailsToggled()}
        >
          {detailsOpen ? "Hide details" : "Show details"}
        </button>
        <ShortcutSheetButton />
      </header>
      {browsingFile ? null : <DatasetHeader />}
      <ScanProgress />
      <ConfirmFolder />
      {openError ? (
        <ErrorMessage error={openError} onDismiss={() => store.getState().openErrorDismissed()} />
      ) : null}
      {browsingFile ? (
        <PanelBoundary name="file browser">
          <FileBrowser />
        </PanelBoundary>
      ) : (
        <main className="workspace">
          <div className="sidebar" ref={sidebar} style={sized("sidebar", "width")}>
            <div className="pane pane-inventory" ref={inventory} style={sized("inventory", "height")}>
              <PanelBoundary name="inventory">
                <FileGridPanel />
              </PanelBoundary>
            </div>
            <Splitter
              between="rows"
              pane={inventory}
              label="Resize the inventory"
              min={120}
              max={height - 160}
              size={sizes.inventory}
              onResize={(size) => paneResized("inventory", size)}
              testId="splitter-inventory"
            />
            {detailsOpen ? (
              <>
                <div className="pane pane-details" ref={details} style={sized("details", "height")}>
                  <PanelBoundary name="details">
                    <DetailsPanel />
                  </PanelBoundary>
                </div>
                <Splitter
                  between="rows"
                  pane={details}
                  label="Resize the details"
                  min={60}
                  max={height - 200}
                  size={sizes.details}
                  onResize={(size) => paneResized("details", size)}
                  testId="splitter-details"
                />
              </>
            ) : null}
            <div className="pane pane-channels">
              <PanelBoundary name="channels">
                <ChannelPicker />
              </PanelBoundary>
            </div>
          </div>
          <Splitter
            between="columns"
            pane={sidebar}
            label="Resize the left column"
            min={320}
            max={width - 420}
            size={sizes.sidebar}
            onResize={(size) => paneResized("sidebar", size)}
            testId="splitter-sidebar"
          />
          <div className="views">
            <div className="pane pane-analysis" ref={analysis} style={sized("analysis", "height")}>
              <PanelBoundary name="cuts">
                <CutsPanel />
              </PanelBoundary>
              <PanelBoundary name="histogram">
                <HistogramPanel />
              </PanelBoundary>
            </div>
            <Splitter
              between="rows"
              pane={analysis}
              label="Resize the histogram"
              min={160}
              max={height - 200}
              size={sizes.analysis}
              onResize={(size) => paneResized("analysis", size)}
              testId="splitter-analysis"
            />
            <div className="pane pane-waveforms">
              <PanelBoundary name="waveforms">
                <WaveformPanel />
              </PanelBoundary>
            </div>
          </div>
        </main>
      )}
    </div>
  );
}
