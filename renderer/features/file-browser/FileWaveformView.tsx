import { useMemo, useState } from "react";
import { useApi } from "../../app/api-context.ts";
import { ErrorMessage } from "../../components/ErrorMessage.tsx";
import { DEFAULT_WAVEFORM_SETTINGS } from "../../stores/waveforms-slice.ts";
import { waveformFigure } from "../waveforms/waveform-figure.ts";
import { WaveformPlot } from "../waveforms/WaveformPlot.tsx";
import { useAnswer } from "./use-answer.ts";

interface Props {
  file: string;
  waveform: string;
}

const PER_PAGE = 10;

/** Pages of a waveform table's decoded waveforms, drawn by the dataset's waveform plot. */
export function FileWaveformView({ file, waveform }: Props) {
  const api = useApi();
  const [start, setStart] = useState(0);
  const answer = useAnswer(`${file}\n${waveform}\n${start}`, () =>
    api.lh5WaveformPage({ path: file, waveform, start, count: PER_PAGE }),
  );
  const page = answer.value;
  const [picked, setPicked] = useState<number | null>(null);
  const figure = useMemo(() => (page ? waveformFigure(page, DEFAULT_WAVEFORM_SETTINGS) : null), [page]);
  const total = page?.totalEntries ?? 0;
  const shown = page ? `${start + 1}–${start + page.entries.length} of ${total}` : "…";
  return (
    <div className="file-waveform-view" data-testid="file-waveform-view">
      <div className="file-view-title">
        /{waveform}
        <span className="file-waveform-paging">
          <button
            type="button"
            disabled={start === 0}
            onClick={() => setStart(Math.max(0, start - PER_PAGE))}
          >
            ◀ Previous
          </button>
          <span data-testid="file-waveform-range">{shown}</span>
          <button
            type="button"
            disabled={start + PER_PAGE >= total}
            onClick={() => setStart(start + PER_PAGE)}
          >
            Next ▶
          </button>
        </span>
      </div>
      {answer.error ? <ErrorMessage error={answer.error} onRetry={answer.retry} /> : null}
      {figure ? <WaveformPlot figure={figure} onPick={setPicked} /> : null}
      {page && picked !== null && picked < page.entries.length ? (
        <p className="muted" data-testid="file-waveform-picked">
          entry {page.entries[picked]}: {page.traces[0]?.nSamples ?? 0} samples
        </p>
      ) : null}
    </div>
  );
}
