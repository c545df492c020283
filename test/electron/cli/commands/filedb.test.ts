import { BUILT_CLI } from "../../../fixtures/built.ts";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { main } from "../../../../electron/cli/main.ts";
import { FileDB } from "../../../../electron/services/flow/filedb/index.ts";
import { ACCEPTANCE_DIR, FILEDB_CONFIG } from "../../../fixtures/testdata.ts";

const tmp = mkdtempSync(join(tmpdir(), "filedb-cli-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { stdout: (t) => out.push(t), stderr: (t) => err.push(t) });
  return { code, out: out.join(""), err: err.join("") };
}

interface Dump {
  rows: Array<Record<string, unknown>>;
  columns: string[][];
  problems: Array<{ file: string; reason: string }>;
}

describe("lh5-browser filedb", () => {
  it("scan --tables --json prints rows keyed by pygama's names, the column lists and the problems", async () => {
    const { code, out } = await run(["filedb", "scan", FILEDB_CONFIG, "--tables", "--json"]);
    expect(code).toBe(0);
    const dump = JSON.parse(out) as Dump;
    expect(dump.rows).toHaveLength(5);
    expect(Object.keys(dump.rows[1]!)).toHaveLength(26);
    expect(dump.rows[1]).toMatchObject({ timestamp: "20230318T012144Z", file_status: 30, tcm_tables: [0] });
    // pygama's 6 lists plus the list of the r000 dsp file that only the all-tier scan finds
    expect(dump.columns).toHaveLength(7);
    expect(dump.problems.some((p) => p.file.includes("p14"))).toBe(true);
  });

  it("scan -o writes a FileDB that show reads back, and --query selects rows", async () => {
    const path = join(tmp, "fdb.lh5");
    expect((await run(["filedb", "scan", FILEDB_CONFIG, "-o", path, "--tables"])).code).toBe(0);
    const { code, out } = await run(["filedb", "show", path, "--query", "type == 'phy'", "--json"]);
    expect(code).toBe(0);
    const dump = JSON.parse(out) as Dump;
    expect(dump.rows.map((r) => r.timestamp)).toEqual(["20230322T160139Z", "20230322T170202Z"]);
    expect((await run(["filedb", "scan", FILEDB_CONFIG, "-o", path])).code).toBe(1);
    expect((await run(["filedb", "scan", FILEDB_CONFIG, "-o", path, "--overwrite"])).code).toBe(0);
  });

  it("show reads pygama's FileDB file and prints a table, problems to stderr", async () => {
    const { code, out } = await run(["filedb", "show", resolve(ACCEPTANCE_DIR, "filedb-prod-ref-l200.lh5")]);
    expect(code).toBe(0);
    expect(out.split("\n")[0]).toMatch(/^exp\s+period\s+run\s+timestamp\s+type\s+file_status\s+raw_size/);
    expect(out).toContain("4 of 4 cycles");
    const scanned = await run(["filedb", "show", FILEDB_CONFIG]);
    expect(scanned.err).toMatch(/problem: .*l200-p14-r004.*field 'run' is 'r005'/);
  });

  it("show builds each printed column once, not once per cell (linear in the rows)", async () => {
    const builds = vi.spyOn(FileDB.prototype, "column");
    const { code, out } = await run(["filedb", "show", FILEDB_CONFIG]);
    expect(code).toBe(0);
    expect(out).toContain("5 of 5 cycles");
    // keys, file_status and one size per tier: one build each, whatever the number of rows
    const printed = (out.split("\n")[0] ?? "").split(/\s+/u);
    expect(printed).toHaveLength(11);
    expect(builds).toHaveBeenCalledTimes(printed.length);
  });

  it("reports usage errors with exit code 2 and bad queries with exit code 1", async () => {
    expect((await run(["filedb", "frob", FILEDB_CONFIG])).code).toBe(2);
    expect((await run(["filedb", "scan"])).code).toBe(2);
    const bad = await run(["filedb", "show", FILEDB_CONFIG, "--query", "tpye == 'cal'"]);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/Unknown column 'tpye'/);
  });

  it("scan of a FIFO named like a config exits 1 at once, naming it (a plain read would wait forever)", () => {
    const fifo = join(tmp, "pipe.json");
    expect(spawnSync("mkfifo", [fifo]).status).toBe(0);
    const result = spawnSync(process.execPath, [BUILT_CLI, "filedb", "scan", fifo], {
      encoding: "utf8",
      timeout: 30_000,
      killSignal: "SIGKILL",
    });
    expect(result.signal).toBeNull(); // not killed by the time limit
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`${fifo} is a FIFO (named pipe), not a regular file`);
  });

  it("runs through the package bin", () => {
    const result = spawnSync(process.execPath, [BUILT_CLI, "filedb", "show", FILEDB_CONFIG, "--json"], {
      encoding: "utf8",
    });
    expect(result.status).toBe(0);
    expect((JSON.parse(result.stdout) as Dump).rows).toHaveLength(5);
  });
});
