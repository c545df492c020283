// ag-grid community modules and the app's grid theme (theming API: no CSS import).
import { AllCommunityModule, ModuleRegistry, themeQuartz } from "ag-grid-community";

ModuleRegistry.registerModules([AllCommunityModule]);

export const gridTheme = themeQuartz.withParams({
  fontSize: 13,
  headerFontSize: 13,
  rowHeight: 30,
  headerHeight: 32,
  spacing: 6,
  accentColor: "#2563eb",
  // the page's colour variables (styles.css), so the grid follows the system's light or dark scheme
  backgroundColor: "var(--surface)",
  foregroundColor: "var(--text)",
  borderColor: "var(--border)",
  chromeBackgroundColor: "var(--surface-2)",
});
