#!/usr/bin/env node
// Entry of the `lh5-browser` command. The Node side is TypeScript run through tsx,
// so the CLI works straight after `npm ci` with no build step.
// h5wasm is loaded before tsx registers: through tsx its import takes seconds, not 0.7 s.
import "../workers/preload-h5wasm.mjs";
import { register } from "tsx/esm/api";

register();
const { main } = await import("./main.ts");
process.exitCode = await main(process.argv.slice(2));
