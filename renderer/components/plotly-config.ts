// Every Plotly figure's config comes from here. Plotly can send a figure to its cloud (Chart Studio) and
// links to it from the mode bar; LEGEND data must never leave the machine, so those are switched off
// after the caller's own settings, where no figure can switch them back on.
import type { Config } from "plotly.js-dist-min";

/** The settings that keep a figure on this machine (no send-to-cloud, no Chart Studio, no server URL). */
export const LOCAL_ONLY_CONFIG = {
  showSendToCloud: false,
  showEditInChartStudio: false,
  plotlyServerURL: "",
  showLink: false,
  displaylogo: false,
} as const satisfies Partial<Config> & { showEditInChartStudio: boolean; showLink: boolean };

/** A figure's config: the caller's settings, with the local-only ones on top (`showEditInChartStudio` and `showLink` are missing from Plotly's types). */
export function plotlyConfig(settings: Partial<Config> = {}): Partial<Config> {
  return { ...settings, ...LOCAL_ONLY_CONFIG };
}
