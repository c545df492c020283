import { useEffect, useMemo, useRef, useState } from "react";
import { ErrorMessage } from "../../components/ErrorMessage.tsx";
import { formatCount, formatNumber } from "../../components/format.ts";
import { useApi } from "../../app/api-context.ts";
import { useAppStore, useAppStoreApi } from "../../stores/store.ts";
import { currentSelection, selectionKey } from "../cut-editor/data-selection.ts";
import { ValuesTable } from "../values-table/ValuesTable.tsx";
import { eventValueColumns } from "../event-view/event-layout.ts";
import { EventViewPanel } from "../event-view/EventViewPanel.tsx";
import { isScalarColumn, isWaveformColumn, useColumns } from "./use-columns.ts";
import { useWaveformPage } from "./use-waveform-page.ts";
import { MissingWaveforms } from "./MissingWaveforms.tsx";
import { TemplatePanel } from "./TemplatePanel.tsx";
import { WaveformControls } from "./WaveformControls.tsx";
import { waveformFigure } from "./waveform-figure.ts";
import { WaveformPlot } from "./WaveformPlot.tsx";
import { waveformRequest } from "./waveform-request.ts";
import { matches } from "../../../shared/ui/shortcuts.ts";
import { CompareWaveforms } from "../compare/CompareWaveforms.tsx";
import { TagsPanel } from "../tags/TagsPanel.tsx";
import { isTagKey, toggleSelectedTag } from "../tags/toggle-tag.ts";
import "./waveforms.css";

function rangeText(range: {
  column: string;
  lo: number;
  hi: number;
  column2?: string;
  lo2?: number;
  hi2?: number;
}) {
  const first = `${formatNumber(range.lo)} ≤ ${range.column} < ${formatNumber(range.hi)}`;
  return range.column2
    ? `${first} and ${formatNumber(range.lo2 ?? Number.NaN)} ≤ ${range.column2} < ${formatNumber(range.hi2 ?? Number.NaN)}`
    : first;
}

