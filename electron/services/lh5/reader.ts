// Lh5File: open an LH5 file with h5wasm and read any LGDO from it, whole or in part (column
// subset, row range, sorted index list). Synchronous once initH5() has resolved.
import { type BigIntStats, statSync } from "node:fs";
import type { File as H5File } from "h5wasm";
import { DatatypeError, type LgdoType, parseDatatype } from "../../../shared/lgdo/datatype.ts";
import type {
  Attrs,
  Dtype,
  ElementType,
  Lgdo,
  LgdoArray,
  LgdoEncodedArray,
  LgdoHistogram,
  LgdoScalar,
  LgdoStruct,
  LgdoTable,
  LgdoVectorOfVectors,
  WaveformCodec,
} from "../../../shared/lgdo/model.ts";
import { CodecError, decodeEncodedArray } from "../../../shared/codecs/index.ts";
import { attributeNames, readAttribute, readAttrs, readStringAttributeFast } from "./attrs.ts";
import { keepBlocksWhile } from "./block-reads.ts";
import {
  type DatasetFilter,
  type HeapDataset,
  type ReadContext,
  datasetFilters,
  datasetInfoAt,
  getObject,
  newReadContext,
  objectIdentity,
  readDatasetRows,
  readDatasetToHeap,
  readScalarValue,
} from "./dataset.ts";
import { LH5Error, toLH5Error } from "./errors.ts";
import { getH5, h5Generation, isH5Current } from "./h5.ts";
import type { HeapArena } from "./heap-arena.ts";
import { joinPath as join, normalizePath } from "./paths.ts";
import { listEntries, type Lh5Entry, type ListOptions } from "./listing.ts";
import { type FileMeta, fileMetaCache } from "./meta-cache.ts";
import { type RowRanges, SelectionError, coalesce, selectRows, selectionLength } from "./selection.ts";

export type { Lh5Entry, ListOptions } from "./listing.ts";

export interface ReadOptions {
  /** Column subset of a table (datatype order is kept). */
  columns?: string[];
  /** Row range [start, stop); stop is clamped to the length. */
  rows?: [number, number];
  /** Sorted (non-decreasing) row indices. */
  indices?: ArrayLike<number>;
  /** Decode encoded waveforms into an array_of_equalsized_arrays or a VoV. */
  decode?: boolean;
}

export interface ReadColumnsOptions extends Omit<ReadOptions, "columns"> {
  /** Columns read for their values only: a plain array among them comes with no attributes (saves HDF5 calls). */
  valuesOnly?: readonly string[];
}

export { normalizePath } from "./paths.ts";

/** An LGDO array (e.g. a table column) read whole into a HeapArena: its values stay in the wasm heap. */
export interface HeapArray {
  values: HeapDataset;
  form: LgdoArray["form"];
  element: ElementType;
  attrs: Attrs;
}

/** What describeTable() tells of one column. */
export interface ColumnMeta {
  name: string;
  type: LgdoType;
  /** The HDF5 layout of a column stored as one dataset (an array); null for VoV, encoded and nested tables. */
  dataset: {
    dtype: Dtype;
    shape: number[];
    /** Chunk shape, null for a contiguous dataset. */
    chunks: number[] | null;
    filters: DatasetFilter[];
  } | null;
}

/** Deepest nesting of groups a read follows (LEGEND files nest a few; a hard-link cycle nests forever). */
const MAX_GROUP_NESTING = 64;

export class Lh5File {
  private readonly ctx: ReadContext;
  private closed = false;
  /** The h5wasm module the file was opened in: after an abort its handles mean nothing to the next one. */
  private readonly generation = h5Generation();
  // The file is read-only: what a path holds cannot change while it is open, so look-ups are cached,
  // and kept for the next open of the same unchanged file (meta-cache.ts).
  /** has() by normalised path. */
  private readonly present: Map<string, boolean>;
  /** requireObject() results (successful ones) by path. */
  private readonly kinds: Map<string, "group" | "dataset">;
  /** Parsed datatypes by path (successful ones); handed out as copies. */
  private readonly types: Map<string, LgdoType>;
  /** Group member names by path; handed out as copies. */
  private readonly members: Map<string, string[]>;
  /**
   * The groups (struct, table, histogram) a read is inside, outermost first, with their object identity
   * once a nested group needed it: a hard link back to one of them would make the read recurse forever.
   */
  private readonly groupsBeingRead: Array<{ path: string; identity: string | null }> = [];

