// The live count: entries passing the current cuts on the current cycle and channel selection,
// recounted in the background whenever the selection changes (typing is debounced by the editor;
// here changes made together, e.g. channel clicks, are coalesced); a newer count cancels the older one.
import { useEffect, useMemo } from "react";
import { useApi } from "../../app/api-context.ts";
import type { AppState } from "../../stores/store.ts";
import { useAppStore, useAppStoreApi } from "../../stores/store.ts";
import { currentSelection, selectionKey } from "./data-selection.ts";
import { createLatestJob, type LatestJob } from "./latest-job.ts";

/** Coalesces selection changes made together into one count. */
export const COUNT_COALESCE_MS = 50;

/**
 * Whether the live count runs: once a dataset is open, at once when no channel is picked (the selection does
 * not depend on the channel catalog, so the first count runs beside the catalog's listing, not after it), else
 * once the catalog is known (picked channels are sent by rawid, which the catalog gives).
 */
function liveCountRuns(state: AppState): boolean {
  if (state.dataset === null) return false;
  return state.selectedChannels.length === 0 || state.channelList !== null || state.channelListError !== null;
}

/**
 * Whether the live count of the selection `key` has been handed to the service (or no live count runs).
 * Work for a changed selection (a histogram refill, its first waveform page) is asked for only then: the
 * service's job priorities let it wait behind the count, which they can only do for a count already asked for.
 */
export function countAskedFor(state: AppState, key: string): boolean {
  // before any count was asked for (no live count shown, e.g. a view on its own) nothing waits
  const asked = state.liveCount.selectionKey;
  return asked === null || asked === key || !liveCountRuns(state);
}

/** Starts counts as the selection changes; returns the runner (for Cancel / Esc). */
export function useLiveCount(): LatestJob {
  const api = useApi();
  const store = useAppStoreApi();
  const runner = useMemo(() => createLatestJob(api), [api]);
  const datasetId = useAppStore((state) => state.dataset?.id ?? null);
  const runs = useAppStore(liveCountRuns);
  const key = useAppStore((state) => selectionKey(currentSelection(state)));

  useEffect(() => () => runner.dispose(), [runner]);

  useEffect(() => {
    if (!runs) return;
    const timer = setTimeout(() => {
      const selection = currentSelection(store.getState());
      void runner
        .run(() => api.countEntries({ selection }), {
          onStarted: (jobId) => store.getState().countStarted(jobId, key),
          onProgress: (jobId, progress) =>
            store
              .getState()
              .countProgressed(jobId, progress.total > 0 ? progress.done / progress.total : null),
        })
        .then((outcome) => {
          const actions = store.getState();
          if (outcome.kind === "done") actions.countFinished(outcome.jobId, outcome.value);
          else if (outcome.kind === "cancelled") actions.countCancelled(outcome.jobId);
          else if (outcome.kind === "failed") {
            // a failure before the job started has no id: give it one so it shows
            const jobId = outcome.jobId ?? `failed-${Date.now()}`;
            if (outcome.jobId === null) actions.countStarted(jobId, key);
            actions.countFailed(jobId, outcome.error);
          }
        });
    }, COUNT_COALESCE_MS);
    return () => clearTimeout(timer);
  }, [api, store, runner, datasetId, runs, key]);

  return runner;
}
