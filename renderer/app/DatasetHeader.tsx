import { useState } from "react";
import { useAppStore } from "../stores/store.ts";

/** Which dataset is open, where from, and what the scan could not use. */
export function DatasetHeader() {
  const dataset = useAppStore((state) => state.dataset);
  const [showProblems, setShowProblems] = useState(false);
  if (!dataset) return null;
  return (
    <div className="dataset-header">
      <span className="dataset-label" title={dataset.sourcePath}>
        {dataset.label}
      </span>
      <span className="muted">
        {dataset.nCycles} cycles · tiers {dataset.tiers.join(", ")}
      </span>
      {dataset.problems.length > 0 ? (
        <button type="button" className="problems-button" onClick={() => setShowProblems((v) => !v)}>
          {dataset.problems.length} scan problem{dataset.problems.length === 1 ? "" : "s"}
        </button>
      ) : null}
      {showProblems ? (
        <ul className="problems-list">
          {dataset.problems.map((problem, index) => (
            <li key={index}>
              {problem.tier ? <b>{problem.tier}: </b> : null}
              <code>{problem.file}</code> — {problem.reason}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
