// Lists one file's tables for a tier's `table_format` and each table's column names (flow-spec.md §1.9).
// Runs inside scan workers: it opens the file read-only, lists group keys only, and always closes it.
import { TemplateMatcher, templateFields } from "../../../../shared/format/index.ts";
import { toLH5Error } from "../../lh5/errors.ts";
import { keepBlocksWhile } from "../../lh5/block-reads.ts";
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

/** The one h5wasm call a table listing needs: the link names of a group, or null (missing, not a group). */
interface Lister {
  names(path: string): string[] | null;
}

/** Byte-wise name order, as HDF5 and h5py list links (upper case first). */
export function byName(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const matchers = new Map<string, TemplateMatcher>();
function matcherFor(template: string): TemplateMatcher {
  let matcher = matchers.get(template);
  if (!matcher) matchers.set(template, (matcher = new TemplateMatcher(template)));
  return matcher;
}

function fnmatchRegExp(pattern: string): RegExp {
  const body = pattern.replace(/[.+^${}()|[\]\\?]/gu, "\\$&").replace(/\*/gu, ".*");
  return new RegExp(`^${body}$`, "su");
}

/** Opens `path` and lists the tables of `tableFormat`; never throws (a bad file gives ok: false). */
export async function listFileTables(path: string, tableFormat: string): Promise<FileTablesResult> {
  await initH5();
  return listFileTablesNow(path, tableFormat);
}

/**
 * listFileTables once initH5() has resolved: synchronous from open to close, every metadata block it reads
 * kept meanwhile (lh5/block-reads.ts). Low-level module calls only: open, one listing per group, close.
 */
export function listFileTablesNow(path: string, tableFormat: string): FileTablesResult {
  const { module } = getH5();
  return keepBlocksWhile(() => {
    let id: bigint | null = null;
    try {
      id = module.open(path, module.H5F_ACC_RDONLY, false, -1, -1);
      const file = id;
      // get_names throws for a dataset or a missing path: that is "not a group" here.
      const lister: Lister = {
        names: (p) => {
          try {
            return module.get_names(file, `/${p}`, false);
          } catch {
            return null;
          }
        },
      };
      return { ok: true, value: listTables(lister, tableFormat) };
    } catch (error) {
      return { ok: false, reason: toLH5Error(error, path, undefined, "open").message };
    } finally {
      try {
        if (id !== null) module.close_file(id);
      } catch {
        // nothing was read after the listing; a failed close loses nothing
      }
    }
  });
}

function listTables(file: Lister, tableFormat: string): FileTables {
  const template = tableFormat.endsWith("/") ? tableFormat.slice(0, -1) : tableFormat;
  const field = templateFields(template)[0];
  const skipped: string[] = [];
  if (field === undefined) {
    const names = file.names(template);
    if (names === null) {
      skipped.push(`no table '${template}'`);
      return { tables: [], columns: [], skipped };
    }
    return { tables: [0], columns: [names.sort(byName)], skipped };
  }
  const matcher = matcherFor(template);
  const wildcard = template.replace(/\{[^{}]*\}/u, "*");
  const tables: TableId[] = [];
  const columns: string[][] = [];
  for (const name of globLevels(
    file,
    wildcard.split("/").filter((s) => s !== ""),
  )) {
    const id = matcher.match(name)?.[field];
    if (id === undefined) {
      skipped.push(`'${name}' does not match table_format '${template}'`);
      continue;
    }
    const names = file.names(name);
    if (names !== null) {
      tables.push(id);
      columns.push(names.sort(byName));
    }
  }
  return { tables, columns, skipped };
}

/**
 * lgdo's `ls` with a wildcard: fnmatch on each `/`-separated level, in name order. Literal levels are
 * appended unchecked; the caller's listing drops paths that are not groups.
 */
function globLevels(file: Lister, levels: string[]): string[] {
  let current = [""];
  for (const level of levels) {
    if (!/[*?[]/u.test(level)) {
      current = current.map((parent) => (parent === "" ? level : `${parent}/${level}`));
      continue;
    }
    const re = fnmatchRegExp(level);
    const next: string[] = [];
    for (const parent of current) {
      const prefix = parent === "" ? "" : `${parent}/`;
      for (const key of (file.names(parent) ?? []).sort(byName)) if (re.test(key)) next.push(prefix + key);
    }
    current = next;
  }
  return current;
}
