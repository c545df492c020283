// Reading one HDF5 dataset into model storage: dtype mapping, int64 → Float64Array (refusing
// values beyond 2^53), enum/bool handling, the filter allow-list, and row-range reads along axis 0.
import type { Dataset, File as H5File, Metadata } from "h5wasm";
import type { Attrs, Dtype, NumericData, NumericDtype } from "../../../shared/lgdo/model.ts";
import { LH5Error, toLH5Error } from "./errors.ts";
import type { FileMeta } from "./meta-cache.ts";
import { getH5, registeredFilters } from "./h5.ts";
import type { HeapArena } from "./heap-arena.ts";
import { planBlocks, type RowRanges } from "./selection.ts";

/** h5wasm's H5T classes (H5T_class_t). */
const H5T_INTEGER = 0;
const H5T_FLOAT = 1;
const H5T_STRING = 3;
const H5T_ENUM = 8;

export interface DatasetInfo {
  path: string;
  shape: number[] | null;
  dtype: Dtype;
  /** Enum members when the HDF5 type is an enum (bool scalars written by h5py are). */
  enumMembers: Record<string, number> | null;
  metadata: Metadata;
}

/** One filter of a dataset's pipeline (HDF5 filter id and the name the file gives it). */
export interface DatasetFilter {
  id: number;
  name: string;
}

export interface DatasetValues {
  data: NumericData | string[];
  shape: number[];
  dtype: Dtype;
}

/**
 * Per-file state shared by the read helpers. The file is open read-only, so everything looked up
 * once (objects, dataset metadata, attributes) stays valid until it is closed: caching saves the
 * HDF5 calls that dominate a column read. All but the h5wasm objects outlive the open (meta-cache.ts).
 */
export interface ReadContext {
  file: H5File;
  fileName: string;
  /** Dataset paths whose filters already passed the allow-list. */
  filtersChecked: Set<string>;
  /** The filter pipeline of datasets by path (shared: callers copy before handing it out). */
  filterLists: Map<string, DatasetFilter[]>;
  /** h5wasm objects by path (file.get): a lookup is an HDF5 call. Bound to this open. */
  objects: Map<string, unknown>;
  /** Dataset metadata by path (only successful look-ups). */
  infos: Map<string, DatasetInfo>;
  /** Attribute names by path. */
  attrNames: Map<string, string[]>;
  /** Single attribute values by path, then name. */
  attrValues: Map<string, Map<string, string | number | boolean>>;
  /** Every attribute of a path (readAttrs), shared: callers copy before handing it out. */
  allAttrs: Map<string, { attrs: Attrs; datatype: string | null }>;
}

/** A read context for a file just opened, on what earlier opens of the same file learnt (or fresh maps). */
export function newReadContext(file: H5File, fileName: string, meta?: FileMeta): ReadContext {
  return {
    file,
    fileName,
    filtersChecked: meta?.filtersChecked ?? new Set<string>(),
    filterLists: meta?.filterLists ?? new Map<string, DatasetFilter[]>(),
    objects: new Map<string, unknown>(),
    infos: meta?.infos ?? new Map<string, DatasetInfo>(),
    attrNames: meta?.attrNames ?? new Map<string, string[]>(),
    attrValues: meta?.attrValues ?? new Map<string, Map<string, string | number | boolean>>(),
    allAttrs: meta?.allAttrs ?? new Map<string, { attrs: Attrs; datatype: string | null }>(),
  };
}

/**
 * The h5wasm object at `path` (normalised, not the root), looked up once per file. `linkType`, when
 * the caller already asked HDF5 for it, saves file.get() asking again for a group or dataset.
 */
export function getObject(ctx: ReadContext, path: string, linkType?: number): unknown {
  if (ctx.objects.has(path)) return ctx.objects.get(path);
  const { h5, module } = getH5();
  let obj: unknown;
  // the same objects file.get() builds for these two kinds (the path is already normalised)
  if (linkType === module.H5G_GROUP) obj = new h5.Group(ctx.file.file_id, "/" + path);
  else if (linkType === module.H5G_DATASET) obj = new h5.Dataset(ctx.file.file_id, "/" + path);
  else obj = ctx.file.get("/" + path);
  ctx.objects.set(path, obj);
  return obj;
}

/**
 * What tells one HDF5 object from another whatever the path to it: the bytes of an object reference (its
 * address in the file), as hex. Two paths with the same identity are hard links to one object.
 */
