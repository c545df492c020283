import { describe, expect, it } from "vitest";
import { valueColumnsOf } from "../../../../renderer/features/waveforms/waveform-request.ts";
import { DEFAULT_WAVEFORM_SETTINGS } from "../../../../renderer/stores/waveforms-slice.ts";

describe("marker columns (issue #18, defect 3)", () => {
  it("asks for the alignment column with time markers, so the markers shift like their traces", () => {
    const settings = { ...DEFAULT_WAVEFORM_SETTINGS, alignAt: "tp_0_est", timeMarkers: ["tp_max"] };
    expect(valueColumnsOf(settings)).toEqual(["tp_max", "tp_0_est"]);
  });

  it("does not ask for it when nothing is drawn at a time", () => {
    const settings = { ...DEFAULT_WAVEFORM_SETTINGS, alignAt: "tp_0_est", amplitudeMarkers: ["trapEmax"] };
    expect(valueColumnsOf(settings)).toEqual(["trapEmax"]);
  });
});
