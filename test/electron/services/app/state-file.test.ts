// The app's state files: written atomically (a failed write leaves the old file and no debris), and a
// damaged or foreign file is set aside so the app starts fresh instead of failing.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { StateFile } from "../../../../electron/services/app/state-file.ts";
import { SessionStore } from "../../../../electron/services/app/session-store.ts";
import type { SessionState } from "../../../../shared/api/types.ts";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "lh5-state-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const session: SessionState = {
  dataset: { path: "/data/filedb.json", kind: "filedb-config" },
  selection: { rows: [2, 5], focusedRow: 5 },
  query: "type == 'cal'",
  layout: { detailsWidth: 500 },
  sections: {
    cuts: { hit: "trapEmax > 100", evt: "" },
    savedCuts: [{ name: "high", level: "hit", text: "trapEmax > 1000" }],
    panes: { "details-width": 500, "histogram-height": 320 },
  },
};

describe("StateFile", () => {
  it("replaces the file in one step and leaves no temporary file", () => {
    const file = new StateFile(join(dir, "nested", "state.json"));
    file.write({ a: 1 });
    file.write({ a: 2 });
    expect(file.read()).toEqual({ a: 2 });
    expect(readdirSync(join(dir, "nested"))).toEqual(["state.json"]);
  });

  it("keeps the old file when a write fails half way", () => {
    const file = new StateFile(join(dir, "state.json"));
    file.write({ kept: true });
    // JSON.stringify throws on a BigInt after the temporary file was opened
    expect(() => file.write({ bad: 1n })).toThrow();
    expect(file.read()).toEqual({ kept: true });
    expect(readdirSync(dir)).toEqual(["state.json"]);
  });

  it("answers null for a missing file and sets a damaged one aside", () => {
    const path = join(dir, "state.json");
    expect(new StateFile(path).read()).toBeNull();
    writeFileSync(path, '{"half": ');
    expect(new StateFile(path).read()).toBeNull();
    const names = readdirSync(dir);
    expect(names).toHaveLength(1);
    expect(names[0]).toMatch(/^state\.json\.corrupt-\d+-[0-9a-f]{6}$/);
    expect(readFileSync(join(dir, names[0]!), "utf8")).toBe('{"half": ');
  });
});

describe("SessionStore", () => {
  it("round-trips a session with its sections and stamps the version", () => {
    new SessionStore(dir).saveSession(session);
    expect(new SessionStore(dir).loadSession()).toEqual({ ...session, version: 2 });
  });

  it("reads a version-1 session (no version, no sections)", () => {
    const { sections: _sections, ...v1 } = session;
    writeFileSync(join(dir, "session.json"), JSON.stringify(v1));
    expect(new SessionStore(dir).loadSession()).toEqual(v1);
  });

  it("starts fresh on a corrupt or foreign session file, and saves again afterwards", () => {
    writeFileSync(join(dir, "session.json"), "\u0000\u0001garbage");
    const store = new SessionStore(dir);
    expect(store.loadSession()).toBeNull();
    writeFileSync(join(dir, "session.json"), JSON.stringify({ selection: { rows: "all" } }));
    expect(store.loadSession()).toBeNull();
    expect(readdirSync(dir).filter((name) => name.includes(".corrupt-"))).toHaveLength(2);
    store.saveSession(session);
    expect(store.loadSession()?.query).toBe("type == 'cal'");
  });

  it("keeps the recent list through a damaged session file", () => {
    const store = new SessionStore(dir);
    store.addRecent("/data/filedb.json", "filedb-config");
    writeFileSync(join(dir, "session.json"), "{");
    expect(store.loadSession()).toBeNull();
    expect(store.listRecent().map((entry) => entry.path)).toEqual(["/data/filedb.json"]);
  });
});
