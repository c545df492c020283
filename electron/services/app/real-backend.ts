// The app service's data layers: FileDB (flow/filedb), the LH5 reader (lh5) and the generator
// for the demo dataset. They are imported on first use, so the server answers (and prints its
// URL) before h5wasm and the scanners have loaded.
import { existsSync, renameSync, rmSync } from "node:fs";
import { dirname, isAbsolute, join, relative } from "node:path";
import type {
  ColumnDetails,
  FileDbConfigJson,
  JobProgress,
  TableDetails,
  TierFileDetails,
} from "../../../shared/api/types.ts";
import type { FileDB, ResolvedFileDbConfig, ScanProgress } from "../flow/filedb/index.ts";
import type { Lh5Entry } from "../lh5/listing.ts";
import type { Lh5File as Lh5FileClass } from "../lh5/reader.ts";
import type { DatasetBackend, OpenedFileDb, ProgressSink } from "./backend.ts";

/** Size of the built-in demo dataset: small enough to generate in seconds on first start. */
export const DEMO_OPTIONS = { cycles: 12, channels: 4, events: 120, seed: 20260124 } as const;
const DEMO_CONFIG_NAME = "filedb-config.json";
/** Tables listed per file in the details panel (raw files of a full array have ~200). */
const MAX_TABLES_PER_FILE = 500;

function toJobProgress(p: ScanProgress): JobProgress {
  const progress: JobProgress = {
    phase: p.phase === "files" ? "Scanning files" : "Scanning tables",
    done: p.done,
    total: p.total ?? 0,
    unit: "files",
  };
  if (p.current !== undefined) progress.current = p.current;
  return progress;
}

/** `dataDir` and every tier folder outside it (`..` in tier_dirs leads out). */
async function configFolders(config: ResolvedFileDbConfig): Promise<string[]> {
  const { tierRoot } = await import("../flow/filedb/config.ts");
  const folders = [config.dataDir];
  for (const tier of config.tiers) {
    const root = tierRoot(config, tier);
    const rel = relative(config.dataDir, root);
    if (rel.startsWith("..") || isAbsolute(rel)) folders.push(root);
  }
  return folders;
}

/** Adapts a FileDB to what the service reads. */
class FileDbAdapter implements OpenedFileDb {
  constructor(
    readonly db: FileDB,
    readonly folders: readonly string[],
  ) {}
  get tiers(): readonly string[] {
    return this.db.tiers;
  }
  get keyNames(): readonly string[] {
    return this.db.keyNames;
  }
  get nRows(): number {
    return this.db.nRows;
  }
  get dataDir(): string {
    return this.db.config.dataDir;
  }
  get configPath(): string | null {
    return this.db.config.configPath ?? null;
  }
  listedFiles(): string[] {
    const files: string[] = [];
    for (const tier of this.db.tiers)
      for (let row = 0; row < this.db.nRows; row++) {
        const path = this.db.filePath(row, tier);
        if (path !== null) files.push(path);
      }
    return files;
  }
  get problems() {
    return this.db.problems;
  }
  get tablesScanned(): boolean {
    return this.db.tablesScanned;
  }
  get config(): FileDbConfigJson | null {
    return this.db.sourceConfig;
  }
  column(name: string): unknown {
    if (/_(tables|col_idx)$/.test(name) && !this.db.tablesScanned) return undefined;
    return this.db.column(name);
  }
  query(q: string): number[] {
    return this.db.query(q);
  }
}

function columnDetails(entry: Lh5Entry, tablePath: string): ColumnDetails {
  const units = entry.attrs.units;
  return {
    name: entry.path.slice(tablePath.length + 1),
    lgdoType: entry.datatype,
    dtype: entry.dtype,
    units: typeof units === "string" && units !== "" ? units : null,
    shape: entry.shape,
  };
}

const loadFileDb = async () => (await import("../flow/filedb/index.ts")).FileDB;

