// The per-folder step of a tier walk, shared by the main thread and the pool workers: list a folder, stat
// each entry once, match file names against the tier's template, and collect the files column by column
// (strings and numbers only, cheap to send between threads). Order: a folder's own files (sorted), then
// each sub-folder's files, depth first in sorted order; every walk path keeps that order.
import { type Stats, lstatSync, readdirSync, statSync } from "node:fs";
import { dirname, sep } from "node:path";
import {
  type TemplateKeys,
  type TemplateValue,
  TemplateMatcher,
  formatTemplate,
  newKeys,
} from "../../../../shared/format/index.ts";
import { FileRows } from "./rows.ts";
import type { ScanProblem } from "./scanner.ts";

/** What a walker needs to know about its tier: plain data, so it can be sent to a worker. */
export interface TierSpec {
  tier: string;
  /** The template of the tier's file names (file_format.{tier}). */
  template: string;
  /** Key names in the FileDB's order that the template has: the order of `FoundBatch.values`. */
  keyOrder: string[];
}

/** A folder to walk and its name relative to the tier folder (`/cal/p03/r001`, "" for the tier folder). */
export interface FolderRef {
  dir: string;
  rel: string;
}

/** Files of one tier that matched their template, column by column, in walk order. */
export interface FoundBatch {
  tier: string;
  /** The name relative to the tier folder, as the template sees it (`/cal/p03/…lh5`). */
  names: string[];
  sizes: number[] | Float64Array;
  /** Modification times, ms since the epoch. */
  mtimes: number[] | Float64Array;
  keyOrder: string[];
  /** Key values, flat: file i's value of `keyOrder[j]` is `values[i * keyOrder.length + j]`. */
  values?: TemplateValue[];
  /**
   * Or, compact for sending between threads (one string per file instead of one per key): file i's keys
   * as FileRows.keyText, with `numeric[j]` telling which keys are numbers (typed fields such as `{ch:d}`).
   */
  keyTexts?: string[];
  numeric?: boolean[];
  /** Files whose keys do not come back from their keyText (a -0, a key of two types): their values. */
  exceptions?: Record<number, TemplateValue[]>;
}

/** Where a walker puts each file that matched: a batch (sent back by a worker) or the rows directly. */
export interface FoundSink {
  add(name: string, size: number, mtime: number, keys: TemplateKeys): void;
}

/** A sink that collects the files into a batch, with flat values or (`compact`) keyTexts. */
export class BatchSink implements FoundSink {
  readonly batch: FoundBatch;

  constructor(spec: TierSpec, compact = false) {
    this.batch = emptyBatch(spec);
    if (compact) this.batch.keyTexts = [];
    else this.batch.values = [];
  }

  add(name: string, size: number, mtime: number, keys: TemplateKeys): void {
    const { batch } = this;
    const index = batch.names.length;
    batch.names.push(name);
    (batch.sizes as number[]).push(size);
    (batch.mtimes as number[]).push(mtime);
    if (batch.values) {
      for (const key of batch.keyOrder) batch.values.push(keys[key] as TemplateValue);
      return;
    }
    (batch.keyTexts as string[]).push(FileRows.keyText(batch.keyOrder, keys));
    batch.numeric ??= batch.keyOrder.map((key) => typeof keys[key] === "number");
    const numeric = batch.numeric;
    for (let j = 0; j < numeric.length; j++) {
      const value = keys[batch.keyOrder[j] as string];
      if (typeof value === "number" ? !numeric[j] || Object.is(value, -0) : numeric[j]) {
        (batch.exceptions ??= {})[index] = batch.keyOrder.map((key) => keys[key] as TemplateValue);
        break;
      }
    }
  }
}

