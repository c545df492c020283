// "The typical pulse": the template of every waveform of the selection (or of the histogram's linked range),
// computed by the service as a streamed job with progress and cancel, drawn as a band with median and mean,
// or as the persistence view (where the traces go, in log colour).
import { useEffect, useMemo, useRef, useState } from "react";
import { awaitJob } from "../../../shared/api/jobs.ts";
import { CancelledApiError, serializeError, type SerializedError } from "../../../shared/api/errors.ts";
import type {
  DataSelection,
  JobProgress,
  WaveformTemplate,
  WaveformValueRange,
} from "../../../shared/api/types.ts";
import { useApi } from "../../app/api-context.ts";
import { ErrorMessage } from "../../components/ErrorMessage.tsx";
import { formatCount } from "../../components/format.ts";
import { PlotlyChart } from "../../components/PlotlyChart.tsx";
import { ProgressBar } from "../../components/ProgressBar.tsx";
import type { WaveformSettings } from "../../stores/waveforms-slice.ts";
import { templateFigure } from "./template-figure.ts";
import { transformsOf } from "./waveform-request.ts";

interface Props {
  selection: DataSelection;
  settings: WaveformSettings;
  range: WaveformValueRange | null;
  /** Entries the template will average (the page's total), when known. */
  total: number | null;
}

type TemplateState =
  | { kind: "idle" }
  | { kind: "running"; jobId: string | null; progress: JobProgress | null }
  | { kind: "done"; template: WaveformTemplate }
  | { kind: "failed"; error: SerializedError };

export function TemplatePanel({ selection, settings, range, total }: Props) {
  const api = useApi();
  // each state belongs to the inputs it was computed for: a template of another selection, range or
  // transform is not shown (stale), and its job is cancelled
  const inputs = JSON.stringify([selection, range, settings.columns[0], transformsOf(settings)]);
  const [owned, setOwned] = useState<{ inputs: string; state: TemplateState }>({
    inputs,
    state: { kind: "idle" },
  });
  const state: TemplateState = owned.inputs === inputs ? owned.state : { kind: "idle" };
  const [persistence, setPersistence] = useState(false);
  const runningJob = useRef<string | null>(null);
  useEffect(
    () => () => {
      if (runningJob.current !== null) void api.cancelJob({ jobId: runningJob.current });
      runningJob.current = null;
    },
    [api, inputs],
  );

  const column = settings.columns[0] ?? "";
  const run = async () => {
    const mine = inputs;
    const set = (next: TemplateState) => setOwned({ inputs: mine, state: next });
    set({ kind: "running", jobId: null, progress: null });
    try {
      const handle = await api.waveformTemplate({
        selection,
        column,
        transforms: transformsOf(settings),
        ...(range ? { valueRange: range } : {}),
      });
      runningJob.current = handle.jobId;
      set({ kind: "running", jobId: handle.jobId, progress: null });
      const template = await awaitJob(api, handle, {
        onProgress: (progress) => set({ kind: "running", jobId: handle.jobId, progress }),
      });
      if (runningJob.current === handle.jobId) runningJob.current = null;
      set({ kind: "done", template });
    } catch (error) {
      set(
        error instanceof CancelledApiError
          ? { kind: "idle" }
          : { kind: "failed", error: serializeError(error) },
      );
    }
  };
  const cancel = () => {
    if (state.kind === "running" && state.jobId !== null) void api.cancelJob({ jobId: state.jobId });
  };
  const shownTemplate = state.kind === "done" ? state.template : null;
  const figure = useMemo(
    () => (shownTemplate ? templateFigure(shownTemplate, settings.timeUnit, persistence) : null),
    [shownTemplate, settings.timeUnit, persistence],
  );

  return (
    <div className="waveform-template" data-testid="waveform-template">
      <div className="waveform-toolbar">
        <button
          type="button"
          data-testid="waveform-template-run"
          disabled={column === "" || state.kind === "running" || total === 0}
          title="Mean, median and 16–84 % band of every waveform of the selection (or of the linked range), streamed"
          onClick={() => void run()}
        >
          Template of {total === null ? "all" : formatCount(total)} waveforms
        </button>
        <label title="Where the traces go: a 2-D density of every trace, log colour">
          <input
            type="checkbox"
            data-testid="waveform-template-persistence"
            checked={persistence}
            onChange={(e) => setPersistence(e.target.checked)}
          />
          Persistence
        </label>
        {state.kind === "running" ? (
          <>
            <ProgressBar
              fraction={state.progress ? state.progress.done / Math.max(1, state.progress.total) : null}
              label="template progress"
            />
            <button type="button" data-testid="waveform-template-cancel" onClick={cancel}>
              Cancel
            </button>
          </>
        ) : null}
        {state.kind === "done" ? (
          <span data-testid="waveform-template-summary">
            {formatCount(state.template.traces)} traces of {state.template.column}; median and band within ±
            {Number(state.template.resolution.toPrecision(2))} ADC
            {state.template.missing
              ? `; ${formatCount(state.template.missing.entries)} entries without a waveform left out (${state.template.missing.reasons.join("; ")})`
              : ""}
          </span>
        ) : null}
      </div>
      {state.kind === "failed" ? <ErrorMessage error={state.error} /> : null}
      {figure ? (
        <PlotlyChart data={figure.data} layout={figure.layout} testId="waveform-template-plot" />
      ) : null}
    </div>
  );
}
