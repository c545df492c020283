import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { main } from "../../../electron/cli/main.ts";

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
    const result = spawnSync(process.execPath, ["electron/cli/lh5-browser.mjs", "help"], {
      encoding: "utf8",
    });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("Usage: lh5-browser <command>");
    const lsHelp = spawnSync(process.execPath, ["electron/cli/lh5-browser.mjs", "ls", "--help"], {
      encoding: "utf8",
    });
    expect(lsHelp.status).toBe(0);
    expect(lsHelp.stdout).toContain("Usage: lh5-browser ls FILE");
  });
});
