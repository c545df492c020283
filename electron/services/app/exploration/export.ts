// exportSelection: the selection's entries and chosen columns loaded chunk by chunk and written through
// the exporters the CLI's `load -o` uses (electron/services/export: atomic temp + rename, no overwrite
// unless asked, nothing left behind on failure or cancel).
import type { ExportRequest, ExportResult } from "../../../../shared/api/types.ts";
import type { LgdoTable } from "../../../../shared/lgdo/model.ts";
import { ExportError, type TableSink, checkTarget, createSink } from "../../export/index.ts";
import type { ExplorationContext } from "./context.ts";
import { ExplorationError } from "./context.ts";
import { listColumns } from "./columns.ts";
import { type EntryListCache, type WorkSink, throwIfCancelled, yieldToEventLoop } from "./selection.ts";
import { checkColumns } from "./values.ts";

/** Entries loaded per chunk, so a big cycle never sits in memory whole. */
const CHUNK_ENTRIES = 200_000;

/** Waveform-like columns (waveform tables, encoded arrays) that `includeWaveforms: false` leaves out. */
function isWaveformType(lgdoType: string | null): boolean {
  if (lgdoType === null) return false;
  return /^table\{.*\bvalues\b.*\}$/.test(lgdoType) || lgdoType.includes("encoded");
}

export async function exportSelection(
  ctx: ExplorationContext,
  cache: EntryListCache,
  req: ExportRequest,
  outputPath: string,
  sink: WorkSink,
): Promise<ExportResult> {
  if (req.columns.length === 0) throw new ExplorationError("export: choose at least one column");
  const overwrite = req.overwrite ?? false;
  checkTarget(outputPath, overwrite);
  let columns = [...new Set(req.columns)];
  if (!(req.includeWaveforms ?? false)) {
    const waveforms = new Set(
      listColumns(ctx, ctx.rowsOf(req.selection))
        .filter((c) => isWaveformType(c.lgdoType))
        .map((c) => c.name),
    );
    columns = columns.filter((c) => !waveforms.has(c));
    if (columns.length === 0)
      throw new ExplorationError(
        "export: every chosen column is a waveform; set includeWaveforms to export them",
      );
  }
  let out: TableSink | null = null;
  try {
    let checked = false;
    await cache.build(req.selection, sink, async (prepared, _row, entries) => {
      const loader = prepared.loader;
      if (!checked) {
        checkColumns(
          loader,
          columns.map((column) => ({ column })),
        );
        checked = true;
      }
      loader.setOutput({ columns, mergeFiles: true, fmt: "lgdo.Table" });
      for (let start = 0; start < entries.length; start += CHUNK_ENTRIES) {
        throwIfCancelled(sink.signal, "Export");
        const chunk = entries.slice(start, start + CHUNK_ENTRIES);
        const loaded = await loader.load(
          sink.signal ? { entryList: chunk, signal: sink.signal } : { entryList: chunk },
        );
        out ??= createSink(outputPath, req.format, { overwrite });
        await out.write(loaded.table as LgdoTable);
        await yieldToEventLoop(); // the sinks write synchronously: let a cancel request in between chunks
      }
    });
    throwIfCancelled(sink.signal, "Export");
    if (out === null)
      throw new ExportError(
        `nothing to write to '${outputPath}': the selection is empty`,
        outputPath,
        "empty",
      );
    const { rows, bytes } = await (out as TableSink).commit();
    return { outputPath, rows, bytes };
  } catch (error) {
    (out as TableSink | null)?.abort();
    throw error;
  }
}
