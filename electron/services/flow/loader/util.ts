// Small helpers of the loader: growable Int32 columns, sorted-unique row sets, and de-duplicated warnings.

/** An Int32Array that grows by doubling. */
export class Int32Builder {
  private data = new Int32Array(1024);
  length = 0;

  push(value: number): void {
    if (this.length === this.data.length) this.grow(this.length + 1);
    this.data[this.length++] = value;
  }

  /** Appends `count` copies of `value`. */
  fill(value: number, count: number): void {
    this.grow(this.length + count);
    this.data.fill(value, this.length, this.length + count);
    this.length += count;
  }

  /** Appends start, start+1, …, start+count-1. */
  range(start: number, count: number): void {
    this.grow(this.length + count);
    for (let i = 0; i < count; i++) this.data[this.length + i] = start + i;
    this.length += count;
  }

  private grow(needed: number): void {
    if (needed <= this.data.length) return;
    let size = this.data.length;
    while (size < needed) size *= 2;
    const next = new Int32Array(size);
    next.set(this.data.subarray(0, this.length));
    this.data = next;
  }

  toArray(): Int32Array {
    return this.data.slice(0, this.length);
  }
}

/**
 * The sorted distinct values of `rows`, and for each input the position of its value in that list, so a
 * subset read at `unique` rows maps back: value of input i = read[positionOf[i]].
 */
export function uniqueRows(rows: ArrayLike<number>): { unique: Int32Array; positionOf: Int32Array } {
  const n = rows.length;
  const positionOf = new Int32Array(n);
  let sorted = true;
  let distinct = true;
  for (let i = 1; i < n; i++) {
    if (rows[i]! < rows[i - 1]!) sorted = false;
    else if (rows[i] === rows[i - 1]) distinct = false;
  }
  if (sorted && distinct) {
    for (let i = 0; i < n; i++) positionOf[i] = i;
    return { unique: Int32Array.from(rows), positionOf };
  }
  const order = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => rows[a]! - rows[b]! || a - b);
  const unique = new Int32Array(n);
  let k = -1;
  for (let j = 0; j < n; j++) {
    const i = order[j]!;
    if (k < 0 || rows[i] !== unique[k]) unique[++k] = rows[i]!;
    positionOf[i] = k;
  }
  return { unique: unique.slice(0, k + 1), positionOf };
}

/** Row selection for a read: a [start, stop) range when the rows are contiguous, else the index list. */
export function rowSelection(unique: Int32Array): { rows: [number, number] } | { indices: Int32Array } {
  const n = unique.length;
  if (n > 0 && unique[n - 1]! - unique[0]! === n - 1) return { rows: [unique[0]!, unique[n - 1]! + 1] };
  return { indices: unique };
}

/** Warnings, each said once with a count of how often it happened. */
export class Warnings {
  private readonly counts = new Map<string, number>();

  add(message: string): void {
    this.counts.set(message, (this.counts.get(message) ?? 0) + 1);
  }

  /** Adds `count` occurrences of a message (merging warnings from worker threads). */
  addCount(message: string, count: number): void {
    this.counts.set(message, (this.counts.get(message) ?? 0) + count);
  }

  entries(): [string, number][] {
    return [...this.counts];
  }

  list(): string[] {
    return [...this.counts].map(([message, count]) => (count > 1 ? `${message} (×${count})` : message));
  }
}

/** What cancellation needs of an AbortSignal (a worker's task context provides the same). */
export interface AbortLike {
  readonly aborted: boolean;
  readonly reason?: unknown;
}

/** Throws the signal's reason (an AbortError) when it was aborted. */
export function checkAborted(signal: AbortLike | undefined): void {
  if (signal?.aborted) {
    throw signal.reason instanceof Error
      ? signal.reason
      : new DOMException("The operation was aborted", "AbortError");
  }
}
