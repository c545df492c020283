// electron-vite build of the Electron shell: main (ESM), the sandboxed preload (CommonJS, as
// sandboxed preloads require) and the renderer (same settings as the plain Vite build).
import { defineConfig } from "electron-vite";
import react from "@vitejs/plugin-react";
import { fileURLToPath } from "node:url";

const path = (p: string): string => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  main: {
    build: {
      outDir: path("../out/main"),
      lib: { entry: path("../electron/main/index.ts"), formats: ["es"] },
      rollupOptions: { external: ["electron", "h5wasm", "h5wasm/node", "h5wasm-plugins", "yaml", "tsx"] },
    },
  },
  preload: {
    build: {
      outDir: path("../out/preload"),
      lib: { entry: path("../electron/preload/index.ts"), formats: ["cjs"] },
      rollupOptions: { external: ["electron"], output: { entryFileNames: "index.cjs" } },
    },
  },
  renderer: {
    root: path("../renderer"),
    base: "./",
    plugins: [react()],
    build: {
      outDir: path("../out/renderer"),
      rollupOptions: { input: path("../renderer/index.html") },
      modulePreload: { polyfill: false },
    },
  },
});
