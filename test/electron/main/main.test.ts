// The Electron main process with `electron` mocked: secure window, IPC wired for every method,
// navigation and new windows denied, permissions refused, native menu with the File commands.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { API_METHOD_NAMES } from "../../../shared/api/contract.ts";
import { ipcChannel } from "../../../shared/api/channels.ts";
import { SAVE_DIALOG_CHANNEL } from "../../../shared/api/bridge.ts";

type Listener = (...args: unknown[]) => unknown;
/** The renderer page the main process loads (what its own frame's URL is). */
const APP_URL = new URL("../../../electron/renderer/index.html", import.meta.url).href;

const mocks = vi.hoisted(() => {
  const appListeners = new Map<string, (...args: unknown[]) => unknown>();
  const handlers = new Map<string, (...args: unknown[]) => unknown>();
  const windows: { options: Record<string, unknown>; loaded: unknown[] }[] = [];
  let ready!: () => void;
  const whenReadyPromise = new Promise<void>((resolve) => (ready = resolve));
  return {
    appListeners,
    handlers,
    windows,
    ready: () => ready(),
    whenReadyPromise,
    menus: [] as unknown[],
    permission: [] as unknown[],
    saveDialogs: [] as Record<string, unknown>[],
    saveAnswer: { canceled: false, filePath: "" },
  };
});

vi.mock("electron", () => {
  class BrowserWindow {
    webContents = { id: 7, send: vi.fn(), once: vi.fn() };
    constructor(options: Record<string, unknown>) {
      mocks.windows.push({ options, loaded: [] });
    }
    once = vi.fn();
    on = vi.fn();
    show = vi.fn();
    loadFile = (...args: unknown[]) => {
      mocks.windows.at(-1)!.loaded.push(args);
      return Promise.resolve();
    };
    static getAllWindows = () => [];
  }
  return {
    app: {
      on: (event: string, listener: Listener) => mocks.appListeners.set(event, listener),
      whenReady: () => mocks.whenReadyPromise,
      enableSandbox: vi.fn(),
      isPackaged: false,
      quit: vi.fn(),
    },
    BrowserWindow,
    ipcMain: {
      handle: (channel: string, listener: Listener) => mocks.handlers.set(channel, listener),
      removeHandler: (channel: string) => mocks.handlers.delete(channel),
    },
    Menu: {
      buildFromTemplate: (template: unknown) => template,
      setApplicationMenu: (menu: unknown) => mocks.menus.push(menu),
    },
    dialog: {
      showOpenDialog: vi.fn(),
      showSaveDialog: vi.fn((_window: unknown, options: Record<string, unknown>) => {
        mocks.saveDialogs.push(options);
        return Promise.resolve(mocks.saveAnswer);
      }),
    },
    session: {
      defaultSession: { setPermissionRequestHandler: (handler: unknown) => mocks.permission.push(handler) },
    },
  };
});

