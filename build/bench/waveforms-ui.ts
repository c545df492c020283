// The waveform browser in Chromium (web mode) on prod-ref-l200: time from clicking Next to the
// drawn page of 10 and of 5 waveforms (raw; the page was prefetched after the previous draw), Prev back to a
// recent page at both sizes, the same for radware-encoded waveforms of the p14 raw file (new random samples,
// never cached in the renderer), and the export dialog's throughput for a selection of one channel and of
// all 16 channels of a generated tree (~40 and ~10× more rows).
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Page } from "playwright-core";
import type { BenchRow } from "./types.ts";
import { median } from "./stats.ts";
import { generateDataset } from "../../electron/services/generator/index.ts";
import { initH5 } from "../../electron/services/lh5/h5.ts";
import { FILEDB_CONFIG as CONFIG, writeP14FileDbConfig } from "../../test/fixtures/testdata.ts";
import { ensureBuilt, startServe } from "../../test/e2e/helpers.ts";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

const drawn = (page: Page) =>
  page.evaluate(() =>
    Number(document.querySelector<HTMLElement>('[data-testid="waveform-plot"]')?.dataset.drawn ?? "0"),
  );

/** Seconds from the click to Plotly having drawn the new page. */
async function timeClick(page: Page, testId: string): Promise<number> {
  return (await timeClickInPage(page, testId)).wall;
}

/**
 * Page script: marks the click event's time and the frame after the plot's next `data-drawn` change (a
 * string, because tsx would wrap named functions of an evaluated closure in a helper the page lacks).
 */
const WATCH_CLICK_TO_PAINT = `(() => {
  const w = window;
  if (w.benchWatch) w.benchWatch();
  const plot = document.querySelector('[data-testid="waveform-plot"]');
  const onClick = () => { w.benchClickAt = performance.now(); };
  const observer = new MutationObserver(() =>
    requestAnimationFrame(() => setTimeout(() => { w.benchPaintAt = performance.now(); })));
  document.addEventListener("click", onClick, true);
  observer.observe(plot, { attributes: true, attributeFilter: ["data-drawn"] });
  w.benchWatch = () => { document.removeEventListener("click", onClick, true); observer.disconnect(); };
  w.benchClickAt = undefined;
  w.benchPaintAt = undefined;
})()`;

/**
 * As timeClick, and also, measured in the page, ms from the button's click event to the frame after the
 * draw (what the user waits for, without the automation's round trips).
 */
async function timeClickInPage(page: Page, testId: string): Promise<{ wall: number; inPageMs: number }> {
  await page.evaluate(WATCH_CLICK_TO_PAINT);
  const before = await drawn(page);
  const started = performance.now();
  await page.getByTestId(testId).click();
  await page.waitForFunction(
    (n) =>
      Number(document.querySelector<HTMLElement>('[data-testid="waveform-plot"]')?.dataset.drawn ?? "0") > n,
    before,
    { timeout: 60_000, polling: "raf" },
  );
  const wall = (performance.now() - started) / 1000;
  const inPageMs = await page.waitForFunction(() => {
    const w = window as unknown as { benchClickAt?: number; benchPaintAt?: number };
    return w.benchPaintAt !== undefined && w.benchClickAt !== undefined && w.benchPaintAt - w.benchClickAt;
  });
  return { wall, inPageMs: (await inPageMs.jsonValue()) as number };
}

/** Pause before each timed page click: the time a user looks at the page shown. */
const LOOK_MS = 1000;

/** Clicks `testId` `runs` times; a row of the wall-clock seconds with the in-page times in its note. */
async function clickRow(
  page: Page,
  testId: string,
  runs: number,
  row: Pick<BenchRow, "name" | "size">,
  note: string,
): Promise<BenchRow> {
  const times: { wall: number; inPageMs: number }[] = [];
  for (let i = 0; i < runs; i++) {
    // a user looks at a page before the next click; meanwhile the page after it is prefetched
    await page.waitForTimeout(LOOK_MS);
    times.push(await timeClickInPage(page, testId));
  }
  const wall = times.map((t) => t.wall);
  const inPage = times.map((t) => t.inPageMs);
  return {
    ...row,
    unit: "s",
    median: median(wall),
    runs,
    note: `${note}min ${Math.min(...wall).toFixed(3)} s, max ${Math.max(...wall).toFixed(3)} s; in the page, click event to the frame after the draw: median ${median(inPage).toFixed(0)} ms, max ${Math.max(...inPage).toFixed(0)} ms; load average ${loadavg()[0]!.toFixed(1)}`,
  };
}

async function pickChannel(page: Page, name: string, table: string): Promise<void> {
  await page.getByTestId("channel-search").fill(name);
  await page.locator(`[data-testid="channel-picker"] tr[data-table="${table}"]`).click();
  await page.getByTestId("channel-search").fill("");
}

