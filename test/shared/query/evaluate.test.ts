import { describe, expect, it } from "vitest";
import {
  ExpressionError,
  ExpressionTypeError,
  UnknownColumnError,
  evaluateMask,
  evaluateNumeric,
  parseExpression,
  tableFromColumns,
  type Expr,
  type QueryColumn,
  type QueryTable,
} from "../../../shared/query/index.ts";

const table = tableFromColumns(6, {
  e: new Float64Array([0, 500, 1500, 2500, NaN, -3]),
  f32: new Float32Array([0.1, 0.2, 1e-8, 16777217, NaN, -0.5]),
  i32: new Int32Array([-2147483648, 0, 7, 10221, 2147483647, -7]),
  u32: new Uint32Array([4294967295, 1084803, 1084804, 1121600, 0, 3]),
  i8: new Int8Array([-128, 127, 0, 1, -1, 5]),
  u8: new Uint8Array([255, 0, 1, 2, 3, 4]),
  i16: new Int16Array([-32768, 32767, 0, 1, 2, 3]),
  u16: new Uint16Array([65535, 0, 1, 2, 3, 4]),
  ok: { values: new Uint8Array([1, 0, 1, 0, 1, 0]), isBool: true },
  ts: [
    "20230318T012144Z",
    "20230318T012228Z",
    "20230322T160139Z",
    "20230322T170202Z",
    null,
    "20220716T130443Z",
  ],
  run: ["r001", "r002", "r001", "r003", null, "r010"],
});

function rows(text: string, source: QueryTable = table): number[] {
  const mask = evaluateMask(parseExpression(text), source);
  expect(mask).toBeInstanceOf(Uint8Array);
  expect(mask.length).toBe(source.length);
  return [...mask.keys()].filter((i) => mask[i] === 1);
}

function numbers(text: string, source: QueryTable = table): number[] {
  return [...evaluateNumeric(parseExpression(text), source)];
}

function thrown(run: () => unknown): ExpressionError {
  try {
    run();
  } catch (error) {
    if (error instanceof ExpressionError) return error;
    throw error;
  }
  throw new Error("no error thrown");
}

describe("comparisons", () => {
  it.each([
    ["e == 500", [1]],
    ["e != 500", [0, 2, 3, 4, 5]],
    ["e < 500", [0, 5]],
    ["e <= 500", [0, 1, 5]],
    ["e > 500", [2, 3]],
    ["e >= 500", [1, 2, 3]],
    ["500 < e", [2, 3]],
    ["500 >= e", [0, 1, 5]],
    ["1000 < e < 2000", [2]],
    ["0 <= e < 2000 != e", [0, 1, 2]],
    ["e < e + 1", [0, 1, 2, 3, 5]],
    ["1 < 2", [0, 1, 2, 3, 4, 5]],
    ["2 < 1", []],
  ])("%s", (text, expected) => {
    expect(rows(text)).toEqual(expected);
  });

  it("treats NaN as numpy does: only != is true", () => {
    expect(rows("e != e")).toEqual([4]);
    expect(rows("e == e")).toEqual([0, 1, 2, 3, 5]);
    expect(rows("e > -1e300 or e <= -1e300")).toEqual([0, 1, 2, 3, 5]);
    expect(rows("not (e > 0)")).toContain(4);
  });

  it("compares integer columns exactly at their extremes", () => {
    expect(rows("i32 == -2147483648")).toEqual([0]);
    expect(rows("i32 == 2147483647")).toEqual([4]);
    expect(rows("u32 == 4294967295")).toEqual([0]);
    expect(rows("u32 == 4294967294")).toEqual([]);
    expect(rows("i32 == 10221")).toEqual([3]);
    expect(rows("u32 in [1084803, 1084804]")).toEqual([1, 2]);
    expect(rows("i8 == -128 or u8 == 255 or i16 == 32767 or u16 == 65535")).toEqual([0, 1]);
  });

  it("rounds constants to float32 next to a float32 column, as pandas does", () => {
    // pandas casts the scalar to float32, so a float32 column holding 0.1f equals 0.1.
    expect(rows("f32 == 0.1")).toEqual([0]);
    expect(rows("0.2 == f32")).toEqual([1]);
    expect(rows("f32 in [0.2, -0.5]")).toEqual([1, 5]);
    expect(rows("f32 == 16777217")).toEqual([3]);
    // ... but a float64 column keeps its exact value.
    expect(rows("e + 0.1 == 0.1")).toEqual([0]);
  });

  it("compares text lexicographically, with missing strings false except for !=", () => {
    expect(rows("ts > '20230318T000000Z'")).toEqual([0, 1, 2, 3]);
    expect(rows("'20230320T000000Z' <= ts")).toEqual([2, 3]);
    expect(rows("ts == '20230318T012144Z' or ts == '20230318T012228Z'")).toEqual([0, 1]);
    expect(rows("run != 'r001'")).toEqual([1, 3, 4, 5]);
    expect(rows("run < 'r002'")).toEqual([0, 2]);
    expect(rows("run == run")).toEqual([0, 1, 2, 3, 5]);
    expect(rows("'a' < 'b'")).toEqual([0, 1, 2, 3, 4, 5]);
  });
});

