// The folders and files the user opened: the only places the service reads from when a path
// comes from outside (web requests, the renderer). Paths are compared after resolving symlinks,
// so a link inside a root cannot lead outside it.
import { existsSync, realpathSync } from "node:fs";
import { dirname, isAbsolute, relative, resolve, sep } from "node:path";

export class ForbiddenPathError extends Error {
  override name = "ForbiddenPath";
  readonly code = "forbidden-path";
  readonly file: string;
  constructor(path: string) {
    super(
      `'${path}' is outside the folders opened in this session; open it from the menu or the command line first`,
    );
    this.file = path;
  }
}

/** Resolves symlinks of the longest existing prefix (the path itself may not exist yet). */
function canonical(path: string): string {
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
    for (const root of this.roots) {
      const rel = relative(root, target);
      if (rel === "" || (!rel.startsWith("..") && !isAbsolute(rel))) return true;
    }
    return false;
  }

  /** Throws ForbiddenPathError unless the absolute path lies inside a root; returns it resolved. */
  assert(path: string): string {
    if (!isAbsolute(path) || !this.contains(path)) throw new ForbiddenPathError(path);
    return resolve(path);
  }
}
