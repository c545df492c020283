import type { SerializedError } from "../../shared/api/errors.ts";

interface Props {
  error: SerializedError;
  onRetry?: () => void;
  onDismiss?: () => void;
}

/** An error as the user sees it: what happened, about which file, with retry/dismiss. */
export function ErrorMessage({ error, onRetry, onDismiss }: Props) {
  return (
    <div className="error-message" role="alert">
      <strong>{error.name}</strong>: {error.message}
      {error.file && !error.message.includes(error.file) ? (
        <div className="error-file">{error.file}</div>
      ) : null}
      {onRetry || onDismiss ? (
        <span className="error-actions">
          {onRetry ? (
            <button type="button" onClick={onRetry}>
              Retry
            </button>
          ) : null}
          {onDismiss ? (
            <button type="button" onClick={onDismiss}>
              Dismiss
            </button>
          ) : null}
        </span>
      ) : null}
    </div>
  );
}
