import { type KeyboardEvent, type PointerEvent, type RefObject, useRef } from "react";
import { matches } from "../../shared/ui/shortcuts.ts";

interface Props {
  /** "columns" sits between two columns (drags left/right); "rows" between two rows (drags up/down). */
  between: "columns" | "rows";
  /** The pane this splitter sizes; it lies before the splitter (left of it, or above it). */
  pane: RefObject<HTMLElement | null>;
  /** Accessible name, e.g. "Resize the inventory". */
  label: string;
  /** The pane's size when set by this splitter (else it is measured, as its CSS default left it). */
  size: number | undefined;
  min: number;
  max: number;
  /** The pane's new size in CSS pixels. */
  onResize: (size: number) => void;
  testId?: string;
}

/** Pixels per arrow key press, and with Shift. */
const STEP = 20;
const BIG_STEP = 100;

/**
 * A splitter operable by mouse, touch and keyboard (WAI-ARIA window splitter): arrows move it, Shift+arrow
 * moves it further, Home/End go to the smallest/largest size. It reads the pane's size when a move starts,
 * so a pane that is still at its CSS default needs no number from anyone.
 */
export function Splitter({ between, pane, label, size, min, max, onResize, testId }: Props) {
  const drag = useRef<{ from: number; size: number } | null>(null);
  const horizontal = between === "columns";
  const paneSize = () => {
    const rect = pane.current?.getBoundingClientRect();
    return rect ? (horizontal ? rect.width : rect.height) : min;
  };
  const resize = (size: number) => onResize(Math.round(Math.max(min, Math.min(max, size))));

  const onKeyDown = (event: KeyboardEvent) => {
    const press = event.nativeEvent;
    const step = matches("splitter.big-step", press) ? BIG_STEP : matches("splitter.step", press) ? STEP : 0;
    const keys: Record<string, number> = horizontal
      ? { ArrowLeft: -step, ArrowRight: step }
      : { ArrowUp: -step, ArrowDown: step };
    const delta = keys[event.key];
    if (step !== 0 && delta !== undefined) resize(paneSize() + delta);
    else if (matches("splitter.min", press)) resize(min);
    else if (matches("splitter.max", press)) resize(max);
    else return;
    event.preventDefault();
    event.stopPropagation();
  };
  const onPointerDown = (event: PointerEvent) => {
    event.currentTarget.setPointerCapture(event.pointerId);
    drag.current = { from: horizontal ? event.clientX : event.clientY, size: paneSize() };
  };
  const onPointerMove = (event: PointerEvent) => {
    const start = drag.current;
    if (start) resize(start.size + (horizontal ? event.clientX : event.clientY) - start.from);
  };
  return (
    <div
      className={`splitter splitter-${between}`}
      role="separator"
      tabIndex={0}
      aria-label={label}
      title={`${label}: drag, or focus and use the arrow keys (Shift for larger steps)`}
      // a separator between columns is itself vertical
      aria-orientation={horizontal ? "vertical" : "horizontal"}
      aria-valuemin={min}
      aria-valuemax={max}
      aria-valuenow={size ?? (pane.current ? Math.round(paneSize()) : undefined)}
      data-testid={testId}
      onKeyDown={onKeyDown}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={() => (drag.current = null)}
      onPointerCancel={() => (drag.current = null)}
    />
  );
}
