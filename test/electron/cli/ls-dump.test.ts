import { BUILT_CLI } from "../../fixtures/built.ts";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { main } from "../../../electron/cli/main.ts";
import { initH5 } from "../../../electron/services/lh5/h5.ts";
import { Lh5File } from "../../../electron/services/lh5/reader.ts";
import type { LgdoArray, LgdoVectorOfVectors } from "../../../shared/lgdo/model.ts";
import { P14_RAW_FILE, PROD_REF_TIER_DIR, REPO_ROOT } from "../../fixtures/testdata.ts";

const RAW_P03 = join(PROD_REF_TIER_DIR, "raw/cal/p03/r001/l200-p03-r001-cal-20230318T012144Z-tier_raw.lh5");
const HIT_P03 = join(PROD_REF_TIER_DIR, "hit/cal/p03/r001/l200-p03-r001-cal-20230318T012144Z-tier_hit.lh5");
const TCM_P03 = join(PROD_REF_TIER_DIR, "tcm/cal/p03/r001/l200-p03-r001-cal-20230318T012144Z-tier_tcm.lh5");

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { stdout: (t) => out.push(t), stderr: (t) => err.push(t) });
  return { code, out: out.join(""), err: err.join("") };
}

async function json(...argv: string[]): Promise<unknown> {
  const r = await cli(...argv, "--json");
  expect(r.err).toBe("");
  expect(r.code).toBe(0);
  return JSON.parse(r.out);
}

beforeAll(async () => {
  await initH5();
});

describe("lh5-browser ls", () => {
  it("--json: one {path, datatype, shape, dtype, attrs} per group and dataset", async () => {
    const entries = (await json("ls", RAW_P03)) as Array<Record<string, unknown>>;
    const file = Lh5File.open(RAW_P03);
    expect(entries).toHaveLength(file.list().length);
    file.close();
    for (const e of entries) {
      expect(Object.keys(e).slice(0, 5)).toEqual(["path", "datatype", "shape", "dtype", "attrs"]);
      expect(String(e.path).startsWith("/")).toBe(false);
    }
    expect(entries.find((e) => e.path === "ch1084803/raw/waveform/values")).toEqual({
      path: "ch1084803/raw/waveform/values",
      datatype: "array_of_equalsized_arrays<1,1>{real}",
      shape: [10, 8192],
      dtype: "uint16",
      attrs: {},
    });
    expect(entries.find((e) => e.path === "ch1084803")).toMatchObject({ datatype: null, shape: null });
  });

  it("prints a tree under GROUP, limited by --depth, with attributes on request", async () => {
    const top = await cli("ls", RAW_P03, "--depth", "1");
    expect(top.code).toBe(0);
    expect(top.out.trim().split("\n")).toHaveLength(3);
    expect(top.out).toMatch(/^ch1084803\/\s+group \(no datatype: implicit struct\)/m);
    const sub = await cli("ls", RAW_P03, "/ch1084803/raw/waveform", "--attrs");
    expect(sub.out).toMatch(/^values\s+array_of_equalsized_arrays<1,1>\{real\}\s+uint16\[10,8192\]/m);
    expect(sub.out).toMatch(/@units = "ns"/);
  });

  it("shows hard links once, with their other path", async () => {
    const r = await cli("ls", P14_RAW_FILE, "--depth", "2");
    expect(r.out).toMatch(/^ {2}raw\/\s+table\{abs_delta_mu_usec.*…\} \(37 fields\)\s+= raw\/V\d{5}[A-Z]$/m);
  });
});

describe("lh5-browser dump", () => {
  it("--json: a scalar prints its value", async () => {
    expect(await json("dump", P14_RAW_FILE, "ch1105600/raw/waveform_windowed/values/decoded_size")).toBe(
      1400,
    );
  });

  it("--json: a 1-d array is a list, bools are true/false", async () => {
    const file = Lh5File.open(RAW_P03);
    const expected = Array.from((file.read("ch1084803/raw/timestamp") as LgdoArray).data as Float64Array);
    file.close();
    expect(await json("dump", RAW_P03, "ch1084803/raw/timestamp")).toEqual(expected);
    const flags = (await json("dump", HIT_P03, "ch1084803/hit/is_discharge")) as unknown[];
    expect(flags.every((v) => typeof v === "boolean")).toBe(true);
  });

  it("--json: 2-d arrays and VoVs are lists of lists; --rows selects rows", async () => {
    const wf = (await json("dump", RAW_P03, "ch1084803/raw/waveform/values", "--rows", "2:4")) as number[][];
    expect(wf).toHaveLength(2);
    expect(wf[0]).toHaveLength(8192);
    const file = Lh5File.open(TCM_P03);
    const vov = file.read("hardware_tcm_1/table_key") as LgdoVectorOfVectors;
    file.close();
    const rows = (await json("dump", TCM_P03, "hardware_tcm_1/table_key")) as number[][];
    expect(rows).toHaveLength(22);
    expect(rows.map((r) => r.length).reduce((a, b) => a + b, 0)).toBe(vov.cumulativeLength.at(-1));
  });

  it("--json: encoded waveforms print decoded samples; a table prints an object of columns", async () => {
    const wf = (await json("dump", P14_RAW_FILE, "ch1107202/raw/waveform_windowed/values")) as number[][];
    expect(wf.map((r) => r.length)).toEqual([1400, 1400]);
    expect(Math.abs((wf[0]?.[0] ?? 0) - 14978)).toBeLessThan(200);
    const table = (await json("dump", P14_RAW_FILE, "ch1107202/raw", "--rows", "1:")) as Record<
      string,
      unknown
    >;
    expect(table.baseline).toEqual([14975]);
    expect((table.waveform_presummed as Record<string, unknown[][]>).values?.[0]).toHaveLength(781);
  });

  it("prints a table as text rows with nested columns flattened", async () => {
    const r = await cli("dump", RAW_P03, "ch1084803/raw", "--rows", "0:3");
    const lines = r.out.trim().split("\n");
    expect(lines).toHaveLength(4);
    expect(lines[0]?.split("\t")).toContain("waveform/values");
    expect(lines[1]?.startsWith("0\t")).toBe(true);
  });

  it("reports errors on stderr with a non-zero exit", async () => {
    const missing = await cli("dump", join(REPO_ROOT, "no-such.lh5"), "x");
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/LH5Error: .*no-such\.lh5: no such file/);
    const noObject = await cli("dump", RAW_P03, "ch1084803/nope");
    expect(noObject.code).toBe(1);
    expect(noObject.err).toMatch(/ch1084803\/nope: no such object/);
    const badRows = await cli("dump", RAW_P03, "ch1084803/raw", "--rows", "5-3");
    expect(badRows.code).toBe(2);
    expect(badRows.err).toMatch(/--rows needs A:B/);
    expect((await cli("ls")).code).toBe(2);
    expect((await cli("ls", RAW_P03, "--depth", "0")).code).toBe(2);
  });

  it("runs through the package bin", () => {
    const result = spawnSync(process.execPath, [BUILT_CLI, "ls", TCM_P03, "--json"], {
      cwd: REPO_ROOT,
      encoding: "utf8",
    });
    expect(result.status).toBe(0);
    expect((JSON.parse(result.stdout) as Array<{ path: string }>).map((e) => e.path)).toContain(
      "hardware_tcm_1",
    );
  });
});
