// Types of what build/scripts/build.mjs exports (plain JS run by node, typed here for tests and benches).
export declare const NODE_STAMP: string;
export declare const RENDERER_STAMP: string;
export declare function nodeSources(base?: string): string[];
export declare function rendererSources(base?: string): string[];
export declare function nodeBuildStale(base?: string): boolean;
export declare function rendererBuildStale(base?: string): boolean;
/** Problems of the built output (relative URLs/imports to missing or TypeScript files, tsx); empty when it can ship. */
export declare function checkBuild(base?: string): string[];
export declare function buildAll(opts?: { nodeOnly?: boolean; ifStale?: boolean }): Promise<string[]>;
