// A second launch of the app (the first holds the single-instance lock) hands its resolved path to the
// first through the lock's additional data, then quits without a window, a service or IPC handlers.
import { afterAll, describe, expect, it, vi } from "vitest";

const mocks = vi.hoisted(() => ({
  appListeners: [] as string[],
  windows: 0,
  handlers: 0,
  whenReady: vi.fn(() => Promise.resolve()),
}));

vi.mock("electron", () => ({
  app: {
    on: (event: string) => mocks.appListeners.push(event),
    whenReady: mocks.whenReady,
    enableSandbox: vi.fn(),
    isPackaged: true,
    quit: vi.fn(),
    requestSingleInstanceLock: vi.fn(() => false),
  },
  BrowserWindow: class {
    constructor() {
      mocks.windows += 1;
    }
  },
  ipcMain: { handle: () => (mocks.handlers += 1) },
  Menu: {},
  dialog: {},
  screen: {},
  shell: {},
  session: {},
}));

describe("Electron main, second launch", () => {
  const savedArgv = process.argv;
  afterAll(() => {
    process.argv = savedArgv;
  });

  it("quits at once, handing the running app its path resolved in its own folder", async () => {
    // a packaged app's argv: the executable, then the file a file manager passed
    process.argv = ["/opt/LH5 Browser/lh5-browser", "--no-sandbox", "data/run.lh5"];
    const cwd = vi.spyOn(process, "cwd").mockReturnValue("/home/u");
    await import("../../../electron/main/index.ts");
    cwd.mockRestore();
    const { app } = await import("electron");
    expect(app.requestSingleInstanceLock).toHaveBeenCalledWith({ openPath: "/home/u/data/run.lh5" });
    expect(app.quit).toHaveBeenCalled();
    expect(mocks.whenReady).not.toHaveBeenCalled();
    expect(mocks.appListeners).toEqual([]);
    expect(mocks.windows).toBe(0);
    expect(mocks.handlers).toBe(0);
  });
});
