// How an entry is named on screen: detector, rawid, cycle, file, table, row and TCM event, from the
// identity columns a waveform page or event view carries (one string table per cycle and channel).
import type { EntryIdentity, IdentityChannel, IdentityCycle } from "../../../shared/api/types.ts";

/** One entry's identity, resolved from the compact columns (made only for entries on screen). */
export interface EntryName {
  cycle: IdentityCycle;
  channel: IdentityChannel;
  /** Row within its table, and the level whose table it is. */
  row: number;
  level: string;
  /** TCM event within the cycle; -1 when none. */
  event: number;
}

export function entryName(identity: EntryIdentity, i: number): EntryName | null {
  const cycle = identity.cycles[identity.cycle[i] ?? -1];
  const channel = identity.channels[identity.channel[i] ?? -1];
  if (!cycle || !channel || i >= identity.row.length) return null;
  return { cycle, channel, row: identity.row[i]!, level: identity.level, event: identity.event[i] ?? -1 };
}

/** A LEGEND timestamp key `20230318T012144Z` as `2023-03-18 01:21:44 UTC`; other text unchanged. */
export function timestampText(key: string | null): string {
  if (key === null) return "";
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(key);
  return m ? `${m[1]}-${m[2]}-${m[3]} ${m[4]}:${m[5]}:${m[6]} UTC` : key;
}

/** The detector as people call it: `V01240A (1084804)`, the table name without a channel map. */
export function detectorText(channel: IdentityChannel): string {
  if (channel.name !== null)
    return channel.rawid !== null ? `${channel.name} (${channel.rawid})` : channel.name;
  return channel.table;
}

/** The file the entry's row is in: the first tier file of its level that the cycle has, else any. */
export function entryFile(name: EntryName, levelTiers: readonly string[] = ["raw", "dsp", "hit"]): string {
  const files = name.cycle.files;
  for (const tier of levelTiers) if (files[tier]) return files[tier];
  return Object.values(files)[0] ?? "";
}

/** The short legend label: `V01240A (1084804) · row 6 · event 7`. */
export function shortName(name: EntryName): string {
  const event = name.event >= 0 ? ` · event ${name.event}` : "";
  return `${detectorText(name.channel)} · row ${name.row}${event}`;
}

/** One part of an identity: a stable key (for tests and styles), its label and its text. */
export interface IdentityField {
  key: "detector" | "rawid" | "cycle" | "timestamp" | "file" | "table" | "row" | "event";
  label: string;
  value: string;
}

/** Every part of the identity, in reading order (values table, tooltips). */
export function identityFields(name: EntryName): IdentityField[] {
  const { cycle, channel } = name;
  return [
    { key: "detector", label: "detector", value: channel.name ?? "– (no channel map)" },
    { key: "rawid", label: "rawid", value: channel.rawid !== null ? String(channel.rawid) : "–" },
    { key: "cycle", label: "cycle", value: cycle.key },
    { key: "timestamp", label: "timestamp", value: timestampText(cycle.timestamp) },
    { key: "file", label: "file", value: entryFile(name) },
    { key: "table", label: "table", value: channel.table },
    { key: "row", label: `${name.level} row`, value: String(name.row) },
    { key: "event", label: "event (TCM)", value: name.event >= 0 ? String(name.event) : "none" },
  ];
}

/** The whole identity on lines, for a tooltip. */
export function identityTooltip(name: EntryName): string {
  return identityFields(name)
    .map(({ label, value }) => `${label}: ${value}`)
    .join("\n");
}
