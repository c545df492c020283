// Opens the web-mode URL in Chromium's `--app` window when a Chromium and a display exist.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string | null {
  const candidates = [
    env.CHROMIUM_PATH,
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
    "/usr/bin/google-chrome",
  ];
  return (
    candidates.find((path): path is string => typeof path === "string" && path !== "" && existsSync(path)) ??
    null
  );
}

export function hasDisplay(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env.DISPLAY || env.WAYLAND_DISPLAY);
}

/** The flags of an app window with a fresh profile (root needs --no-sandbox; --test-type hides its warning bar). */
export function chromiumAppArgs(url: string, userDataDir: string, isRoot: boolean): string[] {
  return [
    `--app=${url}`,
    `--user-data-dir=${userDataDir}`,
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--window-size=1400,900",
    ...(isRoot ? ["--no-sandbox", "--test-type"] : []),
  ];
}

export interface OpenedBrowser {
  readonly child: ChildProcess;
  close(): void;
}

/** Starts Chromium on the URL, or returns null when there is no Chromium or no display. */
export function openInChromium(url: string, env: NodeJS.ProcessEnv = process.env): OpenedBrowser | null {
  const executable = chromiumPath(env);
  if (!executable || !hasDisplay(env)) return null;
  const profile = mkdtempSync(join(tmpdir(), "lh5-browser-chromium-"));
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  const child = spawn(executable, chromiumAppArgs(url, profile, isRoot), {
    stdio: "ignore",
    detached: false,
  });
  const cleanup = () => rmSync(profile, { recursive: true, force: true });
  child.on("exit", cleanup);
  return {
    child,
    close() {
      if (child.exitCode === null && child.pid !== undefined) child.kill("SIGTERM");
      else cleanup();
    },
  };
}
