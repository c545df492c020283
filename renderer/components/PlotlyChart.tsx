// A direct wrapper over plotly.js-dist-min: figure in, pixels out (Plotly.react on change,
// Plotly.purge on unmount); Plotly (3 MB) is loaded with import() on first draw.
import { useEffect, useLayoutEffect, useMemo, useRef } from "react";
import type { Config, Data, Layout } from "plotly.js-dist-min";
import { plotlyConfig } from "./plotly-config.ts";
import { themedLayout } from "./plot-theme.ts";
import { useColorScheme } from "./use-color-scheme.ts";

type PlotlyModule = typeof import("plotly.js-dist-min");
let plotly: Promise<PlotlyModule> | null = null;

/** Plotly, loaded once; the bundle's CommonJS default export is unwrapped. */
export function loadPlotly(): Promise<PlotlyModule> {
  plotly ??= import("plotly.js-dist-min").then(
    (module) => (module as unknown as { default?: PlotlyModule }).default ?? module,
  );
  return plotly;
}

interface Props {
  data: Data[];
  layout: Partial<Layout>;
  config?: Partial<Config>;
  /** Called with the plot's element after every finished draw (export, tests). */
  onDrawn?: (element: HTMLDivElement) => void;
  /** A stand-in figure drawn ahead of the real one: its draw is neither counted in data-drawn nor reported. */
  provisional?: boolean;
  testId?: string;
}

export function PlotlyChart({
  data,
  layout: plainLayout,
  config,
  onDrawn,
  provisional = false,
  testId,
}: Props) {
  const element = useRef<HTMLDivElement>(null);
  const scheme = useColorScheme();
  // the plot's colours follow the system's scheme (a copy: Plotly writes zooms into the layout it draws)
  const layout = useMemo(() => themedLayout(plainLayout, scheme), [plainLayout, scheme]);
  const drawn = useRef(onDrawn);
  const fullConfig = useMemo(() => plotlyConfig({ responsive: true, ...config }), [config]);
  /** The config the plot was drawn with: Plotly.react re-reads and compares a config it is given, every call. */
  const drawnConfig = useRef<Partial<Config> | null>(null);
  // before the draw below, which calls it after a microtask (a passive effect might not have run by then)
  useLayoutEffect(() => {
    drawn.current = onDrawn;
  });
  // A layout effect: the plot is drawn in the task that commits its figure, not after a frame painted without it.
  useLayoutEffect(() => {
    const div = element.current;
    if (!div) return;
    let current = true;
    void loadPlotly().then(async (Plotly) => {
      if (!current) return;
      if (drawnConfig.current === fullConfig) await Plotly.react(div, data, layout);
      else {
        await Plotly.react(div, data, layout, fullConfig);
        drawnConfig.current = fullConfig;
      }
      if (current && !provisional) {
        div.dataset.drawn = String(Number(div.dataset.drawn ?? "0") + 1);
        drawn.current?.(div);
      }
    });
    return () => {
      current = false;
    };
  }, [data, layout, fullConfig, provisional]);
  useEffect(() => {
    const div = element.current;
    return () => {
      drawnConfig.current = null;
      if (div) void loadPlotly().then((Plotly) => Plotly.purge(div));
    };
  }, []);
  return <div ref={element} className="plotly-chart" data-testid={testId} />;
}
