import { useEffect, useRef } from "react";
import { loadPlotly } from "../../components/PlotlyChart.tsx";
import { decimateFigure } from "./decimate.ts";
import type { WaveformFigure } from "./waveform-figure.ts";

interface Props {
  figure: WaveformFigure;
  /** Clicked line's position on the page. */
  onPick: (index: number) => void;
}

type Range = [number, number];

/** The user's zoom: x is kept across pages with the same time axis, y only within a page. */
interface View {
  axisKey: string;
  x: Range | null;
  y: Range | null;
}

/** Plot-area width in pixels (the layout's margins off the element's width); 1000 when not laid out. */
export function plotColumns(div: HTMLElement, figure: WaveformFigure): number {
  const width = div.clientWidth - figure.layout.margin.l - figure.layout.margin.r;
  return width > 0 ? Math.round(width) : 1000;
}

/** An axis range from a plotly_relayout event: a range, null for autorange, undefined when untouched. */
export function relayoutRange(
  event: Record<string, unknown>,
  axis: "xaxis" | "yaxis",
): Range | null | undefined {
  if (event[`${axis}.autorange`] === true) return null;
  const pair = event[`${axis}.range`];
  const lo = Array.isArray(pair) ? (pair[0] as unknown) : event[`${axis}.range[0]`];
  const hi = Array.isArray(pair) ? (pair[1] as unknown) : event[`${axis}.range[1]`];
  return typeof lo === "number" && typeof hi === "number" ? [lo, hi] : undefined;
}

const sameRange = (a: Range | null, b: Range | null) =>
  a === b || (!!a && !!b && a[0] === b[0] && a[1] === b[1]);

/**
 * A fresh layout for each draw with the user's zoom applied: Plotly keeps the layout object it is given
 * and writes zooms into it, so the figure's own layout is never handed over.
 */
function withView(layout: WaveformFigure["layout"], view: View): WaveformFigure["layout"] {
  const axis = <A extends { range?: Range; autorange?: boolean }>(a: A, range: Range | null): A => {
    if (!range) return { ...a, ...(a.range ? { range: [...a.range] } : {}) };
    const { autorange: _unused, ...rest } = a;
    return { ...rest, range: [...range] } as A;
  };
  return {
    ...layout,
    xaxis: axis(layout.xaxis, view.x),
    yaxis: axis(layout.yaxis, view.y),
    shapes: layout.shapes.map((shape) => ({ ...shape, line: { ...shape.line } })),
    margin: { ...layout.margin },
  };
}

/**
 * A pure Plotly view: figure in, pixels out. Lines are reduced to ~2 points per pixel column of the
 * visible x range and redone on zoom; `data-drawn` counts finished draws, `data-columns` holds the
 * pixel columns used and `data-draw-ms` the last draw's time (tests, bench).
 */
export function WaveformPlot({ figure, onPick }: Props) {
  const element = useRef<HTMLDivElement>(null);
  const pick = useRef(onPick);
  const view = useRef<View>({ axisKey: "", x: null, y: null });
  useEffect(() => {
    pick.current = onPick;
  });
  useEffect(() => {
    const div = element.current;
    if (!div) return;
    let cancelled = false;
    const axisKey = JSON.stringify([figure.layout.xaxis.title.text, figure.layout.xaxis.range]);
    const kept = view.current.axisKey === axisKey ? view.current.x : null;
    view.current = { axisKey, x: kept, y: null };
    void loadPlotly()
      .then(async (Plotly) => {
        const draw = async () => {
          if (cancelled) return;
          const started = performance.now();
          const columns = plotColumns(div, figure);
          const shown = decimateFigure(figure, view.current.x ?? figure.layout.xaxis.range ?? null, columns);
          // Plotly's types want plain arrays; typed arrays are accepted at run time (and are faster).
          await Plotly.react(
            div,
            shown.data as unknown as Plotly.Data[],
            withView(figure.layout, view.current) as Partial<Plotly.Layout>,
            // double-click always returns to the whole waveform (a reset would go back to the last zoom drawn)
            { responsive: true, displaylogo: false, doubleClick: "autosize" },
          );
          div.dataset.columns = String(columns);
          div.dataset.drawMs = (performance.now() - started).toFixed(1);
          div.dataset.drawn = String(Number(div.dataset.drawn ?? "0") + 1);
          div.dataset.lines = String(figure.data.length);
        };
        await draw();
        if (cancelled) return;
        const plotDiv = div as unknown as Plotly.PlotlyHTMLElement;
        plotDiv.removeAllListeners?.("plotly_click");
        plotDiv.removeAllListeners?.("plotly_relayout");
        plotDiv.on("plotly_click", (event) => {
          const index = (event.points[0]?.data as { customdata?: number[] } | undefined)?.customdata?.[0];
          if (index !== undefined) pick.current(index);
        });
        plotDiv.on("plotly_relayout", (event) => {
          const x = relayoutRange(event as Record<string, unknown>, "xaxis");
          const y = relayoutRange(event as Record<string, unknown>, "yaxis");
          const next = {
            ...view.current,
            ...(x !== undefined ? { x } : {}),
            ...(y !== undefined ? { y } : {}),
          };
          if (sameRange(next.x, view.current.x) && sameRange(next.y, view.current.y)) return;
          view.current = next;
          void draw().catch((error: unknown) => (div.dataset.drawError = String(error)));
        });
      })
      .catch((error: unknown) => {
        div.dataset.drawError = String(error);
      });
    return () => {
      cancelled = true;
    };
  }, [figure]);
  return (
    <div className="waveform-plot-row">
      <div ref={element} className="waveform-plot" data-testid="waveform-plot" />
      <WaveformLegend figure={figure} onPick={onPick} />
    </div>
  );
}

/**
 * The legend as HTML beside the plot (Plotly's own legend measured every label on every draw, a large
 * part of a page's draw time); clicking an entry selects its waveform like clicking its line.
 */
function WaveformLegend({ figure, onPick }: Props) {
  return (
    <ol className="waveform-legend-list" data-testid="waveform-legend-list">
      {figure.data.map((line, k) => {
        const index = line.customdata?.[0];
        return (
          <li key={k} title={line.name}>
            <button
              type="button"
              disabled={index === undefined}
              onClick={() => index !== undefined && onPick(index)}
            >
              <span
                className="swatch"
                style={{
                  borderTopColor: line.line.color ?? "#000000",
                  borderTopWidth: line.line.width + 1,
                  borderTopStyle: line.line.dash ? "dotted" : "solid",
                }}
              />
              {line.name}
            </button>
          </li>
        );
      })}
    </ol>
  );
}
