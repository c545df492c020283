// Builds a name from keys the way Python's `str.format(**keys)` does, for the spec types that
// file and table templates use.
import { type FormatSpec, TemplateError } from "./spec.ts";
import { type FieldPart, parseTemplate } from "./template.ts";

export type TemplateValue = string | number;

/** Fills `template` with `values`; throws TemplateError naming a missing key or a type/spec clash. */
export function formatTemplate(template: string, values: Readonly<Record<string, TemplateValue>>): string {
  let out = "";
  for (const part of parseTemplate(template)) {
    if (part.kind === "literal") {
      out += part.text;
      continue;
    }
    if (!Object.hasOwn(values, part.name)) {
      throw new TemplateError(
        `template '${template}' needs key '${part.name}', which is not given`,
        template,
      );
    }
    out += formatValue(values[part.name] as TemplateValue, part.spec, part.specText, template);
  }
  return out;
}

/** One field of `template` filled with `value`, as formatTemplate writes it; throws TemplateError likewise. */
export function formatField(value: TemplateValue, part: FieldPart, template: string): string {
  return formatValue(value, part.spec, part.specText, template);
}

/** True when the field writes a string value back unchanged (`{run}`, `{type:s}`): no type, width or precision. */
export function isVerbatimField(part: FieldPart): boolean {
  const { spec } = part;
  return (
    (spec.type === undefined || spec.type === "s") && spec.width === undefined && spec.precision === undefined
  );
}

function formatValue(value: TemplateValue, spec: FormatSpec, specText: string, template: string): string {
  const type = spec.type;
  if (typeof value === "string") {
    if (type !== undefined && type !== "s") {
      throw new TemplateError(
        `Unknown format code '${type}' for object of type 'str' (value '${value}' in template '${template}')`,
        template,
      );
    }
    const text = spec.precision === undefined ? value : value.slice(0, spec.precision);
    return pad(text, spec, "<", "");
  }
  if (type === "s") {
    throw new TemplateError(
      `Unknown format code 's' for object of type 'int' (value ${value} in template '${template}')`,
      template,
    );
  }
  if (!Number.isFinite(value)) return pad(String(value), spec, ">", "");
  const negative = value < 0 || Object.is(value, -0);
  const magnitude = Math.abs(value);
  let digits: string;
  switch (type) {
    case undefined:
      digits = spec.precision === undefined ? String(magnitude) : magnitude.toPrecision(spec.precision);
      break;
    case "d":
    case "n":
      if (!Number.isInteger(value)) {
        throw new TemplateError(
          `Unknown format code 'd' for object of type 'float' (value ${value} in template '${template}')`,
          template,
        );
      }
      digits = magnitude.toString(10);
      break;
    case "x":
    case "X":
    case "o":
    case "b": {
      const radix = type === "o" ? 8 : type === "b" ? 2 : 16;
      digits = Math.trunc(magnitude).toString(radix);
      if (type === "X") digits = digits.toUpperCase();
      if (spec.alternate) digits = `0${type}${digits}`;
      break;
    }
    case "f":
    case "F":
      digits = magnitude.toFixed(spec.precision ?? 6);
      break;
    case "%":
      digits = `${(magnitude * 100).toFixed(spec.precision ?? 6)}%`;
      break;
    case "e":
    case "E":
      digits = pythonExponent(magnitude.toExponential(spec.precision ?? 6));
      if (type === "E") digits = digits.toUpperCase();
      break;
    case "g":
    case "G":
      digits = String(Number(magnitude.toPrecision(spec.precision ?? 6)));
      break;
    default:
      throw new TemplateError(
        `format spec '${specText}' cannot build a name (template '${template}')`,
        template,
      );
  }
  const sign = negative ? "-" : spec.sign === "+" ? "+" : spec.sign === " " ? " " : "";
  return pad(digits, spec, ">", sign);
}

// JS writes `1e+0`, Python `1e+00`.
function pythonExponent(text: string): string {
  return text.replace(/e([-+])(\d)$/u, "e$10$2");
}

function pad(body: string, spec: FormatSpec, defaultAlign: "<" | ">", sign: string): string {
  const width = spec.width ?? 0;
  const length = sign.length + body.length;
  if (length >= width) return sign + body;
  const zeroPad = spec.zero && spec.align === undefined;
  const fill = spec.fill ?? (zeroPad ? "0" : " ");
  const align = spec.align ?? (zeroPad ? "=" : defaultAlign);
  const room = width - length;
  switch (align) {
    case "<":
      return sign + body + fill.repeat(room);
    case "^":
      return fill.repeat(Math.floor(room / 2)) + sign + body + fill.repeat(room - Math.floor(room / 2));
    case "=":
      return sign + fill.repeat(room) + body;
    default:
      return fill.repeat(room) + sign + body;
  }
}
