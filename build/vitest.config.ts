// Test projects: Node-side and pure logic in node, the renderer under jsdom, and the
// end-to-end tests that drive web mode in Debian's Chromium (one at a time).
import { defineConfig } from "vitest/config";
import react from "@vitejs/plugin-react";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));

export default defineConfig({
  root,
  test: {
    globalSetup: ["test/global-setup.ts"],
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          environment: "node",
          include: [
            "test/shared/**/*.test.ts",
            "test/electron/**/*.test.ts",
            "test/contract/**/*.test.ts",
            "test/build/**/*.test.ts",
          ],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        plugins: [react()],
        test: {
          name: "renderer",
          environment: "jsdom",
          include: ["test/renderer/**/*.test.ts", "test/renderer/**/*.test.tsx"],
          setupFiles: ["test/renderer/setup.ts"],
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: "e2e",
          environment: "node",
          include: ["test/e2e/**/*.e2e.test.ts"],
          fileParallelism: false,
          // The UI answers through a real server and Chromium: on a loaded machine that takes more than
          // vitest's default 1 s of polling, which made these tests flaky.
          expect: { poll: { timeout: 15_000, interval: 100 } },
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
