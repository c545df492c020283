// Files an export or entry list must never replace, even with overwrite: the open dataset's own files
// (every tier the FileDB lists, its config) and the app's state in its data folder (session, recent list,
// demo dataset). Inside the data folder only the exports folder takes output.
import { basename } from "node:path";
import { canonical, RootSet } from "./roots.ts";

/** A refused output path; `file` names it and the message says why. */
export class ProtectedTargetError extends Error {
  override name = "ProtectedTarget";
  readonly code = "protected-target";
  readonly file: string;
  constructor(path: string, reason: string) {
    super(`cannot write '${path}': ${reason}`);
    this.file = path;
  }
}

export interface WriteContext {
  /** The app's data folder and, inside it, the folder exports may go to. */
  dataDir: string;
  exportDir: string;
  /** The open dataset's files (tier files, config, source); read once per dataset. */
  datasetFiles: () => string[];
  datasetId: string;
}

/** The canonical paths of the last dataset's files, by file name (computed once per dataset). */
let indexed: { datasetId: string; byName: Map<string, string[]> } | null = null;

function datasetFilesNamed(context: WriteContext, name: string): string[] {
  if (indexed?.datasetId !== context.datasetId) {
    const byName = new Map<string, string[]>();
    for (const file of context.datasetFiles()) {
      const list = byName.get(basename(file)) ?? [];
      list.push(file);
      byName.set(basename(file), list);
    }
    indexed = { datasetId: context.datasetId, byName };
  }
  return indexed.byName.get(name) ?? [];
}

/** Throws ProtectedTargetError when `target` (an absolute, allowed path) is one the app must not write. */
export function checkWriteTarget(target: string, context: WriteContext): void {
  const path = canonical(target);
  if (new RootSet([context.dataDir]).contains(path) && !new RootSet([context.exportDir]).contains(path))
    throw new ProtectedTargetError(
      target,
      `it is inside the app's data folder, which holds its session, recent list and demo dataset; save into ${context.exportDir} or a folder you opened`,
    );
  // only a dataset file named like the target (as given, or with its links resolved) can be the same file
  const names = new Set([basename(target), basename(path)]);
  const candidates = [...names].flatMap((name) => datasetFilesNamed(context, name));
  const same = candidates.find((file) => canonical(file) === path);
  if (same !== undefined)
    throw new ProtectedTargetError(target, "it is a file of the open dataset (a tier file or its config)");
}
