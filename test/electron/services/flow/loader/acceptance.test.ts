// pygama's own outputs (../shared/acceptance q1–q6) reproduced row for row on the real test data.
import { describe, expect, it } from "vitest";
import type { LgdoTable } from "../../../../../shared/lgdo/model.ts";
import { DataLoader } from "../../../../../electron/services/flow/loader/index.ts";
import type { EntryList } from "../../../../../electron/services/flow/loader/index.ts";
import { DATALOADER_CONFIG } from "../../../../fixtures/testdata.ts";
import {
  type PygamaFrame,
  dtypeOf,
  plainValues,
  pygamaOutput,
  pygamaValues,
  testFileDb,
} from "./acceptance-helpers.ts";
import { entryColumns } from "../../../../../electron/services/flow/loader/load.ts";

async function loader(): Promise<DataLoader> {
  return DataLoader.create(DATALOADER_CONFIG, await testFileDb());
}

/** Our entry list equals pygama's frame column by column (values; pygama's object dtypes compared as values). */
function expectEntryList(entries: EntryList, frame: PygamaFrame, withFile: boolean): void {
  const ours = entryColumns(entries, withFile);
  expect(entries.length).toBe(frame.n_rows);
  expect(new Set(ours.names)).toEqual(new Set(frame.columns));
  for (const name of frame.columns)
    expect(plainValues(ours.columns[name]!), name).toEqual(pygamaValues(frame.fields[name]!));
}

interface PygamaArray {
  type?: string;
  dtype?: string;
  data: unknown[];
}

function expectTable(
  table: LgdoTable,
  expected: { fields: Record<string, PygamaArray>; n_rows: number },
  dtypes = true,
): void {
  expect(table.nRows).toBe(expected.n_rows);
  expect(new Set(table.columnOrder)).toEqual(new Set(Object.keys(expected.fields)));
  for (const [name, field] of Object.entries(expected.fields)) {
    const column = table.columns[name]!;
    expect(plainValues(column), name).toEqual(pygamaValues(field));
    if (dtypes && field.dtype && field.dtype !== "awkward") expect(dtypeOf(column), name).toBe(field.dtype);
  }
}

