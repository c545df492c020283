// Every method of the contract is wired everywhere: the service implements it, the IPC handlers,
// the preload bridge, the web server and both renderer clients carry it to the service and back.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { IpcMainInvokeEvent } from "electron";
import {
  API_METHOD_NAMES,
  API_METHODS,
  type ApiMethod,
  checkArgument,
  type Lh5BrowserApi,
  PENDING_METHODS,
} from "../../shared/api/contract.ts";
import { ipcChannel } from "../../shared/api/channels.ts";
import { ApiError } from "../../shared/api/errors.ts";
import { AppService } from "../../electron/services/app/service.ts";
import type { DatasetBackend } from "../../electron/services/app/backend.ts";
import { registerIpcHandlers } from "../../electron/ipc/register.ts";
import { buildBridge, type IpcRendererLike } from "../../electron/preload/bridge.ts";
import { startWebServer, type WebServer } from "../../electron/server/web-server.ts";
import { createHttpClient, createIpcClient } from "../../renderer/bridge/client.ts";
import { createMockApi } from "../../renderer/bridge/mock.ts";
import { SAMPLE_ARGUMENTS } from "./samples.ts";

/** A service that records each call and answers with a marker naming the method. */
function recordingService() {
  const calls: { method: string; argument: unknown }[] = [];
  const service: Record<string, (argument?: unknown) => Promise<unknown>> = {};
  for (const method of API_METHOD_NAMES)
    service[method] = (argument?: unknown) => {
      calls.push({ method, argument });
      return Promise.resolve({ answeredBy: method, column: new Float64Array([1, 2, 3]) });
    };
  return { service: service as unknown as Lh5BrowserApi, calls };
}

