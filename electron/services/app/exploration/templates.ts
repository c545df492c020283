// The typical pulse of a selection: every entry's waveform (after the same transforms as the browser draws),
// fetched page by page through the waveform pager and folded into a TraceTemplateAccumulator, so memory
// stays that of one page plus the template however many entries the selection has. Traces are put on the
// first trace's time grid (aligned traces shift by whole samples); a trace with another dt is refused.
import type {
  WaveformPage,
  WaveformPageRequest,
  WaveformTemplate,
  WaveformTemplateRequest,
  WaveformsMissing,
} from "../../../../shared/api/types.ts";
import { TraceTemplateAccumulator } from "../../analysis/trace-template.ts";
import type { JobContext } from "../jobs.ts";
import { ExplorationError } from "./context.ts";

/** Entries fetched per page: large enough to amortise a request, small enough to keep a page's memory low. */
export const TEMPLATE_PAGE_ENTRIES = 256;

export async function waveformTemplate(
  req: WaveformTemplateRequest,
  pageOf: (page: WaveformPageRequest) => Promise<WaveformPage>,
  job: JobContext,
  pageEntries = TEMPLATE_PAGE_ENTRIES,
): Promise<WaveformTemplate> {
  let acc: TraceTemplateAccumulator | null = null;
  let grid: { t0: number; dt: number; timeUnits: string } | null = null;
  let total = Infinity;
  let missing: WaveformsMissing | null = null;
  for (let start = 0; start < total; start += pageEntries) {
    if (job.signal.aborted) throw job.signal.reason;
    const page = await pageOf({
      selection: req.selection,
      columns: [req.column],
      start,
      count: pageEntries,
      ...(req.transforms ? { transforms: req.transforms } : {}),
      ...(req.valueRange ? { valueRange: req.valueRange } : {}),
    });
    total = page.totalEntries;
    const traces = page.traces[0]!;
    const n = page.entries.length;
    if (n === 0) break;
    if (traces.missing) missing = mergeMissing(missing, traces.missing);
    for (let i = 0; i < n; i++) {
      const dt = traces.dt[i]!;
      if (Number.isNaN(dt)) continue; // no such waveform (counted in `missing`)
      grid ??= { t0: traces.t0[i]!, dt, timeUnits: traces.timeUnits };
      acc ??= new TraceTemplateAccumulator(traces.nSamples, req.amplitudeBins);
      if (traces.nSamples !== acc.nSamples)
        throw new ExplorationError(
          `'${req.column}' has traces of ${acc.nSamples} and of ${traces.nSamples} samples: a template needs one length (pick one channel type)`,
        );
      if (Math.abs(dt - grid.dt) > grid.dt * 1e-9)
        throw new ExplorationError(
          `'${req.column}' is sampled every ${grid.dt} and every ${dt} ${grid.timeUnits}: a template needs one sampling`,
        );
      const shift = Math.round((traces.t0[i]! - grid.t0) / grid.dt);
      acc.addTrace(traces.values, i * traces.nSamples, shift);
    }
    job.progress({ phase: "template", done: Math.min(start + n, total), total, unit: "waveforms" });
  }
  if (acc === null || grid === null)
    throw new ExplorationError(
      missing
        ? `no '${req.column}' waveform in the selection: nothing to average (${missing.reasons.join("; ")})`
        : "no entries in the selection: nothing to average",
    );
  const result = acc.result();
  return {
    column: req.column,
    traces: result.traces,
    t0: grid.t0,
    dt: grid.dt,
    timeUnits: grid.timeUnits,
    mean: result.mean,
    median: result.median,
    low: result.low,
    high: result.high,
    resolution: result.resolution,
    density: result.density,
    ...(missing ? { missing } : {}),
  };
}

/** Missing waveforms of two pages: counts added, the first few distinct reasons kept. */
function mergeMissing(a: WaveformsMissing | null, b: WaveformsMissing): WaveformsMissing {
  if (a === null) return b;
  const reasons = [...new Set([...a.reasons, ...b.reasons])].filter((r) => !r.startsWith("and "));
  return { entries: a.entries + b.entries, reasons: reasons.slice(0, 8) };
}
