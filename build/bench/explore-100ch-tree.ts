// The realistic tree of the explore-100ch suite (issue 19): LEGEND-200's 100 germanium channels, 20 cycles of
// 450,000 events (~10^7 hits in ~2000 hit tables), without raw (the generator's DSP model), cached across runs.
import { cachedTree } from "./tree-cache.ts";

export const EXPLORE_TREE = {
  cycles: 20,
  channels: 100,
  events: 450_000,
  seed: 1,
  tiers: ["dsp", "hit", "tcm", "evt"],
};
/** The quick run's tree: the same layout, 2 cycles of 45,000 events. */
export const EXPLORE_TREE_QUICK = { ...EXPLORE_TREE, cycles: 2, events: 45_000 };

export function exploreTree(quick: boolean, log: (line: string) => void): Promise<string> {
  return cachedTree("explore-100ch", quick ? EXPLORE_TREE_QUICK : EXPLORE_TREE, log);
}

if (process.argv[1]?.endsWith("explore-100ch-tree.ts")) {
  console.log(await exploreTree(process.argv.includes("--quick"), (l) => console.error(l)));
}
