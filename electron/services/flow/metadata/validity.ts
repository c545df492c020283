// LEGEND metadata validity files (`validity.yaml`): which files apply at a timestamp, per category.
// Follows dbetto's Catalog for YAML files: entries are taken in file order; each entry changes the
// running file list of each of its categories (`reset`, `append` (default), `remove`, `replace`
// [old, new]); a category's first entry is a reset; then every category is ordered by time.
// A category with no entry valid at the timestamp falls back to `all`.
import { parse } from "yaml";
import { readTextFile } from "../../fs/regular-file.ts";

export interface ValidityEntry {
  /** `YYYYMMDDTHHMMSSZ`; such keys sort in time order as text. */
  validFrom: string;
  files: readonly string[];
}

export class MetadataError extends Error {
  override name = "MetadataError";
}

const TIMESTAMP = /^\d{8}T\d{6}Z$/;

export function checkTimestamp(timestamp: string, what: string): string {
  if (!TIMESTAMP.test(timestamp)) {
    throw new MetadataError(`${what}: '${timestamp}' is not a timestamp of the form 20230318T012144Z`);
  }
  return timestamp;
}

function stringList(value: unknown, where: string, key: string): string[] {
  const list = typeof value === "string" ? [value] : value;
  if (!Array.isArray(list) || !list.every((item): item is string => typeof item === "string")) {
    throw new MetadataError(`${where}: '${key}' must be a string or a list of strings`);
  }
  return list;
}

export class ValidityCatalog {
  private constructor(
    /** Per category, entries in time order. */
    readonly entries: ReadonlyMap<string, readonly ValidityEntry[]>,
  ) {}

  static readFile(path: string): ValidityCatalog {
    let items: unknown;
    try {
      items = parse(readTextFile(path));
    } catch (error) {
      throw new MetadataError(`Cannot read validity file ${path}: ${(error as Error).message}`, {
        cause: error,
      });
    }
    return ValidityCatalog.fromItems(items, path);
  }

  static fromItems(items: unknown, source: string): ValidityCatalog {
    if (!Array.isArray(items)) throw new MetadataError(`${source}: a validity file is a list of entries`);
    const running = new Map<string, ValidityEntry[]>();
    items.forEach((item: unknown, index) => {
      const where = `${source}, entry ${index + 1}`;
      if (item === null || typeof item !== "object") throw new MetadataError(`${where}: not a mapping`);
      const props = item as Record<string, unknown>;
      const rawFrom = props.valid_from;
      const validFrom = checkTimestamp(
        typeof rawFrom === "string" ? rawFrom : String(JSON.stringify(rawFrom)),
        `${where}, valid_from`,
      );
      const categories = stringList(props.category ?? "all", where, "category");
      const files = stringList(props.apply, where, "apply");
      const mode = props.mode ?? "append";
      for (const category of categories) {
        const list = running.get(category) ?? [];
        const previous = list.length > 0 ? list[list.length - 1]!.files : undefined;
        list.push({ validFrom, files: applyMode(mode, previous, files, where) });
        running.set(category, list);
      }
    });
    const sorted = new Map<string, readonly ValidityEntry[]>();
    for (const [category, list] of running) {
      // A stable sort keeps file order for entries with the same timestamp; the later one wins below.
      sorted.set(
        category,
        [...list].sort((a, b) => (a.validFrom < b.validFrom ? -1 : a.validFrom > b.validFrom ? 1 : 0)),
      );
    }
    return new ValidityCatalog(sorted);
  }

  /**
   * The entry in force at `timestamp` for `category`. A category with entries of its own is resolved
   * from those alone (not merged with `all`); without a valid one it falls back to `all`. This is
   * dbetto's lookup; its newer "an `all` entry is broadcast to every category" rule is not used,
   * because validity files written for the file-order rule (like the test metadata) break under it.
   */
  validFor(timestamp: string, category = "all"): (ValidityEntry & { category: string }) | undefined {
    const own = latestAt(this.entries.get(category), timestamp);
    if (own) return { ...own, category };
    return category === "all" ? undefined : this.validFor(timestamp, "all");
  }

  categories(): string[] {
    return [...this.entries.keys()];
  }
}

function applyMode(
  mode: unknown,
  previous: readonly string[] | undefined,
  files: readonly string[],
  where: string,
): string[] {
  if (previous === undefined || mode === "reset") return [...files];
  switch (mode) {
    case "append":
      return [...previous, ...files];
    case "remove": {
      const missing = files.filter((file) => !previous.includes(file));
      if (missing.length > 0)
        throw new MetadataError(`${where}: cannot remove ${missing.join(", ")}: not in force`);
      return previous.filter((file) => !files.includes(file));
    }
    case "replace": {
      if (files.length !== 2)
        throw new MetadataError(`${where}: 'replace' needs [old, new], got ${files.length} files`);
      const [old, replacement] = files as [string, string];
      if (!previous.includes(old)) throw new MetadataError(`${where}: cannot replace ${old}: not in force`);
      return [...previous.filter((file) => file !== old), replacement];
    }
    default:
      throw new MetadataError(`${where}: unknown mode '${String(mode)}' (reset, append, remove or replace)`);
  }
}

/** The last entry valid at `timestamp` (entries are in time order; among equal times the later one). */
function latestAt(list: readonly ValidityEntry[] | undefined, timestamp: string): ValidityEntry | undefined {
  let found: ValidityEntry | undefined;
  for (const entry of list ?? []) if (entry.validFrom <= timestamp) found = entry;
  return found;
}
