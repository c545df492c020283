// Files that are not regular files (a FIFO, a link to /dev/zero, a folder) or are too big, at every place a
// config or metadata file is read. Each read runs in a child process with a time limit: a read that blocks
// (what a FIFO does to a plain open) fails the test instead of hanging the suite.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import {
  MAX_CONFIG_BYTES,
  UnreadableFileError,
  readTextFile,
} from "../../../../electron/services/fs/regular-file.ts";
import { REPO_ROOT } from "../../../fixtures/testdata.ts";

const tmp = mkdtempSync(join(tmpdir(), "regular-file-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const fifo = join(tmp, "fifo.json");
const zero = join(tmp, "zero.yaml");
const folder = join(tmp, "folder.json");
const big = join(tmp, "big.json");
const good = join(tmp, "good.json");
const madeFifo = spawnSync("mkfifo", [fifo]).status === 0;
symlinkSync("/dev/zero", zero);
mkdirSync(folder);
writeFileSync(big, "{}");
truncateSync(big, MAX_CONFIG_BYTES + 1); // sparse: no 16 MB written
writeFileSync(good, '{"levels": {"hit": {"tiers": ["raw"]}}}');

/** Every reader of a user's config or metadata file, as `name(path)`; each prints its outcome. */
const READERS: Record<string, [module: string, call: string]> = {
  readTextFile: ["electron/services/fs/regular-file.ts", "m.readTextFile(p)"],
  fileDbConfig: ["electron/services/flow/filedb/config.ts", "m.loadFileDbConfig(p)"],
  loaderConfig: ["electron/services/flow/loader/config.ts", "m.loadLoaderConfig(p)"],
  appSource: ["electron/services/app/sources.ts", "m.readConfigFile(p)"],
  isHdf5File: ["electron/services/flow/filedb/persist/detect.ts", "m.isHdf5File(p)"],
  validity: ["electron/services/flow/metadata/validity.ts", "m.ValidityCatalog.readFile(p)"],
  dataGroupKeys: [
    "electron/services/flow/datagroup.ts",
    "new m.DataGroup({daq_dir: '/', daq_template: '{a}', fileDB: p}).loadKeys(p)",
  ],
};

/** Runs each reader on `path` in a child process (20 s at most); returns reader → "ok" or the error message. */
function readInChild(path: string): Record<string, string> | "timed out" {
  const lines = Object.entries(READERS).map(([name, [module, call]]) => {
    const url = pathToFileURL(join(REPO_ROOT, module)).href;
    return `try { const m = await import(${JSON.stringify(url)}); const p = ${JSON.stringify(path)};
      ${call}; out[${JSON.stringify(name)}] = "ok"; } catch (e) { out[${JSON.stringify(name)}] = String(e.message); }`;
  });
  const script = `const out = {};\n${lines.join("\n")}\nconsole.log(JSON.stringify(out));`;
  const result = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
    cwd: REPO_ROOT,
    encoding: "utf8",
    timeout: 20_000,
    killSignal: "SIGKILL",
  });
  if (result.error !== undefined || result.signal !== null) return "timed out";
  return JSON.parse(result.stdout.trim().split("\n").at(-1) ?? "{}") as Record<string, string>;
}

describe("reading a config or metadata file: regular files only, 16 MB at most, never blocking", () => {
  it("refuses a FIFO named like a config at every reader, without waiting for a writer", () => {
    expect(madeFifo).toBe(true);
    const outcome = readInChild(fifo);
    expect(outcome).not.toBe("timed out");
    const messages = outcome as Record<string, string>;
    expect(messages.isHdf5File).toBe("ok"); // not a FileDB file: false, no error
    for (const name of Object.keys(READERS).filter((n) => n !== "isHdf5File")) {
      expect(messages[name], name).toContain("is a FIFO (named pipe), not a regular file");
    }
  });

  it("refuses a config that is a symbolic link to /dev/zero at every reader", () => {
    const outcome = readInChild(zero);
    expect(outcome).not.toBe("timed out");
    const messages = outcome as Record<string, string>;
    for (const name of Object.keys(READERS).filter((n) => n !== "isHdf5File")) {
      expect(messages[name], name).toContain("is a character device, not a regular file");
    }
  });

  it("refuses a folder and a file over 16 MB with a clear error, and reads a regular file", () => {
    expect(() => readTextFile(folder)).toThrow(/folder\.json is a folder, not a regular file/);
    expect(() => readTextFile(big)).toThrow(/big\.json is larger than 16 MB \(16777217 bytes\); refused/);
    try {
      readTextFile(big);
    } catch (error) {
      expect(error).toBeInstanceOf(UnreadableFileError);
      expect((error as UnreadableFileError).code).toBe("EFBIG");
    }
    expect(readTextFile(good)).toContain('"levels"');
    expect(readTextFile(good, 8 * 1024)).toContain('"levels"');
    expect(() => readTextFile(good, 10)).toThrow(/larger than/);
    expect(() => readTextFile(join(tmp, "missing.json"))).toThrow(/ENOENT/);
  });

  it("names the file and the reason in the config loaders' errors", () => {
    const outcome = readInChild(big);
    expect(outcome).not.toBe("timed out");
    const messages = outcome as Record<string, string>;
    expect(messages.fileDbConfig).toMatch(/cannot read config file: .*big\.json is larger than 16 MB/);
    expect(messages.loaderConfig).toMatch(/big\.json is larger than 16 MB/);
    expect(messages.appSource).toMatch(/big\.json is larger than 16 MB/);
  });
});
