// `lh5-browser serve [PATH] [--port N] [--no-open] [--workers N]`: web mode. The first stdout line is the URL
// with its token; Ctrl+C (or SIGTERM) stops the server, the browser window and running jobs.
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { type CliCommand, type CliIO, parseCommandLine, UsageError } from "../command.ts";
import { createAppService } from "../../services/app/create.ts";
import { parseWorkerCount, setWorkerLimit, workerLimit } from "../../workers/worker-limit.ts";
import { columnCacheBytes } from "../../services/app/exploration/cache-budget.ts";
import { startWebServer } from "../../server/web-server.ts";
import { openInChromium } from "../../server/open-browser.ts";
import { rendererDir } from "../../bundle.ts";

export const RENDERER_DIR = rendererDir();

const usage = `Usage: lh5-browser serve [PATH] [--port N] [--no-open] [--workers N]

Serves LH5 Browser on http://127.0.0.1 (web mode). PATH is a FileDB config (.json/.yaml), a DataLoader
config, a data folder in LEGEND production layout, or a saved FileDB file; without PATH the last session
(or the built-in demo dataset) opens. The first line printed is the URL, with its per-run token.
  --port N       listen on port N (default: a random free port)
  --no-open      do not open a Chromium app window
  --workers N    run at most N worker threads (default: $LH5_BROWSER_WORKERS, else one per core, at most 8)
Each exploration worker caches columns in at most $LH5_BROWSER_COLUMN_CACHE_MB megabytes (default 600).`;

interface ServeArgs {
  path: string | null;
  port: number;
  open: boolean;
  /** The --workers value, null when not given. */
  workers: number | null;
}

export function parseServeArgs(args: string[], env: NodeJS.ProcessEnv = process.env): ServeArgs {
  const { values, positionals } = parseCommandLine(args, {
    port: { type: "string" },
    "no-open": { type: "boolean" },
    workers: { type: "string" },
  });
  if (positionals.length > 1)
    throw new UsageError(`only one PATH may be given (got '${positionals[0]}' and '${positionals[1]}')`);
  let port = 0;
  if (values.port !== undefined) {
    port = /^\d+$/.test(values.port) ? Number(values.port) : Number.NaN;
    if (!(port >= 0 && port <= 65535))
      throw new UsageError(`--port needs a port number, got '${values.port}'`);
  }
  let workers: number | null = null;
  try {
    if (values.workers !== undefined) workers = parseWorkerCount(values.workers, "--workers");
    else workerLimit(env); // a typo in LH5_BROWSER_WORKERS is said now, not deep inside a pool
    columnCacheBytes(env); // so is one in LH5_BROWSER_COLUMN_CACHE_MB (workers would fall back to the default)
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const path = positionals[0];
  return { path: path === undefined ? null : resolve(path), port, open: !values["no-open"], workers };
}

/** Resolves when the process gets SIGINT or SIGTERM. */
function untilStopped(): Promise<string> {
  return new Promise((done) => {
    const stop = (signal: string) => {
      process.off("SIGINT", onInt);
      process.off("SIGTERM", onTerm);
      done(signal);
    };
    const onInt = () => stop("SIGINT");
    const onTerm = () => stop("SIGTERM");
    process.on("SIGINT", onInt);
    process.on("SIGTERM", onTerm);
  });
}

export async function runServe(
  args: string[],
  io: CliIO,
  stopped: Promise<string> = untilStopped(),
): Promise<number> {
  const opts = parseServeArgs(args);
  if (opts.path !== null && !existsSync(opts.path)) throw new UsageError(`'${opts.path}' does not exist`);
  if (!existsSync(resolve(RENDERER_DIR, "index.html"))) {
    io.stderr(
      `lh5-browser serve: the renderer is not built (${RENDERER_DIR}); run 'npm run build:renderer' (npm start does it)\n`,
    );
    return 1;
  }
  // the pools read it through workerLimit() when they start their workers
  if (opts.workers !== null) setWorkerLimit(opts.workers);
  const service = createAppService({ mode: "web", startupPath: opts.path });
  const server = await startWebServer({
    service,
    rendererDir: RENDERER_DIR,
    port: opts.port,
    jobEvents: (listener, events) => service.jobs.onEvent(listener, events),
  });
  io.stdout(`${server.url}\n`);
  // the window gets a one-time code, not the token: its command line is visible to every user in `ps`
  const browser = opts.open ? openInChromium(server.oneTimeUrl()) : null;
  if (opts.open && !browser)
    io.stderr("No Chromium window (no chromium or no display): open the URL above in a browser.\n");
  browser?.child.on("exit", () => process.kill(process.pid, "SIGTERM"));
  const signal = await stopped;
  io.stderr(`\n${signal}: stopping LH5 Browser\n`);
  browser?.close();
  service.dispose();
  await server.close();
  return 0;
}

export const serveCommand: CliCommand = {
  name: "serve",
  usage,
  run: (args, io) => runServe(args, io),
};