describe("membership", () => {
  it.each([
    ["run in ['r001', 'r003']", [0, 2, 3]],
    ["run not in ['r001', 'r003']", [1, 4, 5]],
    ["run == ['r001', 'r003']", [0, 2, 3]],
    ["run != ['r001', 'r003']", [1, 4, 5]],
    ["['r002'] == run", [1]],
    ["run in ('r010',)", [5]],
    ["run in []", []],
    ["i32 in [7, -7, 8]", [2, 5]],
    ["i32 == [0]", [1]],
    ["e in [500, 1500] and run == 'r001'", [2]],
    ["ok in [True]", [0, 2, 4]],
    ["e in [-3]", [5]],
  ])("%s", (text, expected) => {
    expect(rows(text)).toEqual(expected);
  });

  it("never finds NaN or a missing string", () => {
    expect(rows("e not in [1, 2]")).toContain(4);
    expect(rows("run in ['None', 'null', '']")).toEqual([]);
  });
});

describe("or-chains of equality (generated key lists)", () => {
  it.each([
    "ts == '20230318T012144Z' or ts == '20230322T170202Z' or ts == 'none'",
    "'r001' == run or run == 'r010' or run == 'r001'",
    "i32 == 7 or i32 == -7 or 10221 == i32",
    "f32 == 0.1 or f32 == 0.2 or f32 == 0.3",
    "e == 500 or e == 1500 or e == 2500",
    "ok == 1 or ok == 0 or ok == 1",
    "index == 0 or index == 5 or index == 9",
    // not key lists: mixed columns, other operators, and
    "run == 'r001' or ts == '20230322T170202Z' or run == 'r003'",
    "e == 500 or e > 2000 or e == -3",
    "run == 'r001' or run == 'r002' and e > 0 or run == 'r010'",
  ])("%s gives what the terms give one by one", (text) => {
    const terms = text.split(" or ").map((term) => `(${term} and True)`);
    expect(rows(text)).toEqual(rows(terms.join(" or ")));
  });

  it("reports a wrong-typed key at the key", () => {
    const error = thrown(() => rows("run == 'r001' or run == 2 or run == 'r003'"));
    expect(error).toBeInstanceOf(ExpressionTypeError);
    expect([error.position, error.end]).toEqual([24, 25]);
  });
});

describe("booleans", () => {
  it.each([
    ["ok", [0, 2, 4]],
    ["~ok", [1, 3, 5]],
    ["not ok", [1, 3, 5]],
    ["ok == True", [0, 2, 4]],
    ["ok == False", [1, 3, 5]],
    ["ok == 0", [1, 3, 5]],
    ["~ok == True", [1, 3, 5]],
    ["ok and e > 0", [2]],
    ["ok & e > 0", [2]],
    ["ok | e > 2000", [0, 2, 3, 4]],
    ["e > 1000 & e < 2000 | run == 'r010'", [2, 5]],
    ["not ok and not e > 0", [5]],
    ["~(e > 0)", [0, 4, 5]],
    ["True", [0, 1, 2, 3, 4, 5]],
    ["False or ok", [0, 2, 4]],
    ["True and ok", [0, 2, 4]],
    ["ok or True", [0, 1, 2, 3, 4, 5]],
    ["ok and False", []],
    ["ok + 1 == 2", [0, 2, 4]],
  ])("%s", (text, expected) => {
    expect(rows(text)).toEqual(expected);
  });

  it("returns a mask the caller may modify without touching the column", () => {
    const column = table.column("ok")!.values as Uint8Array;
    const before = [...column];
    for (const text of ["ok", "ok and True", "(ok)", "ok or False"]) {
      const mask = evaluateMask(parseExpression(text), table);
      expect(mask).not.toBe(column);
      mask.fill(7);
      expect([...column]).toEqual(before);
    }
  });

  it("treats any non-zero byte of a bool column as true", () => {
    const odd = tableFromColumns(3, { b: { values: new Uint8Array([2, 0, 255]), isBool: true } });
    expect(rows("b", odd)).toEqual([0, 2]);
    expect(rows("~b", odd)).toEqual([1]);
    expect(rows("b and b", odd)).toEqual([0, 2]);
    const fromInts = tableFromColumns(3, { b: { values: new Int32Array([5, 0, -1]), isBool: true } });
    expect(rows("b", fromInts)).toEqual([0, 2]);
  });
});

