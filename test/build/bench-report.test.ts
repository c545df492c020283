import { describe, expect, it } from "vitest";
import {
  formatNumber,
  growthByRow,
  mergeReport,
  parseSections,
  renderSection,
  sizeValue,
  type SuiteResult,
} from "../../build/bench/report.ts";
import { SUITES, parseRunnerArgs } from "../../build/bench/run.ts";
import type { BenchRow } from "../../build/bench/types.ts";

const machine = {
  cpu: "Test CPU @ 2.0GHz",
  cores: 2,
  memoryBytes: 8e9,
  node: "v24.21.0",
  platform: "linux x64",
};

function result(suite: string, rows: BenchRow[], extra: Partial<SuiteResult> = {}): SuiteResult {
  return {
    suite,
    title: `${suite} things`,
    rows,
    seconds: 12.5,
    peakRssBytes: 123_400_000,
    quick: false,
    finishedAt: "2026-11-24T08:30:00.000Z",
    machine,
    ...extra,
  };
}

describe("bench report", () => {
  it("formats numbers with three significant digits and reads leading sizes", () => {
    expect(formatNumber(1234.5)).toBe("1,235");
    expect(formatNumber(12.345)).toBe("12.3");
    expect(formatNumber(0.012345)).toBe("0.0123");
    expect(formatNumber(0)).toBe("0");
    expect(sizeValue("10,000 cycles")).toBe(10000);
    expect(sizeValue("1e7 values")).toBe(1e7);
    expect(sizeValue("p03 tree")).toBeNaN();
  });

  it("says how each figure grows against its smallest size", () => {
    const small = { name: "scan", size: "1,000 cycles", unit: "s", median: 2 };
    const large = { name: "scan", size: "10,000 cycles", unit: "s", median: 19 };
    const other = { name: "read", size: "10 MB", unit: "MB/s", median: 100 };
    const growth = growthByRow([large, small, other]);
    expect(growth.get(large)).toBe("×10.0 size → ×9.50");
    expect(growth.has(small)).toBe(false);
    expect(growth.has(other)).toBe(false);
  });

  it("compares a figure only with rows of the same unit", () => {
    const rowsSmall = { name: "export csv", size: "10000 rows", unit: "rows/s", median: 40_000 };
    const bytesSmall = { name: "export csv", size: "10000 rows", unit: "MB/s", median: 4 };
    const rowsLarge = { name: "export csv", size: "100000 rows", unit: "rows/s", median: 80_000 };
    const bytesLarge = { name: "export csv", size: "100000 rows", unit: "MB/s", median: 6 };
    const growth = growthByRow([rowsSmall, bytesSmall, rowsLarge, bytesLarge]);
    expect(growth.get(rowsLarge)).toBe("×10.0 size → ×2.00");
    expect(growth.get(bytesLarge)).toBe("×10.0 size → ×1.50");
    expect(growth.size).toBe(2);
  });

  it("renders a section with the machine, sizes, medians, ratios, peak memory and failures", () => {
    const text = renderSection(
      result("filedb", [
        {
          name: "scan | files",
          size: "1000 cycles",
          unit: "s",
          median: 0.5,
          runs: 5,
          ratio: 12.3,
          ratioTo: "pygama 2.3.8",
        },
        { name: "scan | files", size: "10000 cycles", unit: "s", median: 4.9, runs: 3, peakRssBytes: 2e8 },
      ]),
    );
    expect(text).toContain("<!-- bench:filedb begin -->");
    expect(text).toContain("## filedb: filedb things");
    expect(text).toContain("Test CPU @ 2.0GHz (2 cores, 8.00 GB RAM), Node v24.21.0, linux x64");
    expect(text).toContain("peak RSS of the suite's process 123 MB");
    expect(text).toContain(
      "| scan \\| files | 1000 cycles | 0.500 | s | 5 |  | 12.3× | pygama 2.3.8 |  |  |",
    );
    expect(text).toContain("×10.0 size → ×9.80");
    expect(text).toContain("| 200 MB |");
    const failed = renderSection(result("loader", [], { error: "suite process failed (exit code 1)" }));
    expect(failed).toContain("**The suite failed:** suite process failed (exit code 1)");
  });

  it("keeps the sections of suites not run, replaces re-run ones in place and appends new ones", () => {
    const first = mergeReport(null, [
      result("lh5", [{ name: "read", size: "1 MB", unit: "MB/s", median: 100 }]),
      result("filedb", [{ name: "scan", size: "1000 cycles", unit: "s", median: 1 }]),
    ]);
    expect(parseSections(first).map((s) => s.suite)).toEqual(["lh5", "filedb"]);
    const second = mergeReport(first, [
      result("filedb", [{ name: "scan", size: "1000 cycles", unit: "s", median: 0.25 }]),
      result("generator", [{ name: "generate", size: "200 cycles", unit: "cycles/s", median: 40 }]),
    ]);
    const sections = parseSections(second);
    expect(sections.map((s) => s.suite)).toEqual(["lh5", "filedb", "generator"]);
    expect(sections[0]!.text).toBe(parseSections(first)[0]!.text);
    expect(sections[1]!.text).toContain("| 0.250 |");
    expect(sections[1]!.text).not.toContain("| 1.00 |");
    expect(second.startsWith("# Benchmarks")).toBe(true);
    expect(second.match(/# Benchmarks/g)).toHaveLength(1);
    // with an order, sections follow it whatever order they were run in
    const ordered = mergeReport(second, [], ["generator", "lh5", "filedb"]);
    expect(parseSections(ordered).map((s) => s.suite)).toEqual(["generator", "lh5", "filedb"]);
  });

  it("checks the runner's arguments against the known suites", () => {
    expect(parseRunnerArgs(["--quick", "--only", "lh5, filedb"])).toMatchObject({
      quick: true,
      only: ["lh5", "filedb"],
    });
    expect(parseRunnerArgs([])).toMatchObject({ quick: false, only: null, print: false });
    expect(parseRunnerArgs(["--print"])).toMatchObject({ print: true });
    expect(() => parseRunnerArgs(["--only", "nope"])).toThrow(/unknown suite 'nope'/);
    expect(SUITES.map((s) => s.name)).toEqual(
      expect.arrayContaining(["lh5", "query", "filedb", "loader", "analysis", "generator"]),
    );
    expect(new Set(SUITES.map((s) => s.name)).size).toBe(SUITES.length);
  });
});
