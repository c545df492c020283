// The native menu as a pure template builder; index.ts supplies the actions.
import type { MenuItemConstructorOptions } from "electron";
import type { RecentEntry } from "../../shared/api/types.ts";

export interface MenuActions {
  openConfig(): void;
  openFolder(): void;
  openFileDb(): void;
  openDemo(): void;
  openRecent(path: string): void;
  exportSelection(): void;
  quit(): void;
}

export function buildMenuTemplate(
  actions: MenuActions,
  recent: RecentEntry[],
  isMac: boolean,
): MenuItemConstructorOptions[] {
  const recentItems: MenuItemConstructorOptions[] =
    recent.length > 0
      ? recent.map((entry) => ({ label: entry.path, click: () => actions.openRecent(entry.path) }))
      : [{ label: "(none)", enabled: false }];
  const file: MenuItemConstructorOptions = {
    label: "&File",
    submenu: [
      { label: "Open Config…", accelerator: "CmdOrCtrl+O", click: () => actions.openConfig() },
      { label: "Open Folder…", accelerator: "CmdOrCtrl+Shift+O", click: () => actions.openFolder() },
      { label: "Open FileDB…", click: () => actions.openFileDb() },
      { label: "Open Demo Dataset", click: () => actions.openDemo() },
      { label: "Open Recent", submenu: recentItems },
      { type: "separator" },
      { label: "Export…", accelerator: "CmdOrCtrl+E", click: () => actions.exportSelection() },
      { type: "separator" },
      { label: isMac ? "Quit LH5 Browser" : "Quit", accelerator: "CmdOrCtrl+Q", click: () => actions.quit() },
    ],
  };
  return [file, { role: "editMenu" }, { role: "viewMenu" }, { role: "windowMenu" }];
}
