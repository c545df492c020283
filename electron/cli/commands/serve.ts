// `lh5-browser serve [PATH] [--port N] [--no-open]`: web mode. The first stdout line is the URL
// with its token; Ctrl+C (or SIGTERM) stops the server, the browser window and running jobs.
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { type CliCommand, type CliIO, UsageError } from "../command.ts";
import { createAppService } from "../../services/app/create.ts";
import { startWebServer } from "../../server/web-server.ts";
import { openInChromium } from "../../server/open-browser.ts";
import { rendererDir } from "../../bundle.ts";

export const RENDERER_DIR = rendererDir();

const usage = `Usage: lh5-browser serve [PATH] [--port N] [--no-open]

Serves LH5 Browser on http://127.0.0.1 (web mode). PATH is a FileDB config (.json/.yaml), a DataLoader
config, a data folder in LEGEND production layout, or a saved FileDB file; without PATH the last session
(or the built-in demo dataset) opens. The first line printed is the URL, with its per-run token.
  --port N     listen on port N (default: a random free port)
  --no-open    do not open a Chromium app window`;

interface ServeArgs {
  path: string | null;
  port: number;
  open: boolean;
}

export function parseServeArgs(args: string[]): ServeArgs {
  const parsed: ServeArgs = { path: null, port: 0, open: true };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--no-open") parsed.open = false;
    else if (arg === "--port" || arg.startsWith("--port=")) {
      const value = arg === "--port" ? args[++i] : arg.slice("--port=".length);
      const port = Number(value);
      if (!Number.isInteger(port) || port < 0 || port > 65535)
        throw new UsageError(`--port needs a port number, got '${value}'`);
      parsed.port = port;
    } else if (arg.startsWith("-")) throw new UsageError(`unknown option '${arg}'`);
    else if (parsed.path === null) parsed.path = resolve(arg);
    else throw new UsageError(`only one PATH may be given (got '${parsed.path}' and '${arg}')`);
  }
  return parsed;
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
  const service = createAppService({ mode: "web", startupPath: opts.path });
  const server = await startWebServer({ service, rendererDir: RENDERER_DIR, port: opts.port });
  io.stdout(`${server.url}\n`);
  const browser = opts.open ? openInChromium(server.url) : null;
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
