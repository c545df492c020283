import { useEffect, useMemo, useRef, useState } from "react";
import type { ColumnInfo } from "../../../shared/api/types.ts";
import type { SerializedError } from "../../../shared/api/errors.ts";
import type { CutLevel } from "../../stores/cuts-slice.ts";
import { useAppStore, useAppStoreApi } from "../../stores/store.ts";
import { applyCompletion, completions, wordAt, type WordAtCaret } from "./completion.ts";
import { columnsOfCut } from "./data-selection.ts";
import { highlightSegments } from "./highlight.ts";
import { validateCut } from "./validate.ts";

interface Props {
  level: CutLevel;
}

const NO_COLUMNS: readonly ColumnInfo[] = [];
/** A cut is applied (and counted) once typing pauses this long; Enter applies at once. */
export const TYPING_DEBOUNCE_MS = 250;

/** The cut with its tokens coloured and the error span underlined (drawn under the transparent input). */
function Highlight({ text, error }: { text: string; error: SerializedError | null }) {
  const segments = highlightSegments(text);
  const start = error?.position;
  const end = error ? Math.max(error.end ?? (start ?? 0) + 1, (start ?? 0) + 1) : undefined;
  return (
    <div className="cut-highlight" aria-hidden="true">
      {segments.map((segment, index) => {
        const after = segment.start + segment.text.length;
        const marked = start !== undefined && end !== undefined && segment.start < end && after > start;
        return (
          <span key={index} className={`tok-${segment.kind}${marked ? " tok-error" : ""}`}>
            {segment.text}
          </span>
        );
      })}
      {start !== undefined && start >= text.length ? <span className="tok-error"> </span> : null}
    </div>
  );
}

/** The message and a caret under the offending part of the cut. */
function CutError({ level, text, error }: { level: CutLevel; text: string; error: SerializedError }) {
  const start = Math.max(0, Math.min(text.length, error.position ?? 0));
  const end = Math.max(start + 1, Math.min(text.length, error.end ?? start + 1));
  return (
    <div
      className="cut-error"
      data-testid="cut-error"
      data-level={level}
      data-position={error.position}
      role="alert"
    >
      <pre className="cut-error-echo">
        {text}
        {"\n"}
        {" ".repeat(start)}
        {"^".repeat(Math.max(1, end - start))}
      </pre>
      <div>{error.message}</div>
    </div>
  );
}

function SavedCuts({
  level,
  text,
  onLoad,
}: {
  level: CutLevel;
  text: string;
  onLoad: (text: string) => void;
}) {
  const store = useAppStoreApi();
  const saved = useAppStore((state) => state.savedCuts);
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState("");
  const mine = saved.filter((cut) => cut.level === level);
  const save = () => {
    if (name.trim() === "" || text.trim() === "") return;
    store.getState().cutSaved({ name: name.trim(), level, text: text.trim() });
    setNaming(false);
    setName("");
  };
  return (
    <span className="saved-cuts">
      {naming ? (
        <input
          autoFocus
          data-testid={`cut-save-name-${level}`}
          placeholder="name, Enter saves"
          value={name}
          onChange={(event) => setName(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === "Enter") save();
            if (event.key === "Escape") setNaming(false);
          }}
          onBlur={() => setNaming(false)}
        />
      ) : (
        <button
          type="button"
          data-testid={`cut-save-${level}`}
          disabled={text.trim() === ""}
          onClick={() => setNaming(true)}
        >
          Save…
        </button>
      )}
      <select
        aria-label={`Saved ${level} cuts`}
        data-testid={`cut-saved-${level}`}
        value=""
        onChange={(event) => {
          const cut = mine.find((c) => c.name === event.target.value);
          if (cut) onLoad(cut.text);
        }}
      >
        <option value="">Saved ({mine.length})</option>
        {mine.map((cut) => (
          <option key={cut.name} value={cut.name} title={cut.text}>
            {cut.name}
          </option>
        ))}
      </select>
    </span>
  );
}

