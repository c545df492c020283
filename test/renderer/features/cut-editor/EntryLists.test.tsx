import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { ApiError } from "../../../../shared/api/errors.ts";
import type {
  DatasetInfo,
  JobStatus,
  LoadedEntryList,
  SaveEntryListRequest,
} from "../../../../shared/api/types.ts";
import { CutsPanel } from "../../../../renderer/features/cut-editor/CutsPanel.tsx";
import { ChannelPicker } from "../../../../renderer/features/channel-picker/ChannelPicker.tsx";
import { currentSelection } from "../../../../renderer/features/cut-editor/data-selection.ts";
import { channelCountLines } from "../../../../renderer/features/cut-editor/LiveCountByChannel.tsx";
import { createAppStore } from "../../../../renderer/stores/store.ts";
import { renderWithApp } from "../../render-app.tsx";
import { CHANNELS, createExplorationApi } from "../exploration-api.ts";

const DATASET = {
  id: "mock-1",
  levels: [{ name: "hit", tiers: ["raw", "dsp", "hit"] }],
} as DatasetInfo;

const LOADED: LoadedEntryList = {
  entryListId: "el1",
  path: "/data/entries-q1.lh5",
  entries: 14,
  rows: [2, 3, 5, 7],
  channelIds: [1084803, 1084804],
  parentLevel: "hit",
  tcmLevel: null,
};

/** The exploration mock plus entry-list methods: saves finish after `polls` polls; `existing` paths are refused. */
function setup(opts: { polls?: number; existing?: string[] } = {}) {
  const api = createExplorationApi({
    countOf: (s) => (s.entryList ? 14 : s.cuts.hit ? 99 : 1000),
  });
  const saves: SaveEntryListRequest[] = [];
  const loads: string[] = [];
  const jobs = new Map<string, { polls: number; cancelled: boolean; req: SaveEntryListRequest }>();
  api.saveEntryList = (req) => {
    saves.push(req);
    if ((opts.existing ?? []).includes(req.outputPath) && !req.overwrite)
      return Promise.reject(new ApiError({ name: "ExportError", code: "exists", message: "exists" }));
    const jobId = `save-${saves.length}`;
    jobs.set(jobId, { polls: 0, cancelled: false, req });
    return Promise.resolve({ jobId, kind: "save-entry-list" });
  };
  api.loadEntryList = ({ path }) => {
    loads.push(path);
    return path.includes("bad")
      ? Promise.reject(new ApiError({ name: "EntryListFileError", message: `${path}: not an entry list` }))
      : Promise.resolve({ ...LOADED, path });
  };
  const explorationJob = api.getJob;
  api.getJob = async (req) => {
    const job = jobs.get(req.jobId);
    if (!job) return explorationJob(req);
    await new Promise((resolve) => setTimeout(resolve, 5));
    job.polls += 1;
    const base = { jobId: req.jobId, kind: "save-entry-list", startedAt: 0, finishedAt: null };
    const total = opts.polls ?? 2;
    const status: JobStatus = job.cancelled
      ? { ...base, state: "cancelled", progress: null }
      : job.polls >= total
        ? {
            ...base,
            state: "done",
            progress: null,
            result: { outputPath: job.req.outputPath, entries: 99, bytes: 12_345 },
          }
        : {
            ...base,
            state: "running",
            progress: { phase: "Applying cuts", done: job.polls, total, unit: "files" },
          };
    return status;
  };
  const cancelExploration = api.cancelJob;
  api.cancelJob = (req) => {
    const job = jobs.get(req.jobId);
    if (!job) return cancelExploration(req);
    job.cancelled = true;
    return Promise.resolve();
  };
  api.getAppInfo = () =>
    Promise.resolve({
      version: "0",
      mode: "web",
      dataDir: "/home/u/.local/share/lh5-browser",
      exportDir: "/home/u/.local/share/lh5-browser/exports",
      roots: [],
      pendingMethods: [],
      startup: { kind: "session" },
    });
  const store = createAppStore();
  store.setState({ dataset: DATASET });
  const view = renderWithApp(
    <>
      <ChannelPicker />
      <CutsPanel />
    </>,
    { api, store },
  );
  return { ...view, api, store, saves, loads };
}

const liveCount = () => screen.getByTestId("live-count");

afterEach(() => {
  delete (window as unknown as Record<string, unknown>).lh5;
});

