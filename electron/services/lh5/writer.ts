// Writing LGDOs to LH5 in legend-pydataobj's layout: groups with sorted `datatype` field lists,
// chunked resizable arrays (optionally gzip or zstd: h5wasm allows one filter per dataset), bool
// arrays as uint8, fixed-length string arrays, cumulative_length without a leading 0, encoded
// waveform groups with codec attributes. Output goes to a temp file renamed on commit().
import { randomBytes } from "node:crypto";
import { existsSync, renameSync, rmSync } from "node:fs";
import type { Dataset, File as H5File, Group } from "h5wasm";
import { datatypeOf } from "../../../shared/lgdo/datatype.ts";
import type {
  Attrs,
  Lgdo,
  LgdoArray,
  LgdoEncodedArray,
  LgdoHistogram,
  LgdoScalar,
  LgdoStruct,
  LgdoTable,
  LgdoVectorOfVectors,
  NumericData,
  NumericDtype,
} from "../../../shared/lgdo/model.ts";
import { LH5Error, isDiskFull, toLH5Error, writeFailure } from "./errors.ts";
import { getH5, registeredFilters } from "./h5.ts";
import { joinPath as join, normalizePath } from "./paths.ts";

export interface WriteOptions {
  /** Filter for array datasets (scalars and encoded bytes are never compressed). Default gzip. */
  compression?: "none" | "gzip" | "zstd";
  /** Replace an existing file at the target path. */
  overwrite?: boolean;
}

const H5_DTYPE: Record<NumericDtype, string> = {
  int8: "<b",
  uint8: "<B",
  int16: "<h",
  uint16: "<H",
  int32: "<i",
  uint32: "<I",
  int64: "<q",
  uint64: "<Q",
  float32: "<f",
  float64: "<d",
};

const TYPED: Record<
  Exclude<NumericDtype, "int64" | "uint64">,
  { from(data: ArrayLike<number>): NumericData }
> = {
  int8: Int8Array,
  uint8: Uint8Array,
  int16: Int16Array,
  uint16: Uint16Array,
  int32: Int32Array,
  uint32: Uint32Array,
  float32: Float32Array,
  float64: Float64Array,
};

const ZSTD_FILTER = 32015;
/** Target bytes per chunk: big enough for fast sequential reads, small enough for row paging. */
const CHUNK_BYTES = 1 << 19;

/** Values ready for h5wasm: 64-bit ints as BigInt arrays, other dtypes in their own typed array. */
function toH5Data(data: NumericData, dtype: NumericDtype, where: () => string): ArrayBufferView {
  if (dtype === "int64" || dtype === "uint64") {
    const out = dtype === "int64" ? new BigInt64Array(data.length) : new BigUint64Array(data.length);
    for (let i = 0; i < data.length; i++) {
      const v = data[i] ?? 0;
      if (!Number.isSafeInteger(v) || (dtype === "uint64" && v < 0)) {
        throw new Error(`${where()}: value ${v} at ${i} is not a valid ${dtype}`);
      }
      out[i] = BigInt(v);
    }
    return out;
  }
  const Ctor = TYPED[dtype];
  return (data.constructor as unknown) === Ctor ? data : Ctor.from(data);
}

function stringWidth(values: string[]): number {
  const encoder = new TextEncoder();
  let width = 1;
  for (const s of values) width = Math.max(width, encoder.encode(s).length);
  return width;
}

export class Lh5Writer {
  private closed = false;
  /** Groups this writer created without an explicit LGDO: their struct{…} datatype lists their children. */
  private readonly autoStructs = new Map<string, Set<string>>();
  /** Last cumulative_length value of every VoV written, for appends. */
  private readonly vovEnds = new Map<string, number>();

  private constructor(
    readonly path: string,
    private readonly tmpPath: string,
    private readonly file: H5File,
    private readonly opts: WriteOptions,
  ) {}

