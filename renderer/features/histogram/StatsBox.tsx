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

/** ROOT-style statistics per series: entries, mean, std, skewness with errors, integral, under/overflow. */
export function StatsBox({ rows, correlation }: Props) {
  return (
    <table className="stats-box" data-testid="histogram-stats">
      <thead>
        <tr>
          <th />
          <th>entries</th>
          <th>mean</th>
          <th>std</th>
          <th title="from the bins">skewness</th>
          <th title="sum of the bins in range">integral</th>
          <th>underflow</th>
          <th>overflow</th>
          <th>NaN</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(({ label, stats }) => (
          <tr key={label}>
            <th>{label}</th>
            <td data-stat="entries">{formatCount(stats.entries)}</td>
            <td data-stat="mean">{withError(stats.mean, stats.meanError)}</td>
            <td data-stat="std">{withError(stats.std, stats.stdError)}</td>
            <td data-stat="skewness">{withError(stats.skewness, stats.skewnessError)}</td>
            <td data-stat="integral">{formatCount(stats.integral)}</td>
            <td>{formatCount(stats.underflow)}</td>
            <td>{formatCount(stats.overflow)}</td>
            <td>{formatCount(stats.nan)}</td>
          </tr>
        ))}
      </tbody>
      {correlation !== undefined ? (
        <tfoot>
          <tr>
            <th>correlation</th>
            <td data-stat="correlation" colSpan={8}>
              {formatValue(correlation)}
            </td>
          </tr>
        </tfoot>
      ) : null}
    </table>
  );
}
