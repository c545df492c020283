// DAQ-file scanning shared by FileDB.scanDaqFiles and DataGroup: walk a folder, parse each path with a
// template, and keep going past files that do not match (pygama crashed on the first; §6 item 19).
import { type Dirent, readdirSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { type TemplateKeys, TemplateMatcher } from "../../../../shared/format/index.ts";
import { type ScanProblem, errnoText } from "./scanner.ts";

export interface DaqFile {
  keys: TemplateKeys;
  /** Folder relative to the DAQ root ("" at the root), with `/` separators. */
  dir: string;
  name: string;
  path: string;
}

/**
 * Walks `root` (sorted, recursively) and parses each file: the relative path with a leading `/` when the
 * template has folders, else the bare name. Paths containing an `ignore` substring are skipped silently.
 */
export function walkDaqDir(
  root: string,
  template: string,
  ignore: readonly string[] = [],
): { files: DaqFile[]; problems: ScanProblem[] } {
  const matcher = new TemplateMatcher(template);
  const nested = template.includes("/");
  const files: DaqFile[] = [];
  const problems: ScanProblem[] = [];
  const stack = [root];
  while (stack.length > 0) {
    const dir = stack.pop() as string;
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      problems.push({ file: dir, reason: `cannot read folder: ${errnoText(error)}` });
      continue;
    }
    entries.sort((a, b) => (a.name < b.name ? 1 : a.name > b.name ? -1 : 0));
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (ignore.some((s) => path.includes(s))) continue;
      if (entry.isDirectory()) {
        stack.push(path);
        continue;
      }
      const relDir = relative(root, dir).split(sep).join("/");
      const candidate = nested ? `/${relative(root, path).split(sep).join("/")}` : entry.name;
      const result = matcher.explain(candidate);
      if (result.ok) files.push({ keys: result.keys, dir: relDir, name: entry.name, path });
      else problems.push({ file: path, reason: result.reason });
    }
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, problems };
}

/** FileDB's scan_daq_files: the DAQ keys must cover every key column. */
export function scanDaqDir(
  root: string,
  template: string,
  keyNames: readonly string[],
): { found: TemplateKeys[]; problems: ScanProblem[] } {
  const { files, problems } = walkDaqDir(root, template);
  const found: TemplateKeys[] = [];
  for (const file of files) {
    const missing = keyNames.filter((k) => !Object.hasOwn(file.keys, k));
    if (missing.length > 0)
      problems.push({ file: file.path, reason: `DAQ template '${template}' gives no ${missing.join(", ")}` });
    else found.push(Object.fromEntries(keyNames.map((k) => [k, file.keys[k]])) as TemplateKeys);
  }
  if (files.length === 0) problems.push({ file: root, reason: `no DAQ file matched '${template}'` });
  return { found, problems };
}