  /** Starts writing `path` (through a temp file); refuses an existing file unless overwrite. */
  static create(path: string, opts: WriteOptions = {}): Lh5Writer {
    if (existsSync(path) && !opts.overwrite) {
      throw new LH5Error("exists", path, undefined, "file exists (pass overwrite to replace it)");
    }
    if (opts.compression === "zstd" && !registeredFilters().has(ZSTD_FILTER)) {
      throw new LH5Error("filter", path, undefined, "zstd compression needs the h5wasm zstd plugin");
    }
    const tmpPath = `${path}.tmp-${randomBytes(6).toString("hex")}`;
    const { h5 } = getH5();
    let file: H5File;
    try {
      file = new h5.File(tmpPath, "w");
    } catch (error) {
      rmSync(tmpPath, { force: true });
      throw writeFailure(error, path, undefined);
    }
    return new Lh5Writer(path, tmpPath, file, opts);
  }

  private fail(error: unknown, objectPath: string | undefined): never {
    if (error instanceof LH5Error) throw error;
    if (isDiskFull(error)) throw writeFailure(error, this.path, objectPath);
    if (error instanceof Error && !/HDF5|#\d+:/.test(error.message)) {
      throw new LH5Error("io", this.path, objectPath, error.message);
    }
    throw toLH5Error(error, this.path, objectPath, "io");
  }

  private ensureOpen(): void {
    if (this.closed) throw new LH5Error("io", this.path, undefined, "writer is already committed or aborted");
  }

  private exists(path: string): boolean {
    try {
      return getH5().module.get_type(this.file.file_id, "/" + path) >= 0;
    } catch {
      return false;
    }
  }

  private group(path: string): Group {
    const g = path === "" ? this.file : this.file.get("/" + path);
    const { h5 } = getH5();
    if (!(g instanceof h5.Group)) throw new LH5Error("io", this.path, path, "not a group");
    return g;
  }

  private dataset(path: string): Dataset {
    const ds = this.file.get("/" + path);
    const { h5 } = getH5();
    if (!(ds instanceof h5.Dataset)) throw new LH5Error("io", this.path, path, "not a dataset");
    return ds;
  }

  /** Creates missing parent groups; groups it creates carry struct{children} like pydataobj's. */
  private ensureParents(path: string): void {
    const parts = path.split("/");
    for (let depth = 1; depth < parts.length; depth++) {
      const groupPath = parts.slice(0, depth).join("/");
      const child = parts[depth] ?? "";
      if (!this.exists(groupPath)) {
        const parent = parts.slice(0, depth - 1).join("/");
        this.group(parent).create_group(parts[depth - 1] ?? "");
        this.autoStructs.set(groupPath, new Set());
      }
      const fields = this.autoStructs.get(groupPath);
      if (fields !== undefined && !fields.has(child)) {
        fields.add(child);
        this.setDatatype(groupPath, `struct{${[...fields].sort().join(",")}}`);
      }
    }
  }

  private setDatatype(path: string, datatype: string): void {
    const obj = path === "" ? this.file : this.file.get("/" + path);
    if (obj === null || !("create_attribute" in obj))
      throw new LH5Error("io", this.path, path, "no such object");
    if (
      getH5()
        .module.get_attribute_names(this.file.file_id, "/" + path)
        .includes("datatype")
    ) {
      obj.delete_attribute("datatype");
    }
    obj.create_attribute("datatype", datatype);
  }

  private writeAttrs(path: string, attrs: Attrs, datatype: string): void {
    const obj = this.file.get("/" + path);
    if (obj === null || !("create_attribute" in obj))
      throw new LH5Error("io", this.path, path, "no such object");
    obj.create_attribute("datatype", datatype);
    for (const [name, value] of Object.entries(attrs)) {
      if (name === "datatype" || name === "compression" || name === "hdf5_settings") continue;
      if (typeof value === "string") obj.create_attribute(name, value);
      else if (typeof value === "boolean") obj.create_attribute(name, value ? 1 : 0, null, "<B");
      else if (Number.isInteger(value) && Math.abs(value) < 2 ** 31)
        obj.create_attribute(name, value, null, "<i");
      else obj.create_attribute(name, value, null, "<d");
    }
  }

