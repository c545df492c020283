// An in-memory implementation of the contract for renderer tests and UI work without a server:
// a synthetic inventory of `cycles` rows over raw/dsp/hit/tcm/evt, queried with the real
// shared/query language (so errors carry real positions). Not used by the app itself.
import type { Lh5BrowserApi } from "../../shared/api/contract.ts";
import { PENDING_METHODS } from "../../shared/api/contract.ts";
import { ApiError, NotImplementedError } from "../../shared/api/errors.ts";
import type {
  CycleDetails,
  DatasetInfo,
  InventoryPage,
  InventoryQuery,
  JobHandle,
  JobStatus,
  SessionState,
  TierColumns,
} from "../../shared/api/types.ts";
import { mockLh5File } from "./mock-lh5-file.ts";
import { evaluateMask, parseExpression, tableFromColumns } from "../../shared/query/index.ts";

export interface MockOptions {
  cycles?: number;
  /** Job duration in polls before finishing (to show progress). */
  jobPolls?: number;
}

/** The mock's file system for the file chooser: folder path → names inside (folders are keys too). */
const MOCK_FOLDERS: Record<string, string[]> = {
  "/": ["mock", "tmp"],
  "/mock": ["data", "filedb.json", "notes.txt", "tier"],
  "/mock/data": ["exports"],
  "/mock/data/exports": [],
  "/mock/tier": ["raw"],
  "/mock/tier/raw": ["cycle-0.lh5"],
  "/tmp": [],
};

const TIERS = ["raw", "dsp", "hit", "tcm", "evt"];
const KEYS = ["exp", "period", "run", "timestamp", "type"];

function pad(n: number, width: number): string {
  return String(n).padStart(width, "0");
}

export interface MockApi extends Lh5BrowserApi {
  /** Calls made, in order, for assertions. */
  readonly calls: { method: string; argument: unknown }[];
}

