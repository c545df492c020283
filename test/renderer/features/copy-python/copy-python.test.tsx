import { describe, expect, it, vi } from "vitest";
import { fireEvent, screen } from "@testing-library/react";
import { awaitJob } from "../../../../shared/api/jobs.ts";
import type { DatasetInfo } from "../../../../shared/api/types.ts";
import { createMockApi } from "../../../../renderer/bridge/mock.ts";
import { CopyPythonButton } from "../../../../renderer/features/copy-python/CopyPythonButton.tsx";
import { pythonSelection } from "../../../../renderer/features/copy-python/python-selection.ts";
import { createAppStore } from "../../../../renderer/stores/store.ts";
import { renderWithApp } from "../../render-app.tsx";

const DATASET: DatasetInfo = {
  id: "d",
  label: "d",
  sourcePath: "/data/filedb.json",
  sourceKind: "filedb-config",
  dataDir: "/data",
  tiers: ["raw", "dsp", "hit", "tcm", "evt"],
  keyNames: ["timestamp"],
  levels: [
    { name: "hit", tiers: ["raw", "dsp", "hit"] },
    { name: "tcm", tiers: ["tcm"], parent: "hit", child: "evt" },
    { name: "evt", tiers: ["evt"] },
  ],
  nCycles: 40,
  tablesScanned: true,
  problems: [],
  config: null,
};

describe("pythonSelection", () => {
  it("maps the dataset, cycles, channels, cuts per level and the histogram", () => {
    const histogram = createAppStore().getState().histogram;
    const out = pythonSelection({
      dataset: DATASET,
      selection: {
        rows: [2, 3],
        channels: [1084803, "ch999"],
        cuts: { hit: "trapEmax > 10", evt: "multiplicity == 1" },
      },
      rowKeys: ["20230318T012144Z", "20230318T022144Z"],
      columns: ["trapEmax"],
      histogram: { ...histogram, x: { ...histogram.x, column: "trapEmax", bins: 50, lo: 0, hi: 100 } },
    });
    expect(out).toEqual({
      filedbConfigPath: "/data/filedb.json",
      files: ["20230318T012144Z", "20230318T022144Z"],
      channels: [1084803],
      cuts: { hit: "trapEmax > 10", evt: "multiplicity == 1" },
      columns: ["trapEmax"],
      histogram: { column: "trapEmax", bins: 50, range: [0, 100], log: false, logCounts: false },
    });
    const byQuery = pythonSelection({
      dataset: { ...DATASET, sourceKind: "filedb-file", sourcePath: "/data/filedb.lh5" },
      selection: { rows: [], fileQuery: "type == 'cal'", channels: [], cuts: {} },
      rowKeys: [],
      columns: [],
      histogram: null,
    });
    expect(byQuery).toMatchObject({ filedbPath: "/data/filedb.lh5", files: "type == 'cal'", cuts: {} });
    expect(() =>
      pythonSelection({
        dataset: { ...DATASET, sourceKind: "production-folder", sourcePath: "/prod" },
        selection: { rows: [], channels: [], cuts: {} },
        rowKeys: [],
        columns: [],
        histogram: null,
      }),
    ).toThrow(/\/prod is a production-folder/);
  });

  it("an opened entry list loads its own file: no cycles, channels or cuts of its own (and none without the file)", () => {
    const selection = { rows: [2], channels: [1084803], cuts: { hit: "a > 1" }, entryList: "el1" };
    const inputs = {
      dataset: DATASET,
      selection,
      rowKeys: ["20230318T012144Z"],
      columns: [],
      histogram: null,
    };
    expect(() => pythonSelection(inputs)).toThrow(/needs the opened entry list's file/);
    const python = pythonSelection({ ...inputs, entryListPath: "/data/exports/tags.lh5" });
    expect(python).toMatchObject({
      entryListPath: "/data/exports/tags.lh5",
      files: "all",
      channels: [],
      cuts: {},
    });
  });
});

function openStore() {
  const store = createAppStore();
  store.getState().openSucceeded(DATASET);
  store.getState().rowsSelected([0, 3]);
  store.getState().waveformsChanged({ legendColumns: ["cuspEmax_ctc_cal"] });
  return store;
}

describe("CopyPythonButton", () => {
  it("puts the DataLoader and lgdo script of the selected cycles on the clipboard", async () => {
    const writeText = vi.fn(() => Promise.resolve());
    Object.defineProperty(navigator, "clipboard", { value: { writeText }, configurable: true });
    const { api } = renderWithApp(<CopyPythonButton />, { store: openStore() });
    await awaitJob(api, await api.openDataset({ path: "/mock/filedb.json" })); // the mock answers inventory queries once open
    fireEvent.click(screen.getByTestId("copy-python"));
    await screen.findByTestId("copy-python-copied");
    const text = (writeText.mock.calls[0] as unknown as [string])[0];
    expect(text).toContain('FileDB("/data/filedb.json")');
    expect(text).toContain("20230318T012144Z");
    expect(text).toContain("cuspEmax_ctc_cal");
    expect(text).toContain("from lgdo import lh5");
  });

  it("shows the text in a dialog when the clipboard refuses", async () => {
    Object.defineProperty(navigator, "clipboard", {
      value: { writeText: () => Promise.reject(new Error("Document is not focused")) },
      configurable: true,
    });
    const api = createMockApi();
    await awaitJob(api, await api.openDataset({ path: "/mock/filedb.json" }));
    renderWithApp(<CopyPythonButton />, { api, store: openStore() });
    fireEvent.click(screen.getByTestId("copy-python"));
    const dialog = await screen.findByTestId("copy-python-dialog");
    expect(dialog.textContent).toContain("Document is not focused");
    expect(screen.getByTestId<HTMLTextAreaElement>("copy-python-text").value).toContain("DataLoader");
  });
});
