// The system's colour scheme (prefers-color-scheme), followed live: the OS switching to dark mode
// redraws the plots; the page's own colours follow it through CSS variables (styles.css).
import { useSyncExternalStore } from "react";
import type { ColorScheme } from "./plot-theme.ts";

const DARK = "(prefers-color-scheme: dark)";

function query(): MediaQueryList | null {
  return typeof window !== "undefined" && typeof window.matchMedia === "function"
    ? window.matchMedia(DARK)
    : null;
}

function subscribe(onChange: () => void): () => void {
  const list = query();
  list?.addEventListener("change", onChange);
  return () => list?.removeEventListener("change", onChange);
}

/** The scheme now (light where the system says nothing). */
export function currentColorScheme(): ColorScheme {
  return query()?.matches ? "dark" : "light";
}

export function useColorScheme(): ColorScheme {
  return useSyncExternalStore(subscribe, currentColorScheme, () => "light");
}