  /** Writes a whole object at `objectPath` (parent groups created). */
  write(objectPath: string, obj: Lgdo): void {
    this.ensureOpen();
    const p = normalizePath(objectPath);
    if (p === "") throw new LH5Error("io", this.path, p, "cannot write an object at the root");
    if (this.exists(p)) throw new LH5Error("exists", this.path, p, "object already written");
    try {
      this.ensureParents(p);
      this.writeObject(p, obj);
    } catch (error) {
      this.fail(error, p);
    }
  }

  private writeObject(p: string, obj: Lgdo): void {
    switch (obj.kind) {
      case "scalar":
        return this.writeScalar(p, obj);
      case "array":
        return this.writeArray(p, obj, this.opts.compression ?? "gzip");
      case "vov":
        return this.writeVov(p, obj, this.opts.compression ?? "gzip");
      case "encoded":
        return this.writeEncoded(p, obj);
      case "table":
        return this.writeTable(p, obj);
      case "struct":
        return this.writeStruct(p, obj);
      case "histogram":
        return this.writeHistogram(p, obj);
    }
  }

  private createGroup(p: string): void {
    const slash = p.lastIndexOf("/");
    this.group(slash < 0 ? "" : p.slice(0, slash)).create_group(p.slice(slash + 1));
  }

  private parentAndName(p: string): [Group, string] {
    const slash = p.lastIndexOf("/");
    return [this.group(slash < 0 ? "" : p.slice(0, slash)), p.slice(slash + 1)];
  }

  private writeScalar(p: string, obj: LgdoScalar): void {
    const [parent, name] = this.parentAndName(p);
    const { value } = obj;
    if (typeof value === "string") parent.create_dataset({ name, data: value });
    else if (typeof value === "boolean" || obj.element.kind === "bool") {
      parent.create_dataset({ name, data: new Uint8Array([value ? 1 : 0]), shape: [], dtype: "<B" });
    } else {
      const dtype = obj.dtype === "string" ? "float64" : obj.dtype;
      const data = toH5Data(new Float64Array([value]), dtype, () => `${this.path}:/${p}`);
      parent.create_dataset({ name, data: data as NumericData, shape: [], dtype: H5_DTYPE[dtype] });
    }
    this.writeAttrs(p, obj.attrs, datatypeOf(obj));
  }

  /** Creates a chunked dataset resizable along axis 0. */
  private createArrayDataset(
    p: string,
    data: NumericData | string[],
    shape: number[],
    dtype: string,
    compression: "none" | "gzip" | "zstd",
  ): void {
    const [parent, name] = this.parentAndName(p);
    const rowElems = shape.slice(1).reduce((a, b) => a * b, 1);
    const itemBytes = dtype.startsWith("A") ? Number(dtype.slice(1)) : Number(dtype.slice(2)) || 8;
    const targetRows = Math.max(1, Math.floor(CHUNK_BYTES / Math.max(1, rowElems * itemBytes)));
    const chunkRows = Math.min(targetRows, Math.max(1, shape[0] ?? 1));
    const chunks = [chunkRows, ...shape.slice(1).map((d) => Math.max(1, d))];
    const filter =
      compression === "gzip"
        ? { compression: "gzip" as const, compression_opts: 4 }
        : compression === "zstd"
          ? { compression: ZSTD_FILTER, compression_opts: [3] }
          : {};
    parent.create_dataset({
      name,
      data: data as NumericData,
      shape,
      dtype,
      maxshape: [null, ...shape.slice(1)],
      chunks,
      ...filter,
    });
  }

  private arrayPayload(p: string, obj: LgdoArray): { data: NumericData | string[]; dtype: string } {
    if (Array.isArray(obj.data)) return { data: obj.data, dtype: `A${stringWidth(obj.data)}` };
    if (obj.element.kind === "bool") {
      const bytes = new Uint8Array(obj.data.length);
      for (let i = 0; i < bytes.length; i++) bytes[i] = obj.data[i] ? 1 : 0;
      return { data: bytes, dtype: "<B" };
    }
    const dtype = obj.dtype === "string" ? "float64" : obj.dtype;
    return {
      data: toH5Data(obj.data, dtype, () => `${this.path}:/${p}`) as NumericData,
      dtype: H5_DTYPE[dtype],
    };
  }

