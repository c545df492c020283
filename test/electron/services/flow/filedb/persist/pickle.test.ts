import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { initH5, getH5 } from "../../../../../../electron/services/lh5/h5.ts";
import {
  type NumpyArray,
  PickleError,
  arrayAt,
  readPickle,
} from "../../../../../../electron/services/flow/filedb/persist/pickle.ts";
import { ACCEPTANCE_DIR } from "../../../../../fixtures/testdata.ts";

const hex = (text: string) => Uint8Array.from(text.match(/../g)!.map((b) => parseInt(b, 16)));

// Made with CPython 3.11 pickle.dumps(..., protocol=5 / 2).
const PLAIN =
  "80059557000000000000005d94288c0161944b014afeffffff4d2c014a701101008a060000000000018a060000000000ff473ff80000000000004e88898c01749485947d948c016b945d94284b014b02657343027879948c06c3a9c3a9c3a994652e";
const PROTOCOL2 = "80025d71002858010000006171014b015d7102284b024b03654e652e";
// pickle.dumps of an object whose __reduce__ is (os.system, ("echo pwned",))
const EVIL =
  "80059525000000000000008c05706f736978948c0673797374656d9493948c0a6563686f2070776e656494859452942e";

describe("readPickle", () => {
  it("decodes str, ints of every width, float, None, bools, tuple, dict, bytes and UTF-8", () => {
    expect(readPickle(hex(PLAIN))).toEqual([
      "a",
      1,
      -2,
      300,
      70000,
      2 ** 40,
      -(2 ** 40),
      1.5,
      null,
      true,
      false,
      { kind: "tuple", items: ["t"] },
      { kind: "dict", entries: [["k", [1, 2]]] },
      Uint8Array.from([0x78, 0x79]),
      "ééé",
    ]);
  });

  it("decodes protocol 2 (BINPUT, BINUNICODE)", () => {
    expect(readPickle(hex(PROTOCOL2))).toEqual(["a", 1, [2, 3], null]);
  });

  it("refuses any global but numpy's array helpers, so nothing is executed", () => {
    expect(() => readPickle(hex(EVIL))).toThrow(PickleError);
    expect(() => readPickle(hex(EVIL))).toThrow(/global 'posix.system' is not allowed/);
  });

  it("reports truncated data and unknown opcodes with their byte offset", () => {
    expect(() => readPickle(hex(PLAIN).slice(0, 40))).toThrow(/truncated data/);
    expect(() => readPickle(Uint8Array.from([0x80, 0x05, 0x01]))).toThrow(
      /opcode 0x01 is not supported at byte 2/,
    );
  });

  it("decodes pygama's object block: a (4, 20) numpy object array in C order", async () => {
    await initH5();
    const { h5 } = getH5();
    const file = new h5.File(resolve(ACCEPTANCE_DIR, "filedb-prod-ref-l200.lh5"), "r");
    let bytes: Uint8Array;
    try {
      const ds = file.get("dataframe/block1_values");
      bytes = ((ds as { value: unknown[] }).value[0] as Uint8Array).slice();
    } finally {
      file.close();
    }
    const array = readPickle(bytes) as NumpyArray;
    expect(array.kind).toBe("ndarray");
    expect(array.shape).toEqual([4, 20]);
    expect(array.dtype?.name).toBe("O8");
    expect(arrayAt(array, 0, 3)).toBe("20230318T012144Z");
    expect(arrayAt(array, 3, 4)).toBe("phy");
    expect(arrayAt(array, 2, 10)).toEqual([1057600, 1059201, 1062405, 1084803, 1084804, 1121600]);
    expect(arrayAt(array, 1, 19)).toBeNull();
    expect(readFileSync(resolve(ACCEPTANCE_DIR, "filedb-prod-ref-l200.lh5")).length).toBe(1089536);
  });
});
