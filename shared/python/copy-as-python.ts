// "Copy as Python": the current selection and histogram as a runnable script, in two flavours:
// pygama.flow's DataLoader (FileDB query, datastreams, cuts, entry list, load) and plain
// legend-pydataobj reads (lgdo.lh5.read of the resolved files, the cut applied with pandas.query as
// the DataLoader does). Every user text enters through py-literal.ts, never as code.
import { pyFloat, pyNumber, pyStr, pyStrList, pyValue, type PyValue } from "./py-literal.ts";

export class CopyAsPythonError extends Error {
  override name = "CopyAsPythonError";
}

export interface PythonHistogram {
  column: string;
  bins: number;
  /** Range used on screen; without it numpy picks min/max. */
  range?: readonly [number, number];
  /** Log-spaced bins. */
  log?: boolean;
  /** Log scale on the counts axis. */
  logCounts?: boolean;
  /** Second column: a 2-D histogram column vs column2 (x = column, y = column2). */
  column2?: string;
  bins2?: number;
  range2?: readonly [number, number];
  log2?: boolean;
  /** Overlay one histogram per channel table or per file (1-D only). */
  groupBy?: "channel" | "file";
}

/** Files of one table read side by side (one per tier, e.g. raw, dsp, hit) and joined column-wise. */
export interface PythonTableSource {
  reads: ReadonlyArray<{ path: string; group: string }>;
}

export interface PythonSelection {
  /** FileDB config (JSON; pygama scans the files) — or filedbPath, a FileDB LH5 written by to_disk. */
  filedbConfigPath?: string;
  filedbPath?: string;
  /** DataLoader config file; otherwise dataLoaderConfig inline, otherwise the standard levels. */
  dataLoaderConfigPath?: string;
  dataLoaderConfig?: { readonly [key: string]: PyValue };
  /** "all", a FileDB query ("type == 'phy'"), or a list of file keys (timestamps). */
  files: string | readonly string[];
  /** Table ids (channels) of the lowest level; all tables when absent or empty. */
  channels?: readonly number[];
  /** The table_format keyword of those ids; default "ch". */
  channelWord?: string;
  /** Cuts per level name, e.g. {hit: "trapEmax > 5000"}. */
  cuts?: Readonly<Record<string, string>>;
  columns: readonly string[];
  tcmLevel?: string;
  mode?: "only" | "any";
  histogram?: PythonHistogram;
  /** One entry (e.g. the waveform on screen): read with lh5.read(..., idx=[idx]). */
  entry?: { file: string; table: string; idx: number; columns?: readonly string[] };
  /**
   * An entry list file (LH5 table `entries`: hit_table, hit_idx, file = FileDB row) saved by LH5 Browser: its
   * entries are loaded as they are, instead of files, channels and cuts.
   */
  entryListPath?: string;
  /** Resolved files for the legend-pydataobj flavour, one source per table per cycle. */
  sources?: readonly PythonTableSource[];
}

const DEFAULT_LEVELS: { readonly [key: string]: PyValue } = {
  levels: {
    hit: { tiers: ["raw", "dsp", "hit"] },
    tcm: {
      tiers: ["tcm"],
      parent: "hit",
      child: "evt",
      tcm_cols: { child_idx: "coin_idx", parent_tb: "table_key", parent_idx: "row_in_table" },
    },
    evt: { tiers: ["evt"] },
  },
};

function check(selection: PythonSelection): void {
  const sources = [selection.filedbConfigPath, selection.filedbPath].filter((s) => s !== undefined);
  if (sources.length !== 1)
    throw new CopyAsPythonError(
      "give exactly one of filedbConfigPath (a FileDB config) and filedbPath (a FileDB file)",
    );
  if (Array.isArray(selection.files) && selection.files.length === 0)
    throw new CopyAsPythonError("the file list is empty: pygama's set_files([]) fails; use 'all' or a query");
  for (const ch of selection.channels ?? [])
    if (!Number.isSafeInteger(ch)) throw new CopyAsPythonError(`channel ${ch} is not an integer table id`);
  const h = selection.histogram;
  if (h !== undefined) {
    for (const bins of [h.bins, h.bins2 ?? 1])
      if (!Number.isInteger(bins) || bins < 1)
        throw new CopyAsPythonError(`histogram bins must be a positive integer, got ${bins}`);
    for (const range of [h.range, h.range2])
      if (
        range !== undefined &&
        !(Number.isFinite(range[0]) && Number.isFinite(range[1]) && range[1] > range[0])
      )
        throw new CopyAsPythonError(
          `histogram range must be finite with max > min, got [${range[0]}, ${range[1]}]`,
        );
    if (h.column2 !== undefined && h.groupBy !== undefined)
      throw new CopyAsPythonError("a 2-D histogram cannot also be split by channel or file");
  }
  if (
    selection.entry !== undefined &&
    !(Number.isSafeInteger(selection.entry.idx) && selection.entry.idx >= 0)
  )
    throw new CopyAsPythonError(`entry index must be a non-negative integer, got ${selection.entry.idx}`);
}

