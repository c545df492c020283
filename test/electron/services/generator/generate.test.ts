// Generated trees read back with the project's LH5 reader: layout, tables, dtypes and datatype strings,
// determinism, encoded waveforms, the spectrum, the TCM, the FileDB/DataLoader configs and the channel map.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import {
  GeneratorError,
  TH228_PEAKS_KEV,
  channelTableName,
  cycleKey,
  generateDataset,
  tierFilePath,
  type GeneratedDataset,
} from "../../../../electron/services/generator/index.ts";
import {
  loadFileDbConfig,
  tierFilePath as fileDbTierPath,
} from "../../../../electron/services/flow/filedb/config.ts";
import { FileDB } from "../../../../electron/services/flow/filedb/index.ts";
import { DataLoader } from "../../../../electron/services/flow/loader/index.ts";
import { inspectSource } from "../../../../electron/services/app/sources.ts";
import { ChannelMap } from "../../../../electron/services/flow/channelmap.ts";
import { initH5 } from "../../../../electron/services/lh5/h5.ts";
import { Lh5File } from "../../../../electron/services/lh5/reader.ts";
import { formatTemplate } from "../../../../shared/format/index.ts";
import { FILEDB_CONFIG } from "../../../fixtures/testdata.ts";
import type {
  Lgdo,
  LgdoArray,
  LgdoEncodedArray,
  LgdoTable,
  LgdoVectorOfVectors,
} from "../../../../shared/lgdo/model.ts";

const CYCLES = 4;
const CHANNELS = 3;
const EVENTS = 200;
const SEED = 5;

let tmp: string;
let plain: GeneratedDataset;
let radware: GeneratedDataset;
let uleb: GeneratedDataset;
let sameSeed: GeneratedDataset;
let otherSeed: GeneratedDataset;
let parallel: GeneratedDataset;
let noRaw: GeneratedDataset;

beforeAll(async () => {
  await initH5();
  tmp = mkdtempSync(join(tmpdir(), "lh5-generator-test-"));
  const base = { cycles: CYCLES, channels: CHANNELS, events: EVENTS, seed: SEED, compress: "none" as const };
  plain = await generateDataset(join(tmp, "plain"), base);
  radware = await generateDataset(join(tmp, "radware"), {
    ...base,
    encode: "radware",
    tiers: ["raw"],
    cycles: 1,
  });
  uleb = await generateDataset(join(tmp, "uleb"), {
    ...base,
    encode: "uleb128",
    tiers: ["raw"],
    cycles: 1,
    compress: "gzip",
  });
  sameSeed = await generateDataset(join(tmp, "same"), { ...base, tiers: ["hit", "tcm"], compress: "gzip" });
  otherSeed = await generateDataset(join(tmp, "other"), { ...base, seed: SEED + 1, tiers: ["hit"] });
  // 30 cycles over 2 worker threads (tasks of 25 + 5 cycles): must equal the single-thread files
  parallel = await generateDataset(join(tmp, "parallel"), {
    ...base,
    cycles: 30,
    tiers: ["hit", "tcm"],
    workers: 2,
  });
  noRaw = await generateDataset(join(tmp, "no-raw"), {
    ...base,
    cycles: 2,
    tiers: ["dsp", "hit", "tcm", "evt"],
  });
}, 600_000);

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

function withFile<T>(path: string, fn: (file: Lh5File) => T): T {
  const file = Lh5File.open(path);
  try {
    return fn(file);
  } finally {
    file.close();
  }
}

function fileOf(
  dataset: GeneratedDataset,
  cycle: number,
  tier: "raw" | "dsp" | "hit" | "tcm" | "evt",
): string {
  return join(dataset.root, tierFilePath(cycleKey(cycle), tier));
}

