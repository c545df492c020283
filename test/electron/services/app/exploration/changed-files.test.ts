// An open dataset whose files change on disk (regenerated, copied over, replaced by a rename): counts,
// histograms and values are read again from the new files, not served from caches of the old ones.
import { copyFileSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { awaitJob } from "../../../../../shared/api/jobs.ts";
import type { DataSelection } from "../../../../../shared/api/types.ts";
import { createRealBackend } from "../../../../../electron/services/app/real-backend.ts";
import { AppService } from "../../../../../electron/services/app/service.ts";
import { generateDataset, type GeneratedDataset } from "../../../../../electron/services/generator/index.ts";
import { DataLoader } from "../../../../../electron/services/flow/loader/index.ts";
import { FileDB } from "../../../../../electron/services/flow/filedb/index.ts";

const OPTIONS = { cycles: 3, channels: 2, events: 60 };
const CUT = "cuspEmax_ctc_cal > 800";
let root: string;
let opened: GeneratedDataset;
let other: GeneratedDataset;
let service: AppService;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "lh5e-changed-"));
  opened = await generateDataset(join(root, "opened"), { ...OPTIONS, seed: 11 });
  other = await generateDataset(join(root, "other"), { ...OPTIONS, seed: 12 }); // same names, other values
  service = new AppService({
    mode: "web",
    version: "test",
    dataDir: join(root, "app"),
    backend: createRealBackend(),
    roots: [opened.root],
  });
  await awaitJob(service, await service.openDataset({ path: opened.filedbConfigPath }));
});

afterAll(() => {
  service?.dispose();
  rmSync(root, { recursive: true, force: true });
});

const all: DataSelection = { rows: [], channels: [], cuts: {} };
const cut: DataSelection = { rows: [], channels: [], cuts: { hit: CUT } };

/** What the service answers now: the cut's count and the histogram of the cut column. */
async function answers(): Promise<{ count: number; entries: number; mean: number }> {
  const count = (await awaitJob(service, await service.countEntries({ selection: cut }))).total;
  const hist = await awaitJob(
    service,
    await service.histogram1d({ selection: all, column: "cuspEmax_ctc_cal", bins: 50 }),
  );
  const stats = hist.series[0]!.stats;
  return { count, entries: stats.entries + stats.underflow + stats.overflow + stats.nan, mean: stats.mean };
}

/** The same, computed by a fresh FileDB and DataLoader over the files as they are on disk now. */
async function fromDisk(): Promise<{ count: number; values: Float64Array }> {
  const db = await FileDB.create(opened.filedbConfigPath);
  await db.scanTablesColumns();
  const loader = await DataLoader.create(null, db);
  try {
    loader.setFiles("all");
    loader.setCuts({ hit: CUT });
    const count = (await loader.buildEntryList()).length;
    loader.reset();
    loader.setFiles("all");
    loader.setOutput({ columns: ["cuspEmax_ctc_cal"] });
    const column = (await loader.load()).table!.columns.cuspEmax_ctc_cal!;
    if (column.kind !== "array") throw new Error("expected an array column");
    return { count, values: Float64Array.from(column.data as ArrayLike<number>) };
  } finally {
    loader.close();
  }
}

function mean(values: Float64Array): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/** Every file of `from`'s tier folder written over the same name in `to`'s: copied, or renamed in place. */
function replaceTierFiles(tier: string, how: "copy" | "rename"): void {
  const source = join(other.root, "generated", "tier", tier);
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)],
    );
  for (const file of walk(source)) {
    const target = join(opened.root, "generated", "tier", tier, relative(source, file));
    const before = statSync(target);
    if (how === "copy") copyFileSync(file, target);
    else {
      copyFileSync(file, `${target}.new`);
      renameSync(`${target}.new`, target);
    }
    expect(statSync(target).mtimeMs).toBeGreaterThanOrEqual(before.mtimeMs);
  }
}

describe("an open dataset whose files change", () => {
  it("answers from the new files after they are copied over or renamed into place", async () => {
    const first = await answers();
    expect(await answers()).toEqual(first); // served again (from the caches), unchanged
    const expectedFirst = await fromDisk();
    expect(first.count).toBe(expectedFirst.count);
    expect(first.mean).toBeCloseTo(mean(expectedFirst.values), 6);

    // the whole dataset regenerated: some files keep their inodes (new content), some get new ones
    for (const tier of ["raw", "hit", "evt"]) replaceTierFiles(tier, "copy");
    for (const tier of ["dsp", "tcm"]) replaceTierFiles(tier, "rename");
    const expected = await fromDisk();
    expect(expected.count).not.toBe(expectedFirst.count); // the rewrite did change what is on disk
    const second = await answers();
    expect(second.count).toBe(expected.count);
    expect(second.entries).toBe(expected.values.length);
    expect(second.mean).toBeCloseTo(mean(expected.values), 6);
  });
});
