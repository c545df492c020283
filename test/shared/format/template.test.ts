import { readdirSync } from "node:fs";
import { sep } from "node:path";
import { describe, expect, it } from "vitest";
import {
  TemplateError,
  type TemplateKeys,
  TemplateMatcher,
  formatTemplate,
  parseTemplate,
  templateFields,
} from "../../../shared/format/index.ts";
import { PROD_REF_TIER_DIR } from "../../fixtures/testdata.ts";

const RAW = "/{type}/{period}/{run}/{exp}-{period}-{run}-{type}-{timestamp}-tier_raw.lh5";

describe("parseTemplate / templateFields", () => {
  it("splits literals and fields, de-duplicating names in order", () => {
    expect(templateFields(RAW)).toEqual(["type", "period", "run", "exp", "timestamp"]);
    expect(parseTemplate("ch{ch:07d}/raw")).toEqual([
      { kind: "literal", text: "ch" },
      expect.objectContaining({ kind: "field", name: "ch", specText: "07d" }),
      { kind: "literal", text: "/raw" },
    ]);
  });

  it("treats doubled braces as literals and a template without fields as one literal", () => {
    expect(parseTemplate("a{{b}}c")).toEqual([{ kind: "literal", text: "a{b}c" }]);
    expect(templateFields("hardware_tcm_1")).toEqual([]);
  });

  it("rejects unbalanced braces, anonymous and indexed fields, and bad specs", () => {
    expect(() => parseTemplate("ch{ch")).toThrow(TemplateError);
    expect(() => parseTemplate("ch}x")).toThrow(/single '}'/);
    expect(() => parseTemplate("a{}b")).toThrow(/anonymous/);
    expect(() => parseTemplate("a{x[0]}b")).toThrow(/field name 'x\[0\]'/);
    expect(() => parseTemplate("a{x:07q}")).toThrow(/invalid format spec '07q'/);
  });
});

describe("formatTemplate (Python str.format)", () => {
  it("builds the test file names", () => {
    const keys = { type: "cal", period: "p03", run: "r001", exp: "l200", timestamp: "20230318T012144Z" };
    expect(formatTemplate(RAW, keys)).toBe("/cal/p03/r001/l200-p03-r001-cal-20230318T012144Z-tier_raw.lh5");
  });

  it("zero-pads ints and never truncates (flow-spec §1.5)", () => {
    expect(formatTemplate("ch{ch:07d}/raw", { ch: 1084803 })).toBe("ch1084803/raw");
    expect(formatTemplate("ch{ch:07d}/raw", { ch: 5 })).toBe("ch0000005/raw");
    expect(formatTemplate("ch{ch:07d}/hit", { ch: 12345678 })).toBe("ch12345678/hit");
    expect(formatTemplate("ch{ch:03d}", { ch: 7 })).toBe("ch007");
    expect(formatTemplate("{x:05d}", { x: -5 })).toBe("-0005");
    expect(formatTemplate("r{run:0>4d}", { run: 12 })).toBe("r0012");
    expect(formatTemplate("{x:<4}|{y:^5}|{z:>3}", { x: "a", y: "b", z: "c" })).toBe("a   |  b  |  c");
    expect(formatTemplate("{v:.2f} {h:x} {h:#x}", { v: 1.005, h: 255 })).toBe("1.00 ff 0xff");
  });

  it("returns a field-less template unchanged", () => {
    expect(formatTemplate("hardware_tcm_1", { anything: 0 })).toBe("hardware_tcm_1");
  });

  it("raises Python's error for a str given to 'd', and names a missing key", () => {
    expect(() => formatTemplate("ch{ch:07d}/raw", { ch: "1084803" })).toThrow(
      /Unknown format code 'd' for object of type 'str'/,
    );
    expect(() => formatTemplate(RAW, { type: "cal" })).toThrow(/needs key 'period'/);
  });
});

