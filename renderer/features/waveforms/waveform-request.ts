// The waveformPage request for the browser's settings: which entries (page or random sample, the
// linked view's range) and the transforms in WaveformBrowser's order (baseline, DSP step, norm, align),
// then the view (derivative or spectrum).
import type {
  DataSelection,
  WaveformPageRequest,
  WaveformTransform,
  WaveformValueRange,
} from "../../../shared/api/types.ts";
import type { WaveformSettings } from "../../stores/waveforms-slice.ts";

/**
 * Columns whose per-entry values the view needs: the legend's, the markers', and the alignment column's (a
 * time marker is shifted by it like its trace, so without it the markers of aligned traces stay unaligned).
 */
export function valueColumnsOf(settings: WaveformSettings): string[] {
  const markers = [...settings.timeMarkers, ...settings.amplitudeMarkers];
  const align = settings.alignAt !== "" && settings.timeMarkers.length > 0 ? [settings.alignAt] : [];
  return [...new Set([...settings.legendColumns, ...markers, ...align])].filter((c) => c !== "").slice(0, 64);
}

export function transformsOf(settings: WaveformSettings): WaveformTransform[] {
  const transforms: WaveformTransform[] = [];
  if (settings.baselineSamples > 0) transforms.push({ kind: "baseline", samples: settings.baselineSamples });
  const derived = settings.derived;
  if (derived.kind === "moving-average") transforms.push({ kind: "moving-average", window: derived.window });
  else if (derived.kind === "trapezoid")
    transforms.push({ kind: "trapezoid", rise: derived.rise, flat: derived.flat });
  else if (derived.kind === "pole-zero") transforms.push({ kind: "pole-zero", tau: derived.tau });
  if (settings.normalizeBy !== "") transforms.push({ kind: "normalize", column: settings.normalizeBy });
  if (settings.alignAt !== "") transforms.push({ kind: "align", column: settings.alignAt });
  if (settings.view === "derivative") transforms.push({ kind: "derivative" });
  else if (settings.view === "spectrum") transforms.push({ kind: "spectrum" });
  return transforms;
}

export function waveformRequest(
  selection: DataSelection,
  settings: WaveformSettings,
  start: number,
  range: WaveformValueRange | null,
): WaveformPageRequest {
  const request: WaveformPageRequest = {
    selection,
    columns: settings.columns.filter((c) => c !== "").slice(0, 16),
    start: settings.randomSeed === null ? start : 0,
    count: settings.perPage,
    legendColumns: valueColumnsOf(settings),
    transforms: transformsOf(settings),
  };
  if (settings.randomSeed !== null) request.randomSeed = settings.randomSeed;
  if (range) request.valueRange = range;
  return request;
}

/** A stable key of a request (selection, columns, page, transforms) for caching pages. */
export function requestKey(request: WaveformPageRequest): string {
  return JSON.stringify(request);
}