export function objectIdentity(ctx: ReadContext, path: string): string {
  let ref: Uint8Array;
  try {
    ref = getH5().module.create_object_reference(ctx.file.file_id, "/" + path);
  } catch (error) {
    throw toLH5Error(error, ctx.fileName, path, "io");
  }
  let hex = "";
  for (const b of ref) hex += b.toString(16).padStart(2, "0");
  return hex;
}

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

function integerDtype(size: number, signed: boolean): NumericDtype | null {
  const bits = size * 8;
  if (![8, 16, 32, 64].includes(bits)) return null;
  return `${signed ? "" : "u"}int${bits}` as NumericDtype;
}

/** The model dtype of an HDF5 type, or a reason it is not supported. */
export function dtypeOfMetadata(meta: Metadata): string {
  if (meta.type === H5T_INTEGER)
    return integerDtype(meta.size, meta.signed) ?? `unsupported int${meta.size * 8}`;
  if (meta.type === H5T_FLOAT) {
    if (meta.size === 4) return "float32";
    if (meta.size === 8) return "float64";
    return `unsupported float${meta.size * 8}`;
  }
  if (meta.type === H5T_STRING) return "string";
  if (meta.type === H5T_ENUM) return integerDtype(meta.size, meta.signed) ?? "unsupported enum";
  return `unsupported HDF5 type class ${meta.type}`;
}

function isDtype(s: string): s is Dtype {
  return !s.startsWith("unsupported");
}

export function getDataset(ctx: ReadContext, path: string): Dataset {
  const { h5 } = getH5();
  let entity: unknown;
  try {
    entity = getObject(ctx, path);
  } catch (error) {
    throw toLH5Error(error, ctx.fileName, path, "io");
  }
  if (entity instanceof h5.Dataset) return entity;
  if (entity === null || entity === undefined)
    throw new LH5Error("not-found", ctx.fileName, path, "no such object");
  throw new LH5Error("datatype", ctx.fileName, path, "expected a dataset, found a group or link");
}

export function datasetInfo(ctx: ReadContext, ds: Dataset, path: string): DatasetInfo {
  const cached = ctx.infos.get(path);
  if (cached !== undefined) return cached;
  let meta: Metadata;
  try {
    meta = ds.metadata;
  } catch (error) {
    throw toLH5Error(error, ctx.fileName, path, "io");
  }
  return storeInfo(ctx, path, meta);
}

/**
 * datasetInfo() by path with one HDF5 call and no h5wasm object (the hot path of column reads); a path
 * that is not a dataset goes the object way, which names what it is instead.
 */
export function datasetInfoAt(ctx: ReadContext, path: string): DatasetInfo {
  const cached = ctx.infos.get(path);
  if (cached !== undefined) return cached;
  let meta: Metadata;
  try {
    meta = getH5().module.get_dataset_metadata(ctx.file.file_id, "/" + path);
  } catch {
    return datasetInfo(ctx, getDataset(ctx, path), path);
  }
  return storeInfo(ctx, path, meta);
}

function storeInfo(ctx: ReadContext, path: string, meta: Metadata): DatasetInfo {
  const dtype = dtypeOfMetadata(meta);
  if (!isDtype(dtype)) throw new LH5Error("datatype", ctx.fileName, path, dtype);
  const info: DatasetInfo = {
    path,
    shape: meta.shape,
    dtype,
    enumMembers: meta.type === H5T_ENUM ? (meta.enum_type?.members ?? {}) : null,
    metadata: meta,
  };
  ctx.infos.set(path, info);
  return info;
}

/**
 * Most bytes one read may ask HDF5 for (and one chunk may hold): the wasm heap ends at 2 GiB, and a request
 * beyond it makes Emscripten print "Cannot enlarge memory" before HDF5 fails. A corrupt or hostile file
 * declaring 2^40 rows is refused before any allocation instead.
 */
export const MAX_READ_BYTES = 2 ** 30;

function formatBytes(bytes: number): string {
  return bytes >= 2 ** 30 ? `${(bytes / 2 ** 30).toFixed(1)} GiB` : `${Math.ceil(bytes / 2 ** 20)} MiB`;
}

