// What an open LH5 file taught us about its layout (link kinds, parsed datatypes, group members, dataset
// dtype/shape, filters, attributes), kept per thread after close and handed to the next open of the same
// file, so that a second job over the same files asks HDF5 only for values. An entry is reused only while
// the file's identity (device, inode, size, mtime, ctime) is unchanged, and only once the file had been
// left alone for a while before the entry was made: file times are coarse, so a file rewritten within the
// same tick must not pass for the old one (git's "racy" index entries).
import type { LgdoType } from "../../../shared/lgdo/datatype.ts";
import type { Attrs } from "../../../shared/lgdo/model.ts";
import type { DatasetFilter, DatasetInfo } from "./dataset.ts";

/** Everything cached about one file; the maps are shared by every open of it. */
export interface FileMeta {
  /** has() by normalised path. */
  present: Map<string, boolean>;
  /** Link kinds of objects looked up successfully. */
  kinds: Map<string, "group" | "dataset">;
  /** Parsed datatypes (handed out as copies). */
  types: Map<string, LgdoType>;
  /** Group member names (handed out as copies). */
  members: Map<string, string[]>;
  /** Dataset paths whose filters passed the allow-list. */
  filtersChecked: Set<string>;
  /** Filter pipelines of datasets by path. */
  filterLists: Map<string, DatasetFilter[]>;
  /** Dataset metadata by path. */
  infos: Map<string, DatasetInfo>;
  /** Attribute names by path. */
  attrNames: Map<string, string[]>;
  /** Single attribute values by path, then name. */
  attrValues: Map<string, Map<string, string | number | boolean>>;
  /** Every attribute of a path, shared: callers copy before handing it out. */
  allAttrs: Map<string, { attrs: Attrs; datatype: string | null }>;
}

/** The fields of a bigint fs.Stats that tell one version of a file from another. */
export interface FileIdentity {
  dev: bigint;
  ino: bigint;
  size: bigint;
  mtimeNs: bigint;
  ctimeNs: bigint;
}

interface Entry {
  identity: string;
  /** Date.now() when the entry was made. */
  madeAt: number;
  /** mtime of the file in ms, to decide whether the entry can be trusted. */
  mtimeMs: number;
  meta: FileMeta;
}

/** A file modified less than this before its entry was made may change again unseen within one tick. */
export const RACY_MS = 2000;
const DEFAULT_MAX_FILES = 20_000;

function emptyMeta(): FileMeta {
  return {
    present: new Map(),
    kinds: new Map(),
    types: new Map(),
    members: new Map(),
    filtersChecked: new Set(),
    filterLists: new Map(),
    infos: new Map(),
    attrNames: new Map(),
    attrValues: new Map(),
    allAttrs: new Map(),
  };
}

/** Per-thread cache of FileMeta by path, least recently used dropped first. */
export class FileMetaCache {
  private readonly entries = new Map<string, Entry>();
  hits = 0;
  misses = 0;

  constructor(private readonly maxFiles = DEFAULT_MAX_FILES) {}

  /**
   * The cached layout of `path` when the file is unchanged and the entry trusted; else a fresh one that
   * replaces it. `stat` is the file's bigint stat (taken by the caller, who needs the size anyway).
   */
  forFile(path: string, stat: FileIdentity): FileMeta {
    const identity = `${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeNs}:${stat.ctimeNs}`;
    const mtimeMs = Number(stat.mtimeNs / 1_000_000n);
    const entry = this.entries.get(path);
    this.entries.delete(path); // re-inserted below: Map order is the LRU order
    if (entry !== undefined && entry.identity === identity && entry.mtimeMs < entry.madeAt - RACY_MS) {
      this.entries.set(path, entry);
      this.hits++;
      return entry.meta;
    }
    this.misses++;
    const fresh: Entry = { identity, madeAt: Date.now(), mtimeMs, meta: emptyMeta() };
    this.entries.set(path, fresh);
    if (this.entries.size > this.maxFiles) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    return fresh.meta;
  }

  /** Forgets every file (tests; or after a bulk rewrite the caller knows of). */
  clear(): void {
    this.entries.clear();
    this.hits = 0;
    this.misses = 0;
  }

  get size(): number {
    return this.entries.size;
  }
}

/** The cache shared by every Lh5File of this thread. */
export const fileMetaCache = new FileMetaCache();
