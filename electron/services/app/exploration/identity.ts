// Entry identity: who each entry of an entry list is (cycle key and timestamp, file names, table, detector
// name and rawid from the channel map, row, TCM event), as compact columns: one string table per cycle and
// per channel, and typed-array indices per entry (issue 17).
import { basename } from "node:path";
import type { EntryIdentity, IdentityChannel, IdentityCycle } from "../../../../shared/api/types.ts";
import type { LgdoTable } from "../../../../shared/lgdo/model.ts";
import type { DataLoader, EntryList, TableId } from "../../flow/loader/index.ts";
import {
  CYCLE_COLUMN,
  cycleKeyOf,
  withCycleColumn as withCycleColumnOf,
} from "../../flow/loader/provenance.ts";
import type { ChannelLookup } from "./channels.ts";
import type { ExplorationContext } from "./context.ts";
import { type TcmCache, eventIndices, eventLevelOf } from "./entry-values.ts";
import { LruMap } from "./selection.ts";

/** The cycle key (see cycleKeyOf): LEGEND's `l200-p03-r001-cal-20230318T012144Z`. */
export function cycleKey(ctx: ExplorationContext, row: number): string {
  return cycleKeyOf(ctx.fileDb, row);
}

export function identityCycle(ctx: ExplorationContext, row: number): IdentityCycle {
  const files: Record<string, string> = {};
  for (const tier of ctx.fileDb.tiers) {
    const path = ctx.fileDb.filePath(row, tier);
    if (path !== null) files[tier] = basename(path);
  }
  return { row, key: cycleKey(ctx, row), timestamp: ctx.key("timestamp", row) ?? null, files };
}

/** A table's group name (`ch1084803` of `ch1084803/hit`) and what the channel map valid for the cycle says. */
export function identityChannel(
  ctx: ExplorationContext,
  lookup: ChannelLookup | null,
  tiers: readonly string[],
  id: TableId,
  row: number,
): IdentityChannel {
  const tier = tiers[0] ?? ctx.fileDb.tiers[0]!;
  const timestamp = ctx.key("timestamp", row);
  const facts =
    lookup && typeof id === "number" && timestamp !== undefined
      ? lookup(id, timestamp, ctx.key("type", row))
      : null;
  return {
    table: ctx.fileDb.getTableName(tier, id).split("/")[0]!,
    rawid: typeof id === "number" ? id : null,
    name: facts?.name ?? null,
    system: facts?.system ?? null,
    string: facts?.string ?? null,
    position: facts?.position ?? null,
  };
}

/** Index of each distinct key, in order of first appearance (the string tables' builder). */
class Interner<T> {
  private readonly index = new Map<string, number>();
  readonly items: T[] = [];

  indexOf(key: string, make: () => T): number {
    let i = this.index.get(key);
    if (i === undefined) {
      i = this.items.length;
      this.index.set(key, i);
      this.items.push(make());
    }
    return i;
  }
}

/**
 * The identity of every entry of `entries`. `loader` finds the TCM level (null: no event numbers); the
 * channel map is consulted once per (channel, cycle's map) — channel facts are keyed by table and cycle
 * timestamp, since a detector may be renamed between maps.
 */
export function identify(
  ctx: ExplorationContext,
  lookup: ChannelLookup | null,
  loader: DataLoader | null,
  entries: EntryList,
  tcmCache?: TcmCache,
): EntryIdentity {
  const n = entries.length;
  const levels = ctx.info.levels;
  const tiers = (levels.find((l) => l.name === entries.parentLevel) ?? levels[0])?.tiers ?? ctx.fileDb.tiers;
  const cycles = new Interner<IdentityCycle>();
  const channels = new Interner<IdentityChannel>();
  const cycle = new Uint32Array(n);
  const channel = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const row = entries.file[i]!;
    const id = entries.tableIdAt(i);
    cycle[i] = cycles.indexOf(String(row), () => identityCycle(ctx, row));
    const stamp = ctx.key("timestamp", row) ?? "";
    channel[i] = channels.indexOf(`${String(id)}\0${stamp}`, () =>
      identityChannel(ctx, lookup, tiers, id, row),
    );
  }
  const tcm = loader ? eventLevelOf(loader, entries.parentLevel) : null;
  const event =
    n === 0
      ? new Float64Array(0)
      : Float64Array.from(
          tcm && loader ? eventIndices(loader, entries, tcm.tcm, tcmCache) : new Int32Array(n).fill(-1),
        );
  return {
    cycles: cycles.items,
    channels: channels.items,
    cycle,
    channel,
    row: Float64Array.from(entries.idx),
    event,
    level: entries.parentLevel,
  };
}

/**
 * Identities for one open dataset: keeps a loader (only its levels, FileDB and table names are used, never
 * its selection state) and recent TCMs, so a page or a one-entry values table costs no re-reading.
 */
export class EntryIdentifier {
  private loader: Promise<DataLoader> | null = null;
  readonly tcms: TcmCache = new LruMap(4);

  constructor(
    private readonly ctx: ExplorationContext,
    private readonly lookup: () => ChannelLookup | null,
  ) {}

  /** The loader whose levels say how hits map to events. */
  levelsLoader(): Promise<DataLoader> {
    this.loader ??= this.ctx.loader();
    return this.loader;
  }

  async identify(entries: EntryList): Promise<EntryIdentity> {
    return identify(this.ctx, this.lookup(), await this.levelsLoader(), entries, this.tcms);
  }

  close(): void {
    const loader = this.loader;
    this.loader = null;
    void loader?.then(
      (l) => l.close(),
      () => undefined,
    );
  }
}

export { CYCLE_COLUMN };

/** Adds each row's cycle key to a loaded chunk of `entries` (see the loader's provenance.ts). */
export function withCycleColumn(ctx: ExplorationContext, table: LgdoTable, entries: EntryList): LgdoTable {
  return withCycleColumnOf(ctx.fileDb, table, entries);
}
