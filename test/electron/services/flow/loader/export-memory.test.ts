// Exports stream with bounded memory: the sink never receives more than a byte budget of loaded rows at once
// (spied on every format's sink), the file is the same as written in one piece, and a whole `lh5-browser
// load -o` process over a generated waveform selection stays under a generous resident-memory bound.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { tableFromIPC } from "apache-arrow";
import { parquetReadObjects } from "hyparquet";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { LgdoTable } from "../../../../../shared/lgdo/model.ts";
import {
  ArrowSink,
  CsvSink,
  Lh5Sink,
  ParquetSink,
  lgdoBytes,
} from "../../../../../electron/services/export/index.ts";
import { FIRST_CHUNK_ROWS } from "../../../../../electron/services/export/chunk-size.ts";
import { DataLoader } from "../../../../../electron/services/flow/loader/index.ts";
import { generateDataset, type GeneratedDataset } from "../../../../../electron/services/generator/index.ts";
import { Lh5File } from "../../../../../electron/services/lh5/reader.ts";
import { runCli } from "../../../../fixtures/cli-child.ts";
import { plainValues } from "./acceptance-helpers.ts";

let tmp: string;
let dataset: GeneratedDataset;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), "export-memory-"));
  // 2 cycles × 3 channels × 300 events: some 650 waveform rows of 1400 uint16 samples (2.8 kB each)
  dataset = await generateDataset(join(tmp, "small"), { cycles: 2, channels: 3, events: 300, seed: 3 });
}, 120_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

async function waveformLoader(): Promise<DataLoader> {
  const dl = await DataLoader.create(dataset.dataloaderConfigPath);
  dl.setFiles("all");
  dl.setOutput({ columns: ["waveform"] });
  return dl;
}

/** Rows and loaded bytes of every chunk a sink class receives while `work` runs. */
async function chunksSeen(
  sink: { prototype: { write(chunk: LgdoTable): Promise<void> } },
  work: () => Promise<unknown>,
): Promise<{ rows: number; bytes: number }[]> {
  const seen: { rows: number; bytes: number }[] = [];
  const write = sink.prototype.write;
  vi.spyOn(sink.prototype, "write").mockImplementation(function (this: unknown, chunk: LgdoTable) {
    seen.push({ rows: chunk.nRows, bytes: lgdoBytes(chunk) });
    return write.call(this, chunk);
  });
  await work();
  return seen;
}

const BUDGET = 200_000;

describe("exportTo streams chunks of at most chunkBytes loaded bytes", () => {
  it.each([
    ["csv", CsvSink],
    ["arrow", ArrowSink],
    ["lh5", Lh5Sink],
    ["parquet", ParquetSink],
  ] as const)("%s: every chunk after the first fits the budget", async (ext, sink) => {
    const dl = await waveformLoader();
    const entries = await dl.buildEntryList();
    const seen = await chunksSeen(sink, () =>
      dl.exportTo(join(tmp, `budget.${ext}`), { chunkBytes: BUDGET, overwrite: true }),
    );
    dl.close();
    expect(seen.reduce((sum, c) => sum + c.rows, 0)).toBe(entries.length);
    expect(seen[0]!.rows).toBe(FIRST_CHUNK_ROWS);
    for (const chunk of seen.slice(1)) expect(chunk.bytes).toBeLessThanOrEqual(BUDGET);
    // 2.8 kB rows: some 70 per chunk, so the selection comes in many chunks, never in one
    expect(seen.length).toBeGreaterThan(entries.length / 100);
  });

  it("the sink's own budget applies when none is given", async () => {
    const dl = await waveformLoader();
    const seen = await chunksSeen(ParquetSink, () =>
      dl.exportTo(join(tmp, "default.parquet"), { overwrite: true }),
    );
    dl.close();
    const probe = new ParquetSink(join(tmp, "probe.parquet"), { overwrite: true });
    probe.abort();
    for (const chunk of seen) expect(chunk.bytes).toBeLessThanOrEqual(probe.chunkBytes);
    expect(seen[0]!.rows).toBe(FIRST_CHUNK_ROWS);
  });

  it("writes the same values whatever the chunking (CSV byte for byte, LH5, Arrow and Parquet value by value)", async () => {
    const dl = await waveformLoader();
    const whole = (await dl.load()).table!;
    const waveform = whole.columns.waveform as LgdoTable;
    for (const ext of ["csv", "lh5", "arrow", "parquet"]) {
      await dl.exportTo(join(tmp, `small-chunks.${ext}`), { chunkBytes: BUDGET, overwrite: true });
      await dl.exportTo(join(tmp, `one-chunk.${ext}`), { chunkBytes: 1 << 30, overwrite: true });
    }
    dl.close();
    expect(readFileSync(join(tmp, "small-chunks.csv"), "utf8")).toBe(
      readFileSync(join(tmp, "one-chunk.csv"), "utf8"),
    );
    const file = Lh5File.open(join(tmp, "small-chunks.lh5"));
    const back = file.read("data") as LgdoTable;
    file.close();
    expect(plainValues((back.columns.waveform as LgdoTable).columns.values!)).toEqual(
      plainValues(waveform.columns.values!),
    );
    const arrow = tableFromIPC(readFileSync(join(tmp, "small-chunks.arrow")));
    expect(arrow.numRows).toBe(whole.nRows);
    expect(Array.from(arrow.getChild("waveform_values")!.get(whole.nRows - 1) as Iterable<number>)).toEqual(
      (plainValues(waveform.columns.values!) as number[][])[whole.nRows - 1],
    );
    const bytes = readFileSync(join(tmp, "small-chunks.parquet"));
    const rows = await parquetReadObjects({
      file: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
      columns: ["waveform_values"],
    });
    expect(rows.map((r): unknown => r.waveform_values)).toEqual(plainValues(waveform.columns.values!));
  });
});

describe("lh5-browser load -o in a child process", () => {
  it("exports ~8.7k waveform rows (24 MB of samples) to every format within a generous RSS bound", async () => {
    const big = await generateDataset(join(tmp, "big"), { cycles: 2, channels: 6, events: 4000, seed: 5 });
    for (const ext of ["lh5", "csv", "arrow", "parquet"]) {
      const out = join(tmp, `big.${ext}`);
      const run = await runCli(["load", big.dataloaderConfigPath, "--columns", "waveform", "-o", out]);
      expect(run.status, run.stderr).toBe(0);
      expect(run.stdout).toMatch(/^wrote \d{4} rows/);
      // the process alone (Node, tsx, h5wasm, the FileDB) takes some 180 MB; a whole-selection load
      // needs more than 100 MB beyond it for these rows (and grows with the selection)
      expect(run.peakRssBytes, ext).toBeGreaterThan(0);
      expect(run.peakRssBytes, ext).toBeLessThan(
        ext === "parquet" ? 600 * 2 ** 20 : 400 * 2 ** 20, // Parquet's encoder leaves garbage for the GC
      );
      rmSync(out);
    }
  }, 600_000);
});