  private constructor(
    readonly path: string,
    file: H5File,
    private readonly meta: FileMeta,
  ) {
    this.ctx = newReadContext(file, path, meta);
    this.present = meta.present;
    this.kinds = meta.kinds;
    this.types = meta.types;
    this.members = meta.members;
  }

  /** Opens a file read-only; throws LH5Error code 'open' (missing, not HDF5, truncated, …). */
  static open(path: string): Lh5File {
    const { h5 } = getH5();
    let st: BigIntStats;
    try {
      st = statSync(path, { bigint: true });
      if (!st.isFile()) throw new LH5Error("open", path, undefined, "not a regular file");
    } catch (error) {
      if (error instanceof LH5Error) throw error;
      throw new LH5Error("open", path, undefined, statFailure(error));
    }
    if (st.size === 0n) throw new LH5Error("open", path, undefined, "empty file, not HDF5");
    let file: H5File;
    try {
      file = new h5.File(path, "r");
    } catch (error) {
      const wrapped = toLH5Error(error, path, undefined, "open");
      throw new LH5Error("open", path, undefined, wrapped.reason);
    }
    if (file.file_id < 0n) throw new LH5Error("open", path, undefined, "HDF5 could not open the file");
    return new Lh5File(path, file, fileMetaCache.forFile(path, st));
  }

  /**
   * Whether this handle still shows the file at its path, so that a handle kept open after a job may serve
   * the next one: the file's identity is unchanged and was settled when opened (the metadata cache's rule).
   */
  isCurrent(): boolean {
    if (this.closed || !isH5Current(this.generation)) return false;
    let st: BigIntStats;
    try {
      st = statSync(this.path, { bigint: true });
    } catch {
      return false;
    }
    return fileMetaCache.forFile(this.path, st) === this.meta;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (!isH5Current(this.generation)) return; // the module that had it open aborted: nothing to close
    try {
      this.ctx.file.close();
    } catch (error) {
      throw toLH5Error(error, this.path, undefined, "io");
    }
  }

  private get file(): H5File {
    if (this.closed) throw new LH5Error("io", this.path, undefined, "file is closed");
    if (!isH5Current(this.generation))
      throw new LH5Error(
        "aborted",
        this.path,
        undefined,
        "HDF5 restarted after an abort: open the file again",
      );
    return this.ctx.file;
  }

  /** HDF5 link kind at `path`: group, dataset, soft link, … or null when absent. */
  private linkType(path: string): number | null {
    if (path === "") return getH5().module.H5G_GROUP;
    try {
      const type = getH5().module.get_type(this.file.file_id, "/" + path);
      return type < 0 ? null : type;
    } catch {
      return null;
    }
  }

  has(path: string): boolean {
    const p = normalizePath(path);
    if (p === "") return true;
    if (this.closed) return this.lookUp(p);
    const known = this.present.get(p);
    if (known !== undefined) return known;
    const found = this.lookUp(p);
    this.present.set(p, found);
    return found;
  }

  private lookUp(p: string): boolean {
    // walk down (through the cache) so that a missing parent is a clean "no", not an HDF5 error
    const slash = p.lastIndexOf("/");
    if (slash > 0 && !this.has(p.slice(0, slash))) return false;
    const type = this.linkType(p);
    if (type === null) return false;
    try {
      return getObject(this.ctx, p, type) !== null;
    } catch {
      return false;
    }
  }

  private requireObject(path: string): "group" | "dataset" {
    if (this.closed) return this.objectKind(path); // reports the closed file as before
    const known = this.kinds.get(path);
    if (known !== undefined) return known;
    const kind = this.objectKind(path);
    this.kinds.set(path, kind);
    return kind;
  }

