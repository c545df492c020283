// Every expression of flow-spec §4.1 and §5, evaluated on tables built from the stated data, must
// give pandas' answer. The FileDB frame comes from pygama's own output in acceptance/, and the cuts
// run on the real test files (read with h5wasm) against the rows pygama selected.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import h5wasm from "h5wasm/node";
import { beforeAll, describe, expect, it } from "vitest";
import { ACCEPTANCE_DIR, PROD_REF_TIER_DIR } from "../../fixtures/testdata.ts";
import {
  ExpressionError,
  evaluateMask,
  parseExpression,
  referencedColumns,
  tableFromColumns,
  type ColumnValues,
  type QueryTable,
} from "../../../shared/query/index.ts";

interface AcceptanceFile {
  spec: { files: string | string[] };
  file_list: number[];
  filedb: { df: Record<string, unknown[]> };
}

function readAcceptance(name: string): AcceptanceFile {
  return JSON.parse(readFileSync(resolve(ACCEPTANCE_DIR, name), "utf8")) as AcceptanceFile;
}

/** The scalar columns of pygama's FileDB frame as a query table (list columns are skipped). */
function fileDbTable(df: Record<string, unknown[]>): QueryTable {
  const columns: Record<string, ColumnValues> = {};
  let length = 0;
  for (const [name, values] of Object.entries(df)) {
    length = values.length;
    if (values.every((v) => typeof v === "number")) columns[name] = Float64Array.from(values);
    else if (values.every((v) => typeof v === "string")) columns[name] = values;
  }
  return tableFromColumns(length, columns);
}

function selected(text: string, table: QueryTable): number[] {
  const mask = evaluateMask(parseExpression(text), table);
  return [...mask.keys()].filter((i) => mask[i] === 1);
}

describe("file queries on pygama's FileDB frame (§4.1, §5)", () => {
  const q2 = readAcceptance("q2-tcm-any.json");
  const fileDb = fileDbTable(q2.filedb.df);

  it("reproduces the file_list pygama selected for each acceptance query", () => {
    for (const name of ["q1-hit-cut.json", "q2-tcm-any.json", "q3-outputs-df.json", "q4-no-merge.json"]) {
      const query = readAcceptance(name);
      const files = query.spec.files;
      // set_files: "all" selects every row; a key list becomes `timestamp == 'k1' or …` (§2.2).
      const text =
        typeof files === "string"
          ? files.replaceAll(" ", "") === "all"
            ? "True"
            : files
          : files.map((key) => `timestamp == '${key}'`).join(" or ");
      expect(selected(text, fileDbTable(query.filedb.df)), name).toEqual(query.file_list);
    }
  });

  it.each([
    ["type == 'phy'", [2, 3]],
    ["type == 'cal'", [0, 1]],
    ["timestamp == '20230318T012144Z'", [0]],
    ["timestamp == '20230318T012144Z' or timestamp == '20230318T012228Z'", [0, 1]],
    ["file_status == 26 and timestamp == '20220716T130443Z'", []],
    ["file_status == 30 and timestamp == '20230322T160139Z'", [2]],
    ["period == 'p03' and type == 'cal' and run == 'r001' and timestamp == '20230318T012228Z'", [1]],
    ["timestamp > '20230318T000000Z'", [0, 1, 2, 3]],
    ["timestamp > '20230320T000000Z'", [2, 3]],
    ["run in ['r001', 'r002']", [0, 1, 2, 3]],
    ["type != ['cal']", [2, 3]],
    ["raw_size > 1000000 & type == 'phy'", [2, 3]],
    ["evt_size == 0", [0, 1, 2, 3]],
    ["timestamp.str.startswith('20230322')", [2, 3]],
  ])("%s", (text, expected) => {
    expect(selected(text, fileDb)).toEqual(expected);
  });
});

