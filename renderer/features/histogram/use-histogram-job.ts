// Fills the histogram asked for: on every draw request, and again when the selection (cycles,
// channels, cuts) changes after a first draw. Bins stay in component state, out of the store.
import { useEffect, useMemo, useRef, useState } from "react";
import { flushSync } from "react-dom";
import type { SerializedError } from "../../../shared/api/errors.ts";
import type { Histogram1d, Histogram2d, JobProgress } from "../../../shared/api/types.ts";
import { useApi } from "../../app/api-context.ts";
import type { HistogramSettings } from "../../stores/histogram-slice.ts";
import { useAppStore, useAppStoreApi } from "../../stores/store.ts";
import { currentSelection, selectionKey } from "../cut-editor/data-selection.ts";
import { createLatestJob, type JobOutcome, type LatestJob } from "../cut-editor/latest-job.ts";
import { countAskedFor } from "../cut-editor/use-live-count.ts";

export type HistogramResult =
  | { mode: "1d"; settings: HistogramSettings; histogram: Histogram1d }
  | { mode: "2d"; settings: HistogramSettings; histogram: Histogram2d };

export interface HistogramJobState {
  result: HistogramResult | null;
  running: boolean;
  progress: JobProgress | null;
  error: SerializedError | null;
  cancelled: boolean;
  /** ms from the request to the bins arriving (the draw follows). */
  elapsedMs: number | null;
}

function range(lo: number | null, hi: number | null): [number, number] | undefined {
  return lo !== null && hi !== null && hi > lo ? [lo, hi] : undefined;
}

export function useHistogramJob(): [HistogramJobState, LatestJob] {
  const api = useApi();
  const store = useAppStoreApi();
  const runner = useMemo(() => createLatestJob(api), [api]);
  const request = useAppStore((state) => state.histogramDrawRequest);
  const selection = useAppStore((state) => selectionKey(currentSelection(state)));
  // a refill is asked for once the live count of its selection is: the service then runs it after the count
  const countAsked = useAppStore((state) => countAskedFor(state, selection));
  const [state, setState] = useState<HistogramJobState>({
    result: null,
    running: false,
    progress: null,
    error: null,
    cancelled: false,
    elapsedMs: null,
  });
  const drawn = request > 0;
  const lastRequest = useRef(0);
  /** The draw request and selection the last fill was asked for (a count asked for later needs no second fill). */
  const filledFor = useRef("");

  useEffect(() => () => runner.dispose(), [runner]);

  useEffect(() => {
    if (!drawn) return;
    const { histogram: settings } = store.getState();
    if (settings.x.column === "" || (settings.mode === "2d" && settings.y.column === "")) return;
    const target = JSON.stringify([request, selection]);
    if (target === filledFor.current) return;
    const refill = request === lastRequest.current;
    if (refill && !countAsked) {
      // the bins on screen are for the old selection: drop their job now, refill once the count is asked for
      runner.dispose();
      filledFor.current = "";
      return;
    }
    lastRequest.current = request;
    filledFor.current = target;
    const data = currentSelection(store.getState());
    const began = performance.now();
    const start =
      settings.mode === "1d"
        ? () =>
            api.histogram1d({
              selection: data,
              column: settings.x.column,
              ...(settings.x.tier ? { tier: settings.x.tier } : {}),
              bins: settings.x.bins,
              ...(range(settings.x.lo, settings.x.hi) ? { range: range(settings.x.lo, settings.x.hi)! } : {}),
              splitBy: settings.splitBy,
            })
        : () =>
            api.histogram2d({
              selection: data,
              x: {
                column: settings.x.column,
                bins: settings.x.bins,
                ...(settings.x.tier ? { tier: settings.x.tier } : {}),
                ...(range(settings.x.lo, settings.x.hi)
                  ? { range: range(settings.x.lo, settings.x.hi)! }
                  : {}),
              },
              y: {
                column: settings.y.column,
                bins: settings.y.bins,
                ...(settings.y.tier ? { tier: settings.y.tier } : {}),
                ...(range(settings.y.lo, settings.y.hi)
                  ? { range: range(settings.y.lo, settings.y.hi)! }
                  : {}),
              },
            });
    const settle = (outcome: Exclude<JobOutcome<Histogram1d | Histogram2d>, { kind: "superseded" }>) => {
      store.getState().histogramJobChanged(null);
      if (outcome.kind === "done") {
        const result =
          settings.mode === "1d"
            ? { mode: "1d" as const, settings, histogram: outcome.value as Histogram1d }
            : { mode: "2d" as const, settings, histogram: outcome.value as Histogram2d };
        setState({
          result,
          running: false,
          progress: null,
          error: null,
          cancelled: false,
          elapsedMs: performance.now() - began,
        });
      } else if (outcome.kind === "cancelled")
        setState((s) => ({ ...s, running: false, progress: null, cancelled: true }));
      else setState((s) => ({ ...s, running: false, progress: null, error: outcome.error }));
    };
    void runner
      .run<Histogram1d | Histogram2d>(start, {
        onStarted: (jobId) => {
          store.getState().histogramJobChanged(jobId);
          setState((s) => ({ ...s, running: true, progress: null, error: null, cancelled: false }));
        },
        onProgress: (_jobId, progress) => setState((s) => ({ ...s, progress })),
      })
      .then((outcome) => {
        if (outcome.kind === "superseded") return;
        // one render, now, for the store's job id and the bins (not a sync one, then the bins a task later)
        flushSync(() => settle(outcome));
      });
  }, [api, store, runner, drawn, request, selection, countAsked]);

  return [state, runner];
}
