// The Electron main process with `electron` mocked: secure window, IPC wired for every method,
// navigation and new windows denied, permissions refused, native menu with the File and Help commands,
// one instance (a second launch's path opens in the first window), the window's place remembered, the
// data folder in Electron's userData and the menu rebuilt when a dataset enters the recent list.
import { afterAll, beforeAll, describe, expect, it, type Mock, vi } from "vitest";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { API_METHOD_NAMES } from "../../../shared/api/contract.ts";
import { ipcChannel } from "../../../shared/api/channels.ts";
import { MENU_CHANNEL, MENU_LISTENING_CHANNEL, SAVE_DIALOG_CHANNEL } from "../../../shared/api/bridge.ts";
import { JOB_EVENTS_LISTENING_CHANNEL } from "../../../shared/api/job-events.ts";
import { awaitJob } from "../../../shared/api/jobs.ts";
import type { Result } from "../../../shared/api/errors.ts";
import type { AppInfo, JobHandle, JobStatus } from "../../../shared/api/types.ts";
import { DOCS_URL } from "../../../electron/main/about.ts";
import { WINDOW_STATE_FILE } from "../../../electron/main/window-state-file.ts";
import { writeP14FileDbConfig } from "../../fixtures/testdata.ts";

type Listener = (...args: unknown[]) => unknown;
/** The renderer page the main process loads (what its own frame's URL is). */
const APP_URL = new URL("../../../electron/renderer/index.html", import.meta.url).href;

interface FakeWindow {
  options: Record<string, unknown>;
  loaded: unknown[];
  listeners: Map<string, Listener>;
  contentsListeners: Map<string, Listener>;
  send: Mock<(channel: string, command: unknown) => void>;
  focus: Mock<() => void>;
}

const mocks = vi.hoisted(() => {
  const appListeners = new Map<string, (...args: unknown[]) => unknown>();
  const handlers = new Map<string, (...args: unknown[]) => unknown>();
  const windows: FakeWindow[] = [];
  let ready!: () => void;
  const whenReadyPromise = new Promise<void>((resolve) => (ready = resolve));
  return {
    appListeners,
    handlers,
    windows,
    ready: () => ready(),
    whenReadyPromise,
    userData: "",
    menus: [] as unknown[],
    permission: [] as unknown[],
    saveDialogs: [] as Record<string, unknown>[],
    saveAnswer: { canceled: false, filePath: "" },
    normalBounds: { x: 250, y: 120, width: 1100, height: 760 },
  };
});

vi.mock("electron", () => {
  class BrowserWindow {
    private readonly fake: FakeWindow;
    webContents: { id: number; send: FakeWindow["send"]; once: unknown; on: unknown };
    constructor(options: Record<string, unknown>) {
      this.fake = {
        options,
        loaded: [],
        listeners: new Map(),
        contentsListeners: new Map(),
        send: vi.fn<FakeWindow["send"]>(),
        focus: vi.fn<FakeWindow["focus"]>(),
      };
      mocks.windows.push(this.fake);
      this.webContents = {
        id: 7,
        send: this.fake.send,
        once: vi.fn(),
        on: (event: string, listener: Listener) => this.fake.contentsListeners.set(event, listener),
      };
    }
    once = (event: string, listener: Listener) => this.fake.listeners.set(event, listener);
    on = (event: string, listener: Listener) => this.fake.listeners.set(event, listener);
    show = vi.fn();
    maximize = vi.fn();
    restore = vi.fn();
    isMinimized = () => false;
    isMaximized = () => false;
    getNormalBounds = () => mocks.normalBounds;
    focus = () => this.fake.focus();
    loadFile = (...args: unknown[]) => {
      this.fake.loaded.push(args);
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
      requestSingleInstanceLock: vi.fn(() => true),
      getPath: vi.fn(() => mocks.userData),
      getVersion: () => "9.8.7",
      setAboutPanelOptions: vi.fn(),
      showAboutPanel: vi.fn(),
      addRecentDocument: vi.fn(),
    },
    BrowserWindow,
    ipcMain: {
      handle: (channel: string, listener: Listener) => mocks.handlers.set(channel, listener),
      removeHandler: (channel: string) => mocks.handlers.delete(channel),
      on: vi.fn(), // one-way messages (the dropped path): covered by test/build/shipped-app.test.ts
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
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1040 } }] },
    shell: { openExternal: vi.fn(() => Promise.resolve()) },
    session: {
      defaultSession: { setPermissionRequestHandler: (handler: unknown) => mocks.permission.push(handler) },
    },
  };
});

type MenuItem = { label?: string; role?: string; click?: () => void; submenu?: MenuItem[] };

/** The app's own frame, as Electron describes the sender of an IPC call. */
const OWN = { sender: { id: 7 }, senderFrame: { url: APP_URL, parent: null } };
const FOREIGN = { sender: { id: 99 }, senderFrame: { url: "file:///x", parent: null } };

