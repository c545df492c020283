// The figure export dialog: PNG at a chosen size and resolution, or SVG. The caller renders the image
// (export-image.ts); the dialog only collects the options, shows the pixel size, and reports failures.
import { useEffect, useState } from "react";
import {
  DEFAULT_EXPORT,
  DPI_CHOICES,
  exportProblem,
  type ImageExportOptions,
  type ImageFormat,
  pixelSize,
  SIZE_LIMITS,
} from "./export-options.ts";
import { matches } from "../../../shared/ui/shortcuts.ts";
import "./figure-export.css";

interface Props {
  /** What is exported, e.g. "histogram" (the dialog's title and test ids). */
  what: string;
  /** Size the fields start with (the plot's size on screen). */
  initialSize?: { width: number; height: number };
  onExport: (options: ImageExportOptions) => Promise<void>;
  onClose: () => void;
}

/** The last options chosen in this window, so a second export starts from them. */
let remembered: ImageExportOptions | null = null;

export function ImageExportDialog({ what, initialSize, onExport, onClose }: Props) {
  const [options, setOptions] = useState<ImageExportOptions>(
    () => remembered ?? { ...DEFAULT_EXPORT, ...(initialSize ?? {}) },
  );
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const problem = exportProblem(options);
  const size = pixelSize(options);
  const change = (next: Partial<ImageExportOptions>) => setOptions((o) => ({ ...o, ...next }));

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (matches("cancel", event)) onClose();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [onClose]);

  const run = () => {
    if (problem) return;
    remembered = options;
    setBusy(true);
    setFailure(null);
    onExport(options).then(
      () => onClose(),
      (error: unknown) => {
        setBusy(false);
        setFailure(error instanceof Error ? error.message : String(error));
      },
    );
  };

  return (
    <div
      className="image-export-dialog"
      role="dialog"
      aria-label={`Export ${what} image`}
      data-testid="image-export-dialog"
    >
      <h2>Export the {what} as an image</h2>
      <div className="image-export-formats" role="radiogroup" aria-label="Image format">
        {(["png", "svg"] as const satisfies readonly ImageFormat[]).map((format) => (
          <label
            key={format}
            title={format === "png" ? "A bitmap at the chosen resolution" : "Vector graphics"}
          >
            <input
              type="radio"
              name="image-export-format"
              data-testid={`image-export-${format}`}
              checked={options.format === format}
              onChange={() => change({ format })}
            />{" "}
            {format.toUpperCase()}
          </label>
        ))}
      </div>
      <label>
        Width (px)
        <input
          type="number"
          data-testid="image-export-width"
          title="Figure width in screen pixels (fonts are laid out at this size)"
          min={SIZE_LIMITS.min}
          max={SIZE_LIMITS.max}
          value={options.width}
          onChange={(event) => change({ width: Number(event.target.value) })}
        />
      </label>
      <label>
        Height (px)
        <input
          type="number"
          data-testid="image-export-height"
          title="Figure height in screen pixels"
          min={SIZE_LIMITS.min}
          max={SIZE_LIMITS.max}
          value={options.height}
          onChange={(event) => change({ height: Number(event.target.value) })}
        />
      </label>
      <label>
        Resolution
        <select
          data-testid="image-export-dpi"
          title="PNG resolution: 96 DPI is the screen's; 300 DPI for print"
          disabled={options.format === "svg"}
          value={options.dpi}
          onChange={(event) => change({ dpi: Number(event.target.value) })}
        >
          {DPI_CHOICES.map((dpi) => (
            <option key={dpi} value={dpi}>
              {dpi} DPI{dpi === 96 ? " (screen)" : ""}
            </option>
          ))}
        </select>
      </label>
      <p className="muted" data-testid="image-export-size">
        {options.format === "png" ? `${size.width} × ${size.height} pixels` : "Vector image (SVG)"}
      </p>
      {problem || failure ? (
        <p className="image-export-problem" role="alert">
          {problem ?? `Export failed: ${failure}`}
        </p>
      ) : null}
      <div className="image-export-actions">
        <button type="button" onClick={onClose} title="Close without exporting (Esc)">
          Cancel
        </button>
        <button
          type="button"
          className="primary"
          data-testid="image-export-save"
          title="Render the image and save it"
          disabled={problem !== null || busy}
          onClick={run}
        >
          {busy ? "Exporting…" : "Export"}
        </button>
      </div>
    </div>
  );
}
