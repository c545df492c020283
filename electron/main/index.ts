// Electron main process: one secure window on the built renderer, the contract on IPC, native
// menus and dialogs. Everything below the shell is shared with web mode (services/app).
import { app, BrowserWindow, dialog, ipcMain, Menu, session } from "electron";
import { fileURLToPath, pathToFileURL } from "node:url";
import { MENU_CHANNEL, type MenuCommand } from "../../shared/api/bridge.ts";
import { createAppService } from "../services/app/create.ts";
import type { AppService } from "../services/app/service.ts";
import { registerIpcHandlers, registerSaveDialog, senderCheck } from "../ipc/register.ts";
import { chooseSavePath, chooseSource, type OpenKind } from "./dialogs.ts";
import { buildMenuTemplate } from "./menu.ts";
import { isAppUrl, secureWindowOptions } from "./window-options.ts";
import { firstPathArgument } from "./argv.ts";

const rendererIndex = fileURLToPath(new URL("../renderer/index.html", import.meta.url));
const rendererUrl = pathToFileURL(rendererIndex).href;
const preloadPath = fileURLToPath(new URL("../preload/index.cjs", import.meta.url));

let mainWindow: BrowserWindow | null = null;
let service: AppService | null = null;

function send(command: MenuCommand): void {
  mainWindow?.webContents.send(MENU_CHANNEL, command);
}

async function openFromDialog(kind: OpenKind): Promise<void> {
  if (!mainWindow || !service) return;
  const path = await chooseSource(dialog, mainWindow, kind);
  if (!path) return;
  service.allowPath(path); // chosen by the user in a native dialog
  send({ command: "open-path", path });
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
    },
    recent,
    process.platform === "darwin",
  );
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

function createWindow(): void {
  const window = new BrowserWindow(secureWindowOptions(preloadPath));
  mainWindow = window;
  window.once("ready-to-show", () => window.show());
  window.on("closed", () => {
    mainWindow = null;
  });
  void window.loadFile(rendererIndex, { query: { mode: "electron" } });
}

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
  const startPath = firstPathArgument(process.argv.slice(app.isPackaged ? 1 : 2));
  service = createAppService({ mode: "electron", startupPath: startPath });
  const trusted = senderCheck(
    () => mainWindow?.webContents.id,
    (url) => isAppUrl(url, rendererUrl),
  );
  registerIpcHandlers(ipcMain, service, trusted);
  registerSaveDialog(ipcMain, trusted, async (request) => {
    if (!mainWindow || !service) return null;
    const path = await chooseSavePath(dialog, mainWindow, request);
    if (path) service.allowPath(path); // chosen by the user in a native dialog
    return path;
  });
  await refreshMenu();
  createWindow();
  app.on("activate", () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
});

app.on("window-all-closed", () => {
  service?.dispose();
  if (process.platform !== "darwin") app.quit();
});
