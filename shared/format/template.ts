// Splits a Python format string (`/{type}/{period}/{run}/…-{timestamp}-tier_raw.lh5`, `ch{ch:07d}/raw`)
// into literal and field parts. Both directions (build a name, parse a name) start from these parts.
import { type FormatSpec, TemplateError, parseFormatSpec } from "./spec.ts";

export interface LiteralPart {
  kind: "literal";
  text: string;
}

export interface FieldPart {
  kind: "field";
  name: string;
  /** The text after `:` as written, e.g. `07d`; "" when absent. */
  specText: string;
  spec: FormatSpec;
}

export type TemplatePart = LiteralPart | FieldPart;

const NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/u;
const cache = new Map<string, TemplatePart[]>();

/** Parses a template into parts; throws TemplateError for unbalanced braces or unsupported fields. */
export function parseTemplate(template: string): TemplatePart[] {
  const cached = cache.get(template);
  if (cached) return cached;
  const parts: TemplatePart[] = [];
  let literal = "";
  let i = 0;
  while (i < template.length) {
    const ch = template[i];
    if (ch === "{" && template[i + 1] === "{") {
      literal += "{";
      i += 2;
    } else if (ch === "}" && template[i + 1] === "}") {
      literal += "}";
      i += 2;
    } else if (ch === "}") {
      throw new TemplateError(`single '}' at position ${i} in template '${template}'`, template);
    } else if (ch === "{") {
      const close = template.indexOf("}", i + 1);
      const inner = close < 0 ? "" : template.slice(i + 1, close);
      if (close < 0 || inner.includes("{")) {
        throw new TemplateError(`unclosed '{' at position ${i} in template '${template}'`, template);
      }
      if (literal !== "") parts.push({ kind: "literal", text: literal });
      literal = "";
      parts.push(parseField(inner, template));
      i = close + 1;
    } else {
      literal += ch;
      i += 1;
    }
  }
  if (literal !== "") parts.push({ kind: "literal", text: literal });
  cache.set(template, parts);
  return parts;
}

function parseField(inner: string, template: string): FieldPart {
  const colon = inner.indexOf(":");
  const head = colon < 0 ? inner : inner.slice(0, colon);
  const specText = colon < 0 ? "" : inner.slice(colon + 1);
  if (head.includes("!")) {
    throw new TemplateError(`conversions ('${head}') are not supported in template '${template}'`, template);
  }
  if (!NAME_RE.test(head)) {
    const what = head === "" ? "anonymous field '{}'" : `field name '${head}'`;
    throw new TemplateError(`${what} is not supported in template '${template}': use {name}`, template);
  }
  return { kind: "field", name: head, specText, spec: parseFormatSpec(specText, template) };
}

/** The field names in order of first appearance, without repeats. */
export function templateFields(template: string): string[] {
  const names: string[] = [];
  for (const part of parseTemplate(template)) {
    if (part.kind === "field" && !names.includes(part.name)) names.push(part.name);
  }
  return names;
}
