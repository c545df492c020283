// One folder for the web-mode file chooser: names, kinds and sizes, never contents. Hidden entries
// (settings, keys) are left out, and so is the inside of hidden home folders and system folders that
// hold no data (/proc, /sys, /dev).
import { readdirSync, statSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import type { ChooserPurpose, FolderEntry, FolderListing } from "../../../shared/api/types.ts";
import { canonical, ForbiddenPathError } from "./roots.ts";

/** More entries than this are cut (a folder of a million files would otherwise flood the page). */
export const MAX_LISTED = 5000;

/** What the Open chooser offers: configs (JSON/YAML) and LH5 files (saved FileDBs, entry lists). */
const OPENABLE = /\.(json|ya?ml|lh5)$/i;

const UNLISTED = ["/proc", "/sys", "/dev"];

function isInside(folder: string, path: string): boolean {
  const rel = relative(folder, path);
  return rel === "" || (!rel.startsWith("..") && !isAbsolute(rel));
}

/** Why `folder` is not listed, or null. */
function listingRefusal(folder: string, home: string): string | null {
  if (UNLISTED.some((root) => isInside(root, folder))) return "a system folder";
  const inHome = relative(home, folder);
  if (isInside(home, folder) && inHome.split("/").some((part) => part.startsWith(".")))
    return "a hidden folder of your home folder (settings, keys)";
  return null;
}

export function listFolder(
  path: string,
  purpose: ChooserPurpose,
  places: { label: string; path: string }[],
  home: string = homedir(),
): FolderListing {
  if (!isAbsolute(path)) throw new ForbiddenPathError(path, `'${path}' is not an absolute path`);
  const folder = canonical(path);
  const refusal = listingRefusal(folder, canonical(home));
  if (refusal !== null) throw new ForbiddenPathError(path, `the chooser does not list '${path}': ${refusal}`);
  const names = readdirSync(folder).filter((name) => !name.startsWith("."));
  const entries: FolderEntry[] = [];
  for (const name of names.sort((a, b) => a.localeCompare(b))) {
    if (entries.length >= MAX_LISTED) break;
    try {
      const stat = statSync(join(folder, name)); // follows links: a link to a folder is a folder
      if (stat.isDirectory()) entries.push({ name, kind: "folder", size: 0, matches: true });
      else if (stat.isFile())
        entries.push({
          name,
          kind: "file",
          size: stat.size,
          matches: purpose === "save" || OPENABLE.test(name),
        });
    } catch {
      // a link that leads nowhere or an entry we may not stat: not something to pick
    }
  }
  entries.sort((a, b) => (a.kind === b.kind ? 0 : a.kind === "folder" ? -1 : 1));
  const parent = dirname(folder) === folder ? null : dirname(folder);
  return {
    path: folder,
    parent,
    entries,
    truncated: names.length > entries.length && entries.length >= MAX_LISTED,
    places,
  };
}

/** The folder to show first for a path typed or picked before: itself if a folder, else its folder. */
export function startFolder(path: string): string {
  let folder = resolve(path);
  for (;;) {
    try {
      if (statSync(folder).isDirectory()) return folder;
    } catch {
      // missing: try the folder above
    }
    const up = dirname(folder);
    if (up === folder) return folder;
    folder = up;
  }
}