/** Output columns: the selection's, plus the histogram's (and the grouping column's) when missing. */
function outputColumns(selection: PythonSelection): string[] {
  const columns = [...selection.columns];
  const h = selection.histogram;
  for (const c of [h?.column, h?.column2]) if (c !== undefined && !columns.includes(c)) columns.push(c);
  return columns;
}

/** The pygama.flow DataLoader script. */
export function dataLoaderPython(selection: PythonSelection): string {
  check(selection);
  const lines: string[] = [
    "# Reproduces the LH5 Browser selection with pygama.flow's DataLoader (pygama >= 2.3).",
  ];
  const wantPlot = selection.histogram !== undefined;
  if (wantPlot) lines.push("import matplotlib.pyplot as plt", "import numpy as np");
  if (selection.entry !== undefined || selection.entryListPath !== undefined)
    lines.push("from lgdo import lh5");
  const yamlConfig = selection.filedbConfigPath !== undefined && isYaml(selection.filedbConfigPath);
  if (yamlConfig) lines.push("import string", "from pathlib import Path", "", "import yaml");
  lines.push("from pygama.flow import DataLoader, FileDB", "");
  if (yamlConfig) lines.push(...yamlFileDb(selection.filedbConfigPath!));
  else if (selection.filedbConfigPath !== undefined)
    lines.push(`filedb = FileDB(${pyStr(selection.filedbConfigPath)})  # config: scans the files`);
  else lines.push(`filedb = FileDB(${pyStr(selection.filedbPath!)})  # FileDB written by FileDB.to_disk`);
  const config =
    selection.dataLoaderConfigPath !== undefined
      ? pyStr(selection.dataLoaderConfigPath)
      : pyValue(selection.dataLoaderConfig ?? DEFAULT_LEVELS);
  lines.push(`loader = DataLoader(${config}, filedb=filedb)`);

  if (selection.entryListPath !== undefined) {
    lines.push(...entryListPython(selection, selection.entryListPath));
    return lines.join("\n") + "\n";
  }
  const files = selection.files;
  lines.push(`loader.set_files(${typeof files === "string" ? pyStr(files) : pyStrList(files)})`);
  if (selection.channels !== undefined && selection.channels.length > 0)
    lines.push(
      `loader.set_datastreams([${selection.channels.map((c) => pyNumber(c)).join(", ")}], ${pyStr(selection.channelWord ?? "ch")})`,
    );
  const cuts = Object.entries(selection.cuts ?? {}).filter(([, cut]) => cut.trim() !== "");
  if (cuts.length > 0)
    lines.push(
      `loader.set_cuts({${cuts.map(([level, cut]) => `${pyStr(level)}: ${pyStr(cut)}`).join(", ")}})`,
    );
  const columns = outputColumns(selection);
  lines.push(`loader.set_output(fmt="pd.DataFrame", columns=${pyStrList(columns)})`);

  const tcm = selection.tcmLevel !== undefined ? pyStr(selection.tcmLevel) : "None";
  // save_output_columns=False: True with mode "any" raises in pygama (acceptance q6); load reads them anyway.
  lines.push(
    `entry_list = loader.build_entry_list(tcm_level=${tcm}, mode=${pyStr(selection.mode ?? "only")}, save_output_columns=False)`,
    `data = loader.load(entry_list, tcm_level=${tcm})`,
    'print(f"{len(entry_list)} entries")',
  );
  if (selection.histogram !== undefined)
    lines.push("", ...histogramPython(selection.histogram, "data", { channel: "hit_table", file: "file" }));
  if (selection.entry !== undefined) lines.push("", ...entryPython(selection.entry));
  return lines.join("\n") + "\n";
}

/**
 * The loader's lines for a saved entry list: every cycle of the FileDB (the list's `file` column is the FileDB row),
 * the list read with lgdo and loaded as it is (no datastreams or cuts: the list names its entries).
 */
