import { useEffect, useMemo, useState } from "react";
import { serializeError, type SerializedError } from "../../../shared/api/errors.ts";
import type { WaveformPage } from "../../../shared/api/types.ts";
import { useApi } from "../../app/api-context.ts";
import { ErrorMessage } from "../../components/ErrorMessage.tsx";
import { useAppStore } from "../../stores/store.ts";
import { waveformRequest } from "../waveforms/waveform-request.ts";
import { WaveformPlot } from "../waveforms/WaveformPlot.tsx";
import { compareWaveformFigure } from "./compare-waveforms.ts";
import { layerColour } from "./layers.ts";

interface Pages {
  key: string;
  pages: { name: string; page: WaveformPage }[] | null;
  error: SerializedError | null;
}

const ignorePick = () => undefined;

/** The first page of every comparison layer's waveforms on one axes, a colour per layer. */
export function CompareWaveforms() {
  const api = useApi();
  const layers = useAppStore((s) => s.compareLayers);
  const settings = useAppStore((s) => s.waveforms);
  const columns = settings.columns.filter((c) => c !== "");
  const key = JSON.stringify([layers, settings]);
  const [answer, setAnswer] = useState<Pages>({ key: "", pages: null, error: null });
  useEffect(() => {
    if (layers.length === 0 || columns.length === 0) return;
    let live = true;
    Promise.all(
      layers.map((layer) =>
        api
          .waveformPage(waveformRequest(layer.selection, { ...settings, randomSeed: null }, 0, null))
          .then((page) => ({ name: layer.name, page })),
      ),
    ).then(
      (pages) => live && setAnswer({ key, pages, error: null }),
      (error: unknown) => live && setAnswer({ key, pages: null, error: serializeError(error) }),
    );
    return () => {
      live = false;
    };
    // the key stands for the layers' and settings' content
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, key]);
  const figure = useMemo(
    () => (answer.pages ? compareWaveformFigure(answer.pages, settings) : null),
    [answer.pages, settings],
  );
  if (layers.length === 0 || columns.length === 0) return null;
  return (
    <div className="compare-waveforms" data-testid="compare-waveforms">
      <div className="compare-waveforms-title">
        Compared: first {settings.perPage} of each layer{" "}
        {layers.map((layer, index) => (
          <span key={layer.id} className="compare-key">
            <span className="compare-swatch" style={{ backgroundColor: layerColour(index) }} />
            {layer.name}
            {answer.pages?.[index] ? ` (${answer.pages[index].page.totalEntries})` : ""}
          </span>
        ))}
        {answer.key !== key ? <span className="muted"> loading…</span> : null}
      </div>
      {answer.error ? <ErrorMessage error={answer.error} /> : null}
      {figure ? <WaveformPlot figure={figure} onPick={ignorePick} /> : null}
    </div>
  );
}
