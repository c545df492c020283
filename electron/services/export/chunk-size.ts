// How many entries an export loads at once. A fixed row count cannot bound memory: a row of scalars is tens
// of bytes, a waveform row tens of kilobytes. So chunks are sized by the bytes that loaded rows take, measured
// on the chunks already loaded, and the next chunk gets as many rows as fit the budget.
import type { Lgdo } from "../../../shared/lgdo/model.ts";

/** Loaded bytes per chunk when a sink asks for nothing else (sinks that expand data in memory ask for less). */
export const DEFAULT_CHUNK_BYTES = 8 << 20;

/** Most entries a chunk holds, however narrow its rows (the byte budget usually decides first). */
export const MAX_CHUNK_ROWS = 100_000;

/** Entries of the first chunk, before any row width is known: a few MB even for rows of 64 kB waveforms. */
export const FIRST_CHUNK_ROWS = 64;

/** Bytes an LGDO holds in memory (typed-array payloads; strings at two bytes a character plus a header). */
export function lgdoBytes(obj: Lgdo): number {
  switch (obj.kind) {
    case "array":
      if (Array.isArray(obj.data)) {
        let bytes = 0;
        for (const s of obj.data) bytes += 16 + 2 * s.length;
        return bytes;
      }
      return obj.data.byteLength;
    case "vov":
      return obj.cumulativeLength.byteLength + lgdoBytes(obj.flattened);
    case "encoded":
      return lgdoBytes(obj.encoded) + (typeof obj.decodedSize === "number" ? 8 : obj.decodedSize.byteLength);
    case "table":
    case "struct": {
      let bytes = 0;
      for (const column of Object.values(obj.kind === "table" ? obj.columns : obj.fields))
        bytes += lgdoBytes(column);
      return bytes;
    }
    case "scalar":
    case "histogram":
      return 64; // a few numbers; never the reason a chunk is big
  }
}

/**
 * Rows of the next chunk: the widest row seen so far (bytes per entry) decides how many fit `budgetBytes`,
 * never more than `maxRows` nor fewer than one.
 */
export class ChunkSizer {
  private bytesPerRow = 0;

  constructor(
    private readonly budgetBytes: number = DEFAULT_CHUNK_BYTES,
    private readonly maxRows: number = Number.POSITIVE_INFINITY,
    private readonly firstRows: number = FIRST_CHUNK_ROWS,
  ) {
    if (!(budgetBytes > 0)) throw new RangeError("chunk budget must be positive");
    if (!(maxRows >= 1)) throw new RangeError("chunk rows must be positive");
  }

  /** Rows to load next. */
  nextRows(): number {
    if (this.bytesPerRow === 0) return Math.max(1, Math.min(this.maxRows, this.firstRows));
    const fit = Math.floor(this.budgetBytes / this.bytesPerRow);
    return Math.max(1, Math.min(this.maxRows, fit));
  }

  /** Records a loaded chunk: `rows` entries that took `bytes`. */
  observe(rows: number, bytes: number): void {
    if (rows > 0) this.bytesPerRow = Math.max(this.bytesPerRow, bytes / rows);
  }
}
