// Dispatch of `lh5-browser <command> …`. The catalogue below names every command with its one-line
// summary and how to load it: a command's module (and what it imports: FileDB, the loader, the web
// server) loads only when that command runs or its help is asked for, and HDF5 only when it reads a file.
import { type CliCommand, type CliIO, UsageError, processIO } from "./command.ts";
import { appVersion } from "../bundle.ts";

interface CatalogueEntry {
  name: string;
  /** One line for `lh5-browser help`. */
  summary: string;
  load(): Promise<CliCommand>;
}

const catalogue: CatalogueEntry[] = [
  {
    name: "serve",
    summary: "open LH5 Browser in web mode (HTTP on 127.0.0.1, Chromium app window)",
    load: async () => (await import("./commands/serve.ts")).serveCommand,
  },
  {
    name: "generate",
    summary: "write a LEGEND-like multi-tier dataset of any size (with FileDB config and channel map)",
    load: async () => (await import("./commands/generate.ts")).generateCommand,
  },
  {
    name: "load",
    summary: "load columns of selected entries (DataLoader), print or write .lh5/.csv/.arrow/.parquet",
    load: async () => (await import("./commands/load.ts")).loadCommand,
  },
  {
    name: "entries",
    summary: "print or write the entry list of a selection (DataLoader)",
    load: async () => (await import("./commands/load.ts")).entriesCommand,
  },
  {
    name: "filedb",
    summary: "scan a FileDB config or show a saved FileDB (pygama.flow FileDB)",
    load: async () => (await import("./commands/filedb.ts")).fileDbCommand,
  },
  {
    name: "ls",
    summary: "list the objects of an LH5 file with their LGDO types",
    load: async () => (await import("./commands/ls.ts")).lsCommand,
  },
  {
    name: "dump",
    summary: "print the values of an object of an LH5 file",
    load: async () => (await import("./commands/dump.ts")).dumpCommand,
  },
];

function helpText(): string {
  const width = Math.max(...catalogue.map((c) => c.name.length), 4);
  const lines = catalogue.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    "Usage: lh5-browser <command> [options]",
    "",
    "Commands:",
    ...lines,
    `  ${"help".padEnd(width)}  show help for a command (also: lh5-browser <command> --help)`,
    "",
    "Options: --version  print the version",
    "",
  ].join("\n");
}

const isHelpFlag = (arg: string | undefined): boolean => arg === "--help" || arg === "-h";

export async function main(argv: string[], io: CliIO = processIO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "help" || isHelpFlag(name)) {
    const topic = catalogue.find((c) => c.name === rest[0]);
    if (rest[0] !== undefined && topic === undefined) {
      io.stderr(`lh5-browser help: unknown command '${rest[0]}'\n${helpText()}`);
      return 2;
    }
    io.stdout(topic ? `${(await topic.load()).usage}\n` : helpText());
    return 0;
  }
  if (name === "--version" || name === "-V") {
    io.stdout(`${appVersion()}\n`);
    return 0;
  }
  const entry = catalogue.find((c) => c.name === name);
  if (!entry) {
    io.stderr(`lh5-browser: unknown command '${name}'\n${helpText()}`);
    return 2;
  }
  const command = await entry.load();
  // `CMD --help` anywhere before a `--` shows the command's usage, as `help CMD` does
  const beforeDashDash = rest.includes("--") ? rest.slice(0, rest.indexOf("--")) : rest;
  if (beforeDashDash.some(isHelpFlag)) {
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