describe("downstream file queries of §4.1", () => {
  const runs = tableFromColumns(3, {
    period: ["p03", "p03", "p04"],
    datatype: ["cal", "phy", "cal"],
    run: ["r001", "r001", "r001"],
    timestamp: ["20230318T012144Z", "20230318T012144Z", "20230318T012144Z"],
    cycle: new Int32Array([12, 13, 12]),
  });

  it.each([
    ["period == 'p03' and datatype == 'cal' and run == 'r001' and timestamp == '20230318T012144Z'", [0]],
    ["cycle == 12", [0, 2]],
  ])("%s", (text, expected) => {
    expect(selected(text, runs)).toEqual(expected);
  });
});

describe("what pandas rejects is rejected with a clear error (§4.2)", () => {
  it.each([
    ["sum(cycle) > 1", "Unknown function 'sum'"],
    ["max(cycle) > 1", "Unknown function 'max'"],
    ["cycle = 12", "use '=='"],
    ["cycle is 12", "'is' is not supported"],
    ["cycle == @limit", "local variables are not supported"],
    ["lambda x: x", "unexpected character ':'"],
    ["lambda", "'lambda' is not supported"],
    ["[x for x in y]", "List items must be"],
    ["x for y", "'for' is not supported"],
    ["cycle in {1: 2}", "unexpected character '{'"],
    ["sqrt(x=1) > 0", "use '=='"],
  ])("%s", (text, message) => {
    expect(() => parseExpression(text)).toThrow(ExpressionError);
    expect(() => parseExpression(text)).toThrow(message);
  });
});

describe("cut expressions of §4.1 on small tables", () => {
  const hits = tableFromColumns(5, {
    daqenergy: new Uint16Array([10221, 500, 1200, 0, 10221]),
    AoE: new Float32Array([4, 2, 3.5, NaN, 2.9]),
    trapEmax: new Float32Array([6000, 0, 5000.5, -1, 5000]),
    trapEftp_cal: new Float64Array([1001, 999, 1000, NaN, 2000]),
    wf_max: new Int32Array([30001, 30000, 12, 40000, 0]),
    muon_veto: { values: new Uint8Array([0, 1, 0, 0, 1]), isBool: true },
    is_valid_cal: { values: new Uint8Array([1, 0, 1, 1, 0]), isBool: true },
    energy: new Float64Array([100, 200, 300, 400, 500]),
    hit_table: new Int32Array([1084803, 1084804, 20, 1084803, 20]),
    evt_idx: new Int32Array([5, 5, 6, 7, 5]),
    hit_idx: new Int32Array([0, 1, 2, 3, 4]),
  });

  it.each([
    ["daqenergy == 10221", [0, 4]],
    ["is_valid_cal == False", [1, 4]],
    ["trapEmax > 5000", [0, 2]],
    ["trapEmax > 0", [0, 2, 4]],
    ["daqenergy > 1000 and AoE > 3", [0, 2]],
    ["muon_veto == False", [0, 2, 3]],
    ["wf_max > 30000", [0, 3]],
    ["trapEftp_cal > 1000", [0, 4]],
    ["daqenergy > 0 and daqenergy < 1000", [1]],
    ["energy > 150 and energy < 450", [1, 2, 3]],
    ["hit_table == 20", [2, 4]],
    ["hit_table == 1084803", [0, 3]],
    ["hit_table in [1084803, 1084804]", [0, 1, 3]],
    ["evt_idx in [5]", [0, 1, 4]],
    ["hit_idx in [0, 1, 3]", [0, 1, 3]],
  ])("%s", (text, expected) => {
    expect(selected(text, hits)).toEqual(expected);
  });

  it("extracts columns from the tree, not by regex (§6.10)", () => {
    expect(
      referencedColumns(parseExpression("energy > 1e3 and type == 'trapEmax' and abs(AoE) < 3")),
    ).toEqual(["energy", "type", "AoE"]);
  });
});

