// The physics of one simulated cycle, without any file I/O: TCM consistency, spectrum, DSP vs truth, A/E.
import { describe, expect, it } from "vitest";
import { calibrateChannel } from "../../../../electron/services/generator/calibration.ts";
import { makeChannels } from "../../../../electron/services/generator/channels.ts";
import { simulateCycle, type SimulatedCycle } from "../../../../electron/services/generator/cycle.ts";
import { computeDsp } from "../../../../electron/services/generator/dsp.ts";
import { WAVEFORM_SAMPLES } from "../../../../electron/services/generator/pulse.ts";
import { DEP_KEV, chargeSigmaKeV } from "../../../../electron/services/generator/spectrum.ts";

const channels = makeChannels(4, 7);
const calibrations = channels.map(calibrateChannel);

function cycle(
  type: "cal" | "phy",
  index: number,
  events: number,
  seed = 7,
  waveforms = true,
): SimulatedCycle {
  return simulateCycle(
    { seed, index, type, start: 1.68e9 + index * 600, duration: 590, events, waveforms },
    channels,
    calibrations,
  );
}

const cal = cycle("cal", 0, 3000);

describe("simulateCycle", () => {
  it("builds a TCM whose every (table_key, row_in_table) is a row of that channel, each hit once", () => {
    const { cumulativeLength, tableKey, rowInTable } = cal.tcm;
    expect(cumulativeLength.length).toBe(3000);
    const totalRows = cal.channels.reduce((n, c) => n + c.rows, 0);
    expect(cumulativeLength[cumulativeLength.length - 1]).toBe(totalRows);
    expect(tableKey.length).toBe(totalRows);
    const seen = channels.map((c) => new Uint8Array(cal.channels[c.channelIndex]!.rows));
    let start = 0;
    let multiHit = 0;
    for (let e = 0; e < cumulativeLength.length; e++) {
      const end = cumulativeLength[e]!;
      expect(end).toBeGreaterThan(start); // no empty event
      if (end - start > 1) multiHit++;
      for (let k = start; k < end; k++) {
        const ch = channels.findIndex((c) => c.rawid === tableKey[k]);
        expect(ch).toBeGreaterThanOrEqual(0);
        const row = rowInTable[k]!;
        const hits = cal.channels[ch]!;
        expect(row).toBeLessThan(hits.rows);
        expect(seen[ch]![row]).toBe(0);
        seen[ch]![row] = 1;
        // coincident hits share the event's time and event number
        expect(hits.timestamp[row]).toBe(cal.events.timestamp[e]);
        expect(hits.eventIndex[row]).toBe(e);
        expect(hits.numtraces[row]).toBe(end - start);
        // within an event, hits are sorted by table key
        if (k > start) expect(tableKey[k]).toBeGreaterThan(tableKey[k - 1]!);
      }
      start = end;
    }
    expect(seen.every((s) => s.every((v) => v === 1))).toBe(true);
    expect(multiHit).toBeGreaterThan(30); // Compton scatters reach other detectors
  });

  it("keeps each channel's rows in time order and every channel populated", () => {
    for (const hits of cal.channels) {
      expect(hits.rows).toBeGreaterThan(0);
      for (let i = 1; i < hits.rows; i++)
        expect(hits.timestamp[i]).toBeGreaterThanOrEqual(hits.timestamp[i - 1]!);
    }
  });

  it("puts the Th-228 peaks where they belong in the calibrated hit energies", () => {
    const counts = new Float64Array(3000);
    for (const hits of cal.channels) {
      for (let i = 0; i < hits.rows; i++) {
        const bin = Math.floor(hits.hit.cuspEmax_ctc_cal[i]!);
        if (bin >= 0 && bin < counts.length) counts[bin]!++;
      }
    }
    const peakNear = (lo: number, hi: number): number => {
      let best = lo;
      for (let b = lo; b < hi; b++) if (counts[b]! > counts[best]!) best = b;
      return best + 0.5;
    };
    expect(Math.abs(peakNear(2400, 2800) - 2614.5)).toBeLessThanOrEqual(3);
    expect(Math.abs(peakNear(500, 650) - 583.2)).toBeLessThanOrEqual(3);
  });

  it("measures energies from the waveforms that agree with the deposited energy", () => {
    let n = 0;
    for (const [c, hits] of cal.channels.entries()) {
      for (let i = 0; i < hits.rows; i++) {
        const truth = hits.trueEnergy[i]!;
        const sigma = Math.hypot(chargeSigmaKeV(truth), 0.5);
        expect(Math.abs(hits.hit.cuspEmax_ctc_cal[i]! - truth)).toBeLessThan(6 * sigma);
        // trapEmax (ADC) is proportional to the pulse amplitude: gain × energy
        expect(Math.abs(hits.dsp.trapEmax[i]! / (channels[c]!.gain * truth) - 1)).toBeLessThan(
          0.02 + (6 * sigma) / truth,
        );
        n++;
      }
    }
    expect(n).toBeGreaterThan(3000);
  });

  it("stores DSP values that the same DSP recomputes from the stored waveform", () => {
    const hits = cal.channels[0]!;
    for (let i = 0; i < Math.min(hits.rows, 20); i++) {
      const trace = hits.waveforms!.subarray(i * WAVEFORM_SAMPLES, (i + 1) * WAVEFORM_SAMPLES);
      const p = computeDsp(trace, channels[0]!.tau);
      expect(hits.dsp.trapEmax[i]).toBeCloseTo(Math.fround(p.trapEmax), 3);
      expect(hits.dsp.A_max[i]).toBeCloseTo(Math.fround(p.aMax), 3);
      expect(hits.dsp.bl_mean[i]! - channels[0]!.baseline).toBeLessThan(2);
    }
  });

  it("gives A/E ≈ 1 for single-site DEP events and lower A/E for multi-site events", () => {
    const dep: number[] = [];
    const all: number[] = [];
    for (const hits of cal.channels) {
      for (let i = 0; i < hits.rows; i++) {
        const aoe = hits.hit.AoE_Corrected[i]!;
        if (Math.abs(hits.trueEnergy[i]! - DEP_KEV) < 0.01) dep.push(aoe);
        if (hits.trueEnergy[i]! > 1000) all.push(aoe);
      }
    }
    const median = (v: number[]): number => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
    expect(dep.length).toBeGreaterThan(5);
    expect(Math.abs(median(dep) - 1)).toBeLessThan(0.02);
    // above 1 MeV most events are multi-site: a clear low-A/E population
    expect(all.filter((a) => a < 0.9).length / all.length).toBeGreaterThan(0.3);
  });

  it("is deterministic for a seed and changes with it", () => {
    const a = cycle("phy", 3, 50);
    const b = cycle("phy", 3, 50);
    const c = cycle("phy", 3, 50, 8);
    expect(a.channels[0]!.waveforms).toEqual(b.channels[0]!.waveforms);
    expect(a.tcm.tableKey).toEqual(b.tcm.tableKey);
    expect(a.events.larVeto).toEqual(b.events.larVeto);
    expect(c.tcm.tableKey).not.toEqual(a.tcm.tableKey);
  });

  it("makes evt rows that summarise the TCM's events", () => {
    const { events, tcm } = cycle("phy", 1, 200);
    let start = 0;
    for (let e = 0; e < 200; e++) {
      const end = tcm.cumulativeLength[e]!;
      expect(events.multiplicity[e]).toBe(end - start);
      let sum = 0;
      for (let k = start; k < end; k++) sum += events.energy[k]!;
      expect(events.energySum[e]).toBeCloseTo(sum, 9);
      if (events.muonVeto[e] === 1) expect(events.larVeto[e]).toBe(1);
      start = end;
    }
  });
});

