// CSV export, streamed chunk by chunk: a header row, then one line per row. NaN is an empty cell (as pandas
// writes it), bools are True/False, list columns are "[a, b, …]" cells, float32 values use their shortest form.
import { writeSync } from "node:fs";
import type { LgdoTable } from "../../../shared/lgdo/model.ts";
import { ExportError, checkTarget, discardTemp, finishTemp, openTemp } from "./atomic.ts";
import { type FlatColumn, flattenTable } from "./flatten.ts";
import { DEFAULT_CHUNK_BYTES } from "./chunk-size.ts";
import type { SinkOptions, TableSink } from "./sink.ts";

/** Characters of CSV text buffered before they are written. */
const FLUSH_CHARS = 1 << 20;

/** Shortest decimal text that reads back as the same float32. */
function float32Text(x: number): string {
  for (let p = 1; p < 10; p++) {
    const s = x.toPrecision(p);
    if (Math.fround(Number(s)) === x) return String(Number(s));
  }
  return String(x);
}

function numberText(x: number, dtype: string): string {
  if (Number.isNaN(x)) return "";
  if (dtype === "float32") return float32Text(x);
  return String(x);
}

function quote(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function cellWriter(column: FlatColumn): (row: number) => string {
  switch (column.kind) {
    case "number": {
      const { data, dtype, isBool } = column;
      if (isBool) return (r) => (data[r] ? "True" : "False");
      return (r) => numberText(data[r]!, dtype);
    }
    case "string":
      return (r) => quote(column.data[r] ?? "");
    case "list": {
      const { offsets, values, dtype } = column;
      return (r) => {
        const parts: string[] = [];
        for (let k = offsets[r]!; k < offsets[r + 1]!; k++) {
          const v = values[k]!;
          parts.push(
            typeof v === "string" ? JSON.stringify(v) : Number.isNaN(v) ? "nan" : numberText(v, dtype),
          );
        }
        return quote(`[${parts.join(", ")}]`);
      };
    }
  }
}

export class CsvSink implements TableSink {
  readonly chunkBytes = DEFAULT_CHUNK_BYTES;
  private fd: number | null;
  private readonly temp: string;
  private header: string[] | null = null;
  private rows = 0;

  constructor(
    readonly path: string,
    private readonly opts: SinkOptions = {},
  ) {
    checkTarget(path, opts.overwrite ?? false);
    ({ fd: this.fd, temp: this.temp } = openTemp(path));
  }

  write(chunk: LgdoTable): Promise<void> {
    return Promise.resolve().then(() => this.writeNow(chunk));
  }

  commit(): Promise<{ rows: number; bytes: number }> {
    return Promise.resolve().then(() => this.commitNow());
  }

  private writeNow(chunk: LgdoTable): void {
    if (this.fd === null) throw new ExportError("CSV export already finished", this.path, "io");
    const columns = flattenTable(chunk);
    const names = columns.map((c) => c.name);
    if (this.header === null) {
      this.header = names;
      writeSync(this.fd, `${names.map(quote).join(",")}\n`);
    } else if (names.join("\0") !== this.header.join("\0")) {
      throw new ExportError(
        `chunk columns [${names.join(", ")}] differ from the header`,
        this.path,
        "format",
      );
    }
    const cells = columns.map(cellWriter);
    // Lines go out once about FLUSH_CHARS of text piled up: a waveform row is tens of kilobytes of text,
    // so a count of lines would not bound the buffer.
    const lines: string[] = [];
    let chars = 0;
    for (let r = 0; r < chunk.nRows; r++) {
      const line = cells.map((cell) => cell(r)).join(",");
      lines.push(line);
      chars += line.length + 1;
      if (chars >= FLUSH_CHARS) {
        writeSync(this.fd, `${lines.join("\n")}\n`);
        lines.length = 0;
        chars = 0;
      }
    }
    if (lines.length > 0) writeSync(this.fd, `${lines.join("\n")}\n`);
    this.rows += chunk.nRows;
  }

  private commitNow(): { rows: number; bytes: number } {
    if (this.fd === null) throw new ExportError("CSV export already finished", this.path, "io");
    const fd = this.fd;
    this.fd = null;
    const bytes = finishTemp(fd, this.temp, this.path, this.opts.overwrite ?? false);
    return { rows: this.rows, bytes };
  }

  abort(): void {
    discardTemp(this.fd, this.temp);
    this.fd = null;
  }
}
