// Tagged entries through the app service on prod-ref-l200, and their file read back by every reader: the service's
// loadEntryList (the same entries, counted), the built CLI's `load --entry-list` (the same rows, with their values)
// and the Copy-as-Python script run by /usr/bin/python3 against stand-ins of lgdo and pygama.flow.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { awaitJob } from "../../../../shared/api/jobs.ts";
import type { DataSelection, TaggedEntry } from "../../../../shared/api/types.ts";
import { dataLoaderPython } from "../../../../shared/python/copy-as-python.ts";
import { createRealBackend } from "../../../../electron/services/app/real-backend.ts";
import { AppService } from "../../../../electron/services/app/service.ts";
import { readEntryList } from "../../../../electron/services/flow/loader/entry-file.ts";
import { BUILT_CLI, ensureBuilt } from "../../../fixtures/built.ts";
import { ACCEPTANCE_DIR, FILEDB_CONFIG, PROD_REF_DIR } from "../../../fixtures/testdata.ts";

const PYTHON = process.env.LH5_PYTHON ?? "/usr/bin/python3";

/** lgdo.lh5.read reads the `entries` table with h5py; pygama.flow's loader prints the entry list it is given. */
const LGDO_STUB = String.raw`
import h5py


class Frame(dict):
    def __len__(self):
        return len(next(iter(self.values()), []))


class Table:
    def __init__(self, columns):
        self.columns = columns

    def view_as(self, kind):
        assert kind == "pd"
        return Frame(self.columns)


def read(name, path):
    with h5py.File(path, "r") as f:
        return Table({key: [int(v) for v in f[name][key][()]] for key in f[name].keys()})
`;
const PYGAMA_STUB = String.raw`
import json


class FileDB:
    def __init__(self, config):
        pass


class DataLoader:
    def __init__(self, config, filedb=None):
        self.files = None

    def set_files(self, files):
        self.files = files

    def set_output(self, fmt, columns):
        self.columns = columns

    def load(self, entry_list):
        print(json.dumps({"files": self.files, "columns": self.columns, "entry_list": dict(entry_list)}))
        return entry_list
`;

let service: AppService;
let dataDir: string;
let outDir: string;
let tags: TaggedEntry[];

beforeAll(async () => {
  ensureBuilt();
  dataDir = mkdtempSync(join(tmpdir(), "lh5tag-data-"));
  outDir = mkdtempSync(join(tmpdir(), "lh5tag-out-"));
  service = new AppService({
    mode: "web",
    version: "test",
    dataDir,
    backend: createRealBackend(),
    roots: [ACCEPTANCE_DIR, PROD_REF_DIR, outDir],
  });
  await awaitJob(service, await service.openDataset({ path: FILEDB_CONFIG }));
  // three real entries of pygama's q1 selection, as the waveform page names them (cycle, table, row)
  const q1: DataSelection = {
    rows: [],
    channels: [1084803, 1084804, 1121600],
    cuts: { hit: "trapEmax > 5000" },
  };
  const page = await service.waveformPage({ selection: q1, columns: ["waveform"], start: 0, count: 14 });
  const identity = page.identity!;
  tags = [12, 0, 5].map((i) => ({
    cycle: identity.cycles[identity.cycle[i]!]!.row,
    table: identity.channels[identity.channel[i]!]!.rawid!,
    row: identity.row[i]!,
  }));
});

afterAll(() => {
  service?.dispose();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(outDir, { recursive: true, force: true });
});

/** The tags in file order: by cycle, then table in order of first tag, then row. */
function sortedTags(): TaggedEntry[] {
  const tableOrder = [...new Set(tags.map((t) => t.table))];
  return [...tags].sort(
    (a, b) => a.cycle - b.cycle || tableOrder.indexOf(a.table) - tableOrder.indexOf(b.table) || a.row - b.row,
  );
}

async function save(name: string, entries: TaggedEntry[]): Promise<string> {
  const outputPath = join(outDir, name);
  const saved = await awaitJob(
    service,
    await service.saveTaggedEntries({ entries, level: "hit", outputPath }),
  );
  expect(saved.outputPath).toBe(outputPath);
  return outputPath;
}

