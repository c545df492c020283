// The generator's public API: LEGEND-like datasets of any size for the demo, tests and benchmarks.
export { generateDataset, GENERATOR_RECORD_NAME, type GeneratedDataset } from "./generate.ts";
export { GeneratorError, type GenerateOptions } from "./options.ts";
export { cycleKey, tierFilePath, type CycleKey } from "./layout.ts";
export { channelTableName, TCM_TABLE, EVT_TABLE, TIERS, type Tier, type WaveformEncoding } from "./tables.ts";
export { TH228_PEAKS_KEV } from "./spectrum.ts";
