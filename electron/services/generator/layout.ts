// Where a generated dataset puts things: the production layout of LEGEND's tier folders, file keys
// (period, run, type, timestamp) per cycle, and the FileDB / DataLoader / dataflow configs beside them.
import { join } from "node:path";
import type { CycleType } from "./cycle.ts";
import { EVT_TABLE, TCM_TABLE, type Tier } from "./tables.ts";

export const EXPERIMENT = "l200";
/** Start of the first cycle: 2023-04-01T00:00:00Z. */
export const FIRST_CYCLE_UNIX = Date.UTC(2023, 3, 1) / 1000;
/** Each cycle occupies a 10-minute slot; its events fill the first `CYCLE_LIVE_SECONDS`. */
export const CYCLE_SECONDS = 600;
export const CYCLE_LIVE_SECONDS = 590;
/** Cycles per run and type, and runs per period (as in pygama-baseline.md's synthetic trees). */
export const CYCLES_PER_RUN_AND_TYPE = 50;
export const RUNS_PER_PERIOD = 20;
const FIRST_PERIOD = 3;

export interface CycleKey {
  index: number;
  exp: string;
  period: string;
  run: string;
  type: CycleType;
  /** File-key timestamp `YYYYMMDDTHHMMSSZ`. */
  timestamp: string;
  /** Unix seconds of the cycle start. */
  start: number;
}

/** `YYYYMMDDTHHMMSSZ` of a unix time (whole seconds, UTC). */
export function timestampKey(unixSeconds: number): string {
  return new Date(unixSeconds * 1000)
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z");
}

/** The file keys of cycle `index`: types alternate cal/phy, so every run holds both. */
export function cycleKey(index: number): CycleKey {
  const run = Math.floor(index / (2 * CYCLES_PER_RUN_AND_TYPE));
  const period = FIRST_PERIOD + Math.floor(run / RUNS_PER_PERIOD);
  const start = FIRST_CYCLE_UNIX + index * CYCLE_SECONDS;
  return {
    index,
    exp: EXPERIMENT,
    period: `p${String(period).padStart(2, "0")}`,
    run: `r${String(run % RUNS_PER_PERIOD).padStart(3, "0")}`,
    type: index % 2 === 0 ? "cal" : "phy",
    timestamp: timestampKey(start),
    start,
  };
}

/** Folder of the tier files, relative to the dataset root. */
export const TIER_ROOT = join("generated", "tier");

/** Path of one tier file of a cycle, relative to the dataset root. */
export function tierFilePath(key: CycleKey, tier: Tier): string {
  const name = `${key.exp}-${key.period}-${key.run}-${key.type}-${key.timestamp}-tier_${tier}.lh5`;
  return join(TIER_ROOT, tier, key.type, key.period, key.run, name);
}

export const FILEDB_CONFIG_NAME = "filedb-config.json";
export const DATALOADER_CONFIG_NAME = "dataloader-config.json";
export const DATAFLOW_CONFIG_NAME = "config.json";
/** The LEGEND metadata root and, inside it, the channel maps. */
export const METADATA_DIR = "metadata";
export const CHANNELMAP_DIR = join(METADATA_DIR, "hardware", "configuration", "channelmaps");

/** FileDB config in the shape of pygama's tests (acceptance/configs/filedb-prod-ref-l200.json), `data_dir` relative to
 * itself. Only the tiers written are listed: a tier without files would make every cycle a scan problem. */
export function fileDbConfig(tiers: readonly Tier[]): object {
  const pattern = (tier: Tier): string =>
    `/{type}/{period}/{run}/{exp}-{period}-{run}-{type}-{timestamp}-tier_${tier}.lh5`;
  return {
    data_dir: "$_/generated/tier",
    tier_dirs: Object.fromEntries(tiers.map((t) => [t, `/${t}`])),
    file_format: Object.fromEntries(tiers.map((t) => [t, pattern(t)])),
    table_format: Object.fromEntries(tiers.map((t) => [t, TABLE_FORMATS[t]])),
  };
}

/** Table layout per tier: channel tables `ch{rawid}/<tier>`, one TCM table and one `evt` table at the root (as in real evt files). */
const TABLE_FORMATS: Record<Tier, string> = {
  raw: "ch{ch:07d}/raw",
  dsp: "ch{ch:07d}/dsp",
  hit: "ch{ch:07d}/hit",
  tcm: TCM_TABLE,
  evt: EVT_TABLE,
};

/** Tiers of the hit level, in read order. */
const HIT_LEVEL_TIERS: readonly Tier[] = ["raw", "dsp", "hit"];

/**
 * DataLoader config: levels as in acceptance/configs/data-loader.json, FileDB config beside it, the generated channel
 * map. Levels hold only the tiers written; the TCM links hit to evt only when a hit level exists to be its parent.
 */
export function dataLoaderConfig(tiers: readonly Tier[]): object {
  const levels: Record<string, object> = {};
  const hitTiers = HIT_LEVEL_TIERS.filter((t) => tiers.includes(t));
  if (hitTiers.length > 0) levels.hit = { tiers: hitTiers };
  if (tiers.includes("tcm")) {
    levels.tcm =
      hitTiers.length > 0
        ? {
            tiers: ["tcm"],
            parent: "hit",
            child: "evt",
            tcm_cols: { child_idx: "coin_idx", parent_tb: "table_key", parent_idx: "row_in_table" },
          }
        : { tiers: ["tcm"] };
  }
  if (tiers.includes("evt")) levels.evt = { tiers: ["evt"] };
  return {
    filedb: `$_/${FILEDB_CONFIG_NAME}`,
    levels,
    channel_map: { metadata: `$_/${METADATA_DIR}` },
  };
}

/** The production's own dataflow config (`setups.l200.paths`), as real production folders carry it: the tiers written. */
export function dataflowConfig(tiers: readonly Tier[]): object {
  const paths: Record<string, string> = { tier: "$_/generated/tier", metadata: "$_/metadata" };
  for (const tier of tiers) paths[`tier_${tier}`] = `$_/generated/tier/${tier}`;
  return { setups: { l200: { paths } } };
}
