// Names a user writes (tiers, template fields, query identifiers) that are also Object members: they are
// only names, never `Object.prototype.constructor` or a prototype swap.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadFileDbConfig } from "../../../../../electron/services/flow/filedb/config.ts";
import { FileDB } from "../../../../../electron/services/flow/filedb/index.ts";

const root = mkdtempSync(join(tmpdir(), "filedb-own-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Two cycles whose key fields are named constructor, __proto__ and toString, in tiers raw and valueOf. */
function writeTree(): Record<string, unknown> {
  const format = (tier: string) => `/{constructor}/{__proto__}-{toString}-${tier}.lh5`;
  for (const tier of ["raw", "valueOf"]) {
    for (const [a, b, c] of [
      ["x", "p1", "t1"],
      ["y", "p2", "t2"],
    ] as const) {
      mkdirSync(join(root, tier, a), { recursive: true });
      writeFileSync(join(root, tier, a, `${b}-${c}-${tier}.lh5`), "");
    }
  }
  return {
    data_dir: root,
    tier_dirs: { raw: "/raw", valueOf: "/valueOf" },
    file_format: { raw: format("raw"), valueOf: format("valueOf") },
    table_format: { raw: "ch{ch}/raw", valueOf: "ch{ch}/v" },
    sortby: "toString",
  };
}

describe("FileDB with names that are Object members", () => {
  const config = writeTree();

  it("keeps key columns named constructor, __proto__ and toString and a tier named valueOf", async () => {
    const db = await FileDB.create(config);
    expect(db.keyNames).toEqual(["__proto__", "constructor", "toString"]);
    expect(db.column("__proto__")).toEqual(["p1", "p2"]);
    expect(db.column("constructor")).toEqual(["x", "y"]);
    expect(db.column("valueOf_file")).toEqual(["/x/p1-t1-valueOf.lh5", "/y/p2-t2-valueOf.lh5"]);
    expect(db.query("__proto__ == 'p2' and constructor == 'y'")).toEqual([1]);
    expect(db.toJSON([0]).rows[0]).toMatchObject({ ["__proto__"]: "p1", constructor: "x", toString: "t1" });
  });

  it("refuses a tier whose templates are missing even when its name is an Object member", () => {
    const bad = { ...config, tier_dirs: { raw: "/raw", toString: "/t" } };
    expect(() => loadFileDbConfig(bad)).toThrow(/config key 'file_format\.toString': missing/);
    const noTable = {
      ...config,
      tier_dirs: { raw: "/raw", hasOwnProperty: "/h" },
      file_format: { raw: "/{a}.lh5", hasOwnProperty: "/{a}.lh5" },
    };
    expect(() => loadFileDbConfig(noTable)).toThrow(/'table_format\.hasOwnProperty': missing/);
  });

  it("says a column named like an Object member is unknown instead of finding a method", async () => {
    const db = await FileDB.create(config);
    expect(() => db.column("hasOwnProperty")).toThrow(/FileDB has no column 'hasOwnProperty'/);
    expect(() => db.query("isPrototypeOf == 1")).toThrow(/Unknown column 'isPrototypeOf'/);
  });
});
