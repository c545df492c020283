import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseGenerateArgs } from "../../../electron/cli/commands/generate.ts";
import { UsageError } from "../../../electron/cli/command.ts";
import { main } from "../../../electron/cli/main.ts";

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t) }, out, err };
}

const tmp = mkdtempSync(join(tmpdir(), "lh5-generate-cli-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("lh5-browser generate", () => {
  it("parses the options into generator options", () => {
    const { outDir, options } = parseGenerateArgs([
      "out",
      "--cycles",
      "10",
      "--channels",
      "2",
      "--events",
      "5",
      "--seed",
      "3",
      "--compress",
      "zstd",
      "--encode",
      "radware",
      "--tiers",
      "raw,hit",
      "--force",
    ]);
    expect(outDir).toBe("out");
    expect(options).toMatchObject({
      cycles: 10,
      channels: 2,
      events: 5,
      seed: 3,
      compress: "zstd",
      encode: "radware",
      tiers: ["raw", "hit"],
      force: true,
    });
  });

  it("rejects missing or malformed options as usage errors", () => {
    expect(() => parseGenerateArgs(["out", "--channels", "2", "--events", "5"])).toThrow(
      /--cycles is required/,
    );
    expect(() => parseGenerateArgs(["out", "--cycles", "-3", "--channels", "2", "--events", "5"])).toThrow(
      UsageError,
    );
    expect(() => parseGenerateArgs(["--cycles", "1", "--channels", "2", "--events", "5"])).toThrow(
      /exactly one OUTDIR/,
    );
    expect(() =>
      parseGenerateArgs(["out", "--cycles", "1", "--channels", "2", "--events", "5", "--bogus"]),
    ).toThrow(UsageError);
  });

  it("writes a dataset, progress on stderr and the summary on stdout", async () => {
    const { io, out, err } = capture();
    const dir = join(tmp, "ok");
    const code = await main(
      [
        "generate",
        dir,
        "--cycles",
        "2",
        "--channels",
        "2",
        "--events",
        "4",
        "--compress",
        "none",
        "--seed",
        "1",
      ],
      io,
    );
    expect(code).toBe(0);
    expect(out.join("")).toMatch(/^wrote 10 LH5 files \(.+\) in [\d.]+ s\n/);
    expect(out.join("")).toContain(join(dir, "filedb-config.json"));
    expect(err.join("")).toContain("generate: 2/2 cycles (100.0 %)");
    expect(existsSync(join(dir, "generated", "tier", "raw"))).toBe(true);
  });

  it("writes configs that list only the tiers asked for", async () => {
    const { io } = capture();
    const dir = join(tmp, "no-raw");
    const args = [
      "generate",
      dir,
      "--cycles",
      "1",
      "--channels",
      "2",
      "--events",
      "5",
      "--tiers",
      "dsp,hit,tcm,evt",
    ];
    expect(await main(args, io)).toBe(0);
    const filedb = JSON.parse(readFileSync(join(dir, "filedb-config.json"), "utf8")) as {
      tier_dirs: Record<string, string>;
    };
    expect(Object.keys(filedb.tier_dirs)).toEqual(["dsp", "hit", "tcm", "evt"]);
    const loader = JSON.parse(readFileSync(join(dir, "dataloader-config.json"), "utf8")) as {
      levels: { hit: { tiers: string[] } };
    };
    expect(loader.levels.hit.tiers).toEqual(["dsp", "hit"]);
    // the production's dataflow config beside them names no raw tier either
    const dataflow = JSON.parse(readFileSync(join(dir, "config.json"), "utf8")) as {
      setups: { l200: { paths: Record<string, string> } };
    };
    expect(Object.keys(dataflow.setups.l200.paths).filter((k) => k.startsWith("tier_"))).toEqual([
      "tier_dsp",
      "tier_hit",
      "tier_tcm",
      "tier_evt",
    ]);
    expect(existsSync(join(dir, "generated", "tier", "raw"))).toBe(false);
  });

  it("refuses a non-empty OUTDIR without --force, and reports bad values", async () => {
    const dir = join(tmp, "busy");
    const { io, err } = capture();
    await main(["generate", dir, "--cycles", "1", "--channels", "1", "--events", "1", "--tiers", "tcm"], io);
    writeFileSync(join(dir, "notes.txt"), "mine");
    expect(await main(["generate", dir, "--cycles", "1", "--channels", "1", "--events", "1"], io)).toBe(1);
    expect(err.join("")).toMatch(/is not empty/);
    const forced = capture();
    expect(
      await main(
        ["generate", dir, "--cycles", "1", "--channels", "1", "--events", "1", "--tiers", "tcm", "--force"],
        forced.io,
      ),
    ).toBe(0);
    const bad = capture();
    expect(
      await main(
        [
          "generate",
          join(tmp, "bad"),
          "--cycles",
          "1",
          "--channels",
          "1",
          "--events",
          "1",
          "--encode",
          "zip",
        ],
        bad.io,
      ),
    ).toBe(1);
    expect(bad.err.join("")).toMatch(/encode must be one of uleb128, radware, none/);
    const usage = capture();
    expect(await main(["generate", join(tmp, "bad")], usage.io)).toBe(2);
    expect(usage.err.join("")).toContain("Usage: lh5-browser generate");
  });
});
