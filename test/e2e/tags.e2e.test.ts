// Tags in Chromium against web mode on prod-ref-l200 (issue #18): two entries tagged with the `t` key, listed, kept
// in the saved session, exported as an entry list file that the built CLI's `load --entry-list` loads as exactly
// those rows, opened as the selection, and loaded by the Copy-as-Python script. Screenshot at 1366×768.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { BUILT_CLI } from "../fixtures/built.ts";
import { FILEDB_CONFIG } from "../fixtures/testdata.ts";
import { screenshot, useServedApp } from "./helpers.ts";

/** Selects the waveform at `index` of the page by its legend entry, and tags it with the keyboard. */
async function tagWaveform(page: Page, index: number): Promise<void> {
  const entry = page.getByTestId("waveform-legend-list").locator("li button").nth(index);
  const position = /^#(\d+)/.exec((await entry.innerText()).trim())![1];
  await entry.click();
  await expect
    .poll(() => page.getByTestId("values-table").locator("h3").textContent(), { timeout: 30_000 })
    .toBe(`Entry #${position}`);
  await page.keyboard.press("t");
}

interface TagRow {
  cycle: number;
  table: number;
  row: number;
}

describe("tags on prod-ref-l200", () => {
  const app = useServedApp([FILEDB_CONFIG]);

  it("tags two entries with t, exports them, and the CLI and Copy as Python load the same rows", async () => {
    const { page, context } = app.browser;
    await page.setViewportSize({ width: 1366, height: 768 });
    // r000 has only its dsp file (its raw file is archived): its entries count but have no waveforms
    await page.getByTestId("file-query").fill("run != 'r000'");
    await page.getByTestId("file-query").press("Enter");
    await page.getByTestId("cut-editor-hit").fill("trapEmax > 5000");
    await page.getByTestId("cut-editor-hit").press("Enter");
    await expect
      .poll(() => page.getByTestId("waveform-position").innerText(), { timeout: 90_000 })
      .toMatch(/^1–10 of 14$/);
    await page.getByTestId("waveform-legend-list").locator("li button").first().waitFor({ timeout: 60_000 });
    await tagWaveform(page, 0);
    await tagWaveform(page, 3);
    const tagItems = page.getByTestId("tag");
    await expect.poll(() => tagItems.count()).toBe(2);
    const tags: TagRow[] = [];
    for (let i = 0; i < 2; i++) {
      const item = tagItems.nth(i);
      tags.push({
        cycle: Number(await item.getAttribute("data-cycle")),
        table: Number(await item.getAttribute("data-table")),
        row: Number(await item.getAttribute("data-row")),
      });
    }
    expect(await tagItems.first().innerText()).toMatch(/V\d{5}[A-Z] \(\d{7}\) · row \d+/);
    // t again on the selected (second) entry untags it, a third t tags it back
    await page.keyboard.press("t");
    await expect.poll(() => tagItems.count()).toBe(1);
    await page.keyboard.press("t");
    await expect.poll(() => tagItems.count()).toBe(2);

    // the tags are part of the saved session (the page saves a moment after the last change)
    const sessionFile = join(app.served.dataDir, "session.json");
    const savedTags = () => {
      if (!existsSync(sessionFile)) return [];
      const session = JSON.parse(readFileSync(sessionFile, "utf8")) as { sections?: { tags?: TagRow[] } };
      return (session.sections?.tags ?? []).map((t) => `${t.cycle}/${t.table}/${t.row}`);
    };
    await expect
      .poll(savedTags, { timeout: 20_000 })
      .toEqual(tags.map((t) => `${t.cycle}/${t.table}/${t.row}`));

    await page.getByTestId("tags-export").click();
    const done = page.getByTestId("tags-export-done");
    await done.waitFor({ timeout: 60_000 });
    const path = (await done.getAttribute("data-path"))!;
    await page.getByTestId("tags-panel").scrollIntoViewIfNeeded();
    await screenshot(page, "tags-01-exported");

    // the built CLI loads exactly the tagged rows (in file order: cycle, table, row)
    const result = spawnSync(
      process.execPath,
      [BUILT_CLI, "load", FILEDB_CONFIG, "--entry-list", path, "--columns", "trapEmax", "--json"],
      { encoding: "utf8", env: { ...process.env, LH5_BROWSER_DATA_DIR: app.served.dataDir } },
    );
    expect(result.status, result.stderr).toBe(0);
    const loaded = JSON.parse(result.stdout) as Record<string, number[]>;
    const rows = loaded.file!.map((cycle, i) => `${cycle}/${loaded.hit_table![i]}/${loaded.hit_idx![i]}`);
    expect([...rows].sort()).toEqual(tags.map((t) => `${t.cycle}/${t.table}/${t.row}`).sort());
    expect(loaded.trapEmax!.every((v) => v > 5000)).toBe(true);

    // opened as the selection, the waveform browser pages over the two, and Copy as Python loads the file
    await page.getByTestId("tags-use").click();
    await expect
      .poll(() => page.getByTestId("waveform-position").innerText(), { timeout: 60_000 })
      .toBe("1–2 of 2");
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    await page.getByTestId("copy-python").click();
    await page.getByTestId("copy-python-copied").or(page.getByTestId("copy-python-dialog")).waitFor();
    const text = (await page.getByTestId("copy-python-dialog").isVisible())
      ? await page.getByTestId("copy-python-text").inputValue()
      : await page.evaluate(() => navigator.clipboard.readText());
    expect(text).toContain(`entry_list = lh5.read("entries", ${JSON.stringify(path)}).view_as("pd")`);
    expect(text).toContain("data = loader.load(entry_list)");
    await screenshot(page, "tags-02-selection");
  });
});
