import type { WaveformPage } from "../../../shared/api/types.ts";

interface Props {
  page: WaveformPage;
}

/** Entries of the page drawn as nothing because their cycle or table lacks the waveform (e.g. archived raw). */
export function MissingWaveforms({ page }: Props) {
  const missing = page.traces.flatMap((trace) =>
    trace.missing ? [{ column: trace.column, ...trace.missing }] : [],
  );
  if (missing.length === 0) return null;
  return (
    <div className="waveform-missing" role="status" data-testid="waveform-missing">
      {missing.map(({ column, entries, reasons }) => (
        <div key={column}>
          {entries} of the {page.entries.length} entries on this page have no &apos;{column}&apos; and are not
          drawn: {reasons.join("; ")}
        </div>
      ))}
    </div>
  );
}
