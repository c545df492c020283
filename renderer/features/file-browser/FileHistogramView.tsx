import { useMemo } from "react";
import { useApi } from "../../app/api-context.ts";
import { ErrorMessage } from "../../components/ErrorMessage.tsx";
import { PlotlyChart } from "../../components/PlotlyChart.tsx";
import { histogram1dFigures } from "../histogram/figure.ts";
import { statsRow } from "../histogram/stats.ts";
import { StatsBox } from "../histogram/StatsBox.tsx";
import { useAnswer } from "./use-answer.ts";

interface Props {
  file: string;
  column: string;
}

const BINS = 100;
const FIGURE_OPTIONS = { logX: false, logY: false, logCounts: false, layout: "overlay" } as const;

/** A column's histogram, drawn by the dataset's histogram figure and stats box. */
export function FileHistogramView({ file, column }: Props) {
  const api = useApi();
  const answer = useAnswer(`${file}\n${column}`, () => api.lh5Histogram({ path: file, column, bins: BINS }));
  const histogram = answer.value;
  const figures = useMemo(
    () => (histogram ? histogram1dFigures(histogram, FIGURE_OPTIONS) : []),
    [histogram],
  );
  return (
    <div className="file-histogram-view" data-testid="file-histogram-view">
      <div className="file-view-title">/{column}</div>
      {answer.error ? <ErrorMessage error={answer.error} onRetry={answer.retry} /> : null}
      {answer.loading ? <p className="muted">Filling histogram…</p> : null}
      {histogram ? (
        <div className="histogram-body">
          <div className="histogram-plots">
            {figures.map((figure) => (
              <PlotlyChart
                key={figure.key}
                testId="histogram-plot"
                data={figure.data}
                layout={figure.layout}
              />
            ))}
          </div>
          <div className="histogram-side">
            <StatsBox
              rows={histogram.series.map((s) => ({
                label: s.label,
                stats: statsRow(s.stats, histogram.edges, s.counts),
              }))}
            />
          </div>
        </div>
      ) : null}
    </div>
  );
}
