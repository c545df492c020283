// Names of a split histogram's series as a physicist reads them: split by channel, each table
// (`ch1084803`) is shown as its detector's name from the channel map; a table the map does not
// name keeps its table name (which carries the rawid).
import type { ChannelList } from "../../../shared/api/types.ts";

/** A series label to its name on screen, for a histogram split by `splitBy`. */
export function seriesNamer(
  splitBy: "none" | "channel" | "file",
  channels: ChannelList | null,
): (label: string) => string {
  if (splitBy !== "channel" || !channels) return (label) => label;
  const names = new Map<string, string>();
  for (const channel of channels.channels) if (channel.name) names.set(channel.table, channel.name);
  return (label) => names.get(label) ?? label;
}
