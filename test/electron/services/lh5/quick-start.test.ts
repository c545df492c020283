// Short-lived CLI commands ask V8 for baseline-only wasm code before h5wasm compiles (h5.ts
// preferQuickStart): the flags must be set before the module loads, never after, and `ls` asks for them
// before it loads HDF5. node:v8 is mocked so that this test process keeps V8's defaults.
import { join } from "node:path";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { PROD_REF_TIER_DIR } from "../../../fixtures/testdata.ts";

const setFlags = vi.hoisted(() => vi.fn<(flags: string) => void>());
vi.mock("node:v8", async (importOriginal) => ({
  ...(await importOriginal<typeof import("node:v8")>()),
  setFlagsFromString: setFlags,
}));

const DSP = join(PROD_REF_TIER_DIR, "dsp/cal/p03/r000/l200-p03-r000-cal-20230311T235840Z-tier_dsp.lh5");

beforeEach(() => {
  vi.resetModules(); // a fresh h5.ts: no module loaded yet
  setFlags.mockClear();
});

describe("preferQuickStart", () => {
  it("sets the baseline-only wasm flags before h5wasm loads, once", async () => {
    const h5 = await import("../../../../electron/services/lh5/h5.ts");
    expect(h5.isQuickStart()).toBe(false);
    expect(h5.preferQuickStart()).toBe(true);
    expect(h5.preferQuickStart()).toBe(true);
    expect(setFlags.mock.calls.map((c) => c[0])).toEqual([...h5.QUICK_START_V8_FLAGS]);
    expect(h5.QUICK_START_V8_FLAGS).toContain("--liftoff-only");
    expect(h5.isQuickStart()).toBe(true);
  });

  it("does nothing once a module is loaded (the flags would not apply to it)", async () => {
    const h5 = await import("../../../../electron/services/lh5/h5.ts");
    await h5.initH5();
    expect(h5.preferQuickStart()).toBe(false);
    expect(setFlags).not.toHaveBeenCalled();
  });
});

describe("ls", () => {
  it("asks for the quick start before it loads HDF5, and lists as before", async () => {
    const order: string[] = [];
    vi.doMock("../../../../electron/services/lh5/h5.ts", async (importOriginal) => {
      const real = await importOriginal<typeof import("../../../../electron/services/lh5/h5.ts")>();
      return {
        ...real,
        preferQuickStart: () => {
          order.push("preferQuickStart");
          return true;
        },
        initH5: async () => {
          order.push("initH5");
          await real.initH5();
        },
      };
    });
    const { runLs, parseLsArgs } = await import("../../../../electron/cli/commands/ls.ts");
    let out = "";
    const code = await runLs(parseLsArgs([DSP, "--depth", "1"]), {
      stdout: (text: string) => (out += text),
      stderr: () => undefined,
    });
    expect(code).toBe(0);
    expect(order).toEqual(["preferQuickStart", "initH5"]);
    expect(out).toMatch(/^ch\d+\/\s/m);
    vi.doUnmock("../../../../electron/services/lh5/h5.ts");
  });
});
