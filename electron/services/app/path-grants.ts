// "Chosen by the user" in web mode. The page has no native dialog, so the app's own file chooser stands
// in for it: when the user confirms a path there, the service hands out a one-time permission for
// exactly that path and purpose. Only a request presenting it may open or write a path outside the
// opened folders; a request that merely names a path still meets the roots (ForbiddenPath).
import { randomBytes } from "node:crypto";
import { existsSync, statSync } from "node:fs";
import { basename, dirname, isAbsolute } from "node:path";
import type { ChooserPurpose, PathGrant } from "../../../shared/api/types.ts";
import { broadRootReason, canonical, ForbiddenPathError } from "./roots.ts";

/** A permission not used within this time is dropped (the user has long moved on). */
const GRANT_LIFETIME_MS = 10 * 60 * 1000;
/** At most this many unused permissions are kept; older ones are dropped first. */
const MAX_GRANTS = 64;

interface Grant {
  path: string;
  purpose: ChooserPurpose;
  expires: number;
}

/** Why the chooser may not hand out `path` for `purpose`, or null when it may. */
export function chooserRefusal(path: string, purpose: ChooserPurpose, home?: string): string | null {
  if (!isAbsolute(path)) return "it is not an absolute path";
  const broad = broadRootReason(path, home);
  if (broad !== null) return `it is ${broad}`;
  if (purpose === "open") {
    if (!existsSync(path)) return "it does not exist";
    return null;
  }
  if (basename(path).startsWith(".")) return "it is a hidden file (settings, keys)";
  if (existsSync(path) && statSync(path).isDirectory()) return "it is a folder; give a file name in it";
  if (!existsSync(dirname(path)) || !statSync(dirname(path)).isDirectory())
    return `its folder ${dirname(path)} does not exist`;
  return null;
}

export class PathGrants {
  private readonly grants = new Map<string, Grant>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly home?: string,
  ) {}

  /** Issues a permission for `path` (refused paths throw ForbiddenPathError saying why). */
  issue(path: string, purpose: ChooserPurpose): PathGrant {
    const refusal = chooserRefusal(path, purpose, this.home);
    if (refusal !== null) throw new ForbiddenPathError(path, `cannot choose '${path}': ${refusal}`);
    this.dropExpired();
    while (this.grants.size >= MAX_GRANTS) this.grants.delete(this.grants.keys().next().value!);
    const grant = randomBytes(16).toString("hex");
    const resolved = canonical(path);
    this.grants.set(grant, { path: resolved, purpose, expires: this.now() + GRANT_LIFETIME_MS });
    return { path: resolved, grant };
  }

  /**
   * Uses up the permission `grant` for `path`: returns the canonical path, or throws ForbiddenPathError
   * when the permission is unknown, used, expired, for another path or for another purpose.
   */
  consume(grant: string, path: string, purpose: ChooserPurpose): string {
    this.dropExpired();
    const entry = this.grants.get(grant);
    this.grants.delete(grant);
    if (!entry || entry.purpose !== purpose || !isAbsolute(path) || canonical(path) !== entry.path)
      throw new ForbiddenPathError(
        path,
        `'${path}' was not confirmed in the file chooser (or that permission was used already); choose it there again`,
      );
    return entry.path;
  }

  private dropExpired(): void {
    const now = this.now();
    for (const [key, entry] of this.grants) if (entry.expires <= now) this.grants.delete(key);
  }
}
