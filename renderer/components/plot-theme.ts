// Plot colours for the light and dark colour schemes. Plotly draws its own backgrounds, text, grid and
// axis lines, so they follow the app's scheme here (the CSS variables cannot reach into its SVG), and an
// image export always uses the light ones (figures go onto white pages).
import type { Layout } from "plotly.js-dist-min";

export type ColorScheme = "light" | "dark";

interface PlotColours {
  paper: string;
  plot: string;
  text: string;
  grid: string;
  line: string;
  /** What a line drawn in black (a mean, a fit) is drawn in. */
  ink: string;
}

const COLOURS: Record<ColorScheme, PlotColours> = {
  light: {
    paper: "#ffffff",
    plot: "#ffffff",
    text: "#2a3440",
    grid: "#e6e9ee",
    line: "#444444",
    ink: "#000000",
  },
  dark: {
    paper: "#1b1f24",
    plot: "#1b1f24",
    text: "#d6dce4",
    grid: "#363d47",
    line: "#9aa5b1",
    ink: "#f2f4f7",
  },
};

type Axis = Partial<Layout["xaxis"]>;

function themedAxis(axis: Axis | undefined, colours: PlotColours): Axis {
  return {
    ...axis,
    gridcolor: colours.grid,
    linecolor: colours.line,
    zerolinecolor: colours.line,
    tickcolor: colours.line,
  };
}

/** The layout with the scheme's colours (the caller's layout is not changed). */
export function themedLayout(layout: Partial<Layout>, scheme: ColorScheme): Partial<Layout> {
  const colours = COLOURS[scheme];
  return {
    ...layout,
    paper_bgcolor: colours.paper,
    plot_bgcolor: colours.plot,
    font: { ...layout.font, color: colours.text },
    xaxis: themedAxis(layout.xaxis, colours),
    yaxis: themedAxis(layout.yaxis, colours),
    legend: { ...layout.legend, bgcolor: "rgba(0,0,0,0)" },
  };
}

/** A line's colour in the scheme: black ink becomes the scheme's ink, other colours stay. */
export function themedLineColour(colour: string | undefined, scheme: ColorScheme): string {
  return colour === undefined || colour === "#000000" || colour === "black" ? COLOURS[scheme].ink : colour;
}
