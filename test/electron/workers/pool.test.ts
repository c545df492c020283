import { afterEach, describe, expect, it, vi } from "vitest";
import { LH5Error } from "../../../electron/services/lh5/errors.ts";
import { CancelledError, WorkerPool } from "../../../electron/workers/pool.ts";
import { P14_RAW_FILE } from "../../fixtures/testdata.ts";

const TASKS = new URL("./fixtures/tasks.ts", import.meta.url);
const pools: WorkerPool[] = [];
function pool(opts?: ConstructorParameters<typeof WorkerPool>[0]): WorkerPool {
  const p = new WorkerPool(opts);
  pools.push(p);
  return p;
}
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
});

describe("WorkerPool", () => {
  it("runs exported functions of a TS module in workers, in parallel up to its size", async () => {
    const p = pool({ size: 2 });
    const results = await Promise.all(
      [1, 2, 3, 4].map((a) => p.runModule<number>(TASKS, "add", { a, b: 10 })),
    );
    expect(results).toEqual([11, 12, 13, 14]);
    expect(p.workersStarted).toBe(2);
  });

  it("runs LH5 reads with h5wasm and its plugins ready in the worker", async () => {
    const p = pool({ size: 1 });
    expect(await p.runModule<number>(TASKS, "nRows", { path: P14_RAW_FILE, table: "ch1107202/raw" })).toBe(2);
  });

  it("passes progress messages to onProgress", async () => {
    const p = pool({ size: 1 });
    const seen: unknown[] = [];
    const n = await p.runModule<number>(
      TASKS,
      "countWithProgress",
      { n: 3 },
      { onProgress: (i) => seen.push(i) },
    );
    expect(n).toBe(3);
    expect(seen).toEqual([
      { done: 1, of: 3 },
      { done: 2, of: 3 },
      { done: 3, of: 3 },
    ]);
  });

  it("transfers typed arrays back intact", async () => {
    const p = pool({ size: 1 });
    const r = await p.runModule<{ values: Float64Array; bytes: Uint8Array; label: string }>(TASKS, "typed", {
      n: 1000,
    });
    expect(r.values).toBeInstanceOf(Float64Array);
    expect(r.values.length).toBe(1000);
    expect(r.values[999]).toBe(499.5);
    expect(Array.from(r.bytes)).toEqual([1, 2, 3]);
    expect(r.label).toBe("ok");
  });

  it("re-throws errors as data: LH5Error keeps its class and fields", async () => {
    const p = pool({ size: 1 });
    const error = await p.runModule(TASKS, "failLh5", {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LH5Error);
    expect(error).toMatchObject({
      code: "filter",
      file: "/data/x.lh5",
      objectPath: "ch1/raw/baseline",
      message: "/data/x.lh5:/ch1/raw/baseline: compression filter 32015 is not available",
    });
    const plain = await p.runModule(TASKS, "failPlain", {}).catch((e: unknown) => e);
    expect(plain).toMatchObject({ name: "RangeError", message: "plain failure" });
    const missing = await p.runModule(TASKS, "noSuchFunction", {}).catch((e: unknown) => e);
    expect((missing as Error).message).toMatch(/exports no function 'noSuchFunction'/);
    expect(await p.runModule(TASKS, "add", { a: 1, b: 1 })).toBe(2); // the worker is still fine
    expect(p.workersStarted).toBe(1);
  });

  it("cancels a running task through its AbortSignal, and a queued one without running it", async () => {
    const p = pool({ size: 1, cancelGraceMs: 120_000 }); // a slow worker start must not count as "won't stop"
    const controller = new AbortController();
    const running = p.runModule(TASKS, "untilCancelled", {}, { signal: controller.signal });
    const queuedController = new AbortController();
    const queued = p.runModule(TASKS, "add", { a: 1, b: 2 }, { signal: queuedController.signal });
    await new Promise((r) => setTimeout(r, 300));
    queuedController.abort();
    controller.abort();
    await expect(running).rejects.toBeInstanceOf(CancelledError);
    await expect(queued).rejects.toBeInstanceOf(CancelledError);
    await expect(p.runModule(TASKS, "add", { a: 2, b: 2 })).resolves.toBe(4);
    expect(p.workersStarted).toBe(1); // the cooperative task stopped; its worker was kept
    await expect(
      p.runModule(TASKS, "add", { a: 0, b: 0 }, { signal: AbortSignal.abort() }),
    ).rejects.toBeInstanceOf(CancelledError);
  });

  it("terminates a worker whose cancelled task does not stop", async () => {
    const p = pool({ size: 1, cancelGraceMs: 200 });
    // the worker is up first: a start-up slower than the wait below (a loaded machine) would abort the task
    // before it reached the worker, and then nothing needs terminating
    await expect(p.runModule(TASKS, "add", { a: 1, b: 1 })).resolves.toBe(2);
    const controller = new AbortController();
    const busy = p.runModule(TASKS, "busyForever", {}, { signal: controller.signal });
    await new Promise((r) => setTimeout(r, 300));
    controller.abort();
    await expect(busy).rejects.toBeInstanceOf(CancelledError);
    await expect(p.runModule(TASKS, "add", { a: 5, b: 5 })).resolves.toBe(10);
    expect(p.workersStarted).toBe(2);
  });

  it("replaces a crashed worker and rejects only the crashed task", async () => {
    const p = pool({ size: 1 });
    const crashed = await p.runModule(TASKS, "crash", {}).catch((e: unknown) => e);
    expect((crashed as Error).message).toMatch(/worker crashed while running crash/);
    await expect(p.runModule(TASKS, "add", { a: 1, b: 2 })).resolves.toBe(3);
    expect(p.workersStarted).toBe(2);
  });

  it("recycles a worker whose wasm heap grew past the threshold", async () => {
    const small = pool({ size: 1, recycleHeapBytes: 1 }); // any h5wasm heap exceeds 1 byte
    const first = await small.runModule<number>(TASKS, "whoAmI", {});
    const second = await small.runModule<number>(TASKS, "whoAmI", {});
    expect(second).not.toBe(first);
    expect(small.workersStarted).toBe(2);
    const big = pool({ size: 1 });
    const a = await big.runModule<number>(TASKS, "whoAmI", {});
    const b = await big.runModule<number>(TASKS, "whoAmI", {});
    expect(b).toBe(a);
  });

  it("ends a worker that stayed idle for idleTimeoutMs (its memory goes back), and starts a new one for new work", async () => {
    const p = pool({ size: 1, idleTimeoutMs: 150 });
    const first = await p.runModule<number>(TASKS, "whoAmI", {});
    expect(p.liveWorkers).toBe(1);
    await vi.waitFor(() => expect(p.liveWorkers).toBe(0), { timeout: 5000, interval: 20 });
    const second = await p.runModule<number>(TASKS, "whoAmI", {});
    expect(second).not.toBe(first);
    // work arriving before the timeout keeps the worker
    const kept = pool({ size: 1, idleTimeoutMs: 2000 });
    const a = await kept.runModule<number>(TASKS, "whoAmI", {});
    await new Promise((r) => setTimeout(r, 100));
    expect(await kept.runModule<number>(TASKS, "whoAmI", {})).toBe(a);
  });

  it("calls registered task modules through types: run(name, fn) and client(name)", async () => {
    const p = pool({ size: 1 });
    const scan = p.client("scan");
    const [listed] = await scan.listTables({ jobs: [{ path: P14_RAW_FILE, tableFormat: "ch{ch:07d}/raw" }] });
    expect(listed!.ok).toBe(true);
    await expect(p.run("load", "warm", null)).resolves.toBeNull();
  });

  it("rejects queued work on close", async () => {
    const p = pool({ size: 1 });
    const running = p.runModule(TASKS, "untilCancelled", {}).catch((e: unknown) => e);
    const queued = p.runModule(TASKS, "add", { a: 1, b: 1 }).catch((e: unknown) => e);
    await p.close();
    expect(((await running) as Error).message).toMatch(/closed/);
    expect(((await queued) as Error).message).toMatch(/closed/);
    await expect(p.runModule(TASKS, "add", { a: 1, b: 1 })).rejects.toThrow(/closed/);
  });
});
