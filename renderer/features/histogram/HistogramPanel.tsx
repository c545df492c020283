import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { ColumnInfo } from "../../../shared/api/types.ts";
import { fitCurve } from "../../../shared/fit/fit.ts";
import { ErrorMessage } from "../../components/ErrorMessage.tsx";
import { loadPlotly, PlotlyChart } from "../../components/PlotlyChart.tsx";
import { ProgressBar } from "../../components/ProgressBar.tsx";
import type { HistogramAxisSettings } from "../../stores/histogram-slice.ts";
import { useAppStore, useAppStoreApi } from "../../stores/store.ts";
import { downloadUrl, plotOnScreen, renderImage, screenSize } from "../figure-export/download-image.ts";
import { type ImageExportOptions, imageFileName } from "../figure-export/export-options.ts";
import { ImageExportDialog } from "../figure-export/ImageExportDialog.tsx";
import { columnKey, numericColumns, parseColumnKey } from "./columns.ts";
import { downloadText, histogram1dCsv, histogram2dCsv } from "./csv.ts";
import {
  type Figure,
  histogram1dFigures,
  histogram2dFigure,
  pendingHistogram1dFigure,
  withFitCurve,
} from "./figure.ts";
import { FitPanel, type PanelFit } from "./FitPanel.tsx";
import { visibleXRange } from "./fit-range.ts";
import { linkHistogram } from "../waveforms/link-histogram.ts";
import { pickNearestEntry } from "../event-view/pick-nearest.ts";
import { useApi } from "../../app/api-context.ts";
import { idlePause, preloadWhenIdle, warmPlotly, windowScheduler } from "./preload-plotly.ts";
import { binnedCorrelation, projection, statsRow } from "./stats.ts";
import { matches } from "../../../shared/ui/shortcuts.ts";
import { seriesNamer } from "./series-names.ts";
import { StatsBox } from "./StatsBox.tsx";
import { CompareBar } from "../compare/CompareBar.tsx";
import { CompareHistogram } from "../compare/CompareHistogram.tsx";
import { type HistogramResult, useHistogramJob } from "./use-histogram-job.ts";
import "./histogram.css";

const NO_COLUMNS: readonly ColumnInfo[] = [];

function numberOrNull(text: string): number | null {
  const value = Number(text);
  return text.trim() === "" || !Number.isFinite(value) ? null : value;
}

function AxisControls({ name, columns }: { name: "x" | "y"; columns: readonly ColumnInfo[] }) {
  const store = useAppStoreApi();
  const axis = useAppStore((state) => state.histogram[name]);
  const change = (settings: Partial<HistogramAxisSettings>) =>
    store.getState().histogramAxisChanged(name, settings);
  const selected = axis.column === "" ? "" : columnKey(axis.tier, axis.column);
  const known = columns.some((c) => columnKey(c.tier, c.name) === selected);
  return (
    <span className="histogram-axis">
      <label>
        {name}{" "}
        <select
          data-testid={`histogram-column-${name}`}
          value={known || selected === "" ? selected : `:${axis.column}`}
          onChange={(event) => {
            const { tier, name: column } = parseColumnKey(event.target.value);
            change({ column, tier, lo: null, hi: null });
          }}
        >
          <option value="">column…</option>
          {!known && selected !== "" ? <option value={`:${axis.column}`}>{axis.column}</option> : null}
          {columns.map((c) => (
            <option key={columnKey(c.tier, c.name)} value={columnKey(c.tier, c.name)}>
              {c.name} ({c.tier}
              {c.units ? `, ${c.units}` : ""})
            </option>
          ))}
        </select>
      </label>
      <label>
        bins{" "}
        <input
          data-testid={`histogram-bins-${name}`}
          type="number"
          min={1}
          max={100000}
          value={axis.bins}
          onChange={(event) => {
            const bins = Math.round(Number(event.target.value));
            if (bins >= 1 && bins <= 100_000) change({ bins });
          }}
        />
      </label>
      <label>
        range{" "}
        <input
          data-testid={`histogram-lo-${name}`}
          title={`Lower end of the ${name} range (empty: from the data)`}
          className="range-input"
          placeholder="auto"
          defaultValue={axis.lo ?? ""}
          key={`lo-${axis.column}-${axis.lo}`}
          onBlur={(event) => change({ lo: numberOrNull(event.target.value) })}
        />
        –
        <input
          data-testid={`histogram-hi-${name}`}
          title={`Upper end of the ${name} range (empty: from the data)`}
          className="range-input"
          placeholder="auto"
          defaultValue={axis.hi ?? ""}
          key={`hi-${axis.column}-${axis.hi}`}
          onBlur={(event) => change({ hi: numberOrNull(event.target.value) })}
        />
      </label>
      <label>
        <input
          type="checkbox"
          data-testid={`histogram-log-${name}`}
          checked={axis.log}
          onChange={(event) => change({ log: event.target.checked })}
        />{" "}
        log {name}
      </label>
    </span>
  );
}

