import type { HistogramStats } from "../../../shared/api/types.ts";
import { formatCount } from "../../components/format.ts";

function formatValue(x: number): string {
  if (!Number.isFinite(x)) return "–";
  return Math.abs(x) >= 1e6 || (Math.abs(x) < 1e-3 && x !== 0) ? x.toExponential(4) : x.toPrecision(6);
}

/** ROOT-style statistics per series: entries, mean, std, under/overflow. */
export function StatsBox({ rows }: { rows: { label: string; stats: HistogramStats }[] }) {
  return (
    <table className="stats-box" data-testid="histogram-stats">
      <thead>
        <tr>
          <th />
          <th>entries</th>
          <th>mean</th>
          <th>std</th>
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
            <td>{formatValue(stats.mean)}</td>
            <td>{formatValue(stats.std)}</td>
            <td>{formatCount(stats.underflow)}</td>
            <td>{formatCount(stats.overflow)}</td>
            <td>{formatCount(stats.nan)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