/** ipcMain and ipcRenderer joined in memory. */
function fakeIpc() {
  const handlers = new Map<string, (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown>>();
  const ipcMain = {
    handle: (
      channel: string,
      listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown>,
    ) => {
      handlers.set(channel, listener);
    },
    removeHandler: (channel: string) => handlers.delete(channel),
  };
  const event = {
    sender: { id: 1 },
    senderFrame: { url: "file:///app/index.html", parent: null },
  } as unknown as IpcMainInvokeEvent;
  const ipcRenderer: IpcRendererLike = {
    invoke: (channel, ...args) => {
      const handler = handlers.get(channel);
      if (!handler) return Promise.reject(new Error(`No handler registered for '${channel}'`));
      return handler(event, ...args);
    },
    on: () => undefined,
    removeListener: () => undefined,
  };
  return { ipcMain, ipcRenderer, handlers };
}

describe("API contract", () => {
  it("has a valid sample argument for every method, accepted by its guard", () => {
    for (const method of API_METHOD_NAMES)
      expect(checkArgument(method, SAMPLE_ARGUMENTS[method]), method).toBeNull();
  });

  it("guards reject wrong arguments with the offending key", () => {
    expect(checkArgument("getCycleDetails", { row: -1 })).toMatch(/argument\.row/);
    expect(checkArgument("queryInventory", { offset: 0, limit: 10, extra: 1 })).toMatch(
      /argument\.extra is not an accepted key/,
    );
    expect(checkArgument("openDataset", { path: 42 })).toMatch(/argument\.path must be a string/);
    expect(checkArgument("getAppInfo", { x: 1 })).toMatch(/must be absent/);
  });

  it("lists exactly these methods as pending (they throw NotImplemented until their service lands)", () => {
    // All services are wired; a method marked pending again must be added here on purpose.
    expect(PENDING_METHODS).toEqual([]);
  });

  describe("the Node service", () => {
    const dataDir = mkdtempSync(join(tmpdir(), "lh5-contract-"));
    afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
    const unusedBackend = new Proxy({} as DatasetBackend, {
      get: () => () => Promise.reject(new Error("backend not used in this test")),
    });
    const service = new AppService({ mode: "web", version: "0.0.0", dataDir, backend: unusedBackend });

    it("implements every method", () => {
      for (const method of API_METHOD_NAMES) expect(typeof service[method], method).toBe("function");
    });

    it.each(API_METHOD_NAMES)(
      "%s is implemented: it throws NotImplemented exactly when marked pending",
      async (method) => {
        const call = (service[method] as (argument: unknown) => Promise<unknown>).bind(service);
        // With no dataset open, ready methods answer or fail for a reason (no dataset, path not allowed, unknown job).
        const outcome = await call(SAMPLE_ARGUMENTS[method]).then(
          () => null,
          (error: Error) => error.name,
        );
        expect(outcome === "NotImplemented").toBe(API_METHODS[method].status === "pending");
      },
    );

    it("reports the pending methods in getAppInfo", async () => {
      expect((await service.getAppInfo()).pendingMethods).toEqual(PENDING_METHODS);
    });
  });

  describe("over Electron IPC (handlers + preload bridge + renderer IPC client)", () => {
    const { service, calls } = recordingService();
    const ipc = fakeIpc();
    registerIpcHandlers(ipc.ipcMain, service, () => true);
    const bridge = buildBridge(ipc.ipcRenderer);
    const client = createIpcClient(bridge);

    it("registers one handler per method and nothing else", () => {
      expect([...ipc.handlers.keys()].sort()).toEqual(API_METHOD_NAMES.map(ipcChannel).sort());
    });

    it("exposes one bridge function per method plus onJobEvent, onMenuCommand and showSaveDialog", () => {
      expect(Object.keys(bridge).sort()).toEqual(
        [...API_METHOD_NAMES, "onJobEvent", "onMenuCommand", "showSaveDialog"].sort(),
      );
      expect(Object.isFrozen(bridge)).toBe(true);
    });

    it.each(API_METHOD_NAMES)("%s reaches the service and returns its value", async (method: ApiMethod) => {
      calls.length = 0;
      const call = client[method] as unknown as (
        argument: unknown,
      ) => Promise<{ answeredBy: string; column: Float64Array }>;
      const value = await call(SAMPLE_ARGUMENTS[method]);
      expect(value.answeredBy).toBe(method);
      expect(calls).toEqual([{ method, argument: SAMPLE_ARGUMENTS[method] }]);
    });

    it("returns guard failures as data, not as thrown errors", async () => {
      const result = await bridge.getCycleDetails({ row: "x" } as unknown as { row: number });
      expect(result).toMatchObject({ ok: false, error: { name: "BadArgument" } });
      await expect(client.getCycleDetails({ row: "x" } as unknown as { row: number })).rejects.toBeInstanceOf(
        ApiError,
      );
    });
  });

  describe("over HTTP (web server + renderer HTTP client)", () => {
    const { service, calls } = recordingService();
    let server: WebServer;
    let client: Lh5BrowserApi;
    const rendererDir = mkdtempSync(join(tmpdir(), "lh5-contract-renderer-"));
    beforeAll(async () => {
      server = await startWebServer({ service, rendererDir });
      client = createHttpClient({ origin: server.origin, token: server.token });
    });
    afterAll(async () => {
      await server.close();
      rmSync(rendererDir, { recursive: true, force: true });
    });

    it.each(API_METHOD_NAMES)("%s reaches the service and returns its value", async (method: ApiMethod) => {
      calls.length = 0;
      const call = client[method] as unknown as (
        argument: unknown,
      ) => Promise<{ answeredBy: string; column: Float64Array }>;
      const value = await call(SAMPLE_ARGUMENTS[method]);
      expect(value.answeredBy).toBe(method);
      // Typed arrays cross as binary and arrive as typed arrays.
      expect(value.column).toBeInstanceOf(Float64Array);
      expect(Array.from(value.column)).toEqual([1, 2, 3]);
      expect(calls).toEqual([{ method, argument: SAMPLE_ARGUMENTS[method] }]);
    });
  });

  it("the renderer's mock implements every method", () => {
    const mock = createMockApi();
    for (const method of API_METHOD_NAMES) expect(typeof mock[method], method).toBe("function");
    expect(Object.keys(API_METHODS)).toEqual(API_METHOD_NAMES);
  });
});