  private writeArray(p: string, obj: LgdoArray, compression: "none" | "gzip" | "zstd"): void {
    const expected = obj.shape.reduce((a, b) => a * b, 1);
    if (obj.data.length !== expected) {
      throw new LH5Error(
        "io",
        this.path,
        p,
        `shape [${obj.shape.join(",")}] needs ${expected} values, got ${obj.data.length}`,
      );
    }
    const { data, dtype } = this.arrayPayload(p, obj);
    this.createArrayDataset(p, data, obj.shape, dtype, compression);
    this.writeAttrs(p, obj.attrs, datatypeOf(obj));
  }

  private cumulativeArray(obj: LgdoVectorOfVectors): LgdoArray {
    return {
      kind: "array",
      form: "array",
      element: { kind: "real" },
      dtype: obj.cumulativeLengthDtype,
      shape: [obj.cumulativeLength.length],
      data: obj.cumulativeLength,
      attrs: {},
    };
  }

  private checkVov(p: string, obj: LgdoVectorOfVectors): void {
    const cl = obj.cumulativeLength;
    let prev = 0;
    for (let i = 0; i < cl.length; i++) {
      const v = cl[i] ?? 0;
      if (!(v >= prev))
        throw new LH5Error("corrupt", this.path, p, `cumulative_length decreases at row ${i}`);
      prev = v;
    }
    const inner =
      obj.flattened.kind === "array" ? (obj.flattened.shape[0] ?? 0) : obj.flattened.cumulativeLength.length;
    if (prev > inner) {
      throw new LH5Error(
        "corrupt",
        this.path,
        p,
        `cumulative_length ends at ${prev}, flattened_data has ${inner}`,
      );
    }
  }

  private writeVov(p: string, obj: LgdoVectorOfVectors, compression: "none" | "gzip" | "zstd"): void {
    this.checkVov(p, obj);
    this.createGroup(p);
    const flatPath = join(p, "flattened_data");
    if (obj.flattened.kind === "vov") this.writeVov(flatPath, obj.flattened, compression);
    else this.writeArray(flatPath, obj.flattened, compression);
    this.writeArray(join(p, "cumulative_length"), this.cumulativeArray(obj), compression);
    this.vovEnds.set(p, obj.cumulativeLength.at(-1) ?? 0);
    this.writeAttrs(p, obj.attrs, datatypeOf(obj));
  }

  private writeEncoded(p: string, obj: LgdoEncodedArray): void {
    this.createGroup(p);
    // the encoded bytes are already compressed: pydataobj switches the filter off too
    this.writeVov(join(p, "encoded_data"), obj.encoded, "none");
    if (typeof obj.decodedSize === "number") {
      const size: LgdoScalar = {
        kind: "scalar",
        element: { kind: "real" },
        dtype: "int64",
        value: obj.decodedSize,
        attrs: {},
      };
      this.writeScalar(join(p, "decoded_size"), size);
    } else {
      const sizes: LgdoArray = {
        kind: "array",
        form: "array",
        element: { kind: "real" },
        dtype: "uint32",
        shape: [obj.decodedSize.length],
        data: obj.decodedSize,
        attrs: {},
      };
      this.writeArray(join(p, "decoded_size"), sizes, this.opts.compression ?? "gzip");
    }
    const codecAttrs: Attrs =
      obj.codec.name === "radware_sigcompress"
        ? { codec: obj.codec.name, codec_shift: obj.codec.shift }
        : { codec: obj.codec.name };
    this.writeAttrs(p, { ...obj.attrs, ...codecAttrs }, datatypeOf(obj));
  }

  private writeTable(p: string, obj: LgdoTable): void {
    this.createGroup(p);
    for (const name of Object.keys(obj.columns).sort()) {
      const col = obj.columns[name];
      if (col === undefined) continue;
      if (col.kind === "scalar" || col.kind === "struct") {
        throw new LH5Error("io", this.path, join(p, name), `a table column cannot be a ${col.kind}`);
      }
      this.writeObject(join(p, name), col);
    }
    this.writeAttrs(p, obj.attrs, datatypeOf(obj));
  }

  private writeStruct(p: string, obj: LgdoStruct): void {
    this.createGroup(p);
    for (const name of Object.keys(obj.fields).sort()) {
      const field = obj.fields[name];
      if (field !== undefined) this.writeObject(join(p, name), field);
    }
    this.writeAttrs(p, obj.attrs, datatypeOf(obj));
  }

