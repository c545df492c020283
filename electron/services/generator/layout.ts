// Where a generated dataset puts things: the production layout of LEGEND's tier folders, file keys
// (period, run, type, timestamp) per cycle, and the FileDB / DataLoader / dataflow configs beside them.
import { join } from "node:path";
import type { CycleType } from "./cycle.ts";
import { TCM_TABLE, TIERS, type Tier } from "./tables.ts";

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

/** FileDB config in the shape of pygama's tests (acceptance/configs/filedb-prod-ref-l200.json), `data_dir` relative to itself. */
export function fileDbConfig(): object {
  const pattern = (tier: Tier): string =>
    `/{type}/{period}/{run}/{exp}-{period}-{run}-{type}-{timestamp}-tier_${tier}.lh5`;
  return {
    data_dir: "$_/generated/tier",
    tier_dirs: Object.fromEntries(TIERS.map((t) => [t, `/${t}`])),
    file_format: Object.fromEntries(TIERS.map((t) => [t, pattern(t)])),
    table_format: {
      raw: "ch{ch:07d}/raw",
      dsp: "ch{ch:07d}/dsp",
      hit: "ch{ch:07d}/hit",
      evt: "evt",
      tcm: TCM_TABLE,
    },
  };
}

/** DataLoader config: levels as in acceptance/configs/data-loader.json, FileDB config beside it, the generated channel map. */
export function dataLoaderConfig(): object {
  return {
    filedb: `$_/${FILEDB_CONFIG_NAME}`,
    levels: {
      hit: { tiers: ["raw", "dsp", "hit"] },
      tcm: {
        tiers: ["tcm"],
        parent: "hit",
        child: "evt",
        tcm_cols: { child_idx: "coin_idx", parent_tb: "table_key", parent_idx: "row_in_table" },
      },
      evt: { tiers: ["evt"] },
    },
    channel_map: { metadata: `$_/${METADATA_DIR}` },
  };
}

/** The production's own dataflow config (`setups.l200.paths`), as real production folders carry it. */
export function dataflowConfig(): object {
  const paths: Record<string, string> = { tier: "$_/generated/tier", metadata: "$_/metadata" };
  for (const tier of TIERS) paths[`tier_${tier}`] = `$_/generated/tier/${tier}`;
  return { setups: { l200: { paths } } };
}
