// The desktop menu's accelerators come from the one shortcut list, so the `?` sheet lists them truly.
import { describe, expect, it } from "vitest";
import type { MenuItemConstructorOptions } from "electron";
import { buildMenuTemplate, type MenuActions } from "../../../electron/main/menu.ts";
import { SHORTCUTS, accelerator } from "../../../shared/ui/shortcuts.ts";

const noop = () => undefined;
const actions = new Proxy({}, { get: () => noop }) as unknown as MenuActions;

function accelerators(items: readonly MenuItemConstructorOptions[]): string[] {
  return items.flatMap((item) => [
    ...(typeof item.accelerator === "string" ? [item.accelerator] : []),
    ...(Array.isArray(item.submenu) ? accelerators(item.submenu) : []),
  ]);
}

describe("the desktop menu's shortcuts", () => {
  it("are the registry's menu entries, as Electron accelerators", () => {
    expect(accelerator("menu.open-folder")).toBe("CmdOrCtrl+Shift+O");
    const menuIds = SHORTCUTS.filter((s) => s.id.startsWith("menu.")).map((s) => s.id);
    const fromRegistry = menuIds.map((id) => accelerator(id));
    const template = buildMenuTemplate(actions, [], false);
    expect(accelerators(template).sort()).toEqual(fromRegistry.sort());
  });
});