describe("arithmetic", () => {
  const t = tableFromColumns(5, {
    x: new Float64Array([-7, 7, 1, 0, NaN]),
    y: new Int32Array([2, -3, 0, 0, 1]),
  });

  it.each([
    ["x + y", [-5, 4, 1, 0, NaN]],
    ["x - y", [-9, 10, 1, 0, NaN]],
    ["x * y", [-14, -21, 0, 0, NaN]],
    ["x / y", [-3.5, 7 / -3, Infinity, NaN, NaN]],
    ["x // y", [-4, -3, Infinity, NaN, NaN]],
    // numpy's remainder takes the divisor's sign.
    ["x % y", [1, -2, NaN, NaN, NaN]],
    ["x ** 2", [49, 49, 1, 0, NaN]],
    ["1 ** x", [1, 1, 1, 1, 1]],
    ["x ** 0.5", [NaN, Math.sqrt(7), 1, 0, NaN]],
    ["x ** 3", [-343, 343, 1, 0, NaN]],
    ["y ** 2", [4, 9, 0, 0, 1]],
    ["x ** y", [49, 1 / 343, 1, 1, NaN]],
    ["-x", [7, -7, -1, -0, NaN]],
    ["+x", [-7, 7, 1, 0, NaN]],
    ["-2 ** 2 + x * 0", [-4, -4, -4, -4, NaN]],
    ["2 ** -1 + y * 0", [0.5, 0.5, 0.5, 0.5, 0.5]],
    ["10 - x - 1", [16, 2, 8, 9, NaN]],
    ["2 * 3 + y", [8, 3, 6, 6, 7]],
    ["y / 2", [1, -1.5, 0, 0, 0.5]],
    ["y % 2", [0, 1, 0, 0, 1]],
    ["5 % y", [1, -1, NaN, NaN, 0]],
  ])("%s", (text, expected) => {
    expect(numbers(text, t)).toEqual(expected);
  });

  it("computes float32 columns in float32", () => {
    const t32 = tableFromColumns(1, { a: new Float32Array([0.1]) });
    expect(numbers("a * 3", t32)).toEqual([Math.fround(Math.fround(0.1) * Math.fround(3))]);
    expect(numbers("a + a", t32)).toEqual([Math.fround(0.1) * 2]);
    // mixing with a float64 column gives float64, as numpy does
    const mixed = tableFromColumns(1, { a: new Float32Array([0.1]), b: new Float64Array([0.1]) });
    expect(numbers("a + b", mixed)).toEqual([Math.fround(0.1) + 0.1]);
  });

  it("broadcasts a constant result to every row", () => {
    expect(numbers("1 + 2 * 3", t)).toEqual([7, 7, 7, 7, 7]);
    expect(numbers("True", t)).toEqual([1, 1, 1, 1, 1]);
  });

  it("returns a fresh array, never the column's own memory", () => {
    const values = t.column("x")!.values as Float64Array;
    const result = evaluateNumeric(parseExpression("x"), t);
    expect(result).not.toBe(values);
    expect([...result]).toEqual([...values]);
    expect(evaluateNumeric(parseExpression("ok"), table)).toEqual(new Float64Array([1, 0, 1, 0, 1, 0]));
  });
});

