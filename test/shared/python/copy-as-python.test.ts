// The generated scripts are checked by Python itself: python3's ast module parses them, and the
// literal arguments of the pygama / lgdo calls are read back and compared with the selection.
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import {
  copyAsPython,
  CopyAsPythonError,
  dataLoaderPython,
  lh5Python,
  type PythonSelection,
} from "../../../shared/python/copy-as-python.ts";
import { pyFloat, pyNumber, pyStr, pyValue } from "../../../shared/python/py-literal.ts";

/** Parses `source` with python3 and returns, per called function/method name, the literal args of each call. */
const CALLS_SCRIPT = String.raw`
import ast, json, sys
tree = ast.parse(sys.stdin.read())
calls = {}
def lit(node):
    try:
        value = ast.literal_eval(node)
    except Exception:
        return {"expr": ast.unparse(node)}
    if isinstance(value, float) and value != value:
        return {"float": "nan"}
    if isinstance(value, float) and value in (float("inf"), -float("inf")):
        return {"float": "inf" if value > 0 else "-inf"}
    return value
for node in ast.walk(tree):
    if isinstance(node, ast.Call):
        f = node.func
        name = f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", "?")
        calls.setdefault(name, []).append({"args": [lit(a) for a in node.args], "kwargs": {k.arg: lit(k.value) for k in node.keywords}})
imports = sorted({(getattr(n, "module", None) or "") + ":" + a.name for n in ast.walk(tree) if isinstance(n, (ast.Import, ast.ImportFrom)) for a in n.names})
print(json.dumps({"calls": calls, "imports": imports}))
`;

interface Call {
  args: unknown[];
  kwargs: Record<string, unknown>;
}

function pythonCalls(source: string): { calls: Record<string, Call[]>; imports: string[] } {
  const result = spawnSync("python3", ["-c", CALLS_SCRIPT], { input: source, encoding: "utf8" });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`python3 rejected the script:\n${result.stderr}\n---\n${source}`);
  return JSON.parse(result.stdout) as { calls: Record<string, Call[]>; imports: string[] };
}

function only(calls: Record<string, Call[]>, name: string): Call {
  const list = calls[name];
  expect(list, `call ${name}`).toHaveLength(1);
  return list![0]!;
}

const NASTY_CUT = `trapEmax > 5000 and type == 'phy' and name == "V0\\"1" and path == 'C:\\\\x'\n or note == "tab\there"`;

const BASE: PythonSelection = {
  filedbConfigPath: "/data/configs/filedb.json",
  dataLoaderConfigPath: "/data/configs/data-loader.json",
  files: "type == 'phy'",
  channels: [1084803, 1084804, 1121600],
  cuts: { hit: "trapEmax > 5000" },
  columns: ["trapEmax", "timestamp"],
};

describe("py-literal", () => {
  it("escapes strings so that Python reads back exactly the same text", () => {
    const texts = [
      "plain",
      `it's "quoted"`,
      "back\\slash",
      "new\nline\r\ttab",
      "\u0001\u007f",
      "ünïcødé µs 🎉",
      "\u2028",
      "\ud800 lone",
    ];
    const source = texts.map((t, i) => `v${i} = ${pyStr(t)}`).join("\n");
    const out = spawnSync(
      "python3",
      [
        "-c",
        `import ast, json, sys\nt = ast.parse(sys.stdin.read())\nprint(json.dumps([ast.literal_eval(n.value) for n in t.body], ensure_ascii=True))`,
      ],
      { input: source, encoding: "utf8" },
    );
    expect(out.stderr).toBe("");
    expect(JSON.parse(out.stdout)).toEqual(texts);
  });

  it("writes numbers, floats and JSON-like values as Python literals", () => {
    expect(pyNumber(3)).toBe("3");
    expect(pyNumber(1e21)).toBe("1e+21");
    expect(pyNumber(NaN)).toBe('float("nan")');
    expect(pyNumber(-Infinity)).toBe('-float("inf")');
    expect(pyFloat(5)).toBe("5.0");
    expect(pyFloat(0.25)).toBe("0.25");
    expect(pyValue({ a: [1, true, null, "x"] })).toBe('{"a": [1, True, None, "x"]}');
  });
});

