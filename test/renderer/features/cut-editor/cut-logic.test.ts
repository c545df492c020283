import { describe, expect, it } from "vitest";
import { applyCompletion, completions, wordAt } from "../../../../renderer/features/cut-editor/completion.ts";
import {
  columnsOfCut,
  currentSelection,
  levelOfCut,
} from "../../../../renderer/features/cut-editor/data-selection.ts";
import { highlightSegments } from "../../../../renderer/features/cut-editor/highlight.ts";
import { readLegacySavedCuts, SAVED_CUTS_KEY } from "../../../../renderer/features/cut-editor/saved-cuts.ts";
import { validateCut } from "../../../../renderer/features/cut-editor/validate.ts";
import { createAppStore } from "../../../../renderer/stores/store.ts";
import { CHANNELS, COLUMNS } from "../exploration-api.ts";

const LEVELS = [
  { name: "hit", tiers: ["raw", "dsp", "hit"] },
  { name: "tcm", tiers: ["tcm"], parent: "hit", child: "evt" },
  { name: "evt", tiers: ["evt"] },
];

describe("cut highlighting", () => {
  it("colours columns, functions, keywords, numbers, strings and operators and covers the text", () => {
    const text = "trapEmax > 5e3 and abs(x) < 2 or s == 'a'";
    const segments = highlightSegments(text);
    expect(segments.map((s) => s.text).join("")).toBe(text);
    const kinds = Object.fromEntries(segments.filter((s) => s.kind !== "plain").map((s) => [s.text, s.kind]));
    expect(kinds).toMatchObject({
      trapEmax: "column",
      ">": "op",
      "5e3": "number",
      and: "keyword",
      abs: "function",
      x: "column",
      or: "keyword",
      "'a'": "string",
    });
    for (const s of segments) expect(text.slice(s.start, s.start + s.text.length)).toBe(s.text);
  });

  it("falls back to plain text when the lexer rejects the cut", () => {
    expect(highlightSegments("a = 1")).toEqual([{ text: "a = 1", start: 0, kind: "plain" }]);
    expect(highlightSegments("")).toEqual([]);
  });
});

describe("column completion", () => {
  it("finds the word at the caret, ignoring numbers", () => {
    expect(wordAt("a > 1 and trapE", 15)).toEqual({ start: 10, end: 15, prefix: "trapE" });
    expect(wordAt("trapEmax > 50", 13).prefix).toBe("");
    expect(wordAt("tr > 1", 2)).toEqual({ start: 0, end: 2, prefix: "tr" });
  });

  it("offers prefix matches first, then substring matches, with type and units", () => {
    expect(completions(COLUMNS, "trap").map((c) => c.name)).toEqual(["trapEmax", "trapTmax"]);
    expect(completions(COLUMNS, "emax").map((c) => c.name)).toEqual(["trapEmax", "cuspEmax_ctc_cal"]);
    expect(completions(COLUMNS, "")).toEqual([]);
    expect(completions(COLUMNS, "trapEmax")).toEqual([]);
  });

  it("replaces the whole word and puts the caret after it", () => {
    const text = "trapE > 1";
    expect(applyCompletion(text, wordAt(text, 3), "trapEmax")).toEqual({ text: "trapEmax > 1", caret: 8 });
  });
});

describe("cut validation", () => {
  const known = new Set(COLUMNS.filter((c) => c.level === "hit").map((c) => c.name));

  it("accepts empty and valid cuts", () => {
    expect(validateCut("  ", known)).toBeNull();
    expect(validateCut("trapEmax > 5000 and index < 10", known)).toBeNull();
  });

  it("gives syntax errors with their position", () => {
    const error = validateCut("trapEmax > > 5", known);
    expect(error?.name).toBe("ExpressionError");
    expect(error?.position).toBe(11);
  });

  it("names unknown columns with their span and near matches", () => {
    const error = validateCut("trapEmax > 1 and trapEmx > 5000", known);
    expect(error).toMatchObject({ name: "UnknownColumnError", position: 17, end: 24 });
    expect(error?.message).toMatch(/did you mean 'trapEmax'/);
  });

  it("checks syntax only while the columns are unknown", () => {
    expect(validateCut("anything > 1", null)).toBeNull();
  });
});

