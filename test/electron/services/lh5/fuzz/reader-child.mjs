// Entry of the fuzz test's reader process: h5wasm preloaded and tsx registered as the CLI does them.
import "../../../../../electron/workers/preload-h5wasm.mjs";
import { register } from "tsx/esm/api";

register();
await import("./reader-child.ts");
