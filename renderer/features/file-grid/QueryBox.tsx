import { useEffect, useRef } from "react";
import { serializeError, type SerializedError } from "../../../shared/api/errors.ts";
import { useApi } from "../../app/api-context.ts";
import { useAppStore, useAppStoreApi } from "../../stores/store.ts";
import { formatCount } from "../../components/format.ts";
import { SelectionRule } from "./SelectionRule.tsx";

const VALIDATE_DELAY_MS = 300;

/** The query text with the offending part marked, as a physicist reads a compiler error. */
function ErrorHighlight({ text, error }: { text: string; error: SerializedError }) {
  const start = Math.max(0, Math.min(text.length, error.position ?? 0));
  const end = Math.max(start + 1, Math.min(text.length, error.end ?? start + 1));
  return (
    <div className="file-query-error" data-testid="file-query-error" role="alert">
      <code className="query-echo">
        {text.slice(0, start)}
        <mark>{text.slice(start, end) || " "}</mark>
        {text.slice(end)}
      </code>
      <div>
        {error.position !== undefined && !error.message.includes(`at ${error.position}`)
          ? `at ${error.position}: `
          : ""}
        {error.message}
      </div>
    </div>
  );
}

/** The FileDB query box (shared query language); a valid query is applied as you type. */
export function QueryBox() {
  const api = useApi();
  const store = useAppStoreApi();
  const draft = useAppStore((state) => state.queryDraft);
  const error = useAppStore((state) => state.queryError);
  const matched = useAppStore((state) => state.matchedRows);
  const total = useAppStore((state) => state.totalRows);
  const sequence = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const validate = (text: string) => {
    clearTimeout(timer.current);
    const mine = ++sequence.current;
    if (text.trim() === "") {
      store.getState().queryApplied("");
      return;
    }
    api.queryInventory({ query: text, offset: 0, limit: 0 }).then(
      () => {
        if (mine === sequence.current) store.getState().queryApplied(text);
      },
      (failure: unknown) => {
        if (mine === sequence.current) store.getState().queryRejected(serializeError(failure));
      },
    );
  };

  useEffect(() => () => clearTimeout(timer.current), []);

  return (
    <div className="query-box">
      <label className="query-label" htmlFor="file-query">
        Query
      </label>
      <input
        id="file-query"
        data-testid="file-query"
        type="text"
        className={error ? "query-input query-input-error" : "query-input"}
        placeholder="e.g. type == 'cal' and run in ['r001', 'r002']"
        spellCheck={false}
        autoComplete="off"
        value={draft}
        aria-invalid={error !== null}
        onChange={(event) => {
          const text = event.target.value;
          store.getState().queryTyped(text);
          clearTimeout(timer.current);
          timer.current = setTimeout(() => validate(text), VALIDATE_DELAY_MS);
        }}
        onKeyDown={(event) => {
          if (event.key === "Enter") validate(draft);
          if (event.key === "Escape") {
            store.getState().queryTyped("");
            validate("");
          }
        }}
      />
      <span className="query-count" data-testid="file-count">
        {matched !== null && total !== null ? `${formatCount(matched)} of ${formatCount(total)} cycles` : ""}
      </span>
      <SelectionRule />
      {error ? <ErrorHighlight text={draft} error={error} /> : null}
    </div>
  );
}
