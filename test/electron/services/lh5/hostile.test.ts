// Hostile files (built with h5py, which writes what our writer refuses to): each one must give one clear
// line naming the file and object, never a hang, a stack overflow, an HDF5 stack dump or a dead module.
import { BUILT_CLI } from "../../../fixtures/built.ts";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { lh5Error } from "../../../fixtures/lh5-error.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../../../electron/cli/main.ts";
import { initH5 } from "../../../../electron/services/lh5/h5.ts";
import { Lh5File } from "../../../../electron/services/lh5/reader.ts";
import { runH5py } from "../../../fixtures/h5py.ts";
import { rng } from "../../../fixtures/rng.ts";
import { PROD_REF_TIER_DIR, REPO_ROOT } from "../../../fixtures/testdata.ts";

const TCM_P03 = join(PROD_REF_TIER_DIR, "tcm/cal/p03/r001/l200-p03-r001-cal-20230318T012144Z-tier_tcm.lh5");

/** Writes every fixture into sys.argv[1] in one Python start. */
const MAKE_FIXTURES = `
import sys, bz2, h5py, numpy as np
d = sys.argv[1]
def arr(parent, name, data, datatype="array<1>{real}"):
    ds = parent.create_dataset(name, data=data)
    ds.attrs["datatype"] = datatype
    return ds
with h5py.File(f"{d}/cycle.lh5", "w") as f:
    g = f.create_group("g"); g.attrs["datatype"] = "struct{self,x}"
    arr(g, "x", np.arange(3.0))
    g["self"] = g
    t = f.create_group("t"); t.attrs["datatype"] = "table{self,x}"
    arr(t, "x", np.arange(3.0))
    t["self"] = t
with h5py.File(f"{d}/deep.lh5", "w") as f:
    arr(f, "x", np.arange(3.0), "array<1>{" * 5000 + "real" + "}" * 5000)
with h5py.File(f"{d}/huge.lh5", "w") as f:
    ds = f.create_dataset("x", shape=(2**40,), dtype="f8", chunks=(1024,))
    ds.attrs["datatype"] = "array<1>{real}"
    ds[5:8] = [5.0, 6.0, 7.0]
with h5py.File(f"{d}/softloop.lh5", "w") as f:
    arr(f, "ok", np.arange(3.0))
    f["a"] = h5py.SoftLink("/b")
    f["b"] = h5py.SoftLink("/a")
    f["gone"] = h5py.SoftLink("/nowhere")
with h5py.File(f"{d}/bz2.lh5", "w") as f:
    data = np.arange(100, dtype="f8")
    arr(f, "good", data)
    for name, chunk in [("bz", bz2.compress(data.tobytes())), ("bzbad", b"BZh9" + b"garbage" * 10)]:
        ds = f.create_dataset(name, shape=(100,), dtype="f8", chunks=(100,), compression=307,
                              allow_unknown_filter=True)
        ds.attrs["datatype"] = "array<1>{real}"
        ds.id.write_direct_chunk((0,), chunk)
`;

let dir: string;
const at = (name: string) => join(dir, name);

beforeAll(async () => {
  await initH5();
  dir = mkdtempSync(join(tmpdir(), "lh5-hostile-"));
  runH5py(MAKE_FIXTURES, [dir]);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The CLI in a child process with a time bound (a hang fails the test instead of the suite). */
function cliChild(...argv: string[]): { status: number | null; stdout: string; stderrLines: string[] } {
  const run = spawnSync(process.execPath, [BUILT_CLI, ...argv], {
    cwd: REPO_ROOT,
    encoding: "utf8",
    timeout: 30_000,
  });
  return {
    status: run.status,
    stdout: run.stdout,
    stderrLines: run.stderr.split("\n").filter((line) => line.trim() !== ""),
  };
}

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { stdout: (t) => out.push(t), stderr: (t) => err.push(t) });
  return { code, out: out.join(""), err: err.join("") };
}

describe("walks that could loop", () => {
  it("dump of a group that hard-links itself (g['self'] = g) stops with one line", () => {
    const run = cliChild("dump", at("cycle.lh5"), "g");
    expect(run.status).toBe(1);
    expect(run.stderrLines).toEqual([
      `lh5-browser dump: LH5Error: ${at("cycle.lh5")}:/g/self: hard-link cycle: this is '/g' again, which contains it`,
    ]);
  });

  it("a table that holds itself is refused too (its row count would recurse), and ls shows the link as an alias", async () => {
    const run = cliChild("dump", at("cycle.lh5"), "t");
    expect(run.status).toBe(1);
    expect(run.stderrLines).toHaveLength(1);
    expect(run.stderrLines[0]).toBe(
      `lh5-browser dump: LH5Error: ${at("cycle.lh5")}:/t/self: hard-link cycle: this is '/t' again, which contains it`,
    );
    const ls = await cli("ls", at("cycle.lh5"));
    expect(ls.code).toBe(0);
    expect(ls.out).toMatch(/^g\/\s+struct\{self,x\}\s+= g\/self$/m);
    expect(ls.out).toMatch(/^t\/\s+table\{self,x\}\s+= t\/self$/m);
  });

  it("a soft-link loop is listed as a broken link; the rest of the file is listed", async () => {
    const file = Lh5File.open(at("softloop.lh5"));
    try {
      const entries = file.list();
      expect(entries.map((e) => [e.path, e.kind, e.brokenLink ?? null])).toEqual([
        ["a", "link", "soft-link loop"],
        ["b", "link", "soft-link loop"],
        ["gone", "link", "no object at the target"],
        ["ok", "dataset", null],
      ]);
      const err = lh5Error(() => file.read("a"));
      expect(err.code).toBe("not-found");
      expect(err.message).toBe(
        `${at("softloop.lh5")}:/a: soft link to '/b' leads nowhere (missing target or a soft-link loop)`,
      );
    } finally {
      file.close();
    }
    const ls = await cli("ls", at("softloop.lh5"));
    expect(ls.code).toBe(0);
    expect(ls.out).toMatch(/^a\s+broken link -> \/b {2}\(soft-link loop\)$/m);
    expect(ls.out).toMatch(/^ok\s+array<1>\{real\}\s+float64\[3\]$/m);
  });
});

