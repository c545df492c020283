// Entry identity and the event view on the real prod-ref-l200 files, checked against what the built
// `lh5-browser dump` prints for the same files (TCM, tables, values) and against the LEGEND channel map.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { awaitJob } from "../../../../../shared/api/jobs.ts";
import type { DataSelection, EntryIdentity } from "../../../../../shared/api/types.ts";
import { createRealBackend } from "../../../../../electron/services/app/real-backend.ts";
import { AppService } from "../../../../../electron/services/app/service.ts";
import { initH5 } from "../../../../../electron/services/lh5/h5.ts";
import { BUILT_CLI, ensureBuilt } from "../../../../fixtures/built.ts";
import {
  ACCEPTANCE_DIR,
  FILEDB_CONFIG,
  PROD_REF_DIR,
  PROD_REF_TIER_DIR,
} from "../../../../fixtures/testdata.ts";

const CYCLE = "l200-p03-r001-cal-20230318T012144Z";
const cycleSelection: DataSelection = {
  rows: [],
  fileQuery: "timestamp == '20230318T012144Z'",
  channels: [],
  cuts: {},
};
/** The detectors of these rawids in the p03 channel map (hardware/configuration/channelmaps). */
const NAMES: Record<number, { name: string; string: number; position: number }> = {
  1084803: { name: "V00048A", string: 10, position: 9 },
  1084804: { name: "V01240A", string: 10, position: 10 },
  1121600: { name: "V00048B", string: 8, position: 4 },
};

function tierFile(tier: string): string {
  return join(PROD_REF_TIER_DIR, tier, "cal/p03/r001", `${CYCLE}-tier_${tier}.lh5`);
}

