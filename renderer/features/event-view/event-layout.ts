// Where each hit of an event goes on screen: germanium detectors in one column per string (top to bottom
// by position, as in the array), SiPMs and other channels in their own groups; and the trace of one hit as
// a small SVG path.
import type { EventView } from "../../../shared/api/types.ts";

export interface HitGroup {
  /** e.g. `string 8`, `SiPM`, `other`. */
  label: string;
  /** Hit indices in the event view, top to bottom. */
  hits: number[];
}

/** Groups of hits: one per germanium string (ascending), then SiPMs, then everything else. */
export function hitGroups(view: Pick<EventView, "identity">): HitGroup[] {
  const { identity } = view;
  const strings = new Map<number, number[]>();
  const spms: number[] = [];
  const other: number[] = [];
  for (let i = 0; i < identity.channel.length; i++) {
    const channel = identity.channels[identity.channel[i]!]!;
    if (channel.system === "geds" && channel.string !== null) {
      const list = strings.get(channel.string) ?? [];
      list.push(i);
      strings.set(channel.string, list);
    } else if (channel.system === "spms") spms.push(i);
    else other.push(i);
  }
  const groups: HitGroup[] = [...strings.entries()]
    .sort(([a], [b]) => a - b)
    .map(([string, hits]) => ({ label: `string ${string}`, hits }));
  if (spms.length > 0) groups.push({ label: "SiPM", hits: spms });
  if (other.length > 0) groups.push({ label: "other", hits: other });
  return groups;
}

/**
 * An SVG path (`M x y L …`) of samples drawn into width × height, at most two points (min and max) per
 * pixel column so a long trace stays cheap; "" when there is nothing finite to draw.
 */
export function sparkPath(samples: ArrayLike<number>, width: number, height: number): string {
  let lo = Infinity;
  let hi = -Infinity;
  for (let s = 0; s < samples.length; s++) {
    const v = samples[s]!;
    if (Number.isFinite(v)) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  }
  if (lo > hi) return "";
  const span = hi - lo || 1;
  const y = (v: number) => (height - ((v - lo) / span) * height).toFixed(1);
  const columns = Math.max(1, Math.min(width, samples.length));
  const parts: string[] = [];
  for (let c = 0; c < columns; c++) {
    const from = Math.floor((c * samples.length) / columns);
    const to = Math.max(from + 1, Math.floor(((c + 1) * samples.length) / columns));
    let min = Infinity;
    let max = -Infinity;
    for (let s = from; s < to; s++) {
      const v = samples[s]!;
      if (Number.isFinite(v)) {
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
    }
    if (min > max) continue;
    const x = ((c / Math.max(1, columns - 1)) * width).toFixed(1);
    parts.push(`${parts.length === 0 ? "M" : "L"}${x} ${y(min)}`);
    if (max !== min) parts.push(`L${x} ${y(max)}`);
  }
  return parts.join(" ");
}

/** Energies and the usual pulse-shape values, shown per channel when the legend names none. */
const DEFAULT_VALUE_COLUMNS = ["cuspEmax_ctc_cal", "trapEmax", "energy", "AoE_Classifier", "tp_0_est"];

/** The event view's value columns: the legend's, else those of the usual ones the dataset has. */
export function eventValueColumns(legendColumns: readonly string[], available: readonly string[]): string[] {
  const chosen = legendColumns.filter((c) => c !== "");
  if (chosen.length > 0) return [...new Set(chosen)];
  const names = new Set(available);
  return DEFAULT_VALUE_COLUMNS.filter((c) => names.has(c));
}
