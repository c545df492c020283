import { describe, expect, it } from "vitest";
import { fireEvent, screen, waitFor } from "@testing-library/react";
import { ApiError } from "../../../../shared/api/errors.ts";
import type { ExportRequest, JobHandle, JobStatus } from "../../../../shared/api/types.ts";
import { createMockApi } from "../../../../renderer/bridge/mock.ts";
import { defaultExportPath, ExportButton } from "../../../../renderer/features/export/ExportDialog.tsx";
import { exportRequest } from "../../../../renderer/features/export/run-export.ts";
import { withExtension } from "../../../../renderer/stores/export-slice.ts";
import { createAppStore } from "../../../../renderer/stores/store.ts";
import { renderWithApp } from "../../render-app.tsx";

const selection = { rows: [1], channels: [], cuts: {} };

/** A mock service whose export job finishes after `polls` polls; `existing` paths are refused. */
function exportApi(opts: { polls?: number; existing?: string[] } = {}) {
  const api = createMockApi();
  const requests: ExportRequest[] = [];
  const jobs = new Map<string, { polls: number; cancelled: boolean; req: ExportRequest }>();
  api.exportSelection = (req) => {
    requests.push(req);
    if ((opts.existing ?? []).includes(req.outputPath) && !req.overwrite)
      return Promise.reject(
        new ApiError({ name: "ExportError", code: "exists", message: `${req.outputPath} exists` }),
      );
    const jobId = `export-${requests.length}`;
    jobs.set(jobId, { polls: 0, cancelled: false, req });
    return Promise.resolve({ jobId, kind: "exportSelection" } as JobHandle<never>);
  };
  api.getJob = ({ jobId }) => {
    const job = jobs.get(jobId)!;
    job.polls += 1;
    const total = opts.polls ?? 2;
    const base = { jobId, kind: "exportSelection", startedAt: 0, finishedAt: null };
    const status: JobStatus = job.cancelled
      ? { ...base, state: "cancelled", progress: null }
      : job.polls >= total
        ? {
            ...base,
            state: "done",
            progress: null,
            result: { outputPath: job.req.outputPath, rows: 1234, bytes: 56_000 },
          }
        : {
            ...base,
            state: "running",
            progress: { phase: "writing", done: job.polls, total, unit: "cycles" },
          };
    return new Promise((resolve) => setTimeout(() => resolve(status), 5));
  };
  api.cancelJob = ({ jobId }) => {
    jobs.get(jobId)!.cancelled = true;
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
      startup: { kind: "none" },
    } as never);
  return { api, requests };
}

function openStore() {
  const store = createAppStore();
  store.getState().openSucceeded({
    id: "d",
    label: "d",
    sourcePath: "/d/filedb.json",
    sourceKind: "filedb-config",
    dataDir: "/d",
    tiers: ["raw"],
    keyNames: [],
    levels: [{ name: "hit", tiers: ["raw"] }],
    nCycles: 2,
    tablesScanned: true,
    problems: [],
    config: null,
  });
  store.getState().rowsSelected([1]);
  return store;
}

describe("export helpers", () => {
  it("switches the extension with the format and names a default file in the data folder", () => {
    expect(withExtension("/a/sel.csv", "lh5")).toBe("/a/sel.lh5");
    expect(withExtension("/a/sel", "parquet")).toBe("/a/sel.parquet");
    expect(withExtension("/a/my.data.arrow", "csv")).toBe("/a/my.data.csv");
    expect(defaultExportPath("/data/", new Date(Date.UTC(2026, 0, 24, 8, 15, 0)))).toBe(
      "/data/selection-20260124-081500",
    );
  });

  it("adds the waveform columns only when asked", () => {
    const choice = {
      selection,
      format: "csv" as const,
      columns: ["trapEmax", "waveform"],
      waveformColumns: ["waveform", "waveform_presummed"],
      includeWaveforms: true,
      outputPath: "/x.csv",
    };
    expect(exportRequest(choice, false).columns).toEqual(["trapEmax", "waveform", "waveform_presummed"]);
    expect(exportRequest({ ...choice, includeWaveforms: false }, true)).toMatchObject({
      columns: ["trapEmax", "waveform"],
      overwrite: true,
      includeWaveforms: false,
    });
  });
});

