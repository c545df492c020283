// Parses a name back into keys with the semantics of PyPI `parse` (flow-spec.md §1.5): anchored at both
// ends, case-insensitive by default, untyped fields lazy (`[^/]+?`), `d` with a width matching at most that
// many digits, and a repeated field required to repeat the same text. One departure: no field matches a
// `/`, so a field never spans folder levels.
import { type TemplateValue, formatField, isVerbatimField } from "./build.ts";
import { type FormatSpec, TemplateError, isNumericType } from "./spec.ts";
import { type FieldPart, parseTemplate } from "./template.ts";

export type TemplateKeys = Record<string, TemplateValue>;

export type MatchResult = { ok: true; keys: TemplateKeys } | { ok: false; reason: string };

export interface MatcherOptions {
  /** `parse` ignores case; pass true to require exact case. */
  caseSensitive?: boolean;
}

/** A field occurrence in the loose pattern (named groups), for explain. */
interface Slot {
  name: string;
  group: string;
}

/** A part of the template for parseExact: literal text, or a field read from numbered group `group`. */
type ExactPiece =
  | string
  | {
      part: FieldPart;
      group: number;
      /** First occurrence of the name: it sets the key; repeats are back-references. */
      first: boolean;
      verbatim: boolean;
      convert: (text: string) => TemplateValue;
    };

/** A compiled template. Reuse one per template: compiling costs far more than matching. */
export class TemplateMatcher {
  readonly fields: string[];
  private readonly loose: RegExp;
  private readonly slots: Slot[];
  /** The pattern with numbered groups (no per-match groups object) and back-references for repeats. */
  private readonly exact: RegExp;
  private readonly pieces: ExactPiece[];

  constructor(
    readonly template: string,
    options: MatcherOptions = {},
  ) {
    const parts = parseTemplate(template);
    const flags = options.caseSensitive ? "su" : "isu";
    const firstSpec = new Map<string, FieldPart>();
    const slots: Slot[] = [];
    const pieces: ExactPiece[] = [];
    const groupOf = new Map<string, number>();
    let loose = "";
    let exact = "";
    let index = 0;
    for (const part of parts) {
      if (part.kind === "literal") {
        loose += escapeRegExp(part.text);
        exact += escapeRegExp(part.text);
        pieces.push(part.text);
        continue;
      }
      const first = firstSpec.get(part.name);
      const pattern = fieldPattern(part.spec, part.specText, template);
      const group = `f${index++}`;
      loose += `(?<${group}>${pattern})`;
      if (first) {
        if (first.specText !== part.specText) {
          throw new TemplateError(
            `field '${part.name}' is repeated with different specs ('${first.specText}' and '${part.specText}') in template '${template}'`,
            template,
          );
        }
        slots.push({ name: part.name, group });
        const back = groupOf.get(part.name) as number;
        exact += `\\${back}`;
        pieces.push({
          part,
          group: back,
          first: false,
          verbatim: isVerbatimField(part),
          convert: converter(part.spec),
        });
        continue;
      }
      firstSpec.set(part.name, part);
      slots.push({ name: part.name, group });
      groupOf.set(part.name, groupOf.size + 1);
      exact += `(${pattern})`;
      pieces.push({
        part,
        group: groupOf.size,
        first: true,
        verbatim: isVerbatimField(part),
        convert: converter(part.spec),
      });
    }
    this.loose = new RegExp(`^${loose}$`, flags);
    this.exact = new RegExp(`^${exact}$`, flags);
    this.slots = slots;
    this.pieces = pieces;
    this.fields = [...firstSpec.keys()];
  }

  /**
   * The keys of `text` when it matches AND the keys rebuild exactly `text` (formatTemplate), else null:
   * `match` followed by the round-trip check, in one pass (the file-scan hot path). A null says nothing
   * about why; `explain` does.
   */
  parseExact(text: string): TemplateKeys | null {
    const m = this.exact.exec(text);
    if (m === null) return null;
    const keys = newKeys();
    let rebuilt = "";
    for (const piece of this.pieces) {
      if (typeof piece === "string") {
        rebuilt += piece;
        continue;
      }
      const name = piece.part.name;
      if (piece.first) keys[name] = piece.convert(m[piece.group] as string);
      const value = keys[name] as TemplateValue;
      // A verbatim field holds the matched string, which str.format writes back unchanged.
      if (piece.verbatim) rebuilt += value as string;
      else {
        try {
          rebuilt += formatField(value, piece.part, this.template);
        } catch {
          return null;
        }
      }
    }
    return rebuilt === text ? keys : null;
  }

  /** The keys of `text`, or null when it does not match. */
  match(text: string): TemplateKeys | null {
    const m = this.exact.exec(text);
    if (m === null) return null;
    const keys = newKeys();
    for (const piece of this.pieces) {
      if (typeof piece !== "string" && piece.first)
        keys[piece.part.name] = piece.convert(m[piece.group] as string);
    }
    return keys;
  }

  /** Like match, but says why a name does not match. */
  explain(text: string): MatchResult {
    const keys = this.match(text);
    if (keys) return { ok: true, keys };
    const m = this.loose.exec(text);
    if (m?.groups) {
      const seen = new Map<string, string>();
      for (const slot of this.slots) {
        const raw = m.groups[slot.group] ?? "";
        const before = seen.get(slot.name);
        if (before !== undefined && before.toLowerCase() !== raw.toLowerCase()) {
          return {
            ok: false,
            reason: `field '${slot.name}' is '${before}' in one place and '${raw}' in another (template '${this.template}')`,
          };
        }
        seen.set(slot.name, raw);
      }
    }
    return { ok: false, reason: `does not match template '${this.template}'` };
  }
}

