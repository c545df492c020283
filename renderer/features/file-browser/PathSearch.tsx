import { type KeyboardEvent, useEffect, useState } from "react";
import type { Lh5PathMatches } from "../../../shared/api/file-browser.ts";
import { type SerializedError, serializeError } from "../../../shared/api/errors.ts";
import { useApi } from "../../app/api-context.ts";
import { ErrorMessage } from "../../components/ErrorMessage.tsx";
import { describeNode } from "./tree-model.ts";

interface Props {
  path: string;
  /** Opens the groups above a hit and focuses it. */
  onReveal: (path: string) => void;
}

const SEARCH_DELAY_MS = 200;

/** A search over every path of the file (the service lists the whole file once): hits are revealed in the tree. */
export function PathSearch({ path, onReveal }: Props) {
  const api = useApi();
  const [query, setQuery] = useState("");
  const [result, setResult] = useState<{ query: string; found: Lh5PathMatches } | null>(null);
  const [error, setError] = useState<SerializedError | null>(null);
  const [active, setActive] = useState(0);

  useEffect(() => {
    const text = query.trim();
    if (text === "") return;
    let current = true;
    const timer = setTimeout(() => {
      api.searchLh5Paths({ path, query: text, limit: 200 }).then(
        (found) => {
          if (!current) return;
          setResult({ query: text, found });
          setActive(0);
          setError(null);
        },
        (failure: unknown) => current && setError(serializeError(failure)),
      );
    }, SEARCH_DELAY_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [api, path, query]);

  // a result is shown only while the box still holds its query
  const shown = result !== null && result.query === query.trim() ? result : null;
  const matches = shown?.found.matches ?? [];
  const choose = (index: number) => {
    const hit = matches[index];
    if (!hit) return;
    onReveal(hit.path);
    setQuery("");
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === "ArrowDown") setActive((i) => Math.min(matches.length - 1, i + 1));
    else if (event.key === "ArrowUp") setActive((i) => Math.max(0, i - 1));
    else if (event.key === "Enter") choose(active);
    else if (event.key === "Escape") setQuery("");
    else return;
    event.preventDefault();
  };

  return (
    <div className="path-search">
      <input
        type="search"
        placeholder="Search paths…"
        aria-label="Search paths"
        value={query}
        onChange={(event) => setQuery(event.target.value)}
        onKeyDown={onKeyDown}
      />
      {error ? <ErrorMessage error={error} onDismiss={() => setError(null)} /> : null}
      {shown ? (
        <ul role="listbox" aria-label="Matching paths" className="path-search-hits">
          {matches.length === 0 ? (
            <li className="path-search-none">No path contains “{shown.query}”</li>
          ) : null}
          {matches.map((hit, index) => (
            <li
              key={hit.path}
              role="option"
              aria-selected={index === active}
              onMouseDown={(event) => {
                event.preventDefault();
                choose(index);
              }}
            >
              <span className="file-tree-name">{hit.path}</span>
              <span className="file-tree-type">{describeNode(hit)}</span>
            </li>
          ))}
          {shown.found.truncated ? <li className="path-search-none">More paths match: type more</li> : null}
        </ul>
      ) : null}
    </div>
  );
}
