// The waveform lines as the canvas drew them, and a click on one of them (the entry becomes current).
import type { Page } from "playwright-core";

export interface DrawnLine {
  name: string;
  x: number[];
  y: number[];
}

/** The waveform lines as handed to the canvas, and how many draws finished. */
export async function drawnLines(page: Page): Promise<{ draws: number; lines: DrawnLine[] }> {
  return page.evaluate(() => {
    const div = document.querySelector<HTMLElement>('[data-testid="waveform-plot"]');
    const data = (
      div as unknown as { waveformLines?: { name: string; x: ArrayLike<number>; y: ArrayLike<number> }[] }
    )?.waveformLines;
    return {
      draws: Number(div?.dataset.drawn ?? "0"),
      lines: (data ?? []).map((d) => ({ name: d.name, x: Array.from(d.x), y: Array.from(d.y) })),
    };
  });
}

/** Clicks `line` at its maximum (the topmost line there is the one picked). */
export async function clickLine(page: Page, line: DrawnLine): Promise<void> {
  await page.getByTestId("waveform-plot").scrollIntoViewIfNeeded();
  const at = line.y.indexOf(Math.max(...line.y));
  const [px, py] = await page.getByTestId("waveform-plot").evaluate(
    (div, [x, y]) => {
      const fl = (
        div as unknown as {
          _fullLayout: Record<"xaxis" | "yaxis", { l2p(v: number): number; _offset: number }>;
        }
      )._fullLayout;
      const rect = div.getBoundingClientRect();
      return [
        rect.left + fl.xaxis._offset + fl.xaxis.l2p(x!),
        rect.top + fl.yaxis._offset + fl.yaxis.l2p(y!),
      ];
    },
    [line.x[at]!, line.y[at]!],
  );
  await page.mouse.click(px, py);
}
