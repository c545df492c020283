import type { SkippedCycle } from "../../../shared/api/types.ts";

interface Props {
  skipped: readonly SkippedCycle[];
}

/** Cycles a count left out because a tier file is missing (e.g. archived raw files), each with why. */
export function SkippedCycles({ skipped }: Props) {
  if (skipped.length === 0) return null;
  return (
    <details className="skipped-cycles" data-testid="skipped-cycles">
      <summary role="status">
        {skipped.length} cycle{skipped.length === 1 ? "" : "s"} skipped (missing tier file)
      </summary>
      <ul>
        {skipped.map(({ cycle, reason }) => (
          <li key={cycle}>
            <code>{cycle}</code>: {reason}
          </li>
        ))}
      </ul>
    </details>
  );
}
