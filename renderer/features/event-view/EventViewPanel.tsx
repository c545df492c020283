import { useState } from "react";
import type { DataSelection, EventView, WaveformValueRange } from "../../../shared/api/types.ts";
import { type SerializedError, serializeError } from "../../../shared/api/errors.ts";
import { ErrorMessage } from "../../components/ErrorMessage.tsx";
import { useApi } from "../../app/api-context.ts";
import { formatValue } from "../waveforms/waveform-figure.ts";
import { hitGroups, sparkPath } from "./event-layout.ts";
import { detectorText, entryName, identityTooltip, timestampText } from "./identity-text.ts";
import { fetchEventView, useEventView } from "./use-event-view.ts";
import "./event-view.css";

interface Props {
  /** The current entry: its position in the (range-filtered) entry list. */
  entry: number;
  selection: DataSelection;
  range: WaveformValueRange | null;
  /** Waveform column drawn per channel ("" for none). */
  waveformColumn: string;
  valueColumns: readonly string[];
  /** Makes another entry of the selection the current one (a step to the previous/next event). */
  onEntry: (position: number) => void;
}

const TRACE_WIDTH = 180;
const TRACE_HEIGHT = 44;

/**
 * Every channel of the current entry's TCM event (germanium by string and position, SiPMs apart), with its
 * identity, values and waveform; steps to the previous/next event of the selection.
 */
export function EventViewPanel({ entry, selection, range, waveformColumn, valueColumns, onEntry }: Props) {
  const api = useApi();
  const request = {
    selection,
    ...(range ? { valueRange: range } : {}),
    position: entry,
    columns: waveformColumn ? [waveformColumn] : [],
    valueColumns: valueColumns.slice(0, 64),
  };
  const { view, loading, error } = useEventView(api, request);
  const [stepError, setStepError] = useState<SerializedError | null>(null);
  const step = (by: number) => {
    setStepError(null);
    fetchEventView(api, { ...request, step: by }).then(
      (next) => onEntry(next.position),
      (e: unknown) => setStepError(serializeError(e)),
    );
  };
  const current = view ? entryName(view.identity, view.current) : null;
  return (
    <section className="event-view" data-testid="event-view" aria-label="Event view">
      <div className="event-view-toolbar">
        <button
          type="button"
          data-testid="event-prev"
          disabled={!view || entry === 0}
          onClick={() => step(-1)}
        >
          ◀ Previous event
        </button>
        <button
          type="button"
          data-testid="event-next"
          disabled={!view || entry + 1 >= view.totalEntries}
          onClick={() => step(1)}
        >
          Next event ▶
        </button>
        <span data-testid="event-title">
          {view && current
            ? `${view.event >= 0 ? `Event ${view.event}` : "No TCM event"} of ${current.cycle.key} (${timestampText(current.cycle.timestamp)}) · ${view.identity.row.length} channel${view.identity.row.length === 1 ? "" : "s"}`
            : loading
              ? "loading event…"
              : ""}
        </span>
      </div>
      {error ? <ErrorMessage error={error} /> : null}
      {stepError ? <ErrorMessage error={stepError} /> : null}
      {view ? <EventGrid view={view} valueColumns={valueColumns} /> : null}
    </section>
  );
}

function EventGrid({ view, valueColumns }: { view: EventView; valueColumns: readonly string[] }) {
  const trace = view.traces[0];
  return (
    <div className="event-grid" data-testid="event-grid">
      {hitGroups(view).map((group) => (
        <div className="event-group" key={group.label} data-testid="event-group">
          <h4>{group.label}</h4>
          {group.hits.map((i) => {
            const name = entryName(view.identity, i)!;
            const samples = trace
              ? trace.values.subarray(i * trace.nSamples, (i + 1) * trace.nSamples)
              : null;
            const path = samples ? sparkPath(samples, TRACE_WIDTH, TRACE_HEIGHT) : "";
            return (
              <div
                key={i}
                className={`event-hit${i === view.current ? " current" : ""}`}
                data-testid="event-hit"
                data-table={name.channel.table}
                data-row={name.row}
                title={identityTooltip(name)}
              >
                <div className="event-hit-name">
                  <strong>{detectorText(name.channel)}</strong>
                  <span>
                    {name.channel.position !== null ? `pos ${name.channel.position} · ` : ""}row {name.row}
                  </span>
                </div>
                {samples ? (
                  <svg width={TRACE_WIDTH} height={TRACE_HEIGHT} className="event-trace" aria-hidden="true">
                    {path ? (
                      <path d={path} />
                    ) : (
                      <text x={4} y={TRACE_HEIGHT / 2}>
                        no {trace!.column}
                      </text>
                    )}
                  </svg>
                ) : null}
                <table>
                  <tbody>
                    {valueColumns.map((column) => {
                      const v = view.values[column];
                      return (
                        <tr key={column}>
                          <td>{column}</td>
                          <td data-testid={`event-value-${column}`}>
                            {formatValue(v?.values[i] ?? Number.NaN, v?.units ?? null)}
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
            );
          })}
        </div>
      ))}
    </div>
  );
}
