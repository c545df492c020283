// Histograms and waveform transforms: 10^7 values binned in 1-D (fixed, automatic and log ranges),
// 2-D and split by channel, the entries of one bin, and derived-trace throughput in waveforms/s.
// numpy (python3 on this machine) is the reference for the histograms when it is installed.
import { spawnSync } from "node:child_process";
import { loadavg } from "node:os";
import { computeDerivedTrace } from "../../electron/services/analysis/derived-traces.ts";
import { histogram1d, histogramByGroup } from "../../electron/services/analysis/histogram.ts";
import { histogram2d } from "../../electron/services/analysis/histogram2d.ts";
import { binInterval, selectInRange } from "../../electron/services/analysis/select.ts";
import { meanWaveform } from "../../electron/services/analysis/waveform.ts";
import type { BenchOptions, BenchRow } from "./types.ts";
import { medianTimeMs } from "./stats.ts";

function uniform(seed: number): () => number {
  let s = seed;
  return () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 4294967296;
  };
}

/** numpy's median times (ms) for the same histograms, or undefined without python3 + numpy. */
function numpyTimes(rows: number, repeats: number): { h1: number; h2: number; version: string } | undefined {
  const script = `
import json, time, numpy as np
rng = np.random.default_rng(1)
v = (rng.random(${rows}) * 3000).astype(np.float32)
y = rng.random(${rows}).astype(np.float32)
def t(f):
    f(); s = []
    for _ in range(${repeats}):
        a = time.perf_counter(); f(); s.append((time.perf_counter() - a) * 1000)
    return float(np.median(s))
print(json.dumps({"h1": t(lambda: np.histogram(v, bins=1000, range=(0, 3000))),
                  "h2": t(lambda: np.histogram2d(v, y, bins=(200, 200), range=((0, 3000), (0, 1)))),
                  "version": np.__version__}))
`;
  const run = spawnSync("python3", ["-c", script], { encoding: "utf8", timeout: 600_000 });
  if (run.status !== 0) return undefined;
  return JSON.parse(run.stdout) as { h1: number; h2: number; version: string };
}

/** A LEGEND-like pulse block: baseline 15000 ADC, exponential decay (tau 400 µs), dt 16 ns. */
function pulseBlock(nRows: number, nSamples: number) {
  const next = uniform(9);
  const values = new Uint16Array(nRows * nSamples);
  const rise = Math.floor(nSamples * 0.45);
  for (let r = 0; r < nRows; r++) {
    const amplitude = 500 + next() * 20_000;
    for (let i = 0; i < nSamples; i++) {
      const signal = i >= rise ? amplitude * Math.exp((-(i - rise) * 16) / 400_000) : 0;
      values[r * nSamples + i] = Math.round(15_000 + signal + (next() - 0.5) * 8);
    }
  }
  const tp0 = Float64Array.from({ length: nRows }, () => rise * 16 + (next() - 0.5) * 64);
  return {
    block: {
      nRows,
      nSamples,
      t0: new Float64Array(nRows),
      dt: new Float64Array(nRows).fill(16),
      values,
    },
    tp0,
  };
}

