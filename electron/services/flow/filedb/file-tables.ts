// Lists one file's tables for a tier's `table_format` and each table's column names (flow-spec.md §1.9).
// Runs inside scan workers: it opens the file read-only, lists group keys only, and always closes it.
import { TemplateMatcher, templateFields } from "../../../../shared/format/index.ts";
import { toLH5Error } from "../../lh5/errors.ts";
import { getH5, initH5 } from "../../lh5/h5.ts";
import type { TableId } from "./config.ts";

export interface FileTables {
  /** Table ids in HDF5 name order (`[0]` for a template without a field, as pygama). */
  tables: TableId[];
  /** Name-sorted column names per table, aligned with `tables`. */
  columns: string[][];
  /** Groups that looked like tables but could not be used, with the reason. */
  skipped: string[];
}

export type FileTablesResult = { ok: true; value: FileTables } | { ok: false; reason: string };

interface H5Group {
  keys(): string[];
  get(path: string): unknown;
}

/** Byte-wise name order, as HDF5 and h5py list links (upper case first). */
export function byName(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function fnmatchRegExp(pattern: string): RegExp {
  const body = pattern.replace(/[.+^${}()|[\]\\?]/gu, "\\$&").replace(/\*/gu, ".*");
  return new RegExp(`^${body}$`, "su");
}

function isGroup(value: unknown): value is H5Group {
  return typeof value === "object" && value !== null && (value as { type?: string }).type === "Group";
}

/** Opens `path` and lists the tables of `tableFormat`; never throws (a bad file gives ok: false). */
export async function listFileTables(path: string, tableFormat: string): Promise<FileTablesResult> {
  await initH5();
  const { h5 } = getH5();
  let file: InstanceType<typeof h5.File> | null = null;
  try {
    file = new h5.File(path, "r");
    return { ok: true, value: listTables(file, tableFormat) };
  } catch (error) {
    return { ok: false, reason: toLH5Error(error, path, undefined, "open").message };
  } finally {
    try {
      file?.close();
    } catch {
      // a file that failed to open has nothing to close
    }
  }
}

function listTables(file: H5Group, tableFormat: string): FileTables {
  const template = tableFormat.endsWith("/") ? tableFormat.slice(0, -1) : tableFormat;
  const field = templateFields(template)[0];
  const skipped: string[] = [];
  if (field === undefined) {
    const group = groupAt(file, template);
    if (!group) {
      skipped.push(`no table '${template}'`);
      return { tables: [], columns: [], skipped };
    }
    return { tables: [0], columns: [group.keys().sort(byName)], skipped };
  }
  const matcher = new TemplateMatcher(template);
  const wildcard = template.replace(/\{[^{}]*\}/u, "*");
  const tables: TableId[] = [];
  const columns: string[][] = [];
  for (const name of globLevels(
    file,
    wildcard.split("/").filter((s) => s !== ""),
  )) {
    const keys = matcher.match(name);
    const id = keys?.[field];
    const group = groupAt(file, name);
    if (id === undefined) skipped.push(`'${name}' does not match table_format '${template}'`);
    else if (!group) skipped.push(`'${name}' is not a table (group)`);
    else {
      tables.push(id);
      columns.push(group.keys().sort(byName));
    }
  }
  return { tables, columns, skipped };
}

function groupAt(file: H5Group, path: string): H5Group | null {
  try {
    const obj = file.get(path);
    return isGroup(obj) ? obj : null;
  } catch {
    return null;
  }
}

/** lgdo's `ls` with a wildcard: fnmatch on each `/`-separated level, in name order. */
function globLevels(file: H5Group, levels: string[]): string[] {
  let current = [""];
  for (const level of levels) {
    const next: string[] = [];
    const literal = !/[*?[]/u.test(level);
    const re = fnmatchRegExp(level);
    for (const parent of current) {
      const group = parent === "" ? file : groupAt(file, parent);
      if (!group) continue;
      const prefix = parent === "" ? "" : `${parent}/`;
      if (literal) {
        if (group.keys().includes(level)) next.push(prefix + level);
        continue;
      }
      for (const key of group.keys().sort(byName)) if (re.test(key)) next.push(prefix + key);
    }
    current = next;
  }
  return current;
}
