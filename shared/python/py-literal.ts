// Python source literals for generated code. Every user-provided text (paths, cuts, column names)
// reaches the generated script only through these, so it stays data and the script stays valid.

/** JSON-like values that have a Python literal. */
export type PyValue =
  string | number | boolean | null | readonly PyValue[] | { readonly [key: string]: PyValue };

export class PythonLiteralError extends Error {
  override name = "PythonLiteralError";
}

/** A double-quoted Python str literal of `text`: backslashes, quotes, control characters and lone surrogates escaped. */
export function pyStr(text: string): string {
  let out = '"';
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const ch = text[i]!;
    if (ch === "\\") out += "\\\\";
    else if (ch === '"') out += '\\"';
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, "0")}`;
    else if (
      code >= 0xd800 &&
      code <= 0xdbff &&
      i + 1 < text.length &&
      isLowSurrogate(text.charCodeAt(i + 1))
    ) {
      out += ch + text[i + 1]!; // a valid pair is one character in the UTF-8 source
      i++;
    } else if (code >= 0xd800 && code <= 0xdfff) out += `\\u${code.toString(16).padStart(4, "0")}`;
    else if (code === 0x2028 || code === 0x2029 || code === 0x85)
      out += `\\u${code.toString(16).padStart(4, "0")}`;
    else out += ch;
  }
  return out + '"';
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** A Python number literal; NaN and ±inf as float("nan") / float("inf") / -float("inf"). */
export function pyNumber(value: number): string {
  if (Number.isNaN(value)) return 'float("nan")';
  if (value === Infinity) return 'float("inf")';
  if (value === -Infinity) return '-float("inf")';
  if (Object.is(value, -0)) return "-0.0";
  return String(value); // JS shortest round-trip form ("1e+21", "0.1") is valid Python too
}

/** A Python float literal (always with a point or exponent, so numpy sees floats). */
export function pyFloat(value: number): string {
  const text = pyNumber(value);
  return /^-?\d+$/.test(text) ? `${text}.0` : text;
}

/** A Python literal for a JSON-like value: dicts, lists, str, numbers, True/False/None. */
export function pyValue(value: PyValue): string {
  if (value === null) return "None";
  if (typeof value === "string") return pyStr(value);
  if (typeof value === "number") return pyNumber(value);
  if (typeof value === "boolean") return value ? "True" : "False";
  if (Array.isArray(value)) return `[${(value as readonly PyValue[]).map(pyValue).join(", ")}]`;
  if (typeof value === "object") {
    const entries = Object.entries(value as { readonly [key: string]: PyValue });
    return `{${entries.map(([k, v]) => `${pyStr(k)}: ${pyValue(v)}`).join(", ")}}`;
  }
  throw new PythonLiteralError(`no Python literal for a value of type ${typeof value}`);
}

/** A list literal of strings, one per line when long. */
export function pyStrList(items: readonly string[], indent = ""): string {
  const flat = `[${items.map(pyStr).join(", ")}]`;
  if (flat.length + indent.length <= 100) return flat;
  return `[\n${items.map((s) => `${indent}    ${pyStr(s)},`).join("\n")}\n${indent}]`;
}