function figuresOf(
  result: HistogramResult,
  logX: boolean,
  logY: boolean,
  logCounts: boolean,
  layout: "overlay" | "split",
  seriesName: (label: string) => string,
): Figure[] {
  if (result.mode === "1d")
    return histogram1dFigures(result.histogram, { logX, logY, logCounts, layout, seriesName });
  const figure = histogram2dFigure(result.histogram, result.settings.x.column, result.settings.y.column, {
    logCounts,
  });
  figure.layout = {
    ...figure.layout,
    xaxis: { ...figure.layout.xaxis, type: logX ? "log" : "linear" },
    yaxis: { ...figure.layout.yaxis, type: logY ? "log" : "linear" },
  };
  return [figure];
}

/** The histogram viewer: any numeric column in 1D (overlay/split by channel or file) or 2D, with cuts. */
export function HistogramPanel() {
  const api = useApi();
  const store = useAppStoreApi();
  const settings = useAppStore((state) => state.histogram);
  const allColumns = useAppStore((state) => state.columnList ?? NO_COLUMNS);
  const columns = useMemo(() => numericColumns(allColumns), [allColumns]);
  const [job, runner] = useHistogramJob();
  const plots = useRef<HTMLDivElement[]>([]);
  const { result } = job;
  // a fit belongs to the bins it was made on: a new histogram drops it
  const [fitOf, setFitOf] = useState<{ result: HistogramResult; fit: PanelFit } | null>(null);
  const fit = fitOf && fitOf.result === result ? fitOf.fit : null;
  const selectedRange = useAppStore((state) => state.selectedRange);

  const channelList = useAppStore((state) => state.channelList);
  const seriesName = useMemo(
    () => seriesNamer(result?.settings.splitBy ?? "none", channelList),
    [result, channelList],
  );

  // log axes and the overlay/split layout are redrawn from the bins already here
  const figures = useMemo(() => {
    if (!result) return [];
    const drawn = figuresOf(
      result,
      settings.x.log,
      settings.y.log,
      settings.logCounts,
      settings.layout,
      seriesName,
    );
    return fit && result.mode === "1d"
      ? withFitCurve(drawn, fitCurve(fit.result, result.histogram.edges), fit.series)
      : drawn;
  }, [result, settings.x.log, settings.y.log, settings.logCounts, settings.layout, fit, seriesName]);

  // A first 1D, unsplit histogram: its plot is made (hidden) while the bins fill, and the bins only redraw it.
  const pendingColumn = settings.mode === "1d" && settings.splitBy === "none" ? settings.x.column : "";
  const pending = useMemo(
    () =>
      !result && job.running && pendingColumn !== ""
        ? pendingHistogram1dFigure(pendingColumn, {
            logX: settings.x.log,
            logY: settings.y.log,
            logCounts: settings.logCounts,
            layout: "overlay",
          })
        : null,
    [result, job.running, pendingColumn, settings.x.log, settings.y.log, settings.logCounts],
  );

  // Plotly loads (and draws throwaway plots off-screen) while the app is idle, not on the first click of Draw;
  // the warm-up gives way once the user asks for a histogram. Not before the grid showed its rows: evaluating
  // Plotly's bundle holds the page's thread for seconds on a busy machine, and the grid makes the window usable.
  const gridShown = useAppStore((state) => state.totalRows !== null);
  useEffect(() => {
    if (!gridShown) return;
    const scheduler = windowScheduler();
    const warm = (Plotly: Awaited<ReturnType<typeof loadPlotly>>) =>
      warmPlotly(Plotly, document, {
        pause: idlePause(scheduler),
        stop: () => store.getState().histogramDrawRequest > 0,
      });
    return preloadWhenIdle(() => loadPlotly().then(warm), scheduler);
  }, [store, gridShown]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (matches("cancel", event) && store.getState().histogramJobId !== null) runner.cancel();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [runner, store]);

  /** The export dialog, open with the plot's size on screen when it was opened; null when closed. */
  const [exporting, setExporting] = useState<{ size?: { width: number; height: number } } | null>(null);
  const closeExport = useCallback(() => setExporting(null), []);
  const exportImage = async (options: ImageExportOptions) => {
    const name = result
      ? `histogram-${result.settings.x.column}${result.mode === "2d" ? `-vs-${result.settings.y.column}` : ""}`
      : "histogram";
    const divs = plots.current;
    for (const [index, div] of divs.entries()) {
      const url = await renderImage(plotOnScreen(div), options);
      downloadUrl(imageFileName(divs.length > 1 ? `${name}-${index + 1}` : name, options), url);
    }
  };

  const statsRows =
    result?.mode === "1d"
      ? result.histogram.series.map((s) => ({
          label: seriesName(s.label),
          stats: statsRow(s.stats, result.histogram.edges, s.counts),
        }))
      : result?.mode === "2d"
        ? [
            {
              label: result.settings.x.column,
              stats: statsRow(
                result.histogram.stats.x,
                result.histogram.xEdges,
                projection(result.histogram, "x"),
              ),
            },
            {
              label: result.settings.y.column,
              stats: statsRow(
                result.histogram.stats.y,
                result.histogram.yEdges,
                projection(result.histogram, "y"),
              ),
            },
          ]
        : [];
  // the drag-selection (or clicked bin) of this histogram's x column, for the fit range
  const fitSelection =
    result?.mode === "1d" &&
    selectedRange &&
    selectedRange.column2 === undefined &&
    selectedRange.column === result.settings.x.column
      ? { lo: selectedRange.lo, hi: selectedRange.hi }
      : null;

  return (
    <section className="histogram-panel" data-testid="histogram-view" aria-label="Histogram">
      <div className="histogram-controls">
        <span className="histogram-mode" role="radiogroup" aria-label="Histogram kind">
          {(["1d", "2d"] as const).map((mode) => (
            <label key={mode}>
              <input
                type="radio"
                name="histogram-mode"
                data-testid={`histogram-mode-${mode}`}
                checked={settings.mode === mode}
                onChange={() => store.getState().histogramChanged({ mode })}
              />{" "}
              {mode.toUpperCase()}
            </label>
          ))}
        </span>
        <AxisControls name="x" columns={columns} />
        {settings.mode === "2d" ? <AxisControls name="y" columns={columns} /> : null}
        {settings.mode === "1d" ? (
          <>
            <label>
              split by{" "}
              <select
                data-testid="histogram-split"
                value={settings.splitBy}
                onChange={(event) =>
                  store
                    .getState()
                    .histogramChanged({ splitBy: event.target.value as typeof settings.splitBy })
                }
              >
                <option value="none">none</option>
                <option value="channel">channel</option>
                <option value="file">file</option>
              </select>
            </label>
            {settings.splitBy !== "none" ? (
              <select
                data-testid="histogram-layout"
                aria-label="Overlay or split plots"
                value={settings.layout}
                onChange={(event) =>
                  store.getState().histogramChanged({ layout: event.target.value as typeof settings.layout })
                }
              >
                <option value="overlay">overlay</option>
                <option value="split">one plot each</option>
              </select>
            ) : null}
          </>
        ) : null}
        <label>
          <input
            type="checkbox"
            data-testid="histogram-log-counts"
            checked={settings.logCounts}
            onChange={(event) => store.getState().histogramChanged({ logCounts: event.target.checked })}
          />{" "}
          log counts
        </label>
        <button
          type="button"
          className="primary"
          data-testid="histogram-draw"
          disabled={settings.x.column === "" || (settings.mode === "2d" && settings.y.column === "")}
          onClick={() => store.getState().histogramRequested()}
        >
          Draw
        </button>
        <span className="histogram-export">
          <button
            type="button"
            data-testid="histogram-export-image"
            title="Export the plot as PNG (size, DPI) or SVG"
            disabled={!result}
            onClick={() => setExporting({ size: screenSize(plots.current[0]) })}
          >
            Image…
          </button>
          <button
            type="button"
            data-testid="histogram-export-csv"
            disabled={!result}
            onClick={() => {
              if (!result) return;
              const text =
                result.mode === "1d" ? histogram1dCsv(result.histogram) : histogram2dCsv(result.histogram);
              downloadText(`histogram-${result.settings.x.column}.csv`, text);
            }}
          >
            CSV
          </button>
        </span>
      </div>
      {exporting ? (
        <ImageExportDialog
          what="histogram"
          initialSize={exporting.size}
          onExport={exportImage}
          onClose={closeExport}
        />
      ) : null}
      <CompareBar />
      <CompareHistogram />
      {job.running ? (
        <div className="histogram-progress" data-testid="histogram-progress">
          <ProgressBar
            fraction={job.progress && job.progress.total > 0 ? job.progress.done / job.progress.total : null}
            label="Filling histogram"
          />
          <span className="muted">
            {job.progress
              ? `${job.progress.phase} ${job.progress.done}/${job.progress.total} ${job.progress.unit}`
              : "filling…"}
          </span>
          <button type="button" data-testid="histogram-cancel" onClick={() => runner.cancel()}>
            Cancel
          </button>
        </div>
      ) : null}
      {job.cancelled ? <div className="muted">Histogram cancelled.</div> : null}
      {job.error ? <ErrorMessage error={job.error} /> : null}
      {!result && !job.running && !job.error ? (
        <p className="muted">Pick a column and Draw, or double-click a column in the details panel.</p>
      ) : null}
      {result ? (
        <div className="histogram-body">
          <div className={figures.length > 1 ? "histogram-plots split" : "histogram-plots"}>
            {figures.map((figure, index) => (
              <PlotlyChart
                key={figure.key}
                testId="histogram-plot"
                data={figure.data}
                layout={figure.layout}
                onDrawn={(div) => {
                  plots.current[index] = div;
                  plots.current.length = figures.length;
                  linkHistogram(
                    div,
                    result,
                    (range) => store.getState().showEntriesInRange(range),
                    (range, at) => void pickNearestEntry(api, store, range, at),
                  );
                }}
              />
            ))}
          </div>
          <div className="histogram-side">
            <StatsBox
              rows={statsRows}
              correlation={result.mode === "2d" ? binnedCorrelation(result.histogram) : undefined}
            />
            {result.mode === "1d" ? (
              <FitPanel
                histogram={result.histogram}
                selected={fitSelection}
                visibleRange={() => visibleXRange(plots.current[0])}
                fit={fit}
                onFit={(next) => setFitOf(next ? { result, fit: next } : null)}
                seriesName={seriesName}
              />
            ) : null}
          </div>
        </div>
      ) : pending ? (
        // the same elements as above, so React keeps the plot when the bins arrive; laid out, not shown, and
        // without the plot's test id until it shows bins
        <div className="histogram-body" style={{ visibility: "hidden" }} aria-hidden="true">
          <div className="histogram-plots">
            <PlotlyChart key={pending.key} data={pending.data} layout={pending.layout} provisional />
          </div>
        </div>
      ) : null}
    </section>
  );
}
