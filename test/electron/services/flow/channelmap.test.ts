import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import h5wasm from "h5wasm/node";
import { parse } from "yaml";
import { beforeAll, describe, expect, it } from "vitest";
import { METADATA_DIR, PROD_REF_TIER_DIR } from "../../../fixtures/testdata.ts";
import {
  CHANNELMAP_SUBDIR,
  ChannelLookupError,
  ChannelMap,
  MetadataError,
} from "../../../../electron/services/flow/channelmap.ts";

const P03_CAL = "20230318T012144Z";
const P03_PHY = "20230322T160139Z";
const map = ChannelMap.fromMetadata(METADATA_DIR);

/** Raw table ids (`chNNNNNNN`) of a real raw file of the test data. */
async function rawTableIds(type: string, timestamp: string): Promise<number[]> {
  await h5wasm.ready;
  const path = resolve(
    PROD_REF_TIER_DIR,
    "raw",
    type,
    "p03/r001",
    `l200-p03-r001-${type}-${timestamp}-tier_raw.lh5`,
  );
  const file = new h5wasm.File(path, "r");
  try {
    return file
      .keys()
      .filter((key) => /^ch\d+$/.test(key))
      .map((key) => Number(key.slice(2)));
  } finally {
    file.close();
  }
}

describe("ChannelMap on the real legend-metadata (p03)", () => {
  let phyIds: number[] = [];
  beforeAll(async () => {
    phyIds = await rawTableIds("phy", P03_PHY);
  });

  it("maps the raw tables of the prod-ref-l200 files to their detectors", () => {
    expect(phyIds).toEqual([1057600, 1059201, 1062405, 1084803, 1084804, 1121600]);
    const channels = map.at(P03_PHY, "phy");
    const named = phyIds.map((id) => {
      const channel = channels.byRawid(id)!;
      return `${channel.name} ${channel.system}`;
    });
    expect(named).toEqual([
      "S024 spms",
      "S036 spms",
      "S012 spms",
      "V00048A geds",
      "V01240A geds",
      "V00048B geds",
    ]);
    expect(channels.byRawid(1084803)).toMatchObject({
      string: 10,
      position: 9,
      location: { string: 10, position: 9 },
    });
    expect(channels.byRawid(1057600)!.location).toEqual({ barrel: "IB", fiber: "IB005006", position: "top" });
    // a SiPM's position is a word, not a number
    expect(channels.byRawid(1057600)!.position).toBeUndefined();
  });

  it("uses the p03 file for cal and phy in p03", () => {
    expect(map.at(P03_CAL, "cal").files).toEqual(["l200-p03-r%-T%-all-config.yaml"]);
    expect(map.at(P03_PHY, "phy").files).toEqual(["l200-p03-r%-T%-all-config.yaml"]);
    expect(map.at(P03_PHY).files).toEqual(["l200-p03-r%-T%-all-config.yaml"]);
  });

  it("selects systems and strings like the map file says", () => {
    const fileEntries = Object.values(
      parse(
        readFileSync(join(METADATA_DIR, CHANNELMAP_SUBDIR, "l200-p03-r%-T%-all-config.yaml"), "utf8"),
      ) as Record<
        string,
        { system: string; daq: { rawid: number }; location?: { string?: number; position?: number } }
      >,
    );
    const channels = map.at(P03_CAL, "cal");
    expect(channels.all()).toHaveLength(fileEntries.length);
    for (const system of ["geds", "spms", "puls", "bsln", "auxs", "pmts"]) {
      const expected = fileEntries
        .filter((e) => e.system === system)
        .map((e) => e.daq.rawid)
        .sort((a, b) => a - b);
      expect(
        channels.bySystem(system).map((c) => c.rawid),
        system,
      ).toEqual(expected);
    }
    expect(channels.bySystem("geds").length).toBeGreaterThan(90);
    expect(
      channels
        .byString(1)
        .slice(0, 5)
        .map((c) => c.name),
    ).toEqual(["V02160A", "V02160B", "V05261B", "V05266A", "V05266B"]);
    const string10 = fileEntries
      .filter((e) => e.system === "geds" && e.location?.string === 10)
      .sort((a, b) => a.location!.position! - b.location!.position!)
      .map((e) => e.daq.rawid);
    expect(channels.byString(10).map((c) => c.rawid)).toEqual(string10);
    expect(channels.byString(999)).toEqual([]);
  });

  it("resolves names, rawids, 'chNNN', systems, aliases and strings in order without repeats", () => {
    const channels = map.at(P03_CAL, "cal");
    expect(channels.resolve(["V00048A", "ch1084804", 1121600, "1084803", "v01240a"])).toEqual([
      1084803, 1084804, 1121600,
    ]);
    expect(channels.resolve(["geds"])).toEqual(channels.bySystem("geds").map((c) => c.rawid));
    expect(channels.resolve(["ged"])).toEqual(channels.resolve(["geds"]));
    expect(channels.resolve(["SiPM"])).toEqual(channels.bySystem("spms").map((c) => c.rawid));
    expect(channels.resolve(["string:10"])).toEqual(channels.byString(10).map((c) => c.rawid));
    expect(channels.resolve(["string: 1", "V02160A"])).toEqual(channels.byString(1).map((c) => c.rawid));
    expect(channels.resolve([])).toEqual([]);
    // rawids the map does not list are still table ids the files may have
    expect(channels.resolve([42, "ch0000007"])).toEqual([42, 7]);
  });

  it("names near matches for an unknown word", () => {
    const channels = map.at(P03_CAL, "cal");
    let error: unknown;
    try {
      channels.resolve(["V00048A", "V00048C"]);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ChannelLookupError);
    const lookup = error as ChannelLookupError;
    expect(lookup.word).toBe("V00048C");
    expect(lookup.suggestions).toContain("V00048A");
    expect(lookup.suggestions).toContain("V00048B");
    expect(lookup.message).toMatch(
      /^Unknown channel 'V00048C' in the channel map valid at 20230318T012144Z \(cal\); did you mean /,
    );
    expect(lookup.message).toContain("systems (auxs, bsln, geds, pmts, puls, spms)");
    expect(() => channels.resolve(["spmz"])).toThrow(/did you mean 'spms'/);
    expect(() => channels.resolve(["string:999"])).toThrow(/no channel is in string 999; strings: 1, 2/);
    expect(() => channels.resolve([-1])).toThrow(ChannelLookupError);
    expect(() => channels.resolve(["not a channel at all"])).toThrow(
      /Unknown channel 'not a channel at all'/,
    );
  });
});

