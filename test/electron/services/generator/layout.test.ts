import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { auxChannels, makeChannels } from "../../../../electron/services/generator/channels.ts";
import { channelMapYaml } from "../../../../electron/services/generator/metadata.ts";
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

describe("generator channel layout", () => {
  it("places 101 germanium detectors in LEGEND-200's ten strings, each position once", () => {
    const channels = makeChannels(101, 1);
    const perString = new Map<number, number[]>();
    for (const c of channels) perString.set(c.string, [...(perString.get(c.string) ?? []), c.position]);
    expect([...perString.keys()]).toEqual([1, 2, 3, 4, 5, 7, 8, 9, 10, 11]);
    expect([...perString.values()].map((p) => p.length)).toEqual([9, 9, 9, 12, 5, 7, 10, 14, 13, 13]);
    for (const positions of perString.values())
      expect(positions).toEqual(Array.from({ length: positions.length }, (_, i) => i + 1));
    const prefixes = new Map<string, number>();
    for (const c of channels) prefixes.set(c.name[0]!, (prefixes.get(c.name[0]!) ?? 0) + 1);
    expect(Object.fromEntries(prefixes)).toEqual({ V: 26, C: 4, P: 36, B: 35 });
    expect(new Set(channels.map((c) => c.name)).size).toBe(101);
    expect(new Set(channels.map((c) => c.rawid)).size).toBe(101);
  });

  it("continues in further strings of 12 beyond 101 detectors, names and places unique", () => {
    const channels = makeChannels(250, 2);
    expect(channels[101]).toMatchObject({ string: 12, position: 1 });
    expect(channels[249]).toMatchObject({ string: 24, position: 5 });
    expect(new Set(channels.map((c) => `${c.string}/${c.position}`)).size).toBe(250);
    expect(new Set(channels.map((c) => c.name)).size).toBe(250);
  });

  it("writes the argon veto's 58 SiPM channels with barrel, fibre and position, on rawids of their own", () => {
    const geds = makeChannels(100, 3);
    const map = parseYaml(channelMapYaml(geds, auxChannels())) as Record<
      string,
      { system: string; daq: { rawid: number }; location?: Record<string, unknown> }
    >;
    const entries = Object.values(map);
    const sipms = entries.filter((c) => c.system === "spms");
    expect(sipms).toHaveLength(58);
    expect(sipms.filter((c) => c.location?.barrel === "IB")).toHaveLength(18);
    for (const s of sipms) expect(String(s.location?.fiber)).toMatch(/^(IB|OB)\d{6}$/);
    expect(entries.filter((c) => c.system === "geds")).toHaveLength(100);
    expect(new Set(entries.map((c) => c.daq.rawid)).size).toBe(entries.length);
  });
});
