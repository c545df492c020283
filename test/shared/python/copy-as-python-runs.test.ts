// The DataLoader script runs (issue #18, defect 6): executed by /usr/bin/python3 against stand-in pygama.flow
// classes that record what they are given (pygama itself is not installed here). A JSON FileDB config is
// read by path, as pygama reads it; a YAML one, which pygama cannot read, is given as a dict with `$_` filled.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { dataLoaderPython, type PythonSelection } from "../../../shared/python/copy-as-python.ts";

const PYTHON = process.env.LH5_PYTHON ?? "/usr/bin/python3";

/** pygama.flow stand-ins: FileDB reads a JSON path as pygama does (json.load) or takes a dict as is. */
const STUB = String.raw`
import json

seen = {}


class FileDB:
    def __init__(self, config):
        if isinstance(config, str):
            if not config.endswith(".json"):
                raise ValueError("pygama reads JSON FileDB configs only: " + config)
            with open(config) as f:
                config = json.load(f)
        seen["filedb"] = config


class Frame(list):
    def __len__(self):
        return 0


class DataLoader:
    def __init__(self, config, filedb=None):
        seen["dataloader"] = config

    def set_files(self, files):
        seen["files"] = files

    def set_datastreams(self, ids, word):
        seen["channels"] = ids

    def set_cuts(self, cuts):
        seen["cuts"] = cuts

    def set_output(self, fmt, columns):
        seen["columns"] = columns

    def build_entry_list(self, tcm_level=None, mode="only", save_output_columns=False):
        return Frame()

    def load(self, entry_list, tcm_level=None):
        print(json.dumps(seen))
        return Frame()
`;

const dir = mkdtempSync(join(tmpdir(), "lh5-copy-python-"));
mkdirSync(join(dir, "pygama"));
writeFileSync(join(dir, "pygama", "__init__.py"), "");
writeFileSync(join(dir, "pygama", "flow.py"), STUB);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(script: string): Record<string, unknown> {
  const path = join(dir, "selection.py");
  writeFileSync(path, script);
  const compiled = spawnSync(PYTHON, ["-m", "py_compile", path], { encoding: "utf8" });
  expect(compiled.status, compiled.stderr).toBe(0);
  const result = spawnSync(PYTHON, [path], { encoding: "utf8", env: { ...process.env, PYTHONPATH: dir } });
  expect(result.status, `${result.stderr}\n---\n${script}`).toBe(0);
  return JSON.parse(result.stdout.trim().split("\n")[0]!) as Record<string, unknown>;
}

const SELECTION: PythonSelection = {
  files: "all",
  channels: [1104000],
  cuts: { hit: "cuspEmax_ctc_cal > 100" },
  columns: ["cuspEmax_ctc_cal"],
};

describe("the DataLoader script runs", () => {
  it("reads a JSON FileDB config by path", () => {
    const config = join(dir, "filedb-config.json");
    writeFileSync(config, JSON.stringify({ data_dir: "/data", tier_dirs: { raw: "/raw" } }));
    const seen = run(dataLoaderPython({ ...SELECTION, filedbConfigPath: config }));
    expect(seen).toMatchObject({
      filedb: { data_dir: "/data", tier_dirs: { raw: "/raw" } },
      files: "all",
      channels: [1104000],
      cuts: { hit: "cuspEmax_ctc_cal > 100" },
      columns: ["cuspEmax_ctc_cal"],
    });
  });

  it("gives a YAML FileDB config to pygama as a dict, `$_` being the config's folder", () => {
    const config = join(dir, "configs", "filedb.yaml");
    mkdirSync(join(dir, "configs"), { recursive: true });
    writeFileSync(config, "data_dir: $_/../data\ntier_dirs:\n  raw: /raw\n  dsp: /dsp\n");
    const script = dataLoaderPython({ ...SELECTION, filedbConfigPath: config });
    expect(script).not.toContain(`FileDB("${config}")`);
    const seen = run(script);
    expect(seen.filedb).toEqual({
      data_dir: `${join(dir, "configs")}/../data`,
      tier_dirs: { raw: "/raw", dsp: "/dsp" },
    });
  });
});
