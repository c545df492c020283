// A cycle whose tier file exists but cannot be read (garbage, cut short): `load` fails naming the file and
// the reason, never writes an empty column and exits 0, and never calls the file missing.
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../../../electron/cli/main.ts";
import { DATALOADER_CONFIG, PROD_REF_TIER_DIR } from "../../fixtures/testdata.ts";

const TIMESTAMPS = ["20230318T012144Z", "20230318T012228Z"];
const BAD = TIMESTAMPS[1] as string;
const tierFile = (tier: string, ts: string) =>
  `${tier}/cal/p03/r001/l200-p03-r001-cal-${ts}-tier_${tier}.lh5`;

const roots: string[] = [];
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

/** Two cal cycles (raw, dsp, hit, tcm); the second one's dsp file replaced by `bad(original bytes)`. */
function makeDataset(bad: (original: Buffer) => Buffer | string): { config: string; badFile: string } {
  const root = mkdtempSync(join(tmpdir(), "cli-corrupt-"));
  roots.push(root);
  for (const ts of TIMESTAMPS) {
    for (const tier of ["raw", "dsp", "hit", "tcm"]) {
      mkdirSync(dirname(join(root, tierFile(tier, ts))), { recursive: true });
      copyFileSync(join(PROD_REF_TIER_DIR, tierFile(tier, ts)), join(root, tierFile(tier, ts)));
    }
  }
  const badFile = join(root, tierFile("dsp", BAD));
  writeFileSync(badFile, bad(readFileSync(badFile)));
  const tiers = ["raw", "dsp", "hit", "tcm", "evt"];
  const filedb = {
    data_dir: root,
    tier_dirs: Object.fromEntries(tiers.map((t) => [t, `/${t}`])),
    file_format: Object.fromEntries(
      tiers.map((t) => [t, `/{type}/{period}/{run}/{exp}-{period}-{run}-{type}-{timestamp}-tier_${t}.lh5`]),
    ),
    table_format: {
      raw: "ch{ch:07d}/raw",
      dsp: "ch{ch:07d}/dsp",
      hit: "ch{ch:07d}/hit",
      evt: "{grp}/evt",
      tcm: "hardware_tcm_1",
    },
  };
  const config = join(root, "dl.json");
  const loader = JSON.parse(readFileSync(DATALOADER_CONFIG, "utf8")) as object;
  writeFileSync(config, JSON.stringify({ ...loader, filedb }));
  return { config, badFile };
}

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await main(args, { stdout: (t) => (out += t), stderr: (t) => (err += t) });
  return { code, out, err };
}

describe("lh5-browser load with a tier file that exists but cannot be read", () => {
  const cases: Array<[string, (original: Buffer) => Buffer | string]> = [
    ["garbage", () => "this is not HDF5\n".repeat(100)],
    ["cut short", (original) => original.subarray(0, 5000)],
  ];
  for (const [what, bad] of cases) {
    it(`fails naming the file and the reason (${what}), writes no output`, async () => {
      const { config, badFile } = makeDataset(bad);
      const output = join(dirname(config), "out.csv");
      const result = await run(["load", config, "--columns", "daqenergy,cuspEmax", "-o", output]);
      expect(result.code).toBe(1);
      expect(result.err).toContain(`its dsp file ${badFile} cannot be read: `);
      expect(result.err).toContain(`cycle 1 (${BAD})`);
      expect(result.err).not.toMatch(/has no dsp file/);
      expect(existsSync(output)).toBe(false);
      // a cut on the level reads the file too: the same error, not a dropped cycle
      const cut = await run([
        "load",
        config,
        "--cut",
        "hit:cuspEmax > 0",
        "--columns",
        "daqenergy",
        "--json",
      ]);
      expect(cut.code).toBe(1);
      expect(cut.err).toContain(`its dsp file ${badFile} cannot be read`);
    });
  }

  it("loads the good cycles when the selection leaves the bad one out", async () => {
    const { config } = makeDataset(() => "not HDF5");
    const only = await run([
      "load",
      config,
      "--files",
      `timestamp == '${TIMESTAMPS[0] as string}'`,
      "--columns",
      "cuspEmax",
      "--json",
    ]);
    expect(only.code).toBe(0);
    const columns = JSON.parse(only.out) as Record<string, unknown[]>;
    expect(columns.cuspEmax?.length).toBeGreaterThan(0);
    expect(columns.cuspEmax?.every((v) => typeof v === "number")).toBe(true);
  });
});
