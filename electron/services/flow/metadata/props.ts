// Cascading metadata files: later files override earlier ones key by key (dbetto's Props.add_to).

export type PropsValue = null | boolean | number | string | PropsValue[] | { [key: string]: PropsValue };
export type PropsMap = { [key: string]: PropsValue };

export function isPropsMap(value: unknown): value is PropsMap {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Merges `overlay` into `base` in place: mappings merge recursively, anything else is replaced. */
export function mergeProps(base: PropsMap, overlay: PropsMap): PropsMap {
  for (const [key, value] of Object.entries(overlay)) {
    const current = base[key];
    if (isPropsMap(current) && isPropsMap(value)) mergeProps(current, value);
    else base[key] = structuredClone(value);
  }
  return base;
}