describe("files that are not what they claim", () => {
  it("a symbolic link loop is called one, not a missing file", () => {
    const loop = at("loop.lh5");
    symlinkSync(loop, loop);
    const err = lh5Error(() => Lh5File.open(loop));
    expect(err.code).toBe("open");
    expect(err.message).toBe(`${loop}: symbolic link loop`);
  });

  it("corrupted metadata gives one line, never HDF5's error stack (seeded bit flips in the first 4 KB)", () => {
    const original = readFileSync(TCM_P03);
    // seeds whose damage reached an HDF5 call that printed a 40–55 line HDF5-DIAG stack, and one that aborts
    for (const seed of [1, 10, 15, 23]) {
      const random = rng(Math.imul(seed, 2654435761) >>> 0);
      const bytes = Buffer.from(original);
      for (let k = 0; k < 16; k++) bytes[8 + Math.floor(random() * 4088)]! ^= 1 << Math.floor(random() * 8);
      const path = at(`flipped-${seed}.lh5`);
      writeFileSync(path, bytes);
      const run = cliChild("ls", path);
      expect(run.status).toBe(1);
      expect(run.stderrLines).toHaveLength(1);
      expect(run.stderrLines[0]).toMatch(new RegExp(`^lh5-browser ls: LH5Error: ${path}(:/\\S*)?: \\S`));
      expect(run.stderrLines[0]).not.toMatch(/HDF5-DIAG|#\d{3}:/);
    }
  });
});

describe("datatype attributes", () => {
  it("one nested 5000 deep: ls shows its head and the reason, dump says it in one line", async () => {
    const ls = await cli("ls", at("deep.lh5"));
    expect(ls.code).toBe(0);
    expect(ls.out).toMatch(
      /^x\s+array<1>\{array<1>\{.*… \(50004 characters\) {2}\[bad datatype: .*nested more than 32 deep\] {2}float64\[3\]$/m,
    );
    expect(ls.out.length).toBeLessThan(600);
    const dump = await cli("dump", at("deep.lh5"), "x");
    expect(dump.code).toBe(1);
    expect(dump.err).toMatch(
      new RegExp(
        `^lh5-browser dump: LH5Error: ${at("deep.lh5")}:/x: unknown datatype '.*nested more than 32 deep\n$`,
      ),
    );
    expect(dump.err.length).toBeLessThan(400);
  });
});

describe("sizes", () => {
  it("a dataset declaring 2^40 rows is refused before reading; a few of its rows still read", () => {
    const file = Lh5File.open(at("huge.lh5"));
    try {
      expect(file.nRows("x")).toBe(2 ** 40);
      const err = lh5Error(() => file.read("x"));
      expect(err.code).toBe("range");
      expect(err.objectPath).toBe("x");
      expect(err.message).toMatch(
        /1099511627776 rows .* need 8192\.0 GiB, more than the 1\.0 GiB one read may take/,
      );
      const some = file.read("x", { rows: [4, 9] });
      expect(some.kind === "array" && Array.from(some.data as Float64Array)).toEqual([0, 5, 6, 7, 0]);
    } finally {
      file.close();
    }
    const run = cliChild("dump", at("huge.lh5"), "x");
    expect(run.stderrLines).toHaveLength(1); // no "Cannot enlarge memory" lines before it
  });
});

describe("an abort inside the wasm module", () => {
  it("bz2 data the plugin cannot decode: one line naming the dataset, and the next read works", async () => {
    let file = Lh5File.open(at("bz2.lh5"));
    const err = lh5Error(() => file.read("bzbad"));
    expect(err.code).toBe("aborted");
    expect(err.file).toBe(at("bz2.lh5"));
    expect(err.objectPath).toBe("bzbad");
    expect(err.message).not.toContain("\n");
    expect(err.message).toMatch(/HDF5 aborted: a filter plugin called 'fiprintf'/);
    expect(file.isCurrent()).toBe(false); // a kept handle is not reused after the abort
    file.close(); // nothing to close in the dead module, and no error either

    await initH5(); // as a pool worker does before each task: loads a fresh module
    file = Lh5File.open(at("bz2.lh5"));
    try {
      const expected = Array.from({ length: 100 }, (_, i) => i);
      for (const name of ["good", "bz"]) {
        const values = file.read(name);
        expect(values.kind === "array" && Array.from(values.data as Float64Array)).toEqual(expected);
      }
    } finally {
      file.close();
    }
    const tcm = Lh5File.open(TCM_P03);
    expect(tcm.nRows("hardware_tcm_1")).toBe(22);
    tcm.close();
  });

  it("the CLI prints the abort as its one line (Emscripten's own 'Aborted(…)' line is not printed)", () => {
    const run = cliChild("dump", at("bz2.lh5"), "bzbad");
    expect(run.status).toBe(1);
    expect(run.stderrLines).toHaveLength(1);
    expect(run.stderrLines[0]).toMatch(
      new RegExp(`^lh5-browser dump: LH5Error: ${at("bz2.lh5")}:/bzbad: HDF5 aborted`),
    );
  });
});
