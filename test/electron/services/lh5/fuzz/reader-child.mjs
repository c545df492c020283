// Entry of the fuzz test's reader process: h5wasm loaded before tsx registers (through tsx its 3.7 MB
// Emscripten file imports far slower), as the CLI's entry does it.
await import("h5wasm/node");
const { register } = await import("tsx/esm/api");

register();
await import("./reader-child.ts");
