// Pure logic of the channel picker: search by name or number, groups by system or string, and
// the channel ids a selection sends to the service.
import type { ChannelEntry } from "../../../shared/api/types.ts";

/** What a channel is known by: detector name, table name, rawid. */
function channelWords(channel: ChannelEntry): string[] {
  const words = [channel.table.toLowerCase()];
  if (channel.name) words.push(channel.name.toLowerCase());
  if (channel.rawid !== null) words.push(String(channel.rawid));
  return words;
}

/**
 * Indices of the channels matching a search: terms separated by spaces or commas, a channel matches
 * when any term is part of its name, table name or rawid, or equals its system. Empty = all.
 */
export function searchChannels(channels: readonly ChannelEntry[], search: string): number[] {
  const terms = search
    .toLowerCase()
    .split(/[\s,]+/)
    .filter((term) => term !== "");
  const out: number[] = [];
  channels.forEach((channel, index) => {
    const words = channelWords(channel);
    const system = channel.system?.toLowerCase();
    if (terms.length === 0 || terms.some((term) => term === system || words.some((w) => w.includes(term))))
      out.push(index);
  });
  return out;
}

export type GroupKey = "system" | "string";

/** Distinct values of a group key, sorted (systems by name, strings by number). */
export function groupValues(channels: readonly ChannelEntry[], key: GroupKey): string[] {
  const values = new Set<string>();
  for (const channel of channels) {
    const value = channel[key];
    if (value !== null) values.add(String(value));
  }
  return [...values].sort((a, b) =>
    key === "string" ? Number(a) - Number(b) : a.localeCompare(b, "en", { numeric: true }),
  );
}

/** Table names of the channels in a group. */
export function tablesInGroup(channels: readonly ChannelEntry[], key: GroupKey, value: string): string[] {
  return channels.filter((channel) => String(channel[key]) === value).map((channel) => channel.table);
}

/** The ids a DataSelection takes for the selected tables: rawids where known, else table names. */
export function selectionChannelIds(
  channels: readonly ChannelEntry[],
  selectedTables: readonly string[],
): (number | string)[] {
  const byTable = new Map(channels.map((channel) => [channel.table, channel]));
  return selectedTables.map((table) => byTable.get(table)?.rawid ?? table);
}

/** The selection after a click: plain click selects one, Ctrl/Cmd toggles, Shift extends a range. */
export function clickSelection(
  visibleTables: readonly string[],
  selected: readonly string[],
  clicked: string,
  modifiers: { toggle: boolean; range: boolean; anchor: string | null },
): string[] {
  if (modifiers.range && modifiers.anchor !== null) {
    const a = visibleTables.indexOf(modifiers.anchor);
    const b = visibleTables.indexOf(clicked);
    if (a >= 0 && b >= 0) {
      const span = visibleTables.slice(Math.min(a, b), Math.max(a, b) + 1);
      return [...new Set([...selected, ...span])];
    }
  }
  if (modifiers.toggle)
    return selected.includes(clicked) ? selected.filter((t) => t !== clicked) : [...selected, clicked];
  return selected.length === 1 && selected[0] === clicked ? [] : [clicked];
}
