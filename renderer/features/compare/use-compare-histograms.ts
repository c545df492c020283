// Fills one normal histogram job per comparison layer, all over the same bins: the typed range when there is one,
// else each layer's automatic range first and then the union of them (layers whose bins differ are refilled, which
// the service answers from its cached columns). A newer request or unmount cancels the jobs still running.
import { useEffect, useState } from "react";
import type { SerializedError } from "../../../shared/api/errors.ts";
import { serializeError } from "../../../shared/api/errors.ts";
import { awaitJob } from "../../../shared/api/jobs.ts";
import type { DataSelection, Histogram1d } from "../../../shared/api/types.ts";
import { useApi } from "../../app/api-context.ts";
import type { CompareLayer } from "../../stores/compare-slice.ts";
import type { HistogramAxisSettings } from "../../stores/histogram-slice.ts";
import { spans, unionRange } from "./layers.ts";

export interface LayerHistogram {
  layer: CompareLayer;
  histogram: Histogram1d;
}

export interface CompareHistogramState {
  layers: LayerHistogram[] | null;
  running: boolean;
  error: SerializedError | null;
}

function typedRange(axis: HistogramAxisSettings): [number, number] | undefined {
  return axis.lo !== null && axis.hi !== null && axis.hi > axis.lo ? [axis.lo, axis.hi] : undefined;
}

export function useCompareHistograms(
  layers: readonly CompareLayer[],
  axis: HistogramAxisSettings,
  drawRequest: number,
): CompareHistogramState {
  const api = useApi();
  const key = JSON.stringify([layers, axis.column, axis.tier, axis.bins, axis.lo, axis.hi, drawRequest]);
  // the answer of the last finished request (still running while its key is not the current one)
  const [answer, setAnswer] = useState<{
    key: string;
    layers: LayerHistogram[] | null;
    error: SerializedError | null;
  }>({
    key: "",
    layers: null,
    error: null,
  });
  useEffect(() => {
    if (drawRequest === 0 || layers.length === 0 || axis.column === "") return;
    let live = true;
    const running = new Set<string>();
    const fill = async (selection: DataSelection, range: [number, number] | undefined) => {
      const handle = await api.histogram1d({
        selection,
        column: axis.column,
        ...(axis.tier ? { tier: axis.tier } : {}),
        bins: axis.bins,
        ...(range ? { range } : {}),
      });
      if (!live) {
        void api.cancelJob({ jobId: handle.jobId }).catch(() => undefined);
        throw new Error("superseded");
      }
      running.add(handle.jobId);
      try {
        return await awaitJob(api, handle);
      } finally {
        running.delete(handle.jobId);
      }
    };
    void (async () => {
      const typed = typedRange(axis);
      let histograms = await Promise.all(layers.map((layer) => fill(layer.selection, typed)));
      const union = typed ? null : unionRange(histograms);
      if (union)
        histograms = await Promise.all(
          histograms.map(async (h, i) => (spans(h, union) ? h : fill(layers[i]!.selection, union))),
        );
      if (live)
        setAnswer({
          key,
          layers: histograms.map((histogram, i) => ({ layer: layers[i]!, histogram })),
          error: null,
        });
    })().catch((error: unknown) => {
      if (live) setAnswer((last) => ({ key, layers: last.layers, error: serializeError(error) }));
    });
    return () => {
      live = false;
      for (const jobId of running) void api.cancelJob({ jobId }).catch(() => undefined);
    };
    // the key stands for the layers' and the axis' content
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, key]);
  const active = drawRequest > 0 && layers.length > 0 && axis.column !== "";
  // the last bins stay on screen while the next fill runs
  return {
    layers: answer.layers,
    running: active && answer.key !== key,
    error: answer.key === key ? answer.error : null,
  };
}