describe("validity rules (p02 entries of the test metadata)", () => {
  it("cal and phy differ where the validity file has cal entries", () => {
    // 20220101T12: cal has its own entry (with the cal overlay and r006); phy falls back to the
    // 'all' entry valid from 20210702, in which r009 replaced r006.
    const cal = map.at("20220101T120000Z", "cal");
    const phy = map.at("20220101T120000Z", "phy");
    expect(cal.files).toEqual([
      "l200-p02-r%-T%-all-config.yaml",
      "l200-p02-r%-T%-cal-config.yaml",
      "l200-p02-r006-T%-all-config.yaml",
    ]);
    expect(phy.files).toEqual(["l200-p02-r%-T%-all-config.yaml", "l200-p02-r009-T%-all-config.yaml"]);
    expect(cal.byName("V99000A")!.rawid).toBe(1234568);
    expect(phy.byName("V99000A")!.rawid).toBe(12);
    expect(phy.byName("B99000A")!.rawid).toBe(11);
    expect(phy.byRawid(1234568)).toBeUndefined();
  });

  it("applies append, replace and reset in order and merges overlays key by key", () => {
    const early = map.at("20210703T000000Z", "phy");
    expect(early.resolve(["V99000A", "B99000A", "PULS01"])).toEqual([12, 11, 1234567]);
    const late = map.at("20220103T000000Z", "phy");
    expect(late.resolve(["V99000A", "B99000A", "PULS01"])).toEqual([1234568, 1234569, 1234567]);
    // r006 only changes the pulser rate; the rest of the entry comes from the base file
    const pulser = late.byName("PULS01")!;
    expect(pulser.daq).toMatchObject({ crate: 1, fcid: 1, rawid: 1234567, card: { address: "0x456" } });
    expect(map.at("20210703T000000Z", "phy").byName("V99000A")!.daq).toMatchObject({
      fcid: 12,
      crate: 0,
      channel: 0,
    });
    // reset at p03 for all and cal; p15 resets only 'all'
    expect(map.at("20230301T000000Z", "cal").files).toEqual(["l200-p03-r%-T%-all-config.yaml"]);
    expect(map.at("20250701T000000Z").files).toEqual(["l200-p15-r%-T%-all-config.yaml"]);
    expect(map.at("20250702T000000Z", "phy").files).toEqual(["l200-p15-r%-T%-all-config.yaml"]);
    // a category with entries of its own keeps them (dbetto's rule): cal stays on the p03 map
    expect(map.at("20250702T000000Z", "cal").files).toEqual(["l200-p03-r%-T%-all-config.yaml"]);
  });

  it("is exact at the validity boundaries", () => {
    expect(map.at("20210702T000000Z", "phy").files).toContain("l200-p02-r009-T%-all-config.yaml");
    expect(() => map.at("20210701T235959Z", "phy")).toThrow(
      /No channel map in .* is valid at 20210701T235959Z \(phy\); the earliest starts at 20210702T000000Z/,
    );
    expect(() => map.at("20210630T000000Z", "cal")).toThrow(/the earliest starts at 20210701T000000Z/);
    expect(map.at("20210701T000000Z", "cal").files).toContain("l200-p02-r009-T%-all-config.yaml");
    expect(map.at("20220101T235959Z").files).toContain("l200-p02-r009-T%-all-config.yaml");
    expect(map.at("20220102T000000Z").files).toContain("l200-p02-r006-T%-all-config.yaml");
  });

  it("rejects a malformed timestamp, naming it", () => {
    expect(() => map.at("2023-03-18", "cal")).toThrow(MetadataError);
    expect(() => map.at("2023-03-18")).toThrow(
      "'2023-03-18' is not a timestamp of the form 20230318T012144Z",
    );
  });

  it("caches a set per validity entry", () => {
    expect(map.at("20230318T012144Z", "cal")).toBe(map.at("20230320T000000Z", "cal"));
  });
});

