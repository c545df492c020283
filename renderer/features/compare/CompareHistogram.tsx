import { useMemo } from "react";
import { ErrorMessage } from "../../components/ErrorMessage.tsx";
import { PlotlyChart } from "../../components/PlotlyChart.tsx";
import { useAppStore } from "../../stores/store.ts";
import { compareFigure } from "./compare-figure.ts";
import { useCompareHistograms } from "./use-compare-histograms.ts";

/** Every comparison layer's histogram of the histogram's x column, over the same bins, with a legend. */
export function CompareHistogram() {
  const layers = useAppStore((s) => s.compareLayers);
  const normalised = useAppStore((s) => s.compareNormalised);
  const settings = useAppStore((s) => s.histogram);
  const drawRequest = useAppStore((s) => s.histogramDrawRequest);
  const state = useCompareHistograms(layers, settings.x, drawRequest);
  const shown = state.layers;
  const figure = useMemo(
    () =>
      shown && shown.length > 0
        ? compareFigure(shown, { normalised, logX: settings.x.log, logCounts: settings.logCounts })
        : null,
    [shown, normalised, settings.x.log, settings.logCounts],
  );
  if (layers.length === 0 || settings.mode !== "1d") return null;
  return (
    <div className="compare-histogram" data-testid="compare-histogram">
      {state.running ? <span className="muted">filling {layers.length} layers…</span> : null}
      {state.error ? <ErrorMessage error={state.error} /> : null}
      {settings.x.column === "" ? <p className="muted">Pick a column to compare the layers.</p> : null}
      {figure ? <PlotlyChart testId="compare-plot" data={figure.data} layout={figure.layout} /> : null}
    </div>
  );
}