describe("functions and methods", () => {
  const t = tableFromColumns(4, {
    x: new Float64Array([0.25, -1, 4, NaN]),
    y: new Float64Array([1, 1, -1, 2]),
    s: ["p03", "p10", null, "xp0"],
  });
  const unary: Record<string, (v: number) => number> = {
    sin: Math.sin,
    cos: Math.cos,
    tan: Math.tan,
    exp: Math.exp,
    log: Math.log,
    expm1: Math.expm1,
    log1p: Math.log1p,
    log10: Math.log10,
    sqrt: Math.sqrt,
    sinh: Math.sinh,
    cosh: Math.cosh,
    tanh: Math.tanh,
    arcsin: Math.asin,
    arccos: Math.acos,
    arctan: Math.atan,
    arcsinh: Math.asinh,
    arccosh: Math.acosh,
    arctanh: Math.atanh,
    abs: Math.abs,
    floor: Math.floor,
    ceil: Math.ceil,
  };

  it.each(Object.entries(unary))("%s applies elementwise", (name, f) => {
    expect(numbers(`${name}(x)`, t)).toEqual([0.25, -1, 4, NaN].map(f));
    expect(numbers(`${name}(2)`, t)).toEqual([f(2), f(2), f(2), f(2)]);
  });

  it("arctan2, isnan and where", () => {
    expect(numbers("arctan2(x, y)", t)).toEqual(
      [0.25, -1, 4, NaN].map((v, i) => Math.atan2(v, [1, 1, -1, 2][i]!)),
    );
    expect(rows("isnan(x)", t)).toEqual([3]);
    expect(rows("~isnan(x)", t)).toEqual([0, 1, 2]);
    expect(numbers("where(x > 0, x, 0)", t)).toEqual([0.25, 0, 4, 0]);
    expect(numbers("where(True, y, x)", t)).toEqual([1, 1, -1, 2]);
    expect(rows("where(y > 0, x > 0, isnan(x))", t)).toEqual([0]);
    expect(rows("where(y < 0, x > 0, isnan(x))", t)).toEqual([2, 3]);
    expect(rows("abs(x - 1) <= 0.75", t)).toEqual([0]);
  });

  it("between is inclusive at both ends", () => {
    expect(rows("x.between(-1, 0.25)", t)).toEqual([0, 1]);
    expect(rows("(x * 4).between(1, 16)", t)).toEqual([0, 2]);
    expect(rows("s.between('p03', 'p10')", t)).toEqual([0, 1]);
  });

  it("str.startswith, endswith and contains skip missing strings", () => {
    expect(rows("s.str.startswith('p')", t)).toEqual([0, 1]);
    expect(rows("s.str.endswith('0')", t)).toEqual([1, 3]);
    expect(rows("s.str.contains('p0')", t)).toEqual([0, 3]);
    expect(rows("not s.str.contains('p0')", t)).toEqual([1, 2]);
  });

  it("index is the row number unless a column has that name", () => {
    expect(rows("index >= 2", t)).toEqual([2, 3]);
    const withIndex = tableFromColumns(2, { index: new Int32Array([10, 20]) });
    expect(rows("index > 15", withIndex)).toEqual([1]);
    expect(thrown(() => rows("`index` > 1", t))).toBeInstanceOf(UnknownColumnError);
  });
});

