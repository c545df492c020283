// The streamed template against numpy on the same traces (test/fixtures/spectrum/make-fixtures.py), and the
// properties that make it safe over millions of traces: no count lost when the range grows, memory fixed.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { AnalysisError } from "../../../../electron/services/analysis/errors.ts";
import { TraceTemplateAccumulator } from "../../../../electron/services/analysis/trace-template.ts";

const { template: ref } = JSON.parse(
  readFileSync(new URL("../../../fixtures/spectrum/spectrum.json", import.meta.url), "utf8"),
) as {
  template: {
    nSamples: number;
    values: number[];
    mean: number[];
    low: number[];
    median: number[];
    high: number[];
  };
};

describe("TraceTemplateAccumulator", () => {
  const traces = ref.values.length / ref.nSamples;

  it("gives numpy's mean exactly and its quantiles to one amplitude bin, page by page", () => {
    const acc = new TraceTemplateAccumulator(ref.nSamples, 512);
    const values = Float32Array.from(ref.values);
    // pages of 7 traces: the range grows while filling
    for (let t = 0; t < traces; t += 7) {
      const count = Math.min(7, traces - t);
      acc.addPage(values.subarray(t * ref.nSamples, (t + count) * ref.nSamples), count);
    }
    const result = acc.result();
    expect(result.traces).toBe(traces);
    for (let s = 0; s < ref.nSamples; s++) {
      // float32 inputs: the mean to float32's precision of the values
      expect(Math.abs(result.mean[s]! - ref.mean[s]!)).toBeLessThan(ref.mean[s]! * 1e-6);
      for (const [name, expected] of [
        ["low", ref.low[s]!],
        ["median", ref.median[s]!],
        ["high", ref.high[s]!],
      ] as const) {
        expect(Math.abs(result[name][s]! - expected), `${name} of sample ${s}`).toBeLessThanOrEqual(
          result.resolution,
        );
      }
    }
  });

  it("loses no count when the range doubles up and down", () => {
    const acc = new TraceTemplateAccumulator(3, 8);
    acc.addTrace([0, 1, 2]);
    acc.addTrace([100, -50, 7]);
    acc.addTrace([-1000, 3000, 0.5]);
    const { density, traces } = acc.result();
    expect(traces).toBe(3);
    for (let c = 0; c < density.columns; c++) {
      let sum = 0;
      for (let b = 0; b < density.amplitudeEdges.length - 1; b++)
        sum += density.counts[b * density.columns + c]!;
      expect(sum).toBe(3);
    }
    const edges = density.amplitudeEdges;
    expect(edges[0]).toBeLessThanOrEqual(-1000);
    expect(edges[edges.length - 1]).toBeGreaterThan(3000);
  });

  it("sums samples into at most the asked density columns", () => {
    const acc = new TraceTemplateAccumulator(10, 4);
    acc.addTrace(Float64Array.from({ length: 10 }, (_, i) => i));
    const { density } = acc.result(3);
    expect(density.samplesPerColumn).toBe(4);
    expect(density.columns).toBe(3);
    expect(density.counts.reduce((a, b) => a + b, 0)).toBe(10);
  });

  it("leaves NaN samples out and gives NaN where a sample never was finite", () => {
    const acc = new TraceTemplateAccumulator(2, 4);
    acc.addTrace([1, NaN]);
    acc.addTrace([3, NaN]);
    const result = acc.result();
    expect(result.mean[0]).toBe(2);
    expect(result.mean[1]).toBeNaN();
    expect(result.median[1]).toBeNaN();
  });

  it("keeps its memory whatever the number of traces", () => {
    const acc = new TraceTemplateAccumulator(1000, 512);
    const before = process.memoryUsage().arrayBuffers;
    const page = new Float32Array(100 * 1000);
    for (let p = 0; p < 50; p++) {
      for (let i = 0; i < page.length; i++) page[i] = 1000 + ((i * 7919 + p * 104729) % 2000);
      acc.addPage(page, 100);
    }
    expect(acc.result().traces).toBe(5000);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(40e6);
  });

  it("adds shifted traces at their aligned samples", () => {
    const acc = new TraceTemplateAccumulator(4, 4);
    acc.addTrace([10, 20, 30, 40]);
    acc.addTrace([0, 10, 20, 30], 0, -1); // its sample 1 is template sample 0; its sample 0 is left out
    acc.addTrace([10, 20, 30, 40], 0, 1); // its sample 0 is template sample 1; its sample 3 is left out
    const { mean } = acc.result();
    expect(mean[0]).toBe(10); // two traces
    expect(mean[1]).toBeCloseTo(50 / 3, 12); // three
    expect(mean[2]).toBeCloseTo(80 / 3, 12);
    expect(mean[3]).toBe(35); // two
  });

  it("refuses bad sizes", () => {
    expect(() => new TraceTemplateAccumulator(0)).toThrow(AnalysisError);
    expect(() => new TraceTemplateAccumulator(10, 7)).toThrow(/even number/);
    expect(() => new TraceTemplateAccumulator(2, 4).addPage(new Float32Array(3), 2)).toThrow(
      /needs 4 values/,
    );
  });
});
