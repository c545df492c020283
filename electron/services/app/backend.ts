// What the app service needs from the data layers (FileDB, LH5 reader, generator). The real
// implementation is in real-backend.ts; tests may pass another one.
import type { CycleDetails, FileDbConfigJson, JobProgress, ScanProblem } from "../../../shared/api/types.ts";
import type { InventorySource } from "./inventory.ts";

export interface ProgressSink {
  readonly signal: AbortSignal;
  progress(progress: JobProgress): void;
}

/** An opened FileDB as the service uses it. */
export interface OpenedFileDb extends InventorySource {
  readonly dataDir: string;
  /** The folders the FileDB's files live in: `dataDir` and any tier folder outside it. */
  readonly folders: readonly string[];
  /** The FileDB config file, when it was read from one. */
  readonly configPath: string | null;
  /** Absolute paths of every file the FileDB lists, all tiers. */
  listedFiles(): string[];
  readonly problems: readonly ScanProblem[];
  readonly tablesScanned: boolean;
  /** The config in JSON form, when known. */
  readonly config: FileDbConfigJson | null;
}

export interface DatasetBackend {
  /** Builds and scans a FileDB from a config file path or object (files, then tables when asked). */
  scanFileDb(
    config: string | FileDbConfigJson,
    opts: { scanTables: boolean },
    sink: ProgressSink,
  ): Promise<OpenedFileDb>;
  /** The folders a scan of this config would read (`dataDir` and tier folders outside it), without scanning. */
  dataFolders(config: string | FileDbConfigJson): Promise<string[]>;
  /** Reads a saved FileDB file (pygama's or ours). */
  loadFileDb(path: string, sink: ProgressSink): Promise<OpenedFileDb>;
  /** Files, tables and columns of one cycle (without `datasetId`). */
  cycleDetails(db: OpenedFileDb, row: number): Promise<Omit<CycleDetails, "datasetId">>;
  /** Makes sure the demo dataset exists in `dir`; returns its FileDB config path. */
  ensureDemo(dir: string, sink: ProgressSink): Promise<string>;
}
