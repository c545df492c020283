// Fetches the details of one cycle; stale answers (another row clicked since) are dropped.
import { useCallback, useEffect, useState } from "react";
import { serializeError, type SerializedError } from "../../../shared/api/errors.ts";
import type { CycleDetails } from "../../../shared/api/types.ts";
import { useApi } from "../../app/api-context.ts";

export type DetailsState =
  | { status: "idle" }
  | { status: "loading" }
  | { status: "ready"; details: CycleDetails }
  | { status: "failed"; error: SerializedError };

export function useCycleDetails(datasetId: string | null, row: number | null): [DetailsState, () => void] {
  const api = useApi();
  const [attempt, setAttempt] = useState(0);
  const [result, setResult] = useState<{ key: string; state: DetailsState } | null>(null);
  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  const key = datasetId === null || row === null ? null : `${datasetId}:${row}:${attempt}`;

  useEffect(() => {
    if (key === null || row === null) return;
    let live = true;
    api.getCycleDetails({ row }).then(
      (details) => live && setResult({ key, state: { status: "ready", details } }),
      (error: unknown) =>
        live && setResult({ key, state: { status: "failed", error: serializeError(error) } }),
    );
    return () => {
      live = false;
    };
  }, [api, key, row]);

  const state: DetailsState =
    key === null ? { status: "idle" } : result?.key === key ? result.state : { status: "loading" };
  return [state, retry];
}
