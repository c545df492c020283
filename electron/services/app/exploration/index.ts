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
  NearestEntry,
  NearestEntryRequest,
  WaveformPage,
  WaveformPageRequest,
  WaveformTemplate,
  WaveformTemplateRequest,
} from "../../../../shared/api/types.ts";
import { checkTarget } from "../../export/index.ts";
import { initH5 } from "../../lh5/h5.ts";
import type { OpenedFileDb } from "../backend.ts";
import type { JobManager } from "../jobs.ts";
import { type ChannelLookup, channelMapLookup, listChannels } from "./channels.ts";
import { listColumns } from "./columns.ts";
import { cycleWorkers } from "./cycle-workers.ts";
import { ExplorationContext } from "./context.ts";
import { SelectionEngine } from "./engine.ts";
import { eventView } from "./event-view.ts";
import { EntryIdentifier } from "./identity.ts";
import { exportSelection } from "./export.ts";
import { nearestEntry } from "./nearest-entry.ts";
import type { EntryListCache } from "./selection.ts";
import type { WorkSink } from "./work-sink.ts";
import type { EntryList } from "../../flow/loader/index.ts";
import { WaveformBlockCache } from "./waveform-blocks.ts";
import { waveformTemplate } from "./templates.ts";
import { WaveformPager } from "./waveforms.ts";
import { skippedCyclesOf } from "./skipped.ts";

export { ExplorationContext, ExplorationError, findMetadataDir } from "./context.ts";

export class Exploration {
  readonly ctx: ExplorationContext;
  readonly engine: SelectionEngine;
  readonly blocks = new WaveformBlockCache();
  private readonly pager: WaveformPager;
  private readonly identifier: EntryIdentifier;
  private lookup: ChannelLookup | null | undefined;

  constructor(
    info: DatasetInfo,
    opened: OpenedFileDb,
    private readonly jobs: JobManager,
  ) {
    this.ctx = new ExplorationContext(info, opened);
    this.engine = new SelectionEngine(this.ctx);
    this.identifier = new EntryIdentifier(this.ctx, () => this.channelLookup());
    this.pager = new WaveformPager(this.ctx, this.engine, this.blocks, this.identifier);
    // Counts and histograms run in the cycle workers: start them now, not on the first click.
    cycleWorkers().warm();
  }

  get datasetId(): string {
    return this.ctx.datasetId;
  }

  /** Entry lists kept for this dataset (saved lists opened as selections are pinned here). */
  get entries(): EntryListCache {
    return this.engine.entries;
  }

  /** The selection's entry list (all cycles, in FileDB row order), built once and kept. */
  async entryList(selection: DataSelection, sink: WorkSink = {}): Promise<EntryList> {
    return (await this.engine.entryLists(this.engine.select(selection), sink)).all;
  }

  listChannels(req: { rows: number[] }): Promise<ChannelList> {
    return Promise.resolve().then(() => listChannels(this.ctx, req.rows, this.channelLookup()));
  }

  /** The channel map beside the dataset, read once; null without metadata. */
  private channelLookup(): ChannelLookup | null {
    if (this.lookup === undefined) this.lookup = channelMapLookup(this.ctx.metadataDir);
    return this.lookup;
  }

  async listColumns(req: { rows: number[]; tiers?: string[] }): Promise<ColumnInfo[]> {
    // Types and units come from the files' metadata. A process whose scan came from the inventory store
    // opened no file yet: without this, every column was listed untyped (the histogram's picker empty).
    await initH5();
    return listColumns(this.ctx, req.rows, req.tiers);
  }

  countEntries(req: { selection: DataSelection }): JobHandle<EntryCount> {
    return this.jobs.start("count-entries", async (job) => {
      const selection = this.engine.select(req.selection);
      const count = await this.engine.count(selection, job);
      const skipped = skippedCyclesOf(this.ctx, selection);
      return skipped.length > 0 ? { ...count, skipped } : count;
    });
  }

  histogram1d(req: Histogram1dRequest): JobHandle<Histogram1d> {
    return this.jobs.start("histogram1d", (job) =>
      this.engine.histogram1d(this.engine.select(req.selection), req, job),
    );
  }

  histogram2d(req: Histogram2dRequest): JobHandle<Histogram2d> {
    return this.jobs.start("histogram2d", (job) =>
      this.engine.histogram2d(this.engine.select(req.selection), req, job),
    );
  }

  /**
   * A page as a job: it waits while a live count or histogram runs, a prefetch also while a page is built;
   * a newer page of the same view (selection, columns, transforms; only the position differs) cancels the
   * older one, while other views of the selection (the values table's one-entry pages) run on.
   */
  waveformPage(req: WaveformPageRequest): Promise<WaveformPage> {
    const { prefetch, ...page } = req;
    const { start: _start, count: _count, randomSeed: _seed, ...view } = page;
    return this.jobs.run(prefetch ? "waveform-prefetch" : "waveform-page", () => this.pager.page(page), {
      supersedeKey: JSON.stringify(view),
    });
  }

  waveformTemplate(req: WaveformTemplateRequest): JobHandle<WaveformTemplate> {
    return this.jobs.start("waveformTemplate", (job) =>
      waveformTemplate(req, (page) => this.pager.page(page), job),
    );
  }

  eventView(req: EventViewRequest): Promise<EventView> {
    return eventView(this.ctx, this.pager, this.identifier, req);
  }

  nearestEntry(req: NearestEntryRequest): Promise<NearestEntry | null> {
    return nearestEntry(this.engine, req);
  }

  /** `outputPath` is the request's path after the service checked it against the allowed folders. */
  exportSelection(req: ExportRequest, outputPath: string): JobHandle<ExportResult> {
    // An existing file is refused before any work, so the UI can ask before overwriting.
    checkTarget(outputPath, req.overwrite ?? false);
    return this.jobs.start("export", (job) => exportSelection(this.ctx, this.engine, req, outputPath, job));
  }

  /** Drops caches and open files (dataset closed or replaced). */
  dispose(): void {
    this.engine.clear();
    this.blocks.close();
    this.identifier.close();
    cycleWorkers().clear();
  }
}
