// LH5 layer benchmarks: waveform column reads (MB/s of decoded samples) against a plain fs read of the
// same file in the same run, codec decode/encode speed, and per-file open + list cost. Inputs are
// written with our own writer into the runner's scratch folder.
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import {
  decodeEncodedArray,
  encodeArray,
  radwareDecode,
  uleb128ZigzagDiffDecode,
} from "../../shared/codecs/index.ts";
import type { LgdoArray, LgdoEncodedArray, LgdoTable, WaveformCodec } from "../../shared/lgdo/model.ts";
import { initH5 } from "../../electron/services/lh5/h5.ts";
import { Lh5File } from "../../electron/services/lh5/reader.ts";
import { Lh5Writer, type WriteOptions } from "../../electron/services/lh5/writer.ts";
import type { BenchOptions, BenchRow } from "./types.ts";
import { benchTableColumns } from "./lh5-table-columns.ts";
import { median } from "./stats.ts";

const SAMPLES = 5592; // an LDQTA germanium trace
const MB = 1e6;

/** Runs `fn` `runs` times and returns the median wall time in seconds. */
function time(runs: number, fn: () => void): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    times.push((performance.now() - t0) / 1000);
  }
  return median(times);
}

/** Realistic uint16 traces: baseline near 15000, ±3 LSB noise, a charge pulse with exponential tail. */
function makeWaveforms(rows: number): LgdoArray {
  const data = new Uint16Array(rows * SAMPLES);
  let seed = 2024;
  const noise = (): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return (seed >>> 16) % 7;
  };
  for (let r = 0; r < rows; r++) {
    const amplitude = 200 + ((r * 7919) % 6000);
    const t0 = 2500 + (r % 300);
    for (let s = 0; s < SAMPLES; s++) {
      const pulse = s < t0 ? 0 : amplitude * Math.exp(-(s - t0) / 40000);
      data[r * SAMPLES + s] = 15000 + Math.round(pulse) + noise() - 3;
    }
  }
  return {
    kind: "array",
    form: "array_of_equalsized_arrays",
    element: { kind: "real" },
    dtype: "uint16",
    shape: [rows, SAMPLES],
    data,
    attrs: {},
  };
}

function waveformTable(values: LgdoArray | LgdoEncodedArray, rows: number): LgdoTable {
  const column = (value: number): LgdoArray => ({
    kind: "array",
    form: "array",
    element: { kind: "real" },
    dtype: "float32",
    shape: [rows],
    data: new Float32Array(rows).fill(value),
    attrs: { units: "ns" },
  });
  return {
    kind: "table",
    nRows: rows,
    columns: { t0: column(0), dt: column(16), values },
    columnOrder: ["t0", "dt", "values"],
    attrs: {},
  };
}

/** Writes `waveform` (a table) in blocks of 1000 rows, as the generator does. */
function writeWaveforms(path: string, table: LgdoTable, opts: WriteOptions): void {
  const writer = Lh5Writer.create(path, { overwrite: true, ...opts });
  writer.write("geds/raw/waveform", table);
  writer.commit();
}

interface Layout {
  label: string;
  file: string;
  codec?: WaveformCodec;
  opts: WriteOptions;
}

export async function benchLh5(opts: BenchOptions): Promise<BenchRow[]> {
  await initH5();
  const largestRows = opts.quick ? 2000 : 20000;
  const runs = opts.quick ? 3 : 5;
  const out: BenchRow[] = [];
  // Every figure at two sizes (÷10 and full) so the report shows how it grows (issue 9).
  for (const rows of [largestRows / 10, largestRows]) out.push(...waveformColumnFigures(opts, rows, runs));
  out.push(...benchOpenList(opts, runs));
  out.push(...benchTableColumns(opts, runs));
  return out;
}

