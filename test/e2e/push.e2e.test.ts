// Job statuses are pushed (issue 19): in web mode the page opens one stream of job events and never polls
// getJob, through the dataset's open, live counts and a histogram on the demo dataset.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rmSync } from "node:fs";
import {
  type Browser,
  ensureBuilt,
  openBrowser,
  screenshot,
  type Served,
  startServe,
  waitForScanEnd,
} from "./helpers.ts";

describe("pushed job statuses in web mode", () => {
  let served: Served;
  let browser: Browser;
  const apiCalls: string[] = [];

  beforeAll(async () => {
    ensureBuilt();
    served = await startServe([]);
    browser = await openBrowser("about:blank");
    browser.page.on("request", (request) => {
      const path = new URL(request.url()).pathname;
      if (path.startsWith("/api/")) apiCalls.push(`${request.method()} ${path}`);
    });
    await browser.page.goto(served.url);
  });
  afterAll(async () => {
    await browser?.close();
    await served?.stop();
    if (served) rmSync(served.dataDir, { recursive: true, force: true });
  });

  it("opens, counts and draws with one event stream and no getJob request", async () => {
    const { page } = browser;
    await waitForScanEnd(page, { listed: "channels" });
    await page.getByTestId("cut-editor-hit").fill("cuspEmax_ctc_cal > 100");
    await page.getByTestId("cut-editor-hit").press("Enter");
    await page.waitForFunction(
      () => document.querySelector<HTMLElement>('[data-testid="live-count"]')?.dataset.state === "done",
      null,
      { timeout: 60_000 },
    );
    await page.getByTestId("histogram-column-x").selectOption("hit:cuspEmax_ctc_cal");
    await page.getByTestId("histogram-draw").click();
    await expect
      .poll(() => page.getByTestId("histogram-plot").first().getAttribute("data-drawn"), { timeout: 60_000 })
      .not.toBeNull();
    await screenshot(page, "push-01-counted-and-drawn");
    expect(browser.problems).toEqual([]);
    expect(apiCalls.filter((call) => call === "GET /api/events")).toHaveLength(1);
    expect(apiCalls.filter((call) => call.endsWith("/api/getJob"))).toEqual([]);
    // jobs did run: the count and the histogram were started through the API
    expect(apiCalls.length).toBeGreaterThan(3);
  });
});
