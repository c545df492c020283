// Row selections: the reader turns `rows` / `indices` options into ordered half-open ranges, and
// reads them in blocks so that a sparse index list never reads a whole dataset.

/** Half-open row ranges [start, stop), in non-decreasing start order; null = every row. */
export type RowRanges = Array<[number, number]> | null;

export class SelectionError extends Error {
  override name = "SelectionError";
}

/** Builds ranges from the reader options for an object of `nRows` rows. */
export function selectRows(
  nRows: number,
  rows: [number, number] | undefined,
  indices: ArrayLike<number> | undefined,
): RowRanges {
  if (rows !== undefined && indices !== undefined) {
    throw new SelectionError("give either a row range or an index list, not both");
  }
  if (rows !== undefined) {
    const [start, stop] = rows;
    if (!Number.isInteger(start) || !Number.isInteger(stop) || start < 0 || stop < start) {
      throw new SelectionError(`bad row range [${start}, ${stop}): need integers 0 <= start <= stop`);
    }
    const clampedStop = Math.min(stop, nRows);
    const clampedStart = Math.min(start, clampedStop);
    return [[clampedStart, clampedStop]];
  }
  if (indices !== undefined) {
    const ranges: Array<[number, number]> = [];
    let previous = -1;
    for (let k = 0; k < indices.length; k++) {
      const i = indices[k] ?? NaN;
      if (!Number.isInteger(i) || i < 0 || i >= nRows) {
        throw new SelectionError(`index ${i} at position ${k} is outside [0, ${nRows})`);
      }
      if (i < previous) throw new SelectionError(`indices must be sorted: ${i} follows ${previous}`);
      const last = ranges.at(-1);
      if (last !== undefined && last[1] === i) last[1] = i + 1;
      else ranges.push([i, i + 1]);
      previous = i;
    }
    return ranges;
  }
  return null;
}

/** Number of rows a selection yields. */
export function selectionLength(ranges: RowRanges, nRows: number): number {
  if (ranges === null) return nRows;
  let n = 0;
  for (const [a, b] of ranges) n += b - a;
  return n;
}

/** Joins ranges that touch, [a,b)+[b,c) → [a,c), keeping order and repeats. */
export function coalesce(ranges: Array<[number, number]>): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const [a, b] of ranges) {
    if (b <= a) continue;
    const last = out.at(-1);
    if (last !== undefined && last[1] === a) last[1] = b;
    else out.push([a, b]);
  }
  return out;
}

export interface ReadBlock {
  start: number;
  stop: number;
  /** The ranges served from this block, in output order. */
  ranges: Array<[number, number]>;
}

/**
 * Groups ranges into hull reads: a gap smaller than `maxGapRows` is read through rather than
 * paying another HDF5 call (each call re-opens the dataset, 0.1–0.2 ms).
 */
export function planBlocks(ranges: Array<[number, number]>, maxGapRows: number): ReadBlock[] {
  const blocks: ReadBlock[] = [];
  for (const range of ranges) {
    if (range[1] <= range[0]) continue;
    const block = blocks.at(-1);
    if (block !== undefined && range[0] >= block.start && range[0] <= block.stop + maxGapRows) {
      block.stop = Math.max(block.stop, range[1]);
      block.ranges.push(range);
    } else {
      blocks.push({ start: range[0], stop: range[1], ranges: [range] });
    }
  }
  return blocks;
}