/** Write, read, decode and encode figures of a waveform column of `rows` traces, for every layout. */
function waveformColumnFigures(opts: BenchOptions, rows: number, runs: number): BenchRow[] {
  const decodedBytes = rows * SAMPLES * 2;
  const size = `${rows} waveforms × ${SAMPLES} u16 (${(decodedBytes / MB).toFixed(0)} MB)`;
  const out: BenchRow[] = [];
  opts.log(`lh5: generating ${rows} waveforms`);
  const waveforms = makeWaveforms(rows);

  const layouts: Layout[] = [
    { label: "raw (chunked, no filter)", file: "raw.lh5", opts: { compression: "none" } },
    { label: "zstd", file: "zstd.lh5", opts: { compression: "zstd" } },
    {
      label: "radware_sigcompress",
      file: "radware.lh5",
      codec: { name: "radware_sigcompress", shift: -32768 },
      opts: {},
    },
    { label: "uleb128_zigzag_diff", file: "uleb128.lh5", codec: { name: "uleb128_zigzag_diff" }, opts: {} },
  ];
  if (!opts.quick) layouts.splice(2, 0, { label: "gzip", file: "gzip.lh5", opts: { compression: "gzip" } });

  for (const layout of layouts) {
    const path = join(opts.workDir, `${rows}-${layout.file}`);
    opts.log(`lh5: writing ${layout.label}`);
    let encoded: LgdoEncodedArray | null = null;
    // Three writes (each overwrites the file), so the figure is a median like the reads.
    const writeRuns = 3;
    const writeTime = time(writeRuns, () => {
      if (layout.codec) encoded = encodeArray(waveforms, layout.codec);
      writeWaveforms(path, waveformTable(encoded ?? waveforms, rows), layout.opts);
    });
    out.push({
      name: `write waveform column (${layout.label})`,
      size,
      unit: "MB/s",
      median: decodedBytes / MB / writeTime,
      runs: writeRuns,
      note: layout.codec ? "JS encode + write" : undefined,
    });
    const fileBytes = statSync(path).size;

    // the same file read by plain fs, in the same run: the ceiling for any reader
    const fsTime = time(runs, () => {
      readFileSync(path);
    });
    opts.log(`lh5: reading ${layout.label}`);
    const readTime = time(runs, () => {
      const file = Lh5File.open(path);
      const values = file.read("geds/raw/waveform/values", { decode: true });
      if (values.kind !== "array" || values.data.length !== rows * SAMPLES) throw new Error("bad read");
      file.close();
    });
    out.push({
      name: `read waveform column, whole (${layout.label})`,
      size,
      unit: "MB/s",
      median: decodedBytes / MB / readTime,
      runs,
      ratioTo: "plain fs read of the same file, same run (decoded MB/s over file MB/s)",
      ratio: decodedBytes / readTime / (fileBytes / fsTime),
      note: `file ${(fileBytes / MB).toFixed(0)} MB; fs read ${(fileBytes / MB / fsTime).toFixed(0)} MB/s of file bytes`,
    });
    const block = 1000;
    const blockTime = time(runs, () => {
      const file = Lh5File.open(path);
      for (let start = 0; start < rows; start += block) {
        file.read("geds/raw/waveform/values", { decode: true, rows: [start, start + block] });
      }
      file.close();
    });
    out.push({
      name: `read waveform column, ${block}-row blocks (${layout.label})`,
      size,
      unit: "MB/s",
      median: decodedBytes / MB / blockTime,
      runs,
    });
    const picks = Float64Array.from({ length: 200 }, (_, i) => Math.floor((i * rows) / 200));
    const randomTime = time(runs, () => {
      const file = Lh5File.open(path);
      for (const row of picks) file.read("geds/raw/waveform/values", { decode: true, indices: [row] });
      file.close();
    });
    out.push({
      name: `read single waveforms, 200 spread rows (${layout.label})`,
      size,
      unit: "ms/row",
      median: (randomTime * 1000) / picks.length,
      runs,
    });

    if (layout.codec && encoded !== null) {
      const enc: LgdoEncodedArray = encoded;
      const flat = (enc.encoded.flattened as LgdoArray).data as Uint8Array;
      const cl = enc.encoded.cumulativeLength;
      const row = new Int32Array(SAMPLES);
      const codec = layout.codec;
      const decodeTime = time(runs, () => {
        let start = 0;
        for (let i = 0; i < rows; i++) {
          const stop = cl[i] ?? 0;
          const bytes = flat.subarray(start, stop);
          if (codec.name === "radware_sigcompress") radwareDecode(bytes, row, codec.shift);
          else uleb128ZigzagDiffDecode(bytes, row);
          start = stop;
        }
      });
      out.push({
        name: `decode only, one reused row buffer (${layout.label})`,
        size,
        unit: "M samples/s",
        median: (rows * SAMPLES) / 1e6 / decodeTime,
        runs,
        note: `${(flat.length / MB / decodeTime).toFixed(0)} MB/s of encoded bytes; ${((flat.length / decodedBytes) * 100).toFixed(1)} % of u16 size`,
      });
      const columnTime = time(runs, () => {
        decodeEncodedArray(enc);
      });
      out.push({
        name: `decode whole column into a new array (${layout.label})`,
        size,
        unit: "MB/s",
        median: decodedBytes / MB / columnTime,
        runs,
      });
      const encodeTime = time(Math.min(runs, 3), () => {
        encodeArray(waveforms, codec);
      });
      out.push({
        name: `encode whole column (${layout.label})`,
        size,
        unit: "MB/s",
        median: decodedBytes / MB / encodeTime,
        runs: Math.min(runs, 3),
      });
    }
  }
  return out;
}

/** Open + list of files shaped like raw tiers: `channels` channel groups × a 36-column table. */
function benchOpenList(opts: BenchOptions, runs: number): BenchRow[] {
  const rows: BenchRow[] = [];
  for (const channels of opts.quick ? [10, 100] : [10, 100, 300]) {
    const path = join(opts.workDir, `channels-${channels}.lh5`);
    opts.log(`lh5: writing a ${channels}-channel file`);
    const writer = Lh5Writer.create(path, { overwrite: true, compression: "none" });
    const table: LgdoTable = { kind: "table", nRows: 10, columns: {}, columnOrder: [], attrs: {} };
    for (let c = 0; c < 36; c++) {
      const name = `column_${String(c).padStart(2, "0")}`;
      table.columns[name] = {
        kind: "array",
        form: "array",
        element: { kind: "real" },
        dtype: "float64",
        shape: [10],
        data: new Float64Array(10),
        attrs: { units: "ns" },
      };
      table.columnOrder.push(name);
    }
    for (let ch = 0; ch < channels; ch++) writer.write(`ch${1080000 + ch}/raw`, table);
    writer.commit();
    let objects = 0;
    const listTime = time(runs, () => {
      const file = Lh5File.open(path);
      objects = file.list().length;
      file.close();
    });
    const keysTime = time(runs, () => {
      const file = Lh5File.open(path);
      file.keys();
      file.close();
    });
    const size = `${channels} channels (${objects} objects)`;
    rows.push({
      name: "open + full list (metadata only) + close",
      size,
      unit: "ms/file",
      median: listTime * 1000,
      runs,
    });
    rows.push({
      name: "open + full list, per object",
      size,
      unit: "ms/object",
      median: (listTime * 1000) / Math.max(1, objects),
      runs,
      note: "h5py full walk ≈ 0.10 ms/object (lh5-format.md §5.3)",
    });
    rows.push({
      name: "open + top-level keys + close",
      size,
      unit: "ms/file",
      median: keysTime * 1000,
      runs,
    });
  }
  return rows;
}