/** Tables of one file (outermost `table{…}` objects) with their direct columns. */
function fileTables(Lh5File: typeof Lh5FileClass, path: string): TableDetails[] {
  const file = Lh5File.open(path);
  try {
    const entries = file.list();
    const isTable = (e: Lh5Entry) => e.datatype !== null && e.datatype.startsWith("table");
    const tables = entries.filter(
      (e) => isTable(e) && !entries.some((outer) => isTable(outer) && e.path.startsWith(`${outer.path}/`)),
    );
    return tables.slice(0, MAX_TABLES_PER_FILE).map((table) => {
      const prefix = `${table.path}/`;
      const columns = entries
        .filter(
          (e) => e.kind !== "link" && e.path.startsWith(prefix) && !e.path.slice(prefix.length).includes("/"),
        )
        .map((e) => columnDetails(e, table.path));
      let nRows: number | null;
      try {
        nRows = file.nRows(table.path);
      } catch {
        nRows = null; // an empty or odd table still lists its columns
      }
      return { name: table.path, nRows, columns };
    });
  } finally {
    file.close();
  }
}

/**
 * `storeDir`: the inventory store's folder (data-dir.ts inventoryStoreDir); a table scan then opens only the
 * files that changed since an earlier process listed them. Null scans every file.
 */
export function createRealBackend(opts: { storeDir: string | null } = { storeDir: null }): DatasetBackend {
  return {
    async scanFileDb(config, scan, sink: ProgressSink) {
      const onProgress = (p: ScanProgress) => sink.progress(toJobProgress(p));
      const scanOpts = { signal: sink.signal, onProgress };
      let db: FileDB;
      if (scan.scanTables) {
        const { scanWithStore } = await import("../flow/filedb/index.ts");
        db = (await scanWithStore(config, { ...scanOpts, storeDir: opts.storeDir })).db;
      } else db = await (await loadFileDb()).create(config, scanOpts);
      sink.signal.throwIfAborted();
      return new FileDbAdapter(db, await configFolders(db.config));
    },

    async dataFolders(config) {
      const { loadFileDbConfig } = await import("../flow/filedb/index.ts");
      return configFolders(loadFileDbConfig(config));
    },

    async loadFileDb(path, sink) {
      sink.progress({ phase: "Reading FileDB", done: 0, total: 1, unit: "files", current: path });
      const db = await (await loadFileDb()).fromDisk(path);
      return new FileDbAdapter(db, await configFolders(db.config));
    },

    async cycleDetails(opened, row) {
      const [{ initH5 }, { Lh5File }] = await Promise.all([
        import("../lh5/h5.ts"),
        import("../lh5/reader.ts"),
      ]);
      await initH5();
      const db = (opened as FileDbAdapter).db;
      const keys: Record<string, string> = {};
      for (const name of db.keyNames) keys[name] = String((db.column(name) as ArrayLike<unknown>)[row]);
      const status = (db.column("file_status") as Float64Array)[row] ?? 0;
      const files: TierFileDetails[] = db.tiers.map((tier, t) => {
        const path = db.filePath(row, tier);
        const exists =
          Math.floor(status / 2 ** (db.tiers.length - 1 - t)) % 2 === 1 && path !== null && existsSync(path);
        const size = (db.column(`${tier}_size`) as Float64Array)[row] ?? 0;
        const details: TierFileDetails = { tier, path, exists, size, tables: [] };
        if (exists && path) {
          try {
            details.tables = fileTables(Lh5File, path);
          } catch (error) {
            details.error = (error as Error).message;
          }
        }
        return details;
      });
      return { row, keys, files };
    },

    async ensureDemo(dir, sink) {
      const configPath = join(dir, DEMO_CONFIG_NAME);
      if (existsSync(configPath)) return configPath;
      // Generate beside the final folder and rename, so an interrupted first start never leaves half a demo.
      const temp = join(dirname(dir), `.demo-${process.pid}-${Date.now()}`);
      const { generateDataset } = await import("../generator/index.ts");
      try {
        const generated = await generateDataset(temp, {
          ...DEMO_OPTIONS,
          signal: sink.signal,
          onProgress: (done, total) =>
            sink.progress({ phase: "Generating the demo dataset", done, total, unit: "cycles" }),
        });
        rmSync(dir, { recursive: true, force: true });
        renameSync(generated.root, dir);
      } finally {
        rmSync(temp, { recursive: true, force: true });
      }
      return configPath;
    },
  };
}
