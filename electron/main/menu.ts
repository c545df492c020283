// The native menu as a pure template builder; index.ts supplies the actions and rebuilds the menu
// when the recent list changes.
import type { MenuItemConstructorOptions } from "electron";
import type { RecentEntry } from "../../shared/api/types.ts";
import { accelerator } from "../../shared/ui/shortcuts.ts";
import { PRODUCT_NAME } from "./about.ts";

export interface MenuActions {
  openConfig(): void;
  openFolder(): void;
  openFileDb(): void;
  openDemo(): void;
  openRecent(path: string): void;
  exportSelection(): void;
  quit(): void;
  /** Shows the About panel (name, version, authors, web site). */
  about(): void;
  /** Opens the documentation in the system browser. */
  openDocs(): void;
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
      {
        label: "Open Config…",
        accelerator: accelerator("menu.open-config"),
        click: () => actions.openConfig(),
      },
      {
        label: "Open Folder…",
        accelerator: accelerator("menu.open-folder"),
        click: () => actions.openFolder(),
      },
      { label: "Open FileDB…", click: () => actions.openFileDb() },
      { label: "Open Demo Dataset", click: () => actions.openDemo() },
      { label: "Open Recent", submenu: recentItems },
      { type: "separator" },
      { label: "Export…", accelerator: accelerator("menu.export"), click: () => actions.exportSelection() },
      { type: "separator" },
      {
        label: isMac ? "Quit LH5 Browser" : "Quit",
        accelerator: accelerator("menu.quit"),
        click: () => actions.quit(),
      },
    ],
  };
  const help: MenuItemConstructorOptions = {
    role: "help",
    label: "&Help",
    submenu: [
      { label: `${PRODUCT_NAME} Documentation`, click: () => actions.openDocs() },
      // macOS keeps About in the application menu
      ...(isMac
        ? []
        : [{ type: "separator" } as const, { label: `About ${PRODUCT_NAME}`, click: () => actions.about() }]),
    ],
  };
  // macOS shows the first menu under the app's name: About, Hide, Quit live there
  const appMenu: MenuItemConstructorOptions[] = isMac ? [{ role: "appMenu" }] : [];
  return [...appMenu, file, { role: "editMenu" }, { role: "viewMenu" }, { role: "windowMenu" }, help];
}