/** Key values of file `i` of a batch, in keyOrder. */
export function batchValues(batch: FoundBatch, i: number): TemplateValue[] {
  const n = batch.keyOrder.length;
  if (batch.values) return batch.values.slice(i * n, i * n + n);
  const exception = batch.exceptions?.[i];
  if (exception) return exception;
  const texts = n === 0 ? [] : (batch.keyTexts?.[i] ?? "").split("\u0000");
  const numeric = batch.numeric ?? [];
  return texts.map((text, j) => (numeric[j] ? Number(text) : text));
}

/** The outcome of walking some folders of one tier (the files went to the sink). */
export interface TierWalkPart {
  /** Files that matched. */
  files: number;
  problems: ScanProblem[];
  /** Folders listed. */
  folders: number;
  /** Folders that could not be listed (then the tier was not walked completely). */
  unreadable: number;
}

/** A folder on the walk path: its identity (device and inode, the same through any link) and its path. */
interface PathFolder {
  id: string;
  dir: string;
}

export interface WalkHooks {
  before?: () => void;
  listed?: (folder: FolderRef) => void;
}

export function emptyBatch(spec: TierSpec): FoundBatch {
  return { tier: spec.tier, names: [], sizes: [], mtimes: [], keyOrder: spec.keyOrder };
}

/** Walks folders of one tier, appending to one part; `visit` lists one folder, `walk` whole subtrees. */
export class TierWalker {
  readonly part: TierWalkPart;
  private readonly matcher: TemplateMatcher;
  private readonly nested: boolean;

  /** `matcher`: the tier's compiled template when the caller has one (compiling costs more than a folder). */
  constructor(
    readonly spec: TierSpec,
    private readonly sink: FoundSink,
    matcher?: TemplateMatcher,
  ) {
    this.matcher = matcher ?? new TemplateMatcher(spec.template);
    this.nested = spec.template.includes("/");
    this.part = { files: 0, problems: [], folders: 0, unreadable: 0 };
  }

  /**
   * Lists `folder`: its matching files go into the part (problems for the rest), and its sub-folders are
   * returned in sorted order; null when the folder cannot be read.
   */
  visit(folder: FolderRef): FolderRef[] | null {
    return this.list(folder, walkPathOf(folder))?.subdirs ?? null;
  }

  /**
   * visit, given the folders from the tier folder down to `folder` (`path`, itself last): a sub-folder that
   * is one of them (a link back up, or a loop of links) is a problem, not walked again; the sub-folders
   * come back with their identities.
   */
  private list(
    folder: FolderRef,
    walkPath: readonly PathFolder[],
  ): { subdirs: FolderRef[]; ids: string[] } | null {
    const { dir, rel } = folder;
    const { part, sink } = this;
    const problems = part.problems;
    const tier = this.spec.tier;
    let names: string[];
    try {
      // Names only: the one stat per entry that size and mtime need also gives its type.
      names = readdirSync(dir);
    } catch (error) {
      part.unreadable += 1;
      problems.push({ file: dir, tier, reason: `cannot read folder: ${errnoText(error)}` });
      return null;
    }
    part.folders += 1;
    names.sort(); // UTF-16 code-unit order, the same for every run
    const subdirs: FolderRef[] = [];
    const ids: string[] = [];
    const atRoot = rel === "";
    for (const base of names) {
      const path = dir + sep + base;
      let stat: Stats | undefined;
      try {
        stat = statSync(path, { throwIfNoEntry: false });
      } catch (error) {
        problems.push({ file: path, tier, reason: `cannot stat: ${errnoText(error)}` });
        continue;
      }
      if (stat === undefined) {
        const link = lstatSync(path, { throwIfNoEntry: false })?.isSymbolicLink() ?? false;
        problems.push({
          file: path,
          tier,
          reason: link ? "broken symbolic link" : "vanished during the scan",
        });
        continue;
      }
      if (stat.isDirectory()) {
        const id = folderId(stat);
        const again = walkPath.find((on) => on.id === id);
        if (again !== undefined) {
          problems.push({
            file: path,
            tier,
            reason: `folder loop: this is ${again.dir} again (not walked twice)`,
          });
          continue;
        }
        subdirs.push({ dir: path, rel: `${rel}/${base}` });
        ids.push(id);
        continue;
      }
      if (!stat.isFile()) continue;
      if (!this.nested && !atRoot) {
        problems.push({
          file: path,
          tier,
          reason: `in a sub-folder, but file_format.${tier} '${this.spec.template}' has no folders`,
        });
        continue;
      }
      const name = this.nested ? `${rel}/${base}` : base;
      const keys = this.matcher.parseExact(name);
      if (keys === null) {
        problems.push({ file: path, tier, reason: mismatchReason(this.matcher, name) });
        continue;
      }
      part.files += 1;
      sink.add(name, stat.size, stat.mtimeMs, keys);
    }
    return { subdirs, ids };
  }