  private writeHistogram(p: string, obj: LgdoHistogram): void {
    this.createGroup(p);
    this.writeArray(join(p, "weights"), obj.weights, this.opts.compression ?? "gzip");
    this.writeScalar(join(p, "isdensity"), {
      kind: "scalar",
      element: { kind: "bool" },
      dtype: "uint8",
      value: obj.isDensity,
      attrs: {},
    });
    const binning = join(p, "binning");
    this.createGroup(binning);
    const axisNames = obj.axes.map((_, i) => `axis_${i}`);
    obj.axes.forEach((axis, i) => {
      const axisPath = join(binning, axisNames[i] ?? `axis_${i}`);
      this.createGroup(axisPath);
      const edgesPath = join(axisPath, "binedges");
      if (axis.edges instanceof Float64Array) {
        this.writeArray(
          edgesPath,
          {
            kind: "array",
            form: "array",
            element: { kind: "real" },
            dtype: "float64",
            shape: [axis.edges.length],
            data: axis.edges,
            attrs: axis.attrs,
          },
          this.opts.compression ?? "gzip",
        );
      } else {
        const { first, last, step } = axis.edges;
        const num = (value: number): LgdoScalar => ({
          kind: "scalar",
          element: { kind: "real" },
          dtype: "float64",
          value,
          attrs: {},
        });
        this.writeStruct(edgesPath, {
          kind: "struct",
          fields: { first: num(first), last: num(last), step: num(step) },
          fieldOrder: ["first", "last", "step"],
          attrs: axis.attrs,
        });
      }
      this.writeScalar(join(axisPath, "closedleft"), {
        kind: "scalar",
        element: { kind: "bool" },
        dtype: "uint8",
        value: axis.closedLeft,
        attrs: {},
      });
      this.writeAttrs(axisPath, {}, "struct{binedges,closedleft}");
    });
    this.writeAttrs(binning, {}, `struct{${axisNames.join(",")}}`);
    this.writeAttrs(p, obj.attrs, "struct{binning,isdensity,weights}");
  }

  /**
   * Appends rows to a table: the first call writes it (resizable datasets), later calls extend
   * every column (arrays, VoVs at any depth, encoded arrays, nested tables).
   */
  appendTable(tablePath: string, chunk: LgdoTable): void {
    this.ensureOpen();
    const p = normalizePath(tablePath);
    try {
      if (!this.exists(p)) {
        this.ensureParents(p);
        this.writeTable(p, chunk);
        return;
      }
      this.appendColumns(p, chunk);
    } catch (error) {
      this.fail(error, p);
    }
  }

  private appendColumns(p: string, chunk: LgdoTable): void {
    const existing = this.group(p).keys().sort().join(",");
    const incoming = Object.keys(chunk.columns).sort().join(",");
    if (existing !== incoming) {
      throw new LH5Error(
        "io",
        this.path,
        p,
        `appended columns {${incoming}} differ from the table's {${existing}}`,
      );
    }
    for (const name of Object.keys(chunk.columns)) {
      const col = chunk.columns[name];
      if (col !== undefined) this.appendObject(join(p, name), col);
    }
  }

  private appendObject(p: string, obj: Lgdo): void {
    switch (obj.kind) {
      case "array":
        return this.appendArray(p, obj);
      case "vov":
        return this.appendVov(p, obj);
      case "encoded":
        return this.appendEncoded(p, obj);
      case "table":
        return this.appendColumns(p, obj);
      case "scalar":
      case "struct":
      case "histogram":
        throw new LH5Error("io", this.path, p, `cannot append to a ${obj.kind}`);
    }
  }

  private appendRows(p: string, data: NumericData | string[], shape: number[]): void {
    const ds = this.dataset(p);
    const current = ds.shape ?? [];
    const rows = shape[0] ?? 0;
    if (current.slice(1).join(",") !== shape.slice(1).join(",")) {
      throw new LH5Error(
        "io",
        this.path,
        p,
        `row shape [${shape.slice(1).join(",")}] differs from [${current.slice(1).join(",")}]`,
      );
    }
    if (rows === 0) return;
    const start = current[0] ?? 0;
    ds.resize([start + rows, ...current.slice(1)]);
    ds.write_slice([[start, start + rows]], data);
  }

