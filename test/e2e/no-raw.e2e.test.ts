// A tree generated without the raw tier (issue 19): its DataLoader config opens with passing entries and no
// scan problem, and the waveform panel says calmly that there are no waveforms instead of showing an error.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateDataset } from "../../electron/services/generator/index.ts";
import {
  type Browser,
  ensureBuilt,
  openBrowser,
  screenshot,
  type Served,
  startServe,
  waitForScanEnd,
} from "./helpers.ts";

describe("a generated tree without raw", () => {
  const base = mkdtempSync(join(tmpdir(), "lh5-e2e-noraw-"));
  let served: Served;
  let browser: Browser;

  beforeAll(async () => {
    ensureBuilt();
    const tree = await generateDataset(join(base, "tree"), {
      cycles: 2,
      channels: 3,
      events: 200,
      seed: 4,
      tiers: ["dsp", "hit", "tcm", "evt"],
    });
    served = await startServe([tree.dataloaderConfigPath]);
    browser = await openBrowser(served.url);
  });
  afterAll(async () => {
    await browser?.close();
    await served?.stop();
    if (served) rmSync(served.dataDir, { recursive: true, force: true });
    rmSync(base, { recursive: true, force: true });
  });

  it("counts passing entries, lists no scan problem and says that there are no waveforms", async () => {
    const { page } = browser;
    await waitForScanEnd(page, { listed: "channels" });
    await page.waitForFunction(
      () => document.querySelector<HTMLElement>('[data-testid="live-count"]')?.dataset.state === "done",
      null,
      { timeout: 60_000 },
    );
    const passing = Number((await page.getByTestId("live-count").innerText()).replace(/\D/g, ""));
    expect(passing).toBeGreaterThan(0);
    await page.getByTestId("waveform-none").waitFor({ timeout: 30_000 });
    expect(await page.getByTestId("waveform-none").innerText()).toBe(
      "This dataset has no waveforms (no raw tier).",
    );
    expect(await page.getByText(/scan problem/i).count()).toBe(0);
    expect(await page.getByRole("alert").count()).toBe(0);
    await screenshot(page, "no-raw-01-no-waveforms");
    expect(browser.problems).toEqual([]);
  });
});