/** Refuses to read `rows` rows of a dataset when they would need more than MAX_READ_BYTES. */
export function checkReadSize(ctx: ReadContext, info: DatasetInfo, rows: number): void {
  const bytes = rows * rowElements(info.shape ?? []) * info.metadata.size;
  if (bytes > MAX_READ_BYTES) {
    throw new LH5Error(
      "range",
      ctx.fileName,
      info.path,
      `${rows} rows of shape [${(info.shape ?? []).join(",")}] need ${formatBytes(bytes)}, more than the ${formatBytes(MAX_READ_BYTES)} one read may take: read fewer rows`,
    );
  }
}

/**
 * Refuses a dataset whose filters are not all registered (a read would return garbage or fail) or whose
 * chunks are too large to decompress. Checked once per dataset and file.
 */
/** The filter pipeline of the dataset at `path`, asked of HDF5 once per file (shared: do not change it). */
export function datasetFilters(ctx: ReadContext, path: string): readonly DatasetFilter[] {
  const cached = ctx.filterLists.get(path);
  if (cached !== undefined) return cached;
  let filters: DatasetFilter[];
  try {
    filters = getH5()
      .module.get_dataset_filters(ctx.file.file_id, "/" + path)
      .map((f) => ({ id: f.id, name: f.name }));
  } catch (error) {
    throw toLH5Error(error, ctx.fileName, path, "io");
  }
  ctx.filterLists.set(path, filters);
  return filters;
}

export function checkFilters(ctx: ReadContext, path: string): void {
  if (ctx.filtersChecked.has(path)) return;
  const info = ctx.infos.get(path);
  const chunks = info?.metadata.chunks;
  if (info !== undefined && chunks) {
    const chunkBytes = chunks.reduce((n, d) => n * d, info.metadata.size);
    if (chunkBytes > MAX_READ_BYTES) {
      throw new LH5Error(
        "corrupt",
        ctx.fileName,
        path,
        `chunks of shape [${chunks.join(",")}] need ${formatBytes(chunkBytes)} each, more than ${formatBytes(MAX_READ_BYTES)}`,
      );
    }
  }
  const filters = datasetFilters(ctx, path);
  const allowed = registeredFilters();
  for (const f of filters) {
    if (!allowed.has(f.id)) {
      throw new LH5Error(
        "filter",
        ctx.fileName,
        path,
        `compression filter ${f.id} (${f.name || "unknown"}) is not available; install its HDF5 plugin`,
      );
    }
  }
  ctx.filtersChecked.add(path);
}

const EMPTY: Record<NumericDtype, () => NumericData> = {
  int8: () => new Int8Array(0),
  uint8: () => new Uint8Array(0),
  int16: () => new Int16Array(0),
  uint16: () => new Uint16Array(0),
  int32: () => new Int32Array(0),
  uint32: () => new Uint32Array(0),
  int64: () => new Float64Array(0),
  uint64: () => new Float64Array(0),
  float32: () => new Float32Array(0),
  float64: () => new Float64Array(0),
};

/** Allocates a typed array that holds `n` values of `dtype` (64-bit ints as Float64Array). */
export function allocNumeric(dtype: NumericDtype, n: number): NumericData {
  const empty = EMPTY[dtype]();
  const Ctor = empty.constructor as new (length: number) => NumericData;
  return new Ctor(n);
}

/** Converts what h5wasm returned to model storage; throws on 64-bit values beyond 2^53. */
function toModelData(ctx: ReadContext, path: string, raw: unknown, dtype: Dtype): NumericData | string[] {
  if (raw instanceof BigInt64Array || raw instanceof BigUint64Array) {
    const out = new Float64Array(raw.length);
    for (let i = 0; i < raw.length; i++) {
      const v = Number(raw[i]);
      if (v > MAX_SAFE || v < -MAX_SAFE) {
        throw new LH5Error(
          "range",
          ctx.fileName,
          path,
          `int64 value ${String(raw[i])} at ${i} is beyond 2^53`,
        );
      }
      out[i] = v;
    }
    return out;
  }
  if (ArrayBuffer.isView(raw) && !(raw instanceof DataView)) return raw as NumericData;
  if (Array.isArray(raw) && raw.every((x) => typeof x === "string")) return raw;
  if (typeof raw === "string" && dtype === "string") return [raw];
  throw new LH5Error("datatype", ctx.fileName, path, `unexpected value kind for dtype ${dtype}`);
}

/** Typed-array classes of numeric HDF5 types (integer and enum by size and sign, float by size). */
type ValuesClass = new (
  buffer: ArrayBufferLike,
  byteOffset?: number,
  length?: number,
) => NumericData | BigInt64Array | BigUint64Array;

