// Python format-string templates for file and table names, both ways (flow-spec.md §1.5):
// `formatTemplate` builds a name like `str.format`, `TemplateMatcher` parses one back like PyPI `parse`.
export { type TemplateValue, formatTemplate } from "./build.ts";
export {
  type MatchResult,
  type MatcherOptions,
  type TemplateKeys,
  TemplateMatcher,
  newKeys,
} from "./match.ts";
export { type FormatSpec, TemplateError, parseFormatSpec } from "./spec.ts";
export {
  type FieldPart,
  type LiteralPart,
  type TemplatePart,
  parseTemplate,
  templateFields,
} from "./template.ts";
export { formatCount, formatNumber } from "./numbers.ts";