export function createMockApi(opts: MockOptions = {}): MockApi {
  const n = opts.cycles ?? 40;
  const keys: Record<string, string[]> = Object.fromEntries(KEYS.map((k) => [k, [] as string[]]));
  const timestamps = new Float64Array(n);
  const tiers: Record<string, TierColumns> = {};
  for (const tier of TIERS)
    tiers[tier] = { present: new Uint8Array(n), size: new Float64Array(n), channels: new Int32Array(n) };
  for (let i = 0; i < n; i++) {
    const ms = Date.UTC(2023, 2, 18, 1, 21, 44) + i * 3_600_000;
    const d = new Date(ms);
    const stamp = `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1, 2)}${pad(d.getUTCDate(), 2)}T${pad(d.getUTCHours(), 2)}${pad(d.getUTCMinutes(), 2)}${pad(d.getUTCSeconds(), 2)}Z`;
    keys.exp!.push("l200");
    keys.period!.push("p03");
    keys.run!.push(`r${pad(1 + Math.floor(i / 10), 3)}`);
    keys.timestamp!.push(stamp);
    keys.type!.push(i % 3 === 0 ? "cal" : "phy");
    timestamps[i] = ms;
    TIERS.forEach((tier, t) => {
      const present = tier === "evt" ? 0 : i % 7 === 6 && t > 0 ? 0 : 1;
      tiers[tier]!.present[i] = present;
      tiers[tier]!.size[i] = present ? 1_000_000 * (5 - t) + i * 1000 : 0;
      tiers[tier]!.channels[i] = present ? (tier === "tcm" ? 1 : 6) : -1;
    });
  }
  const info: DatasetInfo = {
    id: "mock-1",
    label: "Mock dataset",
    sourcePath: "/mock/filedb.json",
    sourceKind: "filedb-config",
    dataDir: "/mock/tier",
    tiers: TIERS,
    keyNames: KEYS,
    levels: [
      { name: "hit", tiers: ["raw", "dsp", "hit"] },
      { name: "tcm", tiers: ["tcm"], parent: "hit", child: "evt" },
      { name: "evt", tiers: ["evt"] },
    ],
    nCycles: n,
    tablesScanned: true,
    problems: [
      { file: "/mock/tier/raw/cal/p14/bad.lh5", tier: "raw", reason: "name does not match its template" },
    ],
    config: null,
  };
  const calls: { method: string; argument: unknown }[] = [];
  const jobs = new Map<string, { polls: number; cancelled: boolean; result: DatasetInfo }>();
  let session: SessionState | null = null;
  const views = new Map<string, SessionState>();
  let grantCount = 0;
  let open: DatasetInfo | null = null;
  let jobCount = 0;

  const startJob = (kind: string): JobHandle<DatasetInfo> => {
    jobCount += 1;
    const jobId = `job-${jobCount}`;
    jobs.set(jobId, { polls: 0, cancelled: false, result: info });
    return { jobId, kind };
  };

  const order = (req: InventoryQuery): number[] => {
    let rows = Array.from({ length: n }, (_, i) => i);
    const text = (req.query ?? "").trim();
    if (text) {
      const mask = evaluateMask(parseExpression(text), tableFromColumns(n, { ...keys }));
      rows = rows.filter((i) => mask[i] === 1);
    }
    for (const f of req.filters ?? []) {
      const values = keys[f.column];
      if (values && f.op === "contains") rows = rows.filter((i) => values[i]!.includes(String(f.value)));
    }
    const sort = req.sort?.[0];
    const values = sort ? keys[sort.column] : undefined;
    if (sort && values) {
      const sign = sort.direction === "desc" ? -1 : 1;
      rows.sort((a, b) => sign * values[a]!.localeCompare(values[b]!));
    }
    return rows;
  };

  const api: MockApi = {
    calls,
    getAppInfo: () =>
      Promise.resolve({
        version: "0.0.0-mock",
        mode: "web",
        dataDir: "/mock/data",
        exportDir: "/mock/data/exports",
        roots: ["/mock"],
        pendingMethods: [...PENDING_METHODS],
        startup: { kind: "session" },
      }),
    getSession: () => Promise.resolve(session),
    saveSession: (req) => {
      session = req.state;
      return Promise.resolve();
    },
    listFolder: (req) => {
      // like the service: a path that is not a folder shows the nearest folder above it
      let path = req.path ?? "/mock";
      while (MOCK_FOLDERS[path] === undefined) path = path.slice(0, path.lastIndexOf("/")) || "/";
      const entries = MOCK_FOLDERS[path]!;
      const parent = path === "/" ? null : path.slice(0, path.lastIndexOf("/")) || "/";
      return Promise.resolve({
        path,
        parent,
        truncated: false,
        places: [{ label: "Exports", path: "/mock/data/exports" }],
        entries: entries.map((name) => {
          const folder = MOCK_FOLDERS[`${path === "/" ? "" : path}/${name}`] !== undefined;
          return {
            name,
            kind: folder ? "folder" : "file",
            size: folder ? 0 : 1234,
            matches: folder || req.purpose === "save" || /\.(json|ya?ml|lh5)$/.test(name),
          } as const;
        }),
      });
    },
    choosePath: (req) => {
      grantCount += 1;
      return Promise.resolve({ path: req.path, grant: `grant-${grantCount}` });
    },
    saveView: (req) => {
      views.set(req.path, req.state);
      return Promise.resolve({ path: req.path });
    },
    loadView: (req) => {
      const view = views.get(req.path);
      return view
        ? Promise.resolve(view)
        : Promise.reject(
            new ApiError({
              name: "BadViewFile",
              code: "bad-view-file",
              message: `'${req.path}' is not a usable LH5 Browser view: not JSON`,
              file: req.path,
            }),
          );
    },
    listRecent: () => Promise.resolve([]),
    inspectSource: (req) =>
      Promise.resolve({ path: req.path, kind: "filedb-config", description: "FileDB config" }),
    openDataset: () => Promise.resolve(startJob("open-dataset")),
    openDemo: () => Promise.resolve(startJob("open-demo")),
    getDataset: () => Promise.resolve(open),
    closeDataset: () => {
      open = null;
      return Promise.resolve();
    },
    queryInventory: (req) => {
      if (!open) return Promise.reject(new ApiError({ name: "NoDataset", message: "No dataset is open" }));
      let rows: number[];
      try {
        rows = order(req);
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
      const window = rows.slice(req.offset, req.offset + req.limit);
      const page: InventoryPage = {
        datasetId: info.id,
        total: n,
        matched: rows.length,
        offset: req.offset,
        rows: Uint32Array.from(window),
        keys: Object.fromEntries(KEYS.map((k) => [k, window.map((i) => keys[k]![i]!)])),
        timestamps: Float64Array.from(window, (i) => timestamps[i]!),
        tiers: Object.fromEntries(
          TIERS.map((t) => [
            t,
            {
              present: Uint8Array.from(window, (i) => tiers[t]!.present[i]!),
              size: Float64Array.from(window, (i) => tiers[t]!.size[i]!),
              channels: Int32Array.from(window, (i) => tiers[t]!.channels[i]!),
            },
          ]),
        ),
      };
      return Promise.resolve(page);
    },
    getCycleDetails: (req) => {
      const details: CycleDetails = {
        datasetId: info.id,
        row: req.row,
        keys: Object.fromEntries(KEYS.map((k) => [k, keys[k]![req.row]!])),
        files: TIERS.map((tier) => ({
          tier,
          path: `/mock/tier/${tier}/${keys.timestamp![req.row]}-tier_${tier}.lh5`,
          exists: tiers[tier]!.present[req.row] === 1,
          size: tiers[tier]!.size[req.row]!,
          tables:
            tiers[tier]!.present[req.row] === 1
              ? [
                  {
                    name: `ch1084803/${tier}`,
                    nRows: 100,
                    columns: [
                      {
                        name: "energy",
                        lgdoType: "array<1>{real}",
                        dtype: "float64",
                        units: "keV",
                        shape: [100],
                      },
                      {
                        name: "timestamp",
                        lgdoType: "array<1>{real}",
                        dtype: "float64",
                        units: "s",
                        shape: [100],
                      },
                    ],
                  },
                ]
              : [],
        })),
      };
      return Promise.resolve(details);
    },
    listChannels: () => Promise.reject(new NotImplementedError("listChannels")),
    listColumns: () => Promise.reject(new NotImplementedError("listColumns")),
    countEntries: () => Promise.reject(new NotImplementedError("countEntries")),
    histogram1d: () => Promise.reject(new NotImplementedError("histogram1d")),
    histogram2d: () => Promise.reject(new NotImplementedError("histogram2d")),
    waveformPage: () => Promise.reject(new NotImplementedError("waveformPage")),
    waveformTemplate: () => Promise.reject(new NotImplementedError("waveformTemplate")),
    eventView: () => Promise.reject(new NotImplementedError("eventView")),
    nearestEntry: () => Promise.reject(new NotImplementedError("nearestEntry")),
    exportSelection: () => Promise.reject(new NotImplementedError("exportSelection")),
    saveEntryList: () => Promise.reject(new NotImplementedError("saveEntryList")),
    saveTaggedEntries: () => Promise.reject(new NotImplementedError("saveTaggedEntries")),
    loadEntryList: () => Promise.reject(new NotImplementedError("loadEntryList")),
    getJob: async (req) => {
      // Like the service, a poll waits a little: a polling loop never starves the page.
      await new Promise((resolve) => setTimeout(resolve, Math.min(req.waitMs ?? 0, 20)));
      const job = jobs.get(req.jobId);
      if (!job) throw new ApiError({ name: "UnknownJob", message: `No job '${req.jobId}'` });
      job.polls += 1;
      const total = opts.jobPolls ?? 1;
      const base = { jobId: req.jobId, kind: "open-dataset", startedAt: 0 };
      let status: JobStatus;
      if (job.cancelled) status = { ...base, state: "cancelled", progress: null, finishedAt: 1 };
      else if (job.polls >= total) {
        open = job.result;
        status = { ...base, state: "done", progress: null, finishedAt: 1, result: job.result };
      } else
        status = {
          ...base,
          state: "running",
          progress: {
            phase: "Scanning files",
            done: job.polls,
            total,
            unit: "files",
            current: `/mock/file-${job.polls}.lh5`,
          },
          finishedAt: null,
        };
      return status;
    },
    cancelJob: (req) => {
      const job = jobs.get(req.jobId);
      if (job) job.cancelled = true;
      return Promise.resolve();
    },
    ...mockLh5File(),
  };
  // Record every call (the proxy-free way: wrap each method once).
  for (const name of Object.keys(api) as (keyof MockApi)[]) {
    if (name === "calls") continue;
    const original = (api[name] as (this: MockApi, argument?: unknown) => Promise<unknown>).bind(api);
    (api as unknown as Record<string, unknown>)[name] = (argument?: unknown) => {
      calls.push({ method: name, argument });
      return original(argument);
    };
  }
  return api;
}