  private objectKind(path: string): "group" | "dataset" {
    if (!this.has(path)) throw new LH5Error("not-found", this.path, path, this.whyAbsent(path));
    const { h5 } = getH5();
    let obj: unknown;
    try {
      obj = path === "" ? this.file.get("/") : getObject(this.ctx, path);
    } catch (error) {
      throw toLH5Error(error, this.path, path, "io");
    }
    if (path === "" || obj instanceof h5.Group) return "group";
    if (obj instanceof h5.Dataset) return "dataset";
    const link = obj as { type?: string; target?: string; filename?: string; obj_path?: string } | null;
    if (link?.type === "BrokenSoftLink") {
      throw new LH5Error("not-found", this.path, path, `soft link to missing '${link.target ?? "?"}'`);
    }
    if (link?.type === "ExternalLink") {
      throw new LH5Error(
        "not-found",
        this.path,
        path,
        `external link to ${link.filename ?? "?"}:${link.obj_path ?? "?"}`,
      );
    }
    throw new LH5Error("datatype", this.path, path, "not a group or dataset");
  }

  /** Why has() said no: usually there is nothing, but a soft link whose target cannot be reached says so. */
  private whyAbsent(path: string): string {
    let target: string | null = null;
    try {
      target = this.file.get_link("/" + path); // null for anything but a soft link
    } catch {
      // a missing parent or link: nothing more to say
    }
    return target === null
      ? "no such object"
      : `soft link to '${target}' leads nowhere (missing target or a soft-link loop)`;
  }

  /** Names of the children of a group ('' = root). */
  keys(group = ""): string[] {
    const p = normalizePath(group);
    if (this.requireObject(p) !== "group") throw new LH5Error("datatype", this.path, p, "not a group");
    let names = this.members.get(p);
    if (names === undefined) {
      try {
        const g = p === "" ? this.file : getObject(this.ctx, p);
        if (g === null || typeof g !== "object" || !("keys" in g))
          throw new LH5Error("datatype", this.path, p, "not a group");
        names = (g as { keys(): string[] }).keys();
      } catch (error) {
        throw toLH5Error(error, this.path, p, "io");
      }
      this.members.set(p, names);
    }
    return [...names];
  }

  /** Metadata of the objects under `group` (no dataset values). */
  list(group = "", opts: ListOptions = {}): Lh5Entry[] {
    const p = normalizePath(group);
    this.requireObject(p);
    return listEntries(this.ctx, p, opts);
  }

  /** The parsed datatype of an object; a plain group (no attribute) is an implicit struct. */
  typeOf(path: string): LgdoType {
    return structuredClone(this.typeAt(normalizePath(path)));
  }

  /** typeOf() for a normalised path, cached: the shared object must not be changed. */
  private typeAt(p: string): LgdoType {
    if (this.closed) return this.parseTypeOf(p); // reports the closed file as before
    const known = this.types.get(p);
    if (known !== undefined) return known;
    const type = this.fastTypeOf(p) ?? this.parseTypeOf(p);
    this.types.set(p, type);
    return type;
  }

  /**
   * The type from the `datatype` attribute read straight by path (no walk down the groups, no object
   * look-up): the hot path of column reads. Null when that does not work out; parseTypeOf() then says why.
   */
  private fastTypeOf(p: string): LgdoType | null {
    if (p === "") return null;
    const text = readStringAttributeFast(this.ctx, p, "datatype");
    if (text === undefined) return null;
    try {
      return parseDatatype(text);
    } catch {
      return null;
    }
  }

  private parseTypeOf(p: string): LgdoType {
    const kind = this.requireObject(p);
    const datatype = readAttribute(this.ctx, p, "datatype");
    if (datatype === undefined) {
      if (kind === "group") return { kind: "struct", fields: this.keys(p), implicit: true };
      return this.guessDatasetType(p);
    }
    try {
      return parseDatatype(String(datatype));
    } catch (error) {
      if (error instanceof DatatypeError) throw new LH5Error("datatype", this.path, p, error.message);
      throw error;
    }
  }

  /** A dataset without `datatype` (not LH5-written): a scalar or an array by its rank. */
  private guessDatasetType(path: string): LgdoType {
    const info = datasetInfoAt(this.ctx, path);
    const element: ElementType = info.dtype === "string" ? { kind: "string" } : { kind: "real" };
    if (info.shape === null || info.shape.length === 0) return { kind: "scalar", element };
    return { kind: "array", form: "array", ndim: info.shape.length, element };
  }

