#!/usr/bin/env node
// `npm run dist`: package LH5 Browser with electron-builder (AppImage + deb on Linux, dmg on macOS,
// nsis on Windows; config in build/electron-builder.yml). electron-builder downloads the Electron
// binary and its packaging tools from GitHub, so it runs only where github.com is reachable; it is
// not a dependency (about 200 packages) and is fetched at its pinned version by npx when needed.
// Where GitHub cannot be reached (as on this project's build machines) this script says so and
// exits with status 1 instead of hanging on the download.
import { spawnSync } from "node:child_process";
import { lookup } from "node:dns/promises";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));
const ELECTRON_BUILDER = "electron-builder@26.17.0";
const DOWNLOAD_HOSTS = ["github.com", "objects.githubusercontent.com"];

async function reachable(host, timeoutMs = 5000) {
  const timeout = new Promise((resolve) => setTimeout(() => resolve(false), timeoutMs));
  const resolved = lookup(host).then(
    () => true,
    () => false,
  );
  return Promise.race([resolved, timeout]);
}

function run(command, args) {
  return spawnSync(command, args, { cwd: root, stdio: "inherit" }).status ?? 1;
}

const targets = process.argv.slice(2);
for (const host of DOWNLOAD_HOSTS) {
  if (!(await reachable(host))) {
    console.error(
      `npm run dist: cannot reach ${host}, from which electron-builder downloads Electron and its packaging tools; nothing was packaged. Run it on a machine with access to GitHub (see README, "Packaging").`,
    );
    process.exit(1);
  }
}
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const npx = process.platform === "win32" ? "npx.cmd" : "npx";
let status = run(npm, ["run", "--silent", "build"]);
if (status === 0)
  status = run(npx, [
    "--yes",
    ELECTRON_BUILDER,
    "--config",
    "build/electron-builder.yml",
    "--publish",
    "never",
    ...targets,
  ]);
process.exit(status);
