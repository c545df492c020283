// Worker tasks of the file browser: each opens the file (the reader's metadata cache makes a reopen
// cheap), answers one request and closes it, so no handle outlives a request in a worker.
import type {
  Lh5FileSummary,
  Lh5Node,
  Lh5PathMatches,
  Lh5TablePage,
} from "../../../../shared/api/file-browser.ts";
import type { Histogram1d, WaveformPage } from "../../../../shared/api/types.ts";
import { initH5 } from "../../lh5/h5.ts";
import { Lh5File } from "../../lh5/reader.ts";
import { readTablePage } from "./table-page.ts";
import { listGroup, searchPaths, summarizeFile } from "./tree.ts";
import { columnHistogram, type HistogramArgs, waveformPage, type WaveformArgs } from "./views.ts";

async function withFile<T>(path: string, use: (file: Lh5File) => T): Promise<T> {
  await initH5();
  const file = Lh5File.open(path);
  try {
    return use(file);
  } finally {
    file.close();
  }
}

export const api = {
  summary: (args: { path: string }): Promise<Lh5FileSummary> => withFile(args.path, summarizeFile),
  group: (args: { path: string; group: string }): Promise<Lh5Node[]> =>
    withFile(args.path, (file) => listGroup(file, args.group)),
  search: (args: { path: string; query: string; limit: number }): Promise<Lh5PathMatches> =>
    withFile(args.path, (file) => searchPaths(file, args.query, args.limit)),
  tablePage: (args: { path: string; table: string; offset: number; limit: number }): Promise<Lh5TablePage> =>
    withFile(args.path, (file) => readTablePage(file, args.table, args.offset, args.limit)),
  histogram: (args: HistogramArgs & { path: string }): Promise<Histogram1d> =>
    withFile(args.path, (file) => columnHistogram(file, args)),
  waveforms: (args: WaveformArgs & { path: string }): Promise<WaveformPage> =>
    withFile(args.path, (file) => waveformPage(file, args)),
};
export type FileBrowserApi = typeof api;
