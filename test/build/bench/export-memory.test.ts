// The export-memory bench on a tiny plan: one cycle and ten cycles of a generated dataset exported by the CLI in
// child processes, with a peak RSS and a rows/s figure each, and the 10×N row judged against the 1.5× bound.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { exportMemoryRows } from "../../../build/bench/export-memory.ts";

describe("export-memory bench", () => {
  const workDir = mkdtempSync(join(tmpdir(), "lh5-bench-export-memory-test-"));
  afterAll(() => rmSync(workDir, { recursive: true, force: true }));

  it("measures N and 10×N rows per format in child processes", async () => {
    const lines: string[] = [];
    const rows = await exportMemoryRows(
      { quick: true, workDir, log: (line) => lines.push(line) },
      { events: 30, runs: 1, formats: ["csv"] },
    );
    const rss = rows.filter((r) => r.unit === "MB");
    expect(rss.map((r) => r.name)).toEqual([
      "load -o waveforms to csv: peak RSS of the process",
      "load -o waveforms to csv: peak RSS of the process",
    ]);
    const [small, large] = rss.map((r) => Number.parseInt(r.size, 10));
    expect(small).toBeGreaterThan(0);
    // ten cycles of the same dataset: about ten times the rows (the cycles' hit counts differ a little)
    expect(large! / small!).toBeGreaterThan(6);
    expect(large! / small!).toBeLessThan(14);
    for (const r of rss) expect(r.median).toBeGreaterThan(50); // a Node process with h5wasm loaded
    expect(rss[0]!.ratio).toBeUndefined();
    expect(rss[1]!.ratioTo).toBe("1.5 × the peak RSS at N rows");
    expect(rss[1]!.ratio).toBeCloseTo((1.5 * rss[0]!.median) / rss[1]!.median, 6);
    expect(rows.filter((r) => r.unit === "rows/s").every((r) => r.median > 0)).toBe(true);
    expect(lines.filter((l) => /^export-memory csv: \d+ rows/.test(l))).toHaveLength(2);
  }, 180_000);
});
