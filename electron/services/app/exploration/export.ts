// exportSelection: the selection's entries and chosen columns loaded chunk by chunk and written through
// the exporters the CLI's `load -o` uses (electron/services/export: atomic temp + rename, no overwrite
// unless asked, nothing left behind on failure or cancel).
import type { ExportRequest, ExportResult } from "../../../../shared/api/types.ts";
import type { LgdoTable } from "../../../../shared/lgdo/model.ts";
import {
  ChunkSizer,
  ExportError,
  MAX_CHUNK_ROWS,
  type TableSink,
  checkTarget,
  createSink,
  lgdoBytes,
} from "../../export/index.ts";
import type { ExplorationContext } from "./context.ts";
import { ExplorationError } from "./context.ts";
import { listColumns } from "./columns.ts";
import type { SelectionEngine } from "./engine.ts";
import { checkColumns } from "./selection-value.ts";
import { type WorkSink, throwIfCancelled, yieldToEventLoop } from "./work-sink.ts";
import { withCycleColumn } from "./identity.ts";

/** Waveform-like columns (waveform tables, encoded arrays) that `includeWaveforms: false` leaves out. */
function isWaveformType(lgdoType: string | null): boolean {
  if (lgdoType === null) return false;
  return /^table\{.*\bvalues\b.*\}$/.test(lgdoType) || lgdoType.includes("encoded");
}

export async function exportSelection(
  ctx: ExplorationContext,
  engine: SelectionEngine,
  req: ExportRequest,
  outputPath: string,
  sink: WorkSink,
): Promise<ExportResult> {
  if (req.columns.length === 0) throw new ExplorationError("export: choose at least one column");
  const selection = engine.select(req.selection);
  const overwrite = req.overwrite ?? false;
  checkTarget(outputPath, overwrite);
  let columns = [...new Set(req.columns)];
  if (!(req.includeWaveforms ?? false)) {
    const waveforms = new Set(
      listColumns(ctx, [...selection.rows])
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
    const target = createSink(outputPath, req.format, { overwrite });
    out = target;
    const sizer = new ChunkSizer(target.chunkBytes, MAX_CHUNK_ROWS);
    let rows = 0;
    checkColumns(
      ctx,
      columns.map((column) => ({ column })),
    );
    await engine.entries.build(selection, sink, async (prepared, _row, entries) => {
      const loader = prepared.loader;
      loader.setOutput({ columns, mergeFiles: true, fmt: "lgdo.Table" });
      // a cycle is loaded a slice at a time, each as many entries as the sink's byte budget holds, so
      // neither a big cycle nor wide (waveform) rows sit in memory whole
      for (let start = 0; start < entries.length;) {
        throwIfCancelled(sink.signal, "Export");
        const chunk = entries.slice(start, start + sizer.nextRows());
        const loaded = await loader.load(
          sink.signal ? { entryList: chunk, signal: sink.signal } : { entryList: chunk },
        );
        const table = withCycleColumn(ctx, loaded.table as LgdoTable, chunk);
        sizer.observe(chunk.length, lgdoBytes(table));
        await target.write(table);
        rows += chunk.length;
        start += chunk.length;
        await yieldToEventLoop(); // the sinks write synchronously: let a cancel request in between chunks
      }
    });
    throwIfCancelled(sink.signal, "Export");
    if (rows === 0)
      throw new ExportError(
        `nothing to write to '${outputPath}': the selection is empty`,
        outputPath,
        "empty",
      );
    const { rows: written, bytes } = await target.commit();
    return { outputPath, rows: written, bytes };
  } catch (error) {
    out?.abort();
    throw error;
  }
}