describe("saveTaggedEntries", () => {
  it("writes the tags once each, sorted, as an entry list the service opens as exactly those entries", async () => {
    const path = await save("tags.lh5", [...tags, tags[0]!]);
    const list = readEntryList(path);
    const expected = sortedTags();
    expect(list.parentLevel).toBe("hit");
    expect(Array.from(list.file)).toEqual(expected.map((t) => t.cycle));
    expect(Array.from({ length: list.length }, (_, i) => list.tableIdAt(i))).toEqual(
      expected.map((t) => t.table),
    );
    expect(Array.from(list.idx)).toEqual(expected.map((t) => t.row));
    const loaded = await service.loadEntryList({ path });
    expect(loaded.entries).toBe(3);
    const selection: DataSelection = { rows: [], channels: [], cuts: {}, entryList: loaded.entryListId };
    expect((await awaitJob(service, await service.countEntries({ selection }))).total).toBe(3);
  });

  it("the built CLI's load --entry-list loads exactly the tagged rows", async () => {
    const path = await save("tags-cli.lh5", tags);
    const result = spawnSync(
      process.execPath,
      [BUILT_CLI, "load", FILEDB_CONFIG, "--entry-list", path, "--columns", "trapEmax", "--json"],
      { encoding: "utf8", env: { ...process.env, LH5_BROWSER_DATA_DIR: dataDir } },
    );
    expect(result.status, result.stderr).toBe(0);
    const loaded = JSON.parse(result.stdout) as Record<string, number[]>;
    const expected = sortedTags();
    expect(loaded.file).toEqual(expected.map((t) => t.cycle));
    expect(loaded.hit_table).toEqual(expected.map((t) => t.table));
    expect(loaded.hit_idx).toEqual(expected.map((t) => t.row));
    // tagged from the q1 selection: every row passes its cut
    expect(loaded.trapEmax!.every((v) => v > 5000)).toBe(true);
    // the list names its own entries: a cut beside it is a usage error, not silently ignored
    const mixed = spawnSync(
      process.execPath,
      [
        BUILT_CLI,
        "load",
        FILEDB_CONFIG,
        "--entry-list",
        path,
        "--columns",
        "trapEmax",
        "--cut",
        "hit:trapEmax > 0",
      ],
      { encoding: "utf8", env: { ...process.env, LH5_BROWSER_DATA_DIR: dataDir } },
    );
    expect(mixed.status).not.toBe(0);
    expect(mixed.stderr).toMatch(/--entry-list/);
  });

  it("Copy as Python's script reads the file and loads exactly those entries", async () => {
    const path = await save("tags-python.lh5", tags);
    const stubs = mkdtempSync(join(tmpdir(), "lh5tag-py-"));
    try {
      mkdirSync(join(stubs, "pygama"));
      mkdirSync(join(stubs, "lgdo"));
      writeFileSync(join(stubs, "pygama", "__init__.py"), "");
      writeFileSync(join(stubs, "pygama", "flow.py"), PYGAMA_STUB);
      writeFileSync(join(stubs, "lgdo", "__init__.py"), "");
      writeFileSync(join(stubs, "lgdo", "lh5.py"), LGDO_STUB);
      const script = join(stubs, "selection.py");
      writeFileSync(
        script,
        dataLoaderPython({
          filedbConfigPath: FILEDB_CONFIG,
          files: "all",
          columns: ["trapEmax"],
          entryListPath: path,
        }),
      );
      const run = spawnSync(PYTHON, [script], {
        encoding: "utf8",
        env: { ...process.env, PYTHONPATH: stubs },
      });
      expect(run.status, run.stderr).toBe(0);
      const seen = JSON.parse(run.stdout.split("\n")[0]!) as {
        files: string;
        columns: string[];
        entry_list: Record<string, number[]>;
      };
      const expected = sortedTags();
      expect(seen.files).toBe("all");
      expect(seen.columns).toEqual(["trapEmax"]);
      expect(seen.entry_list).toEqual({
        file: expected.map((t) => t.cycle),
        hit_table: expected.map((t) => t.table),
        hit_idx: expected.map((t) => t.row),
      });
    } finally {
      rmSync(stubs, { recursive: true, force: true });
    }
  });

  it("refuses no tags, and tags of a table the cycle lacks, naming the file", async () => {
    const empty = service.saveTaggedEntries({
      entries: [],
      level: "hit",
      outputPath: join(outDir, "none.lh5"),
    });
    await expect(empty.then((job) => awaitJob(service, job))).rejects.toThrow(/no entries are tagged/);
    const bad = join(outDir, "bad.lh5");
    const wrong = service.saveTaggedEntries({
      entries: [{ cycle: tags[0]!.cycle, table: 42, row: 0 }],
      level: "hit",
      outputPath: bad,
    });
    await expect(wrong.then((job) => awaitJob(service, job))).rejects.toThrow(/bad\.lh5.*names table 42/);
  });
});