describe("errors name the offending token", () => {
  it("an unknown column lists near matches and the columns there are", () => {
    const cuts = tableFromColumns(1, {
      trapEmax: new Float64Array(1),
      trapEftp: new Float64Array(1),
      AoE: new Float64Array(1),
    });
    const error = thrown(() => evaluateMask(parseExpression("trapEmx > 1000"), cuts));
    expect(error).toBeInstanceOf(UnknownColumnError);
    expect(error.message).toBe(
      "Unknown column 'trapEmx' at 0–7; did you mean 'trapEmax'? Columns: trapEmax, trapEftp, AoE",
    );
    expect([error.position, error.end]).toEqual([0, 7]);
    const unknown = error as UnknownColumnError;
    expect(unknown.column).toBe("trapEmx");
    expect(unknown.suggestions).toEqual(["trapEmax"]);
    expect(unknown.available).toEqual(["trapEmax", "trapEftp", "AoE"]);
    const later = thrown(() => evaluateMask(parseExpression("AoE > 0 and `aoe ` < 3"), cuts));
    expect([later.position, later.end]).toEqual([12, 18]);
    expect(later.message).toContain("did you mean 'AoE'");
  });

  it.each([
    ["run > 3", 6, 7, "Cannot compare text (column 'run') with numbers (the number 3) — quote it: '3'"],
    ["3 == run", 0, 1, "Cannot compare text"],
    ["e == 'x'", 0, 1, "Cannot compare text ('x') with numbers (column 'e')"],
    [
      "e and ok",
      0,
      1,
      "'and' needs true/false values, but column 'e' gives numbers (compare it, e.g. e > 0)",
    ],
    ["ok or run", 6, 9, "gives text"],
    ["~e", 1, 2, "'~' needs true/false values"],
    ["not e + 1", 4, 9, "needs true/false values, but 'e + 1' gives numbers"],
    ["e + 1", 0, 5, "gives numbers, not true/false"],
    ["run", 0, 3, "gives text, not true/false"],
    ["run + 'x' == 'y'", 0, 3, "'+' needs numbers, but column 'run' is text"],
    ["sqrt(run) > 1", 5, 8, "sqrt() needs numbers"],
    ["run in [1, 2]", 8, 9, "column 'run' is text, but the list holds the number 1"],
    ["e in [1, 'a']", 9, 12, "holds text 'a'"],
    ["e.str.startswith('a')", 0, 1, "needs a text column"],
    ["run.str.startswith(1)", 19, 20, "needs a quoted text argument"],
    ["run.str.contains('r0.*')", 17, 23, "regular-expression"],
    ["where(e, 1, 2) > 0", 6, 7, "where()'s condition needs true/false"],
  ])("%s", (text, position, end, message) => {
    const error = thrown(() => evaluateMask(parseExpression(text), table));
    expect(error).toBeInstanceOf(ExpressionTypeError);
    expect(error.message).toContain(message);
    expect([error.position, error.end]).toEqual([position, end]);
  });

  it("evaluateNumeric rejects text and reports the span", () => {
    const error = thrown(() => evaluateNumeric(parseExpression("(run)"), table));
    expect(error).toBeInstanceOf(ExpressionTypeError);
    expect([error.position, error.end]).toEqual([0, 5]);
  });
});

describe("tables", () => {
  it("tableFromColumns rejects a column of the wrong length, naming it", () => {
    expect(() => tableFromColumns(3, { a: new Float64Array(3), b: ["x"] })).toThrow(
      "Column 'b' has 1 values, but the table has 3 rows",
    );
  });

  it("asks the table for each column once per evaluation", () => {
    const asked: string[] = [];
    const source: QueryTable = {
      length: 3,
      column(name: string): QueryColumn | undefined {
        asked.push(name);
        return name === "a" ? { values: new Int16Array([1, 5, 9]) } : undefined;
      },
      columnNames: () => ["a"],
    };
    expect(rows("a > 2 and a < 8 or a == 1 or sqrt(a) == 3", source)).toEqual([0, 1, 2]);
    expect(asked).toEqual(["a"]);
  });

  it("works on an empty table", () => {
    const empty = tableFromColumns(0, { a: new Float64Array(0), s: [] });
    expect(rows("a > 1 and s == 'x'", empty)).toEqual([]);
    expect(numbers("a * 2", empty)).toEqual([]);
  });
});

describe("names that are Object members", () => {
  it("are unknown columns, not inherited members of the table", () => {
    for (const name of ["constructor", "toString", "__proto__", "hasOwnProperty"]) {
      expect(() => evaluateMask(parseExpression(`${name} > 0`), table)).toThrow(UnknownColumnError);
    }
  });

  it("are columns when the table has them (a table built without a prototype)", () => {
    const columns = Object.create(null) as Record<string, Float64Array>;
    columns["constructor"] = new Float64Array([1, 2]);
    columns["__proto__"] = new Float64Array([3, 4]);
    const own = tableFromColumns(2, columns);
    expect([...evaluateMask(parseExpression("constructor + __proto__ > 5"), own)]).toEqual([0, 1]);
  });

  it("are unknown functions even in a call the parser did not check (a hand-built AST)", () => {
    const parsed = parseExpression("abs(e) > 0");
    for (const name of ["constructor", "toString", "valueOf"]) {
      // the same tree with the function renamed, as an AST from elsewhere could arrive
      const renamed = JSON.parse(JSON.stringify(parsed).replace('"name":"abs"', `"name":"${name}"`)) as Expr;
      expect(() => evaluateMask(renamed, table)).toThrow(new RegExp(`Unknown function '${name}'`));
    }
  });
});
