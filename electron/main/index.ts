// Electron main process: one secure window on the built renderer, the contract on IPC, native
// menus and dialogs, one instance per user (a second launch hands its path to the first). Everything
// below the shell is shared with web mode (services/app); the logic lives in small modules beside this.
import { app, BrowserWindow, dialog, ipcMain, Menu, screen, session, shell } from "electron";
import { fileURLToPath, pathToFileURL } from "node:url";
import {
  DROP_PATH_CHANNEL,
  isDroppedPath,
  MENU_CHANNEL,
  MENU_LISTENING_CHANNEL,
  type MenuCommand,
} from "../../shared/api/bridge.ts";
import type { JobStatus } from "../../shared/api/types.ts";
import { JOB_EVENTS_CHANNEL, JOB_EVENTS_LISTENING_CHANNEL } from "../../shared/api/job-events.ts";
import { createAppService } from "../services/app/create.ts";
import { userDataDir } from "../services/app/data-dir.ts";
import type { AppService } from "../services/app/service.ts";
import { registerIpcHandlers, registerSaveDialog, senderCheck } from "../ipc/register.ts";
import { aboutPanelOptions, DOCS_URL, openExternalSafely } from "./about.ts";
import { launchPath, secondLaunchPath, type SecondLaunchData } from "./argv.ts";
import { chooseSavePath, chooseSource, confirmFolder, type OpenKind } from "./dialogs.ts";
import { buildMenuTemplate } from "./menu.ts";
import { OpenRequests } from "./open-requests.ts";
import { isAppUrl, secureWindowOptions } from "./window-options.ts";
import { restoredBounds } from "./window-state.ts";
import { loadWindowState, rememberWindowState, saveWindowState } from "./window-state-file.ts";

const rendererIndex = fileURLToPath(new URL("../renderer/index.html", import.meta.url));
const rendererUrl = pathToFileURL(rendererIndex).href;
const preloadPath = fileURLToPath(new URL("../preload/index.cjs", import.meta.url));

let mainWindow: BrowserWindow | null = null;
let service: AppService | null = null;
/** Paths opened from outside the window, waiting for the renderer to listen. */
const openRequests = new OpenRequests();

function send(command: MenuCommand): void {
  mainWindow?.webContents.send(MENU_CHANNEL, command);
}

/** Opens a path in the window; the user chose it (dialog, double click, command line), so it is allowed. */
function openChosenPath(path: string): void {
  service?.allowPath(path);
  send({ command: "open-path", path });
}

async function openFromDialog(kind: OpenKind): Promise<void> {
  if (!mainWindow || !service) return;
  const path = await chooseSource(dialog, mainWindow, kind);
  if (path) openChosenPath(path);
}

