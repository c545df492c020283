export { DataLoader, DataLoaderError, countEntries, flattenNested, splitByFile } from "./data-loader.ts";
export type { BuildOptions, LoadOptions, LoadResult, OutputFormat, Progress } from "./data-loader.ts";
export { EntryList, type TableId } from "./entry-list.ts";
