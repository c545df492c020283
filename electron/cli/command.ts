import { parseArgs, type ParseArgsOptionsConfig } from "node:util";

/** One sub-command of the `lh5-browser` CLI. */
export interface CliCommand {
  /** The word typed after `lh5-browser`, e.g. `ls`. */
  name: string;
  /** Usage text shown by `lh5-browser help NAME` and on usage errors. */
  usage: string;
  /** Runs the command; resolves to the process exit code. */
  run(args: string[], io: CliIO): Promise<number>;
}

/** Where a command writes; tests pass string sinks. */
export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** A usage mistake: printed with the command's usage, exit code 2. */
export class UsageError extends Error {
  override name = "UsageError";
}

export const processIO: CliIO = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

/** node:util `parseArgs` with positionals allowed and unknown options refused; its errors become UsageErrors. */
export function parseCommandLine<const Options extends ParseArgsOptionsConfig>(
  args: string[],
  options: Options,
) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}
