import { useMemo, useRef, useState } from "react";
import type { ChannelEntry } from "../../../shared/api/types.ts";
import { ErrorMessage } from "../../components/ErrorMessage.tsx";
import { formatCount } from "../../components/format.ts";
import { useAppStore, useAppStoreApi } from "../../stores/store.ts";
import {
  clickSelection,
  type GroupKey,
  groupValues,
  searchChannels,
  tablesInGroup,
} from "./channel-filter.ts";
import { useChannelCatalog } from "./use-channel-catalog.ts";
import "./channel-picker.css";

function channelId(channel: ChannelEntry): string {
  return channel.rawid !== null ? String(channel.rawid) : channel.table;
}

function GroupSelect({ channels, groupKey }: { channels: readonly ChannelEntry[]; groupKey: GroupKey }) {
  const store = useAppStoreApi();
  const values = groupValues(channels, groupKey);
  if (values.length === 0) return null;
  return (
    <select
      aria-label={`Select by ${groupKey}`}
      data-testid={`channel-group-${groupKey}`}
      value=""
      onChange={(event) => {
        const tables = tablesInGroup(channels, groupKey, event.target.value);
        const selected = store.getState().selectedChannels;
        store.getState().channelsSelected(event.target.value === "" ? selected : [...selected, ...tables]);
      }}
    >
      <option value="">+ {groupKey}…</option>
      {values.map((value) => (
        <option key={value} value={value}>
          {groupKey} {value}
        </option>
      ))}
    </select>
  );
}

/** Channels of the selected cycles with the channel map; the selection drives every data view. */
export function ChannelPicker() {
  useChannelCatalog();
  const store = useAppStoreApi();
  const list = useAppStore((state) => state.channelList);
  const loading = useAppStore((state) => state.channelListLoading);
  const error = useAppStore((state) => state.channelListError);
  const selected = useAppStore((state) => state.selectedChannels);
  const perChannel = useAppStore((state) => state.liveCount.perChannel);
  const countDone = useAppStore((state) => state.liveCount.state === "done");
  const [search, setSearch] = useState("");
  const anchor = useRef<string | null>(null);

  const channels = useMemo(() => list?.channels ?? [], [list]);
  const visible = useMemo(() => searchChannels(channels, search), [channels, search]);
  const visibleTables = visible.map((i) => channels[i]!.table);
  const selectedSet = new Set(selected);

  return (
    <section className="channel-picker" data-testid="channel-picker" aria-label="Channels">
      <div className="channel-picker-bar">
        <input
          type="search"
          data-testid="channel-search"
          title="Filter channels by detector name, rawid or system; Enter selects the channels shown"
          placeholder="Search name or number (e.g. V02160A, 1084803, geds)"
          value={search}
          spellCheck={false}
          onChange={(event) => setSearch(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === "Enter") store.getState().channelsSelected([...selected, ...visibleTables]);
          }}
        />
        <GroupSelect channels={channels} groupKey="system" />
        <GroupSelect channels={channels} groupKey="string" />
        <button
          type="button"
          data-testid="channel-select-shown"
          onClick={() => store.getState().channelsSelected([...selected, ...visibleTables])}
        >
          Select shown
        </button>
        <button
          type="button"
          data-testid="channel-clear"
          onClick={() => store.getState().channelsSelected([])}
        >
          All channels
        </button>
      </div>
      <div className="channel-summary muted" data-testid="channel-summary">
        {selected.length === 0
          ? `all ${channels.length} channels`
          : `${selected.length} of ${channels.length} selected`}
        {list && !list.metadataFound ? " · no channel map found (table names)" : ""}
        {loading ? " · loading…" : ""}
      </div>
      {error ? <ErrorMessage error={error} /> : null}
      <div className="channel-table-scroll">
        <table className="channel-table" aria-multiselectable="true">
          <thead>
            <tr>
              <th>name</th>
              <th>rawid</th>
              <th>system</th>
              <th>str</th>
              <th>pos</th>
              <th>usability</th>
              <th title="entries over the selected cycles">entries</th>
              <th title="entries passing the cuts (live count)">pass</th>
            </tr>
          </thead>
          <tbody>
            {visible.map((index) => {
              const channel = channels[index]!;
              const isSelected = selectedSet.has(channel.table);
              const entries = list?.entries[index] ?? -1;
              const passing = perChannel[channelId(channel)];
              return (
                <tr
                  key={channel.table}
                  data-table={channel.table}
                  aria-selected={isSelected}
                  className={isSelected ? "selected" : undefined}
                  onClick={(event) => {
                    const next = clickSelection(visibleTables, selected, channel.table, {
                      toggle: event.ctrlKey || event.metaKey,
                      range: event.shiftKey,
                      anchor: anchor.current,
                    });
                    if (!event.shiftKey) anchor.current = channel.table;
                    store.getState().channelsSelected(next);
                  }}
                >
                  <td>{channel.name ?? channel.table}</td>
                  <td>{channel.rawid ?? ""}</td>
                  <td>{channel.system ?? ""}</td>
                  <td>{channel.string ?? ""}</td>
                  <td>{channel.position ?? ""}</td>
                  <td className={channel.usability === "on" ? undefined : "muted"}>
                    {channel.usability ?? ""}
                  </td>
                  <td className="num">{entries >= 0 ? formatCount(entries) : "–"}</td>
                  <td className="num" data-col="pass">
                    {countDone && passing !== undefined ? formatCount(passing) : ""}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
