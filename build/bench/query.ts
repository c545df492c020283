// Cut expressions over typed arrays: the speed of parse + evaluateMask / evaluateNumeric at 10^6–10^7
// rows, against a hand-written fused loop doing the same work (ratio > 1 would mean we beat it).
import {
  evaluateMask,
  evaluateNumeric,
  parseExpression,
  tableFromColumns,
  type QueryTable,
} from "../../shared/query/index.ts";
import type { BenchOptions, BenchRow } from "./types.ts";
import { medianTimeMs } from "./stats.ts";

/** Deterministic data so every run measures the same work. */
function makeHitTable(rows: number): QueryTable {
  let seed = 12345;
  const next = (): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 4294967296;
  };
  const trapEmax = new Float32Array(rows);
  const AoE = new Float32Array(rows);
  const daqenergy = new Uint16Array(rows);
  const isValidCal = new Uint8Array(rows);
  for (let i = 0; i < rows; i++) {
    trapEmax[i] = next() * 3000;
    AoE[i] = next() * 6;
    daqenergy[i] = Math.floor(next() * 65535);
    isValidCal[i] = next() < 0.9 ? 1 : 0;
  }
  return tableFromColumns(rows, {
    trapEmax,
    AoE,
    daqenergy,
    is_valid_cal: { values: isValidCal, isBool: true },
  });
}

function makeFileTable(rows: number): { table: QueryTable; timestamps: string[] } {
  const timestamps = Array.from({ length: rows }, (_, k) => {
    const day = String(1 + (k % 28)).padStart(2, "0");
    const second = String(k % 60).padStart(2, "0");
    return `2023${String(1 + (Math.floor(k / 28) % 12)).padStart(2, "0")}${day}T0${k % 10}00${second}Z`;
  });
  const run = Array.from({ length: rows }, (_, k) => `r${String(k % 50).padStart(3, "0")}`);
  const type = Array.from({ length: rows }, (_, k) => (k % 2 === 0 ? "cal" : "phy"));
  return { table: tableFromColumns(rows, { timestamp: timestamps, run, type }), timestamps };
}

function count(mask: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < mask.length; i++) n += mask[i]!;
  return n;
}

/** `rows`/`repeats` override the sizes (tests use tiny ones); the runner passes only BenchOptions. */
export async function benchQuery(
  options: Partial<BenchOptions> & { rows?: number; fileRows?: number; repeats?: number } = {},
): Promise<BenchRow[]> {
  const quick = options.quick ?? false;
  const log = options.log ?? (() => undefined);
  const largestRows = options.rows ?? (quick ? 1_000_000 : 10_000_000);
  const repeats = options.repeats ?? (quick ? 3 : 7);
  const result: BenchRow[] = [];
  // Every figure at two sizes (÷10 and the full one) so the report shows how it grows (issue 9).
  for (const rows of [Math.round(largestRows / 10), largestRows])
    result.push(...hitFigures(rows, repeats, log));
  const largestFiles = options.fileRows ?? (quick ? 2_000 : 20_000);
  for (const fileRows of [Math.round(largestFiles / 10), largestFiles]) {
    result.push(...fileQueryFigures(fileRows, repeats, log));
  }
  result.push(...parseFigures(repeats));
  return Promise.resolve(result);
}

