// View files: the dataset is stored relative to the view's folder (so the view works on a colleague's
// machine with the same layout), and a bad file is refused with a message saying what is wrong.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readViewFile, writeViewFile } from "../../../../electron/services/app/view-file.ts";
import type { SessionState } from "../../../../shared/api/types.ts";

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "lh5-views-"));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const state = (datasetPath: string): SessionState => ({
  dataset: { path: datasetPath, kind: "filedb-config" },
  selection: { rows: [1, 3], focusedRow: 3 },
  query: "run == 'r001'",
  layout: { detailsWidth: 480 },
  sections: { channels: ["ch1084803"], cuts: { hit: "trapEmax > 10", evt: "" } },
});

describe("view files", () => {
  it("stores the dataset relative to the view and resolves it where the view now lies", () => {
    const mine = join(root, "mine");
    mkdirSync(join(mine, "views"), { recursive: true });
    const view = join(mine, "views", "cal.json");
    writeViewFile(view, state(join(mine, "configs", "filedb.json")), false);
    const written = JSON.parse(readFileSync(view, "utf8")) as Record<string, unknown>;
    expect(written).toMatchObject({
      format: "lh5-browser-view",
      version: 1,
      dataset: { kind: "filedb-config", path: "../configs/filedb.json" },
    });
    expect(JSON.stringify(written)).not.toContain(mine);
    // the colleague's copy of the same layout somewhere else
    const theirs = join(root, "theirs");
    cpSync(mine, theirs, { recursive: true });
    const loaded = readViewFile(join(theirs, "views", "cal.json"));
    expect(loaded.dataset).toEqual({ kind: "filedb-config", path: join(theirs, "configs", "filedb.json") });
    expect(loaded.selection).toEqual({ rows: [1, 3], focusedRow: 3 });
    expect(loaded.sections).toEqual(state("").sections);
    expect(loaded.query).toBe("run == 'r001'");
  });

  it("does not replace an existing view unless asked to", () => {
    const view = join(root, "exists.json");
    writeFileSync(view, "{}");
    expect(() => writeViewFile(view, state("/x/filedb.json"), false)).toThrow(
      expect.objectContaining({ code: "file-exists" }),
    );
    writeViewFile(view, state(join(root, "filedb.json")), true);
    expect(readViewFile(view).dataset?.path).toBe(join(root, "filedb.json"));
  });

  const bad = (name: string, content: string) => {
    const path = join(root, name);
    writeFileSync(path, content);
    return () => readViewFile(path);
  };

  it("refuses bad files with a clear message", () => {
    expect(bad("a.json", "{ not json")).toThrow(/not a usable LH5 Browser view: not JSON/);
    expect(bad("b.json", "[1,2]")).toThrow(/not a JSON object/);
    expect(bad("c.json", JSON.stringify({ format: "other" }))).toThrow(/"format" is not "lh5-browser-view"/);
    expect(bad("d.json", JSON.stringify({ format: "lh5-browser-view", version: 99 }))).toThrow(
      /newer LH5 Browser/,
    );
    const good = {
      format: "lh5-browser-view",
      version: 1,
      selection: { rows: [], focusedRow: null },
      query: "",
      layout: {},
    };
    expect(
      bad(
        "e.json",
        JSON.stringify({ ...good, dataset: { kind: "filedb-config", path: "/abs/filedb.json" } }),
      ),
    ).toThrow(/must be relative to the view's folder/);
    expect(
      bad("f.json", JSON.stringify({ ...good, dataset: null, selection: { rows: [-1], focusedRow: null } })),
    ).toThrow(/view\.selection\.rows\[0\]/);
    expect(bad("g.json", JSON.stringify({ ...good, dataset: null }))()).toMatchObject({
      dataset: null,
      query: "",
    });
    expect(bad("h.json", JSON.stringify({ ...good, dataset: null }))).not.toThrow();
    try {
      bad("i.json", "{")();
    } catch (error) {
      expect(error).toMatchObject({ name: "BadViewFile", code: "bad-view-file", file: join(root, "i.json") });
    }
  });
});