function asTable(obj: Lgdo): LgdoTable {
  if (obj.kind !== "table") throw new Error(`expected a table, got ${obj.kind}`);
  return obj;
}
function column(tableObj: LgdoTable, name: string): Lgdo {
  const col = tableObj.columns[name];
  if (col === undefined) throw new Error(`no column ${name}`);
  return col;
}
function arrayColumn(tableObj: LgdoTable, name: string): LgdoArray {
  const col = column(tableObj, name);
  if (col.kind !== "array") throw new Error(`${name} is ${col.kind}`);
  return col;
}
function vovColumn(tableObj: LgdoTable, name: string): LgdoVectorOfVectors {
  const col = column(tableObj, name);
  if (col.kind !== "vov") throw new Error(`${name} is ${col.kind}`);
  return col;
}
function numbers(obj: LgdoArray): ArrayLike<number> {
  if (Array.isArray(obj.data)) throw new Error("string column");
  return obj.data;
}

const RAWIDS = [1104000, 1104001, 1104002];

describe("generateDataset: layout", () => {
  it("writes every tier file of every cycle with LEGEND production names", () => {
    expect(plain.files).toBe(CYCLES * 5);
    expect(plain.bytes).toBeGreaterThan(0);
    for (let c = 0; c < CYCLES; c++) {
      for (const tier of ["raw", "dsp", "hit", "tcm", "evt"] as const) {
        const path = fileOf(plain, c, tier);
        expect(existsSync(path)).toBe(true);
        expect(basename(path)).toMatch(
          /^l200-p\d\d-r\d{3}-(cal|phy)-\d{8}T\d{6}Z-tier_(raw|dsp|hit|tcm|evt)\.lh5$/,
        );
        expect(path).toContain(join("generated", "tier", tier, cycleKey(c).type, "p03", "r000"));
      }
    }
    // both data types in the first run, like the synthetic trees of pygama-baseline.md
    expect(new Set([0, 1, 2, 3].map((c) => cycleKey(c).type))).toEqual(new Set(["cal", "phy"]));
    // no temp files left behind by the atomic writes
    const rawDir = dirname(fileOf(plain, 0, "raw"));
    expect(readdirSync(rawDir).every((name) => name.endsWith(".lh5"))).toBe(true);
  });

  it("refuses a non-empty folder unless forced, and checks its options", async () => {
    await expect(generateDataset(plain.root, { cycles: 1, channels: 1, events: 1 })).rejects.toThrow(
      /not empty/,
    );
    const dir = join(tmp, "forced");
    await generateDataset(dir, { cycles: 1, channels: 1, events: 1, compress: "none", tiers: ["tcm"] });
    const again = await generateDataset(dir, {
      cycles: 1,
      channels: 1,
      events: 2,
      compress: "none",
      tiers: ["tcm"],
      force: true,
    });
    expect(again.files).toBe(1);
    await expect(generateDataset(join(tmp, "bad1"), { cycles: 0, channels: 1, events: 1 })).rejects.toThrow(
      GeneratorError,
    );
    await expect(generateDataset(join(tmp, "bad2"), { cycles: 1, channels: 1, events: 1.5 })).rejects.toThrow(
      /events/,
    );
    await expect(
      generateDataset(join(tmp, "bad3"), { cycles: 1, channels: 1, events: 1, tiers: ["psp"] }),
    ).rejects.toThrow(/unknown tier 'psp'/);
    await expect(
      generateDataset(join(tmp, "bad4"), { cycles: 1, channels: 1, events: 1, encode: "zip" as "none" }),
    ).rejects.toThrow(/encode must be one of/);
    expect(existsSync(join(tmp, "bad1"))).toBe(false);
  });

  it("stops between cycles when aborted, leaving only whole files", async () => {
    const controller = new AbortController();
    const dir = join(tmp, "aborted");
    const progress: number[] = [];
    const run = generateDataset(dir, {
      cycles: 50,
      channels: 1,
      events: 2,
      compress: "none",
      tiers: ["tcm"],
      signal: controller.signal,
      onProgress: (done) => {
        progress.push(done);
        if (done === 2) controller.abort(new Error("stop"));
      },
    });
    await expect(run).rejects.toThrow("stop");
    expect(progress.at(-1)).toBe(2);
    const written = readdirSync(join(dir, "generated", "tier", "tcm"), { recursive: true }).filter((f) =>
      String(f).endsWith(".lh5"),
    );
    expect(written.length).toBe(2);
  });

  it("stops worker threads when aborted", async () => {
    const controller = new AbortController();
    const run = generateDataset(join(tmp, "aborted-workers"), {
      cycles: 400,
      channels: 1,
      events: 2,
      compress: "none",
      tiers: ["tcm"],
      workers: 2,
      signal: controller.signal,
      onProgress: (done) => {
        if (done === 3) controller.abort(new Error("halt"));
      },
    });
    await expect(run).rejects.toThrow("halt");
    const written = readdirSync(join(tmp, "aborted-workers", "generated", "tier", "tcm"), {
      recursive: true,
    }).filter((f) => String(f).endsWith(".lh5"));
    expect(written.length).toBeLessThan(400);
  });
});