describe("dataLoaderPython", () => {
  it("emits the pygama calls with the selection's arguments", () => {
    const { calls, imports } = pythonCalls(dataLoaderPython(BASE));
    expect(imports).toContain("pygama.flow:DataLoader");
    expect(imports).toContain("pygama.flow:FileDB");
    expect(only(calls, "FileDB").args).toEqual(["/data/configs/filedb.json"]);
    expect(only(calls, "DataLoader")).toEqual({
      args: ["/data/configs/data-loader.json"],
      kwargs: { filedb: { expr: "filedb" } },
    });
    expect(only(calls, "set_files").args).toEqual(["type == 'phy'"]);
    expect(only(calls, "set_datastreams").args).toEqual([[1084803, 1084804, 1121600], "ch"]);
    expect(only(calls, "set_cuts").args).toEqual([{ hit: "trapEmax > 5000" }]);
    expect(only(calls, "set_output").kwargs).toEqual({
      fmt: "pd.DataFrame",
      columns: ["trapEmax", "timestamp"],
    });
    expect(only(calls, "build_entry_list").kwargs).toEqual({
      tcm_level: null,
      mode: "only",
      save_output_columns: false,
    });
    expect(only(calls, "load")).toEqual({ args: [{ expr: "entry_list" }], kwargs: { tcm_level: null } });
    expect(calls.histogram).toBeUndefined();
  });

  it("keeps cuts with quotes, backslashes and newlines intact", () => {
    const { calls } = pythonCalls(
      dataLoaderPython({ ...BASE, cuts: { hit: NASTY_CUT, evt: "multiplicity == 1" } }),
    );
    expect(only(calls, "set_cuts").args).toEqual([{ hit: NASTY_CUT, evt: "multiplicity == 1" }]);
  });

  it("handles a FileDB file, a key list, an inline config, the TCM and mode any", () => {
    const { calls } = pythonCalls(
      dataLoaderPython({
        filedbPath: "/data/filedb.lh5",
        dataLoaderConfig: { levels: { hit: { tiers: ["raw", "dsp", "hit"] } } },
        files: ["20230318T012144Z", "20230318T012228Z"],
        cuts: { hit: "daqenergy == 10221", evt: "" },
        columns: ["daqenergy", "channel"],
        tcmLevel: "tcm",
        mode: "any",
      }),
    );
    expect(only(calls, "FileDB").args).toEqual(["/data/filedb.lh5"]);
    expect(only(calls, "DataLoader").args).toEqual([{ levels: { hit: { tiers: ["raw", "dsp", "hit"] } } }]);
    expect(only(calls, "set_files").args).toEqual([["20230318T012144Z", "20230318T012228Z"]]);
    expect(calls.set_datastreams).toBeUndefined();
    expect(only(calls, "set_cuts").args).toEqual([{ hit: "daqenergy == 10221" }]);
    expect(only(calls, "build_entry_list").kwargs).toEqual({
      tcm_level: "tcm",
      mode: "any",
      save_output_columns: false,
    });
    expect(only(calls, "load").kwargs).toEqual({ tcm_level: "tcm" });
  });

  it("draws the 1-D histogram with the on-screen binning, log bins and log counts", () => {
    const { calls } = pythonCalls(
      dataLoaderPython({
        ...BASE,
        histogram: { column: "cuspEmax", bins: 200, range: [1, 3000], log: true, logCounts: true },
      }),
    );
    // The histogram column joins the output columns.
    expect(only(calls, "set_output").kwargs.columns).toEqual(["trapEmax", "timestamp", "cuspEmax"]);
    expect(only(calls, "geomspace").args).toEqual([1.0, 3000.0, 201]);
    expect(only(calls, "histogram").kwargs).toEqual({ bins: { expr: "edges" } });
    expect(only(calls, "set_xscale").args).toEqual(["log"]);
    expect(only(calls, "set_yscale").args).toEqual(["log"]);
    expect(calls.show).toHaveLength(1);
  });

  it("splits by channel, and draws 2-D histograms with both binnings", () => {
    const split = pythonCalls(
      dataLoaderPython({
        ...BASE,
        histogram: { column: "trapEmax", bins: 50, range: [0, 10], groupBy: "channel" },
      }),
    );
    expect(only(split.calls, "groupby").args).toEqual(["hit_table"]);
    expect(only(split.calls, "linspace").args).toEqual([0.0, 10.0, 51]);
    const twoD = pythonCalls(
      dataLoaderPython({
        ...BASE,
        histogram: {
          column: "trapEmax",
          bins: 100,
          range: [0, 6000],
          column2: "AoE",
          bins2: 40,
          range2: [-1, 1],
        },
      }),
    );
    expect(twoD.calls.linspace!.map((c) => c.args)).toEqual([
      [0.0, 6000.0, 101],
      [-1.0, 1.0, 41],
    ]);
    expect(only(twoD.calls, "histogram2d").kwargs).toEqual({ bins: { expr: "(x_edges, y_edges)" } });
    expect(only(twoD.calls, "set_output").kwargs.columns).toEqual(["trapEmax", "timestamp", "AoE"]);
  });

  it("falls back to the data's extent when no range was fixed", () => {
    const { calls } = pythonCalls(dataLoaderPython({ ...BASE, histogram: { column: "trapEmax", bins: 30 } }));
    expect(only(calls, "histogram_bin_edges").kwargs).toEqual({ bins: 30 });
  });

  it("refuses selections pygama cannot run, with a clear message", () => {
    expect(() => dataLoaderPython({ ...BASE, filedbPath: "/x.lh5" })).toThrow(CopyAsPythonError);
    expect(() => dataLoaderPython({ ...BASE, filedbConfigPath: undefined })).toThrow(/exactly one/);
    expect(() => dataLoaderPython({ ...BASE, files: [] })).toThrow(/file list is empty/);
    expect(() => dataLoaderPython({ ...BASE, channels: [1.5] })).toThrow(/channel 1.5/);
    expect(() => dataLoaderPython({ ...BASE, histogram: { column: "a", bins: 0 } })).toThrow(/bins/);
    expect(() => dataLoaderPython({ ...BASE, histogram: { column: "a", bins: 5, range: [2, 2] } })).toThrow(
      /range/,
    );
  });
});

