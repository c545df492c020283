// The LGDO `datatype` attribute: parse it into an LgdoType (classification order of
// ../shared/lh5-format.md §1.2) and build it back for the writer (sorted field lists, as
// legend-pydataobj writes them).
import type { ElementType, Lgdo } from "./model.ts";

export type ArrayForm = "array" | "fixedsize_array" | "array_of_equalsized_arrays";
export type EncodedForm = "array_of_encoded_equalsized_arrays" | "vector_of_encoded_vectors";

/** The parsed `datatype` attribute of one LH5 object. */
export type LgdoType =
  | { kind: "scalar"; element: ElementType }
  /** `ndim` is N of array<N>/fixedsize_array<N>; 2 for array_of_equalsized_arrays<1,1>. */
  | { kind: "array"; form: ArrayForm; ndim: number; element: ElementType }
  /** `inner` is the datatype of `flattened_data`: an array<1> or another VoV. */
  | { kind: "vov"; inner: LgdoType }
  | { kind: "encoded"; form: EncodedForm; element: ElementType }
  | { kind: "histogram"; fields: string[] }
  /** `implicit`: a plain HDF5 group with no datatype attribute, treated as a struct. */
  | { kind: "struct"; fields: string[]; implicit?: boolean }
  | { kind: "table"; fields: string[] };

/** Longest datatype quoted whole in an error message; a longer one is shown by its head and length. */
const QUOTED_DATATYPE_CHARS = 120;

/** A `datatype` string that follows no LGDO rule. */
export class DatatypeError extends Error {
  override name = "DatatypeError";
  constructor(
    readonly datatype: string,
    reason: string,
  ) {
    const quoted =
      datatype.length <= QUOTED_DATATYPE_CHARS
        ? datatype
        : `${datatype.slice(0, QUOTED_DATATYPE_CHARS)}… (${datatype.length} characters)`;
    super(`unknown datatype '${quoted}': ${reason}`);
  }
}

/**
 * Deepest nesting of vectors of vectors accepted. LEGEND files nest two or three; a hostile file can nest
 * thousands, and each level is a recursive call here and in every reader of the type.
 */
export const MAX_DATATYPE_NESTING = 32;

const SCALAR_NAMES = new Set(["real", "bool", "complex", "string"]);
const HISTOGRAM_FIELDS = ["binning", "isdensity", "weights"];

/** The text between the first `{` after `prefix` and the matching last `}` (whole string). */
function braced(s: string, prefix: string): string | null {
  if (!s.startsWith(prefix) || !s.endsWith("}")) return null;
  return s.slice(prefix.length, -1);
}

function parseFieldList(s: string, body: string): string[] {
  if (body.trim() === "") return [];
  const fields = body.split(",").map((f) => f.trim());
  if (fields.some((f) => f === "" || /[{}]/.test(f))) {
    throw new DatatypeError(s, "field list must be comma-separated names without braces");
  }
  return fields;
}

/** Parses an element kind: real, bool, string, complex, blob, detectorid or enum{A=1,…}. */
export function parseElement(s: string, whole = s): ElementType {
  switch (s) {
    case "real":
    case "bool":
    case "string":
    case "complex":
    case "blob":
    case "detectorid":
      return { kind: s };
  }
  const body = braced(s, "enum{");
  if (body !== null) {
    const members = body.split(",").map((part) => {
      const m = /^\s*([^=\s]+)\s*=\s*(-?\d+)\s*$/.exec(part);
      if (!m?.[1] || !m[2]) throw new DatatypeError(whole, `bad enum member '${part}'`);
      return { name: m[1], value: Number(m[2]) };
    });
    return { kind: "enum", members };
  }
  throw new DatatypeError(whole, `unknown element type '${s}'`);
}

/** Parses `<N>{elem}` or `<N,M>{elem}` after a prefix such as `array`. */
function parseDimsAndElement(s: string, rest: string): { dims: number[]; element: string } | null {
  const m = /^<\s*(\d+)\s*(?:,\s*(\d+)\s*)?>\{(.*)\}$/s.exec(rest);
  if (!m?.[1] || m[3] === undefined) return null;
  const dims = [Number(m[1])];
  if (m[2] !== undefined) dims.push(Number(m[2]));
  if (dims.some((d) => d < 1)) throw new DatatypeError(s, "dimensions must be at least 1");
  return { dims, element: m[3] };
}

/**
 * Parses a `datatype` attribute. Throws DatatypeError on strings no LGDO reader accepts.
 * Rules are tried in the order of lh5-format.md §1.2: the first match wins.
 */
export function parseDatatype(datatype: string): LgdoType {
  return parseNested(datatype, datatype, 0);
}

