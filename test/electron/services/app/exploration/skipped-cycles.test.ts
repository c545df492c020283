// Live counts say which cycles they left out for a missing tier file: prod-ref-l200's r000 cycle has only a
// dsp file (its raw and hit are absent, as when raw files are archived).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { awaitJob } from "../../../../../shared/api/jobs.ts";
import type { DataSelection } from "../../../../../shared/api/types.ts";
import { createRealBackend } from "../../../../../electron/services/app/real-backend.ts";
import { AppService } from "../../../../../electron/services/app/service.ts";
import { ACCEPTANCE_DIR, FILEDB_CONFIG, PROD_REF_DIR } from "../../../../fixtures/testdata.ts";

const DSP_ONLY = "l200-p03-r000-cal-20230311T235840Z";
let service: AppService;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "lh5e-skipped-"));
  service = new AppService({
    mode: "web",
    version: "test",
    dataDir,
    backend: createRealBackend(),
    roots: [ACCEPTANCE_DIR, PROD_REF_DIR],
  });
  await awaitJob(service, await service.openDataset({ path: FILEDB_CONFIG }));
});

afterAll(() => {
  service?.dispose();
  rmSync(dataDir, { recursive: true, force: true });
});

const count = async (cuts: DataSelection["cuts"]) =>
  awaitJob(service, await service.countEntries({ selection: { rows: [], channels: [], cuts } }));

describe("skipped cycles of a live count", () => {
  it("none without a cut: a cycle without raw still counts its dsp entries", async () => {
    const all = await count({});
    expect(all.skipped).toBeUndefined();
    expect(all.channelIds).toContain(1104000); // the dsp-only cycle's channel
  });

  it("a cut on a hit column names the cycles without a hit file, and why", async () => {
    const result = await count({ hit: "cuspEmax_ctc_cal > 0" });
    expect(result.skipped).toEqual([
      { cycle: DSP_ONLY, reason: "no hit file, which holds 'cuspEmax_ctc_cal' of the cut" },
    ]);
    expect(result.total).toBeGreaterThan(0);
  });

  it("a cut on a dsp column skips none: the cycle without raw and hit is cut on its dsp values", async () => {
    const result = await count({ hit: "trapEmax > 0" });
    expect(result.skipped).toBeUndefined();
    expect(result.channelIds).toContain(1104000);
  });
});