describe("Save entry list…", () => {
  it("saves the current selection's entry list with progress, to a default file named like exports", async () => {
    const { store, saves } = setup({ polls: 3 });
    await waitFor(() => expect(liveCount().textContent).toBe("1000"));
    store.getState().cutApplied("hit", "trapEmax > 5000");
    fireEvent.click(screen.getByTestId("entry-list-save"));
    const path = await screen.findByTestId<HTMLInputElement>("entry-list-path");
    await waitFor(() =>
      expect(path.value).toMatch(
        /^\/home\/u\/\.local\/share\/lh5-browser\/exports\/entries-\d{8}-\d{6}\.lh5$/,
      ),
    );
    fireEvent.change(path, { target: { value: "/data/q1.lh5" } });
    fireEvent.click(screen.getByTestId("entry-list-save-start"));
    await screen.findByTestId("entry-list-progress");
    const done = await screen.findByTestId("entry-list-done");
    expect(done.textContent).toMatch(/Wrote 99 entries .* to \/data\/q1\.lh5/);
    expect(saves).toEqual([
      {
        selection: { rows: [], channels: [], cuts: { hit: "trapEmax > 5000" } },
        outputPath: "/data/q1.lh5",
        overwrite: false,
      },
    ]);
    // no native dialog in web mode: the in-page path field is the dialog
    expect(screen.queryByTestId("entry-list-choose")).toBeNull();
  });

  it("asks before overwriting an existing file and cancels a running save", async () => {
    const { saves } = setup({ polls: 400, existing: ["/data/old.lh5"] });
    fireEvent.click(screen.getByTestId("entry-list-save"));
    const path = await screen.findByTestId<HTMLInputElement>("entry-list-path");
    fireEvent.change(path, { target: { value: "/data/old.lh5" } });
    fireEvent.click(screen.getByTestId("entry-list-save-start"));
    await screen.findByTestId("entry-list-confirm");
    fireEvent.click(screen.getByTestId("entry-list-overwrite"));
    await screen.findByTestId("entry-list-progress");
    expect(saves.map((s) => s.overwrite)).toEqual([false, true]);
    fireEvent.click(screen.getByTestId("entry-list-cancel"));
    await screen.findByTestId("entry-list-cancelled");
  });

  it("uses Electron's native save dialog when the bridge offers it", async () => {
    const asked: unknown[] = [];
    (window as unknown as Record<string, unknown>).lh5 = {
      showSaveDialog: (request: unknown) => {
        asked.push(request);
        return Promise.resolve("/chosen/natively.lh5");
      },
    };
    setup();
    fireEvent.click(screen.getByTestId("entry-list-save"));
    const path = await screen.findByTestId<HTMLInputElement>("entry-list-path");
    await waitFor(() => expect(path.value).toContain("entries-"));
    fireEvent.click(screen.getByTestId("entry-list-choose"));
    await waitFor(() => expect(path.value).toBe("/chosen/natively.lh5"));
    expect(asked[0]).toMatchObject({ title: "Save entry list", filters: [{ extensions: ["lh5"] }] });
  });
});

describe("Open entry list…", () => {
  it("makes a saved list the selection of every view, and 'Back to cuts' returns to the cuts", async () => {
    const { api, store, loads } = setup();
    await waitFor(() => expect(liveCount().textContent).toBe("1000"));
    store.getState().cutApplied("hit", "trapEmax > 5000");
    await waitFor(() => expect(liveCount().textContent).toBe("99"));
    fireEvent.click(screen.getByTestId("entry-list-open"));
    fireEvent.change(screen.getByTestId("entry-list-load-path"), { target: { value: "/data/bad.lh5" } });
    fireEvent.click(screen.getByTestId("entry-list-load-start"));
    expect((await screen.findByRole("alert")).textContent).toContain("not an entry list");
    fireEvent.change(screen.getByTestId("entry-list-load-path"), { target: { value: "/data/q1.lh5" } });
    fireEvent.click(screen.getByTestId("entry-list-load-start"));
    const active = await screen.findByTestId("entry-list-active");
    expect(active.textContent).toMatch(/q1\.lh5, 14 entries in 4 cycles/);
    expect(loads).toEqual(["/data/bad.lh5", "/data/q1.lh5"]);
    expect(currentSelection(store.getState())).toEqual({
      rows: [2, 3, 5, 7],
      channels: [],
      cuts: {},
      entryList: "el1",
    });
    await waitFor(() => expect(liveCount().textContent).toBe("14"));
    expect(api.counted.at(-1)?.entryList).toBe("el1");
    fireEvent.click(screen.getByTestId("entry-list-clear"));
    await waitFor(() => expect(liveCount().textContent).toBe("99"));
    expect(api.counted.at(-1)).toEqual({ rows: [], channels: [], cuts: { hit: "trapEmax > 5000" } });
  });

  it("an entry list of another dataset is not applied", () => {
    const store = createAppStore();
    store.setState({ dataset: DATASET, entryList: { ...LOADED, datasetId: "older-dataset" } });
    expect(currentSelection(store.getState()).entryList).toBeUndefined();
  });
});

describe("per-channel live counts", () => {
  it("lists each channel's passing entries by name, largest first, on hover of the live count", async () => {
    setup();
    await waitFor(() => expect(liveCount().textContent).toBe("1000"));
    expect(screen.queryByTestId("live-count-by-channel")).toBeNull();
    fireEvent.mouseEnter(await screen.findByTestId("live-count-by-channel-toggle"));
    const list = await screen.findByTestId("live-count-by-channel");
    const rows = within(list)
      .getAllByRole("row")
      .map((row) => row.textContent);
    expect(rows).toEqual(["V02160A999", "V02160B1"]);
    expect(screen.getByTestId("live-count-by-channel-toggle").textContent).toContain("per channel (2)");
    // and in the picker's pass column
    fireEvent.mouseLeave(screen.getByTestId("live-count-by-channel-toggle"));
    expect(screen.queryByTestId("live-count-by-channel")).toBeNull();
    const picker = screen.getByText("V02160A").closest("tr")!;
    expect(picker.querySelector('[data-col="pass"]')?.textContent).toBe("999");
  });

  it("names channels from the list and keeps counts of channels it does not know", () => {
    expect(channelCountLines(CHANNELS, { "1084804": 5, "1121600": 5, "77": 9 })).toEqual([
      { table: "77", label: "77", count: 9 },
      { table: "ch1121600", label: "B00089D", count: 5 },
      { table: "ch1084804", label: "V02160B", count: 5 },
    ]);
  });
});
