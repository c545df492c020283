// Native open dialogs for the three kinds of dataset source, and the save dialog of exports and entry lists.
import type { BrowserWindow, Dialog } from "electron";
import type { SaveDialogRequest } from "../../shared/api/bridge.ts";

export type OpenKind = "config" | "folder" | "filedb";

const OPTIONS: Record<OpenKind, Electron.OpenDialogOptions> = {
  config: {
    title: "Open FileDB or DataLoader config",
    properties: ["openFile"],
    filters: [
      { name: "Configs", extensions: ["json", "yaml", "yml"] },
      { name: "All files", extensions: ["*"] },
    ],
  },
  folder: { title: "Open data folder (LEGEND production layout)", properties: ["openDirectory"] },
  filedb: {
    title: "Open saved FileDB",
    properties: ["openFile"],
    filters: [
      { name: "FileDB (LH5)", extensions: ["lh5", "h5", "hdf5"] },
      { name: "All files", extensions: ["*"] },
    ],
  },
};

/** Shows the dialog; resolves to the chosen path or null. */
export async function chooseSource(
  dialog: Pick<Dialog, "showOpenDialog">,
  window: BrowserWindow,
  kind: OpenKind,
): Promise<string | null> {
  const result = await dialog.showOpenDialog(window, OPTIONS[kind]);
  return result.canceled ? null : (result.filePaths[0] ?? null);
}

/** Shows the native save dialog; resolves to the chosen path or null. */
export async function chooseSavePath(
  dialog: Pick<Dialog, "showSaveDialog">,
  window: BrowserWindow,
  request: SaveDialogRequest,
): Promise<string | null> {
  const result = await dialog.showSaveDialog(window, {
    title: request.title,
    defaultPath: request.defaultPath,
    filters: [...request.filters, { name: "All files", extensions: ["*"] }],
    // no native overwrite question: the service refuses existing files and the app asks once, itself
    properties: ["createDirectory"],
  });
  return result.canceled || !result.filePath ? null : result.filePath;
}

/** Asks whether a dataset may read a folder outside the opened ones; true when the user allows it. */
export async function confirmFolder(
  dialog: Pick<Dialog, "showMessageBox">,
  window: BrowserWindow | null,
  request: { folder: string; source: string },
): Promise<boolean> {
  const options: Electron.MessageBoxOptions = {
    type: "question",
    buttons: ["Allow", "Cancel"],
    defaultId: 1,
    cancelId: 1,
    title: "Allow a data folder",
    message: `Allow LH5 Browser to read ${request.folder}?`,
    detail: `${request.source} reads its data from this folder, which is outside the folders you opened.`,
  };
  const result = window ? await dialog.showMessageBox(window, options) : await dialog.showMessageBox(options);
  return result.response === 0;
}
