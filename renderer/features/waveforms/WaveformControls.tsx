import type { ColumnInfo } from "../../../shared/api/types.ts";
import type { DerivedTrace, WaveformSettings, WaveformView } from "../../stores/waveforms-slice.ts";

interface Props {
  settings: WaveformSettings;
  waveformColumns: readonly ColumnInfo[];
  scalarColumns: readonly ColumnInfo[];
  onChange: (settings: Partial<WaveformSettings>) => void;
}

const list = (text: string) =>
  text
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
const numberOrNull = (text: string) =>
  text.trim() === "" || !Number.isFinite(Number(text)) ? null : Number(text);

const DERIVED_DEFAULTS: Record<DerivedTrace["kind"], DerivedTrace> = {
  none: { kind: "none" },
  "moving-average": { kind: "moving-average", window: 160 },
  trapezoid: { kind: "trapezoid", rise: 1000, flat: 500 },
  "pole-zero": { kind: "pole-zero", tau: 50_000 },
};

/** The browser's settings: columns, legend, transforms, markers, units and limits. */
export function WaveformControls({ settings, waveformColumns, scalarColumns, onChange }: Props) {
  const derived = settings.derived;
  const param = (name: string, value: number, update: (v: number) => DerivedTrace) => (
    <label>
      {name} (ns)
      <input
        type="number"
        data-testid={`waveform-derived-${name}`}
        value={value}
        min={0}
        onChange={(e) => {
          const v = Number(e.target.value);
          if (Number.isFinite(v) && v > 0) onChange({ derived: update(v) });
        }}
      />
    </label>
  );
  return (
    <div className="waveform-controls">
      <datalist id="waveform-columns">
        {waveformColumns.map((c) => (
          <option key={`${c.tier}/${c.name}`} value={c.name} />
        ))}
      </datalist>
      <datalist id="scalar-columns">
        {scalarColumns.map((c) => (
          <option key={`${c.tier}/${c.name}`} value={c.name}>
            {c.tier}
            {c.units ? ` [${c.units}]` : ""}
          </option>
        ))}
      </datalist>
      <label>
        Waveforms
        <input
          data-testid="waveform-columns"
          list="waveform-columns"
          defaultValue={settings.columns.join(", ")}
          onBlur={(e) => onChange({ columns: list(e.target.value) })}
          onKeyDown={(e) => e.key === "Enter" && onChange({ columns: list(e.currentTarget.value) })}
        />
      </label>
      <label>
        Legend
        <input
          data-testid="waveform-legend"
          list="scalar-columns"
          defaultValue={settings.legendColumns.join(", ")}
          placeholder="e.g. cuspEmax_ctc_cal, AoE"
          onBlur={(e) => onChange({ legendColumns: list(e.target.value) })}
          onKeyDown={(e) => e.key === "Enter" && onChange({ legendColumns: list(e.currentTarget.value) })}
        />
      </label>
      <label>
        Baseline (samples)
        <input
          type="number"
          data-testid="waveform-baseline"
          min={0}
          value={settings.baselineSamples}
          onChange={(e) =>
            onChange({ baselineSamples: Math.max(0, Math.round(Number(e.target.value) || 0)) })
          }
        />
      </label>
      <label>
        Normalise by
        <input
          data-testid="waveform-normalize"
          list="scalar-columns"
          defaultValue={settings.normalizeBy}
          onBlur={(e) => onChange({ normalizeBy: e.target.value.trim() })}
          onKeyDown={(e) => e.key === "Enter" && onChange({ normalizeBy: e.currentTarget.value.trim() })}
        />
      </label>
      <label>
        Align at
        <input
          data-testid="waveform-align"
          list="scalar-columns"
          defaultValue={settings.alignAt}
          onBlur={(e) => onChange({ alignAt: e.target.value.trim() })}
          onKeyDown={(e) => e.key === "Enter" && onChange({ alignAt: e.currentTarget.value.trim() })}
        />
      </label>
      <label>
        Derived
        <select
          data-testid="waveform-derived"
          value={derived.kind}
          onChange={(e) => onChange({ derived: DERIVED_DEFAULTS[e.target.value as DerivedTrace["kind"]] })}
        >
          <option value="none">none</option>
          <option value="moving-average">moving average</option>
          <option value="trapezoid">trapezoid</option>
          <option value="pole-zero">pole-zero</option>
        </select>
      </label>
      {derived.kind === "moving-average"
        ? param("window", derived.window, (window) => ({ ...derived, window }))
        : null}
      {derived.kind === "trapezoid" ? (
        <>
          {param("rise", derived.rise, (rise) => ({ ...derived, rise }))}
          {param("flat", derived.flat, (flat) => ({ ...derived, flat }))}
        </>
      ) : null}
      {derived.kind === "pole-zero" ? param("tau", derived.tau, (tau) => ({ ...derived, tau })) : null}
      <label title="Draw each trace, its time derivative dv/dt, or its power spectrum (the x axis becomes frequency)">
        View
        <select
          data-testid="waveform-view-kind"
          value={settings.view}
          onChange={(e) => onChange({ view: e.target.value as WaveformView })}
        >
          <option value="samples">samples</option>
          <option value="derivative">derivative dv/dt</option>
          <option value="spectrum">power spectrum</option>
        </select>
      </label>
      <label>
        Time markers
        <input
          data-testid="waveform-time-markers"
          list="scalar-columns"
          defaultValue={settings.timeMarkers.join(", ")}
          placeholder="e.g. tp_0_est"
          onBlur={(e) => onChange({ timeMarkers: list(e.target.value) })}
        />
      </label>
      <label>
        Amplitude markers
        <input
          data-testid="waveform-amplitude-markers"
          list="scalar-columns"
          defaultValue={settings.amplitudeMarkers.join(", ")}
          onBlur={(e) => onChange({ amplitudeMarkers: list(e.target.value) })}
        />
      </label>
      <label>
        Time
        <select
          data-testid="waveform-time-unit"
          value={settings.timeUnit}
          onChange={(e) => onChange({ timeUnit: e.target.value === "us" ? "us" : "ns" })}
        >
          <option value="ns">ns</option>
          <option value="us">µs</option>
        </select>
      </label>
      {(["x", "y"] as const).map((axis) => {
        const key = axis === "x" ? "xLimits" : "yLimits";
        const [lo, hi] = settings[key];
        return (
          <label key={axis}>
            {axis} limits
            <input
              className="limit"
              aria-label={`${axis} low`}
              defaultValue={lo ?? ""}
              onBlur={(e) => onChange({ [key]: [numberOrNull(e.target.value), hi] })}
            />
            <input
              className="limit"
              aria-label={`${axis} high`}
              defaultValue={hi ?? ""}
              onBlur={(e) => onChange({ [key]: [lo, numberOrNull(e.target.value)] })}
            />
          </label>
        );
      })}
    </div>
  );
}
