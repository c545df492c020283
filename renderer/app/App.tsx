import { useEffect, useRef } from "react";
import type { Lh5Bridge } from "../../shared/api/bridge.ts";
import { ErrorMessage } from "../components/ErrorMessage.tsx";
import { PanelBoundary } from "../components/PanelBoundary.tsx";
import { CopyPythonButton } from "../features/copy-python/CopyPythonButton.tsx";
import { ChannelPicker } from "../features/channel-picker/ChannelPicker.tsx";
import { CutsPanel } from "../features/cut-editor/CutsPanel.tsx";
import { DetailsPanel } from "../features/details/DetailsPanel.tsx";
import { ExportButton } from "../features/export/ExportDialog.tsx";
import { FileGridPanel } from "../features/file-grid/FileGridPanel.tsx";
import { ConfirmFolder } from "../features/open-dataset/ConfirmFolder.tsx";
import { OpenBar } from "../features/open-dataset/OpenBar.tsx";
import { ViewFileButtons } from "../features/file-chooser/ViewFileButtons.tsx";
import { openTarget } from "../features/open-dataset/open.ts";
import { HistogramPanel } from "../features/histogram/HistogramPanel.tsx";
import { ScanProgress } from "../features/scan-progress/ScanProgress.tsx";
import { WaveformPanel } from "../features/waveforms/WaveformPanel.tsx";
import { useAppStore, useAppStoreApi } from "../stores/store.ts";
import { useApi } from "./api-context.ts";
import { DatasetHeader } from "./DatasetHeader.tsx";

interface Props {
  /** Electron's preload bridge, for menu commands; null in web mode. */
  bridge: Lh5Bridge | null;
}

function ResizeHandle() {
  const store = useAppStoreApi();
  const start = useRef<{ x: number; width: number } | null>(null);
  return (
    <div
      className="resize-handle"
      role="separator"
      aria-orientation="vertical"
      onPointerDown={(event) => {
        event.currentTarget.setPointerCapture(event.pointerId);
        start.current = { x: event.clientX, width: store.getState().detailsWidth };
      }}
      onPointerMove={(event) => {
        if (start.current)
          store.getState().detailsResized(start.current.width - (event.clientX - start.current.x));
      }}
      onPointerUp={() => {
        start.current = null;
      }}
    />
  );
}

export function App({ bridge }: Props) {
  const api = useApi();
  const store = useAppStoreApi();
  const openError = useAppStore((state) => state.openError);
  const detailsOpen = useAppStore((state) => state.detailsOpen);
  const detailsWidth = useAppStore((state) => state.detailsWidth);

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
        <button type="button" className="details-toggle" onClick={() => store.getState().detailsToggled()}>
          {detailsOpen ? "Hide details" : "Show details"}
        </button>
      </header>
      <DatasetHeader />
      <ScanProgress />
      <ConfirmFolder />
      {openError ? (
        <ErrorMessage error={openError} onDismiss={() => store.getState().openErrorDismissed()} />
      ) : null}
      <main
        className="app-main"
        style={{ gridTemplateColumns: detailsOpen ? `1fr 6px ${detailsWidth}px` : "1fr" }}
      >
        <PanelBoundary name="inventory">
          <FileGridPanel />
        </PanelBoundary>
        {detailsOpen ? (
          <>
            <ResizeHandle />
            <PanelBoundary name="details">
              <DetailsPanel />
            </PanelBoundary>
          </>
        ) : null}
      </main>
      <section className="exploration" aria-label="Exploration">
        <PanelBoundary name="channels">
          <ChannelPicker />
        </PanelBoundary>
        <div className="exploration-main">
          <PanelBoundary name="cuts">
            <CutsPanel />
          </PanelBoundary>
          <PanelBoundary name="histogram">
            <HistogramPanel />
          </PanelBoundary>
        </div>
      </section>
      <PanelBoundary name="waveforms">
        <WaveformPanel />
      </PanelBoundary>
    </div>
  );
}
