// Metadata-only listing of an LH5 tree: one entry per group and dataset, hard links shown once
// (with their other paths as aliases), soft links shown and not descended into, links that lead
// nowhere (a missing target, a soft-link loop, another file) listed as such without failing the rest.
import { DatatypeError, type LgdoType, parseDatatype } from "../../../shared/lgdo/datatype.ts";
import type { Attrs } from "../../../shared/lgdo/model.ts";
import { readAttrs } from "./attrs.ts";
import { type ReadContext, dtypeOfMetadata, objectIdentity } from "./dataset.ts";
import { toLH5Error } from "./errors.ts";
import { getH5 } from "./h5.ts";

export interface Lh5Entry {
  /** Path without leading '/'. */
  path: string;
  /** `link`: a soft or external link that does not lead to a group or dataset here (see `brokenLink`). */
  kind: "group" | "dataset" | "link";
  /** The raw `datatype` attribute, null when absent. */
  datatype: string | null;
  /** Parsed datatype; a plain group is an implicit struct; null for a bad or absent datatype on a dataset. */
  lgdoType: LgdoType | null;
  /** Why `datatype` did not parse, when it did not. */
  datatypeError?: string;
  shape: number[] | null;
  dtype: string | null;
  attrs: Attrs;
  /** Other paths of the same object (hard links). */
  aliases: string[];
  /** Target of a soft link at `path` (the entry describes the target). */
  softLink?: string;
  /** Why the link at `path` leads nowhere (kind `link`), e.g. "soft-link loop". */
  brokenLink?: string;
  filters?: Array<{ id: number; name: string }>;
}

export interface ListOptions {
  /** 1 = direct children only; default unlimited. */
  depth?: number;
}

/** The entry of a link that leads to no group or dataset of this file. */
function brokenLinkEntry(path: string, why: string, target?: string): Lh5Entry {
  const entry: Lh5Entry = {
    path,
    kind: "link",
    datatype: null,
    lgdoType: null,
    shape: null,
    dtype: null,
    attrs: {},
    aliases: [],
    brokenLink: why,
  };
  if (target !== undefined) entry.softLink = target;
  return entry;
}

/** Member names of a group, an HDF5 failure (a corrupt link table) reported on the group. */
function groupNames(ctx: ReadContext, path: string, group: { keys(): string[] }): string[] {
  try {
    return group.keys();
  } catch (error) {
    throw toLH5Error(error, ctx.fileName, path, "io");
  }
}

export function listEntries(ctx: ReadContext, root: string, opts: ListOptions): Lh5Entry[] {
  const { h5 } = getH5();
  const maxDepth = opts.depth ?? Infinity;
  const entries: Lh5Entry[] = [];
  const byIdentity = new Map<string, Lh5Entry>();

  const describe = (path: string, depth: number): void => {
    const full = "/" + path;
    let obj: unknown;
    let softLink: string | undefined;
    try {
      // get_type follows soft links, so ask for the link target itself (null for hard links)
      const target: string | null = ctx.file.get_link(full); // typed string, null at run time for hard links
      softLink = target ?? undefined;
    } catch (error) {
      throw toLH5Error(error, ctx.fileName, path, "io");
    }
    try {
      obj = ctx.file.get(full);
    } catch (error) {
      // a soft link HDF5 cannot follow (a loop: a -> b -> a) is listed as broken; anything else is corrupt
      if (softLink === undefined) throw toLH5Error(error, ctx.fileName, path, "io");
      const reason = toLH5Error(error, ctx.fileName, path, "io").reason;
      entries.push(
        brokenLinkEntry(path, /too many links/i.test(reason) ? "soft-link loop" : reason, softLink),
      );
      return;
    }
    // h5wasm's link objects, told apart by `type` (its default export lacks their classes)
    const link = obj as { type?: string; target?: string; filename?: string; obj_path?: string } | null;
    if (link?.type === "BrokenSoftLink") {
      entries.push(brokenLinkEntry(path, "no object at the target", link.target ?? softLink));
      return;
    }
    if (link?.type === "ExternalLink") {
      const where = `${link.filename ?? "?"}:${link.obj_path ?? "?"}`;
      entries.push(brokenLinkEntry(path, `external link to ${where}, not followed`));
      return;
    }
    if (!(obj instanceof h5.Group) && !(obj instanceof h5.Dataset)) return; // committed datatypes

    // a soft link gets its own entry (not descended into); hard links share one entry
    const identity = softLink === undefined ? objectIdentity(ctx, path) : null;
    const seen = identity === null ? undefined : byIdentity.get(identity);
    if (seen !== undefined) {
      seen.aliases.push(path);
      return;
    }
    const { attrs, datatype } = readAttrs(ctx, path, obj);
    let lgdoType: LgdoType | null = null;
    let datatypeError: string | undefined;
    if (datatype !== null) {
      try {
        lgdoType = parseDatatype(datatype);
      } catch (error) {
        datatypeError = error instanceof DatatypeError ? error.message : String(error);
      }
    }
    const entry: Lh5Entry = {
      path,
      kind: obj instanceof h5.Group ? "group" : "dataset",
      datatype,
      lgdoType,
      shape: null,
      dtype: null,
      attrs,
      aliases: [],
    };
    if (datatypeError !== undefined) entry.datatypeError = datatypeError;
    if (softLink !== undefined) entry.softLink = softLink;
    if (obj instanceof h5.Dataset) {
      try {
        const meta = obj.metadata;
        entry.shape = meta.shape;
        entry.dtype = dtypeOfMetadata(meta);
        entry.filters = obj.filters.map((f) => ({ id: f.id, name: f.name }));
      } catch (error) {
        throw toLH5Error(error, ctx.fileName, path, "io");
      }
    }
    if (identity !== null) byIdentity.set(identity, entry);
    entries.push(entry);
    if (obj instanceof h5.Group) {
      const names = groupNames(ctx, path, obj);
      if (entry.lgdoType === null && datatype === null) {
        entry.lgdoType = { kind: "struct", fields: names, implicit: true };
      }
      if (softLink === undefined && depth < maxDepth) {
        for (const name of names) describe(path === "" ? name : `${path}/${name}`, depth + 1);
      }
    }
  };

  let children: string[] = [];
  try {
    const g = root === "" ? ctx.file : ctx.file.get("/" + root);
    if (g instanceof h5.Group) {
      children = g.keys();
      // identify the root group so that a hard link back to it counts as an alias
      if (root !== "") byIdentity.set(objectIdentity(ctx, root), { path: root } as Lh5Entry);
    }
  } catch (error) {
    throw toLH5Error(error, ctx.fileName, root, "io");
  }
  for (const name of children) describe(root === "" ? name : `${root}/${name}`, 1);
  return entries;
}
