// BENCHMARKS.md: one section per suite, replaced when that suite runs and kept otherwise, each with the
// machine it ran on, input sizes, medians, ratios to the references, growth with size and peak memory.
import { arch, cpus, loadavg, platform, totalmem } from "node:os";
import type { BenchRow } from "./types.ts";

export interface MachineInfo {
  cpu: string;
  cores: number;
  memoryBytes: number;
  node: string;
  platform: string;
  /** 1, 5 and 15-minute load averages when the suite finished: the machine is shared, so figures vary with it. */
  loadAverage?: number[];
}

export interface SuiteResult {
  suite: string;
  title: string;
  rows: BenchRow[];
  /** Wall-clock seconds of the whole suite. */
  seconds: number;
  /** Peak resident memory of the process that ran the suite (bytes). */
  peakRssBytes: number;
  quick: boolean;
  /** ISO time the suite finished. */
  finishedAt: string;
  machine: MachineInfo;
  /** Set when the suite failed: its rows may be partial or empty. */
  error?: string;
}

export function machineInfo(): MachineInfo {
  const list = cpus();
  return {
    cpu: list[0]?.model.trim() ?? "unknown CPU",
    cores: list.length,
    memoryBytes: totalmem(),
    node: process.version,
    platform: `${platform()} ${arch()}`,
    loadAverage: loadavg(),
  };
}

/** Three significant digits, thousands grouped, no exponent for ordinary magnitudes. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return "0";
  const magnitude = Math.floor(Math.log10(Math.abs(value)));
  const decimals = Math.max(0, 2 - magnitude);
  if (magnitude < -4) return value.toExponential(2);
  return value.toLocaleString("en-US", { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

export function formatBytes(bytes: number): string {
  return `${formatNumber(bytes / 1e6)} MB`;
}

/** The leading number of a size label ("1,000 cycles" → 1000), or NaN. */
export function sizeValue(size: string): number {
  const match = /^\s*([\d.,]+(?:e\d+)?)/i.exec(size);
  return match ? Number(match[1]!.replace(/,/g, "")) : Number.NaN;
}

/**
 * How each figure (same name and unit) grows with size: for every row but the smallest of its figure, "×a size → ×b"
 * (the median's factor against the smallest size). Empty where sizes are not comparable.
 */
export function growthByRow(rows: readonly BenchRow[]): Map<BenchRow, string> {
  const growth = new Map<BenchRow, string>();
  const byFigure = new Map<string, BenchRow[]>();
  // One figure = name and unit: a suite may give the same name in two units (rows/s and MB/s of one export).
  for (const row of rows) {
    const key = `${row.name}\u0000${row.unit}`;
    byFigure.set(key, [...(byFigure.get(key) ?? []), row]);
  }
  for (const group of byFigure.values()) {
    const sized = group.filter((r) => Number.isFinite(sizeValue(r.size)) && sizeValue(r.size) > 0);
    if (sized.length < 2) continue;
    const smallest = sized.reduce((a, b) => (sizeValue(b.size) < sizeValue(a.size) ? b : a));
    for (const row of sized) {
      if (row === smallest || smallest.median === 0) continue;
      const sizeFactor = sizeValue(row.size) / sizeValue(smallest.size);
      if (sizeFactor === 1) continue;
      growth.set(row, `×${formatNumber(sizeFactor)} size → ×${formatNumber(row.median / smallest.median)}`);
    }
  }
  return growth;
}

function cell(text: string | undefined): string {
  return (text ?? "").replace(/\|/g, "\\|").replace(/\n/g, " ");
}

const BEGIN = (suite: string): string => `<!-- bench:${suite} begin -->`;
const END = (suite: string): string => `<!-- bench:${suite} end -->`;

