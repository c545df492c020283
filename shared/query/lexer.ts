// Tokenizer for pandas.query / numexpr expressions. Positions are 0-based offsets into the text.
import { ExpressionError } from "./errors.ts";

export type TokenKind = "number" | "string" | "name" | "quoted" | "op" | "eof";

export interface Token {
  readonly kind: TokenKind;
  /** Operator or name text, the decoded string value, or the number's spelling. */
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

// Longest first, so `**` wins over `*` and `<=` over `<`.
const OPERATORS = [
  "**",
  "//",
  "==",
  "!=",
  "<=",
  ">=",
  "<",
  ">",
  "+",
  "-",
  "*",
  "/",
  "%",
  "&",
  "|",
  "~",
  "(",
  ")",
  "[",
  "]",
  ",",
  ".",
];

const ESCAPES: Readonly<Record<string, string>> = {
  "\\": "\\",
  "'": "'",
  '"': '"',
  n: "\n",
  t: "\t",
  r: "\r",
  "0": "\0",
};

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= "0" && c <= "9";
}

// ASCII is decided by character code; only other characters go through the Unicode classes.
function isAsciiLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
}

function isNameStart(c: string | undefined): boolean {
  if (c === undefined) return false;
  const code = c.charCodeAt(0);
  return code < 128 ? isAsciiLetter(code) : /\p{L}/u.test(c);
}

function isNamePart(c: string | undefined): boolean {
  if (c === undefined) return false;
  const code = c.charCodeAt(0);
  return code < 128 ? isAsciiLetter(code) || (code >= 48 && code <= 57) : /[\p{L}\p{N}]/u.test(c);
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === " " || c === "\t" || c === "\n" || c === "\r") {
      i++;
    } else if (isDigit(c) || (c === "." && isDigit(text[i + 1]))) {
      const end = scanNumber(text, i);
      tokens.push({ kind: "number", text: text.slice(i, end), start: i, end });
      i = end;
    } else if (c === "'" || c === '"') {
      const { value, end } = scanString(text, i);
      tokens.push({ kind: "string", text: value, start: i, end });
      i = end;
    } else if (c === "`") {
      const close = text.indexOf("`", i + 1);
      if (close < 0)
        throw new ExpressionError(`Syntax error at ${i}: unclosed backtick name`, i, text.length);
      if (close === i + 1) throw new ExpressionError(`Syntax error at ${i}: empty backtick name`, i, i + 2);
      tokens.push({ kind: "quoted", text: text.slice(i + 1, close), start: i, end: close + 1 });
      i = close + 1;
    } else if (isNameStart(c)) {
      let end = i + 1;
      while (isNamePart(text[end])) end++;
      tokens.push({ kind: "name", text: text.slice(i, end), start: i, end });
      i = end;
    } else {
      const op = OPERATORS.find((o) => text.startsWith(o, i));
      if (op === undefined) {
        const what =
          c === "="
            ? "'=' (use '==' to compare)"
            : c === "@"
              ? "'@' (local variables are not supported)"
              : `character '${c}'`;
        throw new ExpressionError(`Syntax error at ${i}: unexpected ${what}`, i, i + 1);
      }
      tokens.push({ kind: "op", text: op, start: i, end: i + op.length });
      i += op.length;
    }
  }
  tokens.push({ kind: "eof", text: "", start: text.length, end: text.length });
  return tokens;
}

/** End offset of a Python number literal starting at `start` (digits may be grouped with `_`). */
function scanNumber(text: string, start: number): number {
  let i = start;
  const digits = (): void => {
    while (isDigit(text[i]) || (text[i] === "_" && isDigit(text[i - 1]) && isDigit(text[i + 1]))) i++;
  };
  digits();
  const afterDot = text[i + 1];
  // `1.e5` is a number, but `1.5.between` and `x.str` are not numbers after the dot.
  if (text[i] === "." && (!isNameStart(afterDot) || afterDot === "e" || afterDot === "E")) {
    i++;
    digits();
  }
  if (
    (text[i] === "e" || text[i] === "E") &&
    (isDigit(text[i + 1]) || ("+-".includes(text[i + 1] ?? "x") && isDigit(text[i + 2])))
  ) {
    i += 2;
    digits();
  }
  if (isNamePart(text[i])) {
    let end = i;
    while (isNamePart(text[end])) end++;
    throw new ExpressionError(
      `Syntax error at ${start}: '${text.slice(start, end)}' is not a number or a name`,
      start,
      end,
    );
  }
  return i;
}

function scanString(text: string, start: number): { value: string; end: number } {
  const quote = text[start]!;
  let value = "";
  let i = start + 1;
  while (i < text.length) {
    const c = text[i]!;
    if (c === quote) return { value, end: i + 1 };
    if (c === "\n") break;
    if (c === "\\" && i + 1 < text.length) {
      const next = text[i + 1]!;
      // Unknown escapes stay as written, as in Python.
      value += ESCAPES[next] ?? `\\${next}`;
      i += 2;
    } else {
      value += c;
      i++;
    }
  }
  throw new ExpressionError(
    `Syntax error at ${start}: unclosed string (missing ${quote})`,
    start,
    text.length,
  );
}
