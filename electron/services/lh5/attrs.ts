// Attributes of one HDF5 object as model Attrs (scalar strings, numbers, booleans).
import type { Attrs } from "../../../shared/lgdo/model.ts";
import { toLH5Error } from "./errors.ts";
import { getH5 } from "./h5.ts";
import type { ReadContext } from "./dataset.ts";

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
  try {
    return getH5().module.get_attribute_names(ctx.file.file_id, "/" + path);
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
  if (!attributeNames(ctx, path).includes(name)) return undefined;
  try {
    const obj = ctx.file.get("/" + path);
    if (obj === null || !("get_attribute" in obj)) return undefined;
    return attrValue(obj.get_attribute(name, false));
  } catch (error) {
    throw toLH5Error(error, ctx.fileName, path, "io");
  }
}

/** Every attribute of `path` except `datatype`, plus the raw datatype string (null if none). */
export function readAttrs(
  ctx: ReadContext,
  path: string,
  /** The object at `path` when the caller already has it (saves a lookup by path). */
  entity?: unknown,
): { attrs: Attrs; datatype: string | null } {
  const names = attributeNames(ctx, path);
  const attrs: Attrs = {};
  let datatype: string | null = null;
  if (names.length === 0) return { attrs, datatype };
  let obj = entity;
  try {
    obj ??= ctx.file.get("/" + path);
  } catch (error) {
    throw toLH5Error(error, ctx.fileName, path, "io");
  }
  if (obj === null || typeof obj !== "object" || !("get_attribute" in obj)) return { attrs, datatype };
  const holder = obj as { get_attribute(name: string, json: false): unknown };
  for (const name of names) {
    let raw: unknown;
    try {
      raw = holder.get_attribute(name, false);
    } catch (error) {
      throw toLH5Error(error, ctx.fileName, path, "io");
    }
    if (name === "datatype") datatype = typeof raw === "string" ? raw : String(attrValue(raw));
    else attrs[name] = attrValue(raw);
  }
  return { attrs, datatype };
}
