import { describe, expect, it } from "vitest";
import { isAppUrl, secureWindowOptions } from "../../../electron/main/window-options.ts";
import { firstPathArgument } from "../../../electron/main/argv.ts";
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
  });
});
