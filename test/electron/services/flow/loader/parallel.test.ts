// Builds and loads split over worker threads equal single-thread runs, row for row.
import { afterAll, describe, expect, it } from "vitest";
import type { LgdoTable } from "../../../../../shared/lgdo/model.ts";
import { DataLoader, type EntryList } from "../../../../../electron/services/flow/loader/index.ts";
import { getDefaultPool } from "../../../../../electron/workers/pool.ts";
import { DATALOADER_CONFIG } from "../../../../fixtures/testdata.ts";
import { plainValues, testFileDb } from "./acceptance-helpers.ts";
import { entryColumns } from "../../../../../electron/services/flow/loader/load.ts";

afterAll(async () => {
  await getDefaultPool().close();
});

function sameEntries(a: EntryList, b: EntryList): void {
  const ca = entryColumns(a, true);
  const cb = entryColumns(b, true);
  expect(cb.names).toEqual(ca.names);
  for (const name of ca.names)
    expect(plainValues(cb.columns[name]!), name).toEqual(plainValues(ca.columns[name]!));
}

function sameTables(a: LgdoTable, b: LgdoTable): void {
  expect(b.columnOrder).toEqual(a.columnOrder);
  for (const name of a.columnOrder) {
    const col = a.columns[name]!;
    if (col.kind === "table") continue;
    expect(plainValues(b.columns[name]!), name).toEqual(plainValues(col));
  }
}

describe("worker-thread builds and loads", () => {
  it("hit cut with saved column, and TCM any: the same entries and rows as in one thread", async () => {
    const dl = await DataLoader.create(DATALOADER_CONFIG, await testFileDb());
    dl.setFiles("all");
    dl.setCuts({ hit: "trapEmax > 5000" });
    dl.setOutput({ columns: ["trapEmax", "timestamp", "energies"] });
    const seq = await dl.buildEntryList({ saveOutputColumns: true, parallel: false });
    const par = await dl.buildEntryList({ saveOutputColumns: true, parallel: true });
    sameEntries(seq, par);
    sameTables(
      (await dl.load({ entryList: seq, parallel: false })).table!,
      (await dl.load({ entryList: seq, parallel: true })).table!,
    );
    const progress: unknown[] = [];
    const tcmSeq = await dl.buildEntryList({ tcmLevel: "tcm", mode: "any", parallel: false });
    const tcmPar = await dl.buildEntryList({
      tcmLevel: "tcm",
      mode: "any",
      parallel: true,
      onProgress: (p) => progress.push(p),
    });
    sameEntries(tcmSeq, tcmPar);
    expect(progress.length).toBeGreaterThan(0);
    expect(dl.warnings.join()).toMatch(/has no column 'trapEmax'/); // warnings come back from the workers
  });
});
