import { BUILT_CLI } from "../../fixtures/built.ts";
import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { main } from "../../../electron/cli/main.ts";
import { P14_RAW_FILE, REPO_ROOT } from "../../fixtures/testdata.ts";

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t) }, out, err };
}

describe("lh5-browser CLI dispatch", () => {
  it("prints the package version", async () => {
    const { io, out } = capture();
    expect(await main(["--version"], io)).toBe(0);
    expect(out.join("")).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it("rejects an unknown command with exit code 2 and the help text", async () => {
    const { io, err } = capture();
    expect(await main(["frobnicate"], io)).toBe(2);
    expect(err.join("")).toContain("unknown command 'frobnicate'");
  });

  it("answers CMD --help (or -h) with that command's usage and exit code 0, for every command", async () => {
    for (const [name, args] of [
      ["ls", ["--help"]],
      ["dump", ["file.lh5", "-h"]],
      ["load", ["--help"]],
      ["filedb", ["scan", "--help"]],
      ["generate", ["--help"]],
      ["serve", ["--help"]],
    ] as const) {
      const { io, out, err } = capture();
      expect(await main([name, ...args], io), name).toBe(0);
      expect(out.join(""), name).toContain(`lh5-browser ${name}`);
      expect(err.join(""), name).toBe("");
    }
  });

  it("runs as the package bin through node", () => {
    const result = spawnSync(process.execPath, [BUILT_CLI, "help"], {
      encoding: "utf8",
    });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("Usage: lh5-browser <command>");
    const lsHelp = spawnSync(process.execPath, [BUILT_CLI, "ls", "--help"], {
      encoding: "utf8",
    });
    expect(lsHelp.status).toBe(0);
    expect(lsHelp.stdout).toContain("Usage: lh5-browser ls FILE");
  });

  it("help, CMD --help and argument errors load no HDF5 (h5wasm is refused by a module hook); reading a file does", () => {
    const forbid = join(REPO_ROOT, "test/fixtures/forbid-h5wasm/register.mjs");
    const cli = (...args: string[]) =>
      spawnSync(process.execPath, ["--import", forbid, BUILT_CLI, ...args], {
        encoding: "utf8",
        timeout: 60_000,
      });
    expect(cli("help").status).toBe(0);
    for (const name of ["ls", "dump", "load", "entries", "filedb", "generate", "serve"]) {
      const help = cli(name, "--help");
      expect(help.status, `${name} --help: ${help.stderr}`).toBe(0);
      expect(help.stdout).toMatch(new RegExp(`^Usage: lh5-browser ${name}`));
      expect(cli("help", name).stdout).toBe(help.stdout);
    }
    const usage = cli("ls");
    expect(usage.status).toBe(2);
    expect(usage.stderr).toMatch(/ls needs a FILE/);
    // the hook does refuse HDF5: a command that reads a file fails through it
    const reading = cli("ls", P14_RAW_FILE);
    expect(reading.status).toBe(1);
    expect(reading.stderr).toMatch(/h5wasm was imported/);
  });

  it("help of an unknown command exits 2", async () => {
    const { io, err } = capture();
    expect(await main(["help", "nosuch"], io)).toBe(2);
    expect(err.join("")).toContain("unknown command 'nosuch'");
  });
});
