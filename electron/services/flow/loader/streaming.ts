// Loads that stream: chunk by chunk (memory bounded by rows and loaded bytes), written to an export file,
// or one column (waveforms) of an entry list in chunks.
import type { Lgdo } from "../../../../shared/lgdo/model.ts";
import {
  type ExportFormat,
  ChunkSizer,
  ExportError,
  MAX_CHUNK_ROWS,
  createSink,
  formatFromPath,
  lgdoBytes,
} from "../../export/index.ts";
import type { EntryList } from "./entry-list.ts";
import { loadHits } from "./load.ts";
import { withCycleColumn } from "./provenance.ts";
import {
  type LoadOptions,
  type LoadResult,
  type LoaderParts,
  buildEntries,
  buildOptionsFor,
  planOf,
} from "./run.ts";
import { DataLoaderError, type SelectionState } from "./selection-state.ts";
import { Warnings } from "./util.ts";

export type ExportOptions = Omit<LoadOptions, "entryList"> & {
  entryList?: EntryList;
  format?: ExportFormat;
  overwrite?: boolean;
  chunkRows?: number;
  chunkBytes?: number;
};

/**
 * Loads in chunks of about `chunkRows` entries (events are never split in evt orientation). With
 * `chunkBytes`, a chunk also holds no more rows than fit that many loaded bytes (measured on the chunks
 * before it), so wide rows such as waveforms come in smaller chunks. Each chunk is merged. `load` loads a
 * chunk (the facade's load, so a chunk is loaded as any other load is); `finish` completes it (e.g. adds
 * the cycle column of an export).
 */
export async function* loadChunks(
  parts: LoaderParts,
  state: SelectionState,
  opts: LoadOptions & { chunkRows: number; chunkBytes?: number },
  load: (opts: LoadOptions) => Promise<LoadResult>,
  finish: (chunk: LoadResult) => LoadResult = (chunk) => chunk,
): AsyncIterable<LoadResult> {
  if (!(opts.chunkRows > 0)) throw new DataLoaderError("chunkRows must be positive");
  const { chunkRows, chunkBytes, ...rest } = opts;
  const sizer = chunkBytes === undefined ? null : new ChunkSizer(chunkBytes, chunkRows);
  const entries = opts.entryList ?? (await buildEntries(parts, state, buildOptionsFor(parts.levels, rest)));
  const evt = (opts.orientation ?? "hit") === "evt";
  let start = 0;
  while (start < entries.length) {
    let end = Math.min(entries.length, start + (sizer?.nextRows() ?? chunkRows));
    if (evt && entries.evtIdx) {
      while (
        end < entries.length &&
        entries.evtIdx[end] === entries.evtIdx[end - 1] &&
        entries.file[end] === entries.file[end - 1]
      )
        end++;
    }
    // measured as written (with what `finish` adds), so a chunk's bytes fit the budget
    const chunk = finish(await load({ ...rest, mergeFiles: true, entryList: entries.slice(start, end) }));
    sizer?.observe(end - start, lgdoBytes(chunk.table!));
    yield chunk;
    start = end;
  }
}

/**
 * Loads the selection chunk by chunk and writes it to `path` (format from the extension unless given):
 * atomic, never replacing a file without `overwrite`. Always one merged table, with each row's cycle key.
 */
export async function exportSelection(
  parts: LoaderParts,
  state: SelectionState,
  path: string,
  opts: ExportOptions,
  load: (opts: LoadOptions) => Promise<LoadResult>,
): Promise<{ rows: number; columns: string[]; path: string; bytes: number }> {
  const format = opts.format ?? formatFromPath(path);
  const columns = state.output.columns;
  if (!columns || columns.length === 0)
    throw new DataLoaderError("need to set output columns to export (setOutput)");
  const { format: _format, overwrite, chunkRows, chunkBytes, ...loadOpts } = opts;
  const sink = createSink(path, format, { overwrite: overwrite ?? false });
  try {
    const entries =
      opts.entryList ?? (await buildEntries(parts, state, buildOptionsFor(parts.levels, loadOpts)));
    if (entries.length === 0)
      throw new ExportError(`nothing to export to '${path}': the selection is empty`, path, "empty");
    let names: string[] = [];
    // provenance: each row's cycle key beside hit_table, hit_idx and file (one row per hit only)
    const withCycle = (chunk: LoadResult): LoadResult => ({
      ...chunk,
      table: withCycleColumn(parts.db, chunk.table!, chunk.entryList),
    });
    const chunks = loadChunks(
      parts,
      state,
      {
        ...loadOpts,
        entryList: entries,
        chunkRows: chunkRows ?? MAX_CHUNK_ROWS,
        chunkBytes: chunkBytes ?? sink.chunkBytes,
      },
      load,
      withCycle,
    );
    for await (const chunk of chunks) {
      if (names.length === 0) names = chunk.table!.columnOrder;
      await sink.write(chunk.table!);
    }
    const { rows, bytes } = await sink.commit();
    return { rows, columns: names, path, bytes };
  } catch (error) {
    sink.abort();
    throw error;
  }
}

/** One column (waveforms) of an entry list in chunks of `chunkRows` entries, so memory stays bounded. */
export async function* columnChunks(
  parts: LoaderParts,
  state: SelectionState,
  entryList: EntryList,
  column: string,
  opts: { chunkRows?: number; signal?: AbortSignal },
): AsyncIterable<{ entries: EntryList; values: Lgdo }> {
  const chunkRows = opts.chunkRows ?? 1000;
  for (let start = 0; start < entryList.length; start += chunkRows) {
    const entries = entryList.slice(start, start + chunkRows);
    const plan = planOf(parts, state, new Warnings(), { signal: opts.signal });
    const table = await Promise.resolve().then(() => loadHits(plan, entries, [column], false));
    yield { entries, values: table.columns[column]! };
  }
}
