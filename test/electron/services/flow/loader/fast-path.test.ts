// The loader's fast reads (readColumns by the FileDB's inventory, metadata cached per file) give what a
// plain Lh5File.read of each entry's row gives, on the baseline's selections; a second job with a warm
// metadata cache equals the first; warmWorkers() starts every worker of the pool.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LgdoTable } from "../../../../../shared/lgdo/model.ts";
import { DataLoader } from "../../../../../electron/services/flow/loader/index.ts";
import { initH5 } from "../../../../../electron/services/lh5/h5.ts";
import { fileMetaCache } from "../../../../../electron/services/lh5/meta-cache.ts";
import { Lh5File } from "../../../../../electron/services/lh5/reader.ts";
import { getDefaultPool } from "../../../../../electron/workers/pool.ts";
import { DATALOADER_CONFIG } from "../../../../fixtures/testdata.ts";
import { plainValues, testFileDb } from "./acceptance-helpers.ts";

beforeAll(async () => {
  await initH5();
});
afterAll(async () => {
  await getDefaultPool().close();
});

type Selection = "load-cut" | "tcm-any";

async function run(dl: DataLoader, selection: Selection): Promise<LgdoTable> {
  dl.reset();
  if (selection === "load-cut") {
    dl.setFiles("all");
    dl.setDatastreams([1084803, 1084804, 1121600], "ch");
    dl.setCuts({ hit: "trapEmax > 5000" });
    dl.setOutput({ columns: ["trapEmax", "timestamp"] });
    const list = await dl.buildEntryList({ saveOutputColumns: true, parallel: false });
    return (await dl.load({ entryList: list, parallel: false })).table!;
  }
  dl.setFiles("type == 'phy'");
  dl.setCuts({ hit: "daqenergy == 10221" });
  dl.setOutput({ columns: ["daqenergy", "channel"] });
  const list = await dl.buildEntryList({
    tcmLevel: "tcm",
    mode: "any",
    saveOutputColumns: true,
    parallel: false,
  });
  return (await dl.load({ entryList: list, parallel: false })).table!;
}

/** Each row's value read the slow way: the whole column of its table with Lh5File.read, then the row. */
function slowColumn(dl: DataLoader, table: LgdoTable, column: string, tier: string): unknown[] {
  const files = new Map<string, Lh5File>();
  const out: unknown[] = [];
  const fileCol = plainValues(table.columns.file!) as number[];
  const tableCol = plainValues(table.columns.hit_table!) as number[];
  const idxCol = plainValues(table.columns.hit_idx!) as number[];
  for (let i = 0; i < table.nRows; i++) {
    const path = dl.db.filePath(fileCol[i]!, tier)!;
    let file = files.get(path);
    if (!file) files.set(path, (file = Lh5File.open(path)));
    const read = file.read(dl.getTableName(tier, tableCol[i]!), { columns: [column] }) as LgdoTable;
    out.push(plainValues(read.columns[column]!)[idxCol[i]!]);
  }
  for (const file of files.values()) file.close();
  return out;
}

describe("loader fast reads", () => {
  it("load-cut and tcm-any: every value equals a plain read of its row; a warm second job is equal", async () => {
    const dl = await DataLoader.create(DATALOADER_CONFIG, await testFileDb());
    const tiers: Record<Selection, Record<string, string>> = {
      "load-cut": { trapEmax: "dsp", timestamp: "hit" },
      "tcm-any": { daqenergy: "raw", channel: "raw" },
    };
    for (const selection of ["load-cut", "tcm-any"] as const) {
      fileMetaCache.clear();
      const cold = await run(dl, selection);
      expect(cold.nRows).toBeGreaterThan(0);
      for (const [column, tier] of Object.entries(tiers[selection])) {
        expect(plainValues(cold.columns[column]!), `${selection} ${column}`).toEqual(
          slowColumn(dl, cold, column, tier),
        );
      }
      const warm = await run(dl, selection);
      expect(warm.columnOrder).toEqual(cold.columnOrder);
      for (const name of cold.columnOrder) {
        expect(plainValues(warm.columns[name]!), `${selection} ${name}`).toEqual(
          plainValues(cold.columns[name]!),
        );
        expect(warm.columns[name]!.attrs, name).toEqual(cold.columns[name]!.attrs);
      }
    }
    expect(fileMetaCache.hits).toBeGreaterThan(0);
    dl.close();
  });

  it("warmWorkers starts every worker of the pool", async () => {
    await DataLoader.warmWorkers();
    const pool = getDefaultPool();
    expect(pool.liveWorkers).toBe(pool.size);
  });
});
