// waveformPage: a page (or seeded random sample) of the selection's entries — optionally only those in a
// histogram bin, range or box — with their waveforms decoded, legend values and transforms.
import type {
  WaveformPage,
  WaveformPageRequest,
  WaveformTransform,
  WaveformValueRange,
  WaveformsMissing,
} from "../../../../shared/api/types.ts";
import { selectInBox, selectInRange } from "../../analysis/select.ts";
import {
  align,
  movingAverage,
  normalize,
  poleZero,
  subtractBaseline,
  trapezoid,
  type Waveform,
} from "../../analysis/waveform.ts";
import { derivative, powerSpectrum } from "../../analysis/spectrum.ts";
import { Rng } from "../../generator/prng.ts";
import type { EntryList } from "../../flow/loader/index.ts";
import { type ExplorationContext, ExplorationError } from "./context.ts";
import { type AlignedColumn, type TcmCache, loadAligned } from "./entry-values.ts";
import type { SelectionEngine } from "./engine.ts";
import { initH5 } from "../../lh5/h5.ts";
import { LruMap } from "./lru-map.ts";
import { type BuiltSelection, prepareSelection } from "./selection.ts";
import { type Selection, checkColumns } from "./selection-value.ts";
import type { WaveformBlockCache } from "./waveform-blocks.ts";
import { type EntryIdentifier, cycleKey } from "./identity.ts";

/** Positions [start, start + count) of a list of `n`, or `count` distinct random positions (ascending). */
export function pagePositions(n: number, start: number, count: number, seed?: number): Int32Array {
  if (seed === undefined) {
    const from = Math.min(start, n);
    const to = Math.min(n, from + count);
    return Int32Array.from({ length: to - from }, (_, i) => from + i);
  }
  if (count >= n) return Int32Array.from({ length: n }, (_, i) => i);
  // Floyd's algorithm: count distinct draws without a shuffle of all n.
  const rng = new Rng(seed >>> 0, 0x77f);
  const chosen = new Set<number>();
  for (let j = n - count; j < n; j++) {
    const t = rng.int(j + 1);
    chosen.add(chosen.has(t) ? j : t);
  }
  return Int32Array.from([...chosen].sort((a, b) => a - b));
}

/** Indices (ascending) of the selection's entries inside a value range (one column) or box (two columns). */
export async function indicesInRange(
  engine: SelectionEngine,
  selection: Selection,
  range: WaveformValueRange,
): Promise<Uint32Array> {
  const columns = [{ column: range.column, tier: range.tier }];
  const box = range.column2 !== undefined;
  if (box) {
    if (range.lo2 === undefined || range.hi2 === undefined)
      throw new ExplorationError(`valueRange: column2 '${range.column2}' needs lo2 and hi2`);
    columns.push({ column: range.column2!, tier: range.tier2 });
  }
  const values = await engine.columns(selection, columns);
  return box
    ? selectInBox(values[0]!, values[1]!, [range.lo, range.hi], [range.lo2!, range.hi2!], undefined, {
        closedHighX: range.closedHigh ?? false,
        closedHighY: range.closedHigh2 ?? false,
      })
    : selectInRange(values[0]!, range.lo, range.hi, undefined, { closedHigh: range.closedHigh ?? false });
}

/** Entries of the selection's list inside a value range (one column) or box (two columns). */
async function filterByRange(
  engine: SelectionEngine,
  selection: Selection,
  entries: EntryList,
  range: WaveformValueRange,
): Promise<EntryList> {
  return entries.take(Int32Array.from(await indicesInRange(engine, selection, range)));
}

/** The tier of the lowest level whose table of this cycle has `column` (raw before dsp before hit). */
function tierWith(
  ctx: ExplorationContext,
  tiers: readonly string[],
  row: number,
  table: number | string,
  column: string,
): string | null {
  for (const tier of tiers) {
    try {
      if (ctx.fileDb.getTableColumns(table, tier, row).includes(column)) return tier;
    } catch {
      // the table is not in this tier's file
    }
  }
  return null;
}