describe("selection and levels", () => {
  it("uses the lowest level for hit cuts and the event level for evt cuts", () => {
    expect(levelOfCut(LEVELS, "hit")).toBe("hit");
    expect(levelOfCut(LEVELS, "evt")).toBe("evt");
    expect(columnsOfCut(COLUMNS, LEVELS, "evt").map((c) => c.name)).toEqual(["multiplicity"]);
    expect(levelOfCut([{ name: "hit", tiers: ["dsp"] }], "evt")).toBeNull();
  });

  it("builds the selection from cycles or the file query, channels and applied cuts", () => {
    const store = createAppStore();
    expect(currentSelection(store.getState())).toEqual({ rows: [], channels: [], cuts: {} });
    store.getState().queryApplied("type == 'cal'");
    store.getState().channelsListed({
      datasetId: "d",
      channels: CHANNELS,
      entries: new Float64Array(4),
      metadataFound: true,
    });
    store.getState().channelsSelected(["ch1121600"]);
    store.getState().cutApplied("hit", " trapEmax > 5000 ");
    expect(currentSelection(store.getState())).toEqual({
      rows: [],
      fileQuery: "type == 'cal'",
      channels: [1121600],
      cuts: { hit: "trapEmax > 5000" },
    });
    store.getState().rowsSelected([3, 1]);
    expect(currentSelection(store.getState())).toMatchObject({ rows: [1, 3] });
    expect(currentSelection(store.getState()).fileQuery).toBeUndefined();
  });

  it("uses the rows the grid's column filters leave while nothing is ticked (issue #18, defect 4)", () => {
    const store = createAppStore();
    store.getState().queryApplied("type == 'cal'");
    store.getState().columnFiltersApplied([0, 2, 4]);
    expect(currentSelection(store.getState())).toEqual({ rows: [0, 2, 4], channels: [], cuts: {} });
    store.getState().rowsSelected([2]);
    expect(currentSelection(store.getState()).rows).toEqual([2]);
    store.getState().rowsSelected([]);
    store.getState().columnFiltersApplied(null);
    expect(currentSelection(store.getState())).toEqual({
      rows: [],
      fileQuery: "type == 'cal'",
      channels: [],
      cuts: {},
    });
  });
});

describe("cut state", () => {
  it("an edit clears the level's old error; applying trims and clears it too", () => {
    const store = createAppStore();
    store.getState().cutRejected("hit", { name: "ExpressionError", message: "bad", position: 3 });
    store.getState().cutRejected("evt", { name: "ExpressionError", message: "bad", position: 1 });
    store.getState().cutTyped("hit", "trapEma");
    expect(store.getState().cutErrors).toEqual({
      hit: null,
      evt: { name: "ExpressionError", message: "bad", position: 1 },
    });
    store.getState().cutApplied("evt", " m == 1 ");
    expect(store.getState().cutErrors.evt).toBeNull();
    expect(store.getState().appliedCuts).toEqual({ hit: "", evt: "m == 1" });
  });
});

describe("saved cuts", () => {
  it("are read once from the browser's old storage, ignoring malformed entries", () => {
    const data = new Map<string, string>();
    const storage = { getItem: (k: string) => data.get(k) ?? null };
    expect(readLegacySavedCuts(storage)).toEqual([]);
    expect(readLegacySavedCuts(undefined)).toEqual([]);
    data.set(
      SAVED_CUTS_KEY,
      JSON.stringify([{ name: 1 }, { name: "m1", level: "evt", text: "multiplicity == 1", extra: 1 }, null]),
    );
    expect(readLegacySavedCuts(storage)).toEqual([{ name: "m1", level: "evt", text: "multiplicity == 1" }]);
    data.set(SAVED_CUTS_KEY, "{not json");
    expect(readLegacySavedCuts(storage)).toEqual([]);
  });

  it("replace a cut of the same name and level in the store", () => {
    const store = createAppStore();
    store.getState().cutSaved({ name: "b", level: "hit", text: "x > 1" });
    store.getState().cutSaved({ name: "a", level: "hit", text: "x > 2" });
    store.getState().cutSaved({ name: "b", level: "hit", text: "x > 3" });
    store.getState().cutSaved({ name: "b", level: "evt", text: "y > 3" });
    expect(store.getState().savedCuts.map((c) => `${c.level}:${c.name}=${c.text}`)).toEqual([
      "hit:a=x > 2",
      "hit:b=x > 3",
      "evt:b=y > 3",
    ]);
    store.getState().cutDeleted("b", "hit");
    expect(store.getState().savedCuts).toHaveLength(2);
  });
});
