// Reads beside the entry lists: every column of one detector, the DAQ settings stored in tier files, and the
// production's DSP and calibration parameters of each cycle.
import type { Lgdo } from "../../../../shared/lgdo/model.ts";
import { type TableSource, resolveDatastreams } from "./datastreams.ts";
import { loadParameters, readSettings } from "./metadata.ts";
import type { SelectionState } from "./selection-state.ts";
import type { FileCache } from "./sources.ts";

/** Every column any tier of the lowest level has in the state's tables (waveforms only if asked). */
export function detectorColumns(
  src: TableSource,
  state: SelectionState,
  includeWaveforms: boolean,
): string[] {
  const level = src.levels[0]!;
  const all = new Set<string>();
  for (const row of state.fileList ?? []) {
    for (const tb of resolveDatastreams(src, state.datastreams, level.name, row) ?? []) {
      for (const tier of level.tiers) for (const c of src.catalog.columnsOf(row, tier, tb) ?? []) all.add(c);
    }
  }
  return [...all].filter((c) => includeWaveforms || !/^waveform/.test(c));
}

/** Top-level objects of a tier's files that are not channel tables (e.g. `extra`), per selected cycle. */
export function readTierSettings(
  src: TableSource,
  files: FileCache,
  rows: readonly number[],
  tier: string,
): Map<number, Record<string, Lgdo>> {
  const out = new Map<number, Record<string, Lgdo>>();
  const template = src.db.config.tableFormat[tier] ?? "";
  for (const row of rows) {
    const path = src.db.filePath(row, tier);
    if (!path || !src.catalog.tables(row, tier)) continue;
    out.set(row, readSettings(files.get(path), template));
  }
  return out;
}

/** Production parameters (`par_dsp`, `par_hit`) of each cycle, null where the production has none. */
export function readTierPars(
  src: TableSource,
  rows: readonly number[],
  tier: string,
): Map<number, { file: string; pars: unknown } | null> {
  const out = new Map<number, { file: string; pars: unknown } | null>();
  const keyOf = (name: string, row: number): string | undefined =>
    src.db.keyNames.includes(name) ? String(src.db.column(name)[row]) : undefined;
  for (const row of rows) {
    const keys: { type?: string; period?: string; run?: string; timestamp?: string } = {};
    for (const name of ["type", "period", "run", "timestamp"] as const) {
      const value = keyOf(name, row);
      if (value !== undefined) keys[name] = value;
    }
    out.set(row, loadParameters(src.db.config.dataDir, tier, keys));
  }
  return out;
}
