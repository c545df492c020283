// Recursive-descent parser with pandas.query precedence. pandas rewrites `&` and `|` into `and`
// and `or` before Python parses the text, so they bind *looser* than comparisons here
// (`a > 1 & b < 3` is `(a > 1) and (b < 3)`), while `~` stays a tight unary operator like `-`.
// Lowest to highest: or | · and & · not · comparisons (chained, in, not in) · + - · * / // % ·
// unary - + ~ · ** (right-associative) · calls, methods, atoms.
import type {
  ArithmeticOp,
  BoolLiteral,
  CompareOp,
  Expr,
  ListLiteral,
  NumberLiteral,
  Span,
  StringLiteral,
} from "./ast.ts";
import { ExpressionError } from "./errors.ts";
import { FUNCTION_ARITY } from "./functions.ts";
import { tokenize, type Token } from "./lexer.ts";
import { nearMatches } from "./near-matches.ts";

/** Parse a pandas.query / numexpr-style expression. Throws ExpressionError with the span of the bad token. */
export function parseExpression(text: string): Expr {
  const parser = new Parser(tokenize(text));
  if (parser.peek().kind === "eof")
    throw new ExpressionError("Syntax error at 0: the expression is empty", 0, 0);
  const expr = parser.parseOr();
  parser.expectEnd();
  return expr;
}

const COMPARE_OPS = new Set(["==", "!=", "<", "<=", ">", ">="]);
const LIST_COMPARE_OPS = new Set<CompareOp>(["==", "!=", "in", "not in"]);
const UNSUPPORTED_WORDS = new Set(["is", "None", "lambda", "if", "else", "for", "import", "def", "del"]);
const KEYWORDS = new Set(["and", "or", "not", "in"]);
type ListItem = NumberLiteral | StringLiteral | BoolLiteral;

function describe(token: Token): string {
  switch (token.kind) {
    case "eof":
      return "the end of the expression";
    case "string":
      return "a string";
    case "quoted":
      return `\`${token.text}\``;
    default:
      return `'${token.text}'`;
  }
}

function span(start: number, end: number): Span {
  return { start, end };
}

/** Deeper nesting than this is refused (instead of overflowing the call stack). */
const MAX_DEPTH = 400;

class Parser {
  private index = 0;
  private depth = 0;
  constructor(private readonly tokens: readonly Token[]) {}

  peek(offset = 0): Token {
    return this.tokens[Math.min(this.index + offset, this.tokens.length - 1)]!;
  }

  private next(): Token {
    const token = this.peek();
    if (token.kind !== "eof") this.index++;
    return token;
  }

  private isOp(text: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token.kind === "op" && token.text === text;
  }

  private isWord(word: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token.kind === "name" && token.text === word;
  }

  private fail(token: Token, expected: string): never {
    throw new ExpressionError(
      `Syntax error at ${token.start}: expected ${expected}, found ${describe(token)}`,
      token.start,
      token.kind === "eof" ? token.start : Math.max(token.end, token.start + 1),
    );
  }

  /** Runs a nested parse, refusing absurd depths with an ExpressionError. */
  private nested<T>(token: Token, parse: () => T): T {
    if (++this.depth > MAX_DEPTH) {
      throw new ExpressionError(
        `Syntax error at ${token.start}: the expression is nested more than ${MAX_DEPTH} levels deep`,
        token.start,
        token.end,
      );
    }
    try {
      return parse();
    } finally {
      this.depth--;
    }
  }

  private unsupported(token: Token): never {
    throw new ExpressionError(
      `Syntax error at ${token.start}: '${token.text}' is not supported in expressions (write \`${token.text}\` for a column of that name)`,
      token.start,
      token.end,
    );
  }

  private expectOp(text: string, context: string): Token {
    if (!this.isOp(text)) this.fail(this.peek(), `'${text}' ${context}`);
    return this.next();
  }

