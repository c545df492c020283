// Floors of a folder walk for the filedb bench, measured on the same tree in the same run: Node (readdirSync +
// statSync per entry, one thread) and C (walk-floor.c: readdir + fstatat, one thread; compiled into the temp
// folder with cc or gcc, skipped with a reason when there is no compiler).
import { execFileSync } from "node:child_process";
import { readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO_ROOT } from "../../../test/fixtures/testdata.ts";

const SOURCE = join(REPO_ROOT, "build/bench/native/walk-floor.c");

/** Files found and seconds taken by one Node walk of `root`: readdirSync, then one statSync per entry. */
export function nodeWalkFloor(root: string): { files: number; seconds: number } {
  const started = performance.now();
  let files = 0;
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = `${dir}/${name}`;
      const stat = statSync(path, { throwIfNoEntry: false });
      if (stat?.isDirectory()) walk(path);
      else if (stat?.isFile()) files += 1;
    }
  };
  walk(root);
  return { files, seconds: (performance.now() - started) / 1000 };
}

let compiled: { binary: string } | { skipped: string } | null = null;

/** The compiled C floor, or why there is none (no cc/gcc, or it failed). Compiled once per process. */
function cFloorBinary(): { binary: string } | { skipped: string } {
  if (compiled) return compiled;
  const binary = join(tmpdir(), `lh5-bench-walk-floor-${process.pid}`);
  const errors: string[] = [];
  for (const compiler of ["cc", "gcc"]) {
    try {
      execFileSync(compiler, ["-O2", "-o", binary, SOURCE], { stdio: "pipe" });
      compiled = { binary };
      return compiled;
    } catch (error) {
      errors.push(`${compiler}: ${(error as Error).message.split("\n")[0] ?? ""}`);
    }
  }
  compiled = { skipped: `no C compiler (${errors.join("; ")})` };
  return compiled;
}

/** Seconds of each of `repeats` C walks of `root` (and the files it counted), or why it was skipped. */
export function cWalkFloor(
  root: string,
  repeats: number,
): { files: number; seconds: number[] } | { skipped: string } {
  const found = cFloorBinary();
  if ("skipped" in found) return found;
  const out = execFileSync(found.binary, [root, String(repeats)], { encoding: "utf8" });
  const lines = out.trim().split("\n");
  const seconds = lines.map((line) => Number(line.split(" ")[1]));
  const files = Number(lines[0]?.split(" ")[0]);
  return { files, seconds };
}

/** Deletes the compiled C floor (the bench's temp binary). */
export function removeCFloor(): void {
  if (compiled && "binary" in compiled) rmSync(compiled.binary, { force: true });
  compiled = null;
}