/** An empty keys object without a prototype: a field may be named `constructor` or `__proto__`. */
export function newKeys(): TemplateKeys {
  return Object.create(null) as TemplateKeys;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/gu, "\\$&");
}

const DIGIT_CLASS: Record<string, string> = { d: "\\d", x: "[0-9a-fA-F]", o: "[0-7]", b: "[01]" };

/**
 * Any character but the path separator. Unlike `parse`, no field spans a `/`: a field is part of one file
 * or folder name, so `{run}` never takes `r001/loop/r001` from a folder reached twice through a link.
 */
const NAME_CHAR = "[^/]";

function fieldPattern(spec: FormatSpec, specText: string, template: string): string {
  const width = spec.width;
  let core: string;
  switch (spec.type) {
    case undefined:
      if (width !== undefined && spec.precision !== undefined)
        core = `${NAME_CHAR}{${width},${spec.precision}}?`;
      else if (width !== undefined) core = `${NAME_CHAR}{${width},}?`;
      else if (spec.precision !== undefined) core = `${NAME_CHAR}{1,${spec.precision}}`;
      else core = `${NAME_CHAR}+?`;
      break;
    case "s":
      core = "\\s+";
      break;
    case "w":
      core = "\\w+";
      break;
    case "W":
      core = "[^\\w/]+";
      break;
    case "l":
      core = "[A-Za-z]+";
      break;
    case "S":
      core = "[^\\s/]+";
      break;
    case "D":
      core = "[^\\d/]+";
      break;
    case "d": {
      const rep = width === undefined ? "+" : `{1,${width}}`;
      core = `(?:\\d${rep}|0[xX][0-9a-fA-F]${rep}|0[bB][01]${rep}|0[oO][0-7]${rep})`;
      break;
    }
    case "x":
    case "o":
    case "b": {
      const rep = width === undefined ? "+" : `{1,${width}}`;
      const prefix = spec.type === "x" ? "(?:0[xX])?" : spec.type === "o" ? "(?:0[oO])?" : "(?:0[bB])?";
      core = `${prefix}${DIGIT_CLASS[spec.type] ?? "\\d"}${rep}`;
      break;
    }
    case "n":
      core = "\\d{1,3}(?:[,.]\\d{3})*";
      break;
    case "f":
    case "F":
      core = "\\d*\\.\\d+";
      break;
    case "e":
    case "E":
      core = "\\d*\\.\\d+[eE][-+]?\\d+|nan|NAN|[-+]?inf|[-+]?INF";
      break;
    case "g":
    case "G":
      core = "\\d+(?:\\.\\d+)?(?:[eE][-+]?\\d+)?|nan|NAN|[-+]?inf|[-+]?INF";
      break;
    case "%":
      core = "\\d+(?:\\.\\d+)?%";
      break;
    default:
      throw new TemplateError(
        `format spec '${specText}' cannot parse names (template '${template}')`,
        template,
      );
  }
  if (isNumericType(spec.type)) core = `[-+ ]?(?:${core})`;
  const fill = escapeRegExp(spec.fill ?? " ");
  // parse assumes right alignment when a width is given without one.
  const align = spec.align ?? (width !== undefined && spec.type !== undefined ? ">" : undefined);
  if (align === "<") return `(?:${core})${fill}*`;
  if (align === ">" || align === "=") return `${fill}*(?:${core})`;
  if (align === "^") return `${fill}*(?:${core})${fill}*`;
  return core;
}

function converter(spec: FormatSpec): (text: string) => TemplateValue {
  switch (spec.type) {
    case "d":
      return (text) => parseInteger(text.trim(), 10);
    case "x":
      return (text) => parseInteger(text.trim(), 16);
    case "o":
      return (text) => parseInteger(text.trim(), 8);
    case "b":
      return (text) => parseInteger(text.trim(), 2);
    case "n":
      return (text) => Number(text.trim().replace(/[,.]/gu, ""));
    case "%":
      return (text) => Number(text.trim().slice(0, -1)) / 100;
    case "f":
    case "F":
    case "e":
    case "E":
    case "g":
    case "G":
      return (text) => parseFloatPython(text.trim());
    default:
      return (text) => text;
  }
}

function parseInteger(text: string, defaultRadix: number): number {
  const negative = text.startsWith("-");
  const body = text.replace(/^[-+]/u, "");
  const prefix = body.slice(0, 2).toLowerCase();
  const radix = prefix === "0x" ? 16 : prefix === "0o" ? 8 : prefix === "0b" ? 2 : defaultRadix;
  const digits = radix !== defaultRadix || ["0x", "0o", "0b"].includes(prefix) ? body.slice(2) : body;
  const value = parseInt(digits, radix);
  return negative ? -value : value;
}

function parseFloatPython(text: string): number {
  const lower = text.toLowerCase();
  if (lower.endsWith("inf")) return lower.startsWith("-") ? -Infinity : Infinity;
  if (lower === "nan") return NaN;
  return Number(text);
}
