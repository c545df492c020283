// A scripted waveformPage for renderer tests: `total` entries; entry i's waveform is a step of
// height i at sample 5, t0 = 0, dt = 16 ns; legend values are 100 + i (keV).
import type { WaveformPage, WaveformPageRequest } from "../../../../shared/api/types.ts";

export const SAMPLES = 20;

export function fakePage(req: WaveformPageRequest, total: number): WaveformPage {
  const first = req.randomSeed === undefined ? req.start : 0;
  const count = Math.max(0, Math.min(req.count, total - first));
  const entries = Float64Array.from({ length: count }, (_, i) =>
    req.randomSeed === undefined ? first + i : (req.randomSeed + 7 * i) % total,
  );
  return {
    totalEntries: total,
    entries,
    traces: req.columns.map((column) => {
      const values = new Float32Array(count * SAMPLES);
      entries.forEach((entry, i) => values.fill(entry, i * SAMPLES + 5, (i + 1) * SAMPLES));
      return {
        column,
        nSamples: SAMPLES,
        values,
        t0: new Float64Array(count),
        dt: new Float64Array(count).fill(16),
        timeUnits: "ns",
      };
    }),
    legend: Object.fromEntries(
      (req.legendColumns ?? []).map((name) => [
        name,
        { values: Float64Array.from(entries, (e) => 100 + e), units: "keV" },
      ]),
    ),
  };
}