/** parseDatatype() of `datatype`, found `depth` vector-of-vector levels inside `whole`. */
function parseNested(datatype: string, whole: string, depth: number): LgdoType {
  const s = datatype.trim();
  if (SCALAR_NAMES.has(s)) return { kind: "scalar", element: parseElement(s, datatype) };

  if (s.startsWith("array<1>{array<1>{") || s.startsWith("array<1>{array<")) {
    const inner = braced(s, "array<1>{");
    if (inner !== null && inner.startsWith("array<")) {
      if (depth >= MAX_DATATYPE_NESTING) {
        throw new DatatypeError(whole, `vectors of vectors nested more than ${MAX_DATATYPE_NESTING} deep`);
      }
      const innerType = parseNested(inner, whole, depth + 1);
      if (innerType.kind === "array" && innerType.form === "array" && innerType.ndim !== 1) {
        throw new DatatypeError(datatype, "a vector of vectors holds array<1> rows");
      }
      return { kind: "vov", inner: innerType };
    }
  }
  const encVov = braced(s, "array<1>{encoded_array<1>{");
  if (encVov !== null && encVov.endsWith("}")) {
    return {
      kind: "encoded",
      form: "vector_of_encoded_vectors",
      element: parseElement(encVov.slice(0, -1), datatype),
    };
  }
  if (s.startsWith("array_of_encoded_equalsized_arrays")) {
    const parsed = parseDimsAndElement(datatype, s.slice("array_of_encoded_equalsized_arrays".length));
    if (!parsed || parsed.dims.join(",") !== "1,1") {
      throw new DatatypeError(datatype, "expected array_of_encoded_equalsized_arrays<1,1>{…}");
    }
    return {
      kind: "encoded",
      form: "array_of_encoded_equalsized_arrays",
      element: parseElement(parsed.element, datatype),
    };
  }
  const structBody = braced(s, "struct{");
  if (structBody !== null) {
    const fields = parseFieldList(datatype, structBody);
    const sorted = [...fields].sort();
    if (sorted.length === 3 && sorted.every((f, i) => f === HISTOGRAM_FIELDS[i])) {
      return { kind: "histogram", fields };
    }
    return { kind: "struct", fields };
  }
  const tableBody = braced(s, "table{");
  if (tableBody !== null) return { kind: "table", fields: parseFieldList(datatype, tableBody) };

  for (const form of ["fixedsize_array", "array_of_equalsized_arrays", "array"] as const) {
    if (!s.startsWith(form + "<")) continue;
    const parsed = parseDimsAndElement(datatype, s.slice(form.length));
    if (!parsed) break;
    if (form === "array_of_equalsized_arrays" && parsed.dims.join(",") !== "1,1") {
      throw new DatatypeError(datatype, "only array_of_equalsized_arrays<1,1>{…} is defined");
    }
    if (form !== "array_of_equalsized_arrays" && parsed.dims.length !== 1) {
      throw new DatatypeError(datatype, `${form}<N> takes one dimension count`);
    }
    const ndim = form === "array_of_equalsized_arrays" ? 2 : (parsed.dims[0] ?? 1);
    return { kind: "array", form, ndim, element: parseElement(parsed.element, datatype) };
  }
  throw new DatatypeError(datatype, "no LGDO type matches");
}

/** The element name as written inside a datatype string. */
export function formatElement(element: ElementType): string {
  if (element.kind !== "enum") return element.kind;
  return `enum{${element.members.map((m) => `${m.name}=${m.value}`).join(",")}}`;
}

/** Builds the datatype string of a parsed type (field lists kept in the given order). */
export function formatDatatype(type: LgdoType): string {
  switch (type.kind) {
    case "scalar":
      return formatElement(type.element);
    case "array":
      return type.form === "array_of_equalsized_arrays"
        ? `array_of_equalsized_arrays<1,1>{${formatElement(type.element)}}`
        : `${type.form}<${type.ndim}>{${formatElement(type.element)}}`;
    case "vov":
      return `array<1>{${formatDatatype(type.inner)}}`;
    case "encoded":
      return type.form === "array_of_encoded_equalsized_arrays"
        ? `array_of_encoded_equalsized_arrays<1,1>{${formatElement(type.element)}}`
        : `array<1>{encoded_array<1>{${formatElement(type.element)}}}`;
    case "histogram":
    case "struct":
      return `struct{${type.fields.join(",")}}`;
    case "table":
      return `table{${type.fields.join(",")}}`;
  }
}

/** The LgdoType of an in-memory object, field lists sorted as legend-pydataobj builds them. */
export function lgdoTypeOf(obj: Lgdo): LgdoType {
  switch (obj.kind) {
    case "scalar":
      return { kind: "scalar", element: obj.element };
    case "array":
      return {
        kind: "array",
        form: obj.form,
        ndim: obj.form === "array_of_equalsized_arrays" ? 2 : obj.shape.length,
        element: obj.element,
      };
    case "vov":
      return { kind: "vov", inner: lgdoTypeOf(obj.flattened) };
    case "encoded":
      return { kind: "encoded", form: obj.form, element: obj.element };
    case "histogram":
      return { kind: "histogram", fields: [...HISTOGRAM_FIELDS] };
    case "struct":
      return { kind: "struct", fields: Object.keys(obj.fields).sort() };
    case "table":
      return { kind: "table", fields: Object.keys(obj.columns).sort() };
  }
}

/** The datatype string the writer puts on an in-memory object. */
export function datatypeOf(obj: Lgdo): string {
  return formatDatatype(lgdoTypeOf(obj));
}

/** A short human name for listings, e.g. `table`, `vov`, `array<1>{real}`. */
export function describeType(type: LgdoType | null): string {
  return type === null ? "group" : formatDatatype(type);
}