async function refreshMenu(): Promise<void> {
  const recent = service ? await service.listRecent() : [];
  const template = buildMenuTemplate(
    {
      openConfig: () => void openFromDialog("config"),
      openFolder: () => void openFromDialog("folder"),
      openFileDb: () => void openFromDialog("filedb"),
      openDemo: () => send({ command: "open-demo" }),
      openRecent: (path) => send({ command: "open-path", path }),
      exportSelection: () => send({ command: "export" }),
      quit: () => app.quit(),
      about: () => app.showAboutPanel(),
      openDocs: () => void openExternalSafely(shell, DOCS_URL),
    },
    recent,
    process.platform === "darwin",
  );
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

function createWindow(dataDir: string): void {
  const saved = loadWindowState(dataDir);
  const bounds = restoredBounds(
    saved,
    screen.getAllDisplays().map((display) => display.workArea),
  );
  const window = new BrowserWindow({ ...secureWindowOptions(preloadPath), ...bounds });
  mainWindow = window;
  rememberWindowState(window, (state) => saveWindowState(dataDir, state));
  window.once("ready-to-show", () => {
    if (saved?.maximized) window.maximize();
    window.show();
  });
  // a reloading page listens again only once its script ran
  window.webContents.on("did-start-loading", () => openRequests.pause());
  window.on("closed", () => {
    mainWindow = null;
    openRequests.pause();
  });
  void window.loadFile(rendererIndex, { query: { mode: "electron" } });
}

/** Brings the window to the front (a second launch or a double-clicked file), or opens one (macOS keeps the app without windows). */
function showWindow(dataDir: string): void {
  if (!mainWindow) {
    createWindow(dataDir);
    return;
  }
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.show();
  mainWindow.focus();
}

/** The shell of the first instance; a second launch only hands its path over and quits. */
function startShell(ownLaunchPath: string | null): void {
  // Set once the app is ready: Electron's userData folder, unless LH5_BROWSER_DATA_DIR names another.
  let dataDir: string | null = null;

  app.on("second-instance", (_event, argv, workingDirectory, additionalData) => {
    const path = secondLaunchPath(argv, workingDirectory, additionalData, app.isPackaged);
    if (path) openRequests.request(path);
    if (dataDir) showWindow(dataDir);
  });
  // macOS: a file dropped on the Dock icon or opened in Finder, also before the app is ready
  app.on("open-file", (event, path) => {
    event.preventDefault();
    openRequests.request(path);
    if (dataDir) showWindow(dataDir);
  });

  app.on("web-contents-created", (_event, contents) => {
    // No navigation away from the app and no new windows, from any web contents.
    contents.on("will-navigate", (event, url) => {
      if (!isAppUrl(url, rendererUrl)) event.preventDefault();
    });
    contents.on("will-attach-webview", (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: "deny" }));
  });

  app.enableSandbox();

  void app.whenReady().then(async () => {
    session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
    const readyDataDir = userDataDir(process.env, app.getPath("userData"));
    // a file macOS opened before the app was ready replaces the last session, as a command-line path does
    const startupPath = ownLaunchPath ?? openRequests.takeStartupPath();
    const appService = createAppService({
      mode: "electron",
      startupPath,
      dataDir: readyDataDir,
      // a dataset that reads folders outside the opened ones asks first, in a native dialog
      confirmRoot: (request) => confirmFolder(dialog, mainWindow, request),
    });
    service = appService;
    appService.onRecentChanged((path) => {
      app.addRecentDocument(path);
      void refreshMenu();
    });
    app.setAboutPanelOptions(aboutPanelOptions(app.getVersion()));
    const trusted = senderCheck(
      () => mainWindow?.webContents.id,
      (url) => isAppUrl(url, rendererUrl),
    );
    registerIpcHandlers(ipcMain, appService, trusted);
    // job progress and results are pushed to the window (the preload's onJobEvent), not polled
    const pushJob = (status: JobStatus) => {
      if (mainWindow && !mainWindow.isDestroyed()) mainWindow.webContents.send(JOB_EVENTS_CHANNEL, status);
    };
    appService.jobs.onEvent(pushJob);
    ipcMain.handle(JOB_EVENTS_LISTENING_CHANNEL, (event) => {
      if (trusted(event)) appService.jobs.replayTo(pushJob);
    });
    registerSaveDialog(ipcMain, trusted, async (request) => {
      if (!mainWindow) return null;
      const path = await chooseSavePath(dialog, mainWindow, request);
      if (path) appService.allowPath(path); // chosen by the user in a native dialog
      return path;
    });
    ipcMain.handle(MENU_LISTENING_CHANNEL, (event) => {
      if (trusted(event)) openRequests.listen(openChosenPath);
    });
    // a folder, config or file dropped onto the window (preload/drop.ts): chosen by the user, as in the Open dialog
    ipcMain.on(DROP_PATH_CHANNEL, (event, path: unknown) => {
      if (trusted(event) && isDroppedPath(path)) openChosenPath(path);
    });
    await refreshMenu();
    dataDir = readyDataDir;
    createWindow(readyDataDir);
    app.on("activate", () => {
      if (BrowserWindow.getAllWindows().length === 0) createWindow(readyDataDir);
    });
  });

  app.on("window-all-closed", () => {
    service?.dispose();
    if (process.platform !== "darwin") app.quit();
  });
}

const ownLaunchPath = launchPath(process.argv, app.isPackaged);
const secondLaunch: SecondLaunchData = { openPath: ownLaunchPath };
// One instance per user data folder: a second launch gives the first its path (resolved here, in the
// second launch's own working folder) and quits.
if (app.requestSingleInstanceLock(secondLaunch)) startShell(ownLaunchPath);
else app.quit();
