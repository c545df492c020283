// The folders and files the user opened: the only places the service reads from when a path
// comes from outside (web requests, the renderer). Paths are compared after resolving symlinks,
// so a link inside a root cannot lead outside it.
import { existsSync, realpathSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, isAbsolute, relative, resolve, sep } from "node:path";

export class ForbiddenPathError extends Error {
  override name = "ForbiddenPath";
  readonly code = "forbidden-path";
  readonly file: string;
  constructor(path: string, message?: string) {
    super(
      message ??
        `'${path}' is outside the folders opened in this session; open it from the menu or the command line first`,
    );
    this.file = path;
  }
}

/**
 * A folder a dataset reads from that is outside the opened ones: it is added only when the user confirms
 * it. `file` names the folder, `source` the config that asks for it.
 */
export class NeedsConfirmationError extends Error {
  override name = "NeedsConfirmation";
  readonly code = "needs-confirmation";
  readonly file: string;
  constructor(
    folder: string,
    readonly source: string,
  ) {
    super(
      `'${source}' reads data from '${folder}', outside the folders opened in this session; confirm to allow it`,
    );
    this.file = folder;
  }
}

/** A folder no config may open up (see broadRootReason), even when confirmed. */
export class BroadRootError extends Error {
  override name = "ForbiddenRoot";
  readonly code = "forbidden-root";
  readonly file: string;
  constructor(folder: string, source: string, reason: string) {
    super(
      `'${source}' reads data from '${folder}', which is ${reason}; point its data_dir at the dataset's own folder`,
    );
    this.file = folder;
  }
}

/** Folders inside which a dataset never lives but the system's programs and settings do. */
const SYSTEM_FOLDERS = [
  "/etc",
  "/usr",
  "/bin",
  "/sbin",
  "/lib",
  "/lib32",
  "/lib64",
  "/boot",
  "/dev",
  "/proc",
  "/sys",
  "/run",
  "/var",
];

function isInside(folder: string, path: string): boolean {
  const rel = relative(folder, path);
  return rel === "" || (!rel.startsWith("..") && !isAbsolute(rel));
}

/**
 * Why a folder is too broad to be opened up by a config, or null. Opened up means read by scans and
 * written by exports, so the rule refuses: the file-system root and every folder directly in it (`/home`,
 * `/usr`, `/data`); the home folder and anything containing it; hidden folders in the home folder (keys,
 * settings: `~/.ssh`, `~/.config`); and anything inside the system folders (`/etc`, `/usr`, `/var`, …).
 */
export function broadRootReason(path: string, home: string = homedir()): string | null {
  const folder = canonical(path);
  const homeFolder = canonical(home);
  if (dirname(folder) === folder) return "the whole file system";
  if (isInside(folder, homeFolder))
    return folder === homeFolder ? "your whole home folder" : "a folder holding your home folder";
  if (dirname(dirname(folder)) === dirname(folder)) return "a top-level folder of the file system";
  const inHome = relative(homeFolder, folder);
  if (isInside(homeFolder, folder) && inHome.startsWith("."))
    return "a hidden folder of your home folder (settings, keys)";
  const system = SYSTEM_FOLDERS.find((root) => isInside(root, folder));
  if (system !== undefined) return `inside the system folder ${system}`;
  return null;
}

/** Resolves symlinks of the longest existing prefix (the path itself may not exist yet). */
export function canonical(path: string): string {
  const absolute = resolve(path);
  let head = absolute;
  const tail: string[] = [];
  while (!existsSync(head)) {
    const parent = dirname(head);
    if (parent === head) return absolute;
    tail.unshift(head.slice(parent.length + (parent.endsWith(sep) ? 0 : 1)));
    head = parent;
  }
  return resolve(realpathSync(head), ...tail);
}

export class RootSet {
  private readonly roots = new Set<string>();

  constructor(initial: Iterable<string> = []) {
    for (const root of initial) this.add(root);
  }

  /** Allows a folder (and everything below it) or a single file. */
  add(path: string): void {
    this.roots.add(canonical(path));
  }

  list(): string[] {
    return [...this.roots];
  }

  contains(path: string): boolean {
    if (!isAbsolute(path)) return false;
    const target = canonical(path);
    for (const root of this.roots) if (isInside(root, target)) return true;
    return false;
  }

  /** Throws ForbiddenPathError unless the absolute path lies inside a root; returns it resolved. */
  assert(path: string): string {
    if (!isAbsolute(path) || !this.contains(path)) throw new ForbiddenPathError(path);
    return resolve(path);
  }
}
