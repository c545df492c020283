// The web-mode file chooser: what it lists and what a confirmed path permits. A permission is for one
// path, one purpose and one use; broad, system and hidden places are never handed out.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chooserRefusal, PathGrants } from "../../../../electron/services/app/path-grants.ts";
import { listFolder } from "../../../../electron/services/app/folder-listing.ts";

let root: string;
let home: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "lh5-chooser-"));
  home = join(root, "home");
  mkdirSync(join(home, ".ssh"), { recursive: true });
  writeFileSync(join(home, ".ssh", "id_ed25519"), "key");
  mkdirSync(join(home, "data", "raw"), { recursive: true });
  writeFileSync(join(home, "data", "filedb.json"), "{}");
  writeFileSync(join(home, "data", "run.lh5"), "x");
  writeFileSync(join(home, "data", "notes.txt"), "x");
  writeFileSync(join(home, "data", ".hidden.json"), "{}");
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("chooserRefusal", () => {
  it("refuses the root, top-level, system, home and hidden home places", () => {
    expect(chooserRefusal("/", "open", home)).toMatch(/whole file system/);
    expect(chooserRefusal("/usr", "open", home)).toMatch(/top-level/);
    expect(chooserRefusal("/etc/passwd", "open", home)).toMatch(/system folder/);
    expect(chooserRefusal(home, "open", home)).toMatch(/home folder/);
    expect(chooserRefusal(join(home, ".ssh", "id_ed25519"), "open", home)).toMatch(/hidden/);
    expect(chooserRefusal(join(home, ".ssh", "new.lh5"), "save", home)).toMatch(/hidden/);
    expect(chooserRefusal("/sel.lh5", "save", home)).toMatch(/top-level/);
    expect(chooserRefusal("relative/x.json", "open", home)).toMatch(/absolute/);
  });

  it("wants an existing path to open, and a new file name in an existing folder to save", () => {
    expect(chooserRefusal(join(home, "data", "filedb.json"), "open", home)).toBeNull();
    expect(chooserRefusal(join(home, "data"), "open", home)).toBeNull();
    expect(chooserRefusal(join(home, "data", "missing.json"), "open", home)).toMatch(/does not exist/);
    expect(chooserRefusal(join(home, "data", "out.lh5"), "save", home)).toBeNull();
    expect(chooserRefusal(join(home, "data", ".bashrc"), "save", home)).toMatch(/hidden file/);
    expect(chooserRefusal(join(home, "data", "raw"), "save", home)).toMatch(/is a folder/);
    expect(chooserRefusal(join(home, "nowhere", "out.lh5"), "save", home)).toMatch(/does not exist/);
  });
});

describe("PathGrants", () => {
  const target = () => join(home, "data", "out.lh5");

  it("permits exactly the confirmed path and purpose, once", () => {
    const grants = new PathGrants(Date.now, home);
    const { grant, path } = grants.issue(target(), "save");
    expect(path).toBe(target());
    expect(grant).toMatch(/^[0-9a-f]{32}$/);
    expect(grants.consume(grant, target(), "save")).toBe(target());
    expect(() => grants.consume(grant, target(), "save")).toThrow(/not confirmed in the file chooser/);
  });

  it("refuses another path, another purpose, a made-up grant and an expired one", () => {
    let now = 1_000;
    const grants = new PathGrants(() => now, home);
    const other = grants.issue(target(), "save");
    expect(() => grants.consume(other.grant, join(home, "data", "other.lh5"), "save")).toThrow(
      expect.objectContaining({ name: "ForbiddenPath" }),
    );
    const open = grants.issue(join(home, "data", "filedb.json"), "open");
    expect(() => grants.consume(open.grant, join(home, "data", "filedb.json"), "save")).toThrow(/chooser/);
    expect(() => grants.consume("0".repeat(32), target(), "save")).toThrow(/chooser/);
    const late = grants.issue(target(), "save");
    now += 11 * 60 * 1000;
    expect(() => grants.consume(late.grant, target(), "save")).toThrow(/chooser/);
  });

  it("does not hand out refused paths", () => {
    const grants = new PathGrants(Date.now, home);
    expect(() => grants.issue(home, "open")).toThrow(expect.objectContaining({ code: "forbidden-path" }));
    expect(() => grants.issue("/", "open")).toThrow(/whole file system/);
  });
});

describe("listFolder", () => {
  it("lists folders first, hides hidden entries, and marks what the purpose offers", () => {
    const listing = listFolder(join(home, "data"), "open", [], home);
    expect(listing.path).toBe(join(home, "data"));
    expect(listing.parent).toBe(home);
    expect(listing.entries.map((e) => [e.name, e.kind, e.matches])).toEqual([
      ["raw", "folder", true],
      ["filedb.json", "file", true],
      ["notes.txt", "file", false],
      ["run.lh5", "file", true],
    ]);
    expect(listFolder(join(home, "data"), "save", [], home).entries.every((e) => e.matches)).toBe(true);
  });

  it("does not list hidden home folders or kernel folders", () => {
    expect(() => listFolder(join(home, ".ssh"), "open", [], home)).toThrow(/hidden folder/);
    expect(() => listFolder("/proc/self", "open", [], home)).toThrow(/system folder/);
    expect(() => listFolder("relative", "open", [], home)).toThrow(/absolute/);
  });
});