  /** Column names of a table, in datatype order. */
  tableColumns(tablePath: string): string[] {
    const p = normalizePath(tablePath);
    const type = this.typeAt(p);
    if (type.kind !== "table") throw new LH5Error("datatype", this.path, p, `not a table (${type.kind})`);
    return [...type.fields];
  }

  /**
   * Every column of a table with its type and, for array columns, dtype, shape, chunks and filters: read in
   * one pass over the file's metadata blocks the first time, then from this file's metadata cache (kept for
   * later opens of the unchanged file, re-read when it changed: meta-cache.ts). No values are read.
   */
  describeTable(tablePath: string): ColumnMeta[] {
    const p = normalizePath(tablePath);
    const type = this.typeAt(p);
    if (type.kind !== "table") throw new LH5Error("datatype", this.path, p, `not a table (${type.kind})`);
    return keepBlocksWhile(() => type.fields.map((name) => this.columnMeta(p, name)));
  }

  private columnMeta(p: string, name: string): ColumnMeta {
    const type = this.columnType(p, name);
    if (type.kind !== "array") return { name, type: structuredClone(type), dataset: null };
    const path = join(p, name);
    const info = datasetInfoAt(this.ctx, path);
    const chunks = info.metadata.chunks;
    return {
      name,
      type: structuredClone(type),
      dataset: {
        dtype: info.dtype,
        shape: [...(info.shape ?? [])],
        chunks: chunks ? [...chunks] : null,
        filters: datasetFilters(this.ctx, path).map((f) => ({ ...f })),
      },
    };
  }

  /** Row count of a table, array, VoV or encoded array without reading its data. */
  nRows(path: string): number {
    const p = normalizePath(path);
    return this.lengthOf(p, this.typeAt(p));
  }

  private datasetLength(path: string): number {
    const info = datasetInfoAt(this.ctx, path);
    if (info.shape === null || info.shape.length === 0) {
      throw new LH5Error("datatype", this.path, path, "a scalar has no rows");
    }
    return info.shape[0] ?? 0;
  }

  /** `enclosing`: the tables whose first column `p` is (nested tables only), with their identities. */
  private lengthOf(
    p: string,
    type: LgdoType,
    enclosing: ReadonlyArray<{ path: string; identity: string }> = [],
  ): number {
    switch (type.kind) {
      case "array":
        return this.datasetLength(p);
      case "vov":
        return this.datasetLength(join(p, "cumulative_length"));
      case "encoded":
        return this.datasetLength(join(p, "encoded_data/cumulative_length"));
      case "table": {
        const first = type.fields[0];
        if (first === undefined) return 0;
        const column = join(p, first);
        const columnType = this.typeAt(column);
        if (columnType.kind !== "table") return this.lengthOf(column, columnType);
        // a table as the first column: a hard link back to an enclosing table would recurse forever
        const outer = [...enclosing, { path: p, identity: objectIdentity(this.ctx, p) }];
        const identity = objectIdentity(this.ctx, column);
        const again = outer.find((t) => t.identity === identity);
        if (again !== undefined) {
          throw new LH5Error(
            "corrupt",
            this.path,
            column,
            `hard-link cycle: this is '/${again.path}' again, which contains it`,
          );
        }
        if (outer.length >= MAX_GROUP_NESTING) {
          throw new LH5Error("corrupt", this.path, p, `tables nested more than ${MAX_GROUP_NESTING} deep`);
        }
        return this.lengthOf(column, columnType, outer);
      }
      case "histogram":
        return this.datasetLength(join(p, "weights"));
      case "scalar":
      case "struct":
        throw new LH5Error("datatype", this.path, p, `a ${type.kind} has no row count`);
    }
  }