/** The cuts and the derived column over a hit table of `rows` rows, each against its hand-written loop. */
function hitFigures(rows: number, repeats: number, log: (line: string) => void): BenchRow[] {
  const size = `${rows} rows`;
  const hits = makeHitTable(rows);
  const trapEmax = hits.column("trapEmax")!.values as Float32Array;
  const AoE = hits.column("AoE")!.values as Float32Array;
  const daqenergy = hits.column("daqenergy")!.values as Uint16Array;
  const isValidCal = hits.column("is_valid_cal")!.values as Uint8Array;
  const result: BenchRow[] = [];
  const reference = "hand-written fused JS loop";

  const maskCase = (name: string, text: string, handLoop: () => Uint8Array): void => {
    log(`${name}: ${text}`);
    const ours = medianTimeMs(repeats, () => evaluateMask(parseExpression(text), hits));
    const hand = medianTimeMs(repeats, handLoop);
    const agree = count(evaluateMask(parseExpression(text), hits)) === count(handLoop());
    if (!agree) throw new Error(`${name}: the expression and the hand loop disagree`);
    result.push({
      name,
      size,
      unit: "ms",
      median: ours,
      ratioTo: reference,
      ratio: hand / ours,
      note: `\`${text}\`; ${((rows / ours) * 1e-3).toFixed(0)} M rows/s`,
      runs: repeats,
    });
  };

  maskCase("cut: chained range on float32", "1000 < trapEmax < 2000", () => {
    const out = new Uint8Array(rows);
    const lo = Math.fround(1000);
    const hi = Math.fround(2000);
    for (let i = 0; i < rows; i++) out[i] = lo < trapEmax[i]! && trapEmax[i]! < hi ? 1 : 0;
    return out;
  });

  maskCase(
    "cut: three columns (uint16, float32, bool)",
    "daqenergy > 1000 and AoE > 3 and is_valid_cal",
    () => {
      const out = new Uint8Array(rows);
      for (let i = 0; i < rows; i++)
        out[i] = daqenergy[i]! > 1000 && AoE[i]! > 3 && isValidCal[i] !== 0 ? 1 : 0;
      return out;
    },
  );

  maskCase("cut: membership on uint16", "daqenergy in [10221, 500, 7, 65534]", () => {
    const out = new Uint8Array(rows);
    for (let i = 0; i < rows; i++) {
      const v = daqenergy[i]!;
      out[i] = v === 10221 || v === 500 || v === 7 || v === 65534 ? 1 : 0;
    }
    return out;
  });

  {
    const text = "sqrt(trapEmax ** 2 + AoE ** 2) / 2";
    log(`derived column: ${text}`);
    const ours = medianTimeMs(repeats, () => evaluateNumeric(parseExpression(text), hits));
    const hand = medianTimeMs(repeats, () => {
      const out = new Float64Array(rows);
      for (let i = 0; i < rows; i++) {
        const a = trapEmax[i]!;
        const b = AoE[i]!;
        out[i] = Math.fround(
          Math.fround(Math.sqrt(Math.fround(Math.fround(a * a) + Math.fround(b * b)))) / 2,
        );
      }
      return out;
    });
    result.push({
      name: "derived column (evaluateNumeric)",
      size,
      unit: "ms",
      median: ours,
      ratioTo: reference,
      ratio: hand / ours,
      note: `\`${text}\`, float32 arithmetic as numexpr`,
      runs: repeats,
    });
  }

  return result;
}

/** The queries over the file table of `fileRows` files (set_files' generated key lists, text comparisons). */
function fileQueryFigures(fileRows: number, repeats: number, log: (line: string) => void): BenchRow[] {
  const result: BenchRow[] = [];
  {
    const { table, timestamps } = makeFileTable(fileRows);
    const keys = timestamps.filter((_, k) => k % 10 === 0);
    // What set_files(list of keys) generates (flow-spec §2.2).
    const text = keys.map((key) => `timestamp == '${key}'`).join(" or ");
    log(`file query: ${keys.length} generated keys over ${fileRows} files`);
    const ours = medianTimeMs(repeats, () => evaluateMask(parseExpression(text), table));
    result.push({
      name: "file query: generated key list",
      size: `${fileRows} files`,
      unit: "ms",
      median: ours,
      note: `\`timestamp == 'k1' or …\` with ${keys.length} keys (parse + evaluate)`,
      runs: repeats,
    });
    const mixed = "timestamp > '20230601T000000Z' and run in ['r001', 'r002', 'r017'] and type == 'phy'";
    result.push({
      name: "file query: text comparisons",
      size: `${fileRows} files`,
      unit: "ms",
      median: medianTimeMs(repeats, () => evaluateMask(parseExpression(mixed), table)),
      note: `\`${mixed}\``,
      runs: repeats,
    });
  }

  return result;
}

/** Parsing a typical cut, and ten of them joined by `or` (a long hand-written cut), so the figure shows its growth. */
function parseFigures(repeats: number): BenchRow[] {
  const typical = "1000 < trapEmax < 2000 and not is_valid_cal | (AoE * 2 % 3 != 4) & daqenergy in [1, 2, 3]";
  const long = Array.from({ length: 10 }, () => `(${typical})`).join(" or ");
  return [typical, long].map((text) => {
    // Enough parses per timing that a run is milliseconds long, whatever the text length.
    const parses = Math.max(100, Math.round(1_000_000 / text.length));
    const ms = medianTimeMs(repeats, () => {
      for (let k = 0; k < parses; k++) parseExpression(text);
    });
    return {
      name: "parse a typical cut",
      size: `${text.length} chars`,
      unit: "µs",
      median: (ms * 1000) / parses,
      note:
        text === typical
          ? `\`${typical}\``
          : "the typical cut ten times, each in parentheses, joined by `or`",
      runs: repeats,
    };
  });
}
