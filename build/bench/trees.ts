// Benchmark trees of pygama-baseline.md: N cycles made of COPIES of the p03 cycle files (raw, dsp, hit, tcm)
// under new timestamps, half cal, half phy, 50 cycles per run folder and type; with the FileDB config of
// pygama's tests pointing at them. Copies, not links, so no cache keyed on file identity flatters a scan.
import { copyFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { FILEDB_CONFIG, PROD_REF_TIER_DIR } from "../../test/fixtures/testdata.ts";

export const TREE_TIERS = ["raw", "dsp", "hit", "tcm"] as const;
/** The two source cycles of each type, used in turn (pygama's trees do the same: 700 / 300 entries per 200). */
const SOURCES: Record<"cal" | "phy", [string, string]> = {
  cal: ["20230318T012144Z", "20230318T012228Z"],
  phy: ["20230322T160139Z", "20230322T170202Z"],
};

/** A key timestamp `i` minutes after `base` (ms since 1970), as YYYYMMDDTHHMMSSZ. */
export function cycleTimestamp(base: number, i: number): string {
  return new Date(base + i * 60_000)
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z");
}

/**
 * Fills `root` with `cycles` cycles (even i: cal, odd i: phy, each type alternating its two source cycles; run
 * folder r000, r001, … every 100 cycles) and
 * returns the FileDB config object for it. Files already there are kept, so a larger tree can reuse a smaller.
 */
export function copyTree(root: string, cycles: number): Record<string, unknown> {
  const base = Date.UTC(2023, 3, 1);
  for (let i = 0; i < cycles; i++) {
    const type = i % 2 === 0 ? "cal" : "phy";
    const run = `r${String(Math.floor(i / 100)).padStart(3, "0")}`;
    const ts = cycleTimestamp(base, i);
    for (const tier of TREE_TIERS) {
      const dir = join(root, tier, type, "p03", run);
      const target = join(dir, `l200-p03-${run}-${type}-${ts}-tier_${tier}.lh5`);
      if (existsSync(target)) continue;
      mkdirSync(dir, { recursive: true });
      const from = SOURCES[type][Math.floor(i / 2) % 2]!;
      const source = join(
        PROD_REF_TIER_DIR,
        tier,
        type,
        "p03",
        "r001",
        `l200-p03-r001-${type}-${from}-tier_${tier}.lh5`,
      );
      copyFileSync(source, target);
    }
  }
  return { ...(JSON.parse(readFileSync(FILEDB_CONFIG, "utf8")) as Record<string, unknown>), data_dir: root };
}