describe("generateDataset: tables, columns and dtypes", () => {
  it("writes ch{rawid}/raw tables with waveform tables and the real files' dtypes", () => {
    withFile(fileOf(plain, 0, "raw"), (file) => {
      expect(file.keys().sort()).toEqual(RAWIDS.map((r) => `ch${r}`));
      const raw = asTable(file.read(channelTableName(RAWIDS[0]!, "raw")));
      const dtypes: Record<string, string> = {
        packet_id: "uint32",
        eventnumber: "int32",
        timestamp: "float64",
        runtime: "float64",
        numtraces: "int32",
        baseline: "uint16",
        daqenergy: "uint16",
        channel: "uint32",
        ts_pps: "int32",
        ts_ticks: "int32",
        event_type: "uint8",
        board_id: "uint16",
      };
      for (const [name, dtype] of Object.entries(dtypes))
        expect(arrayColumn(raw, name).dtype, name).toBe(dtype);
      expect(arrayColumn(raw, "timestamp").attrs.units).toBe("s");
      const waveform = asTable(column(raw, "waveform"));
      expect(waveform.columnOrder.slice().sort()).toEqual(["dt", "t0", "values"]);
      expect(arrayColumn(waveform, "dt").dtype).toBe("float32");
      expect(arrayColumn(waveform, "dt").attrs.units).toBe("ns");
      const values = arrayColumn(waveform, "values");
      expect(values.form).toBe("array_of_equalsized_arrays");
      expect(values.dtype).toBe("uint16");
      expect(values.shape).toEqual([raw.nRows, 1400]);

      const entries = new Map(
        file.list(channelTableName(RAWIDS[0]!, "raw"), { depth: 3 }).map((e) => [e.path, e]),
      );
      const datatype = (p: string): string | null | undefined =>
        entries.get(`ch${RAWIDS[0]}/raw/${p}`)?.datatype;
      expect(datatype("waveform")).toBe("table{dt,t0,values}");
      expect(datatype("waveform/values")).toBe("array_of_equalsized_arrays<1,1>{real}");
      expect(datatype("daqenergy")).toBe("array<1>{real}");
    });
  });

  it("writes dsp and hit tables whose values are consistent with the raw tier", () => {
    const cycle = 0; // a cal cycle
    const raw = withFile(fileOf(plain, cycle, "raw"), (f) =>
      asTable(f.read(channelTableName(RAWIDS[1]!, "raw"))),
    );
    const dsp = withFile(fileOf(plain, cycle, "dsp"), (f) =>
      asTable(f.read(channelTableName(RAWIDS[1]!, "dsp"))),
    );
    const hit = withFile(fileOf(plain, cycle, "hit"), (f) =>
      asTable(f.read(channelTableName(RAWIDS[1]!, "hit"))),
    );
    expect(dsp.nRows).toBe(raw.nRows);
    expect(hit.nRows).toBe(raw.nRows);
    for (const name of ["trapEmax", "cuspEmax", "A_max", "bl_mean", "tp_0_est", "tp_50"]) {
      expect(arrayColumn(dsp, name).dtype, name).toBe("float32");
    }
    expect(arrayColumn(dsp, "A_max").attrs.units).toBe("ADC/sample");
    expect(arrayColumn(hit, "cuspEmax_ctc_cal").dtype).toBe("float64");
    const valid = arrayColumn(hit, "is_valid_cal");
    expect(valid.element.kind).toBe("bool");
    expect(valid.dtype).toBe("uint8");
    expect(arrayColumn(hit, "AoE_Corrected").dtype).toBe("float64");

    // timestamps agree across tiers; trapEmax tracks the waveform's pulse height; calibration is linear
    const rawTs = numbers(arrayColumn(raw, "timestamp"));
    const dspTs = numbers(arrayColumn(dsp, "timestamp"));
    const values = numbers(arrayColumn(asTable(column(raw, "waveform")), "values"));
    const trap = numbers(arrayColumn(dsp, "trapEmax"));
    const blMean = numbers(arrayColumn(dsp, "bl_mean"));
    const energy = numbers(arrayColumn(hit, "trapEmax_ctc_cal"));
    const gains: number[] = [];
    for (let i = 0; i < raw.nRows; i++) {
      expect(dspTs[i]).toBe(rawTs[i]);
      let max = 0;
      for (let s = 0; s < 1400; s++) max = Math.max(max, values[i * 1400 + s]!);
      const height = max - blMean[i]!;
      if (height > 200) expect(Math.abs(trap[i]! / height - 1)).toBeLessThan(0.1);
      gains.push(trap[i]! / energy[i]!);
    }
    const spread = Math.max(...gains) - Math.min(...gains);
    expect(spread / gains[0]!).toBeLessThan(1e-6);
  });

  it("writes hardware_tcm_1 in the current format whose every entry points at an existing hit row", () => {
    for (let c = 0; c < CYCLES; c++) {
      const tcm = withFile(fileOf(plain, c, "tcm"), (f) => {
        const entries = f.list("", { depth: 1 });
        const group = entries.find((e) => e.path === "hardware_tcm_1");
        expect(group?.datatype).toMatch(/^table\{(row_in_table,table_key|table_key,row_in_table)\}$/);
        expect(group?.attrs.hash_func).toBe("\\d+");
        expect(group?.attrs.tables).toBe(`[${RAWIDS.map((r) => `'ch${r}/raw'`).join(", ")}]`);
        return asTable(f.read("hardware_tcm_1"));
      });
      const keys = vovColumn(tcm, "table_key");
      const rows = vovColumn(tcm, "row_in_table");
      expect(keys.cumulativeLengthDtype).toBe("int64");
      expect((keys.flattened as LgdoArray).dtype).toBe("int32");
      expect((rows.flattened as LgdoArray).dtype).toBe("int64");
      expect(Array.from(rows.cumulativeLength)).toEqual(Array.from(keys.cumulativeLength));
      expect(tcm.nRows).toBe(EVENTS);

      const hitTables = withFile(fileOf(plain, c, "hit"), (f) =>
        Object.fromEntries(
          RAWIDS.map((r) => [r, asTable(f.read(channelTableName(r, "hit"), { columns: ["timestamp"] }))]),
        ),
      );
      const evt = withFile(fileOf(plain, c, "evt"), (f) => asTable(f.read("evt")));
      const evtTs = numbers(arrayColumn(evt, "timestamp"));
      const flatKeys = numbers(keys.flattened as LgdoArray);
      const flatRows = numbers(rows.flattened as LgdoArray);
      const used = new Set<string>();
      let start = 0;
      let coincident = 0;
      for (let e = 0; e < tcm.nRows; e++) {
        const end = keys.cumulativeLength[e]!;
        if (end - start > 1) coincident++;
        for (let k = start; k < end; k++) {
          const table = hitTables[flatKeys[k]!];
          expect(table, `key ${flatKeys[k]}`).toBeDefined();
          expect(flatRows[k]!).toBeLessThan(table!.nRows);
          expect(numbers(arrayColumn(table!, "timestamp"))[flatRows[k]!]).toBe(evtTs[e]);
          used.add(`${flatKeys[k]}:${flatRows[k]}`);
        }
        start = end;
      }
      const totalHits = Object.values(hitTables).reduce((n, t) => n + t.nRows, 0);
      expect(used.size).toBe(totalHits); // every hit is in exactly one event
      expect(coincident).toBeGreaterThan(0);
    }
  });

  it("writes an evt table row-aligned with the TCM: multiplicity, energy VoV, vetoes", () => {
    withFile(fileOf(plain, 1, "evt"), (f) => {
      const evt = asTable(f.read("evt"));
      expect(evt.nRows).toBe(EVENTS);
      expect(arrayColumn(evt, "multiplicity").dtype).toBe("int32");
      expect(arrayColumn(evt, "muon_veto").element.kind).toBe("bool");
      expect(arrayColumn(evt, "lar_veto").element.kind).toBe("bool");
      const energy = vovColumn(evt, "energy");
      const mult = numbers(arrayColumn(evt, "multiplicity"));
      const sum = numbers(arrayColumn(evt, "energy_sum"));
      const flat = numbers(energy.flattened as LgdoArray);
      let start = 0;
      for (let e = 0; e < evt.nRows; e++) {
        const end = energy.cumulativeLength[e]!;
        expect(end - start).toBe(mult[e]);
        let total = 0;
        for (let k = start; k < end; k++) total += flat[k]!;
        expect(sum[e]).toBeCloseTo(total, 6);
        start = end;
      }
      const datatypes = new Map(f.list("evt", { depth: 1 }).map((e) => [e.path, e.datatype]));
      expect(datatypes.get("evt/energy")).toBe("array<1>{array<1>{real}}");
    });
  });
});