describe("ChannelMap on folders of its own", () => {
  function folder(files: Record<string, string>): string {
    const dir = mkdtempSync(join(tmpdir(), "lh5-chmap-"));
    const maps = join(dir, CHANNELMAP_SUBDIR);
    mkdirSync(maps, { recursive: true });
    for (const [name, text] of Object.entries(files)) writeFileSync(join(maps, name), text);
    return dir;
  }

  it("accepts the channelmaps folder itself and reads map files only when needed", () => {
    const dir = folder({
      "validity.yaml":
        "- valid_from: 20240101T000000Z\n  apply: [a.yaml]\n- valid_from: 20240201T000000Z\n  apply: [broken.yaml]\n",
      "a.yaml":
        "D1: {name: D1, system: geds, daq: {rawid: 5}, location: {string: 2, position: 1}, analysis: {usability: 'on', processable: true}}\n",
      "broken.yaml": "D1: [unclosed\n",
    });
    const byRoot = ChannelMap.fromMetadata(dir);
    const byFolder = ChannelMap.fromMetadata(join(dir, CHANNELMAP_SUBDIR));
    expect(byRoot.at("20240115T000000Z").all()).toEqual([
      {
        name: "D1",
        rawid: 5,
        system: "geds",
        string: 2,
        position: 1,
        usability: "on",
        processable: true,
        location: { string: 2, position: 1 },
        daq: { rawid: 5 },
      },
    ]);
    expect(byFolder.at("20240115T000000Z").resolve(["string:2"])).toEqual([5]);
    expect(() => byRoot.at("20240215T000000Z")).toThrow(/Cannot read channel map .*broken\.yaml/);
  });

  it("names the folder when there is no validity.yaml", () => {
    const dir = mkdtempSync(join(tmpdir(), "lh5-chmap-empty-"));
    expect(() => ChannelMap.fromMetadata(dir)).toThrow(`No channel maps in ${dir}`);
  });

  it("rejects a rawid claimed by two channels", () => {
    const dir = folder({
      "validity.yaml": "- valid_from: 20240101T000000Z\n  apply: [a.yaml]\n",
      "a.yaml": "A: {system: geds, daq: {rawid: 5}}\nB: {system: geds, daq: {rawid: 5}}\n",
    });
    expect(() => ChannelMap.fromMetadata(dir).at("20240101T000000Z")).toThrow(
      "rawid 5 belongs to both A and B",
    );
  });

  it("the test metadata folder lists the files the validity file names", () => {
    const listed = readdirSync(join(METADATA_DIR, CHANNELMAP_SUBDIR));
    for (const timestamp of [
      "20210702T000000Z",
      "20220101T000000Z",
      "20230301T000000Z",
      "20250701T000000Z",
    ]) {
      for (const category of ["all", "cal", "phy"]) {
        for (const file of map.at(timestamp, category).files) expect(listed).toContain(file);
      }
    }
  });
});
