import { describe, expect, it } from "vitest";
import { parseCommandLine, UsageError } from "../../../electron/cli/command.ts";

describe("parseCommandLine", () => {
  it("returns typed option values and positionals", () => {
    const { values, positionals } = parseCommandLine(["a.lh5", "--json", "-r", "1:3"], {
      json: { type: "boolean" },
      rows: { type: "string", short: "r" },
    });
    expect(values).toEqual({ json: true, rows: "1:3" });
    expect(positionals).toEqual(["a.lh5"]);
  });

  it("turns an unknown option into a UsageError naming it", () => {
    expect(() => parseCommandLine(["--nope"], { json: { type: "boolean" } })).toThrow(UsageError);
    expect(() => parseCommandLine(["--nope"], { json: { type: "boolean" } })).toThrow(/--nope/);
  });
});
