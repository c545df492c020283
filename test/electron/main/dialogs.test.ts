import { describe, expect, it, vi } from "vitest";
import type { BrowserWindow, Dialog } from "electron";
import { confirmFolder } from "../../../electron/main/dialogs.ts";

describe("confirmFolder (the native question before a dataset reads a folder outside the opened ones)", () => {
  it("names the folder and the dataset, and answers true only for Allow", async () => {
    const window = {} as BrowserWindow;
    for (const [response, allowed] of [
      [0, true],
      [1, false],
    ] as const) {
      const showMessageBox = vi.fn((_window: unknown, _options: unknown) =>
        Promise.resolve({ response, checkboxChecked: false }),
      );
      const dialog = { showMessageBox } as unknown as Pick<Dialog, "showMessageBox">;
      expect(await confirmFolder(dialog, window, { folder: "/data/l200", source: "/cfg/filedb.json" })).toBe(
        allowed,
      );
      const options = showMessageBox.mock.calls[0]![1] as {
        message: string;
        detail: string;
        cancelId: number;
      };
      expect(options.message).toContain("/data/l200");
      expect(options.detail).toContain("/cfg/filedb.json");
      expect(options.cancelId).toBe(1);
    }
  });
});
