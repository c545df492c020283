// 2-D histograms (column vs column), filled chunk by chunk. Each axis follows the 1-D bin rule of
// binning.ts. counts is row-major with x as the row, as numpy.histogram2d's H[ix, iy]:
// counts[ix * binsY + iy]. An entry is "in range" when both coordinates fall in a bin; entries with
// a NaN coordinate are counted in `nan`, the others outside in `outside` (and per side and axis).
import {
  autoRange,
  checkMask,
  locateBin,
  makeBinning,
  NOT_A_NUMBER,
  OVERFLOW,
  UNDERFLOW,
  type Binning,
  type EntryMask,
  type NumericArray,
} from "./binning.ts";
import { AnalysisError } from "./errors.ts";
import { sameBinning } from "./histogram.ts";

export interface Histogram2DStats {
  entries: number;
  meanX: number;
  meanY: number;
  stdX: number;
  stdY: number;
  /** Pearson correlation of the in-range (x, y) pairs; NaN with fewer than two distinct points. */
  correlation: number;
  /** Entries with x below / above the x range (whatever y is); likewise for y. */
  underflowX: number;
  overflowX: number;
  underflowY: number;
  overflowY: number;
  /** Entries with a finite-or-infinite pair that is not in range on both axes. */
  outside: number;
  /** Entries with x or y NaN. */
  nan: number;
  total: number;
}

export interface Histogram2DResult {
  edgesX: Float64Array;
  edgesY: Float64Array;
  binsX: number;
  binsY: number;
  /** counts[ix * binsY + iy]. */
  counts: Float64Array;
  stats: Histogram2DStats;
}

export interface Histogram2DOptions {
  binsX: number;
  binsY: number;
  rangeX?: readonly [number, number];
  rangeY?: readonly [number, number];
  logX?: boolean;
  logY?: boolean;
  mask?: EntryMask;
}

export class Histogram2D {
  readonly binningX: Binning;
  readonly binningY: Binning;
  private readonly counts: Float64Array;
  private readonly shiftX: number;
  private readonly shiftY: number;
  private entries = 0;
  private sx = 0;
  private sy = 0;
  private sxx = 0;
  private syy = 0;
  private sxy = 0;
  private underflowX = 0;
  private overflowX = 0;
  private underflowY = 0;
  private overflowY = 0;
  private outside = 0;
  private nan = 0;

  constructor(opts: {
    binsX: number;
    binsY: number;
    rangeX: readonly [number, number];
    rangeY: readonly [number, number];
    logX?: boolean;
    logY?: boolean;
  }) {
    this.binningX = makeBinning(opts.binsX, opts.rangeX, opts.logX ?? false);
    this.binningY = makeBinning(opts.binsY, opts.rangeY, opts.logY ?? false);
    if (opts.binsX * opts.binsY > 50_000_000)
      throw new AnalysisError(`2-D histogram of ${opts.binsX} × ${opts.binsY} bins is too large`);
    this.counts = new Float64Array(opts.binsX * opts.binsY);
    this.shiftX = (this.binningX.lo + this.binningX.hi) / 2;
    this.shiftY = (this.binningY.lo + this.binningY.hi) / 2;
  }

  fill(x: NumericArray, y: NumericArray, mask?: EntryMask): this {
    if (x.length !== y.length)
      throw new AnalysisError(`x has ${x.length} entries but y has ${y.length}; they must pair up`);
    checkMask(x, mask, "x");
    const bx = this.binningX;
    const by = this.binningY;
    const binsY = by.bins;
    const counts = this.counts;
    const shiftX = this.shiftX;
    const shiftY = this.shiftY;
    let entries = 0;
    let sx = 0;
    let sy = 0;
    let sxx = 0;
    let syy = 0;
    let sxy = 0;
    const { lo: xlo, hi: xhi, edges: ex, tLo: xtLo, scale: xScale, log: xLog } = bx;
    const { lo: ylo, hi: yhi, edges: ey, tLo: ytLo, scale: yScale, log: yLog } = by;
    const xLast = bx.bins - 1;
    const yLast = binsY - 1;
    for (let i = 0; i < x.length; i++) {
      if (mask !== undefined && mask[i] === 0) continue;
      const xv = x[i]!;
      const yv = y[i]!;
      if (xv >= xlo && xv <= xhi && yv >= ylo && yv <= yhi) {
        // locateBin inlined for both axes (see binning.ts); the classification below handles the rest.
        let kx = (((xLog ? Math.log(xv) : xv) - xtLo) * xScale) | 0;
        if (kx > xLast) kx = xLast;
        else if (kx < 0) kx = 0;
        if (xv < ex[kx]!) kx--;
        else if (kx < xLast && xv >= ex[kx + 1]!) kx++;
        let ky = (((yLog ? Math.log(yv) : yv) - ytLo) * yScale) | 0;
        if (ky > yLast) ky = yLast;
        else if (ky < 0) ky = 0;
        if (yv < ey[ky]!) ky--;
        else if (ky < yLast && yv >= ey[ky + 1]!) ky++;
        counts[kx * binsY + ky]! += 1;
        const dx = xv - shiftX;
        const dy = yv - shiftY;
        entries++;
        sx += dx;
        sy += dy;
        sxx += dx * dx;
        syy += dy * dy;
        sxy += dx * dy;
        continue;
      }
      this.countOutside(xv, yv);
    }
    this.entries += entries;
    this.sx += sx;
    this.sy += sy;
    this.sxx += sxx;
    this.syy += syy;
    this.sxy += sxy;
    return this;
  }

