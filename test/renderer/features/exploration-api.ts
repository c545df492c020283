// The mock contract with the exploration methods (channels, columns, counts, histograms) as
// scripted jobs: each job finishes after `polls` polls unless cancelled first.
import type {
  ChannelEntry,
  ColumnInfo,
  DataSelection,
  EntryCount,
  SkippedCycle,
  Histogram1d,
  Histogram1dRequest,
  Histogram2d,
  JobHandle,
  JobStatus,
} from "../../../shared/api/types.ts";
import { ApiError } from "../../../shared/api/errors.ts";
import { createMockApi, type MockApi } from "../../../renderer/bridge/mock.ts";

export const CHANNELS: ChannelEntry[] = [
  {
    table: "ch1084803",
    rawid: 1084803,
    name: "V02160A",
    system: "geds",
    string: 1,
    position: 1,
    usability: "on",
  },
  {
    table: "ch1084804",
    rawid: 1084804,
    name: "V02160B",
    system: "geds",
    string: 1,
    position: 2,
    usability: "ac",
  },
  {
    table: "ch1121600",
    rawid: 1121600,
    name: "B00089D",
    system: "geds",
    string: 2,
    position: 1,
    usability: "on",
  },
  {
    table: "ch1027201",
    rawid: 1027201,
    name: "PULS01",
    system: "puls",
    string: null,
    position: null,
    usability: "on",
  },
];

export const COLUMNS: ColumnInfo[] = [
  { name: "trapEmax", tier: "dsp", level: "hit", lgdoType: "array<1>{real}", dtype: "float32", units: "ADC" },
  { name: "trapTmax", tier: "dsp", level: "hit", lgdoType: "array<1>{real}", dtype: "float32", units: "ns" },
  {
    name: "cuspEmax_ctc_cal",
    tier: "hit",
    level: "hit",
    lgdoType: "array<1>{real}",
    dtype: "float64",
    units: "keV",
  },
  { name: "waveform", tier: "raw", level: "hit", lgdoType: "table{t0,dt,values}", dtype: null, units: null },
  {
    name: "multiplicity",
    tier: "evt",
    level: "evt",
    lgdoType: "array<1>{real}",
    dtype: "int32",
    units: null,
  },
];

export interface ExplorationMock extends MockApi {
  /** Selections counted, in order. */
  readonly counted: DataSelection[];
  readonly cancelled: string[];
  histogramRequests: Histogram1dRequest[];
  /** Rows of each listChannels call. */
  readonly listedRows: number[][];
}

/** `countOf` gives the total for a selection (per channel: the total split evenly). */
export function createExplorationApi(
  opts: {
    polls?: number;
    countOf?: (selection: DataSelection) => number;
    /** Cycles a count reports as skipped (none when absent). */
    skippedOf?: (selection: DataSelection) => SkippedCycle[];
    withMetadata?: boolean;
  } = {},
): ExplorationMock {
  const base = createMockApi({ cycles: 10 });
  const jobs = new Map<string, { polls: number; cancelled: boolean; result: () => unknown }>();
  const counted: DataSelection[] = [];
  const cancelled: string[] = [];
  const histogramRequests: Histogram1dRequest[] = [];
  const listedRows: number[][] = [];
  let n = 0;
  const start = <T>(kind: string, result: () => T): Promise<JobHandle<T>> => {
    n += 1;
    const jobId = `x-${n}`;
    jobs.set(jobId, { polls: 0, cancelled: false, result });
    return Promise.resolve({ jobId, kind });
  };
  const channels =
    opts.withMetadata === false
      ? CHANNELS.map((c) => ({
          ...c,
          name: null,
          system: null,
          string: null,
          position: null,
          usability: null,
        }))
      : CHANNELS;
  const api: ExplorationMock = Object.assign(Object.create(null) as object, base, {
    counted,
    cancelled,
    histogramRequests,
    listedRows,
    listChannels: ({ rows }: { rows: number[] }) =>
      listedRows.push(rows) &&
      Promise.resolve({
        datasetId: "mock-1",
        channels,
        entries: Float64Array.from(channels, (_, i) => 100 * (i + 1)),
        metadataFound: opts.withMetadata !== false,
      }),
    listColumns: () => Promise.resolve(COLUMNS),
    countEntries: ({ selection }: { selection: DataSelection }) => {
      counted.push(selection);
      const total = opts.countOf?.(selection) ?? 42;
      return start<EntryCount>("count-entries", () => ({
        total,
        channelIds: Float64Array.from([1084803, 1084804]),
        channelCounts: Float64Array.from([total - 1, 1]),
        ...(opts.skippedOf ? { skipped: opts.skippedOf(selection) } : {}),
      }));
    },
    histogram1d: (req: Histogram1dRequest) => {
      histogramRequests.push(req);
      return start<Histogram1d>("histogram1d", () => ({
        column: req.column,
        units: "ADC",
        edges: Float64Array.from({ length: req.bins + 1 }, (_, i) => i * 10),
        series: [
          {
            label: "all",
            counts: Float64Array.from({ length: req.bins }, (_, i) => i + 1),
            stats: {
              entries: (req.bins * (req.bins + 1)) / 2,
              mean: 12.5,
              std: 3,
              underflow: 0,
              overflow: 2,
              nan: 0,
            },
          },
        ],
      }));
    },
    histogram2d: () =>
      start<Histogram2d>("histogram2d", () => ({
        xEdges: Float64Array.from([0, 1, 2]),
        yEdges: Float64Array.from([0, 10, 20]),
        counts: Float64Array.from([1, 0, 3, 4]),
        stats: {
          x: { entries: 8, mean: 1, std: 0.5, underflow: 0, overflow: 0, nan: 0 },
          y: { entries: 8, mean: 10, std: 5, underflow: 0, overflow: 0, nan: 0 },
        },
      })),
    getJob: async (req: { jobId: string; waitMs?: number }): Promise<JobStatus> => {
      const job = jobs.get(req.jobId);
      if (!job) return base.getJob(req);
      await new Promise((resolve) => setTimeout(resolve, 5));
      job.polls += 1;
      const common = { jobId: req.jobId, kind: "x", startedAt: 0 };
      if (job.cancelled) return { ...common, state: "cancelled", progress: null, finishedAt: 1 };
      if (job.polls >= (opts.polls ?? 1))
        return { ...common, state: "done", progress: null, finishedAt: 1, result: job.result() };
      return {
        ...common,
        state: "running",
        progress: { phase: "Applying cuts", done: job.polls, total: opts.polls ?? 1, unit: "files" },
        finishedAt: null,
      };
    },
    cancelJob: (req: { jobId: string }) => {
      const job = jobs.get(req.jobId);
      if (!job) return base.cancelJob(req);
      job.cancelled = true;
      cancelled.push(req.jobId);
      return Promise.resolve();
    },
  });
  return api;
}

/** An API whose countEntries fails like the service on a bad cut. */
export function failingCount(api: ExplorationMock, message: string): ExplorationMock {
  api.countEntries = () =>
    Promise.reject(new ApiError({ name: "ExpressionError", message, position: 0, end: 3 }));
  return api;
}
