import { formatCount } from "../../components/format.ts";
import type { StatsRow } from "./stats.ts";

function formatValue(x: number): string {
  if (!Number.isFinite(x)) return "–";
  return Math.abs(x) >= 1e6 || (Math.abs(x) < 1e-3 && x !== 0) ? x.toExponential(4) : x.toPrecision(6);
}

/** A value and its error, the error to two significant digits. */
function withError(value: number, error: number): string {
  if (!Number.isFinite(error) || error <= 0) return formatValue(value);
  return `${formatValue(value)} ± ${error.toPrecision(2)}`;
}

interface Props {
  rows: { label: string; stats: StatsRow }[];
  /** 2-D: the correlation factor of x and y. */
  correlation?: number;
}

/** One line of the box: a quantity, one cell per series. */
const LINES: { stat: string; label: string; title?: string; show: (s: StatsRow) => string }[] = [
  { stat: "entries", label: "entries", show: (s) => formatCount(s.entries) },
  { stat: "mean", label: "mean", show: (s) => withError(s.mean, s.meanError) },
  { stat: "std", label: "std dev", show: (s) => withError(s.std, s.stdError) },
  {
    stat: "skewness",
    label: "skewness",
    title: "from the bins",
    show: (s) => withError(s.skewness, s.skewnessError),
  },
  {
    stat: "integral",
    label: "integral",
    title: "sum of the bins in range",
    show: (s) => formatCount(s.integral),
  },
  { stat: "underflow", label: "underflow", show: (s) => formatCount(s.underflow) },
  { stat: "overflow", label: "overflow", show: (s) => formatCount(s.overflow) },
  { stat: "nan", label: "NaN", show: (s) => formatCount(s.nan) },
];

/** ROOT-style statistics, one column per series: entries, mean, std, skewness with errors, integral, under/overflow. */
export function StatsBox({ rows, correlation }: Props) {
  return (
    <table className="stats-box" data-testid="histogram-stats">
      <thead>
        <tr>
          <th />
          {rows.map(({ label }) => (
            <th key={label}>{label}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {LINES.map((line) => (
          <tr key={line.stat}>
            <th title={line.title}>{line.label}</th>
            {rows.map(({ label, stats }) => (
              <td key={label} data-stat={line.stat}>
                {line.show(stats)}
              </td>
            ))}
          </tr>
        ))}
        {correlation !== undefined ? (
          <tr>
            <th title="from the bins">correlation</th>
            <td data-stat="correlation" colSpan={rows.length}>
              {formatValue(correlation)}
            </td>
          </tr>
        ) : null}
      </tbody>
    </table>
  );
}