  /**
   * Reads an array (e.g. a table column) whole into `arena`, as read() would give it but left in the wasm
   * heap; null when it is not a plain numeric array that fits (read() it instead). See heap-arena.ts for
   * how long its values can be looked at.
   */
  readArrayToHeap(path: string, arena: HeapArena): HeapArray | null {
    const p = normalizePath(path);
    const type = this.typeAt(p);
    if (type.kind !== "array") return null;
    // bools stored as another integer type are normalised by read(); leave those to it
    if (type.element.kind === "bool" && datasetInfoAt(this.ctx, p).dtype !== "uint8") return null;
    const values = readDatasetToHeap(this.ctx, p, arena);
    if (values === null) return null;
    return { values, form: type.form, element: { ...type.element }, attrs: this.attrsOf(p) };
  }

  /** Reads any LGDO, whole or in part. */
  read(path: string, opts: ReadOptions = {}): Lgdo {
    const p = normalizePath(path);
    const type = this.typeAt(p);
    try {
      return this.readTyped(p, type, opts, this.selection(p, type, opts));
    } catch (error) {
      if (error instanceof CodecError) throw new LH5Error("corrupt", this.path, p, error.message);
      throw error;
    }
  }

  private selection(p: string, type: LgdoType, opts: ReadOptions): RowRanges {
    if (opts.rows === undefined && opts.indices === undefined) return null;
    if (type.kind === "scalar" || type.kind === "struct" || type.kind === "histogram") {
      throw new LH5Error("range", this.path, p, `rows or indices do not apply to a ${type.kind}`);
    }
    try {
      return selectRows(this.lengthOf(p, type), opts.rows, opts.indices);
    } catch (error) {
      if (error instanceof SelectionError) throw new LH5Error("range", this.path, p, error.message);
      throw error;
    }
  }

  /**
   * Runs `read` for the group at `p`, refusing a hard-link cycle (`g['self'] = g`). Identities are looked
   * up only when groups nest, so reading one table costs no extra HDF5 call.
   */
  private withinGroup<T>(p: string, read: () => T): T {
    const outer = this.groupsBeingRead;
    if (outer.length >= MAX_GROUP_NESTING) {
      throw new LH5Error("corrupt", this.path, p, `groups nested more than ${MAX_GROUP_NESTING} deep`);
    }
    let identity: string | null = null;
    if (outer.length > 0) {
      identity = objectIdentity(this.ctx, p);
      for (const g of outer) {
        g.identity ??= objectIdentity(this.ctx, g.path);
        if (g.identity === identity) {
          throw new LH5Error(
            "corrupt",
            this.path,
            p,
            `hard-link cycle: this is '/${g.path}' again, which contains it`,
          );
        }
      }
    }
    outer.push({ path: p, identity });
    try {
      return read();
    } finally {
      outer.pop();
    }
  }

  private readTyped(p: string, type: LgdoType, opts: ReadOptions, sel: RowRanges): Lgdo {
    switch (type.kind) {
      case "scalar":
        return this.readScalar(p, { ...type.element }); // the cached type is not handed out
      case "array":
        return this.readArray(p, type, sel);
      case "vov":
        return this.readVov(p, type, sel);
      case "encoded": {
        const enc = this.readEncoded(p, type, sel);
        return opts.decode ? decodeEncodedArray(enc) : enc;
      }
      case "table":
        return this.withinGroup(p, () => this.readTable(p, type.fields, opts, sel));
      case "struct":
        return this.withinGroup(p, () => this.readStruct(p, type.fields, opts));
      case "histogram":
        return this.withinGroup(p, () => this.readHistogram(p));
    }
  }

  private attrsOf(p: string): Attrs {
    return readAttrs(this.ctx, p).attrs;
  }

  private readScalar(p: string, element: ElementType): LgdoScalar {
    const { value, info } = readScalarValue(this.ctx, p);
    const attrs = this.attrsOf(p);
    if (element.kind === "bool") {
      return { kind: "scalar", element, dtype: info.dtype, value: value !== 0 && value !== "", attrs };
    }
    return { kind: "scalar", element, dtype: info.dtype, value, attrs };
  }

