#!/usr/bin/env node
// Entry of the `lh5-browser` command. The Node side is TypeScript run through tsx,
// so the CLI works straight after `npm ci` with no build step.
import { register } from "tsx/esm/api";

register();
const { main } = await import("./main.ts");
process.exitCode = await main(process.argv.slice(2));
