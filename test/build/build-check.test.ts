// The build's own check: every relative URL or import in out/ names a built JavaScript file.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { checkBuild } from "../../build/scripts/build.mjs";
import { REPO_ROOT } from "../fixtures/testdata.ts";

const base = mkdtempSync(join(tmpdir(), "lh5-build-check-"));
afterAll(() => rmSync(base, { recursive: true, force: true }));

function fakeOut(mainJs: string): string {
  const root = mkdtempSync(join(base, "repo-"));
  for (const dir of ["out/main", "out/preload", "out/renderer"])
    mkdirSync(join(root, dir), { recursive: true });
  for (const file of [
    "out/main/cli.js",
    "out/main/worker.js",
    "out/preload/index.cjs",
    "out/renderer/index.html",
  ])
    writeFileSync(join(root, file), "");
  writeFileSync(join(root, "out/main/index.js"), mainJs);
  return root;
}

describe("checkBuild", () => {
  it("passes the real build", () => {
    expect(checkBuild(REPO_ROOT)).toEqual([]);
  });

  it("passes relative URLs and imports of built files", () => {
    const root = fakeOut(
      'const w = new URL("./worker.js", import.meta.url);\nimport("./cli.js");\nimport x from "./cli.js";',
    );
    expect(checkBuild(root)).toEqual([]);
  });

  it("fails a URL or import that names a missing file, a TypeScript file, or a file outside out/", () => {
    const root = fakeOut(
      [
        'new URL("./bootstrap.mjs", import.meta.url);',
        'new URL("../../../workers/tasks/analysis.ts", import.meta.url);',
        'import("./tasks/scan.ts");',
        'new URL("../../package.json", import.meta.url);',
      ].join("\n"),
    );
    expect(checkBuild(root).sort()).toEqual(
      [
        "out/main/index.js: './bootstrap.mjs' names a file that was not built",
        "out/main/index.js: names a TypeScript file '../../../workers/tasks/analysis.ts'",
        "out/main/index.js: names a TypeScript file './tasks/scan.ts'",
        "out/main/index.js: '../../package.json' points outside out/",
      ].sort(),
    );
  });

  it("fails a bundle that imports a TypeScript loader, and a missing entry", () => {
    const root = fakeOut('import { register } from "tsx/esm/api";');
    rmSync(join(root, "out/main/worker.js"));
    const problems = checkBuild(root);
    expect(problems.some((p) => p.includes("imports tsx"))).toBe(true);
    expect(problems).toContain("out/main/worker.js is missing");
  });
});
