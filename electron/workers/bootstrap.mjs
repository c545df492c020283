// Entry of every pool worker: preload h5wasm (fast outside tsx), register tsx so that task
// modules (TypeScript) load directly, then start the message loop.
import "./preload-h5wasm.mjs";
import { register } from "tsx/esm/api";

register();
await import("./worker-main.ts");
