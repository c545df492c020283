// Expands `~`, environment variables and shell wildcards (`*`, `?`, `[…]`) in FileDB file paths, as
// lgdo's expand_path(list=True) does for from_disk; results are sorted.
import { readdirSync, statSync } from "node:fs";
import { isAbsolute, join, resolve, sep } from "node:path";
import { expandHome, expandVars } from "../config.ts";

const WILD = /[*?[]/u;

function segmentRegExp(segment: string): RegExp {
  let body = "";
  for (let i = 0; i < segment.length; i++) {
    const ch = segment[i] as string;
    if (ch === "*") body += "[^/]*";
    else if (ch === "?") body += "[^/]";
    else if (ch === "[") {
      const close = segment.indexOf("]", i + 1);
      if (close < 0) body += "\\[";
      else {
        const inner = segment
          .slice(i + 1, close)
          .replace(/^!/u, "^")
          .replace(/\\/gu, "\\\\");
        body += `[${inner}]`;
        i = close;
      }
    } else body += ch.replace(/[.+^${}()|\]\\]/u, "\\$&");
  }
  return new RegExp(`^${body}$`, "u");
}

/** Paths matching `pattern` (relative to `cwd`), sorted; a pattern without wildcards yields itself if it exists. */
export function expandGlob(pattern: string, cwd = process.cwd()): string[] {
  const expanded = expandHome(expandVars(pattern));
  const absolute = isAbsolute(expanded) ? expanded : resolve(cwd, expanded);
  if (!WILD.test(absolute)) return statSync(absolute, { throwIfNoEntry: false }) ? [absolute] : [];
  const parts = absolute.split(sep);
  let current = [parts[0] === "" ? sep : (parts[0] as string)];
  for (const part of parts.slice(1)) {
    if (part === "") continue;
    const next: string[] = [];
    for (const base of current) {
      if (!WILD.test(part)) {
        const candidate = join(base, part);
        if (statSync(candidate, { throwIfNoEntry: false })) next.push(candidate);
        continue;
      }
      const re = segmentRegExp(part);
      let names: string[];
      try {
        names = readdirSync(base);
      } catch {
        continue;
      }
      for (const name of names)
        if (re.test(name) && !(name.startsWith(".") && !part.startsWith("."))) next.push(join(base, name));
    }
    current = next;
  }
  return current.sort();
}