describe("lh5Python (legend-pydataobj only)", () => {
  const sources = [
    {
      reads: [
        { path: "/t/raw/cal-1-tier_raw.lh5", group: "ch1084803/raw" },
        { path: "/t/dsp/cal-1-tier_dsp.lh5", group: "ch1084803/dsp" },
      ],
    },
    { reads: [{ path: "/t/dsp/phy-2-tier_dsp.lh5", group: "ch1084804/dsp" }] },
  ];

  it("reads every source with lh5.read, joins tiers, applies the cut with pandas.query", () => {
    const source = lh5Python({
      ...BASE,
      cuts: { hit: NASTY_CUT },
      sources,
      histogram: { column: "trapEmax", bins: 10, range: [0, 1] },
    });
    const { calls, imports } = pythonCalls(source);
    expect(imports).toContain("lgdo:lh5");
    expect(imports).not.toContain("pygama.flow:DataLoader");
    expect(only(calls, "read").kwargs).toEqual({ field_mask: { expr: "columns + cut_columns" } });
    expect(only(calls, "query").args).toEqual([{ expr: "cut" }]);
    expect(source).toContain(
      'sources = [\n    [("/t/raw/cal-1-tier_raw.lh5", "ch1084803/raw"), ("/t/dsp/cal-1-tier_dsp.lh5", "ch1084803/dsp")],',
    );
    // The cut and columns are assigned as literals: read them back.
    const assigned = spawnSync(
      "python3",
      [
        "-c",
        "import ast, json, sys\nt = ast.parse(sys.stdin.read())\nprint(json.dumps({n.targets[0].id: ast.literal_eval(n.value) for n in t.body if isinstance(n, ast.Assign) and isinstance(n.targets[0], ast.Name) and n.targets[0].id in ('cut', 'columns', 'sources')}))",
      ],
      { input: source, encoding: "utf8" },
    );
    expect(JSON.parse(assigned.stdout)).toEqual({
      columns: ["trapEmax", "timestamp"],
      cut: `(${NASTY_CUT})`,
      sources: sources.map((s) => s.reads.map((r) => [r.path, r.group])),
    });
  });

  it("finds the cut's columns as pygama does (identifiers that are not keywords)", () => {
    const source = lh5Python({ ...BASE, cuts: { hit: "trapEmax > 5000 and not is_valid_cal" }, sources });
    // Run just the two assignments (pandas and lgdo need not be installed for this).
    const lines = source.split("\n").filter((l) => l.startsWith("cut = ") || l.startsWith("cut_columns = "));
    expect(lines).toHaveLength(2);
    const run = spawnSync("python3", ["-c", `import keyword, re\n${lines.join("\n")}\nprint(cut_columns)`], {
      encoding: "utf8",
    });
    expect(run.stderr).toBe("");
    expect(run.stdout.trim()).toBe("['trapEmax', 'is_valid_cal']");
  });

  it("applies hit cuts but not event-level cuts, and says why", () => {
    const source = lh5Python({ ...BASE, cuts: { hit: "trapEmax > 1", evt: "multiplicity == 1" }, sources });
    pythonCalls(source);
    expect(source).toContain('cut = "(trapEmax > 1)"');
    expect(source).toContain("# The evt cut needs the TCM and is not applied here");
    expect(source).not.toContain("multiplicity");
  });

  it("reads the entry on screen with idx, and says so when no files were resolved", () => {
    const entry = {
      file: "/t/raw/p14-tier_raw.lh5",
      table: "ch1104000/raw",
      idx: 3,
      columns: ["waveform_windowed"],
    };
    const source = lh5Python({ ...BASE, entry });
    const { calls } = pythonCalls(source);
    expect(only(calls, "read")).toEqual({
      args: ["ch1104000/raw", "/t/raw/p14-tier_raw.lh5"],
      kwargs: { idx: [3], field_mask: ["waveform_windowed"] },
    });
    expect(source).toContain("No files were resolved");
    expect(() => lh5Python({ ...BASE, entry: { ...entry, idx: -1 } })).toThrow(/non-negative/);
  });
});

describe("copyAsPython", () => {
  it("puts both scripts in one valid text by default, or one flavour on request", () => {
    const both = copyAsPython({ ...BASE, entry: { file: "/f.lh5", table: "ch1/raw", idx: 0 } });
    const { calls } = pythonCalls(both);
    expect(calls.DataLoader).toHaveLength(1);
    expect(calls.read).toHaveLength(2);
    expect(copyAsPython(BASE, "dataloader")).toBe(dataLoaderPython(BASE));
    expect(copyAsPython(BASE, "lh5")).toBe(lh5Python(BASE));
  });
});
