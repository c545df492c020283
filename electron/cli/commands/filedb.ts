// `lh5-browser filedb scan|show …`: build, save and inspect a FileDB (electron/services/flow/filedb).
import { type CliCommand, type CliIO, parseCommandLine, UsageError } from "../command.ts";
import { FileDB, type ScanProblem, isHdf5File, scanWithStore } from "../../services/flow/filedb/index.ts";
import { inventoryStoreDir, userDataDir } from "../../services/app/data-dir.ts";

const usage = `Usage: lh5-browser filedb scan CONFIG [-o FILEDB.lh5] [--overwrite] [--tables] [--json]
       lh5-browser filedb show FILEDB|CONFIG [--query Q] [--tables] [--json]

scan   walks every tier of the FileDB config (JSON or YAML, optionally CONFIG[a/b]) and prints the cycles;
       -o writes the FileDB as LH5 (--overwrite replaces a file), --tables also lists tables and columns.
show   reads a saved FileDB (ours or pygama's) or scans a config, and prints its rows;
       --query selects rows, e.g. "type == 'cal' and run in ['r001']".
--json prints one object {"rows": [...], "columns": [[...], ...], "problems": [...]}.
Problems (files skipped and why) go to stderr unless --json.`;

interface FileDbArgs {
  action: "scan" | "show";
  source: string;
  output: string | undefined;
  overwrite: boolean;
  tables: boolean;
  json: boolean;
  query: string | undefined;
}

/** Parses `filedb` arguments (throws UsageError). */
export function parseFileDbArgs(args: string[]): FileDbArgs {
  const { values, positionals } = parseCommandLine(args, {
    output: { type: "string", short: "o" },
    overwrite: { type: "boolean" },
    tables: { type: "boolean" },
    json: { type: "boolean" },
    query: { type: "string", short: "q" },
  });
  const [action, source, ...extra] = positionals;
  if (action !== "scan" && action !== "show")
    throw new UsageError(`expected 'scan' or 'show', got '${action ?? ""}'`);
  if (source === undefined)
    throw new UsageError(`filedb ${action} needs a ${action === "scan" ? "CONFIG" : "FILEDB or CONFIG"}`);
  if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0] ?? ""}'`);
  if (action === "show" && values.output !== undefined) throw new UsageError("-o is for 'scan'");
  if (action === "scan" && values.query !== undefined) throw new UsageError("--query is for 'show'");
  return {
    action,
    source,
    output: values.output,
    overwrite: values.overwrite ?? false,
    tables: values.tables ?? false,
    json: values.json ?? false,
    query: values.query,
  };
}

function printProblems(problems: ScanProblem[], io: CliIO): void {
  for (const p of problems) io.stderr(`problem: ${p.file}${p.tier ? ` [${p.tier}]` : ""}: ${p.reason}\n`);
}

function printTable(db: FileDB, rows: number[], io: CliIO): void {
  const names = [...db.keyNames, "file_status", ...db.tiers.map((t) => `${t}_size`)];
  // Each column is built once: db.column copies a whole column, so a call per cell is quadratic.
  const columns = names.map((name) => db.column(name) as ArrayLike<unknown>);
  const cells = rows.map((row) => columns.map((column) => String(column[row])));
  // A loop, not Math.max(...cells): spreading one argument per row overflows the stack on big tables.
  const widths = names.map((name) => name.length);
  for (const cellsOfRow of cells) {
    cellsOfRow.forEach((text, c) => (widths[c] = Math.max(widths[c] ?? 0, text.length)));
  }
  const line = (values: string[]) =>
    values
      .map((v, c) => v.padEnd(widths[c] ?? 0))
      .join("  ")
      .trimEnd();
  io.stdout(`${line(names)}\n`);
  for (const r of cells) io.stdout(`${line(r)}\n`);
  io.stdout(
    `${rows.length} of ${db.nRows} cycles; tiers ${db.tiers.join(", ")}; data_dir ${db.config.dataDir}\n`,
  );
}

export async function runFileDb(args: string[], io: CliIO): Promise<number> {
  const opts = parseFileDbArgs(args);
  if (opts.action === "scan" && isHdf5File(opts.source)) {
    throw new UsageError(`${opts.source} is a saved FileDB, not a config: use 'filedb show'`);
  }
  // create() reads a saved FileDB when given one, as pygama's FileDB(str) does
  // with --tables, files unchanged since an earlier run are answered from the inventory store
  const db = opts.tables
    ? (await scanWithStore(opts.source, { storeDir: inventoryStoreDir(userDataDir()) })).db
    : await FileDB.create(opts.source);
  if (opts.output !== undefined) {
    await db.toDisk(opts.output, { overwrite: opts.overwrite });
    if (!opts.json) io.stderr(`wrote ${opts.output}\n`);
  }
  const rows = opts.query === undefined ? undefined : db.query(opts.query);
  if (opts.json) {
    io.stdout(`${JSON.stringify(db.toJSON(rows))}\n`);
    return 0;
  }
  printTable(db, rows ?? Array.from({ length: db.nRows }, (_, i) => i), io);
  printProblems(db.problems, io);
  return 0;
}

export const fileDbCommand: CliCommand = {
  name: "filedb",
  usage,
  run: runFileDb,
};
