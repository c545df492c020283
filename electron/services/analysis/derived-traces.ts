// The derived traces the waveform browser offers where dspeed's WaveformBrowser would run a DSP
// chain, described as data so the UI builds each parameter editor generically, and computed here.
// Each trace is a short chain on the raw samples, as in LEGEND's DSP configs:
//   baseline_subtracted = bl(wf)          moving_average = mwa(bl(wf))
//   pole_zero = pz(bl(wf))                trapezoid = trap_norm(pz(bl(wf)))
// Every time parameter is in the waveform's dt unit (ns for LEGEND data).
import { AnalysisError } from "./errors.ts";
import {
  movingAverage,
  poleZero,
  subtractBaseline,
  trapezoid,
  type Trace,
  type Waveform,
} from "./waveform.ts";

export interface DerivedTraceParam {
  name: string;
  label: string;
  default: number;
  unit: string;
  min: number;
  max: number;
}

export interface DerivedTraceSpec {
  id: DerivedTraceId;
  label: string;
  /** One line for a tooltip: what the trace is and which dspeed processor it mirrors. */
  description: string;
  params: readonly DerivedTraceParam[];
}

export type DerivedTraceId = "baseline_subtracted" | "moving_average" | "pole_zero" | "trapezoid";

const BASELINE_PARAMS: readonly DerivedTraceParam[] = [
  { name: "baselineStart", label: "Baseline from", default: 0, unit: "ns", min: 0, max: 1e7 },
  { name: "baselineEnd", label: "Baseline to", default: 4000, unit: "ns", min: 1, max: 1e7 },
];
const TAU_PARAM: DerivedTraceParam = {
  name: "tau",
  label: "Decay time τ",
  default: 400_000,
  unit: "ns",
  min: 1,
  max: 1e9,
};

export const DERIVED_TRACES: readonly DerivedTraceSpec[] = [
  {
    id: "baseline_subtracted",
    label: "Baseline subtracted",
    description: "Samples minus the mean of the baseline window (offsets from the first sample).",
    params: BASELINE_PARAMS,
  },
  {
    id: "moving_average",
    label: "Moving-window average",
    description: "Baseline-subtracted, then averaged over a trailing window (dspeed moving_window_left).",
    params: [
      ...BASELINE_PARAMS,
      { name: "length", label: "Window", default: 96, unit: "ns", min: 1, max: 1e6 },
    ],
  },
  {
    id: "pole_zero",
    label: "Pole-zero corrected",
    description: "Baseline-subtracted, then the exponential decay removed (dspeed pole_zero).",
    params: [...BASELINE_PARAMS, TAU_PARAM],
  },
  {
    id: "trapezoid",
    label: "Trapezoidal filter",
    description:
      "Baseline-subtracted, pole-zero corrected, then a trapezoid normalised by its rise (dspeed trap_norm).",
    params: [
      ...BASELINE_PARAMS,
      TAU_PARAM,
      { name: "rise", label: "Rise", default: 5000, unit: "ns", min: 1, max: 1e6 },
      { name: "flat", label: "Flat top", default: 1500, unit: "ns", min: 0, max: 1e6 },
    ],
  },
];

export function derivedTraceSpec(id: string): DerivedTraceSpec {
  const spec = DERIVED_TRACES.find((s) => s.id === id);
  if (spec === undefined)
    throw new AnalysisError(
      `unknown derived trace '${id}'; known: ${DERIVED_TRACES.map((s) => s.id).join(", ")}`,
    );
  return spec;
}

/** Defaults filled in, unknown names refused, every value checked against its bounds. */
export function resolveParams(
  spec: DerivedTraceSpec,
  given: Readonly<Record<string, number>>,
): Record<string, number> {
  for (const name of Object.keys(given))
    if (!spec.params.some((p) => p.name === name))
      throw new AnalysisError(`derived trace '${spec.id}' has no parameter '${name}'`);
  const out: Record<string, number> = {};
  for (const p of spec.params) {
    const value = given[p.name] ?? p.default;
    if (typeof value !== "number" || !Number.isFinite(value) || value < p.min || value > p.max)
      throw new AnalysisError(
        `${spec.label}: ${p.label} must be a number from ${p.min} to ${p.max} ${p.unit}, got ${String(value)}`,
      );
    out[p.name] = value;
  }
  return out;
}

/** Computes derived trace `id` of one waveform with the given parameters (defaults for the rest). */
export function computeDerivedTrace(
  id: string,
  wf: Waveform,
  params: Readonly<Record<string, number>> = {},
): Trace {
  const spec = derivedTraceSpec(id);
  const p = resolveParams(spec, params);
  const blsub = subtractBaseline(wf, p.baselineStart!, p.baselineEnd!);
  switch (spec.id) {
    case "baseline_subtracted":
      return blsub;
    case "moving_average":
      return movingAverage(blsub, p.length!);
    case "pole_zero":
      return poleZero(blsub, p.tau!);
    case "trapezoid":
      return trapezoid(poleZero(blsub, p.tau!), p.rise!, p.flat!);
  }
}