/** The app served on `config` (data in `dataDir`), open in headless Chromium once its scan is done. */
async function openApp(config: string, dataDir: string): Promise<{ page: Page; close: () => Promise<void> }> {
  const { url, child } = await startServe([config], dataDir);
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--no-sandbox"] });
  const close = async () => {
    await browser.close();
    child.kill("SIGINT");
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(url);
    await page.getByTestId("scan-progress").waitFor({ state: "detached", timeout: 170_000 });
    return { page, close };
  } catch (error) {
    await close();
    throw error;
  }
}

export async function benchWaveformsUi(): Promise<BenchRow[]> {
  ensureBuilt(); // a build older than renderer/ or shared/ would measure old code
  const dataDir = mkdtempSync(join(tmpdir(), "lh5-bench-wf-"));
  const { page, close } = await openApp(CONFIG, dataDir);
  const rows: BenchRow[] = [];
  try {
    // a geds channel with 40 raw waveforms over the cycles (the 38 343-entry channel's first page
    // took over 2 min to build under the shared machine's load, so it is not used here)
    const previous = await shownPosition(page); // the whole dataset's first page
    await pickChannel(page, "V00048A", "ch1084803");
    await entryCount(page, previous); // the channel's own first page, a moment after the selection changed
    await page.waitForFunction(
      () =>
        Number(document.querySelector<HTMLElement>('[data-testid="waveform-plot"]')?.dataset.drawn ?? "0") >
        0,
    );
    const pages = `new pages of ch1084803 (prod-ref-l200, 8192 samples, drawn as ~2 points per pixel column on a canvas), prefetched after the previous draw, clicked ${LOOK_MS / 1000} s after it; `;
    rows.push(
      await clickRow(
        page,
        "waveform-next",
        3,
        { name: "click Next to drawn page of waveforms (raw, Chromium)", size: "10 waveforms" },
        `goal < 0.2 s; ${pages}`,
      ),
      await clickRow(
        page,
        "waveform-prev",
        3,
        { name: "click Prev to drawn page of waveforms (recent page, Chromium)", size: "10 waveforms" },
        "back to pages shown before (kept in the renderer): drawing only; ",
      ),
    );
    // The same figures at 5 per page (back on page 1 after the Prevs), so the report shows how the
    // click-to-drawn time grows with the page size; the channel's 40 waveforms give 3 new pages either way.
    await page.getByTestId("waveform-per-page").fill("5");
    await page.waitForFunction(
      () => /^1–5 of /.test(document.querySelector('[data-testid="waveform-position"]')?.textContent ?? ""),
      undefined,
      { timeout: 120_000 },
    );
    await page.waitForFunction(
      () => document.querySelector<HTMLElement>('[data-testid="waveform-plot"]')?.dataset.lines === "5",
    );
    rows.push(
      await clickRow(
        page,
        "waveform-next",
        3,
        { name: "click Next to drawn page of waveforms (raw, Chromium)", size: "5 waveforms" },
        "5 per page, otherwise as at 10; ",
      ),
      await clickRow(
        page,
        "waveform-prev",
        3,
        { name: "click Prev to drawn page of waveforms (recent page, Chromium)", size: "5 waveforms" },
        "5 per page, otherwise as at 10; ",
      ),
    );
  } finally {
    await close();
  }
  rows.push(...(await benchExport()));
  rows.push(...(await benchEncoded()));
  return rows;
}

/** Channels of the generated tree for the export: one of them is ~1/16 of the entries, all of them 16/16. */
const EXPORT_CHANNELS = 16;

/** The waveform browser's position text once a page is shown ("1–10 of 612"). */
async function shownPosition(page: Page): Promise<string> {
  await entryCount(page);
  return (await page.getByTestId("waveform-position").textContent()) ?? "";
}

/**
 * The entry count of the waveform browser's position text ("1–10 of 612"), once it is not `previous` (the
 * text before the selection changed: a new selection's page comes a moment after its live count).
 */
async function entryCount(page: Page, previous = ""): Promise<number> {
  await page.waitForFunction(
    (old) => {
      const text = document.querySelector('[data-testid="waveform-position"]')?.textContent ?? "";
      return /^\d+–\d+ of /.test(text) && text !== old;
    },
    previous,
    { timeout: 120_000 },
  );
  const text = (await page.getByTestId("waveform-position").textContent()) ?? "";
  return Number(text.split(" of ")[1]?.replace(/\s/g, ""));
}

/**
 * The export dialog's throughput (3 runs each) for two selections of one generated tree (1 cycle,
 * 16 channels, 1400-sample waveforms): one channel and all channels, as CSV of three dsp columns and
 * as LH5 with the waveforms.
 */
