// Persists the session (open dataset, selection, query, layout and the features' sections, such as cuts,
// saved cuts, channels, plots and pane sizes) and the recent list as JSON in the user data folder, through
// StateFile: written atomically, and a damaged or foreign file means a fresh start, not a broken app.
import { join } from "node:path";
import { sessionStateGuard } from "../../../shared/api/contract.ts";
import type { RecentEntry, SessionState, SourceKind } from "../../../shared/api/types.ts";
import { SESSION_VERSION } from "../../../shared/api/session.ts";
import { StateFile } from "./state-file.ts";

const MAX_RECENT = 20;

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === "string");
}

export class SessionStore {
  private readonly session: StateFile;
  private readonly recent: StateFile;

  constructor(dir: string) {
    this.session = new StateFile(join(dir, "session.json"));
    this.recent = new StateFile(join(dir, "recent.json"));
  }

  /** The saved session, or null on a first start or when the file is not a session (set aside then). */
  loadSession(): SessionState | null {
    const value = this.session.read();
    if (value === null) return null;
    if (sessionStateGuard(value, "session") !== null) {
      this.session.setAside();
      return null;
    }
    return value as SessionState;
  }

  saveSession(state: SessionState): void {
    this.session.write({ ...state, version: SESSION_VERSION });
  }

  listRecent(): RecentEntry[] {
    const value = this.recent.read();
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
    this.recent.write(entries.slice(0, MAX_RECENT));
  }
}
