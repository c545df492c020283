import { describe, expect, it } from "vitest";
import { isAppUrl, secureWindowOptions } from "../../../electron/main/window-options.ts";
import { firstPathArgument, launchPath, secondLaunchPath } from "../../../electron/main/argv.ts";
import { buildMenuTemplate } from "../../../electron/main/menu.ts";

describe("window options", () => {
  it("are the secure defaults", () => {
    const prefs = secureWindowOptions("/app/preload.cjs").webPreferences!;
    expect(prefs).toMatchObject({
      preload: "/app/preload.cjs",
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      allowRunningInsecureContent: false,
    });
  });

  it("recognise only the app's own page", () => {
    const app = "file:///opt/lh5/out/renderer/index.html";
    expect(isAppUrl("file:///opt/lh5/out/renderer/index.html?mode=electron", app)).toBe(true);
    expect(isAppUrl("file:///etc/passwd", app)).toBe(false);
    expect(isAppUrl("https://evil.example/out/renderer/index.html", app)).toBe(false);
    expect(isAppUrl("not a url", app)).toBe(false);
  });
});

describe("command line and menu", () => {
  it("takes the first non-flag argument as the dataset path", () => {
    expect(firstPathArgument(["--inspect", "/data/filedb.json"])).toBe("/data/filedb.json");
    expect(firstPathArgument(["."])).toBeNull();
    expect(firstPathArgument([])).toBeNull();
    expect(firstPathArgument(["data/filedb.json"], "/home/u")).toBe("/home/u/data/filedb.json");
  });

  it("skips the executable (packaged) or the executable and app folder (unpackaged)", () => {
    expect(launchPath(["/opt/lh5/lh5-browser", "run.lh5"], true, "/d")).toBe("/d/run.lh5");
    expect(launchPath(["/n/electron", "/repo", "run.lh5"], false, "/d")).toBe("/d/run.lh5");
    expect(launchPath(["/n/electron", "/repo"], false, "/d")).toBeNull();
  });

  it("takes a second launch's path from what it resolved itself, else from its argv in its folder", () => {
    const argv = ["/opt/lh5/lh5-browser", "--original-process-start-time=1", "cfg.yaml"];
    expect(secondLaunchPath(argv, "/second", { openPath: "/d/run.lh5" }, true)).toBe("/d/run.lh5");
    expect(secondLaunchPath(argv, "/second", { openPath: null }, true)).toBeNull();
    // no additionalData (a second launch of an older version): its argv, resolved where it was started
    expect(secondLaunchPath(argv, "/second", undefined, true)).toBe("/second/cfg.yaml");
    expect(secondLaunchPath(argv, "/second", { openPath: 3 }, true)).toBe("/second/cfg.yaml");
    expect(secondLaunchPath(["/opt/lh5/lh5-browser"], "/second", {}, true)).toBeNull();
  });

  it("lists recent datasets and wires every action", () => {
    const calls: string[] = [];
    const actions = {
      openConfig: () => calls.push("config"),
      openFolder: () => calls.push("folder"),
      openFileDb: () => calls.push("filedb"),
      openDemo: () => calls.push("demo"),
      openRecent: (path: string) => calls.push(`recent:${path}`),
      exportSelection: () => calls.push("export"),
      quit: () => calls.push("quit"),
      about: () => calls.push("about"),
      openDocs: () => calls.push("docs"),
    };
    const template = buildMenuTemplate(
      actions,
      [{ path: "/d/a.json", kind: "filedb-config", openedAt: 1 }],
      false,
    );
    const file = template[0]!.submenu as {
      label?: string;
      click?: () => void;
      submenu?: { label: string; click: () => void }[];
    }[];
    for (const item of file) item.click?.();
    file.find((item) => item.label === "Open Recent")!.submenu![0]!.click();
    expect(calls).toEqual(["config", "folder", "filedb", "demo", "export", "quit", "recent:/d/a.json"]);
    const help = template.find((item) => item.role === "help")!.submenu as typeof file;
    expect(help.map((item) => item.label).filter(Boolean)).toEqual([
      "LH5 Browser Documentation",
      "About LH5 Browser",
    ]);
    for (const item of help) item.click?.();
    expect(calls.slice(-2)).toEqual(["docs", "about"]);
  });

  it("puts About in macOS's application menu and keeps Help to the documentation", () => {
    const noop = () => {};
    const actions = {
      openConfig: noop,
      openFolder: noop,
      openFileDb: noop,
      openDemo: noop,
      openRecent: noop,
      exportSelection: noop,
      quit: noop,
      about: noop,
      openDocs: noop,
    };
    const template = buildMenuTemplate(actions, [], true);
    expect(template[0]).toEqual({ role: "appMenu" });
    const help = template.at(-1)!.submenu as { label?: string }[];
    expect(help.map((item) => item.label)).toEqual(["LH5 Browser Documentation"]);
  });
});
