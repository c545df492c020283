import { afterAll, describe, expect, it } from "vitest";
import { computeDerivedTrace } from "../../../../electron/services/analysis/derived-traces.ts";
import { meanWaveform } from "../../../../electron/services/analysis/waveform.ts";
import { WorkerPool } from "../../../../electron/workers/pool.ts";

const pool = new WorkerPool({ size: 1 });
afterAll(() => pool.close());

function block(nRows: number, nSamples: number) {
  const values = new Uint16Array(nRows * nSamples);
  for (let r = 0; r < nRows; r++)
    for (let i = 0; i < nSamples; i++)
      values[r * nSamples + i] =
        15_000 + (i >= 400 ? Math.round((1000 + r) * Math.exp((-(i - 400) * 16) / 400_000)) : 0);
  return {
    nRows,
    nSamples,
    t0: new Float64Array(nRows).fill(-100),
    dt: new Float64Array(nRows).fill(16),
    values,
  };
}

describe("analysis worker tasks", () => {
  it("computes derived traces of chosen rows in a worker, equal to the direct computation", async () => {
    const b = block(5, 1000);
    const rows = new Uint32Array([4, 1]);
    const params = { rise: 2000, flat: 500 };
    const result = await pool.run("analysis", "derivedTraces", {
      id: "trapezoid",
      params,
      block: b,
      rows,
    });
    expect(result.nRows).toBe(2);
    expect([...result.t0]).toEqual([-100, -100]);
    const direct = computeDerivedTrace(
      "trapezoid",
      { t0: -100, dt: 16, values: b.values.subarray(4000, 5000) },
      params,
    );
    expect([...result.values.subarray(0, 1000)]).toEqual([...direct.values]);
    expect(Math.max(...result.values.subarray(1000))).toBeCloseTo(1001, 1);
  });

  it("computes the template in a worker and carries analysis errors back with their message", async () => {
    const b = block(3, 800);
    const tmpl = await pool.run("analysis", "templateWaveform", {
      block: b,
      baseline: [0, 4000],
    });
    expect([...tmpl.values]).toEqual([...meanWaveform(b, { baseline: [0, 4000] }).values]);
    const error = await pool
      .run("analysis", "derivedTraces", { id: "trapezoid", params: { rise: 1e6 }, block: b })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).name).toBe("AnalysisError");
    expect((error as Error).message).toMatch(/trapezoid rise = 1000000 is 62500 samples/);
  });
});
