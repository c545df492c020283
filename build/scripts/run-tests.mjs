#!/usr/bin/env node
// `npm test`: every gate and every test, then one plain closing line
// `N passed, N failed, N skipped` that CI reads. Each gate (lint, each layer's
// typecheck, the renderer build) counts as one test; vitest's counts come from its JSON report.
//   npm test                  everything
//   npm test -- --no-gates    only vitest (quick local loop); extra args go to vitest
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));
process.chdir(root);
const args = process.argv.slice(2);
const runGates = !args.includes("--no-gates");
const vitestArgs = args.filter((arg) => arg !== "--no-gates");

const tally = { passed: 0, failed: 0, skipped: 0 };
const failures = [];

function gate(name, command, commandArgs) {
  const started = Date.now();
  const result = spawnSync(command, commandArgs, { stdio: "inherit", shell: false });
  const ok = result.status === 0;
  console.log(`[gate] ${name}: ${ok ? "ok" : "FAILED"} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  if (ok) tally.passed += 1;
  else {
    tally.failed += 1;
    failures.push(name);
  }
  return ok;
}

const bin = (name) => `node_modules/.bin/${name}`;

if (runGates) {
  gate("lint", "npm", ["run", "--silent", "lint"]);
  for (const layer of ["shared", "electron", "renderer", "test", "build"])
    gate(`typecheck ${layer}`, bin("tsc"), ["-p", layer]);
  gate("build", process.execPath, ["build/scripts/build.mjs"]);
}

mkdirSync("test-results", { recursive: true });
const reportPath = "test-results/vitest.json";
rmSync(reportPath, { force: true });
spawnSync(
  bin("vitest"),
  [
    "run",
    "--config",
    "build/vitest.config.ts",
    "--reporter=default",
    "--reporter=json",
    `--outputFile.json=${reportPath}`,
    ...vitestArgs,
  ],
  { stdio: "inherit" },
);
if (existsSync(reportPath)) {
  const report = JSON.parse(readFileSync(reportPath, "utf8"));
  tally.passed += report.numPassedTests ?? 0;
  tally.failed += report.numFailedTests ?? 0;
  tally.skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  // A suite that fails to load (syntax error, import failure) has no tests but must count.
  for (const suite of report.testResults ?? []) {
    if (suite.status === "failed" && (suite.assertionResults ?? []).length === 0) {
      tally.failed += 1;
      failures.push(`suite ${suite.name}`);
    }
    for (const test of suite.assertionResults ?? [])
      if (test.status === "failed") failures.push(test.fullName);
  }
} else {
  tally.failed += 1;
  failures.push("vitest produced no report");
}

if (failures.length > 0) {
  console.log("\nFailed:");
  for (const name of failures.slice(0, 50)) console.log(`  - ${name}`);
}
const total = tally.passed + tally.failed + tally.skipped;
console.log(`${tally.passed} passed, ${tally.failed} failed, ${tally.skipped} skipped`);
process.exit(tally.failed > 0 || total === 0 ? 1 : 0);
