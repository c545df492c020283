// Loads h5wasm/node into the module cache BEFORE tsx is registered: through tsx's loader the
// 3.7 MB Emscripten file takes 14–18 s to import (measured on 2 busy cores), plain Node 0.7 s.
// Entry points that register tsx and then use the LH5 layer import this file first.
// Electron defines a Chrome-like `navigator` that Emscripten's environment check rejects: hide it
// while loading (h5wasm README workaround; electron/services/lh5/h5.ts does the same).
const descriptor = Object.getOwnPropertyDescriptor(globalThis, "navigator");
const userAgent = globalThis.navigator?.userAgent ?? "";
const mustHide = descriptor?.configurable === true && /Chrome|Electron/.test(userAgent);
if (mustHide) Object.defineProperty(globalThis, "navigator", { value: undefined, configurable: true });
try {
  await import("h5wasm/node");
} finally {
  if (mustHide && descriptor) Object.defineProperty(globalThis, "navigator", descriptor);
}
