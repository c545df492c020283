import { useState } from "react";
import type { Histogram1d } from "../../../shared/api/types.ts";
import { FitError, fitPeak, type FitResult } from "../../../shared/fit/fit.ts";
import { FIT_MODELS, type FitModelName, isFitModelName } from "../../../shared/fit/models.ts";
import { downloadText } from "./csv.ts";
import { fitRangeFor, type FitRangeSource } from "./fit-range.ts";
import { fitCsv, fitJson, fitTableRows, fitTsv, formatWithError } from "./fit-table.ts";

/** A fit shown on the histogram: its result and the series it was fitted to. */
export interface PanelFit {
  result: FitResult;
  series: string;
  source: FitRangeSource;
}

interface Props {
  histogram: Histogram1d;
  /** The x range dragged (or the bin clicked) on this histogram's plot, if any. */
  selected: { lo: number; hi: number } | null;
  /** The plot's x range when zoomed, read when Fit is pressed. */
  visibleRange: () => [number, number] | null;
  fit: PanelFit | null;
  onFit: (fit: PanelFit | null) => void;
  /** A series label as the plot's legend names it (split by channel: the detector name). */
  seriesName?: (label: string) => string;
}

const SOURCE_TEXT: Record<FitRangeSource, string> = {
  selection: "the selected range",
  "clicked bin": "around the clicked bin",
  visible: "the visible range",
  "all bins": "all bins",
};

function FitTable({ result }: { result: FitResult }) {
  return (
    <table className="fit-table" data-testid="fit-table">
      <thead>
        <tr>
          <th>parameter</th>
          <th>value</th>
          <th>error</th>
        </tr>
      </thead>
      <tbody>
        {fitTableRows(result).map((row) => {
          const shown = formatWithError(row.value, row.error);
          const atLimit = result.parameters.find((p) => p.name === row.name)?.atLimit;
          return (
            <tr key={row.name} data-row={row.name}>
              <th title={result.parameters.find((p) => p.name === row.name)?.description}>{row.name}</th>
              <td>{shown.value}</td>
              <td title={atLimit ? "held on its bound, or not determined by the bins: no error" : undefined}>
                {atLimit ? "held" : shown.error}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** Fit a peak on the 1-D histogram: pick a model, the range comes from the plot; results as a table. */
export function FitPanel({ histogram, selected, visibleRange, fit, onFit, seriesName = (l) => l }: Props) {
  const [model, setModel] = useState<FitModelName>("gauss");
  const [seriesLabel, setSeriesLabel] = useState(histogram.series[0]?.label ?? "");
  const [message, setMessage] = useState<{ kind: "error" | "note"; text: string } | null>(null);
  const series = histogram.series.find((s) => s.label === seriesLabel) ?? histogram.series[0];

  const run = () => {
    if (!series) return;
    const { range, source } = fitRangeFor(histogram.edges, selected, visibleRange());
    try {
      const result = fitPeak({ edges: histogram.edges, counts: series.counts }, { model, range });
      onFit({ result, series: series.label, source });
      setMessage(
        result.converged ? null : { kind: "note", text: "the fit did not converge: check the range" },
      );
    } catch (error) {
      if (!(error instanceof FitError)) throw error;
      onFit(null);
      setMessage({ kind: "error", text: error.message });
    }
  };

  const copy = async (result: FitResult) => {
    try {
      await navigator.clipboard.writeText(fitTsv(result));
      setMessage({ kind: "note", text: "copied (tab-separated)" });
    } catch (error) {
      setMessage({ kind: "error", text: `could not copy: ${(error as Error).message || "no clipboard"}` });
    }
  };

  const baseName = `fit-${histogram.column}`;
  return (
    <div className="fit-panel" data-testid="fit-panel">
      <div className="fit-controls">
        <label>
          fit{" "}
          <select
            data-testid="fit-model"
            value={model}
            onChange={(event) => {
              if (isFitModelName(event.target.value)) setModel(event.target.value);
            }}
          >
            {Object.values(FIT_MODELS).map((m) => (
              <option key={m.name} value={m.name}>
                {m.label}
              </option>
            ))}
          </select>
        </label>
        {histogram.series.length > 1 ? (
          <select
            data-testid="fit-series"
            aria-label="Series to fit"
            value={series?.label}
            onChange={(event) => setSeriesLabel(event.target.value)}
          >
            {histogram.series.map((s) => (
              <option key={s.label} value={s.label}>
                {seriesName(s.label)}
              </option>
            ))}
          </select>
        ) : null}
        <button
          type="button"
          data-testid="fit-run"
          onClick={run}
          title="Drag on the plot to choose the range"
        >
          Fit
        </button>
        <span className="muted" data-testid="fit-next-range">
          {selected
            ? `on the selection ${selected.lo.toPrecision(6)}–${selected.hi.toPrecision(6)}`
            : "on the visible range (drag on the plot to select one)"}
        </span>
        {fit ? (
          <button type="button" data-testid="fit-clear" onClick={() => onFit(null)}>
            Clear
          </button>
        ) : null}
      </div>
      {message ? (
        <div
          className={message.kind === "error" ? "fit-error" : "muted"}
          data-testid="fit-message"
          role={message.kind === "error" ? "alert" : undefined}
        >
          {message.text}
        </div>
      ) : null}
      {fit ? (
        <>
          <div className="muted" data-testid="fit-range">
            {FIT_MODELS[fit.result.model].label} on {seriesName(fit.series)}, {fit.result.range[0]}–
            {fit.result.range[1]} ({SOURCE_TEXT[fit.source]}, {fit.result.bins} bins); χ² from the likelihood
            ratio
          </div>
          <FitTable result={fit.result} />
          <div className="fit-export">
            <button type="button" data-testid="fit-copy" onClick={() => void copy(fit.result)}>
              Copy
            </button>
            <button
              type="button"
              data-testid="fit-export-csv"
              onClick={() => downloadText(`${baseName}.csv`, fitCsv(fit.result))}
            >
              CSV
            </button>
            <button
              type="button"
              data-testid="fit-export-json"
              onClick={() =>
                downloadText(
                  `${baseName}.json`,
                  fitJson(fit.result, {
                    column: histogram.column,
                    units: histogram.units,
                    series: seriesName(fit.series),
                  }),
                  "application/json",
                )
              }
            >
              JSON
            </button>
          </div>
        </>
      ) : null}
    </div>
  );
}