function entryListPython(selection: PythonSelection, path: string): string[] {
  const lines = [
    'loader.set_files("all")  # the entry list\'s `file` column is the FileDB row',
    `loader.set_output(fmt="pd.DataFrame", columns=${pyStrList(outputColumns(selection))})`,
    "# the entries saved by LH5 Browser (tags or a saved selection): hit_table, hit_idx, file",
    `entry_list = lh5.read("entries", ${pyStr(path)}).view_as("pd")`,
    "data = loader.load(entry_list)",
    'print(f"{len(entry_list)} entries")',
  ];
  if (selection.histogram !== undefined)
    lines.push("", ...histogramPython(selection.histogram, "data", { channel: "hit_table", file: "file" }));
  if (selection.entry !== undefined) lines.push("", ...entryPython(selection.entry));
  return lines;
}

const isYaml = (path: string) => /\.ya?ml$/i.test(path);

/**
 * pygama reads a FileDB config file as JSON only: a YAML config is read here and given as a dict, its `$_`
 * filled with the config's folder as pygama does for a config file (for a dict it would not).
 */
function yamlFileDb(path: string): string[] {
  return [
    `config_path = Path(${pyStr(path)})`,
    "",
    "",
    "def with_config_dir(value):",
    '    """`$_` in the config means its folder (pygama substitutes it only in configs read from a file)."""',
    "    if isinstance(value, str):",
    '        return string.Template(value).safe_substitute({"_": str(config_path.parent)})',
    "    if isinstance(value, dict):",
    "        return {key: with_config_dir(item) for key, item in value.items()}",
    "    if isinstance(value, list):",
    "        return [with_config_dir(item) for item in value]",
    "    return value",
    "",
    "",
    "# pygama reads JSON config files only: the YAML config is given as a dict",
    "filedb = FileDB(with_config_dir(yaml.safe_load(config_path.read_text())))  # scans the files",
  ];
}

/** Columns naming the channel table and the file of each row, per flavour. */
interface GroupKeys {
  channel: string;
  file: string;
}

/** numpy/matplotlib lines drawing the histogram of DataFrame `frame`. */
function histogramPython(h: PythonHistogram, frame: string, keys: GroupKeys): string[] {
  const out: string[] = ["fig, ax = plt.subplots()"];
  if (h.column2 !== undefined) {
    out.push(
      `x = ${frame}[${pyStr(h.column)}].to_numpy(dtype=float)`,
      `y = ${frame}[${pyStr(h.column2)}].to_numpy(dtype=float)`,
      `x_edges = ${edgesPython(h.bins, h.range, h.log ?? false, "x")}`,
      `y_edges = ${edgesPython(h.bins2 ?? h.bins, h.range2, h.log2 ?? false, "y")}`,
      "counts, x_edges, y_edges = np.histogram2d(x, y, bins=(x_edges, y_edges))",
      "mesh = ax.pcolormesh(x_edges, y_edges, counts.T)",
      'fig.colorbar(mesh, ax=ax, label="entries")',
      `ax.set_xlabel(${pyStr(h.column)})`,
      `ax.set_ylabel(${pyStr(h.column2)})`,
    );
    if (h.log) out.push('ax.set_xscale("log")');
    if (h.log2) out.push('ax.set_yscale("log")');
    out.push("plt.show()");
    return out;
  }
  out.push(
    `values = ${frame}[${pyStr(h.column)}].to_numpy(dtype=float)`,
    `edges = ${edgesPython(h.bins, h.range, h.log ?? false, "values")}`,
  );
  if (h.groupBy !== undefined) {
    const key = keys[h.groupBy];
    out.push(
      `for key, group in ${frame}.groupby(${pyStr(key)}):`,
      `    counts, _ = np.histogram(group[${pyStr(h.column)}].to_numpy(dtype=float), bins=edges)`,
      `    ax.stairs(counts, edges, label=f"${h.groupBy} {key}")`,
      "ax.legend()",
    );
  } else
    out.push(
      "counts, edges = np.histogram(values, bins=edges)",
      "ax.stairs(counts, edges)",
      'print(f"entries {counts.sum():.0f}, mean {values.mean():.6g}, std {values.std():.6g}")',
    );
  out.push(`ax.set_xlabel(${pyStr(h.column)})`, 'ax.set_ylabel("entries")');
  if (h.log) out.push('ax.set_xscale("log")');
  if (h.logCounts) out.push('ax.set_yscale("log")');
  out.push("plt.show()");
  return out;
}

/** A Python expression for the bin edges (numpy.linspace / numpy.geomspace, or the data's extent). */
function edgesPython(
  bins: number,
  range: readonly [number, number] | undefined,
  log: boolean,
  data: string,
): string {
  if (range !== undefined)
    return log
      ? `np.geomspace(${pyFloat(range[0])}, ${pyFloat(range[1])}, ${bins + 1})`
      : `np.linspace(${pyFloat(range[0])}, ${pyFloat(range[1])}, ${bins + 1})`;
  return log
    ? `np.geomspace(${data}[${data} > 0].min(), ${data}[${data} > 0].max(), ${bins + 1})`
    : `np.histogram_bin_edges(${data}[np.isfinite(${data})], bins=${bins})`;
}

