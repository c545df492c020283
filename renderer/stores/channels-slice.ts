// The channel picker's list (small metadata, one entry per table) and the channels selected;
// the selection drives the counts, histograms and every other view of the data.
import type { StateCreator } from "zustand";
import type { SerializedError } from "../../shared/api/errors.ts";
import type { ChannelList, ColumnInfo } from "../../shared/api/types.ts";
import type { AppState } from "./store.ts";

export interface ChannelsSlice {
  channelList: ChannelList | null;
  channelListLoading: boolean;
  channelListError: SerializedError | null;
  /** Selected table names (e.g. `ch1084803`); empty = all channels. */
  selectedChannels: readonly string[];
  /** Columns of the selected cycles' tiers (completion, validation, histogram columns). */
  columnList: readonly ColumnInfo[] | null;
  channelsRequested(): void;
  channelsListed(list: ChannelList): void;
  channelsFailed(error: SerializedError): void;
  channelsSelected(tables: readonly string[]): void;
  columnsListed(columns: readonly ColumnInfo[] | null): void;
}

export const createChannelsSlice: StateCreator<AppState, [], [], ChannelsSlice> = (set, get) => ({
  channelList: null,
  channelListLoading: false,
  channelListError: null,
  selectedChannels: [],
  columnList: null,
  channelsRequested: () => set({ channelListLoading: true, channelListError: null }),
  channelsListed: (channelList) => {
    // keep the selected channels that the new list still has
    const present = new Set(channelList.channels.map((c) => c.table));
    const kept = get().selectedChannels.filter((table) => present.has(table));
    set({ channelList, channelListLoading: false, channelListError: null, selectedChannels: kept });
  },
  channelsFailed: (channelListError) => set({ channelListError, channelListLoading: false }),
  channelsSelected: (tables) => set({ selectedChannels: [...new Set(tables)] }),
  columnsListed: (columnList) => set({ columnList }),
});
