// LEGEND channel maps: `hardware/configuration/channelmaps` of a legend-metadata folder, resolved
// at a timestamp and category through its validity.yaml. Files are read lazily and cached, and a
// ChannelSet turns user words (detector names, rawids, 'ch1084803', systems, 'string:7') into rawids.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { readTextFile } from "../fs/regular-file.ts";
import { nearMatches } from "../../../shared/query/index.ts";
import { isPropsMap, mergeProps, type PropsMap } from "./metadata/props.ts";
import { MetadataError, ValidityCatalog, checkTimestamp } from "./metadata/validity.ts";

export { MetadataError } from "./metadata/validity.ts";

export interface ChannelInfo {
  name: string;
  rawid: number;
  /** geds, spms, puls, bsln, muon, auxs, pmts … */
  system: string;
  string?: number;
  position?: number;
  usability?: string;
  processable?: boolean;
  location?: unknown;
  daq?: unknown;
}

export interface ChannelSet {
  /** When and for which category the set is valid, and the files it was merged from. */
  readonly timestamp: string;
  readonly category: string;
  readonly files: readonly string[];
  all(): ChannelInfo[];
  byName(name: string): ChannelInfo | undefined;
  byRawid(id: number): ChannelInfo | undefined;
  bySystem(system: string): ChannelInfo[];
  byString(string: number): ChannelInfo[];
  /**
   * Resolve user words (detector names, rawids as numbers or 'ch1084803', systems like 'geds',
   * 'string:7') to rawids, in the order given, without repeats. An unknown word throws a
   * ChannelLookupError listing near matches.
   */
  resolve(words: ReadonlyArray<string | number>): number[];
}

export class ChannelLookupError extends Error {
  override name = "ChannelLookupError";
  constructor(
    message: string,
    readonly word: string,
    readonly suggestions: readonly string[],
  ) {
    super(message);
  }
}

/** Where channel maps live below a legend-metadata folder. */
export const CHANNELMAP_SUBDIR = join("hardware", "configuration", "channelmaps");

/** Common spellings of the system names used in channel maps. */
const SYSTEM_ALIASES: Readonly<Record<string, string>> = {
  ged: "geds",
  hpge: "geds",
  hpges: "geds",
  germanium: "geds",
  spm: "spms",
  sipm: "spms",
  sipms: "spms",
  pulser: "puls",
  pulsers: "puls",
  baseline: "bsln",
  baselines: "bsln",
  aux: "auxs",
  pmt: "pmts",
};

export class ChannelMap {
  private readonly fileCache = new Map<string, PropsMap>();
  private readonly setCache = new Map<string, ChannelSet>();
  private catalogCache: ValidityCatalog | undefined;

  private constructor(readonly directory: string) {}

  /**
   * A channel map over a legend-metadata folder (or its channelmaps folder itself). Nothing is read
   * until the first `at()`; a folder without validity.yaml is an error naming it.
   */
  static fromMetadata(metadataDir: string): ChannelMap {
    const nested = join(metadataDir, CHANNELMAP_SUBDIR);
    const directory = existsSync(join(nested, "validity.yaml")) ? nested : metadataDir;
    if (!existsSync(join(directory, "validity.yaml"))) {
      throw new MetadataError(
        `No channel maps in ${metadataDir}: neither ${nested} nor the folder itself has validity.yaml`,
      );
    }
    return new ChannelMap(directory);
  }

  private get catalog(): ValidityCatalog {
    this.catalogCache ??= ValidityCatalog.readFile(join(this.directory, "validity.yaml"));
    return this.catalogCache;
  }

  /** The channels valid at `timestamp` ('20230318T012144Z') for `category` (cal, phy, …; default all). */
  at(timestamp: string, category = "all"): ChannelSet {
    checkTimestamp(timestamp, "Channel map timestamp");
    const entry = this.catalog.validFor(timestamp, category);
    if (entry === undefined) {
      // The earliest start that could serve this category (its own entries, or those of `all`).
      const starts = [category, "all"].map((c) => this.catalog.entries.get(c)?.[0]?.validFrom);
      const first = starts.filter((s): s is string => s !== undefined).sort()[0];
      throw new MetadataError(
        `No channel map in ${this.directory} is valid at ${timestamp} (${category})` +
          (first !== undefined ? `; the earliest starts at ${first}` : ""),
      );
    }
    const key = `${category}\u0000${entry.validFrom}\u0000${entry.files.join("\u0000")}`;
    let set = this.setCache.get(key);
    if (set === undefined) {
      const merged: PropsMap = {};
      for (const file of entry.files) mergeProps(merged, this.readFile(file));
      set = new ChannelSetImpl(timestamp, category, entry.files, channelsOf(merged, entry.files));
      this.setCache.set(key, set);
    }
    return set;
  }

  private readFile(file: string): PropsMap {
    let content = this.fileCache.get(file);
    if (content === undefined) {
      const path = join(this.directory, file);
      let parsed: unknown;
      try {
        parsed = parse(readTextFile(path));
      } catch (error) {
        throw new MetadataError(`Cannot read channel map ${path}: ${(error as Error).message}`, {
          cause: error,
        });
      }
      if (parsed !== null && parsed !== undefined && !isPropsMap(parsed)) {
        throw new MetadataError(`Channel map ${path} is not a mapping of channel names`);
      }
      content = parsed ?? {};
      this.fileCache.set(file, content);
    }
    // Merging writes into the target, so hand out a copy of the cached file.
    return structuredClone(content);
  }
}