  expectEnd(): void {
    const token = this.peek();
    if (token.kind === "name" && UNSUPPORTED_WORDS.has(token.text)) this.unsupported(token);
    if (token.kind !== "eof") {
      const hint =
        token.kind === "op" && token.text === ")"
          ? "an operator (this ')' has no matching '(')"
          : "an operator or the end";
      this.fail(token, hint);
    }
  }

  parseOr(): Expr {
    let left = this.parseAnd();
    while (this.isWord("or") || this.isOp("|")) {
      this.next();
      const right = this.parseAnd();
      left = {
        kind: "logical",
        op: "or",
        left: noList(left),
        right: noList(right),
        start: left.start,
        end: right.end,
      };
    }
    return noList(left);
  }

  private parseAnd(): Expr {
    let left = this.parseNot();
    while (this.isWord("and") || this.isOp("&")) {
      this.next();
      const right = this.parseNot();
      left = {
        kind: "logical",
        op: "and",
        left: noList(left),
        right: noList(right),
        start: left.start,
        end: right.end,
      };
    }
    return left;
  }

  private parseNot(): Expr {
    if (this.isWord("not")) {
      const token = this.next();
      const operand = noList(this.nested(token, () => this.parseNot()));
      return { kind: "unary", op: "not", operand, start: token.start, end: operand.end };
    }
    return this.parseComparison();
  }

  private compareOp(): { op: CompareOp; token: Span } | undefined {
    const token = this.peek();
    if (token.kind === "op" && COMPARE_OPS.has(token.text)) {
      this.next();
      return { op: token.text as CompareOp, token };
    }
    if (this.isWord("in")) {
      this.next();
      return { op: "in", token };
    }
    if (this.isWord("not") && this.isWord("in", 1)) {
      this.next();
      const inToken = this.next();
      return { op: "not in", token: span(token.start, inToken.end) };
    }
    return undefined;
  }

  private parseComparison(): Expr {
    const first = this.parseSum();
    const operands: Expr[] = [first];
    const ops: CompareOp[] = [];
    const opSpans: Span[] = [];
    for (let found = this.compareOp(); found !== undefined; found = this.compareOp()) {
      ops.push(found.op);
      opSpans.push(found.token);
      operands.push(this.parseSum());
    }
    if (ops.length === 0) return first;
    checkListOperands(operands, ops, opSpans);
    const last = operands[operands.length - 1]!;
    return { kind: "compare", ops, operands, opSpans, start: first.start, end: last.end };
  }

  private parseBinary(ops: readonly string[], operand: () => Expr): Expr {
    let left = operand();
    for (let token = this.peek(); token.kind === "op" && ops.includes(token.text); token = this.peek()) {
      this.next();
      const right = operand();
      left = {
        kind: "arithmetic",
        op: token.text as ArithmeticOp,
        left: noList(left),
        right: noList(right),
        opStart: token.start,
        start: left.start,
        end: right.end,
      };
    }
    return left;
  }

  private parseSum(): Expr {
    return this.parseBinary(["+", "-"], () => this.parseTerm());
  }

  private parseTerm(): Expr {
    return this.parseBinary(["*", "/", "//", "%"], () => this.parseFactor());
  }

  private parseFactor(): Expr {
    const token = this.peek();
    if (token.kind === "op" && (token.text === "-" || token.text === "+" || token.text === "~")) {
      this.next();
      const operand = noList(this.nested(token, () => this.parseFactor()));
      return { kind: "unary", op: token.text, operand, start: token.start, end: operand.end };
    }
    return this.parsePower();
  }

  private parsePower(): Expr {
    const base = this.parsePostfix();
    if (!this.isOp("**")) return base;
    const token = this.next();
    const exponent = noList(this.nested(token, () => this.parseFactor()));
    return {
      kind: "arithmetic",
      op: "**",
      left: noList(base),
      right: exponent,
      opStart: token.start,
      start: base.start,
      end: exponent.end,
    };
  }