/** dspeed's WaveformBrowser for the current selection: pages, sample, mean, transforms, linked view. */
export function WaveformPanel() {
  const api = useApi();
  const store = useAppStoreApi();
  const selectionText = useAppStore((s) => selectionKey(currentSelection(s)));
  // eslint-disable-next-line react-hooks/exhaustive-deps -- the key stands for the selection's content
  const selection = useMemo(() => currentSelection(store.getState()), [selectionText, store]);
  const datasetId = useAppStore((s) => s.dataset?.id ?? null);
  const hasRawTier = useAppStore((s) => s.dataset?.tiers.includes("raw") ?? false);
  const settings = useAppStore((s) => s.waveforms);
  const start = useAppStore((s) => s.waveformStart);
  const range = useAppStore((s) => s.selectedRange);
  const selectedEntry = useAppStore((s) => s.selectedEntry);
  const [jumpText, setJumpText] = useState("");
  const columns = useColumns(api, selection.rows, datasetId);
  const waveformColumns = useMemo(() => columns.filter(isWaveformColumn), [columns]);
  const scalarColumns = useMemo(() => columns.filter(isScalarColumn), [columns]);
  // waveforms live in the raw tier: without it (e.g. `generate --tiers dsp,hit,…`) there is nothing to ask for,
  // unless some other tier holds a waveform column
  const noWaveforms = !hasRawTier && waveformColumns.length === 0;

  const request = useMemo(
    () =>
      datasetId === null || noWaveforms || settings.columns.length === 0
        ? null
        : waveformRequest(selection, settings, start, range),
    [datasetId, noWaveforms, selection, settings, start, range],
  );
  // a new selection pages from its start (its first request waits briefly, so the stale one is never sent)
  const pagedSelection = useRef(selectionText);
  useEffect(() => {
    if (pagedSelection.current === selectionText) return;
    pagedSelection.current = selectionText;
    store.getState().waveformSelectionChanged();
  }, [selectionText, store]);
  // after that reset: a current entry restored from the session comes back once its selection is shown again
  useEffect(() => store.getState().entrySelectionSeen(selectionText), [selectionText, store]);
  const { page, loading, error, elapsedMs } = useWaveformPage(api, request);
  const figure = useMemo(() => (page ? waveformFigure(page, settings) : null), [page, settings]);
  const total = page?.totalEntries ?? null;
  useEffect(() => {
    if (total !== null) store.getState().waveformTotalKnown(total);
  }, [store, total]);

  const perPage = settings.perPage;
  const random = settings.randomSeed !== null;
  const goTo = (position: number) => store.getState().waveformPaged(position);
  const lastStart = total === null ? start : Math.max(0, Math.floor((total - 1) / perPage) * perPage);
  const onKey = (event: React.KeyboardEvent) => {
    if (
      (event.target as HTMLElement).tagName === "INPUT" ||
      (event.target as HTMLElement).tagName === "SELECT"
    )
      return;
    const press = event.nativeEvent;
    if (matches("waveforms.next", press)) goTo(start + perPage);
    else if (matches("waveforms.previous", press)) goTo(start - perPage);
    else if (matches("waveforms.first", press)) goTo(0);
    else if (matches("waveforms.last", press)) goTo(lastStart);
    else if (isTagKey(press)) toggleSelectedTag(store, page, selectionText);
    else return;
    event.preventDefault();
  };

  if (datasetId === null) return <div className="waveform-panel empty">Open a dataset to see waveforms.</div>;
  if (noWaveforms)
    return (
      <div className="waveform-panel empty" data-testid="waveform-none">
        This dataset has no waveforms (no raw tier).
      </div>
    );
  return (
    <section className="waveform-panel" data-testid="waveform-view" tabIndex={0} onKeyDown={onKey}>
      <div className="waveform-toolbar">
        <button
          type="button"
          data-testid="waveform-home"
          disabled={random || start === 0}
          onClick={() => goTo(0)}
        >
          First
        </button>
        <button
          type="button"
          data-testid="waveform-prev"
          disabled={random || start === 0}
          onClick={() => goTo(start - perPage)}
        >
          ◀ Prev
        </button>
        <span data-testid="waveform-position">
          {total === null
            ? "…"
            : total === 0
              ? "no entries"
              : random
                ? `random ${Math.min(perPage, total)} of ${formatCount(total)}`
                : `${formatCount(start + 1)}–${formatCount(Math.min(total, start + perPage))} of ${formatCount(total)}`}
        </span>
        <button
          type="button"
          data-testid="waveform-next"
          disabled={random || (total !== null && start + perPage >= total)}
          onClick={() => goTo(start + perPage)}
        >
          Next ▶
        </button>
        <button
          type="button"
          data-testid="waveform-end"
          disabled={random || start >= lastStart}
          onClick={() => goTo(lastStart)}
        >
          Last
        </button>
        <label>
          Jump to
          <input
            data-testid="waveform-jump"
            size={7}
            value={jumpText}
            onChange={(e) => setJumpText(e.target.value)}
            onKeyDown={(e) => {
              const n = Number(jumpText);
              if (e.key === "Enter" && Number.isInteger(n) && n >= 0) goTo(n);
            }}
          />
        </label>
        <label>
          Per page
          <input
            type="number"
            data-testid="waveform-per-page"
            min={1}
            max={1000}
            value={perPage}
            onChange={(e) => store.getState().waveformsChanged({ perPage: Number(e.target.value) || 1 })}
          />
        </label>
        <button
          type="button"
          data-testid="waveform-random"
          aria-pressed={random}
          onClick={() =>
            store
              .getState()
              .waveformsChanged({ randomSeed: random ? null : Math.floor(Math.random() * 2 ** 31) })
          }
        >
          {random ? "Pages" : "Random sample"}
        </button>
        {random ? (
          <button
            type="button"
            data-testid="waveform-resample"
            onClick={() =>
              store.getState().waveformsChanged({ randomSeed: Math.floor(Math.random() * 2 ** 31) })
            }
          >
            Another sample
          </button>
        ) : null}
        <label>
          <input
            type="checkbox"
            data-testid="waveform-mean"
            checked={settings.showMean}
            onChange={(e) => store.getState().waveformsChanged({ showMean: e.target.checked })}
          />
          Mean
        </label>
        {loading ? <span className="waveform-loading">loading…</span> : null}
        {elapsedMs !== null && !loading ? (
          <span className="waveform-timing" data-testid="waveform-timing">
            {Math.round(elapsedMs)} ms
          </span>
        ) : null}
      </div>
      {range ? (
        <div className="waveform-range" data-testid="waveform-range">
          Linked view: entries with {rangeText(range)}
          <button type="button" onClick={() => store.getState().showEntriesInRange(null)}>
            Show all entries
          </button>
        </div>
      ) : null}
      <WaveformControls
        key={datasetId}
        settings={settings}
        waveformColumns={waveformColumns}
        scalarColumns={scalarColumns}
        onChange={(next) => store.getState().waveformsChanged(next)}
      />
      {error ? <ErrorMessage error={error} /> : null}
      {page ? <MissingWaveforms page={page} /> : null}
      {figure ? (
        <WaveformPlot
          figure={figure}
          onPick={(index) => store.getState().waveformEntrySelected(page ? page.entries[index]! : null)}
        />
      ) : null}
      <TagsPanel />
      <CompareWaveforms />
      <TemplatePanel selection={selection} settings={settings} range={range} total={total} />
      {selectedEntry !== null ? (
        <ValuesTable entry={selectedEntry} selection={selection} range={range} columns={scalarColumns} />
      ) : null}
      {selectedEntry !== null ? (
        <EventViewPanel
          entry={selectedEntry}
          selection={selection}
          range={range}
          waveformColumn={settings.columns.find((c) => c !== "") ?? ""}
          valueColumns={eventValueColumns(
            settings.legendColumns,
            scalarColumns.map((c) => c.name),
          )}
          onEntry={(position) => store.getState().waveformEntrySelected(position)}
        />
      ) : null}
    </section>
  );
}
