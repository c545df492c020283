// Fetches the event view of the current entry; a step to the previous/next event asks the service which
// entry that is, and the answer is kept under that entry's own request, so moving there costs no second call.
import { useEffect, useState } from "react";
import type { Lh5BrowserApi } from "../../../shared/api/contract.ts";
import { type SerializedError, serializeError } from "../../../shared/api/errors.ts";
import type { EventView, EventViewRequest } from "../../../shared/api/types.ts";

const RECENT_VIEWS = 32;
const recent = new Map<string, EventView>();

function remember(request: EventViewRequest, view: EventView): void {
  const key = JSON.stringify({ ...request, position: view.position, step: 0 });
  recent.delete(key);
  recent.set(key, view);
  if (recent.size > RECENT_VIEWS) recent.delete(recent.keys().next().value!);
}

/** The view `step` events away from `request`'s entry (cached as the view of the entry it lands on). */
export async function fetchEventView(api: Lh5BrowserApi, request: EventViewRequest): Promise<EventView> {
  const view = await api.eventView(request);
  remember(request, view);
  return view;
}

export interface EventViewState {
  view: EventView | null;
  loading: boolean;
  error: SerializedError | null;
}

export function useEventView(api: Lh5BrowserApi, request: EventViewRequest | null): EventViewState {
  const key = request ? JSON.stringify({ ...request, step: 0 }) : "";
  const [answer, setAnswer] = useState<{ key: string; view?: EventView; error?: SerializedError } | null>(
    null,
  );
  useEffect(() => {
    if (!request || recent.has(key)) return;
    let current = true;
    fetchEventView(api, { ...request, step: 0 }).then(
      (view) => current && setAnswer({ key, view }),
      (error: unknown) => current && setAnswer({ key, error: serializeError(error) }),
    );
    return () => {
      current = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the key stands for the request
  }, [api, key]);
  const cached = recent.get(key);
  if (cached) return { view: cached, loading: false, error: null };
  if (answer?.key === key) return { view: answer.view ?? null, loading: false, error: answer.error ?? null };
  return { view: null, loading: request !== null, error: null };
}
