// `lh5-browser dump FILE PATH`: the values of one LGDO (rows optional), as text or JSON.
import { decodeEncodedArray } from "../../../shared/codecs/index.ts";
import type { Lgdo, LgdoArray, LgdoTable } from "../../../shared/lgdo/model.ts";
import { type CliCommand, type CliIO, parseCommandLine, UsageError } from "../command.ts";
import { initH5 } from "../../services/lh5/h5.ts";
import { Lh5File } from "../../services/lh5/reader.ts";

const usage = `Usage: lh5-browser dump FILE PATH [--rows A:B] [--json]

Prints the values of the object at PATH. Encoded waveforms are decoded.
--rows A:B  rows A (inclusive) to B (exclusive) of a table or array; A: and :B work too
--json      a scalar prints its value, an array a list (a list of lists for 2-d arrays and
            vectors of vectors), a table or struct an object of columns/fields`;

interface DumpArgs {
  file: string;
  path: string;
  rows: [number, number] | undefined;
  json: boolean;
}

export function parseRows(text: string): [number, number] {
  const m = /^(\d*):(\d*)$/.exec(text.trim());
  if (!m) throw new UsageError(`--rows needs A:B with whole numbers, got '${text}'`);
  const start = m[1] === "" ? 0 : Number(m[1]);
  const stop = m[2] === "" ? Number.MAX_SAFE_INTEGER : Number(m[2]);
  if (stop < start) throw new UsageError(`--rows ${text}: B must not be below A`);
  return [start, stop];
}

export function parseDumpArgs(args: string[]): DumpArgs {
  const { values, positionals } = parseCommandLine(args, {
    rows: { type: "string", short: "r" },
    json: { type: "boolean" },
  });
  const [file, path, ...extra] = positionals;
  if (file === undefined || path === undefined) throw new UsageError("dump needs a FILE and a PATH");
  if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0] ?? ""}'`);
  return {
    file,
    path,
    rows: values.rows === undefined ? undefined : parseRows(values.rows),
    json: values.json ?? false,
  };
}

/** Splits a flat list into rows of `width` (recursively for more dimensions). */
function nest(values: unknown[], shape: number[]): unknown[] {
  if (shape.length <= 1) return values;
  const inner = shape.slice(1);
  const width = inner.reduce((a, b) => a * b, 1);
  const rows: unknown[] = [];
  for (let r = 0; r < (shape[0] ?? 0); r++) rows.push(nest(values.slice(r * width, (r + 1) * width), inner));
  return rows;
}

function arrayJson(obj: LgdoArray): unknown[] {
  const values: unknown[] =
    obj.element.kind === "bool"
      ? Array.from(obj.data as ArrayLike<number>, (v) => v !== 0)
      : Array.from(obj.data as ArrayLike<unknown>);
  return nest(values, obj.shape);
}

/** The JSON form of any LGDO (see the usage text). */
export function lgdoJson(obj: Lgdo): unknown {
  switch (obj.kind) {
    case "scalar":
      return obj.value;
    case "array":
      return arrayJson(obj);
    case "vov": {
      const flat = lgdoJson(obj.flattened) as unknown[];
      const rows: unknown[] = [];
      let start = 0;
      for (const end of obj.cumulativeLength) {
        rows.push(flat.slice(start, end));
        start = end;
      }
      return rows;
    }
    case "encoded":
      return lgdoJson(decodeEncodedArray(obj));
    case "table":
      return Object.fromEntries(obj.columnOrder.map((c) => [c, lgdoJson(obj.columns[c] as Lgdo)]));
    case "struct":
      return Object.fromEntries(obj.fieldOrder.map((f) => [f, lgdoJson(obj.fields[f] as Lgdo)]));
    case "histogram":
      return {
        weights: arrayJson(obj.weights),
        isdensity: obj.isDensity,
        axes: obj.axes.map((a) => ({
          edges: a.edges instanceof Float64Array ? Array.from(a.edges) : a.edges,
          closedleft: a.closedLeft,
        })),
      };
  }
}

/** Columns of a table as rows of values, nested tables flattened to `a/b` names. */
function tableColumns(table: LgdoTable, prefix = ""): Array<[string, unknown[]]> {
  return table.columnOrder.flatMap((name): Array<[string, unknown[]]> => {
    const col = table.columns[name] as Lgdo;
    return col.kind === "table"
      ? tableColumns(col, `${prefix}${name}/`)
      : [[prefix + name, lgdoJson(col) as unknown[]]];
  });
}

function cell(value: unknown): string {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

/** Human-readable text: one line per row (tables: a header, then tab-separated cells). */
export function formatText(obj: Lgdo, firstRow: number): string {
  if (obj.kind === "table") {
    const columns = tableColumns(obj);
    const lines = [["row", ...columns.map(([name]) => name)].join("\t")];
    for (let r = 0; r < obj.nRows; r++) {
      lines.push([String(firstRow + r), ...columns.map(([, rows]) => cell(rows[r]))].join("\t"));
    }
    return lines.join("\n") + "\n";
  }
  const json = lgdoJson(obj);
  if (obj.kind === "scalar") return `${String(json)}\n`;
  if (Array.isArray(json))
    return json.map((row, r) => `${firstRow + r}\t${JSON.stringify(row)}`).join("\n") + "\n";
  return JSON.stringify(json, null, 2) + "\n";
}

export async function runDump(args: DumpArgs, io: CliIO): Promise<number> {
  await initH5();
  const file = Lh5File.open(args.file);
  try {
    const obj = file.read(
      args.path,
      args.rows === undefined ? { decode: true } : { decode: true, rows: args.rows },
    );
    io.stdout(args.json ? JSON.stringify(lgdoJson(obj)) + "\n" : formatText(obj, args.rows?.[0] ?? 0));
    return 0;
  } finally {
    file.close();
  }
}

export const dumpCommand: CliCommand = {
  name: "dump",
  usage,
  run: (args, io) => runDump(parseDumpArgs(args), io),
};