function channelsOf(merged: PropsMap, files: readonly string[]): ChannelInfo[] {
  const channels: ChannelInfo[] = [];
  for (const [key, value] of Object.entries(merged)) {
    if (!isPropsMap(value)) continue;
    const daq = value.daq;
    const rawid = isPropsMap(daq) ? daq.rawid : undefined;
    // Partial overlays can leave entries without a rawid; they are not channels of this set.
    if (typeof rawid !== "number" || !Number.isInteger(rawid)) continue;
    const location = value.location;
    const analysis = value.analysis;
    const info: ChannelInfo = {
      name: typeof value.name === "string" ? value.name : key,
      rawid,
      system: typeof value.system === "string" ? value.system : "unknown",
      daq,
    };
    if (location !== undefined) info.location = location;
    if (isPropsMap(location) && typeof location.string === "number") info.string = location.string;
    if (isPropsMap(location) && typeof location.position === "number") info.position = location.position;
    if (isPropsMap(analysis) && typeof analysis.usability === "string") info.usability = analysis.usability;
    if (isPropsMap(analysis) && typeof analysis.processable === "boolean")
      info.processable = analysis.processable;
    channels.push(info);
  }
  const seen = new Map<number, string>();
  for (const channel of channels) {
    const other = seen.get(channel.rawid);
    if (other !== undefined) {
      throw new MetadataError(
        `Channel map (${files.join(" + ")}): rawid ${channel.rawid} belongs to both ${other} and ${channel.name}`,
      );
    }
    seen.set(channel.rawid, channel.name);
  }
  return channels.sort((a, b) => a.rawid - b.rawid);
}

const RAWID_WORD = /^(?:ch)?(\d+)$/i;
const STRING_WORD = /^string\s*:\s*(\d+)$/i;

class ChannelSetImpl implements ChannelSet {
  private readonly names = new Map<string, ChannelInfo>();
  private readonly lowerNames = new Map<string, ChannelInfo>();
  private readonly rawids = new Map<number, ChannelInfo>();

  constructor(
    readonly timestamp: string,
    readonly category: string,
    readonly files: readonly string[],
    private readonly channels: readonly ChannelInfo[],
  ) {
    for (const channel of channels) {
      this.names.set(channel.name, channel);
      this.lowerNames.set(channel.name.toLowerCase(), channel);
      this.rawids.set(channel.rawid, channel);
    }
  }

  all(): ChannelInfo[] {
    return [...this.channels];
  }

  byName(name: string): ChannelInfo | undefined {
    return this.names.get(name) ?? this.lowerNames.get(name.toLowerCase());
  }

  byRawid(id: number): ChannelInfo | undefined {
    return this.rawids.get(id);
  }

  bySystem(system: string): ChannelInfo[] {
    const wanted = canonicalSystem(system);
    return this.channels.filter((channel) => channel.system === wanted);
  }

  byString(string: number): ChannelInfo[] {
    return this.channels
      .filter((channel) => channel.string === string)
      .sort((a, b) => (a.position ?? 0) - (b.position ?? 0) || a.rawid - b.rawid);
  }

  resolve(words: ReadonlyArray<string | number>): number[] {
    const result: number[] = [];
    const seen = new Set<number>();
    const add = (rawid: number): void => {
      if (!seen.has(rawid)) {
        seen.add(rawid);
        result.push(rawid);
      }
    };
    for (const word of words) this.resolveWord(word).forEach(add);
    return result;
  }

  private resolveWord(word: string | number): number[] {
    if (typeof word === "number") {
      if (!Number.isInteger(word) || word < 0)
        throw this.unknown(String(word), "a rawid is a non-negative integer");
      return [word];
    }
    const text = word.trim();
    const rawid = RAWID_WORD.exec(text);
    // A rawid the map does not list is still a valid table id in the files (maps can lag the data).
    if (rawid) return [Number(rawid[1])];
    const named = this.byName(text);
    if (named) return [named.rawid];
    const systems = this.systems();
    if (systems.includes(canonicalSystem(text))) return this.bySystem(text).map((c) => c.rawid);
    const stringMatch = STRING_WORD.exec(text);
    if (stringMatch) {
      const number = Number(stringMatch[1]);
      const members = this.byString(number);
      if (members.length === 0) {
        const strings = [...new Set(this.channels.map((c) => c.string).filter((s) => s !== undefined))].sort(
          (a, b) => a - b,
        );
        throw this.unknown(text, `no channel is in string ${number}; strings: ${strings.join(", ")}`);
      }
      return members.map((c) => c.rawid);
    }
    throw this.unknown(text);
  }

  private systems(): string[] {
    return [...new Set(this.channels.map((c) => c.system))].sort();
  }

  private unknown(word: string, reason?: string): ChannelLookupError {
    const suggestions = nearMatches(word, [...this.names.keys(), ...this.systems()]);
    const where = `the channel map valid at ${this.timestamp} (${this.category})`;
    const hint =
      suggestions.length > 0 ? `; did you mean ${suggestions.map((s) => `'${s}'`).join(" or ")}?` : ".";
    const detail = reason !== undefined ? ` (${reason})` : "";
    return new ChannelLookupError(
      `Unknown channel '${word}' in ${where}${detail}${hint} Use detector names, rawids (1084803 or 'ch1084803'), ` +
        `systems (${this.systems().join(", ")}) or 'string:N'.`,
      word,
      suggestions,
    );
  }
}

function canonicalSystem(system: string): string {
  const lower = system.trim().toLowerCase();
  return SYSTEM_ALIASES[lower] ?? lower;
}