describe("generateDataset: physics and determinism", () => {
  it("puts the 2614.5 keV Th-228 peak within ±3 keV in a histogram of the calibrated hit energies", () => {
    const counts = new Float64Array(3000);
    for (let c = 0; c < CYCLES; c++) {
      if (cycleKey(c).type !== "cal") continue;
      withFile(fileOf(plain, c, "hit"), (f) => {
        for (const r of RAWIDS) {
          const energies = numbers(
            arrayColumn(asTable(f.read(channelTableName(r, "hit"))), "cuspEmax_ctc_cal"),
          );
          for (const e of Array.from(energies)) if (e >= 0 && e < 3000) counts[Math.floor(e)]!++;
        }
      });
    }
    let best = 2400;
    for (let b = 2400; b < 2800; b++) if (counts[b]! > counts[best]!) best = b;
    expect(Math.abs(best + 0.5 - 2614.5)).toBeLessThanOrEqual(3);
    expect(TH228_PEAKS_KEV).toContain(2614.5);
  });

  it("writes the same values for the same seed and different ones for another seed", () => {
    const read = (d: GeneratedDataset, c: number): LgdoTable =>
      withFile(fileOf(d, c, "hit"), (f) => asTable(f.read(channelTableName(RAWIDS[0]!, "hit"))));
    for (let c = 0; c < CYCLES; c++) {
      const b = read(sameSeed, c);
      // without raw the DSP model draws the values, whatever other tiers are written
      if (c < 2) {
        const a = read(noRaw, c);
        for (const name of a.columnOrder) {
          expect(Array.from(numbers(arrayColumn(b, name))), name).toEqual(
            Array.from(numbers(arrayColumn(a, name))),
          );
        }
      }
      expect(Array.from(numbers(arrayColumn(read(otherSeed, c), "cuspEmax_ctc_cal")))).not.toEqual(
        Array.from(numbers(arrayColumn(b, "cuspEmax_ctc_cal"))),
      );
      // the events do not depend on how the DSP values are made: the same TCM and times with and without raw
      const tcmA = withFile(fileOf(plain, c, "tcm"), (f) => asTable(f.read("hardware_tcm_1")));
      const tcmB = withFile(fileOf(sameSeed, c, "tcm"), (f) => asTable(f.read("hardware_tcm_1")));
      expect(Array.from(numbers(vovColumn(tcmB, "table_key").flattened as LgdoArray))).toEqual(
        Array.from(numbers(vovColumn(tcmA, "table_key").flattened as LgdoArray)),
      );
      expect(Array.from(numbers(arrayColumn(b, "timestamp")))).toEqual(
        Array.from(numbers(arrayColumn(read(plain, c), "timestamp"))),
      );
    }
  });

  it("writes the same files from worker threads as from one thread", () => {
    expect(parallel.files).toBe(60);
    for (const c of [0, 3, 25, 29]) expect(existsSync(fileOf(parallel, c, "hit"))).toBe(true);
    for (let c = 0; c < CYCLES; c++) {
      for (const r of RAWIDS) {
        const read = (d: GeneratedDataset): LgdoTable =>
          withFile(fileOf(d, c, "hit"), (f) => asTable(f.read(channelTableName(r, "hit"))));
        const a = read(sameSeed); // the same tiers (no raw) from one thread
        const b = read(parallel);
        for (const name of a.columnOrder) {
          expect(Array.from(numbers(arrayColumn(b, name))), `cycle ${c}, ${r}: ${name}`).toEqual(
            Array.from(numbers(arrayColumn(a, name))),
          );
        }
      }
    }
  });

  it("encodes waveforms with radware_sigcompress and uleb128_zigzag_diff that decode to the plain ones", () => {
    for (const [dataset, codec] of [
      [radware, "radware_sigcompress"],
      [uleb, "uleb128_zigzag_diff"],
    ] as const) {
      withFile(fileOf(dataset, 0, "raw"), (f) => {
        for (const r of RAWIDS) {
          const path = `${channelTableName(r, "raw")}/waveform/values`;
          const encoded = f.read(path) as LgdoEncodedArray;
          expect(encoded.kind).toBe("encoded");
          expect(encoded.codec.name).toBe(codec);
          if (encoded.codec.name === "radware_sigcompress") expect(encoded.codec.shift).toBe(-32768);
          expect(encoded.decodedSize).toBe(1400);
          expect(encoded.encoded.cumulativeLengthDtype).toBe("uint32");
          const entry = f
            .list(`${channelTableName(r, "raw")}/waveform`, { depth: 1 })
            .find((e) => e.path === path);
          expect(entry?.datatype).toBe("array_of_encoded_equalsized_arrays<1,1>{real}");
          expect(entry?.attrs.codec).toBe(codec);
          const decoded = f.read(path, { decode: true }) as LgdoArray;
          const original = withFile(fileOf(plain, 0, "raw"), (p) => p.read(path) as LgdoArray);
          expect(decoded.shape).toEqual(original.shape);
          expect(Array.from(numbers(decoded))).toEqual(Array.from(numbers(original)));
        }
      });
    }
  });
});