/** The histogram figures over `energy` (and `aoe`, `channel` of the same length), numpy beside where installed. */
function histogramFigures(
  energy: Float32Array,
  aoe: Float32Array,
  channel: Int32Array,
  repeats: number,
  log: (line: string) => void,
): BenchRow[] {
  const rows = energy.length;
  const size = `${rows / 1e6}e6 float32 values`;
  const out: BenchRow[] = [];
  log(`numpy reference, ${rows} values`);
  const numpy = numpyTimes(rows, repeats);
  const numpyLabel = numpy ? `numpy ${numpy.version} (python3, same machine)` : undefined;

  log("1-D histograms");
  const fixed = medianTimeMs(repeats, () => histogram1d(energy, { bins: 1000, range: [0, 3000] }));
  out.push({
    name: "1-D histogram, fixed range, 1000 bins",
    size,
    unit: "ms",
    median: fixed,
    runs: repeats,
    ...(numpy ? { ratioTo: numpyLabel, ratio: numpy.h1 / fixed } : {}),
  });
  out.push({
    name: "1-D histogram, automatic range (two passes), 1000 bins",
    size,
    unit: "ms",
    median: medianTimeMs(repeats, () => histogram1d(energy, { bins: 1000 })),
    runs: repeats,
  });
  out.push({
    name: "1-D histogram, log-spaced bins, 1000 bins",
    size,
    unit: "ms",
    median: medianTimeMs(repeats, () => histogram1d(energy, { bins: 1000, range: [1, 3000], log: true })),
    runs: repeats,
  });
  log("2-D histogram");
  const twoD = medianTimeMs(repeats, () =>
    histogram2d(energy, aoe, { binsX: 200, binsY: 200, rangeX: [0, 3000], rangeY: [0, 1] }),
  );
  out.push({
    name: "2-D histogram, 200 × 200 bins",
    size: `${rows / 1e6}e6 float32 pairs`,
    unit: "ms",
    median: twoD,
    runs: repeats,
    ...(numpy ? { ratioTo: numpyLabel, ratio: numpy.h2 / twoD } : {}),
  });
  log("split by channel");
  out.push({
    name: "1-D histogram split by 100 channels, 1000 bins",
    size,
    unit: "ms",
    median: medianTimeMs(repeats, () => histogramByGroup(energy, channel, { bins: 1000, range: [0, 3000] })),
    runs: repeats,
  });
  const h = histogram1d(energy, { bins: 1000, range: [0, 3000] });
  const bin = binInterval(h.edges, 500);
  out.push({
    name: "entries of one bin (linked view)",
    size,
    unit: "ms",
    median: medianTimeMs(repeats, () => selectInRange(energy, bin.lo, bin.hi, undefined, bin)),
    runs: repeats,
  });

  return out;
}

export function benchAnalysis(options: Partial<BenchOptions> = {}): Promise<BenchRow[]> {
  const quick = options.quick ?? false;
  const log = options.log ?? (() => undefined);
  const rows = quick ? 1_000_000 : 10_000_000;
  const repeats = quick ? 3 : 7;
  const next = uniform(1);
  const energy = new Float32Array(rows);
  const aoe = new Float32Array(rows);
  const channel = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    energy[i] = next() * 3000;
    aoe[i] = next();
    channel[i] = 1_080_000 + Math.floor(next() * 100);
  }
  const out: BenchRow[] = [];
  const loadAtStart = loadavg()[0]!;
  // Every figure at two sizes (÷10 and full; the smaller is a prefix of the same data) so growth shows (issue 9).
  for (const n of [rows / 10, rows]) {
    out.push(
      ...histogramFigures(energy.subarray(0, n), aoe.subarray(0, n), channel.subarray(0, n), repeats, log),
    );
  }
  log("waveform transforms");
  for (const nSamples of [1400, 5592])
    for (const nRows of quick ? [20, 200] : [200, 2000]) {
      const { block, tp0 } = pulseBlock(nRows, nSamples);
      const traceRate = (id: string, params: Record<string, number>): number => {
        const ms = medianTimeMs(Math.max(3, repeats >> 1), () => {
          for (let r = 0; r < nRows; r++) {
            const start = r * nSamples;
            computeDerivedTrace(
              id,
              { t0: 0, dt: 16, values: block.values.subarray(start, start + nSamples) },
              params,
            );
          }
        });
        return nRows / (ms / 1000);
      };
      const wfSize = `${nRows} waveforms × ${nSamples} samples`;
      out.push({
        name: `derived trace: baseline + pole-zero + trapezoid (${nSamples} samples)`,
        size: wfSize,
        unit: "waveforms/s",
        median: traceRate("trapezoid", { rise: 4000, flat: 1000 }),
      });
      out.push({
        name: `derived trace: baseline + moving average (${nSamples} samples)`,
        size: wfSize,
        unit: "waveforms/s",
        median: traceRate("moving_average", {}),
      });
      const ms = medianTimeMs(Math.max(3, repeats >> 1), () =>
        meanWaveform(block, { align: tp0, baseline: [0, 4000] }),
      );
      out.push({
        name: `template (mean) waveform, aligned, baseline-subtracted (${nSamples} samples)`,
        size: wfSize,
        unit: "waveforms/s",
        median: nRows / (ms / 1000),
      });
    }
  // The machine is shared: say how busy it was, since medians scale with it.
  const note = `load average ${loadAtStart.toFixed(1)} at start, ${loadavg()[0]!.toFixed(1)} at end (2 cores shared)`;
  return Promise.resolve(out.map((row) => ({ ...row, note })));
}