  private appendArray(p: string, obj: LgdoArray): void {
    const { data, dtype } = this.arrayPayload(p, obj);
    if (Array.isArray(data)) {
      const width = this.dataset(p).metadata.size;
      if (Number(dtype.slice(1)) > width) {
        throw new LH5Error(
          "range",
          this.path,
          p,
          `a string is longer than the column's fixed width ${width}`,
        );
      }
    }
    this.appendRows(p, data, obj.shape);
  }

  private lastOffset(p: string): number {
    const known = this.vovEnds.get(p);
    if (known !== undefined) return known;
    const ds = this.dataset(join(p, "cumulative_length"));
    const n = ds.shape?.[0] ?? 0;
    const last = n === 0 ? 0 : Number((ds.slice([[n - 1, n]]) as ArrayLike<number | bigint>)[0] ?? 0);
    this.vovEnds.set(p, last);
    return last;
  }

  private appendVov(p: string, obj: LgdoVectorOfVectors): void {
    this.checkVov(p, obj);
    const offset = this.lastOffset(p);
    const flatPath = join(p, "flattened_data");
    if (obj.flattened.kind === "vov") this.appendVov(flatPath, obj.flattened);
    else this.appendArray(flatPath, obj.flattened);
    const shifted = new Float64Array(obj.cumulativeLength.length);
    for (let i = 0; i < shifted.length; i++) shifted[i] = (obj.cumulativeLength[i] ?? 0) + offset;
    const clPath = join(p, "cumulative_length");
    const clDtype = this.dataset(clPath).dtype;
    const dtype = (Object.keys(H5_DTYPE) as NumericDtype[]).find((k) => H5_DTYPE[k] === clDtype) ?? "int64";
    this.appendRows(clPath, toH5Data(shifted, dtype, () => `${this.path}:/${clPath}`) as NumericData, [
      shifted.length,
    ]);
    this.vovEnds.set(p, shifted.at(-1) ?? offset);
  }

  private appendEncoded(p: string, obj: LgdoEncodedArray): void {
    this.appendVov(join(p, "encoded_data"), obj.encoded);
    const sizePath = join(p, "decoded_size");
    if (typeof obj.decodedSize === "number") {
      const stored = Number(this.dataset(sizePath).value);
      if (stored !== obj.decodedSize) {
        throw new LH5Error(
          "io",
          this.path,
          p,
          `decoded_size ${obj.decodedSize} differs from the stored ${stored}`,
        );
      }
    } else {
      this.appendRows(sizePath, Uint32Array.from(obj.decodedSize), [obj.decodedSize.length]);
    }
  }

  /** Closes the file and moves it to its final path. */
  commit(): void {
    this.ensureOpen();
    this.closed = true;
    try {
      this.file.close();
      if (existsSync(this.path) && !this.opts.overwrite) {
        throw new LH5Error(
          "exists",
          this.path,
          undefined,
          "file appeared while writing; left at " + this.tmpPath,
        );
      }
      renameSync(this.tmpPath, this.path);
    } catch (error) {
      if (!(error instanceof LH5Error)) rmSync(this.tmpPath, { force: true });
      this.fail(error, undefined);
    }
  }

  /** Closes and deletes the temp file; nothing appears at the target path. */
  abort(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.file.close();
    } catch {
      // closing flushes, which fails again on a full disk: the file is deleted anyway, and the caller
      // is already reporting the error that made it abort
    } finally {
      rmSync(this.tmpPath, { force: true });
    }
  }
}

/** Writes objects (path → LGDO) to a new file, atomically. */
export function writeLh5(path: string, objects: Record<string, Lgdo>, opts: WriteOptions = {}): void {
  const writer = Lh5Writer.create(path, opts);
  try {
    for (const [objectPath, obj] of Object.entries(objects)) writer.write(objectPath, obj);
  } catch (error) {
    writer.abort();
    throw error;
  }
  writer.commit();
}
