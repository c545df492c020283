// Who a tag names: the entry's identity on the waveform page (cycle, table, row, event), and tags read back from a
// saved session (anything malformed is dropped).
import type { TaggedEntry, WaveformPage } from "../../../shared/api/types.ts";
import type { Tag } from "../../stores/tags-slice.ts";

/** The tag of the entry at `position` of the selection, when the page shows it with its identity. */
export function tagOfEntry(page: WaveformPage | null, position: number, selection: string): Tag | null {
  const identity = page?.identity;
  if (!page || !identity) return null;
  const i = page.entries.indexOf(position);
  if (i < 0) return null;
  const cycle = identity.cycles[identity.cycle[i]!];
  const channel = identity.channels[identity.channel[i]!];
  if (!cycle || !channel) return null;
  const table = channel.rawid ?? channel.table;
  const row = identity.row[i]!;
  return {
    key: `${cycle.row}/${String(table)}/${row}`,
    cycle: cycle.row,
    cycleKey: cycle.key,
    table,
    tableName: channel.table,
    detector: channel.name,
    row,
    level: identity.level,
    event: identity.event[i]!,
    selection,
    position,
  };
}

/** The tags as the service's entries. */
export function taggedEntries(tags: readonly Tag[]): TaggedEntry[] {
  return tags.map((t) => ({ cycle: t.cycle, table: t.table, row: t.row }));
}

const isInt = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v);

/** The valid tags of a saved session section. */
export function tagsFrom(value: unknown): Tag[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (t): t is Tag =>
      typeof t === "object" &&
      t !== null &&
      typeof (t as Tag).key === "string" &&
      isInt((t as Tag).cycle) &&
      (isInt((t as Tag).table) || typeof (t as Tag).table === "string") &&
      isInt((t as Tag).row) &&
      (t as Tag).row >= 0 &&
      typeof (t as Tag).level === "string" &&
      typeof (t as Tag).cycleKey === "string" &&
      typeof (t as Tag).tableName === "string" &&
      ((t as Tag).detector === null || typeof (t as Tag).detector === "string") &&
      isInt((t as Tag).event) &&
      typeof (t as Tag).selection === "string" &&
      isInt((t as Tag).position),
  );
}
