// Issue 19's start-up figures alone, for judging start-up changes without the histogram and count steps of
// explore-100ch: open → grid, open → app ready (channels listed, first count shown), open → first waveform
// page, each on a fresh server and browser, with the server's CPU time (user + system) up to the milestone.
import { readFileSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import { cachedTree } from "./tree-cache.ts";
import { exploreTree } from "./explore-100ch-tree.ts";
import { milestone, withFreshApp } from "./explore-100ch.ts";
import { median } from "./stats.ts";
import type { BenchOptions, BenchRow } from "./types.ts";
import { ensureBuilt } from "../../test/e2e/helpers.ts";

/** CPU seconds (user + system) a process used so far, from /proc (Linux); NaN elsewhere. */
function cpuSeconds(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    // utime and stime are fields 14 and 15 of stat (11 and 12 after the command), in clock ticks of 1/100 s
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

export async function benchExplore100chReady(opts: BenchOptions): Promise<BenchRow[]> {
  ensureBuilt();
  const root = await exploreTree(opts.quick, opts.log);
  const rawRoot = await cachedTree(
    "explore-100ch-raw",
    { cycles: 2, channels: 100, events: opts.quick ? 200 : 2000, seed: 1 },
    opts.log,
  );
  const runs = opts.quick ? 2 : 3;
  const loadAtStart = loadavg()[0]!;
  const ready: { grid: number; ready: number; cpu: number }[] = [];
  for (let run = 0; run < runs; run++)
    ready.push(
      await withFreshApp(opts, join(root, "dataloader-config.json"), `ready-${run}`, async (page, server) => {
        const grid = await milestone(page, "grid");
        const seconds = Math.max(await milestone(page, "channels"), await milestone(page, "count"));
        const cpu = cpuSeconds(server.child.pid);
        opts.log(
          `ready run ${run}: grid ${grid.toFixed(3)} s, ready ${seconds.toFixed(3)} s, server CPU ${cpu.toFixed(2)} s`,
        );
        return { grid, ready: seconds, cpu };
      }),
    );
  const waveforms: number[] = [];
  for (let run = 0; run < runs; run++)
    waveforms.push(
      await withFreshApp(opts, join(rawRoot, "dataloader-config.json"), `ready-wf-${run}`, async (page) => {
        const seconds = await milestone(page, "waveforms");
        opts.log(`ready waveforms run ${run}: first page ${seconds.toFixed(3)} s`);
        return seconds;
      }),
    );
  const load = `load average ${loadAtStart.toFixed(1)} at start, ${loadavg()[0]!.toFixed(1)} at end (2 cores shared)`;
  const note = `web mode from out/, headless Chromium, fresh server, data folder and browser per run; ${load}`;
  const size = `${opts.quick ? 2 : 20} cycles x 100 channels`;
  return [
    { name: "open → file grid shown", size, unit: "s", median: median(ready.map((r) => r.grid)), runs, note },
    {
      name: "open → app ready (channels listed, first count shown)",
      size,
      unit: "s",
      median: median(ready.map((r) => r.ready)),
      runs,
      note,
    },
    {
      name: "server CPU from start to app ready",
      size,
      unit: "s",
      median: median(ready.map((r) => r.cpu)),
      runs,
      note: `user + system of the serve process (its start-up included); ${note}`,
    },
    {
      name: "open → first waveform page drawn",
      size: "2 cycles x 100 channels with raw",
      unit: "s",
      median: median(waveforms),
      runs,
      note,
    },
  ];
}