describe("TemplateMatcher (PyPI parse)", () => {
  it("parses the test file names into string keys", () => {
    const m = new TemplateMatcher(RAW);
    expect(m.match("/cal/p03/r001/l200-p03-r001-cal-20230318T012144Z-tier_raw.lh5")).toEqual({
      type: "cal",
      period: "p03",
      run: "r001",
      exp: "l200",
      timestamp: "20230318T012144Z",
    });
  });

  it("requires a repeated field to repeat its text, and explains the p14 file's mismatch", () => {
    const m = new TemplateMatcher(RAW);
    const p14 = "/cal/p14/r005/l200-p14-r004-cal-20250606T010224Z-tier_raw.lh5";
    expect(m.match(p14)).toBeNull();
    const why = m.explain(p14);
    expect(why.ok).toBe(false);
    expect(!why.ok && why.reason).toMatch(/field 'run' is 'r005' in one place and 'r004' in another/);
    expect(m.explain("/cal/README.txt")).toEqual({ ok: false, reason: `does not match template '${RAW}'` });
  });

  it("treats a 'd' width as a maximum, converts to int, allows sign and leading spaces", () => {
    const m = new TemplateMatcher("ch{ch:07d}/raw");
    expect(m.match("ch1084803/raw")).toEqual({ ch: 1084803 });
    expect(m.match("ch0000005/raw")).toEqual({ ch: 5 });
    expect(m.match("ch12/raw")).toEqual({ ch: 12 });
    expect(m.match("ch12345678/raw")).toBeNull();
    expect(m.match("ch  -12/raw")).toEqual({ ch: -12 });
    expect(new TemplateMatcher("ch{ch:03d}").match("ch042")).toEqual({ ch: 42 });
  });

  it("is anchored at both ends and case-insensitive unless asked otherwise", () => {
    const m = new TemplateMatcher("{grp}/evt");
    expect(m.match("all/evt")).toEqual({ grp: "all" });
    expect(m.match("all/evt/x")).toBeNull();
    expect(m.match("x/all/EVT")).toBeNull(); // parse would give grp 'x/all'; no field spans a '/' here
    expect(new TemplateMatcher("{grp}/evt", { caseSensitive: true }).match("all/EVT")).toBeNull();
  });

  it("matches a field-less template only against itself", () => {
    const m = new TemplateMatcher("hardware_tcm_1");
    expect(m.match("hardware_tcm_1")).toEqual({});
    expect(m.match("hardware_tcm_2")).toBeNull();
  });

  it("escapes regex characters in literals and reads typed fields", () => {
    expect(new TemplateMatcher("a.b({x:d})[{y:w}]+").match("a.b(42)[q_1]+")).toEqual({ x: 42, y: "q_1" });
    expect(new TemplateMatcher("axb").match("a.b")).toBeNull();
    expect(new TemplateMatcher("v{v:f}").match("v2.5")).toEqual({ v: 2.5 });
    expect(new TemplateMatcher("h{h:x}").match("h0xff")).toEqual({ h: 255 });
  });

  it("never lets a field match a path separator, whatever its spec", () => {
    // A folder reached again through a link: parse would read run 'r001/up/p03/r001'.
    const nested = new TemplateMatcher("/{type}/{period}/{run}/{exp}-{stamp}.lh5");
    expect(nested.match("/cal/p03/r001/l200-x.lh5")).toEqual({
      type: "cal",
      period: "p03",
      run: "r001",
      exp: "l200",
      stamp: "x",
    });
    expect(nested.match("/cal/p03/r001/up/p03/r001/l200-x.lh5")).toBeNull();
    expect(nested.explain("/cal/p03/r001/up/p03/r001/l200-x.lh5").ok).toBe(false);
    for (const spec of ["", ":3", ":.9", ":3.9", ":S", ":D", ":W", ":<4"]) {
      const m = new TemplateMatcher(`a{x${spec}}b`);
      expect(m.match("a/x/b"), spec).toBeNull();
      expect(m.parseExact("a/x/b"), spec).toBeNull();
    }
    expect(new TemplateMatcher("a{x:W}b").match("a--b")).toEqual({ x: "--" });
    expect(new TemplateMatcher("a{x:D}b").match("a-x-b")).toEqual({ x: "-x-" });
    expect(new TemplateMatcher("a{x:S}b").match("a.x.b")).toEqual({ x: ".x." });
  });

  it("rejects a field repeated with a different spec at compile time", () => {
    expect(() => new TemplateMatcher("{a}-{a:d}")).toThrow(/repeated with different specs/);
  });

  it("round-trips build then parse for LEGEND names", () => {
    const keys = { type: "phy", period: "p03", run: "r001", exp: "l200", timestamp: "20230322T160139Z" };
    expect(new TemplateMatcher(RAW).match(formatTemplate(RAW, keys))).toEqual(keys);
  });
});