/** Quantiles 16, 50 and 84 % of a sample. */
function quantiles(values: number[]): [number, number, number] {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number): number => sorted[Math.floor(p * (sorted.length - 1))]!;
  return [at(0.16), at(0.5), at(0.84)];
}

describe("simulateCycle without waveforms (the DSP model)", () => {
  // The same events (the plan has its own stream), processed both ways.
  const events = 6000;
  const measured = cycle("cal", 2, events);
  const drawn = cycle("cal", 2, events, 7, false);

  it("keeps the events, the TCM and the true energies, and no waveforms", () => {
    expect(drawn.tcm.tableKey).toEqual(measured.tcm.tableKey);
    expect(drawn.tcm.rowInTable).toEqual(measured.tcm.rowInTable);
    expect(drawn.events.timestamp).toEqual(measured.events.timestamp);
    for (const [c, hits] of drawn.channels.entries()) {
      expect(hits.waveforms).toBeNull();
      expect(hits.trueEnergy).toEqual(measured.channels[c]!.trueEnergy);
    }
  });

  type Column = (hits: SimulatedCycle["channels"][number], row: number, channel: number) => number;
  const columns: Record<string, Column> = {
    "cuspEmax_ctc_cal − true energy": (h, i) => h.hit.cuspEmax_ctc_cal[i]! - h.trueEnergy[i]!,
    "trapEmax_ctc_cal − true energy": (h, i) => h.hit.trapEmax_ctc_cal[i]! - h.trueEnergy[i]!,
    "zacEmax_ctc_cal − true energy": (h, i) => h.hit.zacEmax_ctc_cal[i]! - h.trueEnergy[i]!,
    "trapTmax_cal − true energy": (h, i) => h.hit.trapTmax_cal[i]! - h.trueEnergy[i]!,
    "cuspEmax − trapEmax (keV)": (h, i) => h.hit.cuspEmax_ctc_cal[i]! - h.hit.trapEmax_ctc_cal[i]!,
    AoE_Corrected: (h, i) => h.hit.AoE_Corrected[i]!,
    "bl_mean − baseline": (h, i, c) => h.dsp.bl_mean[i]! - channels[c]!.baseline,
    bl_std: (h, i) => h.dsp.bl_std[i]!,
    bl_slope: (h, i) => h.dsp.bl_slope[i]!,
    "wf_max − bl_mean − trapEmax": (h, i) => h.dsp.wf_max[i]! - h.dsp.bl_mean[i]! - h.dsp.trapEmax[i]!,
    "wf_min − bl_mean": (h, i) => h.dsp.wf_min[i]! - h.dsp.bl_mean[i]!,
    tp_0_est: (h, i) => h.dsp.tp_0_est[i]!,
    tp_10: (h, i) => h.dsp.tp_10[i]!,
    tp_50: (h, i) => h.dsp.tp_50[i]!,
  };
  const bands = [
    [15, 100],
    [100, 1000],
    [1000, 3000],
  ] as const;

  it("draws the dsp and hit parameters with the distributions the waveform DSP measures", () => {
    for (const [lo, hi] of bands) {
      for (const [name, get] of Object.entries(columns)) {
        const collect = (sim: SimulatedCycle): number[] => {
          const values: number[] = [];
          for (const [c, hits] of sim.channels.entries())
            for (let i = 0; i < hits.rows; i++)
              if (hits.trueEnergy[i]! >= lo && hits.trueEnergy[i]! < hi) values.push(get(hits, i, c));
          return values;
        };
        const reference = quantiles(collect(measured));
        const model = quantiles(collect(drawn));
        // each quantile within an eighth of the measured 16–84 % spread
        const tolerance = (reference[2] - reference[0]) / 8;
        for (let q = 0; q < 3; q++)
          expect(Math.abs(model[q]! - reference[q]!), `${name}, ${lo}–${hi} keV, quantile ${q}`).toBeLessThan(
            tolerance,
          );
      }
    }
  });

  it("draws the same values for the same seed", () => {
    const again = cycle("cal", 2, events, 7, false);
    expect(again.channels[1]!.dsp.A_max).toEqual(drawn.channels[1]!.dsp.A_max);
    expect(again.channels[1]!.hit.cuspEmax_ctc_cal).toEqual(drawn.channels[1]!.hit.cuspEmax_ctc_cal);
  });
});
