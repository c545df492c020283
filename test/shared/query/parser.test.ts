import { describe, expect, it } from "vitest";
import {
  ExpressionError,
  formatExpression,
  parseExpression,
  referencedColumns,
  type Expr,
} from "../../../shared/query/index.ts";

/** The tree without spans, for structural comparisons. */
function shape(expr: Expr): unknown {
  return JSON.parse(
    JSON.stringify(expr, (key, value: unknown) =>
      key === "start" || key === "end" || key === "opStart" || key === "opSpans" ? undefined : value,
    ),
  );
}

/** Canonical text with every operator node bracketed, to check grouping. */
function grouping(text: string): string {
  const show = (e: Expr): string => {
    switch (e.kind) {
      case "logical":
      case "arithmetic":
        return `(${show(e.left)} ${e.op} ${show(e.right)})`;
      case "unary":
        return `(${e.op === "not" ? "not " : e.op}${show(e.operand)})`;
      case "compare":
        return `(${e.operands.map((o, k) => (k === 0 ? "" : ` ${e.ops[k - 1]} `) + show(o)).join("")})`;
      default:
        return formatExpression(e);
    }
  };
  return show(parseExpression(text));
}

function errorOf(text: string): ExpressionError {
  try {
    parseExpression(text);
  } catch (error) {
    if (error instanceof ExpressionError) return error;
    throw error;
  }
  throw new Error(`'${text}' parsed without error`);
}

describe("parseExpression: literals and names", () => {
  it("reads ints, floats, exponents and grouped digits", () => {
    for (const [text, value] of [
      ["10221", 10221],
      ["1e0", 1],
      ["2.5", 2.5],
      [".5", 0.5],
      ["5.", 5],
      ["1E-3", 0.001],
      ["3e+2", 300],
      ["1.e5", 100000],
      ["1_000", 1000],
    ] as const) {
      const expr = parseExpression(text);
      expect(expr).toMatchObject({ kind: "number", value, text, start: 0, end: text.length });
    }
  });

  it("reads single- and double-quoted strings with escapes", () => {
    expect(parseExpression("'phy'")).toMatchObject({ kind: "string", value: "phy" });
    expect(parseExpression('"cal"')).toMatchObject({ kind: "string", value: "cal" });
    expect(parseExpression(String.raw`'it\'s'`)).toMatchObject({ value: "it's" });
    expect(parseExpression(String.raw`"a\\b\n"`)).toMatchObject({ value: "a\\b\n" });
  });

  it("reads True/False, identifiers and backticked names", () => {
    expect(parseExpression("True")).toMatchObject({ kind: "bool", value: true });
    expect(parseExpression("False")).toMatchObject({ kind: "bool", value: false });
    expect(parseExpression("trapEmax_cal")).toMatchObject({
      kind: "column",
      name: "trapEmax_cal",
      quoted: false,
    });
    expect(parseExpression("`energy in keV`")).toMatchObject({
      kind: "column",
      name: "energy in keV",
      quoted: true,
      start: 0,
      end: 15,
    });
  });
});

describe("parseExpression: pandas precedence", () => {
  it.each([
    // pandas rewrites & and | into and/or, so they bind looser than comparisons (§4.2).
    ["a > 1 & b < 3", "((a > 1) and (b < 3))"],
    ["a > 1 | b < 3 & c == 2", "((a > 1) or ((b < 3) and (c == 2)))"],
    ["a and b or c and d", "((a and b) or (c and d))"],
    ["a or b and c", "(a or (b and c))"],
    ["not a == b", "(not (a == b))"],
    ["not a and b", "((not a) and b)"],
    ["~a & b", "((~a) and b)"],
    ["~a == True", "((~a) == True)"],
    ["a + b * c", "(a + (b * c))"],
    ["a - b - c", "((a - b) - c)"],
    ["a / b / c", "((a / b) / c)"],
    ["-a ** 2", "(-(a ** 2))"],
    ["a ** -b", "(a ** (-b))"],
    ["a ** b ** c", "(a ** (b ** c))"],
    ["a % b * c", "((a % b) * c)"],
    ["a // b + c", "((a // b) + c)"],
    ["(a + b) * c", "((a + b) * c)"],
    ["a + b > c * d", "((a + b) > (c * d))"],
    ["1000 < trapEmax < 2000", "(1000 < trapEmax < 2000)"],
    ["a < b <= c != d", "(a < b <= c != d)"],
    ["run in ['r001', 'r002']", "(run in ['r001', 'r002'])"],
    ["run not in ('r001',)", "(run not in ('r001',))"],
    ["x in [1, -2] and y", "((x in [1, -2]) and y)"],
  ])("%s groups as %s", (text, expected) => {
    expect(grouping(text)).toBe(expected);
  });

  it("keeps the chain as one node with every operand", () => {
    const expr = parseExpression("1000 < trapEmax < 2000");
    expect(expr).toMatchObject({ kind: "compare", ops: ["<", "<"] });
    expect(expr.kind === "compare" && expr.operands.map((o) => o.kind)).toEqual([
      "number",
      "column",
      "number",
    ]);
  });

  it("parses calls and methods", () => {
    expect(shape(parseExpression("arctan2(a, b)"))).toMatchObject({ kind: "call", name: "arctan2" });
    expect(parseExpression("a.between(1, 3)")).toMatchObject({ kind: "method", method: "between" });
    expect(parseExpression("period.str.startswith('p0')")).toMatchObject({
      kind: "method",
      method: "str.startswith",
    });
  });

  it("gives brackets a span that covers them", () => {
    expect(parseExpression("(a)")).toMatchObject({ kind: "column", start: 0, end: 3 });
  });
});