  private parsePostfix(): Expr {
    const first = this.peek();
    let expr = this.parseAtom();
    for (;;) {
      // Only a plain name directly followed by '(' is a call: `(a)(b)` and `f(x)(y)` are not.
      if (this.isOp("(") && expr.kind === "column" && first.kind === "name" && expr.end === first.end) {
        expr = this.parseCall(expr.name, expr.start, expr.end);
      } else if (this.isOp(".")) {
        expr = this.parseMethod(expr);
      } else if (this.isOp("(")) {
        this.fail(this.peek(), "an operator (only functions can be called)");
      } else {
        return expr;
      }
    }
  }

  private parseArgs(): { args: Expr[]; end: number } {
    const open = this.expectOp("(", "");
    const args: Expr[] = [];
    while (!this.isOp(")")) {
      args.push(noList(this.nested(open, () => this.parseOr())));
      if (!this.isOp(",")) break;
      this.next();
    }
    const close = this.expectOp(")", `to close the '(' at ${open.start}`);
    return { args, end: close.end };
  }

  private parseCall(name: string, start: number, nameEnd: number): Expr {
    const arity = FUNCTION_ARITY.get(name);
    if (arity === undefined) {
      const known = [...FUNCTION_ARITY.keys()];
      const near = nearMatches(name, known);
      const hint = near.length > 0 ? `; did you mean ${near.map((n) => `'${n}'`).join(" or ")}?` : ".";
      throw new ExpressionError(
        `Unknown function '${name}' at ${start}–${nameEnd}${hint} Functions: ${known.sort().join(", ")}`,
        start,
        nameEnd,
      );
    }
    const { args, end } = this.parseArgs();
    if (args.length !== arity) {
      throw new ExpressionError(
        `${name}() takes ${arity} argument${arity === 1 ? "" : "s"}, got ${args.length} (at ${start}–${end})`,
        start,
        end,
      );
    }
    return { kind: "call", name, args, start, end };
  }

  private parseMethod(target: Expr): Expr {
    this.next(); // the '.'
    const nameToken = this.peek();
    if (nameToken.kind !== "name") this.fail(nameToken, "a method name after '.'");
    this.next();
    let method: "between" | "str.startswith" | "str.endswith" | "str.contains";
    let methodEnd = nameToken.end;
    if (nameToken.text === "between") {
      method = "between";
    } else if (nameToken.text === "str") {
      this.expectOp(".", "after '.str' (e.g. .str.startswith('p0'))");
      const inner = this.peek();
      if (inner.kind !== "name" || !["startswith", "endswith", "contains"].includes(inner.text)) {
        this.fail(inner, "startswith, endswith or contains after '.str.'");
      }
      this.next();
      method = `str.${inner.text}` as typeof method;
      methodEnd = inner.end;
    } else {
      throw new ExpressionError(
        `Unknown method '${nameToken.text}' at ${nameToken.start}–${nameToken.end}: use .between(a, b), .str.startswith(s), .str.endswith(s) or .str.contains(s)`,
        nameToken.start,
        nameToken.end,
      );
    }
    if (!this.isOp("(")) this.fail(this.peek(), `'(' after .${method}`);
    const { args, end } = this.parseArgs();
    const wanted = method === "between" ? 2 : 1;
    if (args.length !== wanted) {
      throw new ExpressionError(
        `.${method}() takes ${wanted} argument${wanted === 1 ? "" : "s"}, got ${args.length} (at ${nameToken.start}–${end})`,
        nameToken.start,
        Math.max(end, methodEnd),
      );
    }
    return { kind: "method", method, target: noList(target), args, start: target.start, end };
  }

  private parseAtom(): Expr {
    const token = this.peek();
    switch (token.kind) {
      case "number":
        this.next();
        return numberLiteral(token);
      case "string":
        this.next();
        return { kind: "string", value: token.text, start: token.start, end: token.end };
      case "quoted":
        this.next();
        return { kind: "column", name: token.text, quoted: true, start: token.start, end: token.end };
      case "name":
        return this.parseName(token);
      case "op":
        if (token.text === "(") return this.parseParenthesised();
        if (token.text === "[") return this.parseList();
        return this.fail(token, "a value, a column name or '('");
      case "eof":
        return this.fail(token, "a value, a column name or '('");
    }
  }

