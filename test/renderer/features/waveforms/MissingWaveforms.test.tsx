import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { MissingWaveforms } from "../../../../renderer/features/waveforms/MissingWaveforms.tsx";
import type { WaveformPage } from "../../../../shared/api/types.ts";

function pageWith(missing?: { entries: number; reasons: string[] }): WaveformPage {
  return {
    totalEntries: 100,
    entries: Float64Array.from([0, 1, 2, 3]),
    traces: [
      {
        column: "waveform",
        nSamples: 2,
        values: new Float32Array(8),
        t0: new Float64Array(4),
        dt: new Float64Array(4),
        timeUnits: "ns",
        ...(missing ? { missing } : {}),
      },
    ],
    legend: {},
  };
}

describe("missing waveforms notice", () => {
  it("counts the page's entries without the waveform and says why", () => {
    render(
      <MissingWaveforms
        page={pageWith({ entries: 3, reasons: ["l200-p03-r000-cal-20230311T235840Z has no raw/hit file"] })}
      />,
    );
    expect(screen.getByTestId("waveform-missing").textContent).toBe(
      "3 of the 4 entries on this page have no 'waveform' and are not drawn: l200-p03-r000-cal-20230311T235840Z has no raw/hit file",
    );
  });

  it("shows nothing when every entry has its waveform", () => {
    render(<MissingWaveforms page={pageWith()} />);
    expect(screen.queryByTestId("waveform-missing")).toBeNull();
  });
});