function numericClass(meta: Metadata): ValuesClass {
  const type = meta.type === H5T_ENUM ? (meta.enum_type?.type ?? H5T_INTEGER) : meta.type;
  if (type === H5T_FLOAT) return meta.size === 4 ? Float32Array : Float64Array;
  switch (meta.size) {
    case 1:
      return meta.signed ? Int8Array : Uint8Array;
    case 2:
      return meta.signed ? Int16Array : Uint16Array;
    case 4:
      return meta.signed ? Int32Array : Uint32Array;
    default:
      return meta.signed ? BigInt64Array : BigUint64Array;
  }
}

/**
 * Rows [start, stop) of a numeric dataset straight from the wasm heap: one HDF5 call and no h5wasm
 * object (Dataset.value/slice do the same plus a type walk per call).
 */
function readNumericRows(
  ctx: ReadContext,
  path: string,
  meta: Metadata,
  shape: number[],
  start: number,
  stop: number,
): ArrayBufferView {
  const { module } = getH5();
  const nbytes = (stop - start) * rowElements(shape) * meta.size;
  const ptr = module._malloc(Math.max(1, nbytes));
  if (ptr === 0) throw new LH5Error("io", ctx.fileName, path, `cannot allocate ${nbytes} bytes`);
  try {
    readRowsAt(ctx, path, shape, start, stop, ptr);
    const bytes = module.HEAPU8.slice(ptr, ptr + nbytes);
    return new (numericClass(meta))(bytes.buffer);
  } finally {
    module._free(ptr);
  }
}

/** Has HDF5 write rows [start, stop) of a dataset (decompressed, in memory order) to heap address `ptr`. */
function readRowsAt(
  ctx: ReadContext,
  path: string,
  shape: number[],
  start: number,
  stop: number,
  ptr: number,
): void {
  const whole = start === 0 && stop === (shape[0] ?? 0);
  const count = whole ? null : [BigInt(stop - start), ...shape.slice(1).map((d) => BigInt(d))];
  const offset = whole ? null : [BigInt(start), ...shape.slice(1).map(() => 0n)];
  const strides = whole ? null : shape.map(() => 1n);
  getH5().module.get_dataset_data(ctx.file.file_id, "/" + path, count, offset, strides, BigInt(ptr));
}

/** A whole numeric dataset read into a HeapArena: its address there and how to view it. */
export interface HeapDataset {
  ptr: number;
  /** Number of values (all axes). */
  length: number;
  shape: number[];
  dtype: NumericDtype;
  /** A view of the values; valid until the next h5wasm call (see heap-arena.ts). */
  view(): NumericData;
}

/**
 * Reads a whole numeric dataset into `arena` with no copy, or returns null when it does not go there:
 * 64-bit integers (they need a checked conversion), strings, scalars, or too little room left.
 */
export function readDatasetToHeap(ctx: ReadContext, path: string, arena: HeapArena): HeapDataset | null {
  const info = datasetInfoAt(ctx, path);
  if (info.shape === null || info.shape.length === 0) return null;
  if (info.dtype === "string" || info.dtype === "int64" || info.dtype === "uint64") return null;
  checkFilters(ctx, path);
  const shape = [...info.shape];
  const length = shape.reduce((n, d) => n * d, 1);
  if (length * info.metadata.size > MAX_READ_BYTES) return null; // read() says why it cannot be read
  const ptr = arena.alloc(Math.max(1, length * info.metadata.size));
  if (ptr === null) return null;
  try {
    if (length > 0) readRowsAt(ctx, path, shape, 0, shape[0]!, ptr);
  } catch (error) {
    throw toLH5Error(error, ctx.fileName, path, "io");
  }
  // not 64-bit integers (refused above), so the class is one of the model's
  const Values = numericClass(info.metadata) as new (
    buffer: ArrayBufferLike,
    byteOffset: number,
    length: number,
  ) => NumericData;
  return {
    ptr,
    length,
    shape,
    dtype: info.dtype,
    view: () => new Values(getH5().module.HEAPU8.buffer, ptr, length),
  };
}

function rowElements(shape: number[]): number {
  let n = 1;
  for (let d = 1; d < shape.length; d++) n *= shape[d] ?? 1;
  return n;
}

/** Gap (in elements) read through instead of starting another HDF5 call. */
const GAP_ELEMENTS = 1 << 16;

