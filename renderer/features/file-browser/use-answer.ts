// One request per key: the answer is kept with the key it answers, so a late answer to an old
// request (another column, another page) is never shown; failures are data for ErrorMessage.
import { useEffect, useState } from "react";
import { type SerializedError, serializeError } from "../../../shared/api/errors.ts";

export interface Answer<T> {
  value: T | null;
  error: SerializedError | null;
  loading: boolean;
  retry: () => void;
}

export function useAnswer<T>(key: string, ask: () => Promise<T>): Answer<T> {
  const [state, setState] = useState<{ key: string; value?: T; error?: SerializedError } | null>(null);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let current = true;
    ask().then(
      (value) => current && setState({ key, value }),
      (error: unknown) => current && setState({ key, error: serializeError(error) }),
    );
    return () => {
      current = false;
    };
    // `ask` is a fresh closure on each render; the key says when the question changed
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, attempt]);
  const answered = state?.key === key ? state : null;
  return {
    value: answered?.value ?? null,
    error: answered?.error ?? null,
    loading: answered === null,
    retry: () => setAttempt((n) => n + 1),
  };
}
