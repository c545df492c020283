// Robustness: random and mutated input never throws anything but ExpressionError, and every
// expression that parses evaluates to a mask/number or an ExpressionError (never a crash).
import { describe, expect, it } from "vitest";
import {
  ExpressionError,
  evaluateMask,
  evaluateNumeric,
  formatExpression,
  parseExpression,
  referencedColumns,
  tableFromColumns,
} from "../../../shared/query/index.ts";

/** Small deterministic generator (mulberry32) so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = [
  "a",
  "b",
  "s",
  "ok",
  "`a`",
  "`x y`",
  "index",
  "sqrt",
  "where",
  "arctan2",
  "isnan",
  "(",
  ")",
  "[",
  "]",
  ",",
  ".",
  "between",
  "str",
  "startswith",
  "+",
  "-",
  "*",
  "/",
  "//",
  "%",
  "**",
  "~",
  "&",
  "|",
  "and",
  "or",
  "not",
  "in",
  "==",
  "!=",
  "<",
  "<=",
  ">",
  ">=",
  "=",
  "1",
  "0",
  "-1",
  "2.5",
  "1e3",
  "1e",
  ".5",
  "'p03'",
  '"x"',
  "'",
  '"',
  "`",
  "True",
  "False",
  "None",
  "is",
  "\\",
  "$",
  "@",
  " ",
  "  ",
  "\n",
  "é",
  "名",
  "😀",
  "1_0",
  "0x10",
  "nan",
];

const table = tableFromColumns(4, {
  a: new Float64Array([1, NaN, -2, 1e300]),
  b: new Int16Array([0, 1, -1, 7]),
  s: ["p03", null, "p10", ""],
  ok: { values: new Uint8Array([1, 0, 1, 0]), isBool: true },
  "x y": new Float32Array([0.1, 0.2, 0.3, 0.4]),
});

function check(text: string): void {
  let expr;
  try {
    expr = parseExpression(text);
  } catch (error) {
    if (!(error instanceof ExpressionError))
      throw new Error(`parse of ${JSON.stringify(text)} threw ${String(error)}`, { cause: error });
    expect(error.position).toBeGreaterThanOrEqual(0);
    expect(error.end).toBeGreaterThanOrEqual(error.position);
    expect(error.end).toBeLessThanOrEqual(text.length);
    return;
  }
  // What parses must print to text that parses to the same canonical form.
  const printed = formatExpression(expr);
  expect(formatExpression(parseExpression(printed))).toBe(printed);
  for (const evaluate of [evaluateMask, evaluateNumeric]) {
    try {
      const result = evaluate(expr, table);
      expect(result.length).toBe(table.length);
    } catch (error) {
      if (!(error instanceof ExpressionError)) {
        throw new Error(`evaluation of ${JSON.stringify(text)} threw ${String(error)}`, { cause: error });
      }
      expect(error.end).toBeLessThanOrEqual(text.length);
    }
  }
}

describe("fuzz", () => {
  it("random token soups", () => {
    const next = random(20261124);
    for (let n = 0; n < 4000; n++) {
      const count = 1 + Math.floor(next() * 12);
      const parts: string[] = [];
      for (let k = 0; k < count; k++) parts.push(PIECES[Math.floor(next() * PIECES.length)]!);
      check(parts.join(next() < 0.5 ? " " : ""));
    }
  });

  it("random characters", () => {
    const next = random(7);
    const alphabet = "ab s()[],.+-*/%~&|<>=!'\"`0123456789eE_\\\t\n";
    for (let n = 0; n < 3000; n++) {
      const length = Math.floor(next() * 20);
      let text = "";
      for (let k = 0; k < length; k++) text += alphabet[Math.floor(next() * alphabet.length)];
      check(text);
    }
  });

  it("every prefix and single-character deletion of valid expressions", () => {
    const valid = [
      "1000 < a < 2000 and not ok | s in ['p03', 'p10']",
      "where(isnan(a), 0, a) ** -2 % 3 != `x y`.between(0.1, 0.3)",
      "s.str.startswith('p0') & ~(b == [1, -1]) or index >= 2",
    ];
    for (const text of valid) {
      for (let k = 0; k <= text.length; k++) {
        check(text.slice(0, k));
        check(text.slice(0, k) + text.slice(k + 1));
      }
    }
  });

  it("absurd nesting is an ExpressionError, not a stack overflow", () => {
    for (const text of [
      `${"(".repeat(20000)}a${")".repeat(20000)}`,
      `${"not ".repeat(20000)}ok`,
      `${"-".repeat(20000)}a`,
      `${"2 ** ".repeat(20000)}2`,
      `${"sqrt(".repeat(20000)}a${")".repeat(20000)}`,
      `a in ${"[".repeat(20000)}`,
    ]) {
      expect(() => parseExpression(text)).toThrow(ExpressionError);
    }
    expect(() => parseExpression(`${"(".repeat(1000)}a${")".repeat(1000)}`)).toThrow(
      "nested more than 400 levels",
    );
  });

  it("chains of 20 000 terms parse, evaluate, print and list columns without recursion", () => {
    const keys = Array.from({ length: 20000 }, (_, k) => `s == 'k${k}'`);
    const orChain = parseExpression(`${keys.join(" or ")} or s == 'p10'`);
    expect([...evaluateMask(orChain, table)]).toEqual([0, 0, 1, 0]);
    expect(formatExpression(orChain).length).toBeGreaterThan(200000);
    const sum = parseExpression(`${Array.from({ length: 20000 }, () => "b").join(" + ")} - a * 0`);
    expect([...evaluateNumeric(sum, table)]).toEqual([0, NaN, -20000, 140000]);
    expect(formatExpression(sum).startsWith("b + b + b")).toBe(true);
    expect(referencedColumns(sum)).toEqual(["b", "a"]);
    const andChain = parseExpression(Array.from({ length: 20000 }, () => "(a > 0)").join(" & "));
    expect([...evaluateMask(andChain, table)]).toEqual([1, 0, 0, 1]);
  });

  it("deep nesting does not overflow for realistic depths", () => {
    check(`${"(".repeat(200)}a > 1${")".repeat(200)}`);
    check(`${"not ".repeat(200)}ok`);
    check(`${"-".repeat(200)}a > 0`);
  });
});
