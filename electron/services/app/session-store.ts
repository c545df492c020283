// Persists the session (open dataset, selection, query, layout) and the recent list as JSON in
// the user data folder, written atomically so a crash never leaves half a file.
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { RecentEntry, SessionState, SourceKind } from "../../../shared/api/types.ts";
import { readTextFile } from "../fs/regular-file.ts";

const MAX_RECENT = 20;

function readJson(path: string): unknown {
  try {
    return JSON.parse(readTextFile(path)) as unknown;
  } catch {
    return null; // missing or damaged: start fresh rather than fail the app
  }
}

function writeJsonAtomic(path: string, value: unknown): void {
  const temp = `${path}.tmp-${process.pid}`;
  writeFileSync(temp, JSON.stringify(value, null, 1));
  renameSync(temp, path);
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === "string");
}

export class SessionStore {
  constructor(private readonly dir: string) {}

  private get sessionPath(): string {
    return join(this.dir, "session.json");
  }
  private get recentPath(): string {
    return join(this.dir, "recent.json");
  }

  loadSession(): SessionState | null {
    const value = readJson(this.sessionPath);
    if (typeof value !== "object" || value === null) return null;
    const session = value as Partial<SessionState>;
    if (!session.selection || !Array.isArray(session.selection.rows)) return null;
    return {
      dataset: session.dataset ?? null,
      selection: session.selection,
      query: typeof session.query === "string" ? session.query : "",
      layout: typeof session.layout === "object" && session.layout !== null ? session.layout : {},
    };
  }

  saveSession(state: SessionState): void {
    mkdirSync(this.dir, { recursive: true });
    writeJsonAtomic(this.sessionPath, state);
  }

  listRecent(): RecentEntry[] {
    const value = readJson(this.recentPath);
    if (!Array.isArray(value)) return [];
    return value.filter(
      (entry): entry is RecentEntry =>
        typeof entry === "object" &&
        entry !== null &&
        typeof (entry as RecentEntry).path === "string" &&
        typeof (entry as RecentEntry).kind === "string" &&
        isStringList((entry as RecentEntry).dataFolders ?? []),
    );
  }

  /** Puts a dataset first in the recent list, with the data folders it was allowed (reopening allows them again). */
  addRecent(path: string, kind: SourceKind, dataFolders?: string[]): void {
    const entries = [
      { path, kind, openedAt: Date.now(), ...(dataFolders ? { dataFolders } : {}) },
      ...this.listRecent().filter((e) => e.path !== path),
    ];
    mkdirSync(this.dir, { recursive: true });
    writeJsonAtomic(this.recentPath, entries.slice(0, MAX_RECENT));
  }
}
