// What one cycle costs to simulate and write in one thread, from its size: a cycle holds ten hits or half a
// million, so whether to use the worker pool and how many cycles make one pool task depend on it.
import type { CheckedOptions } from "./options.ts";

/**
 * Milliseconds per tier file, per channel table and per hit (rendered and measured waveforms, or drawn DSP
 * values), in one thread on the 2-core bench VM; a cycle's cost is their sum.
 */
const FILE_MS = 2;
const TABLE_MS = 4;
const HIT_MS = { waveforms: 0.1, model: 0.02 } as const;
/** Hits per event, averaged over cal and phy cycles (Compton scatters reach a second detector). */
const HITS_PER_EVENT = 1.1;
const CHANNEL_TIERS = new Set(["raw", "dsp", "hit"]);

type CycleShape = Pick<CheckedOptions, "channels" | "events" | "tiers">;

/** Estimated milliseconds of one cycle in one thread. */
export function cycleCostMs(shape: CycleShape): number {
  const channelTiers = shape.tiers.filter((t) => CHANNEL_TIERS.has(t)).length;
  const hitMs = shape.tiers.includes("raw") ? HIT_MS.waveforms : HIT_MS.model;
  return (
    shape.tiers.length * FILE_MS +
    shape.channels * channelTiers * TABLE_MS +
    shape.events * HITS_PER_EVENT * hitMs
  );
}

/**
 * The small cycle (2 channels, 10 events, all tiers) that the pool rule's unit cost for generator cycles was
 * measured on: a dataset counts as this many of those.
 */
const RULE_CYCLE: CycleShape = { channels: 2, events: 10, tiers: ["raw", "dsp", "hit", "tcm", "evt"] };

/** The dataset's cycles in units of the pool rule's generator cycle. */
export function ruleCycleUnits(opts: CheckedOptions): number {
  return (opts.cycles * cycleCostMs(opts)) / cycleCostMs(RULE_CYCLE);
}

/** Most cycles in one pool task (small cycles: few messages, still balanced over the workers). */
const MAX_CYCLES_PER_TASK = 25;
/** Work per pool task: 25 small cycles, or fewer larger ones; never less than one cycle. */
const TASK_MS = MAX_CYCLES_PER_TASK * cycleCostMs(RULE_CYCLE);

/** Cycles per pool task, so that big cycles spread over every worker. */
export function cyclesPerTask(opts: CheckedOptions): number {
  return Math.max(1, Math.min(MAX_CYCLES_PER_TASK, Math.floor(TASK_MS / cycleCostMs(opts))));
}