describe("Electron main", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "lh5-main-"));
  const app = { enableSandbox: undefined as unknown };

  beforeAll(async () => {
    process.env.LH5_BROWSER_DATA_DIR = dataDir;
    await import("../../../electron/main/index.ts");
    const electron = await import("electron");
    app.enableSandbox = electron.app.enableSandbox;
    mocks.ready();
    await vi.waitFor(() => expect(mocks.windows.length).toBe(1));
  });
  afterAll(() => {
    delete process.env.LH5_BROWSER_DATA_DIR;
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("enables the sandbox for every renderer", () => {
    expect(app.enableSandbox).toHaveBeenCalled();
  });

  it("opens one window with secure web preferences on the built renderer", () => {
    const { options, loaded } = mocks.windows[0]!;
    expect(options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
    });
    expect(String((options.webPreferences as { preload: string }).preload)).toMatch(
      /preload[\\/]index\.cjs$/,
    );
    expect(String((loaded[0] as unknown[])[0])).toMatch(/renderer[\\/]index\.html$/);
  });

  it("registers an IPC handler for every contract method and the native save dialog", () => {
    expect([...mocks.handlers.keys()].sort()).toEqual(
      [...API_METHOD_NAMES.map(ipcChannel), SAVE_DIALOG_CHANNEL].sort(),
    );
  });

  it("shows the native save dialog for the app's frame and allows the chosen path for writing", async () => {
    const handler = mocks.handlers.get(SAVE_DIALOG_CHANNEL)!;
    const own = { sender: { id: 7 }, senderFrame: { url: APP_URL, parent: null } };
    const request = {
      title: "Save the entry list",
      defaultPath: "/home/u/entries.lh5",
      filters: [{ name: "LH5", extensions: ["lh5"] }],
    };
    const chosen = join(tmpdir(), "chosen-by-user", "entries.lh5");
    mocks.saveAnswer = { canceled: false, filePath: chosen };
    expect(await handler(own, request)).toBe(chosen);
    expect(mocks.saveDialogs.at(-1)).toMatchObject({
      title: "Save the entry list",
      defaultPath: "/home/u/entries.lh5",
      filters: [
        { name: "LH5", extensions: ["lh5"] },
        { name: "All files", extensions: ["*"] },
      ],
    });
    const info = (await mocks.handlers.get(ipcChannel("getAppInfo"))!(own)) as {
      ok: boolean;
      value: { roots: string[] };
    };
    expect(info.value.roots).toContain(chosen);
    mocks.saveAnswer = { canceled: true, filePath: "" };
    expect(await handler(own, request)).toBeNull();
  });

  it("refuses save dialogs for foreign frames and malformed requests without showing one", async () => {
    const handler = mocks.handlers.get(SAVE_DIALOG_CHANNEL)!;
    const shown = mocks.saveDialogs.length;
    mocks.saveAnswer = { canceled: false, filePath: "/tmp/x.lh5" };
    const foreign = { sender: { id: 99 }, senderFrame: { url: "file:///x", parent: null } };
    const own = { sender: { id: 7 }, senderFrame: { url: APP_URL, parent: null } };
    const request = { title: "t", defaultPath: "/tmp/x.lh5", filters: [] };
    expect(await handler(foreign, request)).toBeNull();
    expect(await handler(own, { title: 3, defaultPath: "/tmp/x", filters: [] })).toBeNull();
    expect(await handler(own, { ...request, filters: "lh5" })).toBeNull();
    expect(mocks.saveDialogs.length).toBe(shown);
  });

  it("answers only the app window's own frame", async () => {
    const handler = mocks.handlers.get(ipcChannel("getAppInfo"))!;
    const foreign = { sender: { id: 99 }, senderFrame: { url: "file:///x", parent: null } };
    expect(await handler(foreign)).toMatchObject({ ok: false, error: { code: "forbidden-sender" } });
  });

  it("denies navigation away from the app, new windows and webviews", () => {
    const created = mocks.appListeners.get("web-contents-created")!;
    const listeners = new Map<string, Listener>();
    let openHandler: Listener | undefined;
    created(
      {},
      {
        on: (event: string, l: Listener) => listeners.set(event, l),
        setWindowOpenHandler: (h: Listener) => (openHandler = h),
      },
    );
    const navigate = { preventDefault: vi.fn() };
    listeners.get("will-navigate")!(navigate, "https://evil.example/");
    expect(navigate.preventDefault).toHaveBeenCalled();
    const webview = { preventDefault: vi.fn() };
    listeners.get("will-attach-webview")!(webview);
    expect(webview.preventDefault).toHaveBeenCalled();
    expect(openHandler!({ url: "https://evil.example/" })).toEqual({ action: "deny" });
  });

  it("refuses every permission request", () => {
    const callback = vi.fn();
    (mocks.permission[0] as Listener)({}, "media", callback);
    expect(callback).toHaveBeenCalledWith(false);
  });

  it("sets a native menu with the File commands", () => {
    const template = mocks.menus.at(-1) as { label?: string; submenu?: { label?: string }[] }[];
    const file = template.find((item) => item.label === "&File")!;
    expect(file.submenu!.map((item) => item.label).filter(Boolean)).toEqual([
      "Open Config…",
      "Open Folder…",
      "Open FileDB…",
      "Open Demo Dataset",
      "Open Recent",
      "Export…",
      "Quit",
    ]);
  });
});
