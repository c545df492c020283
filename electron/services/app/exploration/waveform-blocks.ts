// Waveform reads in row blocks with an LRU cache of decoded blocks, so paging through a compressed
// file decodes each block once. Samples are exactly what `Lh5File.read(..., {decode: true})` gives.
import type { Lgdo, LgdoTable, NumericData } from "../../../../shared/lgdo/model.ts";
import { FileCache } from "../../flow/loader/sources.ts";
import { ExplorationError } from "./context.ts";
import { fileStamp } from "../../fs/file-stamp.ts";

/** Rows per block: a page of neighbouring entries usually sits in one or two blocks. */
export const BLOCK_ROWS = 64;
/** Decoded samples kept in the cache (about 256 MB of float32-equivalent data). */
const MAX_CACHED_SAMPLES = 64_000_000;

/** A block of waveforms: row r holds samples[offsets[r] : offsets[r + 1]], at t0[r] + k·dt[r]. */
export interface WaveformRows {
  t0: Float64Array;
  dt: Float64Array;
  offsets: Float64Array;
  samples: NumericData;
  timeUnits: string;
}

function numbers(column: Lgdo | undefined, n: number, fallback: number): Float64Array {
  if (column && column.kind === "array" && column.dtype !== "string")
    return Float64Array.from(column.data as NumericData);
  return new Float64Array(n).fill(fallback);
}

/** Decoded waveform LGDO (a `table{t0,dt,values}` or a bare 2-D array / VoV) as rows. */
export function toWaveformRows(obj: Lgdo, where: string): WaveformRows {
  let values: Lgdo = obj;
  let table: LgdoTable | null = null;
  if (obj.kind === "table") {
    const inner = obj.columns.values;
    if (!inner) throw new ExplorationError(`'${where}' is a table without a 'values' column, not a waveform`);
    table = obj;
    values = inner;
  }
  let offsets: Float64Array;
  let samples: NumericData;
  if (values.kind === "array" && values.shape.length === 2 && values.dtype !== "string") {
    const [n, width] = values.shape as [number, number];
    offsets = Float64Array.from({ length: n + 1 }, (_, r) => r * width);
    samples = values.data as NumericData;
  } else if (
    values.kind === "vov" &&
    values.flattened.kind === "array" &&
    values.flattened.dtype !== "string"
  ) {
    offsets = new Float64Array(values.cumulativeLength.length + 1);
    offsets.set(values.cumulativeLength, 1);
    samples = values.flattened.data as NumericData;
  } else {
    throw new ExplorationError(`'${where}' does not hold waveforms (${values.kind}); pick a waveform column`);
  }
  const n = offsets.length - 1;
  const dtColumn = table?.columns.dt;
  const units = dtColumn?.attrs.units;
  return {
    t0: numbers(table?.columns.t0, n, 0),
    dt: numbers(dtColumn, n, 1),
    offsets,
    samples,
    timeUnits: typeof units === "string" ? units : table ? "" : "samples",
  };
}

/** Cached, block-wise waveform reader over open files. */
export class WaveformBlockCache {
  private readonly files = new FileCache(32);
  private readonly blocks = new Map<string, WaveformRows>();
  private cachedSamples = 0;
  hits = 0;
  misses = 0;

  /** The waveform at `row` of `objectPath` (a column of a table) in `file`. */
  get(file: string, objectPath: string, row: number): { rows: WaveformRows; index: number } {
    const block = Math.floor(row / BLOCK_ROWS);
    const key = `${file}\0${fileStamp(file)}\0${objectPath}\0${block}`; // a rewritten file is read again
    let rows = this.blocks.get(key);
    if (rows) {
      this.hits++;
      this.blocks.delete(key);
      this.blocks.set(key, rows);
    } else {
      this.misses++;
      const lgdo = this.files
        .get(file)
        .read(objectPath, { rows: [block * BLOCK_ROWS, (block + 1) * BLOCK_ROWS], decode: true });
      rows = toWaveformRows(lgdo, `${file}:${objectPath}`);
      this.remember(key, rows);
    }
    const index = row - block * BLOCK_ROWS;
    if (index >= rows.offsets.length - 1)
      throw new ExplorationError(`row ${row} is past the end of '${objectPath}' in '${file}'`, file);
    return { rows, index };
  }

  private remember(key: string, rows: WaveformRows): void {
    this.blocks.set(key, rows);
    this.cachedSamples += rows.samples.length;
    while (this.cachedSamples > MAX_CACHED_SAMPLES && this.blocks.size > 1) {
      const [oldest, dropped] = this.blocks.entries().next().value as [string, WaveformRows];
      this.blocks.delete(oldest);
      this.cachedSamples -= dropped.samples.length;
    }
  }

  close(): void {
    this.files.closeAll();
    this.blocks.clear();
    this.cachedSamples = 0;
  }
}