describe("formatExpression", () => {
  it.each([
    ["a>1&b<3", "a > 1 and b < 3"],
    ["(a > 1) | (b < 3)", "a > 1 or b < 3"],
    ["(a or b) and c", "(a or b) and c"],
    ["not (a and b)", "not (a and b)"],
    ["(-2) ** 2", "(-2) ** 2"],
    ["(a ** b) ** c", "(a ** b) ** c"],
    ["a - (b - c)", "a - (b - c)"],
    ["(a < b) == c", "(a < b) == c"],
    ['type == "phy"', "type == 'phy'"],
    ["`my col` > 0", "`my col` > 0"],
    ["`and` > 0", "`and` > 0"],
    ["x in (1, 2)", "x in (1, 2)"],
    ["x == [ 1 ,2 ]", "x == [1, 2]"],
    ["s == 'it\\'s'", "s == 'it\\'s'"],
    ["~is_valid_cal", "~is_valid_cal"],
    ["sqrt( a*a+b*b )>2", "sqrt(a * a + b * b) > 2"],
    ["a.between(1,3) & s.str.endswith('Z')", "a.between(1, 3) and s.str.endswith('Z')"],
    ["(a + b).between(1, 3)", "(a + b).between(1, 3)"],
  ])("prints %s as %s", (text, expected) => {
    expect(formatExpression(parseExpression(text))).toBe(expected);
  });

  it("round-trips: parsing the printed text gives the same tree", () => {
    for (const text of [
      "1000 < trapEmax < 2000 and not is_valid_cal | (x ** -2 % 3 != 4)",
      "-(-a) + +b - ~c",
      "where(isnan(a), 0, a) >= log10(abs(b) + 1e-3)",
      "run not in ['r001', 'r002'] or `weird name!` == \"q\"",
    ]) {
      const first = parseExpression(text);
      const again = parseExpression(formatExpression(first));
      expect(shape(again)).toEqual(shape(first));
    }
  });
});

describe("referencedColumns", () => {
  it("lists columns once, in order, without strings, functions or exponents", () => {
    expect(
      referencedColumns(parseExpression("sqrt(trapEmax) > 1e3 and type == 'trapEmax' or trapEmax < AoE")),
    ).toEqual(["trapEmax", "type", "AoE"]);
  });

  it("unquotes backticked names and skips the bare row index", () => {
    expect(referencedColumns(parseExpression("`energy in keV` > 0 and index < 10 and `index` > 2"))).toEqual([
      "energy in keV",
      "index",
    ]);
  });
});

describe("syntax errors point at the token", () => {
  it.each([
    ["trapEmax > ", 11, 11, "expected a value"],
    ["(a > 1", 6, 6, "expected ')' to close the '(' at 0"],
    ["a > 1)", 5, 6, "no matching '('"],
    ["a = 1", 2, 3, "use '=='"],
    ["a > 1 b", 6, 7, "expected an operator"],
    ["type == 'phy", 8, 12, "unclosed string"],
    ["`abc > 1", 0, 8, "unclosed backtick"],
    ["sqr(a)", 0, 3, "did you mean 'sqrt'"],
    ["sqrt(a, b)", 0, 10, "takes 1 argument"],
    ["a.foo(1)", 2, 5, "Unknown method 'foo'"],
    ["x in y", 5, 6, "needs a list"],
    ["[1, 2] in x", 0, 6, "can only follow"],
    ["x < [1, 2]", 4, 10, "can only follow"],
    ["x in [a, 2]", 6, 7, "List items must be"],
    ["a is None", 2, 4, "'is' is not supported"],
    ["12abc > 1", 0, 5, "not a number"],
    ["a $ b", 2, 3, "unexpected character '$'"],
    ["a and", 5, 5, "expected a value"],
    ["", 0, 0, "empty"],
    ["   ", 0, 0, "empty"],
    ["a > 1e999", 4, 9, "too large"],
    ["f(x)(y)", 0, 1, "Unknown function 'f'"],
    ["(a)(b)", 3, 4, "only functions can be called"],
  ])("%j", (text, position, end, message) => {
    const error = errorOf(text);
    expect(error.message).toContain(message);
    expect([error.position, error.end]).toEqual([position, end]);
  });

  it("states the position in the message", () => {
    expect(errorOf("(a > 1 and b").message).toMatch(/^Syntax error at 12: expected '\)'/);
  });
});