describe("DataLoader acceptance (pygama outputs)", () => {
  it("q1: hit cut trapEmax > 5000 on 3 HPGe channels, saved cut column, merged", async () => {
    const q = pygamaOutput("q1-hit-cut");
    const dl = await loader();
    dl.setFiles("all");
    dl.setDatastreams([1084803, 1084804, 1121600], "ch");
    dl.setCuts({ hit: "trapEmax > 5000" });
    dl.setOutput({ columns: ["trapEmax", "timestamp"], fmt: "lgdo.Table", mergeFiles: true });
    expect(dl.getFileList()).toEqual(q.file_list);
    const entries = await dl.buildEntryList({ saveOutputColumns: true });
    expectEntryList(entries, q.entry_list as PygamaFrame, true);
    const data = await dl.load({ entryList: entries });
    const expected = q.data as { fields: Record<string, PygamaArray>; n_rows: number };
    // pygama turns the saved float32 trapEmax into float64 on load (acceptance README); we keep float32.
    expectTable(data.table!, {
      ...expected,
      fields: { ...expected.fields, trapEmax: { ...expected.fields.trapEmax!, dtype: "float32" } },
    });
  });

  it("q3: SiPM channels with per-hit arrays (energies, energy_in_pe), pd.DataFrame view", async () => {
    const q = pygamaOutput("q3-outputs-df");
    const dl = await loader();
    dl.setFiles("type == 'phy'");
    dl.setDatastreams([1057600, 1059201], "ch");
    dl.setOutput({ columns: ["timestamp", "channel", "energies", "energy_in_pe"], fmt: "pd.DataFrame" });
    expect(dl.getFileList()).toEqual(q.file_list);
    const entries = await dl.buildEntryList({ saveOutputColumns: true });
    expectEntryList(entries, q.entry_list as PygamaFrame, true);
    const data = await dl.load({ entryList: entries });
    expectTable(data.table!, q.data as PygamaFrame);
    expect(data.table!.columnOrder).toEqual((q.data as PygamaFrame).columns);
  });

  it("q4: two cal cycles by key, not merged: one table per file without `file`", async () => {
    const q = pygamaOutput("q4-no-merge");
    const dl = await loader();
    dl.setFiles(["20230318T012144Z", "20230318T012228Z"]);
    dl.setOutput({ columns: ["timestamp", "eventnumber"], mergeFiles: false });
    expect(dl.getFileList()).toEqual(q.file_list);
    const entries = await dl.buildEntryList({ saveOutputColumns: true });
    const perFileEntries = entries.perFile();
    const items = (q.entry_list as { items: Record<string, PygamaFrame> }).items;
    expect([...perFileEntries.keys()].map(String)).toEqual(Object.keys(items));
    for (const [file, list] of perFileEntries) expectEntryList(list, items[String(file)]!, false);
    const data = await dl.load({ entryList: entries });
    expect(data.table).toBeNull();
    const expected = (
      q.data as { fields: Record<string, { fields: Record<string, PygamaArray>; n_rows: number }> }
    ).fields;
    expect([...data.perFile!.keys()].map(String)).toEqual(Object.keys(expected));
    for (const [file, table] of data.perFile!) expectTable(table, expected[String(file)]!);
  });

  it("q5: a full scan's FileDB, no cut: 180 entries", async () => {
    const q = pygamaOutput("q5-scan-only");
    const dl = await loader();
    dl.setFiles("all");
    const entries = await dl.buildEntryList({ saveOutputColumns: true });
    expectEntryList(entries, q.entry_list as PygamaFrame, true);
  });

  it("q2: TCM, mode any, cut daqenergy == 10221: the whole event 5 of file 2", async () => {
    const q = pygamaOutput("q2-tcm-any");
    const dl = await loader();
    dl.setFiles("type == 'phy'");
    dl.setCuts({ hit: "daqenergy == 10221" });
    dl.setOutput({ columns: ["daqenergy", "channel"] });
    const entries = await dl.buildEntryList({ tcmLevel: "tcm", mode: "any", saveOutputColumns: false });
    expectEntryList(entries, q.entry_list as PygamaFrame, true);
    const data = await dl.load({ entryList: entries });
    expectTable(data.table!, q.data as { fields: Record<string, PygamaArray>; n_rows: number });
  });

  it("q6: pygama crashes with any + save_output_columns; we return q2's entries with the saved cut column", async () => {
    const q6 = pygamaOutput("q6-pygama-fault-any-save-output");
    expect(q6.error?.message).toMatch(/Must have equal len keys/); // what pygama does
    const q2 = pygamaOutput("q2-tcm-any");
    const dl = await loader();
    dl.setFiles("type == 'phy'");
    dl.setCuts({ hit: "daqenergy == 10221" });
    dl.setOutput({ columns: ["daqenergy", "channel"] });
    const entries = await dl.buildEntryList({ tcmLevel: "tcm", mode: "any", saveOutputColumns: true });
    expect(Object.keys(entries.saved)).toEqual(["daqenergy"]);
    const frame = q2.entry_list as PygamaFrame;
    const ours = entryColumns(entries, true);
    for (const name of frame.columns)
      expect(plainValues(ours.columns[name]!), name).toEqual(pygamaValues(frame.fields[name]!));
    // the saved column holds every kept hit's value, not only the passing one
    const q2data = q2.data as { fields: Record<string, PygamaArray> };
    expect(plainValues(entries.saved.daqenergy!)).toEqual(pygamaValues(q2data.fields.daqenergy!));
    const data = await dl.load({ entryList: entries });
    expectTable(data.table!, q2.data as { fields: Record<string, PygamaArray>; n_rows: number });
  });
});