  private readArray(
    p: string,
    type: Extract<LgdoType, { kind: "array" }>,
    sel: RowRanges,
    withAttrs = true,
  ): LgdoArray {
    const values = readDatasetRows(this.ctx, p, sel);
    let data = values.data;
    let dtype = values.dtype;
    if (type.element.kind === "bool" && !Array.isArray(data) && !(data instanceof Uint8Array)) {
      // bool as an HDF5 enum or another integer type: normalise to 0/1 bytes
      const bytes = new Uint8Array(data.length);
      for (let i = 0; i < data.length; i++) bytes[i] = data[i] ? 1 : 0;
      data = bytes;
      dtype = "uint8";
    }
    return {
      kind: "array",
      form: type.form,
      element: { ...type.element }, // the cached type is not handed out
      dtype,
      shape: values.shape,
      data,
      attrs: withAttrs ? this.attrsOf(p) : {},
    };
  }

  private readVov(p: string, type: Extract<LgdoType, { kind: "vov" }>, sel: RowRanges): LgdoVectorOfVectors {
    const clPath = join(p, "cumulative_length");
    const fdPath = join(p, "flattened_data");
    for (const child of [clPath, fdPath]) {
      if (!this.has(child)) throw new LH5Error("corrupt", this.path, p, `vector of vectors lacks '${child}'`);
    }
    const nRows = this.datasetLength(clPath);
    const ranges = sel ?? [[0, nRows]];
    // each range needs the end offset of the row before it
    const clRanges = ranges.map(([a, b]): [number, number] => [a > 0 ? a - 1 : 0, b]);
    const cl = readDatasetRows(this.ctx, clPath, sel === null ? null : clRanges);
    if (Array.isArray(cl.data))
      throw new LH5Error("corrupt", this.path, clPath, "cumulative_length is not numeric");
    const clData = cl.data;
    const innerLength = this.lengthOf(fdPath, type.inner);

    const cumulative = new Float64Array(selectionLength(ranges, nRows));
    const flatRanges: Array<[number, number]> = [];
    let at = 0;
    let offset = 0;
    let read = 0;
    for (const [a, b] of ranges) {
      if (b <= a) continue;
      let prev = 0;
      if (a > 0) prev = clData[read++] ?? 0;
      const base = prev;
      for (let i = a; i < b; i++) {
        const end = clData[read++] ?? 0;
        if (!(end >= prev) || !Number.isInteger(end)) {
          throw new LH5Error(
            "corrupt",
            this.path,
            clPath,
            `cumulative_length decreases at row ${i} (${prev} → ${end})`,
          );
        }
        if (end > innerLength) {
          throw new LH5Error(
            "corrupt",
            this.path,
            clPath,
            `cumulative_length ${end} at row ${i} exceeds the ${innerLength} entries of flattened_data`,
          );
        }
        cumulative[at++] = offset + (end - base);
        prev = end;
      }
      offset += prev - base;
      flatRanges.push([base, prev]);
    }
    const innerSel = coalesce(flatRanges);
    const flattened =
      type.inner.kind === "vov"
        ? this.readVov(fdPath, type.inner, innerSel)
        : type.inner.kind === "array"
          ? this.readArray(fdPath, type.inner, innerSel)
          : null;
    if (flattened === null) {
      throw new LH5Error(
        "datatype",
        this.path,
        fdPath,
        `flattened_data of a VoV cannot be a ${type.inner.kind}`,
      );
    }
    return {
      kind: "vov",
      cumulativeLength: cumulative,
      cumulativeLengthDtype: cl.dtype === "string" ? "uint32" : cl.dtype,
      flattened,
      attrs: this.attrsOf(p),
    };
  }

  private readCodec(p: string): WaveformCodec {
    const name = readAttribute(this.ctx, p, "codec");
    if (name === "radware_sigcompress") {
      const shift = Number(readAttribute(this.ctx, p, "codec_shift") ?? 0);
      if (!Number.isInteger(shift)) throw new LH5Error("datatype", this.path, p, `bad codec_shift ${shift}`);
      return { name, shift };
    }
    if (name === "uleb128_zigzag_diff") return { name };
    throw new LH5Error("datatype", this.path, p, `unknown waveform codec '${String(name)}'`);
  }