export function renderSection(result: SuiteResult): string {
  const m = result.machine;
  const lines = [
    BEGIN(result.suite),
    `## ${result.suite}: ${result.title}`,
    "",
    `Run ${result.finishedAt.replace("T", " ").replace(/\.\d+Z$/, " UTC")} on ${m.cpu} (${m.cores} cores, ` +
      `${formatNumber(m.memoryBytes / 1e9)} GB RAM), Node ${m.node}, ${m.platform}` +
      `${m.loadAverage ? `, load average ${m.loadAverage.map((l) => l.toFixed(1)).join(" / ")}` : ""}; ` +
      `${result.quick ? "quick sizes" : "full sizes"}; suite took ${formatNumber(result.seconds)} s; ` +
      `peak RSS of the suite's process ${formatBytes(result.peakRssBytes)}.`,
    "",
  ];
  if (result.error !== undefined) lines.push(`**The suite failed:** ${cell(result.error)}`, "");
  if (result.rows.length > 0) {
    const growth = growthByRow(result.rows);
    lines.push(
      "| figure | size | median | unit | runs | growth with size | ratio | reference | peak RSS | note |",
      "|---|---|---:|---|---:|---|---:|---|---:|---|",
    );
    for (const row of result.rows) {
      lines.push(
        `| ${cell(row.name)} | ${cell(row.size)} | ${formatNumber(row.median)} | ${cell(row.unit)} | ` +
          `${row.runs ?? ""} | ${growth.get(row) ?? ""} | ${row.ratio === undefined ? "" : `${formatNumber(row.ratio)}×`} | ` +
          `${cell(row.ratioTo)} | ${row.peakRssBytes === undefined ? "" : formatBytes(row.peakRssBytes)} | ${cell(row.note)} |`,
      );
    }
    lines.push("");
  }
  lines.push(END(result.suite));
  return lines.join("\n");
}

export const REPORT_HEADER = `# Benchmarks

Written by \`npm run bench\` (\`build/bench/run.ts\`; \`--quick\` for small inputs, \`--only a,b\` for some suites).
Each suite runs in a fresh Node process, so its peak RSS is its own. Each section is replaced when its suite runs;
sections of suites not run are kept as they were. "median" is over the repeated runs ("runs"); "growth with size"
compares each size with the smallest size of the same figure; "ratio" is ours against the reference measured in the
same run (or pygama's figures from \`../shared/pygama-baseline.md\`), oriented so that above 1 means we are better.
The machine is shared by several jobs: each section gives the load average when its suite finished, so compare
ratios and CPU times within a section rather than absolute times across sections.
`;

/** Splits an existing report into its suite sections, in file order. */
export function parseSections(text: string): Array<{ suite: string; text: string }> {
  const sections: Array<{ suite: string; text: string }> = [];
  const pattern = /<!-- bench:([\w-]+) begin -->[\s\S]*?<!-- bench:\1 end -->/g;
  for (const match of text.matchAll(pattern)) sections.push({ suite: match[1]!, text: match[0] });
  return sections;
}

/**
 * The new report: the header, then the old sections with re-run ones replaced and new ones added, ordered by
 * `order` (suite names; sections of unknown suites keep their place after the known ones).
 */
export function mergeReport(
  existing: string | null,
  fresh: readonly SuiteResult[],
  order: readonly string[] = [],
): string {
  const old = existing === null ? [] : parseSections(existing);
  const rendered = new Map(fresh.map((r) => [r.suite, renderSection(r)]));
  const sections: Array<{ suite: string; text: string }> = [];
  for (const section of old) {
    sections.push({ suite: section.suite, text: rendered.get(section.suite) ?? section.text });
    rendered.delete(section.suite);
  }
  for (const [suite, text] of rendered) sections.push({ suite, text });
  const rank = (suite: string): number => {
    const i = order.indexOf(suite);
    return i < 0 ? order.length : i;
  };
  sections.sort((a, b) => rank(a.suite) - rank(b.suite)); // stable: unknown suites keep their order
  return `${REPORT_HEADER}\n${sections.map((s) => s.text).join("\n\n")}\n`;
}