function applyTransform(wf: Waveform, t: WaveformTransform, perEntry: (column: string) => number): Waveform {
  switch (t.kind) {
    case "baseline":
      return subtractBaseline(wf, 0, Math.max(1, t.samples) * wf.dt);
    case "moving-average":
      return movingAverage(wf, t.window);
    case "trapezoid":
      return trapezoid(wf, t.rise, t.flat);
    case "pole-zero":
      return poleZero(wf, t.tau);
    case "normalize":
      return normalize(wf, perEntry(t.column));
    case "align":
      return align(wf, perEntry(t.column));
    case "derivative":
      return derivative(wf);
    case "spectrum": {
      // the time axis becomes frequency: bin k at k / (n dt) (units: see frequencyUnits)
      const { frequency, density } = powerSpectrum(wf);
      return { t0: 0, dt: frequency[1]! - frequency[0]!, values: density };
    }
  }
}

/** A spectrum's x unit, and the factor from 1/(time unit) to it: MHz for ns and us samples. */
export function frequencyUnits(timeUnits: string): { units: string; scale: number } {
  if (timeUnits === "ns") return { units: "MHz", scale: 1000 };
  if (timeUnits === "us" || timeUnits === "µs") return { units: "MHz", scale: 1 };
  return { units: timeUnits ? `1/${timeUnits}` : "1/sample", scale: 1 };
}

export class WaveformPager {
  private readonly filtered = new LruMap<string, EntryList>(8);
  /** TCMs of recent cycles, for event-level (evt) legend and values-table columns. */
  private readonly tcms: TcmCache = new LruMap(4);

  constructor(
    private readonly ctx: ExplorationContext,
    private readonly engine: SelectionEngine,
    private readonly blocks: WaveformBlockCache,
    private readonly identifier: EntryIdentifier,
  ) {}

  /** The entries of a request's selection (or of its value range), as a page is taken from them. */
  entriesOf(req: Pick<WaveformPageRequest, "selection" | "valueRange">): Promise<EntryList | BuiltSelection> {
    return this.entryList(this.engine.select(req.selection), req);
  }

  /** The entries a page is taken from: the selection's (kept per cycle), or those in the value range. */
  private async entryList(
    selection: Selection,
    req: Pick<WaveformPageRequest, "valueRange">,
  ): Promise<EntryList | BuiltSelection> {
    const built = await this.engine.entryLists(selection);
    if (!req.valueRange) return built;
    const key = JSON.stringify([selection.key, req.valueRange]);
    let list = this.filtered.get(key);
    if (!list) {
      list = await filterByRange(this.engine, selection, built.all, req.valueRange);
      this.filtered.set(key, list);
    }
    return list;
  }

  async page(req: WaveformPageRequest): Promise<WaveformPage> {
    await initH5(); // blocks are read here, also when the entries came from the workers (no loader opened)
    const selection = this.engine.select(req.selection);
    const list = await this.entryList(selection, req);
    const positions = pagePositions(list.length, req.start, req.count, req.randomSeed);
    const page = list.take(positions);
    const entries = Float64Array.from(positions);
    const transforms = req.transforms ?? [];
    if (transforms.some((t, i) => t.kind === "spectrum" && i !== transforms.length - 1))
      throw new ExplorationError(
        "the spectrum must be the last waveform transform (it turns time into frequency)",
      );
    const valueColumns = [
      ...new Set([
        ...(req.legendColumns ?? []),
        ...transforms.flatMap((t) => (t.kind === "normalize" || t.kind === "align" ? [t.column] : [])),
      ]),
    ];
    const levels = this.ctx.info.levels;
    const tiers =
      (levels.find((l) => l.name === list.parentLevel) ?? levels[0])?.tiers ?? this.ctx.fileDb.tiers;
    let values: AlignedColumn[];
    if (valueColumns.length > 0 && page.length > 0) {
      checkColumns(
        this.ctx,
        valueColumns.map((column) => ({ column })),
      );
      const prepared = await prepareSelection(this.ctx, selection);
      try {
        values = await loadAligned(prepared.loader, page, valueColumns, undefined, this.tcms);
      } finally {
        prepared.loader.close();
      }
    } else {
      values = valueColumns.map((name) => ({ name, values: new Float64Array(0), units: null }));
    }
    const byName = new Map(values.map((v) => [v.name, v]));
    const traces = req.columns.map((column) => this.traces(page, column, tiers, transforms, byName));
    const legend: WaveformPage["legend"] = {};
    for (const name of req.legendColumns ?? []) {
      const v = byName.get(name)!;
      legend[name] = { values: v.values, units: v.units };
    }
    const identity = await this.identifier.identify(page);
    return { totalEntries: list.length, entries, traces, legend, identity };
  }