/** `lh5-browser dump FILE PATH [--rows A:B] --json`, parsed. */
function dump(file: string, path: string, rows?: string): unknown {
  const args = [BUILT_CLI, "dump", file, path, "--json", ...(rows ? ["--rows", rows] : [])];
  const run = spawnSync(process.execPath, args, { encoding: "utf8" });
  if (run.status !== 0) throw new Error(`dump failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as unknown;
}

let service: AppService;
let dataDir: string;
/** The cycle's TCM as dump prints it: per event, the rawids and rows of its hits. */
let tcm: { table_key: number[][]; row_in_table: number[][] };

function eventOf(rawid: number, row: number): number {
  return tcm.table_key.findIndex((keys, e) =>
    keys.some((k, h) => k === rawid && tcm.row_in_table[e]![h] === row),
  );
}

const columns = new Map<string, number[]>();
/** A value of a channel's column as dump prints it (each column dumped once). */
function dumped(tier: string, rawid: number, column: string, row: number): number {
  const key = `${tier}/${rawid}/${column}`;
  if (!columns.has(key)) columns.set(key, dump(tierFile(tier), `ch${rawid}/${tier}/${column}`) as number[]);
  return columns.get(key)![row]!;
}

function trapEmax(rawid: number, row: number): number {
  return dumped("dsp", rawid, "trapEmax", row);
}

function rawidAt(identity: EntryIdentity, i: number): number {
  return identity.channels[identity.channel[i]!]!.rawid!;
}

beforeAll(async () => {
  ensureBuilt();
  await initH5();
  dataDir = mkdtempSync(join(tmpdir(), "lh5id-data-"));
  service = new AppService({
    mode: "web",
    version: "test",
    dataDir,
    backend: createRealBackend(),
    roots: [ACCEPTANCE_DIR, PROD_REF_DIR],
  });
  await awaitJob(service, await service.openDataset({ path: FILEDB_CONFIG }));
  tcm = dump(tierFile("tcm"), "hardware_tcm_1") as typeof tcm;
});

afterAll(() => {
  service?.dispose();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("waveformPage identity", () => {
  it("names every entry's cycle, files, detector, rawid, row and TCM event as dump and the channel map do", async () => {
    const page = await service.waveformPage({
      selection: cycleSelection,
      columns: [],
      start: 0,
      count: 100,
      legendColumns: ["trapEmax"],
    });
    const identity = page.identity!;
    expect(page.totalEntries).toBe(30); // every hit of the cycle's TCM
    expect(identity.cycles).toHaveLength(1);
    const cycle = identity.cycles[0]!;
    expect(cycle.key).toBe(CYCLE);
    expect(cycle.timestamp).toBe("20230318T012144Z");
    for (const tier of ["raw", "dsp", "hit", "tcm"])
      expect(cycle.files[tier]).toBe(`${CYCLE}-tier_${tier}.lh5`);
    expect(identity.level).toBe("hit");
    const seen = new Set<string>();
    for (let i = 0; i < page.entries.length; i++) {
      const channel = identity.channels[identity.channel[i]!]!;
      const rawid = channel.rawid!;
      const row = identity.row[i]!;
      expect(channel.table).toBe(`ch${rawid}`);
      expect(channel.name).toBe(NAMES[rawid]!.name);
      expect(channel.system).toBe("geds");
      expect([channel.string, channel.position]).toEqual([NAMES[rawid]!.string, NAMES[rawid]!.position]);
      expect(identity.event[i], `ch${rawid} row ${row}`).toBe(eventOf(rawid, row));
      expect(page.legend.trapEmax!.values[i]).toBeCloseTo(trapEmax(rawid, row), 3);
      seen.add(`${rawid}/${row}`);
    }
    expect(seen.size).toBe(30); // each (table, row) once
    // channels are a table of three, not one object per entry
    expect(identity.channels).toHaveLength(3);
  });

  it("identifies the entries of a one-entry page (the values table) the same way", async () => {
    const all = await service.waveformPage({ selection: cycleSelection, columns: [], start: 0, count: 100 });
    const one = await service.waveformPage({ selection: cycleSelection, columns: [], start: 17, count: 1 });
    const identity = one.identity!;
    expect(rawidAt(identity, 0)).toBe(rawidAt(all.identity!, 17));
    expect(identity.row[0]).toBe(all.identity!.row[17]);
    expect(identity.event[0]).toBe(all.identity!.event[17]);
  });
});

describe("eventView", () => {
  it("shows every channel of the entry's TCM event, laid out by string and position, with dump's values", async () => {
    const all = await service.waveformPage({ selection: cycleSelection, columns: [], start: 0, count: 100 });
    // ch1084804 row 6 is in event 7, the cycle's one event with all three detectors
    const position = Array.from(all.entries.keys()).find(
      (i) => rawidAt(all.identity!, i) === 1084804 && all.identity!.row[i] === 6,
    )!;
    const view = await service.eventView({
      selection: cycleSelection,
      position,
      columns: ["waveform"],
      valueColumns: ["trapEmax", "cuspEmax_ctc_cal"],
    });
    expect(view.event).toBe(7);
    expect(view.position).toBe(position);
    const names = Array.from(view.identity.channel, (c) => view.identity.channels[c]!.name);
    expect(names).toEqual(["V00048B", "V00048A", "V01240A"]); // string 8, then string 10 by position
    expect(names[view.current]).toBe("V01240A");
    const hits = tcm.table_key[7]!.map((k, h) => `${k}/${tcm.row_in_table[7]![h]}`).sort();
    const shown = Array.from(view.identity.row, (row, i) => `${rawidAt(view.identity, i)}/${row}`);
    expect([...shown].sort()).toEqual(hits);
    for (let i = 0; i < shown.length; i++) {
      const rawid = rawidAt(view.identity, i);
      const row = view.identity.row[i]!;
      expect(view.values.trapEmax!.values[i]).toBeCloseTo(trapEmax(rawid, row), 3);
      expect(view.values.cuspEmax_ctc_cal!.values[i]).toBeCloseTo(
        dumped("hit", rawid, "cuspEmax_ctc_cal", row),
        3,
      );
      expect(view.identity.event[i]).toBe(7);
    }
    const trace = view.traces[0]!;
    expect(trace.values.length).toBe(3 * trace.nSamples);
    const raw = dump(
      tierFile("raw"),
      `ch${rawidAt(view.identity, 0)}/raw/waveform/values`,
      `${view.identity.row[0]}:${view.identity.row[0]! + 1}`,
    ) as number[][];
    expect(Array.from(trace.values.subarray(0, 10))).toEqual(raw[0]!.slice(0, 10));
  });

  it("steps to the previous and next entry of the selection in another event", async () => {
    const all = await service.waveformPage({ selection: cycleSelection, columns: [], start: 0, count: 100 });
    const events = all.identity!.event;
    const base = { selection: cycleSelection, columns: [], valueColumns: [] };
    for (const start of [0, 5, 12, 29]) {
      const next = await service.eventView({ ...base, position: start, step: 1 });
      const expectedNext = Array.from(events.keys()).find((p) => p > start && events[p] !== events[start]);
      expect(next.position, `next from ${start}`).toBe(expectedNext ?? start);
      expect(next.event).toBe(events[next.position]);
      const prev = await service.eventView({ ...base, position: start, step: -1 });
      const before = Array.from(events.keys()).filter((p) => p < start && events[p] !== events[start]);
      expect(prev.position, `previous from ${start}`).toBe(before.at(-1) ?? start);
    }
  });

  it("refuses a position past the selection's end with a clear error", async () => {
    await expect(
      service.eventView({ selection: cycleSelection, position: 30, columns: [], valueColumns: [] }),
    ).rejects.toThrow(/no entry at position 30 \(the selection has 30\)/);
  });
});
