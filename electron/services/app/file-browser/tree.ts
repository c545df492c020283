// The tree of one LH5 file as the file browser shows it: one group's direct children per call
// (metadata only, through the reader's listing, so attributes equal `ls --json`), each with its LGDO
// kind, units, row count and the one-click views it offers.
import { statSync } from "node:fs";
import { basename } from "node:path";
import type {
  Lh5FileSummary,
  Lh5Node,
  Lh5NodeType,
  Lh5PathMatches,
} from "../../../../shared/api/file-browser.ts";
import type { Lh5Entry, Lh5File } from "../../lh5/reader.ts";
import { normalizePath } from "../../lh5/reader.ts";

/** Waveform tables hold these columns (lh5-format.md §1): values plus their time axis. */
const WAVEFORM_FIELDS = ["values", "t0", "dt"];

function nodeType(entry: Lh5Entry): Lh5NodeType {
  if (entry.kind === "link") return "link";
  const type = entry.lgdoType;
  if (type === null) return entry.kind;
  if (type.kind === "struct" && type.implicit === true) return "group";
  return type.kind;
}

/** Rows of a table, array, VoV or encoded array, null for anything that has none or cannot say. */
function rowsOf(file: Lh5File, entry: Lh5Entry, type: Lh5NodeType): number | null {
  if (entry.kind === "dataset" && entry.shape !== null && entry.shape.length > 0 && type !== "scalar")
    return entry.shape[0] ?? null;
  if (type !== "table" && type !== "vov" && type !== "encoded") return null;
  try {
    return file.nRows(entry.path);
  } catch {
    return null; // an empty or inconsistent table still lists; its page says what is wrong
  }
}

function isNumericDtype(dtype: string | null): boolean {
  return (
    dtype !== null && dtype !== "string" && !dtype.startsWith("complex") && !dtype.startsWith("compound")
  );
}

/** Which one-click views an object offers. */
function viewsOf(entry: Lh5Entry, type: Lh5NodeType): Lh5Node["views"] {
  const lgdo = entry.lgdoType;
  const fields = lgdo && "fields" in lgdo ? lgdo.fields : [];
  const numeric1d =
    entry.kind === "dataset" &&
    (type === "array" || type === "dataset") &&
    entry.shape?.length === 1 &&
    isNumericDtype(entry.dtype);
  const numeric2d =
    entry.kind === "dataset" && type === "array" && entry.shape?.length === 2 && isNumericDtype(entry.dtype);
  return {
    table: type === "table",
    histogram: numeric1d,
    waveforms:
      (type === "table" && WAVEFORM_FIELDS.every((f) => fields.includes(f))) ||
      type === "encoded" ||
      numeric2d ||
      (type === "vov" && lgdo?.kind === "vov" && lgdo.inner.kind === "array"),
  };
}

export function toNode(file: Lh5File, entry: Lh5Entry): Lh5Node {
  const type = nodeType(entry);
  const units = entry.attrs.units;
  const node: Lh5Node = {
    path: entry.path,
    name: entry.path.split("/").at(-1) ?? entry.path,
    kind: entry.kind,
    type,
    datatype: entry.datatype,
    shape: entry.shape,
    dtype: entry.dtype,
    filters: entry.filters ?? [],
    attrs: entry.attrs,
    units: typeof units === "string" ? units : null,
    nRows: rowsOf(file, entry, type),
    expandable: entry.kind === "group" && entry.softLink === undefined,
    views: viewsOf(entry, type),
    aliases: entry.aliases,
  };
  if (entry.datatypeError !== undefined) node.datatypeError = entry.datatypeError;
  if (entry.softLink !== undefined) node.softLink = entry.softLink;
  if (entry.brokenLink !== undefined) node.brokenLink = entry.brokenLink;
  return node;
}

/** The direct children of `group` ("" = the root). */
export function listGroup(file: Lh5File, group: string): Lh5Node[] {
  return file.list(normalizePath(group), { depth: 1 }).map((entry) => toNode(file, entry));
}

/**
 * Objects of the whole file whose path (or another path of the same object) contains `query`, case-insensitive;
 * at most `limit`. Reads the file's metadata once (the reader caches it for the next request).
 */
export function searchPaths(file: Lh5File, query: string, limit: number): Lh5PathMatches {
  const needle = query.trim().toLowerCase();
  const matches: Lh5Node[] = [];
  let truncated = false;
  if (needle === "") return { matches, truncated };
  for (const entry of file.list("", {})) {
    if (![entry.path, ...entry.aliases].some((p) => p.toLowerCase().includes(needle))) continue;
    if (matches.length === limit) {
      truncated = true;
      break;
    }
    matches.push(toNode(file, entry));
  }
  return { matches, truncated };
}

/** Name, size and the root's children. */
export function summarizeFile(file: Lh5File): Lh5FileSummary {
  return {
    path: file.path,
    name: basename(file.path),
    bytes: statSync(file.path).size,
    children: listGroup(file, ""),
  };
}
