// The LH5 Browser API: contract, types, errors, guards, channel names and the binary codec.
export * from "./contract.ts";
export * from "./types.ts";
export * from "./file-browser.ts";
export * from "./errors.ts";
export * from "./channels.ts";
export * from "./codec.ts";
export * from "./jobs.ts";
export * from "./bridge.ts";
