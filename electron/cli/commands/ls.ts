// `lh5-browser ls FILE [GROUP]`: the object tree of an LH5 file with LGDO types (metadata only).
import { type CliCommand, type CliIO, parseCommandLine, UsageError } from "../command.ts";
import { initH5, preferQuickStart } from "../../services/lh5/h5.ts";
import { type Lh5Entry, Lh5File, normalizePath } from "../../services/lh5/reader.ts";

const usage = `Usage: lh5-browser ls FILE [GROUP] [--depth N] [--attrs] [--json]

Lists the groups and datasets under GROUP (default: the whole file) with their LGDO datatype,
shape and dtype, reading metadata only. Hard links are listed once ("= other/path"), soft links
are shown with their target ("-> /target"), links that lead nowhere as "broken link" with why.
--depth N   only N levels below GROUP
--attrs     also print each object's attributes
--json      one array of {path, datatype, shape, dtype, attrs} (paths without a leading '/')`;

interface LsArgs {
  file: string;
  group: string;
  depth: number | undefined;
  attrs: boolean;
  json: boolean;
}

export function parseLsArgs(args: string[]): LsArgs {
  const { values, positionals } = parseCommandLine(args, {
    depth: { type: "string", short: "d" },
    attrs: { type: "boolean" },
    json: { type: "boolean" },
  });
  const [file, group = "", ...extra] = positionals;
  if (file === undefined) throw new UsageError("ls needs a FILE");
  if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0] ?? ""}'`);
  let depth: number | undefined;
  if (values.depth !== undefined) {
    depth = Number(values.depth);
    if (!Number.isInteger(depth) || depth < 1)
      throw new UsageError(`--depth needs a whole number ≥ 1, got '${values.depth}'`);
  }
  return {
    file,
    group: normalizePath(group),
    depth,
    attrs: values.attrs ?? false,
    json: values.json ?? false,
  };
}

/** The JSON form of one entry. */
export function entryJson(entry: Lh5Entry): Record<string, unknown> {
  const out: Record<string, unknown> = {
    path: entry.path,
    datatype: entry.datatype,
    shape: entry.shape,
    dtype: entry.dtype,
    attrs: entry.attrs,
  };
  if (entry.aliases.length > 0) out.aliases = entry.aliases;
  if (entry.softLink !== undefined) out.softLink = entry.softLink;
  if (entry.brokenLink !== undefined) out.brokenLink = entry.brokenLink;
  return out;
}

/** Longest datatype printed whole in the tree (the full string is in --json). */
const SHOWN_DATATYPE_CHARS = 100;

function describe(entry: Lh5Entry): string {
  if (entry.kind === "link") {
    const target = entry.softLink !== undefined ? ` -> ${entry.softLink}` : "";
    return `broken link${target}  (${entry.brokenLink ?? "leads nowhere"})`;
  }
  const parts: string[] = [];
  const type = entry.lgdoType;
  if (
    entry.datatype !== null &&
    (type?.kind === "table" || type?.kind === "struct") &&
    entry.datatype.length > 60
  ) {
    // long field lists: the head and the count, the full string is in --json
    parts.push(`${entry.datatype.slice(0, 48)}…} (${type.fields.length} fields)`);
  } else if (entry.datatype !== null && entry.datatype.length > SHOWN_DATATYPE_CHARS) {
    parts.push(`${entry.datatype.slice(0, SHOWN_DATATYPE_CHARS)}… (${entry.datatype.length} characters)`);
  } else if (entry.datatype !== null) parts.push(entry.datatype);
  else parts.push(entry.kind === "group" ? "group (no datatype: implicit struct)" : "dataset (no datatype)");
  if (entry.datatypeError !== undefined) parts.push(`[bad datatype: ${entry.datatypeError}]`);
  if (entry.kind === "dataset") parts.push(`${entry.dtype ?? "?"}[${(entry.shape ?? []).join(",")}]`);
  const filters = entry.filters?.map((f) => f.name.split(/[:\s]/)[0] || String(f.id));
  if (filters && filters.length > 0) parts.push(`(${filters.join("+")})`);
  if (entry.aliases.length > 0) parts.push(`= ${entry.aliases.join(", ")}`);
  if (entry.softLink !== undefined) parts.push(`-> ${entry.softLink}`);
  return parts.join("  ");
}

export function formatTree(entries: Lh5Entry[], group: string, withAttrs: boolean): string {
  const base = group === "" ? 0 : group.split("/").length;
  const lines: string[] = [];
  for (const entry of entries) {
    const parts = entry.path.split("/");
    const indent = "  ".repeat(parts.length - base - 1);
    const name = (parts.at(-1) ?? "") + (entry.kind === "group" ? "/" : "");
    lines.push(`${indent}${name.padEnd(Math.max(1, 32 - indent.length))}  ${describe(entry)}`);
    if (withAttrs) {
      for (const [key, value] of Object.entries(entry.attrs))
        lines.push(`${indent}    @${key} = ${JSON.stringify(value)}`);
    }
  }
  return lines.join("\n") + (lines.length > 0 ? "\n" : "");
}

export async function runLs(args: LsArgs, io: CliIO): Promise<number> {
  preferQuickStart(); // a listing ends in well under a second: baseline-compiled wasm is cheaper
  await initH5();
  const file = Lh5File.open(args.file);
  try {
    const entries = file.list(args.group, args.depth === undefined ? {} : { depth: args.depth });
    io.stdout(
      args.json
        ? JSON.stringify(entries.map(entryJson), null, 1) + "\n"
        : formatTree(entries, args.group, args.attrs),
    );
    return 0;
  } finally {
    file.close();
  }
}

export const lsCommand: CliCommand = {
  name: "ls",
  usage,
  run: (args, io) => runLs(parseLsArgs(args), io),
};
