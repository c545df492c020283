import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  cycleKey,
  fileDbConfig,
  tierFilePath,
  timestampKey,
} from "../../../../electron/services/generator/layout.ts";
import {
  TH228_LINES,
  sampleCalEvent,
  samplePhyEvent,
  THRESHOLD_KEV,
} from "../../../../electron/services/generator/spectrum.ts";
import { Rng } from "../../../../electron/services/generator/prng.ts";
import { TIERS } from "../../../../electron/services/generator/tables.ts";

describe("generator layout", () => {
  it("formats file-key timestamps as YYYYMMDDTHHMMSSZ", () => {
    expect(timestampKey(Date.UTC(2023, 3, 1) / 1000)).toBe("20230401T000000Z");
    expect(timestampKey(1679500907)).toBe("20230322T160147Z");
  });

  it("numbers cycles into cal/phy, runs of 50 per type and periods of 20 runs", () => {
    expect(cycleKey(0)).toMatchObject({
      type: "cal",
      run: "r000",
      period: "p03",
      timestamp: "20230401T000000Z",
    });
    expect(cycleKey(1)).toMatchObject({ type: "phy", run: "r000", timestamp: "20230401T001000Z" });
    expect(cycleKey(99).run).toBe("r000");
    expect(cycleKey(100)).toMatchObject({ type: "cal", run: "r001", period: "p03" });
    expect(cycleKey(1999)).toMatchObject({ run: "r019", period: "p03" });
    expect(cycleKey(2000)).toMatchObject({ run: "r000", period: "p04" });
    // timestamps never repeat, so every cycle has its own file names
    const keys = new Set(Array.from({ length: 5000 }, (_, i) => cycleKey(i).timestamp));
    expect(keys.size).toBe(5000);
  });

  it("puts tier files where the FileDB config's templates say", () => {
    const key = cycleKey(101);
    expect(tierFilePath(key, "dsp")).toBe(
      join(
        "generated",
        "tier",
        "dsp",
        "phy",
        "p03",
        "r001",
        `l200-p03-r001-phy-${key.timestamp}-tier_dsp.lh5`,
      ),
    );
    const config = fileDbConfig(TIERS) as {
      file_format: Record<string, string>;
      tier_dirs: Record<string, string>;
    };
    expect(config.tier_dirs.dsp).toBe("/dsp");
    expect(config.file_format.dsp).toBe(
      "/{type}/{period}/{run}/{exp}-{period}-{run}-{type}-{timestamp}-tier_dsp.lh5",
    );
  });
});

describe("generator spectra", () => {
  it("draws only deposits above threshold and below the highest line (cal) or the alpha range (phy)", () => {
    const rng = new Rng(3);
    for (let i = 0; i < 20000; i++) {
      for (const d of sampleCalEvent(rng, 3)) {
        expect(d.energy).toBeGreaterThan(THRESHOLD_KEV);
        expect(d.energy).toBeLessThanOrEqual(TH228_LINES.at(-1)!.energy);
      }
      for (const d of samplePhyEvent(rng, 3)) {
        expect(d.energy).toBeGreaterThan(THRESHOLD_KEV);
        expect(d.energy).toBeLessThan(5500);
      }
    }
  });

  it("gives cal events several detectors sometimes, and never more than asked", () => {
    const rng = new Rng(4);
    let multi = 0;
    for (let i = 0; i < 20000; i++) {
      const n = sampleCalEvent(rng, 2).length;
      expect(n).toBeGreaterThanOrEqual(1);
      expect(n).toBeLessThanOrEqual(2);
      if (n === 2) multi++;
    }
    expect(multi / 20000).toBeGreaterThan(0.02);
    expect(multi / 20000).toBeLessThan(0.4);
  });
});
