import { describe, expect, it } from "vitest";
import {
  DatatypeError,
  MAX_DATATYPE_NESTING,
  datatypeOf,
  formatDatatype,
  parseDatatype,
} from "../../../shared/lgdo/datatype.ts";
import type { LgdoTable } from "../../../shared/lgdo/model.ts";

describe("parseDatatype", () => {
  it.each([
    ["real", { kind: "scalar", element: { kind: "real" } }],
    ["bool", { kind: "scalar", element: { kind: "bool" } }],
    ["string", { kind: "scalar", element: { kind: "string" } }],
    ["array<1>{real}", { kind: "array", form: "array", ndim: 1, element: { kind: "real" } }],
    ["array<2>{real}", { kind: "array", form: "array", ndim: 2, element: { kind: "real" } }],
    ["array<1>{string}", { kind: "array", form: "array", ndim: 1, element: { kind: "string" } }],
    [
      "fixedsize_array<1>{real}",
      { kind: "array", form: "fixedsize_array", ndim: 1, element: { kind: "real" } },
    ],
    [
      "array_of_equalsized_arrays<1,1>{real}",
      { kind: "array", form: "array_of_equalsized_arrays", ndim: 2, element: { kind: "real" } },
    ],
    ["array<1>{detectorid}", { kind: "array", form: "array", ndim: 1, element: { kind: "detectorid" } }],
    [
      "array<1>{array<1>{bool}}",
      { kind: "vov", inner: { kind: "array", form: "array", ndim: 1, element: { kind: "bool" } } },
    ],
    [
      "array<1>{encoded_array<1>{real}}",
      { kind: "encoded", form: "vector_of_encoded_vectors", element: { kind: "real" } },
    ],
    [
      "array_of_encoded_equalsized_arrays<1,1>{real}",
      { kind: "encoded", form: "array_of_encoded_equalsized_arrays", element: { kind: "real" } },
    ],
    ["struct{weights,binning,isdensity}", { kind: "histogram", fields: ["weights", "binning", "isdensity"] }],
    ["struct{V07302A,V00048A}", { kind: "struct", fields: ["V07302A", "V00048A"] }],
    ["struct{}", { kind: "struct", fields: [] }],
    [
      "table{packet_id,eventnumber,timestamp}",
      { kind: "table", fields: ["packet_id", "eventnumber", "timestamp"] },
    ],
    ["table{}", { kind: "table", fields: [] }],
  ])("%s", (text, expected) => {
    expect(parseDatatype(text)).toEqual(expected);
  });

  it("parses VoVs nested to any depth", () => {
    const type = parseDatatype("array<1>{array<1>{array<1>{array<1>{real}}}}");
    let depth = 0;
    let t = type;
    while (t.kind === "vov") {
      depth++;
      t = t.inner;
    }
    expect(depth).toBe(3);
    expect(t).toEqual({ kind: "array", form: "array", ndim: 1, element: { kind: "real" } });
  });

  it("refuses VoVs nested thousands deep with one short error, not a stack overflow", () => {
    const nested = (levels: number) => "array<1>{".repeat(levels) + "real" + "}".repeat(levels);
    expect(parseDatatype(nested(MAX_DATATYPE_NESTING + 1)).kind).toBe("vov"); // the deepest accepted
    let caught: unknown;
    try {
      parseDatatype(nested(5000));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DatatypeError);
    const message = (caught as DatatypeError).message;
    expect(message).toMatch(/nested more than 32 deep/);
    expect(message).toMatch(/\(50004 characters\)/);
    expect(message.length).toBeLessThan(300);
    expect(message).not.toContain("\n");
    expect(() => parseDatatype(nested(MAX_DATATYPE_NESTING + 2))).toThrow(/nested more than/);
  });

  it("parses enum elements with their members", () => {
    expect(parseDatatype("array<1>{enum{evt_real=1,evt_pulser=2,neg=-3}}")).toEqual({
      kind: "array",
      form: "array",
      ndim: 1,
      element: {
        kind: "enum",
        members: [
          { name: "evt_real", value: 1 },
          { name: "evt_pulser", value: 2 },
          { name: "neg", value: -3 },
        ],
      },
    });
  });

  it.each([
    "",
    "float",
    "array{real}",
    "array<1>{float}",
    "array<0>{real}",
    "array_of_equalsized_arrays<2,1>{real}",
    "array_of_encoded_equalsized_arrays<1,1>{xyz}",
    "table{a,{b}}",
    "struct{a,,b}",
    "enum{A}",
    "symbol",
    "array<1>{array<2>{real}}",
  ])("rejects %j with a DatatypeError naming the string", (text) => {
    expect(() => parseDatatype(text)).toThrow(DatatypeError);
    expect(() => parseDatatype(text)).toThrow(`'${text}'`);
  });

  it("formats back what it parses", () => {
    for (const text of [
      "array<1>{array<1>{array<1>{real}}}",
      "array_of_equalsized_arrays<1,1>{real}",
      "array_of_encoded_equalsized_arrays<1,1>{real}",
      "array<1>{encoded_array<1>{real}}",
      "table{b,a}",
      "array<1>{enum{A=1,B=2}}",
    ]) {
      expect(formatDatatype(parseDatatype(text))).toBe(text);
    }
  });
});

describe("datatypeOf", () => {
  it("sorts table fields as legend-pydataobj builds them", () => {
    const col = {
      kind: "array" as const,
      form: "array" as const,
      element: { kind: "real" as const },
      dtype: "float64" as const,
      shape: [0],
      data: new Float64Array(0),
      attrs: {},
    };
    const table: LgdoTable = {
      kind: "table",
      nRows: 0,
      columns: { timestamp: col, energy: col, channel: col },
      columnOrder: ["timestamp", "energy", "channel"],
      attrs: {},
    };
    expect(datatypeOf(table)).toBe("table{channel,energy,timestamp}");
  });
});