describe("generateDataset: configs and channel map", () => {
  it("writes a FileDB config whose $_-relative paths resolve to every generated file and table", () => {
    const text = JSON.parse(readFileSync(plain.filedbConfigPath, "utf8")) as { data_dir: string };
    expect(text.data_dir).toBe("$_/generated/tier");
    const expected = JSON.parse(readFileSync(FILEDB_CONFIG, "utf8")) as Record<
      string,
      Record<string, string>
    >;
    expect(Object.keys(text).sort()).toEqual(Object.keys(expected).sort());

    const config = loadFileDbConfig(plain.filedbConfigPath);
    expect(config.dataDir).toBe(join(plain.root, "generated", "tier"));
    for (let c = 0; c < CYCLES; c++) {
      const key = cycleKey(c);
      for (const tier of config.tiers) {
        const name = formatTemplate(config.fileFormat[tier]!, {
          exp: key.exp,
          period: key.period,
          run: key.run,
          type: key.type,
          timestamp: key.timestamp,
        });
        const path = fileDbTierPath(config, tier, name);
        expect(path).toBe(fileOf(plain, c, tier as "raw"));
        expect(existsSync(path)).toBe(true);
      }
      withFile(fileOf(plain, c, "raw"), (f) => {
        for (const r of RAWIDS) expect(f.has(formatTemplate(config.tableFormat.raw!, { ch: r }))).toBe(true);
      });
      withFile(fileOf(plain, c, "tcm"), (f) => expect(f.has(config.tableFormat.tcm!)).toBe(true));
      withFile(fileOf(plain, c, "evt"), (f) => expect(f.has(config.tableFormat.evt!)).toBe(true));
    }
  });

  it("writes a DataLoader config that points at the FileDB config", () => {
    const config = JSON.parse(readFileSync(plain.dataloaderConfigPath, "utf8")) as {
      filedb: string;
      levels: Record<string, { tiers: string[] }>;
      channel_map: { metadata: string };
    };
    expect(resolve(config.filedb.replace("$_", dirname(plain.dataloaderConfigPath)))).toBe(
      plain.filedbConfigPath,
    );
    expect(Object.keys(config.levels)).toEqual(["hit", "tcm", "evt"]);
    expect(config.levels.hit?.tiers).toEqual(["raw", "dsp", "hit"]);
    expect(resolve(config.channel_map.metadata.replace("$_", dirname(plain.dataloaderConfigPath)))).toBe(
      plain.metadataDir,
    );
    expect(
      existsSync(join(plain.metadataDir, "hardware", "configuration", "channelmaps", "validity.yaml")),
    ).toBe(true);
  });

  it("is a tree the project's FileDB scans completely: one row per cycle, every tier present, no problems", async () => {
    const db = await FileDB.create(plain.filedbConfigPath);
    expect(db.problems).toEqual([]);
    expect(db.nRows).toBe(CYCLES);
    expect(db.tiers).toEqual(["raw", "dsp", "hit", "tcm", "evt"]);
    expect(Array.from(db.column("file_status") as ArrayLike<number>)).toEqual(Array(CYCLES).fill(31));
    await db.scanTablesColumns();
    expect(db.getTableColumns(RAWIDS[0]!, "hit", 0)).toContain("cuspEmax_ctc_cal");
  });

  it("writes a LEGEND-style channel map (validity.yaml + map) that names every data channel", () => {
    const validity = parseYaml(readFileSync(join(plain.channelMapDir, "validity.yaml"), "utf8")) as Array<{
      valid_from: string;
      apply: string[];
    }>;
    expect(validity[0]?.valid_from).toMatch(/^\d{8}T\d{6}Z$/);
    expect(validity[0]!.valid_from < cycleKey(0).timestamp).toBe(true);
    const mapFile = join(plain.channelMapDir, validity[0]!.apply[0]!);
    const map = parseYaml(readFileSync(mapFile, "utf8")) as Record<
      string,
      {
        name: string;
        system: string;
        daq: { rawid: number };
        location?: { string: number; position: number };
      }
    >;
    const geds = Object.values(map).filter((c) => c.system === "geds");
    expect(geds.map((c) => c.daq.rawid).sort()).toEqual(RAWIDS);
    for (const [key, entry] of Object.entries(map)) expect(entry.name).toBe(key);
    for (const c of geds) {
      expect(c.name).toMatch(/^[VBPC]\d{5}[A-D]$/);
      expect(c.location?.string).toBeGreaterThanOrEqual(1);
      expect(c.location?.position).toBeGreaterThanOrEqual(1);
    }
    expect(new Set(Object.values(map).map((c) => c.system))).toEqual(
      new Set(["geds", "spms", "puls", "bsln", "auxs"]),
    );
    // the project's channel-map reader resolves the generated metadata for both data types
    for (const category of ["cal", "phy"]) {
      const set = ChannelMap.fromMetadata(plain.metadataDir).at(cycleKey(0).timestamp, category);
      expect(set.resolve(["geds"])).toEqual(RAWIDS);
      expect(set.byRawid(RAWIDS[1]!)?.name).toBe(geds.find((c) => c.daq.rawid === RAWIDS[1])?.name);
    }
    // records how it was made
    const record = JSON.parse(readFileSync(join(plain.root, "generator.json"), "utf8")) as { seed: number };
    expect(record.seed).toBe(SEED);
  });
});

