// What a figure export asks for: the format, the figure's size in CSS pixels, and for PNG the
// resolution. Plotly renders at `scale` × the size, so a DPI becomes a scale over the screen's 96.
export type ImageFormat = "png" | "svg";

export interface ImageExportOptions {
  format: ImageFormat;
  /** Figure size in CSS pixels (what fonts and margins are laid out in). */
  width: number;
  height: number;
  /** PNG resolution; the pixel size is width × dpi / 96. Ignored for SVG, which has no pixels. */
  dpi: number;
}

export const SCREEN_DPI = 96;
export const DPI_CHOICES = [96, 150, 200, 300, 600] as const;
export const SIZE_LIMITS = { min: 100, max: 4000 } as const;
/** Largest PNG side in pixels (Chromium's canvas stops somewhere above 16k; the memory long before). */
export const MAX_PNG_SIDE = 12_000;

export const DEFAULT_EXPORT: ImageExportOptions = { format: "png", width: 1200, height: 700, dpi: 150 };

/** Plotly's render scale for the options: dpi / 96 for PNG, 1 for SVG. */
export function renderScale(options: ImageExportOptions): number {
  return options.format === "svg" ? 1 : options.dpi / SCREEN_DPI;
}

/** The exported image's size in pixels (PNG), or in SVG user units. */
export function pixelSize(options: ImageExportOptions): { width: number; height: number } {
  const scale = renderScale(options);
  return { width: Math.round(options.width * scale), height: Math.round(options.height * scale) };
}

/** Why the options cannot be exported, or null when they can. */
export function exportProblem(options: ImageExportOptions): string | null {
  const { min, max } = SIZE_LIMITS;
  for (const [name, value] of [
    ["width", options.width],
    ["height", options.height],
  ] as const)
    if (!Number.isInteger(value) || value < min || value > max)
      return `The ${name} must be a whole number of pixels from ${min} to ${max}.`;
  if (options.format === "png") {
    if (!(options.dpi >= 24 && options.dpi <= 1200)) return "The resolution must be from 24 to 1200 DPI.";
    const size = pixelSize(options);
    if (Math.max(size.width, size.height) > MAX_PNG_SIDE)
      return `${size.width} × ${size.height} px is too large: at most ${MAX_PNG_SIDE} px a side (lower the DPI or the size).`;
  }
  return null;
}

/** A file name for the figure: its base name with the format's extension. */
export function imageFileName(base: string, options: ImageExportOptions): string {
  const safe = base.replace(/[^\w.+-]+/g, "_").replace(/^_+|_+$/g, "") || "figure";
  return `${safe}.${options.format}`;
}
