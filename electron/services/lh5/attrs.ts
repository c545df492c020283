// Attributes of one HDF5 object as model Attrs (scalar strings, numbers, booleans).
import type { Attrs } from "../../../shared/lgdo/model.ts";
import { toLH5Error } from "./errors.ts";
import { getH5 } from "./h5.ts";
import { type ReadContext, getObject } from "./dataset.ts";

function attrValue(raw: unknown): string | number | boolean {
  if (typeof raw === "string" || typeof raw === "number" || typeof raw === "boolean") return raw;
  if (typeof raw === "bigint") return Number(raw);
  if (ArrayBuffer.isView(raw) && !(raw instanceof DataView)) {
    const values = Array.from(raw as unknown as ArrayLike<number | bigint>, (v) => Number(v));
    return values.length === 1 && values[0] !== undefined ? values[0] : JSON.stringify(values);
  }
  if (Array.isArray(raw)) return raw.length === 1 ? attrValue(raw[0]) : JSON.stringify(raw);
  return raw === null || raw === undefined ? "" : JSON.stringify(raw);
}

/** Names of the attributes of `path` ('' = root). */
export function attributeNames(ctx: ReadContext, path: string): string[] {
  const cached = ctx.attrNames.get(path);
  if (cached !== undefined) return cached;
  let names: string[];
  try {
    names = getH5().module.get_attribute_names(ctx.file.file_id, "/" + path);
  } catch (error) {
    throw toLH5Error(error, ctx.fileName, path, "io");
  }
  ctx.attrNames.set(path, names);
  return names;
}

function objectAt(ctx: ReadContext, path: string): unknown {
  try {
    return path === "" ? ctx.file : getObject(ctx, path);
  } catch (error) {
    throw toLH5Error(error, ctx.fileName, path, "io");
  }
}

/** Reads one attribute, or undefined when absent. */
export function readAttribute(
  ctx: ReadContext,
  path: string,
  name: string,
): string | number | boolean | undefined {
  const cached = ctx.attrValues.get(path)?.get(name);
  if (cached !== undefined) return cached;
  if (!attributeNames(ctx, path).includes(name)) return undefined;
  const holder = attributeHolder(ctx, path, undefined);
  return holder === null ? undefined : cachedAttribute(ctx, path, holder, name);
}

const H5T_STRING = 3;

/**
 * A string attribute read by path with h5wasm's low-level calls (no object look-up, no walk), cached like
 * readAttribute(). Undefined when it is absent, not a scalar string, or the path does not resolve: the
 * caller then asks the slow way, which says why.
 */
export function readStringAttributeFast(ctx: ReadContext, path: string, name: string): string | undefined {
  const cached = ctx.attrValues.get(path)?.get(name);
  if (cached !== undefined) return typeof cached === "string" ? cached : undefined;
  const { module } = getH5();
  const freeHdf5 = (module as { _H5free_memory?: (ptr: number) => number })._H5free_memory;
  const where = "/" + path;
  let text: string;
  try {
    const meta = module.get_attribute_metadata(ctx.file.file_id, where, name);
    if (meta.type !== H5T_STRING || meta.total_size !== 1) return undefined;
    const ptr = module._malloc(Math.max(1, meta.size));
    if (ptr === 0) return undefined;
    try {
      module.get_attribute_data(ctx.file.file_id, where, name, BigInt(ptr));
      if (meta.vlen) {
        const strPtr = new DataView(module.HEAPU8.buffer).getUint32(ptr, true);
        text = meta.cset === 1 ? module.UTF8ToString(strPtr) : module.AsciiToString(strPtr);
        // HDF5 allocated the string: H5free_memory is its documented release (reclaim_vlen_memory would
        // look the attribute up a third time to do the same)
        if (freeHdf5 !== undefined) freeHdf5(strPtr);
        else module.reclaim_vlen_memory(ctx.file.file_id, where, name, BigInt(ptr));
      } else {
        const bytes = module.HEAPU8.subarray(ptr, ptr + meta.size);
        const end = bytes.indexOf(0);
        text = new TextDecoder(meta.cset === 1 ? "utf-8" : "ascii").decode(
          end < 0 ? bytes : bytes.subarray(0, end),
        );
      }
    } finally {
      module._free(ptr);
    }
  } catch {
    return undefined;
  }
  let values = ctx.attrValues.get(path);
  if (values === undefined) ctx.attrValues.set(path, (values = new Map<string, string | number | boolean>()));
  values.set(name, text);
  return text;
}

type AttributeHolder = { get_attribute(name: string, json: false): unknown };

/** The object at `path` if it can have attributes (a group or dataset), else null. */
function attributeHolder(ctx: ReadContext, path: string, entity: unknown): AttributeHolder | null {
  const obj = entity ?? objectAt(ctx, path);
  if (obj === null || typeof obj !== "object" || !("get_attribute" in obj)) return null;
  return obj as AttributeHolder;
}

/** One attribute's value, read once per file (get_attribute reads only that attribute). */
function cachedAttribute(
  ctx: ReadContext,
  path: string,
  holder: AttributeHolder,
  name: string,
): string | number | boolean {
  let values = ctx.attrValues.get(path);
  const cached = values?.get(name);
  if (cached !== undefined) return cached;
  let value: string | number | boolean;
  try {
    value = attrValue(holder.get_attribute(name, false));
  } catch (error) {
    throw toLH5Error(error, ctx.fileName, path, "io");
  }
  if (values === undefined) ctx.attrValues.set(path, (values = new Map<string, string | number | boolean>()));
  values.set(name, value);
  return value;
}

/** Every attribute of `path` except `datatype`, plus the raw datatype string (null if none). */
export function readAttrs(
  ctx: ReadContext,
  path: string,
  /** The object at `path` when the caller already has it (saves a lookup by path). */
  entity?: unknown,
): { attrs: Attrs; datatype: string | null } {
  const cached = ctx.allAttrs.get(path);
  if (cached !== undefined) return { attrs: { ...cached.attrs }, datatype: cached.datatype };
  const read = readAllAttrs(ctx, path, entity);
  ctx.allAttrs.set(path, read);
  return { attrs: { ...read.attrs }, datatype: read.datatype };
}

function readAllAttrs(
  ctx: ReadContext,
  path: string,
  entity: unknown,
): { attrs: Attrs; datatype: string | null } {
  const names = attributeNames(ctx, path);
  const attrs: Attrs = {};
  let datatype: string | null = null;
  if (names.length === 0) return { attrs, datatype };
  let holder: AttributeHolder | null | undefined; // looked up only for an attribute that is not a string
  for (const name of names) {
    let value: string | number | boolean | undefined = readStringAttributeFast(ctx, path, name);
    if (value === undefined) {
      holder ??= attributeHolder(ctx, path, entity);
      if (holder === null) return { attrs, datatype };
      value = cachedAttribute(ctx, path, holder, name);
    }
    // a string datatype is kept as is; anything else as its model value's text
    if (name === "datatype") datatype = String(value);
    else attrs[name] = value;
  }
  return { attrs, datatype };
}