  private parseName(token: Token): Expr {
    if (token.text === "True" || token.text === "False") {
      this.next();
      return { kind: "bool", value: token.text === "True", start: token.start, end: token.end };
    }
    if (KEYWORDS.has(token.text)) this.fail(token, "a value or a column name");
    if (UNSUPPORTED_WORDS.has(token.text)) this.unsupported(token);
    this.next();
    return { kind: "column", name: token.text, quoted: false, start: token.start, end: token.end };
  }

  private parseParenthesised(): Expr {
    const open = this.next();
    if (this.isOp(")")) this.fail(this.peek(), "a value inside '()'");
    const first = this.nested(open, () => this.parseOr());
    if (this.isOp(",")) return this.parseItems(open, ")", [listItem(first)], true);
    const close = this.expectOp(")", `to close the '(' at ${open.start}`);
    // Widen the span to the brackets so errors and printing see the whole group.
    return { ...first, start: open.start, end: close.end };
  }

  private parseList(): ListLiteral {
    const open = this.next();
    return this.parseItems(open, "]", [], false);
  }

  private parseItems(open: Token, close: string, items: ListItem[], tuple: boolean): ListLiteral {
    while (!this.isOp(close)) {
      if (items.length > 0 || tuple) this.expectOp(",", `or '${close}' in the list started at ${open.start}`);
      if (this.isOp(close)) break;
      items.push(listItem(this.nested(open, () => this.parseSum())));
    }
    const end = this.next().end;
    return { kind: "list", items, tuple, start: open.start, end };
  }
}

function numberLiteral(token: Token): NumberLiteral {
  const value = Number(token.text.replaceAll("_", ""));
  if (!Number.isFinite(value)) {
    throw new ExpressionError(
      `Number '${token.text}' at ${token.start} is too large`,
      token.start,
      token.end,
    );
  }
  return { kind: "number", value, text: token.text, start: token.start, end: token.end };
}

/** A list item must be a constant: a number (maybe negative), a string or True/False. */
function listItem(expr: Expr): ListItem {
  if (expr.kind === "number" || expr.kind === "string" || expr.kind === "bool") return expr;
  if (expr.kind === "unary" && (expr.op === "-" || expr.op === "+") && expr.operand.kind === "number") {
    const sign = expr.op === "-" ? -1 : 1;
    return {
      kind: "number",
      value: sign * expr.operand.value,
      text: `${expr.op === "-" ? "-" : ""}${expr.operand.text}`,
      start: expr.start,
      end: expr.end,
    };
  }
  throw new ExpressionError(
    `List items must be numbers, strings or True/False (at ${expr.start}–${expr.end})`,
    expr.start,
    expr.end,
  );
}

function noList(expr: Expr): Expr {
  if (expr.kind === "list") {
    throw new ExpressionError(
      `A list at ${expr.start}–${expr.end} can only follow 'in', 'not in', '==' or '!='`,
      expr.start,
      expr.end,
    );
  }
  return expr;
}

/** Lists may only sit next to ==, !=, in, not in; `in` needs a list on its right. */
function checkListOperands(
  operands: readonly Expr[],
  ops: readonly CompareOp[],
  opSpans: readonly Span[],
): void {
  operands.forEach((operand, k) => {
    const isList = operand.kind === "list";
    const leftOp = k > 0 ? ops[k - 1] : undefined;
    const rightOp = k < ops.length ? ops[k] : undefined;
    if (
      isList &&
      ((leftOp !== undefined && !LIST_COMPARE_OPS.has(leftOp)) ||
        (rightOp !== undefined && !LIST_COMPARE_OPS.has(rightOp)))
    ) {
      noList(operand);
    }
    if (isList && (rightOp === "in" || rightOp === "not in")) noList(operand);
    if (!isList && (leftOp === "in" || leftOp === "not in")) {
      const opSpan = opSpans[k - 1]!;
      throw new ExpressionError(
        `'${leftOp}' at ${opSpan.start} needs a list on its right, e.g. run in ['r001', 'r002']`,
        operand.start,
        operand.end,
      );
    }
  });
}
