// Types of the helpers start.mjs exports (for its tests).
export function newestMtime(paths: string[]): number;
export function isStale(output: string, sources: string[]): boolean;
export function rendererSources(base?: string): string[];
export function findElectronBinary(base?: string, env?: Record<string, string | undefined>): string | null;