  /**
   * One column's waveforms of `page`. An entry whose cycle lacks the tier file holding the column (raw files
   * are often archived) or whose table lacks it gives no samples and is counted in `missing`: one such entry
   * must not fail the whole page.
   */
  traces(
    page: EntryList,
    column: string,
    tiers: readonly string[],
    transforms: readonly WaveformTransform[],
    values: Map<string, { values: Float64Array }>,
  ): WaveformPage["traces"][number] {
    const n = page.length;
    let waves: Waveform[] = [];
    let timeUnits = "";
    const missing = new MissingWaveforms(this.ctx, tiers, column);
    for (let i = 0; i < n; i++) {
      const row = page.file[i]!;
      const table = page.tableIdAt(i);
      const tier = tierWith(this.ctx, tiers, row, table, column);
      const path = tier === null ? null : this.ctx.fileDb.filePath(row, tier);
      if (tier === null || path === null) {
        missing.add(row, table);
        waves.push({ t0: Number.NaN, dt: Number.NaN, values: new Float32Array(0) }); // drawn as nothing
        continue;
      }
      const objectPath = `${this.ctx.fileDb.getTableName(tier, table)}/${column}`;
      const { rows, index } = this.blocks.get(path, objectPath, page.idx[i]!);
      timeUnits ||= rows.timeUnits;
      let wf: Waveform = {
        t0: rows.t0[index]!,
        dt: rows.dt[index]!,
        values: rows.samples.subarray(rows.offsets[index], rows.offsets[index + 1]),
      };
      for (const t of transforms) wf = applyTransform(wf, t, (name) => values.get(name)!.values[i]!);
      waves.push(wf);
    }
    if (transforms.at(-1)?.kind === "spectrum") {
      const { units, scale } = frequencyUnits(timeUnits);
      timeUnits = units;
      // per MHz, not per GHz: the density scales inversely with the frequency unit
      waves = waves.map((w) => ({ ...w, dt: w.dt * scale, values: w.values.map((v) => v / scale) }));
    }
    const nSamples = waves.reduce((m, w) => Math.max(m, w.values.length), 0);
    const out = new Float32Array(n * nSamples).fill(Number.NaN);
    waves.forEach((w, i) => out.set(w.values, i * nSamples));
    return {
      column,
      nSamples,
      values: out,
      t0: Float64Array.from(waves, (w) => w.t0),
      dt: Float64Array.from(waves, (w) => w.dt),
      timeUnits,
      ...missing.summary(),
    };
  }
}

/** Reasons shown for missing waveforms: enough to name the archived cycles, not a list of thousands. */
const MAX_MISSING_REASONS = 5;

/** Counts a page's entries without a waveform column and says why, once per cycle or table. */
class MissingWaveforms {
  private entries = 0;
  /** Distinct reasons (at most one per cycle or table of the page). */
  private readonly reasons = new Set<string>();

  constructor(
    private readonly ctx: ExplorationContext,
    private readonly tiers: readonly string[],
    private readonly column: string,
  ) {}

  add(row: number, table: number | string): void {
    this.entries++;
    const absent = this.tiers.filter((tier) => !this.ctx.fileDb.hasFile(row, tier));
    const reason =
      absent.length > 0
        ? `${cycleKey(this.ctx, row)} has no ${absent.join("/")} file`
        : `table ${String(table)} of ${cycleKey(this.ctx, row)} has no '${this.column}' column`;
    this.reasons.add(reason);
  }

  summary(): { missing?: WaveformsMissing } {
    if (this.entries === 0) return {};
    const reasons = [...this.reasons].slice(0, MAX_MISSING_REASONS);
    const more = this.reasons.size - reasons.length;
    if (more > 0) reasons.push(`and ${more} more`);
    return { missing: { entries: this.entries, reasons } };
  }
}
