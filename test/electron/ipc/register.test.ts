import { describe, expect, it, vi } from "vitest";
import type { IpcMainInvokeEvent } from "electron";
import type { Lh5BrowserApi } from "../../../shared/api/contract.ts";
import { ipcChannel } from "../../../shared/api/channels.ts";
import { registerIpcHandlers, senderCheck } from "../../../electron/ipc/register.ts";

function setup(trusted: boolean) {
  const handlers = new Map<string, (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown>>();
  const getCycleDetails = vi.fn(() => Promise.resolve({ row: 1 }));
  const service = { getCycleDetails } as unknown as Lh5BrowserApi;
  const remove = registerIpcHandlers(
    { handle: (c, l) => handlers.set(c, l), removeHandler: (c) => handlers.delete(c) },
    service,
    () => trusted,
  );
  return { handlers, getCycleDetails, remove };
}

const event = {} as IpcMainInvokeEvent;

describe("IPC handlers", () => {
  it("refuse untrusted senders without calling the service", async () => {
    const { handlers, getCycleDetails } = setup(false);
    const result = await handlers.get(ipcChannel("getCycleDetails"))!(event, { row: 1 });
    expect(result).toMatchObject({ ok: false, error: { name: "Forbidden", code: "forbidden-sender" } });
    expect(getCycleDetails).not.toHaveBeenCalled();
  });

  it("guard arguments and refuse extra ones", async () => {
    const { handlers, getCycleDetails } = setup(true);
    const handler = handlers.get(ipcChannel("getCycleDetails"))!;
    expect(await handler(event, { row: -3 })).toMatchObject({ ok: false, error: { name: "BadArgument" } });
    expect(await handler(event, { row: 1 }, "extra")).toMatchObject({
      ok: false,
      error: { name: "BadArgument" },
    });
    expect(await handler(event, { row: 1 })).toEqual({ ok: true, value: { row: 1 } });
    expect(getCycleDetails).toHaveBeenCalledTimes(1);
  });

  it("return service errors as data with their fields", async () => {
    const { handlers, getCycleDetails } = setup(true);
    getCycleDetails.mockRejectedValueOnce(
      Object.assign(new Error("broken file"), { name: "LH5Error", file: "/x.lh5" }),
    );
    expect(await handlers.get(ipcChannel("getCycleDetails"))!(event, { row: 1 })).toEqual({
      ok: false,
      error: { name: "LH5Error", message: "broken file", file: "/x.lh5" },
    });
  });

  it("can be removed", () => {
    const { handlers, remove } = setup(true);
    remove();
    expect(handlers.size).toBe(0);
  });

  it("senderCheck accepts only the window's main frame at an app URL", () => {
    const check = senderCheck(
      () => 7,
      (url) => url === "file:///app/index.html",
    );
    const make = (id: number, url: string, parent: unknown = null) =>
      ({ sender: { id }, senderFrame: { url, parent } }) as unknown as IpcMainInvokeEvent;
    expect(check(make(7, "file:///app/index.html"))).toBe(true);
    expect(check(make(8, "file:///app/index.html"))).toBe(false);
    expect(check(make(7, "https://evil.example/"))).toBe(false);
    expect(check(make(7, "file:///app/index.html", {}))).toBe(false);
  });
});