describe("cuts on the real test files give pygama's entries (§5.4)", () => {
  const CAL = ["20230318T012144Z", "20230318T012228Z"];
  const PHY = ["20230322T160139Z", "20230322T170202Z"];
  beforeAll(async () => {
    await h5wasm.ready;
  });

  function tierFile(tier: string, type: string, timestamp: string): string {
    return resolve(
      PROD_REF_TIER_DIR,
      tier,
      type,
      "p03/r001",
      `l200-p03-r001-${type}-${timestamp}-tier_${tier}.lh5`,
    );
  }

  function readColumn(path: string, dataset: string): ColumnValues {
    const file = new h5wasm.File(path, "r");
    try {
      const node = file.get(dataset);
      if (!(node instanceof h5wasm.Dataset)) throw new Error(`${dataset} is not a dataset in ${path}`);
      const value = node.value;
      if (!ArrayBuffer.isView(value) || value instanceof BigInt64Array || value instanceof BigUint64Array) {
        throw new Error(`${dataset} in ${path} is not a numeric column`);
      }
      return value as ColumnValues;
    } finally {
      file.close();
    }
  }

  function passingRows(
    cut: string,
    tier: string,
    type: string,
    timestamp: string,
    channel: number,
    isBool = false,
  ): number[] {
    const expr = parseExpression(cut);
    const columns: Record<string, { values: ColumnValues; isBool: boolean }> = {};
    let length = 0;
    for (const name of referencedColumns(expr)) {
      const values = readColumn(tierFile(tier, type, timestamp), `ch${channel}/${tier}/${name}`);
      columns[name] = { values, isBool };
      length = values.length;
    }
    return selected(cut, tableFromColumns(length, columns));
  }

  it("test_set_cuts: is_valid_cal == False in ch1084803 keeps (file 0, row 3) and (file 1, row 7)", () => {
    expect(CAL.map((ts) => passingRows("is_valid_cal == False", "hit", "cal", ts, 1084803, true))).toEqual([
      [3],
      [7],
    ]);
    // the bare and inverted spellings agree (§4.2)
    expect(CAL.map((ts) => passingRows("~is_valid_cal", "hit", "cal", ts, 1084803, true))).toEqual([
      [3],
      [7],
    ]);
    expect(CAL.map((ts) => passingRows("not is_valid_cal", "hit", "cal", ts, 1084803, true))).toEqual([
      [3],
      [7],
    ]);
  });

  it("test_setter_overwrite: trapEmax > 5000 gives pygama's 14 entries per (file, table)", () => {
    const counts: string[] = [];
    [...CAL.map((ts) => ["cal", ts]), ...PHY.map((ts) => ["phy", ts])].forEach(([type, ts], file) => {
      for (const channel of [1084803, 1084804, 1121600]) {
        const n = passingRows("trapEmax > 5000", "dsp", type!, ts!, channel).length;
        if (n > 0) counts.push(`(${file},${channel}) ${n}`);
      }
    });
    expect(counts).toEqual([
      "(0,1084804) 2",
      "(1,1084804) 2",
      "(2,1084803) 1",
      "(2,1084804) 1",
      "(2,1121600) 1",
      "(3,1084803) 2",
      "(3,1084804) 3",
      "(3,1121600) 2",
    ]);
    // second pass: trapEmax > 0 keeps all 10 rows of each table of the first cal file
    expect(passingRows("trapEmax > 0", "dsp", "cal", CAL[0]!, 1084803)).toHaveLength(10);
    expect(passingRows("trapEmax > 0", "dsp", "cal", CAL[0]!, 1121600)).toHaveLength(10);
  });

  it("test_any_mode: daqenergy == 10221 passes only row 5 of ch1084803 in the first phy file", () => {
    const hits: string[] = [];
    PHY.forEach((ts, k) => {
      for (const channel of [1057600, 1059201, 1062405, 1084803, 1084804, 1121600]) {
        for (const row of passingRows("daqenergy == 10221", "raw", "phy", ts, channel))
          hits.push(`${k + 2}:${channel}:${row}`);
      }
    });
    expect(hits).toEqual(["2:1084803:5"]);
  });
});
