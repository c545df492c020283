// Bad input never crashes and never yields a wrong number: every failure is an LH5Error that
// names the file and object.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { lh5Error } from "../../../fixtures/lh5-error.ts";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  getH5,
  initH5,
  overrideRegisteredFilters,
  registeredFilters,
} from "../../../../electron/services/lh5/h5.ts";
import { Lh5File } from "../../../../electron/services/lh5/reader.ts";
import { P14_RAW_FILE, PROD_REF_TIER_DIR } from "../../../fixtures/testdata.ts";

const TCM_P03 = join(PROD_REF_TIER_DIR, "tcm/cal/p03/r001/l200-p03-r001-cal-20230318T012144Z-tier_tcm.lh5");
let dir: string;

beforeAll(async () => {
  await initH5();
  dir = mkdtempSync(join(tmpdir(), "lh5-bad-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => overrideRegisteredFilters(null));

/** Builds a small HDF5 file with raw h5wasm calls (to plant faults the writer refuses to make). */
function craft(
  name: string,
  build: (file: InstanceType<ReturnType<typeof getH5>["h5"]["File"]>) => void,
): string {
  const path = join(dir, name);
  const file = new (getH5().h5.File)(path, "w");
  build(file);
  file.close();
  return path;
}

describe("files that are not LH5", () => {
  it("a missing file", () => {
    const err = lh5Error(() => Lh5File.open(join(dir, "missing.lh5")));
    expect(err.code).toBe("open");
    expect(err.file).toContain("missing.lh5");
    expect(err.message).toMatch(/no such file/);
  });

  it("a directory and an empty file", () => {
    const sub = join(dir, "adir.lh5");
    mkdirSync(sub);
    expect(lh5Error(() => Lh5File.open(sub)).code).toBe("open");
    const empty = join(dir, "empty.lh5");
    writeFileSync(empty, "");
    expect(lh5Error(() => Lh5File.open(empty)).message).toMatch(/empty/);
  });

  it("random bytes named .lh5", () => {
    const path = join(dir, "random.lh5");
    const bytes = new Uint8Array(65536);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 2654435761) >>> 24;
    writeFileSync(path, bytes);
    const err = lh5Error(() => Lh5File.open(path));
    expect(err.code).toBe("open");
    expect(err.message).toMatch(/signature/);
    expect(err.message.length).toBeLessThan(400); // one line, not the whole HDF5 stack
  });

  it.each([0.5, 0.9, 0.02])("a file truncated to %s of its size", (fraction) => {
    const bytes = readFileSync(TCM_P03);
    const path = join(dir, `truncated-${fraction}.lh5`);
    writeFileSync(path, bytes.subarray(0, Math.floor(bytes.length * fraction)));
    const err = lh5Error(() => Lh5File.open(path));
    expect(err.code).toBe("open");
    expect(err.message).toMatch(/truncated|signature|eof/i);
  });

  it("the process stays usable: a good file opens after bad ones", () => {
    const file = Lh5File.open(TCM_P03);
    expect(file.nRows("hardware_tcm_1")).toBe(22);
    file.close();
  });
});

describe("objects", () => {
  it("a nonexistent path, also under a dataset or a missing parent", () => {
    const file = Lh5File.open(TCM_P03);
    for (const path of [
      "nope",
      "nope/deeper",
      "hardware_tcm_1/nope",
      "hardware_tcm_1/row_in_table/cumulative_length/x",
    ]) {
      const err = lh5Error(() => file.read(path));
      expect(err.code).toBe("not-found");
      expect(err.objectPath).toBe(path);
      expect(file.has(path)).toBe(false);
    }
    file.close();
  });

  it("a compression filter that is not registered (simulated missing zstd plugin)", () => {
    const withoutZstd = new Map(registeredFilters());
    withoutZstd.delete(32015);
    overrideRegisteredFilters(withoutZstd);
    const file = Lh5File.open(P14_RAW_FILE);
    const err = lh5Error(() => file.read("ch1105600/raw/baseline"));
    expect(err.code).toBe("filter");
    expect(err.file).toBe(P14_RAW_FILE);
    expect(err.objectPath).toBe("ch1105600/raw/baseline");
    expect(err.message).toMatch(/32015/);
    // the listing still works: it reads metadata only
    expect(file.list("ch1105600").length).toBeGreaterThan(10);
    overrideRegisteredFilters(null);
    expect(file.read("ch1105600/raw/baseline").kind).toBe("array");
    file.close();
  });

  it("wrong datatype strings", () => {
    const path = craft("bad-datatype.lh5", (f) => {
      f.create_dataset({ name: "x", data: new Float64Array([1, 2]) }).create_attribute(
        "datatype",
        "array<1>{float}",
      );
      f.create_group("t").create_attribute("datatype", "table{a,b");
    });
    const file = Lh5File.open(path);
    for (const p of ["x", "t"]) {
      const err = lh5Error(() => file.read(p));
      expect(err.code).toBe("datatype");
      expect(err.objectPath).toBe(p);
    }
    const entries = file.list();
    expect(entries.find((e) => e.path === "x")?.datatypeError).toMatch(
      /unknown datatype 'array<1>\{float\}'/,
    );
    file.close();
  });

  it("a cumulative_length that does not fit its flattened data", () => {
    const path = craft("bad-vov.lh5", (f) => {
      const g = f.create_group("v");
      g.create_attribute("datatype", "array<1>{array<1>{real}}");
      g.create_dataset({
        name: "cumulative_length",
        data: new BigInt64Array([2n, 5n, 100n]),
      }).create_attribute("datatype", "array<1>{real}");
      g.create_dataset({ name: "flattened_data", data: new Float32Array(10) }).create_attribute(
        "datatype",
        "array<1>{real}",
      );
      const d = f.create_group("d");
      d.create_attribute("datatype", "array<1>{array<1>{real}}");
      d.create_dataset({ name: "cumulative_length", data: new Uint32Array([4, 2]) }).create_attribute(
        "datatype",
        "array<1>{real}",
      );
      d.create_dataset({ name: "flattened_data", data: new Float32Array(10) }).create_attribute(
        "datatype",
        "array<1>{real}",
      );
    });
    const file = Lh5File.open(path);
    const err = lh5Error(() => file.read("v"));
    expect(err.code).toBe("corrupt");
    expect(err.objectPath).toBe("v/cumulative_length");
    expect(err.message).toMatch(/100 .* exceeds the 10 entries/);
    expect(file.read("v", { rows: [0, 2] }).kind).toBe("vov"); // the good rows still read
    expect(lh5Error(() => file.read("d")).message).toMatch(/decreases/);
    file.close();
  });

  it("int64 values beyond 2^53 are refused, not rounded", () => {
    const path = craft("big-int.lh5", (f) => {
      f.create_dataset({ name: "ok", data: new BigInt64Array([2n ** 53n - 1n, -5n]) }).create_attribute(
        "datatype",
        "array<1>{real}",
      );
      f.create_dataset({ name: "big", data: new BigInt64Array([1n, 2n ** 60n]) }).create_attribute(
        "datatype",
        "array<1>{real}",
      );
    });
    const file = Lh5File.open(path);
    const ok = file.read("ok");
    expect(ok.kind === "array" && Array.from(ok.data as Float64Array)).toEqual([2 ** 53 - 1, -5]);
    const err = lh5Error(() => file.read("big"));
    expect(err.code).toBe("range");
    expect(err.objectPath).toBe("big");
    expect(file.read("big", { rows: [0, 1] }).kind).toBe("array");
    file.close();
  });

  it("a corrupt encoded waveform is an LH5Error, not a crash", () => {
    const path = craft("bad-encoded.lh5", (f) => {
      const g = f.create_group("wf");
      g.create_attribute("datatype", "array_of_encoded_equalsized_arrays<1,1>{real}");
      g.create_attribute("codec", "uleb128_zigzag_diff");
      g.create_dataset({
        name: "decoded_size",
        data: new BigInt64Array([4n]),
        shape: [],
        dtype: "<q",
      }).create_attribute("datatype", "real");
      const e = g.create_group("encoded_data");
      e.create_attribute("datatype", "array<1>{array<1>{real}}");
      e.create_dataset({ name: "cumulative_length", data: new Uint32Array([3]) }).create_attribute(
        "datatype",
        "array<1>{real}",
      );
      e.create_dataset({ name: "flattened_data", data: new Uint8Array([1, 2, 3]) }).create_attribute(
        "datatype",
        "array<1>{real}",
      );
    });
    const file = Lh5File.open(path);
    expect(file.read("wf").kind).toBe("encoded");
    const err = lh5Error(() => file.read("wf", { decode: true }));
    expect(err.code).toBe("corrupt");
    // 3 uleb128 bytes hold at most 3 samples: refused before decoding
    expect(err.message).toMatch(/decoded_size 4 cannot come from 3 bytes of uleb128_zigzag_diff/);
    file.close();
  });

  it("soft links are followed and shown; broken ones are reported", () => {
    const src = join(dir, "links.lh5");
    copyFileSync(TCM_P03, src);
    const f = new (getH5().h5.File)(src, "a");
    f.create_soft_link("/hardware_tcm_1", "alias_tcm");
    f.create_soft_link("/nowhere", "broken");
    f.close();
    const file = Lh5File.open(src);
    const entry = file.list().find((e) => e.path === "alias_tcm");
    expect(entry?.softLink).toBe("/hardware_tcm_1");
    expect(file.nRows("alias_tcm")).toBe(22);
    expect(lh5Error(() => file.read("broken")).code).toBe("not-found");
    file.close();
  });
});
