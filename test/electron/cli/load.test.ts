// `lh5-browser load` and `entries` on the real test data: JSON columns equal pygama's outputs, -o writes a file.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parquetReadObjects } from "hyparquet";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../../../electron/cli/main.ts";
import { parseLoadArgs } from "../../../electron/cli/commands/load.ts";
import { DATALOADER_CONFIG, FILEDB_CONFIG } from "../../fixtures/testdata.ts";
import { pygamaOutput, pygamaValues } from "../services/flow/loader/acceptance-helpers.ts";

const tmp = mkdtempSync(join(tmpdir(), "cli-load-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await main(args, { stdout: (t) => (out += t), stderr: (t) => (err += t) });
  return { code, out, err };
}

// A DataLoader config whose filedb entry is pygama's test FileDB (the two p03/r001 folders only).
const config = join(tmp, "dl.json");
writeFileSync(
  config,
  JSON.stringify({
    ...(JSON.parse(readFileSync(DATALOADER_CONFIG, "utf8")) as object),
    filedb: FILEDB_CONFIG,
  }),
);
const phyOnly = "type == 'phy'";

describe("lh5-browser load / entries", () => {
  it("load --json prints equal-length columns equal to pygama's q2", async () => {
    const q2 = pygamaOutput("q2-tcm-any");
    const { code, out, err } = await run([
      "load",
      config,
      "--files",
      phyOnly,
      "--cut",
      "hit:daqenergy == 10221",
      "--columns",
      "daqenergy,channel",
      "--tcm-level",
      "tcm",
      "--mode",
      "any",
      "--json",
    ]);
    expect(err).toBe("");
    expect(code).toBe(0);
    const columns = JSON.parse(out) as Record<string, unknown[]>;
    const expected = (q2.data as { fields: Record<string, { data: unknown[] }> }).fields;
    expect(Object.keys(columns).sort()).toEqual(Object.keys(expected).sort());
    for (const [name, field] of Object.entries(expected)) {
      if (name !== "file") expect(columns[name], name).toEqual(pygamaValues(field));
    }
    // Our full scan also finds the dsp-only cycle 20230311T235840Z (row 0), so pygama's row 2 is our row 3.
    expect(columns.file).toEqual([3, 3, 3, 3, 3, 3]);
  });

  it("entries --json prints the entry list; a FileDB config alone works with the standard levels", async () => {
    const { code, out } = await run([
      "entries",
      config,
      "--files",
      phyOnly,
      "--channels",
      "ch1057600,1059201",
      "--json",
    ]);
    expect(code).toBe(0);
    const columns = JSON.parse(out) as Record<string, number[]>;
    expect(Object.keys(columns)).toEqual(["hit_table", "hit_idx", "file"]);
    expect(columns.hit_table).toHaveLength(40);
    const alone = await run([
      "entries",
      FILEDB_CONFIG,
      "--files",
      "type == 'cal'",
      "--tcm-level",
      "tcm",
      "--json",
    ]);
    expect(alone.code).toBe(0);
    expect(Object.keys(JSON.parse(alone.out) as object)).toEqual(["evt_idx", "hit_table", "hit_idx", "file"]);
  });

  it("load -o writes the format of the extension and prints one summary line; refuses to overwrite", async () => {
    const out = join(tmp, "q1.csv");
    const args = [
      "load",
      config,
      "--channels",
      "1084803,1084804,1121600",
      "--cut",
      "hit:trapEmax > 5000",
      "--columns",
      "trapEmax,timestamp",
      "-o",
      out,
    ];
    const first = await run(args);
    expect(first.code).toBe(0);
    expect(first.out).toBe(
      `wrote 14 rows × 6 columns (hit_table, hit_idx, trapEmax, file, timestamp, cycle) to ${out}\n`,
    );
    const lines = readFileSync(out, "utf8").trimEnd().split("\n");
    expect(lines).toHaveLength(15);
    // provenance: each row's cycle key, one per FileDB row (file), as the app's exports write it
    const header = lines[0]!.split(",");
    expect(header).toEqual(["hit_table", "hit_idx", "trapEmax", "file", "timestamp", "cycle"]);
    const cycleOfFile = new Map<string, string>();
    for (const line of lines.slice(1)) {
      const cells = line.split(",");
      const [file, cycle] = [cells[3]!, cells[5]!];
      expect(cycle).toMatch(/^l200-p03-r001-(cal|phy)-\d{8}T\d{6}Z$/);
      expect(cycleOfFile.get(file) ?? cycle).toBe(cycle);
      cycleOfFile.set(file, cycle);
    }
    expect(new Set(cycleOfFile.values()).size).toBe(cycleOfFile.size);
    expect(cycleOfFile.size).toBeGreaterThan(1);
    const again = await run(args);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/exists \(pass overwrite/);
    expect((await run([...args, "--overwrite"])).code).toBe(0);
  });

  it("load -o x.parquet writes Parquet with the rows of the CSV export", async () => {
    const select = ["--channels", "1084803,1084804,1121600", "--cut", "hit:trapEmax > 5000"];
    const args = ["load", config, ...select, "--columns", "trapEmax,timestamp", "-o"];
    const out = join(tmp, "q1.parquet");
    const written = await run([...args, out]);
    expect(written.code).toBe(0);
    expect(written.out).toBe(
      `wrote 14 rows × 6 columns (hit_table, hit_idx, trapEmax, file, timestamp, cycle) to ${out}\n`,
    );
    const file = readFileSync(out);
    const rows = await parquetReadObjects({
      file: file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength),
    });
    const csvPath = join(tmp, "q1-again.csv");
    expect((await run([...args, csvPath])).code).toBe(0);
    const csvRows = readFileSync(csvPath, "utf8").trimEnd().split("\n").slice(1);
    // same rows and values: float32 trapEmax printed by the CSV writer as the shortest float32 string
    const columns = (r: Record<string, unknown>): unknown[] => [
      r.hit_table,
      r.hit_idx,
      Math.fround(r.trapEmax as number),
      r.timestamp,
    ];
    expect(rows.map(columns)).toEqual(
      csvRows.map((line) => {
        const [table, idx, trap, , time] = line.split(","); // then the cycle key
        return [BigInt(table!), BigInt(idx!), Math.fround(Number(trap)), Number(time)];
      }),
    );
    expect((await run([...args, out])).err).toMatch(/exists \(pass overwrite/);
  });

  it("errors: syntax error with position, unknown column, usage", async () => {
    const syntax = await run(["load", config, "--cut", "hit:trapEmax >", "--columns", "trapEmax"]);
    expect(syntax.code).toBe(1);
    expect(syntax.err).toMatch(/ExpressionError: hit cut 'trapEmax >'/);
    const unknown = await run(["load", config, "--columns", "trapEmx", "--files", phyOnly]);
    expect(unknown.err).toMatch(/Unknown column 'trapEmx'; did you mean 'trapEmax'/);
    expect((await run(["load", config])).code).toBe(2);
    expect((await run(["load", config, "--columns", "x", "--mode", "some"])).err).toMatch(
      /--mode must be any or only/,
    );
    expect(existsSync(join(tmp, "never.lh5"))).toBe(false);
  });

  it("refuses columns, channels and cut names that are Object members (exit 1, the name in the error)", async () => {
    for (const name of ["constructor", "toString", "__proto__"]) {
      const column = await run([
        "load",
        config,
        "--files",
        phyOnly,
        "--columns",
        `daqenergy,${name}`,
        "--json",
      ]);
      expect(column.code, name).toBe(1);
      expect(column.out).toBe("");
      expect(column.err).toMatch(new RegExp(`Unknown column '${name}'`));
      const evt = ["--tcm-level", "tcm", "--orientation", "evt"];
      const perEvent = await run(["load", config, "--files", phyOnly, ...evt, "--columns", name, "--json"]);
      expect(perEvent.code, `${name} (evt)`).toBe(1);
      const channel = await run([
        "load",
        config,
        "--files",
        phyOnly,
        "--channels",
        name,
        "--columns",
        "daqenergy",
      ]);
      expect(channel.code, `channel ${name}`).toBe(1);
      expect(channel.err).toMatch(new RegExp(`'${name}' is not a table id`));
      const cut = await run([
        "load",
        config,
        "--files",
        phyOnly,
        "--cut",
        `hit:${name} > 0`,
        "--columns",
        "daqenergy",
      ]);
      expect(cut.code, `cut ${name}`).toBe(1);
      expect(cut.err).toMatch(new RegExp(`Unknown column '${name}'`));
    }
  });

  it("parses timestamps lists, repeated cuts and channel words", () => {
    const s = parseLoadArgs([
      "c.json",
      "--files",
      "20230318T012144Z,20230318T012228Z",
      "--cut",
      "hit:a > 1",
      "--cut",
      "hit:b < 2",
      "--channels",
      "1084803,ch1084804",
    ]);
    expect(s.files).toEqual(["20230318T012144Z", "20230318T012228Z"]);
    expect(s.cuts).toEqual(["hit:a > 1", "hit:b < 2"]);
    expect(s.channels).toEqual([1084803, "ch1084804"]);
  });
});