/** The generic path parseExact replaces: match (explain), then the keys must rebuild the same name. */
function generic(template: string, name: string): TemplateKeys | null {
  const result = new TemplateMatcher(template).explain(name);
  if (!result.ok) return null;
  try {
    return formatTemplate(template, result.keys) === name ? result.keys : null;
  } catch {
    return null;
  }
}

describe("TemplateMatcher.parseExact (the file-scan fast path)", () => {
  const tiers = ["raw", "dsp", "hit", "tcm"];

  it("agrees with match + rebuild on every fixture file name, the p14 mismatch included", () => {
    const names = readdirSync(PROD_REF_TIER_DIR, { recursive: true, encoding: "utf8" })
      .filter((p) => p.endsWith(".lh5"))
      .map((p) => ({ tier: p.split(sep)[0] as string, name: `/${p.split(sep).slice(1).join("/")}` }));
    expect(names.length).toBeGreaterThanOrEqual(17);
    let accepted = 0;
    for (const { tier, name } of names) {
      for (const t of tiers) {
        const template = RAW.replace("tier_raw", `tier_${t}`);
        const exact = new TemplateMatcher(template).parseExact(name);
        expect(exact, `${template} on ${name}`).toEqual(generic(template, name));
        if (exact && t === tier) accepted += 1;
      }
    }
    // all but the p14 raw file (folder r005, name r004)
    expect(accepted).toBe(names.length - 1);
    const p14 = "/cal/p14/r005/l200-p14-r004-cal-20250606T010224Z-tier_raw.lh5";
    expect(new TemplateMatcher(RAW).parseExact(p14)).toBeNull();
  });

  it("refuses names that match only loosely (case, padding, number forms), as the rebuild check does", () => {
    const cases: Array<[string, string]> = [
      [RAW, "/CAL/p03/r001/l200-p03-r001-cal-20230318T012144Z-tier_raw.lh5"],
      [RAW, "/cal/p03/r001/l200-p03-r001-cal-20230318T012144Z-TIER_RAW.lh5"],
      [RAW, "/cal/p03/r001/l200-p03-r001-cal-20230318T012144Z-tier_raw.lh5"],
      ["ch{ch:07d}/raw", "ch1084803/raw"],
      ["ch{ch:07d}/raw", "ch12/raw"],
      ["ch{ch:07d}/raw", "ch  -12/raw"],
      ["ch{ch:07d}/raw", "ch0000005/raw"],
      ["ch{ch:07d}/raw", "CH0000005/raw"],
      ["r{run:d}-{run:d}", "r0x1f-0x1f"],
      ["r{run:d}-{run:d}", "r31-31"],
      ["h{h:x}", "h0xff"],
      ["h{h:x}", "hff"],
      ["v{v:f}", "v2.500000"],
      ["v{v:f}", "v2.5"],
      ["{a}-X-{b}", "q-x-r-X-s"],
      ["{grp}/evt", "x/all/evt"],
      ["hardware_tcm_1", "hardware_tcm_1"],
      ["hardware_tcm_1", "HARDWARE_TCM_1"],
      ["a{x:w}b{x:w}", "aQbq"],
      ["{x:>5}", "   ab"],
    ];
    for (const [template, name] of cases) {
      expect(new TemplateMatcher(template).parseExact(name), `${template} on ${name}`).toEqual(
        generic(template, name),
      );
    }
    expect(new TemplateMatcher("ch{ch:07d}/raw").parseExact("ch0000005/raw")).toEqual({ ch: 5 });
    expect(new TemplateMatcher("ch{ch:07d}/raw").parseExact("ch12/raw")).toBeNull();
    expect(new TemplateMatcher("v{v:f}").parseExact("v2.500000")).toEqual({ v: 2.5 });
  });
});
