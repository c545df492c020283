import { useEffect, useRef } from "react";
import { loadPlotly } from "../../components/PlotlyChart.tsx";
import type { WaveformFigure } from "./waveform-figure.ts";

interface Props {
  figure: WaveformFigure;
  /** Clicked line's position on the page. */
  onPick: (index: number) => void;
}

/** A pure Plotly view: figure in, pixels out; `data-drawn` counts finished draws (tests, bench). */
export function WaveformPlot({ figure, onPick }: Props) {
  const element = useRef<HTMLDivElement>(null);
  const pick = useRef(onPick);
  useEffect(() => {
    pick.current = onPick;
  });
  useEffect(() => {
    const div = element.current;
    if (!div) return;
    let cancelled = false;
    void loadPlotly()
      .then(async (Plotly) => {
        if (cancelled) return;
        // Plotly's types want plain arrays; typed arrays are accepted at run time (and are faster).
        await Plotly.react(
          div,
          figure.data as unknown as Plotly.Data[],
          figure.layout as Partial<Plotly.Layout>,
          {
            responsive: true,
            displaylogo: false,
          },
        );
        const plotDiv = div as unknown as Plotly.PlotlyHTMLElement;
        plotDiv.removeAllListeners?.("plotly_click");
        plotDiv.on("plotly_click", (event) => {
          const index = (event.points[0]?.data as { customdata?: number[] } | undefined)?.customdata?.[0];
          if (index !== undefined) pick.current(index);
        });
        div.dataset.drawn = String(Number(div.dataset.drawn ?? "0") + 1);
        div.dataset.lines = String(figure.data.length);
      })
      .catch((error: unknown) => {
        div.dataset.drawError = String(error);
      });
    return () => {
      cancelled = true;
    };
  }, [figure]);
  return <div ref={element} className="waveform-plot" data-testid="waveform-plot" />;
}
