// The file browser's part of the service: checks each path against the roots the user opened, then
// runs the request in a worker (fileBrowser task module), so a large page or histogram never blocks
// the service's thread.
import type {
  Lh5FileSummary,
  Lh5HistogramRequest,
  Lh5Node,
  Lh5PathMatches,
  Lh5TablePage,
  Lh5TablePageRequest,
  Lh5WaveformPageRequest,
} from "../../../../shared/api/file-browser.ts";
import type { Histogram1d, WaveformPage } from "../../../../shared/api/types.ts";
import { getDefaultPool, type TaskClient } from "../../../workers/pool.ts";
import type { RootSet } from "../roots.ts";

export class FileBrowser {
  private readonly tasks: TaskClient<"fileBrowser"> = getDefaultPool().client("fileBrowser");

  constructor(private readonly roots: RootSet) {}

  /** Any LH5 file, a saved FileDB too (it is LH5): the reader says what is wrong with one that is not HDF5. */
  open(req: { path: string }): Promise<Lh5FileSummary> {
    return this.tasks.summary({ path: this.roots.assert(req.path) });
  }

  group(req: { path: string; group: string }): Promise<Lh5Node[]> {
    return this.tasks.group({ path: this.roots.assert(req.path), group: req.group });
  }

  search(req: { path: string; query: string; limit?: number }): Promise<Lh5PathMatches> {
    return this.tasks.search({
      path: this.roots.assert(req.path),
      query: req.query,
      limit: req.limit ?? 200,
    });
  }

  tablePage(req: Lh5TablePageRequest): Promise<Lh5TablePage> {
    return this.tasks.tablePage({ ...req, path: this.roots.assert(req.path) });
  }

  histogram(req: Lh5HistogramRequest): Promise<Histogram1d> {
    return this.tasks.histogram({ ...req, path: this.roots.assert(req.path) });
  }

  waveformPage(req: Lh5WaveformPageRequest): Promise<WaveformPage> {
    return this.tasks.waveforms({ ...req, path: this.roots.assert(req.path) });
  }
}
