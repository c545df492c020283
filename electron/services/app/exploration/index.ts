// The exploration methods of the service contract (issues 7 and 8), for one open dataset: channels,
// columns, live counts, histograms, waveform pages and exports. Jobs run through the service's JobManager.
import type {
  ChannelList,
  ColumnInfo,
  DataSelection,
  DatasetInfo,
  EntryCount,
  EventView,
  EventViewRequest,
  ExportRequest,
  ExportResult,
  Histogram1d,
  Histogram1dRequest,
  Histogram2d,
  Histogram2dRequest,
  JobHandle,
  WaveformPage,
  WaveformPageRequest,
} from "../../../../shared/api/types.ts";
import { checkTarget } from "../../export/index.ts";
import type { OpenedFileDb } from "../backend.ts";
import type { JobManager } from "../jobs.ts";
import { type ChannelLookup, channelMapLookup, listChannels } from "./channels.ts";
import { listColumns } from "./columns.ts";
import { ColumnValueCache } from "./column-cache.ts";
import { cycleWorkers } from "./cycle-workers.ts";
import { ExplorationContext } from "./context.ts";
import { countEntries } from "./counts.ts";
import { eventView } from "./event-view.ts";
import { EntryIdentifier } from "./identity.ts";
import { exportSelection } from "./export.ts";
import { histogram1d, histogram2d } from "./histograms.ts";
import { EntryListCache } from "./selection.ts";
import { WaveformBlockCache } from "./waveform-blocks.ts";
import { WaveformPager } from "./waveforms.ts";

export { ExplorationContext, ExplorationError, findMetadataDir } from "./context.ts";

export class Exploration {
  readonly ctx: ExplorationContext;
  readonly entries: EntryListCache;
  readonly blocks = new WaveformBlockCache();
  readonly values = new ColumnValueCache();
  private readonly pager: WaveformPager;
  private readonly identifier: EntryIdentifier;
  private lookup: ChannelLookup | null | undefined;

  constructor(
    info: DatasetInfo,
    opened: OpenedFileDb,
    private readonly jobs: JobManager,
  ) {
    this.ctx = new ExplorationContext(info, opened);
    this.entries = new EntryListCache(this.ctx);
    this.identifier = new EntryIdentifier(this.ctx, () => this.channelLookup());
    this.pager = new WaveformPager(this.ctx, this.entries, this.values, this.blocks, this.identifier);
    // Counts and histograms run in the cycle workers: start them now, not on the first click.
    cycleWorkers().warm();
  }

  get datasetId(): string {
    return this.ctx.datasetId;
  }

  listChannels(req: { rows: number[] }): Promise<ChannelList> {
    return Promise.resolve().then(() => listChannels(this.ctx, req.rows, this.channelLookup()));
  }

  /** The channel map beside the dataset, read once; null without metadata. */
  private channelLookup(): ChannelLookup | null {
    if (this.lookup === undefined) this.lookup = channelMapLookup(this.ctx.metadataDir);
    return this.lookup;
  }

  listColumns(req: { rows: number[]; tiers?: string[] }): Promise<ColumnInfo[]> {
    return Promise.resolve().then(() => listColumns(this.ctx, req.rows, req.tiers));
  }

  countEntries(req: { selection: DataSelection }): JobHandle<EntryCount> {
    return this.jobs.start("count-entries", (job) =>
      countEntries(this.ctx, this.entries, req.selection, job),
    );
  }

  histogram1d(req: Histogram1dRequest): JobHandle<Histogram1d> {
    return this.jobs.start("histogram1d", (job) =>
      histogram1d(this.ctx, this.entries, this.values, req, job),
    );
  }

  histogram2d(req: Histogram2dRequest): JobHandle<Histogram2d> {
    return this.jobs.start("histogram2d", (job) =>
      histogram2d(this.ctx, this.entries, this.values, req, job),
    );
  }

  waveformPage(req: WaveformPageRequest): Promise<WaveformPage> {
    return this.pager.page(req);
  }

  eventView(req: EventViewRequest): Promise<EventView> {
    return eventView(this.ctx, this.pager, this.identifier, req);
  }

  /** `outputPath` is the request's path after the service checked it against the allowed folders. */
  exportSelection(req: ExportRequest, outputPath: string): JobHandle<ExportResult> {
    // An existing file is refused before any work, so the UI can ask before overwriting.
    checkTarget(outputPath, req.overwrite ?? false);
    return this.jobs.start("export", (job) => exportSelection(this.ctx, this.entries, req, outputPath, job));
  }

  /** Drops caches and open files (dataset closed or replaced). */
  dispose(): void {
    this.entries.clear();
    this.values.clear();
    this.blocks.close();
    this.identifier.close();
    cycleWorkers().clear();
  }
}