describe("generateDataset: configs of a tree without some tiers", () => {
  it("lists only the tiers written, so the FileDB scan has no problem and every cycle has all of them", async () => {
    const config = JSON.parse(readFileSync(noRaw.filedbConfigPath, "utf8")) as Record<
      string,
      Record<string, string>
    >;
    for (const key of ["tier_dirs", "file_format", "table_format"])
      expect(Object.keys(config[key]!), key).toEqual(["dsp", "hit", "tcm", "evt"]);
    const db = await FileDB.create(noRaw.filedbConfigPath);
    expect(db.problems).toEqual([]);
    expect(db.tiers).toEqual(["dsp", "hit", "tcm", "evt"]);
    expect(Array.from(db.column("file_status") as ArrayLike<number>)).toEqual([15, 15]);
  });

  it("writes a DataLoader config whose hit level has no raw tier and whose cuts find entries", async () => {
    const config = JSON.parse(readFileSync(noRaw.dataloaderConfigPath, "utf8")) as {
      levels: Record<string, { tiers: string[]; parent?: string }>;
    };
    expect(config.levels.hit?.tiers).toEqual(["dsp", "hit"]);
    expect(config.levels.tcm).toMatchObject({ tiers: ["tcm"], parent: "hit" });
    const dl = await DataLoader.create(noRaw.dataloaderConfigPath);
    dl.setFiles("all");
    dl.setDatastreams(RAWIDS, "ch");
    dl.setCuts({ hit: "cuspEmax_ctc_cal > 0" });
    const entries = await dl.buildEntryList();
    expect(entries.file.length).toBeGreaterThan(2 * EVENTS);
    expect(dl.warnings).toEqual([]);
  });

  it("keeps the TCM level a plain level when no hit-level tier is written", async () => {
    const dir = join(tmp, "tcm-only-config");
    const ds = await generateDataset(dir, { cycles: 1, channels: 1, events: 2, tiers: ["tcm", "evt"] });
    const config = JSON.parse(readFileSync(ds.dataloaderConfigPath, "utf8")) as {
      levels: Record<string, unknown>;
    };
    expect(config.levels).toEqual({ tcm: { tiers: ["tcm"] }, evt: { tiers: ["evt"] } });
  });
});

describe("generateDataset: the folder opened as a LEGEND production folder", () => {
  it("is guessed with the evt table the generator writes, so every cycle has its evt table", async () => {
    const source = await inspectSource(plain.root);
    expect(source.kind).toBe("production-folder");
    const proposed = source.proposedConfig!;
    const db = await FileDB.create(proposed);
    expect(db.problems).toEqual([]);
    await db.scanTablesColumns();
    const evtTables = db.column("evt_tables") as unknown as Array<unknown[] | null>;
    expect(evtTables.filter((tables) => (tables?.length ?? 0) > 0)).toHaveLength(CYCLES);
    expect(db.getTableColumns(evtTables[0]![0] as number, "evt", 0)).toContain("multiplicity");
    // the guess and the config written beside the data agree on every table
    const written = JSON.parse(readFileSync(plain.filedbConfigPath, "utf8")) as {
      table_format: Record<string, string>;
    };
    expect(proposed.table_format).toEqual(written.table_format);
  });
});
