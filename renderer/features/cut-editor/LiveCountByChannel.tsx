import { useState } from "react";
import type { ChannelEntry } from "../../../shared/api/types.ts";
import { formatCount } from "../../components/format.ts";
import { useAppStore } from "../../stores/store.ts";

export interface ChannelCountLine {
  /** Table name (e.g. `ch1084803`). */
  table: string;
  /** Detector name from the channel map, else the table name. */
  label: string;
  count: number;
}

/** Per-channel passing counts named by the channel list, largest first (ties by name). */
export function channelCountLines(
  channels: readonly ChannelEntry[],
  perChannel: Readonly<Record<string, number>>,
): ChannelCountLine[] {
  const lines: ChannelCountLine[] = [];
  const named = new Set<string>();
  for (const channel of channels) {
    const id = channel.rawid !== null ? String(channel.rawid) : channel.table;
    const count = perChannel[id];
    if (count === undefined) continue;
    named.add(id);
    lines.push({ table: channel.table, label: channel.name ?? channel.table, count });
  }
  // counts of channels the list does not know (e.g. not listed yet) still show, by id
  for (const [id, count] of Object.entries(perChannel))
    if (!named.has(id)) lines.push({ table: id, label: id, count });
  return lines.sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
}

/** "per channel" beside the live count: hover (or focus) lists the passing entries of each channel. */
export function LiveCountByChannel() {
  const perChannel = useAppStore((state) => state.liveCount.perChannel);
  const done = useAppStore((state) => state.liveCount.state === "done");
  const channels = useAppStore((state) => state.channelList?.channels);
  // the list is rendered only while shown, so its names do not double the picker's in the page
  const [shown, setShown] = useState(false);
  if (!done) return null;
  const lines = channelCountLines(channels ?? [], perChannel);
  if (lines.length === 0) return null;
  return (
    <span
      className="live-count-by-channel"
      tabIndex={0}
      data-testid="live-count-by-channel-toggle"
      onMouseEnter={() => setShown(true)}
      onMouseLeave={() => setShown(false)}
      onFocus={() => setShown(true)}
      onBlur={() => setShown(false)}
    >
      per channel ({lines.length})
      {shown ? (
        <span className="live-count-by-channel-list" role="tooltip" data-testid="live-count-by-channel">
          <table>
            <tbody>
              {lines.map((line) => (
                <tr key={line.table} data-table={line.table}>
                  <td>{line.label}</td>
                  <td className="num">{formatCount(line.count)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </span>
      ) : null}
    </span>
  );
}
