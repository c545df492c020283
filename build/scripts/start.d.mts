// Types of the helpers build/scripts/start.mjs exports (it is plain JS, run by node before any build).
export declare const MALLOC_TUNABLES: string;
export declare function appProcessEnv(env?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
export declare function newestMtime(paths: string[]): number;
export declare function isStale(output: string, sources: string[]): boolean;
export declare function findElectronBinary(
  base?: string,
  env?: Record<string, string | undefined>,
): string | null;