  /**
   * Walks each folder's whole subtree, in order. `before` runs before each folder (to stop on cancel),
   * `listed` after each folder that could be listed (progress).
   */
  walk(folders: readonly FolderRef[], hooks: WalkHooks = {}): void {
    // Each folder to list with the walk path down to it: cycles are found against the path, not against
    // every folder seen, so a folder reached by two different links is still walked under both names.
    const stack = [...folders].reverse().map((folder) => ({ folder, path: walkPathOf(folder) }));
    while (stack.length > 0) {
      const { folder, path } = stack.pop() as { folder: FolderRef; path: PathFolder[] };
      hooks.before?.();
      const listed = this.list(folder, path);
      if (listed === null) continue;
      hooks.listed?.(folder);
      const { subdirs, ids } = listed;
      for (let i = subdirs.length - 1; i >= 0; i--) {
        const sub = subdirs[i] as FolderRef;
        stack.push({ folder: sub, path: [...path, { id: ids[i] as string, dir: sub.dir }] });
      }
    }
  }
}

function folderId(stat: Stats): string {
  return `${stat.dev}:${stat.ino}`;
}

/**
 * The folders from the tier folder down to `folder` (itself last), found from its path: a walk may start
 * below the tier folder (a pool worker's subtree, a scan of some sub-folders) and still has to see a link
 * back to a folder above where it started. `rel` tells how many levels lie between.
 */
function walkPathOf(folder: FolderRef): PathFolder[] {
  const levels = folder.rel.split("/").filter((part) => part !== "").length;
  const path: PathFolder[] = [];
  let dir = folder.dir;
  for (let level = 0; level <= levels; level++) {
    try {
      const stat = statSync(dir, { throwIfNoEntry: false });
      if (stat?.isDirectory()) path.push({ id: folderId(stat), dir });
    } catch {
      // a folder above that cannot be looked at: listing `folder` reports what matters
    }
    dir = dirname(dir);
  }
  return path.reverse();
}

/** Key values of file `i` of a batch as a keys object. */
export function batchKeys(batch: FoundBatch, i: number): TemplateKeys {
  const values = batchValues(batch, i);
  const keys = newKeys();
  batch.keyOrder.forEach((key, j) => (keys[key] = values[j] as TemplateValue));
  return keys;
}

/**
 * Why a name was refused: it does not match (or repeats a field with other text), or it matches only
 * loosely, so its keys would rebuild another name and the FileDB would point at a file that is not there.
 */
function mismatchReason(matcher: TemplateMatcher, name: string): string {
  const result = matcher.explain(name);
  if (!result.ok) return result.reason;
  const rebuilt = safeFormat(matcher.template, result.keys);
  return `name matches template '${matcher.template}' only loosely: its keys rebuild '${rebuilt ?? "?"}'`;
}

function safeFormat(template: string, keys: TemplateKeys): string | null {
  try {
    return formatTemplate(template, keys);
  } catch {
    return null;
  }
}

export function errnoText(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  return e.code !== undefined ? `${e.code} (${e.message.replace(/^\w+: /u, "")})` : String(error);
}
