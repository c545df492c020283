// Dispatch of `lh5-browser <command> …`. Each command lives in commands/ and is listed here once.
import { readFileSync } from "node:fs";
import { type CliCommand, type CliIO, UsageError, processIO } from "./command.ts";
import { serveCommand } from "./commands/serve.ts";
import { generateCommand } from "./commands/generate.ts";
import { entriesCommand, loadCommand } from "./commands/load.ts";
import { fileDbCommand } from "./commands/filedb.ts";
import { dumpCommand } from "./commands/dump.ts";
import { lsCommand } from "./commands/ls.ts";

const commands: CliCommand[] = [
  serveCommand,
  generateCommand,
  loadCommand,
  entriesCommand,
  fileDbCommand,
  lsCommand,
  dumpCommand,
];

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
    version: string;
  };
  return pkg.version;
}

function helpText(): string {
  const width = Math.max(...commands.map((c) => c.name.length), 4);
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    "Usage: lh5-browser <command> [options]",
    "",
    "Commands:",
    ...lines,
    `  ${"help".padEnd(width)}  show help for a command`,
    "",
  ].join("\n");
}

/** `CMD --help` / `CMD -h` anywhere before a `--` end of options: every command answers with its usage. */
function asksForHelp(args: string[]): boolean {
  const end = args.indexOf("--");
  return (end === -1 ? args : args.slice(0, end)).some((arg) => arg === "--help" || arg === "-h");
}

export async function main(argv: string[], io: CliIO = processIO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "help" || name === "--help" || name === "-h") {
    const topic = commands.find((c) => c.name === rest[0]);
    io.stdout(topic ? `${topic.usage}\n` : helpText());
    return 0;
  }
  if (name === "--version" || name === "-V") {
    io.stdout(`${packageVersion()}\n`);
    return 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.stderr(`lh5-browser: unknown command '${name}'\n${helpText()}`);
    return 2;
  }
  if (asksForHelp(rest)) {
    io.stdout(`${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`lh5-browser ${name}: ${error.message}\n${command.usage}\n`);
      return 2;
    }
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    io.stderr(`lh5-browser ${name}: ${message}\n`);
    return 1;
  }
}