/**
 * Reads a dataset of rank ≥ 1, either whole (`ranges` null) or the given row ranges of axis 0,
 * concatenated. Never reads rows outside the block hulls of the ranges.
 */
export function readDatasetRows(ctx: ReadContext, path: string, ranges: RowRanges): DatasetValues {
  const info = datasetInfoAt(ctx, path);
  if (info.shape === null || info.shape.length === 0) {
    throw new LH5Error("datatype", ctx.fileName, path, "expected an array dataset, found a scalar");
  }
  checkFilters(ctx, path);
  const shape = info.shape;
  const nRows = shape[0] ?? 0;
  const perRow = rowElements(shape);
  const read = (start: number, stop: number): NumericData | string[] => {
    try {
      let raw: unknown;
      if (info.dtype !== "string") raw = readNumericRows(ctx, path, info.metadata, shape, start, stop);
      else {
        const ds = getDataset(ctx, path);
        raw = start === 0 && stop === nRows ? ds.value : ds.slice([[start, stop]]);
      }
      return toModelData(ctx, path, raw, info.dtype);
    } catch (error) {
      throw toLH5Error(error, ctx.fileName, path, "io");
    }
  };
  const empty = (): NumericData | string[] => (info.dtype === "string" ? [] : allocNumeric(info.dtype, 0));

  if (ranges === null) {
    checkReadSize(ctx, info, nRows);
    const data = nRows === 0 || perRow === 0 ? empty() : read(0, nRows);
    return { data, shape: [...shape], dtype: info.dtype };
  }
  for (const [a, b] of ranges) {
    if (a < 0 || b > nRows || b < a) {
      throw new LH5Error("range", ctx.fileName, path, `rows [${a}, ${b}) outside [0, ${nRows})`);
    }
  }
  let total = 0;
  for (const [a, b] of ranges) total += b - a;
  checkReadSize(ctx, info, total);
  const outShape = [total, ...shape.slice(1)];
  if (total === 0 || perRow === 0) return { data: empty(), shape: outShape, dtype: info.dtype };

  const blocks = planBlocks(ranges, Math.max(1, Math.floor(GAP_ELEMENTS / Math.max(perRow, 1))));
  if (blocks.length === 1 && blocks[0]?.ranges.length === 1) {
    const only = blocks[0];
    return { data: read(only.start, only.stop), shape: outShape, dtype: info.dtype };
  }
  if (info.dtype === "string") {
    const out: string[] = [];
    for (const block of blocks) {
      const hull = read(block.start, block.stop) as string[];
      for (const [a, b] of block.ranges) {
        for (let i = (a - block.start) * perRow; i < (b - block.start) * perRow; i++) out.push(hull[i] ?? "");
      }
    }
    return { data: out, shape: outShape, dtype: info.dtype };
  }
  const out = allocNumeric(info.dtype, total * perRow);
  let at = 0;
  for (const block of blocks) {
    const hull = read(block.start, block.stop) as NumericData;
    for (const [a, b] of block.ranges) {
      const piece = hull.subarray((a - block.start) * perRow, (b - block.start) * perRow);
      (out as Float64Array).set(piece, at);
      at += piece.length;
    }
  }
  return { data: out, shape: outShape, dtype: info.dtype };
}

/** Reads a 0-d dataset: number (64-bit ints checked against 2^53), string or enum value. */
export function readScalarValue(
  ctx: ReadContext,
  path: string,
): { value: number | string; info: DatasetInfo } {
  const ds = getDataset(ctx, path);
  const info = datasetInfo(ctx, ds, path);
  checkFilters(ctx, path);
  let raw: unknown;
  try {
    raw = ds.value;
  } catch (error) {
    throw toLH5Error(error, ctx.fileName, path, "io");
  }
  if (typeof raw === "bigint") {
    const v = Number(raw);
    if (v > MAX_SAFE || v < -MAX_SAFE) {
      throw new LH5Error("range", ctx.fileName, path, `int64 value ${String(raw)} is beyond 2^53`);
    }
    return { value: v, info };
  }
  if (typeof raw === "number" || typeof raw === "string") return { value: raw, info };
  if (typeof raw === "boolean") return { value: raw ? 1 : 0, info };
  if (ArrayBuffer.isView(raw) || Array.isArray(raw)) {
    const data = toModelData(ctx, path, raw, info.dtype);
    if (data.length === 1 && data[0] !== undefined) return { value: data[0], info };
  }
  throw new LH5Error("datatype", ctx.fileName, path, "expected a scalar value");
}