  /** The cold path of fill: an entry not in range on both axes. */
  private countOutside(xv: number, yv: number): void {
    const kx = locateBin(this.binningX, xv);
    const ky = locateBin(this.binningY, yv);
    if (kx === NOT_A_NUMBER || ky === NOT_A_NUMBER) {
      this.nan++;
      return;
    }
    this.outside++;
    if (kx === UNDERFLOW) this.underflowX++;
    else if (kx === OVERFLOW) this.overflowX++;
    if (ky === UNDERFLOW) this.underflowY++;
    else if (ky === OVERFLOW) this.overflowY++;
  }

  merge(other: Histogram2D): this {
    if (!sameBinning(this.binningX, other.binningX) || !sameBinning(this.binningY, other.binningY))
      throw new AnalysisError("cannot merge 2-D histograms with different binning");
    for (let k = 0; k < this.counts.length; k++) this.counts[k]! += other.counts[k]!;
    this.entries += other.entries;
    this.sx += other.sx;
    this.sy += other.sy;
    this.sxx += other.sxx;
    this.syy += other.syy;
    this.sxy += other.sxy;
    this.underflowX += other.underflowX;
    this.overflowX += other.overflowX;
    this.underflowY += other.underflowY;
    this.overflowY += other.overflowY;
    this.outside += other.outside;
    this.nan += other.nan;
    return this;
  }

  result(): Histogram2DResult {
    const n = this.entries;
    const mx = n > 0 ? this.sx / n : NaN;
    const my = n > 0 ? this.sy / n : NaN;
    const vx = n > 0 ? Math.max(0, this.sxx / n - mx * mx) : NaN;
    const vy = n > 0 ? Math.max(0, this.syy / n - my * my) : NaN;
    const cov = n > 0 ? this.sxy / n - mx * my : NaN;
    const correlation = vx > 0 && vy > 0 ? Math.max(-1, Math.min(1, cov / Math.sqrt(vx * vy))) : NaN;
    return {
      edgesX: this.binningX.edges.slice(),
      edgesY: this.binningY.edges.slice(),
      binsX: this.binningX.bins,
      binsY: this.binningY.bins,
      counts: this.counts.slice(),
      stats: {
        entries: n,
        meanX: mx + this.shiftX,
        meanY: my + this.shiftY,
        stdX: Math.sqrt(vx),
        stdY: Math.sqrt(vy),
        correlation,
        underflowX: this.underflowX,
        overflowX: this.overflowX,
        underflowY: this.underflowY,
        overflowY: this.overflowY,
        outside: this.outside,
        nan: this.nan,
        total: n + this.outside + this.nan,
      },
    };
  }
}

/** One-call 2-D histogram; each missing range comes from its own column (auto range, 1-D rule). */
export function histogram2d(x: NumericArray, y: NumericArray, opts: Histogram2DOptions): Histogram2DResult {
  if (x.length !== y.length)
    throw new AnalysisError(`x has ${x.length} entries but y has ${y.length}; they must pair up`);
  const logX = opts.logX ?? false;
  const logY = opts.logY ?? false;
  const rangeX = opts.rangeX ?? autoRange(x, opts.binsX, logX, opts.mask);
  const rangeY = opts.rangeY ?? autoRange(y, opts.binsY, logY, opts.mask);
  return new Histogram2D({ binsX: opts.binsX, binsY: opts.binsY, rangeX, rangeY, logX, logY })
    .fill(x, y, opts.mask)
    .result();
}
