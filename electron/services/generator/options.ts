// The generator's options, checked once with messages that name the bad option.
import { MAX_CHANNELS } from "./channels.ts";
import { TIERS, type Tier, type WaveformEncoding } from "./tables.ts";

export interface GenerateOptions {
  cycles: number;
  channels: number;
  /** Events per cycle. */
  events: number;
  seed?: number;
  compress?: "zstd" | "gzip" | "none";
  encode?: "uleb128" | "radware" | "none";
  /** Tiers to write (default all of raw, dsp, hit, tcm, evt). */
  tiers?: string[];
  /** Write into a non-empty folder, replacing files of the same name. */
  force?: boolean;
  /** Worker threads: 0 writes in the calling thread; default one per core for big datasets (200 small cycles, or a few large ones). */
  workers?: number;
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

export interface CheckedOptions {
  cycles: number;
  channels: number;
  events: number;
  seed: number;
  compress: "zstd" | "gzip" | "none";
  encode: WaveformEncoding;
  tiers: Tier[];
  force: boolean;
}

export class GeneratorError extends Error {
  override name = "GeneratorError";
}

/** More cycles than this would overflow the run/period numbering of the file names. */
export const MAX_CYCLES = 1_000_000;
export const MAX_EVENTS = 1_000_000;

function positiveInteger(name: string, value: unknown, max: number): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > max) {
    throw new GeneratorError(`${name} must be an integer from 1 to ${max}, got ${String(value)}`);
  }
  return value;
}

function oneOf<T extends string>(name: string, value: unknown, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (typeof value === "string" && (allowed as readonly string[]).includes(value)) return value as T;
  throw new GeneratorError(`${name} must be one of ${allowed.join(", ")}, got ${JSON.stringify(value)}`);
}

export function checkOptions(opts: GenerateOptions): CheckedOptions {
  const seed = opts.seed ?? 0;
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new GeneratorError(`seed must be an integer from 0 to 4294967295, got ${String(seed)}`);
  }
  const tiers = opts.tiers ?? [...TIERS];
  if (tiers.length === 0) throw new GeneratorError("tiers must name at least one tier");
  for (const tier of tiers) {
    if (!(TIERS as readonly string[]).includes(tier)) {
      throw new GeneratorError(`unknown tier '${tier}': expected some of ${TIERS.join(", ")}`);
    }
  }
  if (
    opts.workers !== undefined &&
    (!Number.isInteger(opts.workers) || opts.workers < 0 || opts.workers > 64)
  ) {
    throw new GeneratorError(`workers must be an integer from 0 to 64, got ${String(opts.workers)}`);
  }
  return {
    cycles: positiveInteger("cycles", opts.cycles, MAX_CYCLES),
    channels: positiveInteger("channels", opts.channels, MAX_CHANNELS),
    events: positiveInteger("events", opts.events, MAX_EVENTS),
    seed,
    compress: oneOf("compress", opts.compress, ["zstd", "gzip", "none"], "gzip"),
    encode: oneOf("encode", opts.encode, ["uleb128", "radware", "none"], "none"),
    // Keep the canonical tier order whatever order was asked.
    tiers: TIERS.filter((t) => tiers.includes(t)),
    force: opts.force ?? false,
  };
}
