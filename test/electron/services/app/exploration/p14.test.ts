// Encoded waveforms of the 2025 (p14) raw file, windowed and presummed, through waveformPage: the
// samples equal Lh5File.read(..., {decode: true}) for the same rows.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { awaitJob } from "../../../../../shared/api/jobs.ts";
import type { DataSelection } from "../../../../../shared/api/types.ts";
import { createRealBackend } from "../../../../../electron/services/app/real-backend.ts";
import { AppService } from "../../../../../electron/services/app/service.ts";
import { Lh5File } from "../../../../../electron/services/lh5/reader.ts";
import { P14_RAW_FILE, PROD_REF_DIR, writeP14FileDbConfig } from "../../../../fixtures/testdata.ts";

let root: string;
let service: AppService;
const COLUMNS = ["waveform_windowed", "waveform_presummed"];

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "lh5e-p14-"));
  const config = writeP14FileDbConfig(root);
  service = new AppService({
    mode: "web",
    version: "test",
    dataDir: join(root, "app"),
    backend: createRealBackend(),
    roots: [root, PROD_REF_DIR],
  });
  await awaitJob(service, await service.openDataset({ path: config }));
});

afterAll(() => {
  service?.dispose();
  rmSync(root, { recursive: true, force: true });
});

describe("p14 encoded waveforms", () => {
  it("pages windowed and presummed waveforms equal to the reader's decode", async () => {
    const channels = await service.listChannels({ rows: [] });
    // the channel with the most entries (the file holds one or two records per channel)
    const k = channels.entries.indexOf(Math.max(...channels.entries));
    const n = channels.entries[k]!;
    expect(n).toBeGreaterThanOrEqual(2);
    const rawid = channels.channels[k]!.rawid!;
    const table = channels.channels[k]!.table;
    const selection: DataSelection = { rows: [], channels: [rawid], cuts: {} };
    const page = await service.waveformPage({ selection, columns: COLUMNS, start: 0, count: n });
    expect(page.totalEntries).toBe(channels.entries[k]);
    const file = Lh5File.open(P14_RAW_FILE);
    try {
      for (const [c, column] of COLUMNS.entries()) {
        const trace = page.traces[c]!;
        expect(trace.column).toBe(column);
        const wf = file.read(`${table}/raw/${column}`, { rows: [0, n], decode: true });
        if (wf.kind !== "table" || wf.columns.values?.kind !== "array")
          throw new Error("not a decoded table");
        const values = wf.columns.values;
        expect(trace.nSamples).toBe(values.shape[1]);
        expect([...trace.values]).toEqual([...values.data]);
        const dt = wf.columns.dt;
        if (dt?.kind === "array") expect([...trace.dt]).toEqual([...dt.data]);
      }
    } finally {
      file.close();
    }
  });
});
