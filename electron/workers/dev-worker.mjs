// Entry of pool workers when the app runs from its TypeScript sources (tests, tsx): preload h5wasm
// (fast outside tsx), register tsx so that task modules load directly, then start the message loop.
// The built app starts workers from out/main/worker.js instead (see entry-url.ts).
import "./preload-h5wasm.mjs";
import { register } from "tsx/esm/api";

register();
await import("./worker-main.ts");