async function benchExport(): Promise<BenchRow[]> {
  await initH5();
  const dataDir = mkdtempSync(join(tmpdir(), "lh5-bench-wf-export-"));
  const dataset = await generateDataset(join(dataDir, "tree"), {
    cycles: 1,
    channels: EXPORT_CHANNELS,
    events: 600,
    seed: 5,
    tiers: ["raw", "dsp", "hit", "tcm"],
  });
  const { page, close } = await openApp(join(dataset.root, "filedb-config.json"), dataDir);
  const rows: BenchRow[] = [];
  try {
    let oneChannel = 0;
    for (const channels of ["one", "all"] as const) {
      let previous = "";
      if (channels === "one") {
        previous = await shownPosition(page); // the whole tree's page
        await page.locator('[data-testid="channel-picker"] tr[data-table]').first().click();
      } else {
        await page.getByTestId("channel-clear").click();
        // wait until the position shows the whole tree's count, not the one channel's any more
        await page.waitForFunction(
          (n) =>
            !(document.querySelector('[data-testid="waveform-position"]')?.textContent ?? "").endsWith(
              ` of ${n}`,
            ),
          oneChannel,
          { timeout: 120_000 },
        );
      }
      const selected = await entryCount(page, previous);
      if (channels === "one") oneChannel = selected;
      for (const [format, waveforms] of [
        ["csv", false],
        ["lh5", true],
      ] as const) {
        const seconds: number[] = [];
        let bytes = 0;
        for (let run = 0; run < 3; run++) {
          const path = join(dataDir, `bench-export-${channels}-${run}.${format}`);
          await page.getByTestId("export-button").click();
          await page.getByTestId("export-path").fill(path);
          await page.getByTestId("export-format").selectOption(format);
          await page.getByTestId("export-columns").fill("trapEmax, tp_0_est, cuspEmax");
          await page.getByTestId("export-waveforms").setChecked(waveforms);
          const started = performance.now();
          await page.getByTestId("export-start").click();
          await page.getByTestId("export-done").waitFor({ timeout: 300_000 });
          seconds.push((performance.now() - started) / 1000);
          bytes = statSync(path).size;
          await page.getByRole("button", { name: "Close" }).click();
        }
        const time = median(seconds);
        const what = `${format}${waveforms ? " with waveforms" : ""}`;
        const source = `${channels === "one" ? "one channel" : `all ${EXPORT_CHANNELS} channels`} of a generated tree (1 cycle)`;
        rows.push(
          {
            name: `export from the dialog (${what})`,
            size: `${selected} rows`,
            unit: "rows/s",
            median: selected / time,
            runs: seconds.length,
            note: `${source}; click to done median ${time.toFixed(2)} s; load average ${loadavg()[0]!.toFixed(1)}`,
          },
          {
            name: `export from the dialog (${what}), output`,
            size: `${(bytes / 1e3).toFixed(1)} kB`, // kB: a small CSV is 0.00 MB, which hides its growth
            unit: "MB/s",
            median: bytes / 1e6 / time,
            runs: seconds.length,
            note: `${selected} rows, ${source}`,
          },
        );
      }
    }
    return rows;
  } finally {
    await close();
  }
}

/**
 * New random samples of 1 and of 5 entries × (windowed, presummed) radware-encoded waveforms of the p14 raw
 * file: the same figure at 2 and 10 drawn waveforms, so the report shows how it grows with the page size
 * (the file has one entry in each of its 6 channels, so 12 waveforms at most).
 */
async function benchEncoded(): Promise<BenchRow[]> {
  const dataDir = mkdtempSync(join(tmpdir(), "lh5-bench-wf-p14-"));
  const { page, close } = await openApp(writeP14FileDbConfig(dataDir), dataDir);
  const rows: BenchRow[] = [];
  try {
    await page.getByTestId("waveform-columns").fill("waveform_windowed, waveform_presummed");
    await page.getByTestId("waveform-columns").press("Enter");
    for (const entries of [1, 5]) {
      const lines = String(2 * entries);
      await page.getByTestId("waveform-per-page").fill(String(entries));
      // The Random sample button toggles: press it once; later a new per-page count redraws the sample.
      if ((await page.getByTestId("waveform-random").getAttribute("aria-pressed")) !== "true")
        await page.getByTestId("waveform-random").click();
      await page.waitForFunction(
        (n) => document.querySelector<HTMLElement>('[data-testid="waveform-plot"]')?.dataset.lines === n,
        lines,
        { timeout: 120_000 },
      );
      const times: number[] = [];
      for (let i = 0; i < 5; i++) times.push(await timeClick(page, "waveform-resample"));
      rows.push({
        name: "click Another sample to drawn encoded waveforms (radware, p14, Chromium)",
        size: `${lines} waveforms`,
        unit: "s",
        median: median(times),
        runs: times.length,
        note: `goal < 0.2 s for 10; ${entries} random entries × waveform_windowed (1400 samples) + waveform_presummed (781) of the p14 raw file, decoded by the service; min ${Math.min(...times).toFixed(3)} s, max ${Math.max(...times).toFixed(3)} s`,
      });
    }
    return rows;
  } finally {
    await close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url))
  console.log(JSON.stringify(await benchWaveformsUi(), null, 1));
