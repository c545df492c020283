// One rule for "run here or shard over the worker pool", and one progress sum for work split in parts.
// Each caller states what it is about to do (a kind of work and how many units); the rule compares the
// estimated time in one thread with what the pool costs: starting workers (thread, h5wasm, task module)
// when none runs, only messages when they all run.

/**
 * Estimated time of one unit of each kind of work in one thread, in ms (bench trees, 2-core VM). They keep
 * the break-even points each caller had measured before this rule was shared: loader 256 cycles with cold
 * workers and 32 with running ones, table scan 400 files, generator 200 cycles, walk ~4000 files.
 */
export const UNIT_COST_MS = {
  /** building the entry list of, or loading columns from, one cycle of a selection */
  loaderCycle: 3.91,
  /** listing the tables and columns of one file (FileDB scan_tables_columns) */
  tableFile: 2.5,
  /** reading the directory entry and stat of one file in a tier walk */
  walkFile: 0.032,
  /** writing one cycle (all tiers) of a generated dataset */
  generatorCycle: 5,
} as const;

export type WorkKind = keyof typeof UNIT_COST_MS;

/** Work shorter than this stays here when workers must start first (a start costs ~0.5 s per worker). */
export const COLD_MIN_MS = 1000;
/** Work shorter than this stays here even when every worker runs (messages and copies cost more). */
export const WARM_MIN_MS = 125;

/** What the rule needs to know of a pool. */
export interface PoolState {
  readonly size: number;
  readonly liveWorkers: number;
}

/**
 * Whether `units` of `kind` run in the pool. `asked` (a caller's or user's explicit choice) wins; else the
 * estimated time must reach WARM_MIN_MS with every worker running, COLD_MIN_MS otherwise.
 */
export function shardOverPool(pool: PoolState, kind: WorkKind, units: number, asked?: boolean): boolean {
  if (asked !== undefined) return asked;
  const estimatedMs = UNIT_COST_MS[kind] * units;
  return estimatedMs >= (pool.liveWorkers >= pool.size ? WARM_MIN_MS : COLD_MIN_MS);
}

/** Splits `items` into at most `parts` contiguous, nearly equal slices (none empty). */
export function contiguousParts<T>(items: readonly T[], parts: number): T[][] {
  const size = Math.max(1, Math.ceil(items.length / Math.max(1, parts)));
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * The progress of work done in parts: each part reports its own count of units done, and the sum over
 * the parts goes to `report` (one number, whatever the number of workers).
 */
export class ProgressSum {
  private readonly done: number[];
  private total = 0;

  constructor(
    parts: number,
    private readonly report: (done: number) => void,
  ) {
    this.done = new Array<number>(parts).fill(0);
  }

  /** The reporter of part `index`: call it with that part's units done so far. */
  part(index: number): (done: number) => void {
    return (done) => {
      this.total += done - (this.done[index] ?? 0);
      this.done[index] = done;
      this.report(this.total);
    };
  }

  get sum(): number {
    return this.total;
  }
}
