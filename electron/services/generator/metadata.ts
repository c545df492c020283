// A small channel map in the LEGEND metadata format: `validity.yaml` plus one channel-map file,
// like legend-metadata/hardware/configuration/channelmaps.
import { stringify } from "yaml";
import type { AuxChannelInfo, ChannelInfo } from "./channels.ts";
import { EXPERIMENT, FIRST_CYCLE_UNIX, timestampKey } from "./layout.ts";

/** The channel-map file name, with `%` wildcards as LEGEND names files valid for many runs. */
export const CHANNELMAP_FILE = `${EXPERIMENT}-p%-r%-T%-all-config.yaml`;

/** `validity.yaml`: the one channel map applies to every category from the first cycle on. */
export function validityYaml(): string {
  return stringify([
    {
      valid_from: timestampKey(FIRST_CYCLE_UNIX - 86400),
      mode: "reset",
      category: ["all", "cal", "phy"],
      apply: [CHANNELMAP_FILE],
    },
  ]);
}

/** The channel-map file: one entry per channel keyed by name (name, system, daq, location). */
export function channelMapYaml(channels: readonly ChannelInfo[], aux: readonly AuxChannelInfo[]): string {
  const map: Record<string, object> = {};
  for (const a of aux) {
    map[a.name] = {
      name: a.name,
      system: a.system,
      daq: { rawid: a.rawid },
      ...(a.location ? { location: a.location } : {}),
    };
  }
  for (const c of channels) {
    map[c.name] = {
      name: c.name,
      system: c.system,
      daq: { crate: c.crate, slot: c.slot, fcid: c.fcid, channel: c.fcInput, rawid: c.rawid },
      location: { string: c.string, position: c.position },
      analysis: { usability: "on" },
    };
  }
  return stringify(map);
}
