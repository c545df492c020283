// The Python format-spec mini-language, `[[fill]align][sign][#][0][width][,|_][.precision][type]`,
// parsed once per template field so that building and parsing names agree on it.

export type Align = "<" | ">" | "^" | "=";

export interface FormatSpec {
  fill: string | undefined;
  align: Align | undefined;
  sign: "+" | "-" | " " | undefined;
  alternate: boolean;
  zero: boolean;
  width: number | undefined;
  grouping: "," | "_" | undefined;
  precision: number | undefined;
  type: string | undefined;
}

/** A template or a value that the template grammar rejects; `template` names the offending text. */
export class TemplateError extends Error {
  override name = "TemplateError";
  constructor(
    message: string,
    readonly template: string,
  ) {
    super(message);
  }
}

const SPEC_RE = /^(?:(.)?([<>=^]))?([-+ ])?(#)?(0)?(\d+)?([,_])?(?:\.(\d+))?([a-zA-Z%])?$/su;
const KNOWN_TYPES = new Set(["b", "c", "d", "e", "E", "f", "F", "g", "G", "n", "o", "s", "x", "X", "%"]);
// Types only the `parse` direction knows (word, letters, non-space, …); Python's format rejects them.
const PARSE_ONLY_TYPES = new Set(["w", "W", "l", "S", "D", "ti", "te", "tg", "ta", "th", "tc", "tt", "ts"]);

export const EMPTY_SPEC: FormatSpec = {
  fill: undefined,
  align: undefined,
  sign: undefined,
  alternate: false,
  zero: false,
  width: undefined,
  grouping: undefined,
  precision: undefined,
  type: undefined,
};

/** Parses a format spec such as `07d`, `0>4d` or `.3f`; throws TemplateError naming the spec. */
export function parseFormatSpec(spec: string, template: string): FormatSpec {
  if (spec === "") return EMPTY_SPEC;
  const m = SPEC_RE.exec(spec);
  const type = m?.[9];
  if (!m || (type !== undefined && !KNOWN_TYPES.has(type) && !PARSE_ONLY_TYPES.has(type))) {
    throw new TemplateError(`invalid format spec '${spec}' in template '${template}'`, template);
  }
  return {
    fill: m[1],
    align: m[2] as Align | undefined,
    sign: m[3] as FormatSpec["sign"],
    alternate: m[4] !== undefined,
    zero: m[5] !== undefined,
    width: m[6] === undefined ? undefined : Number(m[6]),
    grouping: m[7] as FormatSpec["grouping"],
    precision: m[8] === undefined ? undefined : Number(m[8]),
    type,
  };
}

/** True when the spec's type makes `parse` convert the matched text to a number. */
export function isNumericType(type: string | undefined): boolean {
  return type !== undefined && "dnfFeEgGxXob%".includes(type) && type.length === 1;
}
