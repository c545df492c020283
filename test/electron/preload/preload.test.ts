// The sandboxed preload with `electron` mocked: it exposes exactly one object, `window.lh5`.
import { describe, expect, it, vi } from "vitest";
import { API_METHOD_NAMES } from "../../../shared/api/contract.ts";
import {
  MENU_CHANNEL,
  MENU_LISTENING_CHANNEL,
  type MenuCommand,
  SAVE_DIALOG_CHANNEL,
} from "../../../shared/api/bridge.ts";
import { JOB_EVENTS_CHANNEL, JOB_EVENTS_LISTENING_CHANNEL } from "../../../shared/api/job-events.ts";
import type { JobStatus } from "../../../shared/api/types.ts";

const exposed = vi.hoisted(() => new Map<string, unknown>());
const invoke = vi.hoisted(() => vi.fn((..._args: unknown[]) => Promise.resolve({ ok: true, value: 1 })));
const listeners = vi.hoisted(() => new Map<string, (...args: unknown[]) => void>());

vi.mock("electron", () => ({
  contextBridge: { exposeInMainWorld: (key: string, value: unknown) => exposed.set(key, value) },
  ipcRenderer: {
    invoke,
    on: (channel: string, listener: (...args: unknown[]) => void) => listeners.set(channel, listener),
    removeListener: (channel: string) => listeners.delete(channel),
  },
}));

describe("preload", () => {
  it("exposes only window.lh5, with one function per method, onMenuCommand and showSaveDialog", async () => {
    await import("../../../electron/preload/index.ts");
    expect([...exposed.keys()]).toEqual(["lh5"]);
    const bridge = exposed.get("lh5") as Record<string, (...args: unknown[]) => unknown>;
    expect(Object.keys(bridge).sort()).toEqual(
      [...API_METHOD_NAMES, "onJobEvent", "onMenuCommand", "showSaveDialog"].sort(),
    );
    await bridge.getCycleDetails!({ row: 2 });
    expect(invoke).toHaveBeenLastCalledWith("lh5:getCycleDetails", { row: 2 });
    await bridge.getAppInfo!();
    expect(invoke).toHaveBeenLastCalledWith("lh5:getAppInfo");
  });

  it("passes on well-formed menu commands only", async () => {
    await import("../../../electron/preload/index.ts");
    const bridge = exposed.get("lh5") as { onMenuCommand: (l: (c: MenuCommand) => void) => () => void };
    const seen: MenuCommand[] = [];
    const off = bridge.onMenuCommand((command) => seen.push(command));
    // the main process is told that the page listens, so paths opened from outside can now be sent
    expect(invoke).toHaveBeenLastCalledWith(MENU_LISTENING_CHANNEL);
    const deliver = listeners.get(MENU_CHANNEL)!;
    deliver({}, { command: "open-path", path: "/d/filedb.json" });
    deliver({}, { command: "rm -rf" });
    deliver({}, { command: "open-path", path: 3 });
    expect(seen).toEqual([{ command: "open-path", path: "/d/filedb.json" }]);
    off();
    expect(listeners.has(MENU_CHANNEL)).toBe(false);
  });

  it("passes on well-formed pushed job statuses only, after asking main to replay recent ones", async () => {
    await import("../../../electron/preload/index.ts");
    const bridge = exposed.get("lh5") as {
      onJobEvent: (l: (s: JobStatus) => void) => Promise<() => void>;
    };
    const seen: JobStatus[] = [];
    const off = await bridge.onJobEvent((status) => seen.push(status));
    expect(invoke).toHaveBeenLastCalledWith(JOB_EVENTS_LISTENING_CHANNEL);
    const deliver = listeners.get(JOB_EVENTS_CHANNEL)!;
    const status: JobStatus = {
      jobId: "j",
      kind: "count",
      state: "done",
      progress: null,
      startedAt: 1,
      finishedAt: 2,
      result: { total: 3 },
    };
    deliver({}, status);
    deliver({}, { jobId: 3, state: "done" });
    deliver({}, "rm -rf");
    expect(seen).toEqual([status]);
    off();
    expect(listeners.has(JOB_EVENTS_CHANNEL)).toBe(false);
  });

  it("asks the main process for the native save dialog and passes back a path or null", async () => {
    await import("../../../electron/preload/index.ts");
    const bridge = exposed.get("lh5") as { showSaveDialog: (r: unknown) => Promise<string | null> };
    const request = { title: "Export", defaultPath: "/d/sel.csv", filters: [] };
    invoke.mockResolvedValueOnce("/d/chosen.csv" as never);
    expect(await bridge.showSaveDialog(request)).toBe("/d/chosen.csv");
    expect(invoke).toHaveBeenLastCalledWith(SAVE_DIALOG_CHANNEL, request);
    invoke.mockResolvedValueOnce(null as never);
    expect(await bridge.showSaveDialog(request)).toBeNull();
    invoke.mockResolvedValueOnce({ ok: true } as never);
    expect(await bridge.showSaveDialog(request)).toBeNull();
  });
});