/** One cut editor (hit or evt level): highlighting, completion, instant validation; Enter applies. */
export function CutEditor({ level }: Props) {
  const store = useAppStoreApi();
  const draft = useAppStore((state) => state.cutDrafts[level]);
  const error = useAppStore((state) => state.cutErrors[level]);
  const allColumns = useAppStore((state) => state.columnList ?? NO_COLUMNS);
  const levels = useAppStore((state) => state.dataset?.levels);
  const columns = useMemo(() => columnsOfCut(allColumns, levels ?? [], level), [allColumns, levels, level]);
  const known = useMemo(
    () => (allColumns === NO_COLUMNS ? null : new Set(columns.map((c) => c.name))),
    [allColumns, columns],
  );
  const input = useRef<HTMLInputElement>(null);
  const highlight = useRef<HTMLDivElement>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const [word, setWord] = useState<WordAtCaret | null>(null);
  const [active, setActive] = useState(-1);
  const suggestions = word ? completions(columns, word.prefix) : [];

  useEffect(() => () => clearTimeout(timer.current), []);

  const apply = (text: string) => {
    clearTimeout(timer.current);
    const problem = validateCut(text, known);
    if (problem) store.getState().cutRejected(level, problem);
    else store.getState().cutApplied(level, text);
  };

  const edit = (text: string, caret: number) => {
    store.getState().cutTyped(level, text);
    setWord(wordAt(text, caret));
    setActive(-1);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => apply(text), TYPING_DEBOUNCE_MS);
  };

  const accept = (column: ColumnInfo) => {
    if (!word) return;
    const next = applyCompletion(draft, word, column.name);
    edit(next.text, next.caret);
    setWord(null);
    requestAnimationFrame(() => input.current?.setSelectionRange(next.caret, next.caret));
  };

  return (
    <div className="cut-editor" data-testid={`cut-editor-${level}-box`}>
      <label className="cut-label" htmlFor={`cut-${level}`}>
        {level} cut
      </label>
      <div className="cut-input-wrap">
        <div ref={highlight} className="cut-highlight-clip">
          <Highlight text={draft} error={error} />
        </div>
        <input
          ref={input}
          id={`cut-${level}`}
          data-testid={`cut-editor-${level}`}
          className={error ? "cut-input cut-input-error" : "cut-input"}
          type="text"
          spellCheck={false}
          autoComplete="off"
          placeholder={
            level === "hit" ? "e.g. trapEmax > 5000 and ~is_pulser" : "e.g. geds.multiplicity == 1"
          }
          value={draft}
          aria-invalid={error !== null}
          role="combobox"
          aria-expanded={suggestions.length > 0}
          aria-autocomplete="list"
          onChange={(event) =>
            edit(event.target.value, event.target.selectionStart ?? event.target.value.length)
          }
          onScroll={(event) => {
            if (highlight.current) highlight.current.scrollLeft = event.currentTarget.scrollLeft;
          }}
          onBlur={() => setTimeout(() => setWord(null), 150)}
          onKeyDown={(event) => {
            if (suggestions.length > 0 && (event.key === "ArrowDown" || event.key === "ArrowUp")) {
              event.preventDefault();
              const step = event.key === "ArrowDown" ? 1 : -1;
              setActive((active + step + suggestions.length) % suggestions.length);
            } else if (
              suggestions.length > 0 &&
              (event.key === "Tab" || (event.key === "Enter" && active >= 0))
            ) {
              event.preventDefault();
              accept(suggestions[Math.max(0, active)]!);
            } else if (event.key === "Enter") {
              setWord(null);
              apply(draft);
            } else if (event.key === "Escape") setWord(null);
          }}
        />
        {suggestions.length > 0 ? (
          <ul className="cut-completions" role="listbox" data-testid={`cut-completions-${level}`}>
            {suggestions.map((column, index) => (
              <li
                key={column.name}
                role="option"
                aria-selected={index === active}
                className={index === active ? "active" : undefined}
                onMouseDown={(event) => {
                  event.preventDefault();
                  accept(column);
                }}
              >
                <code>{column.name}</code>
                <span className="muted">
                  {" "}
                  {column.tier} · {column.lgdoType ?? column.dtype ?? "?"}
                  {column.units ? ` · ${column.units}` : ""}
                </span>
              </li>
            ))}
          </ul>
        ) : null}
      </div>
      <SavedCuts
        level={level}
        text={draft}
        onLoad={(text) => {
          store.getState().cutTyped(level, text);
          apply(text);
        }}
      />
      {error ? <CutError level={level} text={draft} error={error} /> : null}
    </div>
  );
}