  private readEncoded(
    p: string,
    type: Extract<LgdoType, { kind: "encoded" }>,
    sel: RowRanges,
  ): LgdoEncodedArray {
    const codec = this.readCodec(p);
    const encPath = join(p, "encoded_data");
    const sizePath = join(p, "decoded_size");
    if (!this.has(encPath) || !this.has(sizePath)) {
      throw new LH5Error("corrupt", this.path, p, "encoded array lacks encoded_data or decoded_size");
    }
    const encoded = this.readVov(
      encPath,
      { kind: "vov", inner: { kind: "array", form: "array", ndim: 1, element: { kind: "real" } } },
      sel,
    );
    if (encoded.flattened.kind !== "array" || !(encoded.flattened.data instanceof Uint8Array)) {
      throw new LH5Error("datatype", this.path, encPath, "encoded_data must hold uint8 bytes");
    }
    let decodedSize: number | Float64Array;
    if (type.form === "array_of_encoded_equalsized_arrays") {
      const { value } = readScalarValue(this.ctx, sizePath);
      decodedSize = Number(value);
    } else {
      const sizes = readDatasetRows(this.ctx, sizePath, sel);
      if (Array.isArray(sizes.data))
        throw new LH5Error("datatype", this.path, sizePath, "decoded_size is not numeric");
      decodedSize = Float64Array.from(sizes.data);
    }
    return {
      kind: "encoded",
      form: type.form,
      element: { ...type.element }, // the cached type is not handed out
      codec,
      encoded,
      decodedSize,
      attrs: this.attrsOf(p),
    };
  }

  private readTable(p: string, fields: string[], opts: ReadOptions, sel: RowRanges): LgdoTable {
    let columns = fields;
    if (opts.columns !== undefined) {
      for (const c of opts.columns) {
        if (!fields.includes(c)) throw new LH5Error("not-found", this.path, p, `table has no column '${c}'`);
      }
      columns = fields.filter((f) => opts.columns?.includes(f));
    }
    const nRows = selectionLength(sel, fields.length === 0 ? 0 : this.lengthOf(p, { kind: "table", fields }));
    const out = this.readColumnsAt(p, columns, opts, sel, nRows);
    return { kind: "table", nRows, columns: out, columnOrder: [...columns], attrs: this.attrsOf(p) };
  }

  /** The type of a column a table lists; a column that is listed but absent is a corrupt table. */
  private columnType(p: string, name: string): LgdoType {
    const colPath = join(p, name);
    try {
      return this.typeAt(colPath);
    } catch (error) {
      if (error instanceof LH5Error && error.code === "not-found" && !this.closed)
        throw new LH5Error("corrupt", this.path, p, `column '${name}' is listed but missing`);
      throw error;
    }
  }

  /** Columns of table `p` at `sel`, each checked to have `nRows` rows. */
  private readColumnsAt(
    p: string,
    columns: readonly string[],
    opts: ReadOptions,
    sel: RowRanges,
    nRows: number,
    valuesOnly: ReadonlySet<string> = new Set(),
  ): Record<string, Lgdo> {
    const out: Record<string, Lgdo> = {};
    const childOpts: ReadOptions = opts.decode ? { decode: true } : {};
    for (const name of columns) {
      const colPath = join(p, name);
      const type = this.columnType(p, name);
      const col =
        type.kind === "array" && valuesOnly.has(name)
          ? this.readArray(colPath, type, sel, false)
          : this.readTyped(colPath, type, childOpts, sel);
      const length = rowsOfColumn(col);
      if (length !== nRows) {
        throw new LH5Error("corrupt", this.path, colPath, `column has ${length} rows, the table ${nRows}`);
      }
      out[name] = col;
    }
    return out;
  }

  /**
   * Columns of a table that the caller knows it has (a FileDB's inventory), read without the table's own
   * metadata: no table datatype, no walk down the groups. Rows as in read(): `rows` or sorted `indices`,
   * counted by the first column; every column must have as many. The result has the columns in the given
   * order and no table attributes. A column the file lacks is a 'not-found' LH5Error.
   */
  readColumns(tablePath: string, columns: readonly string[], opts: ReadColumnsOptions = {}): LgdoTable {
    const p = normalizePath(tablePath);
    const first = columns[0];
    if (first === undefined) return { kind: "table", nRows: 0, columns: {}, columnOrder: [], attrs: {} };
    const names = [...new Set(columns)];
    const types = names.map((name) => {
      try {
        return this.typeAt(join(p, name));
      } catch (error) {
        if (error instanceof LH5Error && error.code === "not-found" && !this.closed)
          throw new LH5Error("not-found", this.path, p, `table has no column '${name}'`);
        throw error;
      }
    });
    try {
      const firstPath = join(p, first);
      const sel = this.selection(firstPath, types[0]!, opts);
      const nRows = selectionLength(sel, this.lengthOf(firstPath, types[0]!));
      const out = this.readColumnsAt(p, names, opts, sel, nRows, new Set(opts.valuesOnly ?? []));
      return { kind: "table", nRows, columns: out, columnOrder: names, attrs: {} };
    } catch (error) {
      if (error instanceof CodecError) throw new LH5Error("corrupt", this.path, p, error.message);
      throw error;
    }
  }