async function call<T>(method: string, argument?: unknown): Promise<T> {
  const handler = mocks.handlers.get(ipcChannel(method as never))!;
  const result = (await (argument === undefined ? handler(OWN) : handler(OWN, argument))) as Result<T>;
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

const openPathsSent = (window: FakeWindow): string[] =>
  window.send.mock.calls
    .filter(
      ([channel, command]) =>
        channel === MENU_CHANNEL && (command as { command: string }).command === "open-path",
    )
    .map(([, command]) => (command as { path: string }).path);

describe("Electron main", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "lh5-main-"));
  const savedArgv = process.argv;
  const savedDataDirEnv = process.env.LH5_BROWSER_DATA_DIR;
  const electron = {} as typeof import("electron");
  /** A FileDB config macOS hands over (open-file) before the app is ready. */
  const macOpenedConfig = writeP14FileDbConfig(dataDir);
  const openFileEvent = { preventDefault: vi.fn() };
  const savedPlace = { bounds: { x: 200, y: 100, width: 1000, height: 700 }, maximized: false };

  beforeAll(async () => {
    // the data folder comes from Electron's userData, as in a desktop install
    delete process.env.LH5_BROWSER_DATA_DIR;
    mocks.userData = dataDir;
    writeFileSync(join(dataDir, WINDOW_STATE_FILE), JSON.stringify(savedPlace));
    process.argv = ["/opt/electron/electron", "/repo"];
    await import("../../../electron/main/index.ts");
    Object.assign(electron, await import("electron"));
    mocks.appListeners.get("open-file")!(openFileEvent, macOpenedConfig);
    mocks.ready();
    await vi.waitFor(() => expect(mocks.windows.length).toBe(1));
  });
  afterAll(() => {
    process.argv = savedArgv;
    if (savedDataDirEnv !== undefined) process.env.LH5_BROWSER_DATA_DIR = savedDataDirEnv;
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("enables the sandbox for every renderer", () => {
    expect(electron.app.enableSandbox).toHaveBeenCalled();
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

  it("registers an IPC handler for every contract method, the native save dialog and the menu and job-event handshakes", () => {
    expect([...mocks.handlers.keys()].sort()).toEqual(
      [
        ...API_METHOD_NAMES.map(ipcChannel),
        SAVE_DIALOG_CHANNEL,
        MENU_LISTENING_CHANNEL,
        JOB_EVENTS_LISTENING_CHANNEL,
      ].sort(),
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
  it("asks for the single-instance lock, handing a second launch's own path to the first", () => {
    expect(electron.app.requestSingleInstanceLock).toHaveBeenCalledWith({ openPath: null });
  });

  it("keeps sessions, the recent list and the demo in Electron's userData folder", async () => {
    expect(electron.app.getPath).toHaveBeenCalledWith("userData");
    expect((await call<AppInfo>("getAppInfo")).dataDir).toBe(dataDir);
  });

  it("opens a file macOS handed over before the app was ready in place of the last session", async () => {
    expect(openFileEvent.preventDefault).toHaveBeenCalled();
    const info = await call<AppInfo>("getAppInfo");
    expect(info.startup).toEqual({ kind: "path", path: macOpenedConfig });
    expect(info.roots).toContain(macOpenedConfig);
  });

  it("opens the window where it was when it fits on a display, and saves its place on close", () => {
    const window = mocks.windows[0]!;
    expect(window.options).toMatchObject(savedPlace.bounds);
    window.listeners.get("close")!();
    expect(JSON.parse(readFileSync(join(dataDir, WINDOW_STATE_FILE), "utf8"))).toEqual({
      bounds: mocks.normalBounds,
      maximized: false,
    });
  });

  it("focuses the window on a second launch and opens its path once the page listens", async () => {
    const window = mocks.windows[0]!;
    const secondPath = join(dataDir, "second", "run.lh5");
    const argv = ["/opt/electron/electron", "/repo", "ignored-when-additional-data-is-given.lh5"];
    mocks.appListeners.get("second-instance")!({}, argv, "/elsewhere", { openPath: secondPath });
    expect(window.focus).toHaveBeenCalled();
    // the page did not say it listens yet: the path waits rather than being lost
    expect(openPathsSent(window)).toEqual([]);
    const handshake = mocks.handlers.get(MENU_LISTENING_CHANNEL)!;
    await handshake(FOREIGN);
    expect(openPathsSent(window)).toEqual([]);
    await handshake(OWN);
    expect(openPathsSent(window)).toEqual([secondPath]);
    // opened by the user: the service allows it
    expect((await call<AppInfo>("getAppInfo")).roots).toContain(secondPath);
    // while the page reloads, a path (from the second launch's argv, in its folder) waits again
    window.contentsListeners.get("did-start-loading")!();
    mocks.appListeners.get("second-instance")!({}, ["/opt/electron/electron", "/repo", "b.lh5"], "/w", {});
    expect(openPathsSent(window)).toEqual([secondPath]);
    await handshake(OWN);
    expect(openPathsSent(window)).toEqual([secondPath, "/w/b.lh5"]);
  });

  it("rebuilds the menu and adds a recent document when a dataset is opened", async () => {
    const handle = await call<JobHandle<unknown>>("openDataset", {
      path: macOpenedConfig,
      scanTables: false,
    });
    await awaitJob({ getJob: (request) => call<JobStatus>("getJob", request) }, handle);
    expect(electron.app.addRecentDocument).toHaveBeenCalledWith(macOpenedConfig);
    await vi.waitFor(() => {
      const template = mocks.menus.at(-1) as MenuItem[];
      const file = template.find((item) => item.label === "&File")!;
      const recent = file.submenu!.find((item) => item.label === "Open Recent")!;
      expect(recent.submenu!.map((item) => item.label)).toEqual([macOpenedConfig]);
    });
  });

  it("has a Help menu with the About panel (the app's version) and the documentation in the browser", () => {
    expect(electron.app.setAboutPanelOptions).toHaveBeenCalledWith(
      expect.objectContaining({ applicationName: "LH5 Browser", applicationVersion: "9.8.7" }),
    );
    const template = mocks.menus.at(-1) as MenuItem[];
    const help = template.find((item) => item.role === "help")!.submenu!;
    help.find((item) => item.label === "About LH5 Browser")!.click!();
    expect(electron.app.showAboutPanel).toHaveBeenCalled();
    help.find((item) => item.label === "LH5 Browser Documentation")!.click!();
    expect(electron.shell.openExternal).toHaveBeenCalledWith(DOCS_URL);
  });
});
