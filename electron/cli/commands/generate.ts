// `lh5-browser generate OUTDIR …`: writes a LEGEND-like dataset (see electron/services/generator).
import { type CliCommand, type CliIO, parseCommandLine, UsageError } from "../command.ts";
import { generateDataset, type GenerateOptions } from "../../services/generator/index.ts";

const usage = `Usage: lh5-browser generate OUTDIR --cycles N --channels M --events K [--seed S]
         [--compress zstd|gzip|none] [--encode uleb128|radware|none] [--tiers raw,dsp,hit,tcm,evt]
         [--workers W] [--force]

Writes a LEGEND-like production tree (tier/{raw,dsp,hit,tcm,evt}/{type}/{period}/{run}/…) with N cycles,
M germanium channels (in LEGEND-200's strings: 101 fill them) and K events per cycle, its FileDB and
DataLoader configs (listing the tiers written) and a channel map.
  --seed S       random seed (default 0): the same seed gives the same files
  --compress     HDF5 compression of the datasets (default gzip)
  --encode       raw waveforms as plain 2-d arrays (none, default) or encoded with a LEGEND codec
  --tiers        write only these tiers (default all); without raw, dsp and hit values are drawn from
                 the pulse model instead of measured on rendered waveforms (same distributions;
                 the simulation takes ~6× less CPU)
  --workers W    worker threads (default: one per core for big datasets, e.g. 200 cycles of
                 2 channels × 10 events or 6 cycles of 100 channels × 1000 events; 0 = none)
  --force        write into a non-empty OUTDIR
Progress goes to stderr, the summary to stdout.`;

function integerOption(name: string, value: string | undefined, required: boolean): number | undefined {
  if (value === undefined) {
    if (required) throw new UsageError(`--${name} is required`);
    return undefined;
  }
  if (!/^\d+$/.test(value)) throw new UsageError(`--${name} must be a non-negative integer, got '${value}'`);
  return Number(value);
}

function formatBytes(bytes: number): string {
  const units = ["B", "kB", "MB", "GB", "TB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}

/** Parses the command line into generator options (throws UsageError). */
export function parseGenerateArgs(args: string[]): { outDir: string; options: GenerateOptions } {
  const { values, positionals } = parseCommandLine(args, {
    cycles: { type: "string" },
    channels: { type: "string" },
    events: { type: "string" },
    seed: { type: "string" },
    compress: { type: "string" },
    encode: { type: "string" },
    tiers: { type: "string" },
    workers: { type: "string" },
    force: { type: "boolean" },
  });
  if (positionals.length !== 1) throw new UsageError("expected exactly one OUTDIR");
  const options: GenerateOptions = {
    cycles: integerOption("cycles", values.cycles, true)!,
    channels: integerOption("channels", values.channels, true)!,
    events: integerOption("events", values.events, true)!,
    force: values.force ?? false,
  };
  const seed = integerOption("seed", values.seed, false);
  if (seed !== undefined) options.seed = seed;
  if (values.compress !== undefined) options.compress = values.compress as GenerateOptions["compress"];
  if (values.encode !== undefined) options.encode = values.encode as GenerateOptions["encode"];
  const workers = integerOption("workers", values.workers, false);
  if (workers !== undefined) options.workers = workers;
  if (values.tiers !== undefined) options.tiers = values.tiers.split(",").map((t) => t.trim());
  return { outDir: positionals[0]!, options };
}

/** Progress lines on stderr, at most one a second (plus the first and the last). */
function progressPrinter(io: CliIO, started: number): (done: number, total: number) => void {
  let lastPrinted = -Infinity;
  return (done, total) => {
    const now = performance.now();
    if (done !== total && done !== 0 && now - lastPrinted < 1000) return;
    lastPrinted = now;
    const seconds = (now - started) / 1000;
    const eta = done > 0 ? ((total - done) * seconds) / done : Number.NaN;
    const etaText = Number.isFinite(eta) && done < total ? `, about ${eta.toFixed(0)} s left` : "";
    io.stderr(
      `generate: ${done}/${total} cycles (${((100 * done) / total).toFixed(1)} %), ${seconds.toFixed(1)} s${etaText}\n`,
    );
  };
}

export const generateCommand: CliCommand = {
  name: "generate",
  usage,
  async run(args, io) {
    const { outDir, options } = parseGenerateArgs(args);
    const started = performance.now();
    const controller = new AbortController();
    const onSignal = (): void => controller.abort(new Error("interrupted"));
    process.once("SIGINT", onSignal);
    try {
      const result = await generateDataset(outDir, {
        ...options,
        signal: controller.signal,
        onProgress: progressPrinter(io, started),
      });
      const seconds = (performance.now() - started) / 1000;
      io.stdout(
        [
          `wrote ${result.files} LH5 files (${formatBytes(result.bytes)}) in ${seconds.toFixed(1)} s`,
          `dataset:           ${result.root}`,
          `FileDB config:     ${result.filedbConfigPath}`,
          `DataLoader config: ${result.dataloaderConfigPath}`,
          `channel map:       ${result.channelMapDir}`,
          "",
        ].join("\n"),
      );
      return 0;
    } finally {
      process.off("SIGINT", onSignal);
    }
  },
};