  private readStruct(p: string, fields: string[], opts: ReadOptions): LgdoStruct {
    const out: Record<string, Lgdo> = {};
    const childOpts: ReadOptions = opts.decode ? { decode: true } : {};
    for (const name of fields) {
      const child = join(p, name);
      if (!this.has(child))
        throw new LH5Error("corrupt", this.path, p, `field '${name}' is listed but missing`);
      out[name] = this.read(child, childOpts);
    }
    const attrs = attributeNames(this.ctx, p).length > 0 ? this.attrsOf(p) : {};
    return { kind: "struct", fields: out, fieldOrder: [...fields], attrs };
  }

  private readHistogram(p: string): LgdoHistogram {
    const weights = this.read(join(p, "weights"));
    if (weights.kind !== "array")
      throw new LH5Error("datatype", this.path, p, "histogram weights must be an array");
    const isDensity = this.read(join(p, "isdensity"));
    const binningPath = join(p, "binning");
    const axisNames = this.typeAt(binningPath);
    if (axisNames.kind !== "struct")
      throw new LH5Error("datatype", this.path, binningPath, "binning must be a struct");
    const axes = axisNames.fields.map((axisName) => {
      const axisPath = join(binningPath, axisName);
      const edgesPath = join(axisPath, "binedges");
      const edges = this.read(edgesPath);
      const closed = this.has(join(axisPath, "closedleft")) ? this.read(join(axisPath, "closedleft")) : null;
      let edgeValues: Float64Array | { first: number; last: number; step: number };
      if (edges.kind === "array" && !Array.isArray(edges.data)) edgeValues = Float64Array.from(edges.data);
      else if (edges.kind === "struct") {
        const num = (key: string): number => {
          const f = edges.fields[key];
          if (f?.kind !== "scalar" || typeof f.value !== "number") {
            throw new LH5Error("datatype", this.path, edgesPath, `binedges.${key} must be a number`);
          }
          return f.value;
        };
        edgeValues = { first: num("first"), last: num("last"), step: num("step") };
      } else
        throw new LH5Error(
          "datatype",
          this.path,
          edgesPath,
          "binedges must be an array or {first,last,step}",
        );
      return {
        edges: edgeValues,
        closedLeft: closed?.kind === "scalar" ? Boolean(closed.value) : true,
        // units live on binedges (lh5-format.md §1.3)
        attrs: edges.attrs,
      };
    });
    return {
      kind: "histogram",
      weights,
      axes,
      isDensity: isDensity.kind === "scalar" && Boolean(isDensity.value),
      attrs: this.attrsOf(p),
    };
  }
}

/** Why a file could not be looked at, by its errno (a symlink loop is not a missing file). */
export function statFailure(error: unknown): string {
  switch ((error as NodeJS.ErrnoException | null)?.code) {
    case "ELOOP":
      return "symbolic link loop";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "ENOTDIR":
      return "a folder on the path is a file";
    case "ENAMETOOLONG":
      return "path too long";
    default:
      return "no such file";
  }
}

/** Rows of a column read into memory. */
function rowsOfColumn(col: Lgdo): number {
  switch (col.kind) {
    case "array":
      return col.shape[0] ?? 0;
    case "vov":
      return col.cumulativeLength.length;
    case "encoded":
      return col.encoded.cumulativeLength.length;
    case "table":
      return col.nRows;
    case "histogram":
      return col.weights.shape[0] ?? 0;
    case "scalar":
    case "struct":
      return -1;
  }
}