describe("ExportButton", () => {
  it("exports the selection with progress, then asks before overwriting an existing file", async () => {
    const { api, requests } = exportApi({ polls: 3, existing: ["/home/u/out.csv"] });
    renderWithApp(<ExportButton />, { api, store: openStore() });
    fireEvent.click(screen.getByTestId("export-button"));
    const path = await screen.findByTestId("export-path");
    expect((path as HTMLInputElement).value).toMatch(
      /^\/home\/u\/\.local\/share\/lh5-browser\/exports\/selection-\d{8}-\d{6}\.lh5$/,
    );
    fireEvent.change(screen.getByTestId("export-format"), { target: { value: "csv" } });
    fireEvent.change(path, { target: { value: "/home/u/out.csv" } });
    fireEvent.change(screen.getByTestId("export-columns"), { target: { value: "trapEmax, AoE" } });
    fireEvent.click(screen.getByTestId("export-start"));
    await screen.findByTestId("export-confirm");
    expect(requests[0]).toMatchObject({ format: "csv", columns: ["trapEmax", "AoE"], overwrite: false });
    expect(requests[0]!.selection.rows).toEqual([1]);
    fireEvent.click(screen.getByTestId("export-overwrite"));
    await screen.findByTestId("export-progress");
    const done = await screen.findByTestId("export-done");
    expect(done.textContent).toContain("Wrote 1\u202f234 rows (56.0 kB) to /home/u/out.csv");
    expect(requests[1]).toMatchObject({ overwrite: true, outputPath: "/home/u/out.csv" });
  });

  it("offers Parquet: the path takes .parquet, the native dialog filters it, the request asks for it", async () => {
    const asked: unknown[] = [];
    const win = window as unknown as Record<string, unknown>;
    win.lh5 = {
      showSaveDialog: (request: unknown) => {
        asked.push(request);
        return Promise.resolve(null);
      },
    };
    try {
      const { api, requests } = exportApi();
      renderWithApp(<ExportButton />, { api, store: openStore() });
      fireEvent.click(screen.getByTestId("export-button"));
      const path = await screen.findByTestId<HTMLInputElement>("export-path");
      const options = Array.from(screen.getByTestId<HTMLSelectElement>("export-format").options);
      expect(options.map((o) => [o.value, o.textContent])).toContainEqual(["parquet", "Parquet"]);
      fireEvent.change(screen.getByTestId("export-format"), { target: { value: "parquet" } });
      expect(path.value).toMatch(/selection-\d{8}-\d{6}\.parquet$/);
      fireEvent.click(screen.getByTestId("export-choose"));
      await waitFor(() => expect(asked).toHaveLength(1));
      expect(asked[0]).toMatchObject({ filters: [{ name: "Parquet", extensions: ["parquet"] }] });
      fireEvent.change(screen.getByTestId("export-columns"), { target: { value: "trapEmax" } });
      fireEvent.click(screen.getByTestId("export-start"));
      await screen.findByTestId("export-done");
      expect(requests[0]).toMatchObject({ format: "parquet", outputPath: path.value, columns: ["trapEmax"] });
    } finally {
      delete win.lh5;
    }
  });

  it("cancels a running export", async () => {
    const { api } = exportApi({ polls: 1000 });
    renderWithApp(<ExportButton />, { api, store: openStore() });
    fireEvent.click(screen.getByTestId("export-button"));
    fireEvent.change(await screen.findByTestId("export-columns"), { target: { value: "trapEmax" } });
    fireEvent.click(screen.getByTestId("export-start"));
    fireEvent.click(await screen.findByTestId("export-cancel"));
    await screen.findByTestId("export-cancelled");
    await waitFor(() => expect(screen.getByTestId("export-start")).toBeTruthy());
  });

  it("shows the service's refusal", async () => {
    const { api } = exportApi();
    api.exportSelection = () =>
      Promise.reject(
        new ApiError({ name: "ExplorationError", message: "export: choose at least one column" }),
      );
    renderWithApp(<ExportButton />, { api, store: openStore() });
    fireEvent.click(screen.getByTestId("export-button"));
    fireEvent.click(await screen.findByTestId("export-start"));
    expect((await screen.findByRole("alert")).textContent).toContain("choose at least one column");
  });

  it("offers Electron's native save dialog beside the path field, and keeps the typed path when it is cancelled", async () => {
    const answers: (string | null)[] = ["/picked/out.arrow", null];
    const asked: unknown[] = [];
    const win = window as unknown as Record<string, unknown>;
    win.lh5 = {
      showSaveDialog: (request: unknown) => {
        asked.push(request);
        return Promise.resolve(answers.shift() ?? null);
      },
    };
    try {
      const { api } = exportApi();
      renderWithApp(<ExportButton />, { api, store: openStore() });
      fireEvent.click(screen.getByTestId("export-button"));
      const path = await screen.findByTestId<HTMLInputElement>("export-path");
      fireEvent.change(screen.getByTestId("export-format"), { target: { value: "arrow" } });
      fireEvent.click(screen.getByTestId("export-choose"));
      await waitFor(() => expect(path.value).toBe("/picked/out.arrow"));
      expect(asked[0]).toMatchObject({
        title: "Export the selection",
        filters: [{ name: "Arrow IPC", extensions: ["arrow", "feather"] }],
      });
      fireEvent.click(screen.getByTestId("export-choose"));
      await waitFor(() => expect(asked).toHaveLength(2));
      expect(path.value).toBe("/picked/out.arrow");
    } finally {
      delete win.lh5;
    }
  });

  it("picks the target in the app's file chooser in web mode and sends its permission with the export", async () => {
    const { api, requests } = exportApi();
    renderWithApp(<ExportButton />, { api, store: openStore() });
    fireEvent.click(screen.getByTestId("export-button"));
    const path = await screen.findByTestId<HTMLInputElement>("export-path");
    fireEvent.click(screen.getByTestId("export-choose"));
    const box = await screen.findByTestId<HTMLInputElement>("file-chooser-path");
    await screen.findByTestId("file-chooser-entry-tmp");
    fireEvent.click(screen.getByTestId("file-chooser-entry-tmp"));
    // entering a folder keeps the file name; the user renames it in the path box
    await waitFor(() => expect(box.value).toMatch(/^\/tmp\/selection-/));
    fireEvent.change(box, { target: { value: "/tmp/sel.lh5" } });
    fireEvent.click(screen.getByTestId("file-chooser-confirm"));
    await waitFor(() => expect(path.value).toBe("/tmp/sel.lh5"));
    expect(screen.queryByTestId("file-chooser")).toBeNull();
    expect(api.calls.find((c) => c.method === "choosePath")?.argument).toEqual({
      path: "/tmp/sel.lh5",
      purpose: "save",
    });
    fireEvent.click(screen.getByTestId("export-start"));
    await waitFor(() => expect(requests).toHaveLength(1));
    expect(requests[0]).toMatchObject({ outputPath: "/tmp/sel.lh5", grant: "grant-1" });
    // a path typed afterwards was not chosen there: no permission goes with it
    fireEvent.change(path, { target: { value: "/tmp/other.lh5" } });
    fireEvent.click(await screen.findByTestId("export-start"));
    await waitFor(() => expect(requests).toHaveLength(2));
    expect(requests[1]!.grant).toBeUndefined();
  });
});
