// One service process of the scale suite (scale.ts): opens a dataset as the app does, counts its hits, draws
// the first 1-D histogram over all of them, then a rebinned one, and prints one JSON line with the times and
// the process's peak resident memory (VmHWM: the main thread and every worker thread, which share it).
//   node out/bench/scale-probe.js CONFIG DATA_DIR
import { readFileSync, writeFileSync } from "node:fs";
import { awaitJob } from "../../shared/api/jobs.ts";
import type { DataSelection } from "../../shared/api/types.ts";
import { createRealBackend } from "../../electron/services/app/real-backend.ts";
import { AppService } from "../../electron/services/app/service.ts";
import { dirname } from "node:path";

export interface ProbeResult {
  openSeconds: number;
  hits: number;
  firstHistogramSeconds: number;
  firstHistogramCpuSeconds: number;
  rebinnedSeconds: number;
  binned: number;
  /** Peak resident memory of the process (bytes) while opening and counting (the scan's workers included). */
  openVmHwm: number;
  /** Resident memory when the histogram is asked for, its peak from then to the end, and at the end. */
  histogramStartRss: number;
  vmHwm: number;
  vmRss: number;
}

/** Resets the process's peak resident memory to its current one (Linux: "5" into clear_refs). */
function resetPeakRss(): void {
  writeFileSync("/proc/self/clear_refs", "5");
}

/** A field of /proc/self/status in bytes (its values are in kB). */
function statusBytes(field: string): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(readFileSync("/proc/self/status", "utf8"));
  return match ? Number(match[1]) * 1024 : Number.NaN;
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; wall: number; cpu: number }> {
  const cpu0 = process.cpuUsage();
  const started = performance.now();
  const value = await work();
  const cpu = process.cpuUsage(cpu0);
  return { value, wall: (performance.now() - started) / 1000, cpu: (cpu.user + cpu.system) / 1e6 };
}

async function probe(config: string, dataDir: string): Promise<ProbeResult> {
  const service = new AppService({
    mode: "web",
    version: "bench",
    dataDir,
    backend: createRealBackend(),
    roots: [dirname(config)],
  });
  try {
    const opened = await timed(async () => awaitJob(service, await service.openDataset({ path: config })));
    // what the UI asks for on opening: the channel list and the live count (this starts the workers)
    const all: DataSelection = { rows: [], channels: [], cuts: {} };
    await service.listChannels({ rows: [] });
    const count = await awaitJob(service, await service.countEntries({ selection: all }), { waitMs: 50 });
    const openVmHwm = statusBytes("VmHWM");
    resetPeakRss(); // the histogram's own peak from here
    const histogramStartRss = statusBytes("VmRSS");
    const histogram = (bins: number, range: [number, number]) =>
      timed(async () =>
        awaitJob(
          service,
          await service.histogram1d({ selection: all, column: "cuspEmax_ctc_cal", bins, range }),
          { waitMs: 50 },
        ),
      );
    const first = await histogram(1000, [0, 3000]);
    const rebinned = await histogram(2000, [0, 4000]);
    const stats = first.value.series[0]!.stats;
    return {
      openSeconds: opened.wall,
      hits: count.total,
      firstHistogramSeconds: first.wall,
      firstHistogramCpuSeconds: first.cpu,
      rebinnedSeconds: rebinned.wall,
      binned: stats.entries + stats.underflow + stats.overflow + stats.nan,
      openVmHwm,
      histogramStartRss,
      vmHwm: statusBytes("VmHWM"),
      vmRss: statusBytes("VmRSS"),
    };
  } finally {
    service.dispose();
  }
}

const [config, dataDir] = process.argv.slice(2);
if (config === undefined || dataDir === undefined) {
  process.stderr.write("usage: scale-probe CONFIG DATA_DIR\n");
  process.exit(2);
}
const result = await probe(config, dataDir);
process.stdout.write(`${JSON.stringify(result)}\n`);
process.exit(0); // idle pool workers would keep the process a minute
