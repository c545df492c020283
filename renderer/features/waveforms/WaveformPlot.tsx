import { useCallback, useEffect, useRef, useState } from "react";
import { loadPlotly } from "../../components/PlotlyChart.tsx";
import { plotlyConfig } from "../../components/plotly-config.ts";
import { type ColorScheme, themedLayout, themedLineColour } from "../../components/plot-theme.ts";
import { useColorScheme } from "../../components/use-color-scheme.ts";
import { downloadUrl, renderImage, screenSize } from "../figure-export/download-image.ts";
import { type ImageExportOptions, imageFileName, renderScale } from "../figure-export/export-options.ts";
import { ImageExportDialog } from "../figure-export/ImageExportDialog.tsx";
import { autoRanges, paintLines, pickLine, type PlotArea, type Range } from "./canvas-lines.ts";
import { decimateFigure } from "./decimate.ts";
import { waveformExportFigure } from "./waveform-export.ts";
import type { PlotLine, WaveformFigure } from "./waveform-figure.ts";

interface Props {
  figure: WaveformFigure;
  /** Clicked line's position on the page. */
  onPick: (index: number) => void;
}

/** The plot element with the lines last drawn on its canvas (tests and the bench read them). */
export type WaveformPlotElement = HTMLDivElement & { waveformLines?: readonly PlotLine[] };

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
 * A fresh layout for each draw with fixed axis ranges (the user's zoom, else the figure's limits, else
 * the data's): Plotly draws no traces, so it has nothing to autorange over, and it keeps the layout
 * object it is given and writes zooms into it, so the figure's own layout is never handed over.
 */
function withRanges(layout: WaveformFigure["layout"], x: Range, y: Range): Record<string, unknown> {
  const axis = <A extends { autorange?: boolean }>(a: A, range: Range) => {
    const { autorange: _unused, ...rest } = a;
    return { ...rest, range: [...range] };
  };
  return {
    ...layout,
    xaxis: axis(layout.xaxis, x),
    yaxis: axis(layout.yaxis, y),
    shapes: layout.shapes.map((shape) => ({ ...shape, line: { ...shape.line } })),
    margin: { ...layout.margin },
    hovermode: false,
  };
}

/** Plotly's plot area (its computed size when drawn, else the margins off the element). */
function plotArea(div: HTMLElement, figure: WaveformFigure): PlotArea {
  const size = (
    div as unknown as { _fullLayout?: { _size?: { l: number; t: number; w: number; h: number } } }
  )._fullLayout?._size;
  if (size) return { left: size.l, top: size.t, width: size.w, height: size.h };
  const { l, r, t, b } = figure.layout.margin;
  return {
    left: l,
    top: t,
    width: Math.max(1, div.clientWidth - l - r),
    height: Math.max(1, div.clientHeight - t - b),
  };
}

/** The lines in the scheme's colours (black ink, e.g. the mean, turns light on a dark plot). */
function inScheme(lines: readonly PlotLine[], scheme: ColorScheme): readonly PlotLine[] {
  if (scheme === "light") return lines;
  return lines.map((l) => ({ ...l, line: { ...l.line, color: themedLineColour(l.line.color, scheme) } }));
}

/** Sizes the canvas over the plot area for the screen's pixel ratio and paints the lines on it. */
function paint(canvas: HTMLCanvasElement, lines: readonly PlotLine[], area: PlotArea, x: Range, y: Range) {
  const ratio = window.devicePixelRatio || 1;
  canvas.style.left = `${area.left}px`;
  canvas.style.top = `${area.top}px`;
  canvas.style.width = `${area.width}px`;
  canvas.style.height = `${area.height}px`;
  const width = Math.round(area.width * ratio);
  const height = Math.round(area.height * ratio);
  if (canvas.width !== width) canvas.width = width;
  if (canvas.height !== height) canvas.height = height;
  const context = canvas.getContext("2d");
  if (context) paintLines(context, lines, area, x, y, ratio); // null where there is no canvas (jsdom)
}

/**
 * A pure view: figure in, pixels out. Plotly draws the axes, grid and markers with fixed ranges; the
 * lines, reduced to ~2 points per pixel column of the visible x range (redone on zoom), are painted
 * on a canvas over its plot area. `data-drawn` counts finished draws, `data-columns` holds the pixel
 * columns used and `data-draw-ms` the last draw's time, the element's `waveformLines` the drawn lines.
 */
export function WaveformPlot({ figure, onPick }: Props) {
  const element = useRef<WaveformPlotElement>(null);
  const canvasElement = useRef<HTMLCanvasElement>(null);
  const pick = useRef(onPick);
  const view = useRef<View>({ axisKey: "", x: null, y: null });
  /** The axis ranges on screen (the user's zoom, else the figure's limits, else the data's). */
  const shownRanges = useRef<(() => { x: Range; y: Range }) | null>(null);
  /** The export dialog, open with the plot's size on screen when it was opened; null when closed. */
  const [exporting, setExporting] = useState<{ size?: { width: number; height: number } } | null>(null);
  const scheme = useColorScheme();
  useEffect(() => {
    pick.current = onPick;
  });
  const closeExport = useCallback(() => setExporting(null), []);
  const exportImage = async (options: ImageExportOptions) => {
    const ranges = shownRanges.current?.() ?? autoRanges(figure.data);
    const { margin } = figure.layout;
    // as many pixel columns as the image has across its plot area
    const columns = Math.max(100, Math.round((options.width - margin.l - margin.r) * renderScale(options)));
    const url = await renderImage(waveformExportFigure(figure, ranges, columns), options);
    downloadUrl(imageFileName("waveforms", options), url);
  };
  useEffect(() => {
    const div = element.current;
    const canvas = canvasElement.current;
    if (!div || !canvas) return;
    let cancelled = false;
    const axisKey = JSON.stringify([figure.layout.xaxis.title.text, figure.layout.xaxis.range]);
    const kept = view.current.axisKey === axisKey ? view.current.x : null;
    view.current = { axisKey, x: kept, y: null };
    const whole = autoRanges(figure.data);
    const ranges = (): { x: Range; y: Range } => ({
      x: view.current.x ?? figure.layout.xaxis.range ?? whole.x,
      y: view.current.y ?? figure.layout.yaxis.range ?? whole.y,
    });
    shownRanges.current = ranges;
    let shown: readonly PlotLine[] = [];
    let columns = 0;
    // A click (not the end of a zoom drag) on a line selects its waveform, as a click on its legend
    // entry: Plotly's drag layer takes the mouse (and may cover the page while a button is down), so
    // the press is seen on the element and the release on the window.
    const onUp = (down: MouseEvent) => (up: MouseEvent) => {
      if (Math.hypot(up.clientX - down.clientX, up.clientY - down.clientY) > 3) return;
      const area = plotArea(div, figure);
      const rect = div.getBoundingClientRect();
      const { x, y } = ranges();
      const qx = up.clientX - rect.left - area.left;
      const qy = up.clientY - rect.top - area.top;
      const k = pickLine(shown, area, x, y, qx, qy);
      const index = k === null ? undefined : shown[k]?.customdata?.[0];
      if (index !== undefined) pick.current(index);
    };
    const onDown = (event: MouseEvent) => {
      if (event.button === 0) window.addEventListener("mouseup", onUp(event), { capture: true, once: true });
    };
    div.addEventListener("mousedown", onDown, true);
    void loadPlotly()
      .then(async (Plotly) => {
        const draw = async () => {
          if (cancelled) return;
          const started = performance.now();
          columns = plotColumns(div, figure);
          const { x, y } = ranges();
          shown = decimateFigure(figure, x, columns).data;
          await Plotly.react(
            div,
            [],
            themedLayout(withRanges(figure.layout, x, y) as Partial<Plotly.Layout>, scheme),
            // double-click always returns to the whole waveform (a reset would go back to the last zoom drawn);
            // Plotly's own image would miss the canvas's lines: "Export image…" renders them
            plotlyConfig({ responsive: true, doubleClick: "autosize", modeBarButtonsToRemove: ["toImage"] }),
          );
          if (cancelled) return;
          paint(canvas, inScheme(shown, scheme), plotArea(div, figure), x, y);
          div.waveformLines = shown;
          div.dataset.columns = String(columns);
          div.dataset.drawMs = (performance.now() - started).toFixed(1);
          div.dataset.drawn = String(Number(div.dataset.drawn ?? "0") + 1);
          div.dataset.lines = String(figure.data.length);
        };
        await draw();
        if (cancelled) return;
        const plotDiv = div as unknown as Plotly.PlotlyHTMLElement;
        plotDiv.removeAllListeners?.("plotly_relayout");
        plotDiv.on("plotly_relayout", (event) => {
          const x = relayoutRange(event as Record<string, unknown>, "xaxis");
          const y = relayoutRange(event as Record<string, unknown>, "yaxis");
          const next = {
            ...view.current,
            ...(x !== undefined ? { x } : {}),
            ...(y !== undefined ? { y } : {}),
          };
          const resized = plotColumns(div, figure) !== columns;
          if (!resized && sameRange(next.x, view.current.x) && sameRange(next.y, view.current.y)) {
            // e.g. a resize to the same width: Plotly redrew its axes, the canvas follows
            const { x: xr, y: yr } = ranges();
            paint(canvas, inScheme(shown, scheme), plotArea(div, figure), xr, yr);
            return;
          }
          view.current = next;
          void draw().catch((error: unknown) => (div.dataset.drawError = String(error)));
        });
      })
      .catch((error: unknown) => {
        div.dataset.drawError = String(error);
      });
    return () => {
      cancelled = true;
      div.removeEventListener("mousedown", onDown, true);
    };
  }, [figure, scheme]);
  return (
    <div className="waveform-plot-row">
      <div className="waveform-plot-box">
        <div ref={element} className="waveform-plot" data-testid="waveform-plot" />
        <canvas ref={canvasElement} className="waveform-lines" data-testid="waveform-lines" />
      </div>
      <div className="waveform-legend">
        <button
          type="button"
          className="waveform-export-button"
          data-testid="waveform-export"
          title="Export the waveforms on screen as PNG (size, DPI) or SVG"
          disabled={figure.data.length === 0}
          onClick={() => setExporting({ size: screenSize(element.current) })}
        >
          Export image…
        </button>
        <WaveformLegend figure={figure} onPick={onPick} scheme={scheme} />
      </div>
      {exporting ? (
        <ImageExportDialog
          what="waveforms"
          initialSize={exporting.size}
          onExport={exportImage}
          onClose={closeExport}
        />
      ) : null}
    </div>
  );
}

/**
 * The legend as HTML beside the plot (Plotly's own legend measured every label on every draw, a large
 * part of a page's draw time); clicking an entry selects its waveform like clicking its line.
 */
function WaveformLegend({ figure, onPick, scheme }: Props & { scheme: ColorScheme }) {
  return (
    <ol className="waveform-legend-list" data-testid="waveform-legend-list">
      {figure.data.map((line, k) => {
        const index = line.customdata?.[0];
        return (
          <li key={k} title={line.detail ?? line.name}>
            <button
              type="button"
              disabled={index === undefined}
              onClick={() => index !== undefined && onPick(index)}
            >
              <span
                className="swatch"
                style={{
                  borderTopColor: themedLineColour(line.line.color, scheme),
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
