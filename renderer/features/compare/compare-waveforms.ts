// The comparison's waveform figure: the first page of every layer on one axes, each layer's lines in its colour
// and named after it (the entry's own legend text follows), so the legend tells the layers apart.
import type { WaveformPage } from "../../../shared/api/types.ts";
import type { WaveformSettings } from "../../stores/waveforms-slice.ts";
import { type WaveformFigure, waveformFigure } from "../waveforms/waveform-figure.ts";
import { layerColour } from "./layers.ts";

export function compareWaveformFigure(
  pages: readonly { name: string; page: WaveformPage }[],
  settings: WaveformSettings,
): WaveformFigure | null {
  let merged: WaveformFigure | null = null;
  pages.forEach(({ name, page }, index) => {
    const figure = waveformFigure(page, settings);
    const colour = layerColour(index);
    // lines are not picked here: an entry position means nothing outside its own layer's selection
    const data = figure.data.map(({ customdata: _position, ...line }) => ({
      ...line,
      name: `${name} · ${line.name}`,
      line: { ...line.line, color: colour },
    }));
    const shapes = figure.layout.shapes.map((shape) => ({
      ...shape,
      line: { ...shape.line, color: colour },
    }));
    merged = merged
      ? {
          ...merged,
          data: [...merged.data, ...data],
          layout: { ...merged.layout, shapes: [...merged.layout.shapes, ...shapes] },
        }
      : { data, layout: { ...figure.layout, shapes } };
  });
  return merged;
}
