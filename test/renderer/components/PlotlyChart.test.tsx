// PlotlyChart over a recording fake of Plotly: one Plotly.react per figure, the config given only when it
// changed (Plotly re-reads and compares a config on every call), data-drawn and onDrawn after each draw.
import { act, render } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import type { Config, Data, Layout } from "plotly.js-dist-min";

const calls: { args: number; config: unknown }[] = [];
const purged: HTMLElement[] = [];
vi.mock("plotly.js-dist-min", () => ({
  default: {
    react: (_div: HTMLElement, _data: Data[], _layout: Partial<Layout>, config?: Partial<Config>) => {
      calls.push({ args: config === undefined ? 3 : 4, config });
      return Promise.resolve();
    },
    purge: (div: HTMLElement) => purged.push(div),
  },
}));

const { PlotlyChart } = await import("../../../renderer/components/PlotlyChart.tsx");
const { LOCAL_ONLY_CONFIG } = await import("../../../renderer/components/plotly-config.ts");

const figure = (n: number) => ({
  data: [{ type: "scatter", y: [n] }] as Data[],
  layout: { title: { text: `f${n}` } } as Partial<Layout>,
});

async function settle() {
  await act(async () => {
    await new Promise((resolve) => setTimeout(resolve, 0));
  });
}

describe("PlotlyChart", () => {
  it("draws a provisional figure without counting or reporting it", async () => {
    calls.length = 0;
    const seen: string[] = [];
    const { rerender, getByTestId, unmount } = render(
      <PlotlyChart {...figure(1)} provisional testId="plot" onDrawn={() => seen.push("drawn")} />,
    );
    await settle();
    const plot = getByTestId("plot");
    expect(calls).toHaveLength(1);
    expect(plot.dataset.drawn).toBeUndefined();
    rerender(<PlotlyChart {...figure(2)} testId="plot" onDrawn={() => seen.push("drawn")} />);
    await settle();
    expect(calls).toEqual([
      { args: 4, config: { responsive: true, ...LOCAL_ONLY_CONFIG } },
      { args: 3, config: undefined },
    ]);
    expect(plot.dataset.drawn).toBe("1");
    expect(seen).toEqual(["drawn"]);
    unmount();
  });

  it("draws each new figure once, passing the config only on the first draw and when it changes", async () => {
    calls.length = 0;
    const seen: string[] = [];
    const first = figure(1);
    const { rerender, getByTestId, unmount } = render(
      <PlotlyChart {...first} testId="plot" onDrawn={() => seen.push("first callback")} />,
    );
    await settle();
    const plot = getByTestId("plot");
    expect(plot.dataset.drawn).toBe("1");
    expect(calls).toEqual([{ args: 4, config: { responsive: true, ...LOCAL_ONLY_CONFIG } }]);

    const second = figure(2);
    rerender(<PlotlyChart {...second} testId="plot" onDrawn={() => seen.push("second callback")} />);
    await settle();
    expect(plot.dataset.drawn).toBe("2");
    expect(calls.at(-1)).toEqual({ args: 3, config: undefined });
    // the callback of the render that drew, not the one before
    expect(seen).toEqual(["first callback", "second callback"]);

    // the same figure again (a re-render for something else) is not redrawn
    rerender(<PlotlyChart {...second} testId="plot" onDrawn={() => seen.push("second callback")} />);
    await settle();
    expect(calls).toHaveLength(2);

    const config = { displayModeBar: false };
    rerender(<PlotlyChart {...second} config={config} testId="plot" />);
    await settle();
    expect(calls.at(-1)).toEqual({
      args: 4,
      config: { responsive: true, displayModeBar: false, ...LOCAL_ONLY_CONFIG },
    });
    rerender(<PlotlyChart {...figure(3)} config={config} testId="plot" />);
    await settle();
    expect(calls.at(-1)).toEqual({ args: 3, config: undefined });
    expect(plot.dataset.drawn).toBe("4");

    unmount();
    await settle();
    expect(purged).toContain(plot);
  });
});
