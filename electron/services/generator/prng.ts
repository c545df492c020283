// A small seeded PRNG (xoshiro128**, seeded through splitmix32) so a dataset is the same for the same
// seed on every machine and in any order of generation: each cycle draws from its own stream.
import { normalQuantile } from "./normal-quantile.ts";

/** splitmix32 step: spreads a 32-bit seed over the four xoshiro words. */
function splitmix32(state: { s: number }): number {
  state.s = (state.s + 0x9e3779b9) | 0;
  let z = state.s;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** One independent stream per (seed, stream ids), e.g. `new Rng(seed, cycle, channel)`. */
  constructor(seed: number, ...streams: number[]) {
    const state = { s: seed >>> 0 };
    for (const id of streams) state.s = (splitmix32(state) ^ Math.imul(id + 1, 0x27d4eb2d)) >>> 0;
    this.a = splitmix32(state);
    this.b = splitmix32(state);
    this.c = splitmix32(state);
    this.d = splitmix32(state);
    if ((this.a | this.b | this.c | this.d) === 0) this.a = 1; // the all-zero state is a fixed point
  }

  /** Next uniform 32-bit unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0;
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return result;
  }

  /** Uniform in [0, 1) with 32 random bits. */
  uniform(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform in (0, 1]: safe under a logarithm. */
  uniformPositive(): number {
    return (this.nextUint32() + 1) / 4294967296;
  }

  /** The largest of `count` independent standard normal deviates in one draw: Φ⁻¹ of U^(1/count), via its upper tail. */
  maxOfNormals(count: number): number {
    const uniformOpen = (this.nextUint32() + 0.5) / 4294967296; // in (0, 1): a finite quantile either way
    return -normalQuantile(-Math.expm1(Math.log(uniformOpen) / count));
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.uniform() * n);
  }

  /**
   * Standard normal deviate by the ziggurat method (Marsaglia & Tsang 2000): one 32-bit draw and one table
   * compare for ~99 % of the deviates, no logarithm or trigonometry, so a waveform's noise costs little.
   */
  normal(): number {
    return this.normalFrom(this.nextUint32());
  }

  /**
   * Fills `out[0..count)` with standard normal deviates: the same values as `count` calls of normal(), with the
   * generator's state held in locals through the loop (the per-sample noise of waveforms).
   */
  fillNormal(out: Float64Array, count = out.length): void {
    let { a, b, c, d } = this;
    for (let i = 0; i < count; i++) {
      const bits = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0;
      const t = b << 9;
      c ^= a;
      d ^= b;
      b ^= c;
      a ^= d;
      c ^= t;
      d = rotl(d, 11);
      const layer = bits & (ZIGGURAT_LAYERS - 1);
      const z = ((bits >>> 7) * 2 ** -24 - 1) * ZIGGURAT_X[layer]!;
      if (Math.abs(z) < ZIGGURAT_X[layer + 1]!) {
        out[i] = z;
        continue;
      }
      // The rare rest of the method draws more numbers: through the object's state.
      this.a = a;
      this.b = b;
      this.c = c;
      this.d = d;
      out[i] = this.normalFrom(bits);
      ({ a, b, c, d } = this);
    }
    this.a = a;
    this.b = b;
    this.c = c;
    this.d = d;
  }

  /** The ziggurat's deviate whose first 32-bit draw was `bits`. */
  private normalFrom(bits: number): number {
    for (;;) {
      // The low 7 bits pick the layer, the other 25 bits the signed position in it (no bit is used twice).
      const layer = bits & (ZIGGURAT_LAYERS - 1);
      const z = ((bits >>> 7) * 2 ** -24 - 1) * ZIGGURAT_X[layer]!;
      const size = Math.abs(z);
      if (size < ZIGGURAT_X[layer + 1]!) return z;
      if (layer === 0) return z < 0 ? -this.normalTail() : this.normalTail();
      const f0 = ZIGGURAT_F[layer]!;
      if (f0 + this.uniform() * (ZIGGURAT_F[layer + 1]! - f0) < Math.exp(-0.5 * size * size)) return z;
      bits = this.nextUint32();
    }
  }

  /** A deviate of the normal tail beyond ZIGGURAT_R (Marsaglia 1964). */
  private normalTail(): number {
    for (;;) {
      const a = -Math.log(this.uniformPositive()) / ZIGGURAT_R;
      const b = -Math.log(this.uniformPositive());
      if (2 * b >= a * a) return ZIGGURAT_R + a;
    }
  }

  /** Exponential deviate with the given mean. */
  exponential(mean: number): number {
    return -mean * Math.log(this.uniformPositive());
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.uniform() < p;
  }

  /** Index drawn from unnormalised weights. */
  weighted(weights: ArrayLike<number>): number {
    let total = 0;
    for (let i = 0; i < weights.length; i++) total += weights[i]!;
    let u = this.uniform() * total;
    for (let i = 0; i < weights.length; i++) {
      u -= weights[i]!;
      if (u < 0) return i;
    }
    return weights.length - 1;
  }
}

/** Layers of the ziggurat, the start of its tail and the area of each layer (Marsaglia & Tsang's 128-layer constants). */
const ZIGGURAT_LAYERS = 128;
const ZIGGURAT_R = 3.442619855899;
const ZIGGURAT_AREA = 9.91256303526217e-3;

/**
 * Right edges x[i] of the layers (x[0] the base strip's width including the tail, x[1] = R, decreasing to
 * x[128] = 0) and the density exp(-x²/2) at each edge: layer i spans [0, x[i]] × [f(x[i]), f(x[i+1])].
 */
const { x: ZIGGURAT_X, f: ZIGGURAT_F } = (() => {
  const x = new Float64Array(ZIGGURAT_LAYERS + 1);
  const f = new Float64Array(ZIGGURAT_LAYERS + 1);
  const density = (v: number): number => Math.exp(-0.5 * v * v);
  x[0] = ZIGGURAT_AREA / density(ZIGGURAT_R);
  x[1] = ZIGGURAT_R;
  for (let i = 1; i < ZIGGURAT_LAYERS - 1; i++) {
    x[i + 1] = Math.sqrt(-2 * Math.log(density(x[i]!) + ZIGGURAT_AREA / x[i]!));
  }
  x[ZIGGURAT_LAYERS] = 0;
  for (let i = 0; i <= ZIGGURAT_LAYERS; i++) f[i] = density(x[i]!);
  f[0] = 0; // the base strip reaches down to 0 (its part beyond R is the tail)
  return { x, f };
})();

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