/** Lines reading one entry (all its columns, waveforms decoded, unless columns are given). */
function entryPython(entry: NonNullable<PythonSelection["entry"]>): string[] {
  const out: string[] = [];
  const mask = entry.columns !== undefined ? `, field_mask=${pyStrList(entry.columns)}` : "";
  out.push(
    `# entry ${entry.idx} of ${entry.table.replace(/[\r\n]/g, " ")}`,
    `entry = lh5.read(${pyStr(entry.table)}, ${pyStr(entry.file)}, idx=[${pyNumber(entry.idx)}]${mask})`,
    "print(entry)",
  );
  return out;
}

/** The legend-pydataobj script: lh5.read of the resolved files, the cuts applied with pandas.query. */
export function lh5Python(selection: PythonSelection): string {
  check(selection);
  const lines: string[] = ["# Reproduces the LH5 Browser selection with legend-pydataobj (lgdo) reads only."];
  if (selection.entryListPath !== undefined) {
    // the list's rows are per table and cycle: the DataLoader script reads exactly those, this flavour would not
    lines.push("# The selection is a saved entry list: the DataLoader script above loads its entries.");
    return lines.join("\n") + "\n";
  }
  const sources = selection.sources ?? [];
  const wantPlot = selection.histogram !== undefined && sources.length > 0;
  if (sources.length > 0) lines.push("import keyword", "import re", "");
  if (wantPlot) lines.push("import matplotlib.pyplot as plt", "import numpy as np");
  if (sources.length > 0) lines.push("import pandas as pd");
  lines.push("from lgdo import lh5", "");
  if (sources.length > 0) {
    const columns = outputColumns(selection);
    // Only cuts of the tables read here apply; event-level cuts need the TCM (DataLoader script).
    const cutEntries = Object.entries(selection.cuts ?? {}).filter(([, text]) => text.trim() !== "");
    const eventLevel = (level: string) => level === "evt" || level === selection.tcmLevel;
    const cut = cutEntries.filter(([level]) => !eventLevel(level)).map(([, text]) => text);
    for (const [level] of cutEntries.filter(([l]) => eventLevel(l)))
      lines.push(
        `# The ${level.replace(/[\r\n]/g, " ")} cut needs the TCM and is not applied here; see the DataLoader script.`,
      );
    lines.push(`columns = ${pyStrList(columns)}`);
    lines.push(`cut = ${cut.length > 0 ? pyStr(cut.map((c) => `(${c})`).join(" and ")) : '""'}`);
    lines.push(
      "# Columns named in the cut are read too (the identifiers of the cut, as pygama's DataLoader finds them).",
      'cut_columns = [name for name in re.findall(r"[^\\W0-9]\\w*", cut) if not keyword.iskeyword(name)]',
      "# One source per table: its files read side by side (one per tier) and joined column-wise.",
      "sources = [",
    );
    for (const source of sources)
      lines.push(`    [${source.reads.map((r) => `(${pyStr(r.path)}, ${pyStr(r.group)})`).join(", ")}],`);
    lines.push(
      "]",
      "frames = []",
      "for reads in sources:",
      "    joined = None",
      "    for path, group in reads:",
      "        table = lh5.read(group, path, field_mask=columns + cut_columns)",
      "        joined = table if joined is None else joined.join(table)",
      '    frame = joined.view_as("pd")',
      "    if cut:",
      "        frame = frame.query(cut)",
      "    frame = frame[[c for c in columns if c in frame.columns]].copy()",
      '    frame["file"], frame["table"] = reads[0]',
      "    frames.append(frame)",
      "data = pd.concat(frames, ignore_index=True)",
      'print(f"{len(data)} entries")',
    );
    if (selection.histogram !== undefined)
      lines.push("", ...histogramPython(selection.histogram, "data", { channel: "table", file: "file" }));
  } else lines.push("# No files were resolved for this selection; only the entry on screen is read.");
  if (selection.entry !== undefined) lines.push("", ...entryPython(selection.entry));
  return lines.join("\n") + "\n";
}

/** What "Copy as Python" puts on the clipboard: the DataLoader script, then the lgdo-only variant. */
export function copyAsPython(
  selection: PythonSelection,
  flavour: "dataloader" | "lh5" | "both" = "both",
): string {
  if (flavour === "dataloader") return dataLoaderPython(selection);
  if (flavour === "lh5") return lh5Python(selection);
  return `${dataLoaderPython(selection)}\n\n${lh5Python(selection)}`;
}
