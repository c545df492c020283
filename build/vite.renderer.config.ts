// Vite build of the renderer: relative base (loads from file:// in Electron and from the web-mode
// server alike), output in out/renderer. Plotly and other heavy views are split by dynamic import().
import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../renderer", import.meta.url));
const outDir = fileURLToPath(new URL("../out/renderer", import.meta.url));

export default defineConfig({
  root,
  base: "./",
  plugins: [react()],
  logLevel: "warn",
  build: {
    outDir,
    emptyOutDir: true,
    target: "es2022",
    sourcemap: false,
    chunkSizeWarningLimit: 6000,
    // No inline scripts or modulepreload polyfill: the CSP forbids inline scripts.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
  },
});
