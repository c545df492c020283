// What a cycle has besides its channel tables: DAQ settings stored in the raw file (`extra/…`: ORCA header,
// run control, FlashCam configs), and the production's parameter files (`par_dsp`, `par_hit`) found through
// the production folder's config.json (`setups.<name>.paths.par_<tier>`), as LEGEND productions lay them out.
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { parse as parseYaml } from "yaml";
import type { Lgdo } from "../../../../shared/lgdo/model.ts";
import { TemplateMatcher, templateFields } from "../../../../shared/format/index.ts";
import type { Lh5File } from "../../lh5/reader.ts";
import { readTextFile } from "../../fs/regular-file.ts";
import { expandConfigPath } from "./config.ts";

/** Top-level objects of a file that are not channel tables of the tier's table template. */
export function readSettings(file: Lh5File, tableTemplate: string): Record<string, Lgdo> {
  const first = tableTemplate.split("/")[0]!;
  const matcher = templateFields(first).length > 0 ? new TemplateMatcher(first) : null;
  const out: Record<string, Lgdo> = {};
  for (const key of file.keys()) {
    if (matcher?.match(key) || key === first) continue;
    if (key === "raw" || key === "dsp" || key === "hit") continue; // per-detector aliases of the channel tables
    out[key] = file.read(key);
  }
  return out;
}

/** The production folder holding config.json with `setups.*.paths`, searched upward from `start`. */
export function findProductionConfig(start: string): { dir: string; paths: Record<string, string> } | null {
  let dir = start;
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, "config.json");
    if (existsSync(candidate)) {
      try {
        const config = JSON.parse(readTextFile(candidate)) as {
          setups?: Record<string, { paths?: Record<string, string> }>;
        };
        const setup = Object.values(config.setups ?? {}).find((s) => s.paths !== undefined);
        if (setup?.paths) return { dir, paths: setup.paths };
      } catch {
        // not a production config; keep looking upward
      }
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return null;
}

function readParFile(path: string): unknown {
  const text = readTextFile(path);
  return /\.ya?ml$/i.test(path) ? parseYaml(text) : JSON.parse(text);
}

/**
 * The parameter file of a cycle for one tier (`dsp`, `hit`): `<par_tier>/<type>/<period>/<run>/` holding
 * `…-<timestamp>-par_<tier>.{json,yaml}`; without an exact match, the latest file of that folder whose
 * timestamp is not after the cycle's (run-level parameters). Null when the production has none.
 */
export function findParFile(
  production: { dir: string; paths: Record<string, string> },
  tier: string,
  keys: { type?: string; period?: string; run?: string; timestamp?: string },
): string | null {
  const parDirTemplate = production.paths[`par_${tier}`];
  if (parDirTemplate === undefined) return null;
  const parDir = expandConfigPath(parDirTemplate, production.dir);
  const folder = join(
    parDir,
    ...[keys.type, keys.period, keys.run].filter((k): k is string => k !== undefined),
  );
  if (!existsSync(folder) || !statSync(folder).isDirectory()) return null;
  const candidates = readdirSync(folder)
    .filter((name) => new RegExp(`par_${tier}\\.(json|ya?ml)$`, "i").test(name))
    .sort();
  const exact = candidates.find((name) => keys.timestamp !== undefined && name.includes(keys.timestamp));
  if (exact) return join(folder, exact);
  const stamp = (name: string): string => /\d{8}T\d{6}Z/.exec(name)?.[0] ?? "";
  const before = candidates.filter((name) => keys.timestamp === undefined || stamp(name) <= keys.timestamp);
  const chosen = before.at(-1);
  return chosen === undefined ? null : join(folder, chosen);
}

/** Reads a cycle's parameters of one tier, or null when the production folder has none. */
export function loadParameters(
  dataDir: string,
  tier: string,
  keys: { type?: string; period?: string; run?: string; timestamp?: string },
): { file: string; pars: unknown } | null {
  const production = findProductionConfig(dataDir);
  if (!production) return null;
  const file = findParFile(production, tier, keys);
  return file === null ? null : { file, pars: readParFile(file) };
}
