// Types of what build/scripts/build-bench.mjs exports (plain JS run by node, typed here for tests).
export declare const BENCH_ENTRY: string;
export declare function benchBuildStale(): boolean;
/** Bundles build/bench/run.ts and its suites into out/bench/ (workers: the shipped out/main/worker.js). */
export declare function buildBench(): Promise<void>;
/** Files that out/bench/ names by a relative URL but that do not exist. */
export declare function missingBenchFiles(base?: string): string[];
