// Two views of a waveform that the WaveformBrowser leaves to a notebook: its time derivative (where a pulse
// rises, and the current a detector saw) and its power spectrum (noise lines, microphonics). The spectrum is
// the one-sided periodogram of the whole trace with no window and no detrending, scaled as a density, as
// scipy.signal.periodogram(x, fs=1/dt) computes it; the DFT has the trace's own length (Bluestein's method
// for lengths that are not powers of two), so frequencies are exactly k / (n dt).
import { AnalysisError } from "./errors.ts";
import type { Trace, Waveform } from "./waveform.ts";

/** dv/dt by central differences (one-sided at both ends), in ADC per time unit of dt. */
export function derivative(wf: Waveform): Trace {
  const n = wf.values.length;
  if (!(wf.dt > 0)) throw new AnalysisError(`derivative: waveform dt must be positive, got ${wf.dt}`);
  const out = new Float64Array(n);
  if (n < 2) return { t0: wf.t0, dt: wf.dt, values: out };
  const v = wf.values;
  out[0] = (v[1]! - v[0]!) / wf.dt;
  out[n - 1] = (v[n - 1]! - v[n - 2]!) / wf.dt;
  for (let i = 1; i < n - 1; i++) out[i] = (v[i + 1]! - v[i - 1]!) / (2 * wf.dt);
  return { t0: wf.t0, dt: wf.dt, values: out };
}

export interface PowerSpectrum {
  /** k / (n dt) for k = 0 … floor(n/2), in 1 / (the unit of dt): GHz for dt in ns. */
  frequency: Float64Array;
  /** One-sided power spectral density, in ADC² × (the unit of dt). */
  density: Float64Array;
}

/** The one-sided periodogram of a trace (scipy.signal.periodogram with fs = 1/dt, boxcar window, no detrend). */
export function powerSpectrum(wf: Waveform): PowerSpectrum {
  const n = wf.values.length;
  if (n < 2) throw new AnalysisError(`a power spectrum needs at least 2 samples, got ${n}`);
  if (!(wf.dt > 0)) throw new AnalysisError(`power spectrum: waveform dt must be positive, got ${wf.dt}`);
  const re = Float64Array.from(wf.values as ArrayLike<number>);
  const im = new Float64Array(n);
  dft(re, im);
  const half = Math.floor(n / 2);
  const frequency = new Float64Array(half + 1);
  const density = new Float64Array(half + 1);
  const scale = wf.dt / n; // |X|² dt / n: the density of a two-sided spectrum
  for (let k = 0; k <= half; k++) {
    frequency[k] = k / (n * wf.dt);
    const power = (re[k]! * re[k]! + im[k]! * im[k]!) * scale;
    // one-sided: every frequency but 0 and (for even n) Nyquist also stands for its negative twin
    density[k] = k === 0 || (n % 2 === 0 && k === half) ? power : 2 * power;
  }
  return { frequency, density };
}

/** In-place DFT of any length: radix-2 when n is a power of two, else Bluestein's chirp-z over one. */
export function dft(re: Float64Array, im: Float64Array): void {
  const n = re.length;
  if (im.length !== n) throw new AnalysisError("dft: real and imaginary parts differ in length");
  if (n <= 1) return;
  if ((n & (n - 1)) === 0) fftRadix2(re, im, false);
  else bluestein(re, im);
}

/** Iterative radix-2 FFT (n a power of two); `inverse` without the 1/n. */
function fftRadix2(re: Float64Array, im: Float64Array, inverse: boolean): void {
  const n = re.length;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      [re[i], re[j]] = [re[j]!, re[i]!];
      [im[i], im[j]] = [im[j]!, im[i]!];
    }
  }
  const sign = inverse ? 1 : -1;
  for (let size = 2; size <= n; size *= 2) {
    const step = (sign * 2 * Math.PI) / size;
    for (let start = 0; start < n; start += size) {
      for (let k = 0; k < size / 2; k++) {
        const wr = Math.cos(step * k);
        const wi = Math.sin(step * k);
        const a = start + k;
        const b = a + size / 2;
        const xr = re[b]! * wr - im[b]! * wi;
        const xi = re[b]! * wi + im[b]! * wr;
        re[b] = re[a]! - xr;
        im[b] = im[a]! - xi;
        re[a]! += xr;
        im[a]! += xi;
      }
    }
  }
}

/** X_k = conj(w_k) Σ_j (x_j conj(w_j)) w_{k-j} with w_j = exp(iπ j²/n): a convolution done by power-of-two FFTs. */
function bluestein(re: Float64Array, im: Float64Array): void {
  const n = re.length;
  let m = 1;
  while (m < 2 * n - 1) m *= 2;
  const wr = new Float64Array(n);
  const wi = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    // j² mod 2n keeps the angle small, so cos/sin stay accurate for long traces
    const angle = (Math.PI * ((j * j) % (2 * n))) / n;
    wr[j] = Math.cos(angle);
    wi[j] = Math.sin(angle);
  }
  const ar = new Float64Array(m);
  const ai = new Float64Array(m);
  for (let j = 0; j < n; j++) {
    ar[j] = re[j]! * wr[j]! + im[j]! * wi[j]!; // x · conj(w)
    ai[j] = im[j]! * wr[j]! - re[j]! * wi[j]!;
  }
  const br = new Float64Array(m);
  const bi = new Float64Array(m);
  br[0] = wr[0]!;
  bi[0] = wi[0]!;
  for (let j = 1; j < n; j++) {
    br[j] = br[m - j] = wr[j]!;
    bi[j] = bi[m - j] = wi[j]!;
  }
  fftRadix2(ar, ai, false);
  fftRadix2(br, bi, false);
  for (let k = 0; k < m; k++) {
    const r = ar[k]! * br[k]! - ai[k]! * bi[k]!;
    ai[k] = ar[k]! * bi[k]! + ai[k]! * br[k]!;
    ar[k] = r;
  }
  fftRadix2(ar, ai, true);
  for (let k = 0; k < n; k++) {
    const cr = ar[k]! / m;
    const ci = ai[k]! / m;
    re[k] = cr * wr[k]! + ci * wi[k]!; // · conj(w_k)
    im[k] = ci * wr[k]! - cr * wi[k]!;
  }
}
