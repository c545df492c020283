// LH5 export through the LH5 layer's streaming writer: one table appended chunk by chunk, in
// legend-pydataobj's layout (so `lgdo.lh5.read` reads it), committed atomically by the writer.
import { statSync } from "node:fs";
import type { LgdoTable } from "../../../shared/lgdo/model.ts";
import { Lh5Writer } from "../lh5/writer.ts";
import { ExportError, checkTarget } from "./atomic.ts";
import { DEFAULT_CHUNK_BYTES } from "./chunk-size.ts";
import type { SinkOptions, TableSink } from "./sink.ts";

export class Lh5Sink implements TableSink {
  readonly chunkBytes = DEFAULT_CHUNK_BYTES;
  private writer: Lh5Writer | null;
  private rows = 0;
  private readonly tableName: string;

  constructor(
    readonly path: string,
    opts: SinkOptions = {},
  ) {
    checkTarget(path, opts.overwrite ?? false);
    this.writer = Lh5Writer.create(path, { overwrite: opts.overwrite ?? false, compression: "gzip" });
    this.tableName = opts.tableName ?? "data";
  }

  write(chunk: LgdoTable): Promise<void> {
    return Promise.resolve().then(() => {
      if (!this.writer) throw new ExportError("LH5 export already finished", this.path, "io");
      this.writer.appendTable(this.tableName, chunk);
      this.rows += chunk.nRows;
    });
  }

  commit(): Promise<{ rows: number; bytes: number }> {
    return Promise.resolve().then(() => {
      if (!this.writer) throw new ExportError("LH5 export already finished", this.path, "io");
      if (this.rows === 0) {
        throw new ExportError(
          `nothing to write to '${this.path}': the selection is empty`,
          this.path,
          "empty",
        );
      }
      const writer = this.writer;
      this.writer = null;
      writer.commit();
      return { rows: this.rows, bytes: statSync(this.path).size };
    });
  }

  abort(): void {
    this.writer?.abort();
    this.writer = null;
  }
}
