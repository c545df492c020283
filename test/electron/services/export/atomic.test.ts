// Temporary files a killed export left behind are removed at the next export into their folder; temps of
// live exports (ours or another running process's), fresh ones and other people's files stay.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import {
  STALE_TEMP_MS,
  checkTarget,
  cleanStaleTemps,
  discardTemp,
  openTemp,
} from "../../../../electron/services/export/atomic.ts";
import { REPO_ROOT } from "../../../fixtures/testdata.ts";

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), "atomic-"));
  dirs.push(dir);
  return dir;
}

/** Writes `name` in `dir`, last modified `ageMs` ago. */
function file(dir: string, name: string, ageMs: number): string {
  const path = join(dir, name);
  writeFileSync(path, "partial");
  const when = (Date.now() - ageMs) / 1000;
  utimesSync(path, when, when);
  return path;
}

/** A pid no process has (above Linux's largest pid_max). */
const DEAD_PID = 4_194_304 + 17;
const OLD = STALE_TEMP_MS + 60_000;

describe("cleanStaleTemps", () => {
  it("removes old temps of our naming whose writer is gone, and nothing else", () => {
    const dir = folder();
    const deadWriter = file(dir, `.out.csv.tmp-${DEAD_PID}-0123456789ab`, OLD);
    const noPid = file(dir, ".out.parquet.tmp-a1b2c3d4e5f6", OLD);
    const lh5Writer = file(dir, "out.lh5.tmp-ffeeddccbbaa", OLD);
    const ourPidNotOpen = file(dir, `.x.arrow.tmp-${process.pid}-00000000000a`, OLD);
    const fresh = file(dir, `.out.csv.tmp-${DEAD_PID}-0123456789ac`, 1000);
    const liveOther = file(dir, `.out.csv.tmp-${process.ppid}-0123456789ad`, OLD);
    const notOurs = [
      file(dir, "out.csv", OLD),
      file(dir, ".out.csv.tmp-notes", OLD),
      file(dir, ".out.csv.tmp-0123456789abcdef", OLD),
    ];
    const removed = cleanStaleTemps(dir);
    expect(removed.sort()).toEqual([deadWriter, noPid, lh5Writer, ourPidNotOpen].sort());
    for (const kept of [fresh, liveOther, ...notOurs]) expect(existsSync(kept), kept).toBe(true);
  });

  it("keeps a temp this process has open, however old, until the export ends", () => {
    const dir = folder();
    const { fd, temp } = openTemp(join(dir, "big.csv"));
    const when = (Date.now() - OLD) / 1000;
    utimesSync(temp, when, when);
    expect(cleanStaleTemps(dir)).toEqual([]);
    expect(existsSync(temp)).toBe(true);
    discardTemp(fd, temp);
  });

  it("never throws on a folder that is not there", () => {
    expect(cleanStaleTemps(join(folder(), "missing"))).toEqual([]);
  });
});

describe("an export killed with SIGKILL", () => {
  it("leaves a temp that the next export into the folder removes", () => {
    const dir = folder();
    const target = join(dir, "sel.csv");
    // a child opens its temp the way every export does, then dies with no chance to clean up
    const atomic = pathToFileURL(join(REPO_ROOT, "electron/services/export/atomic.ts")).href;
    const script = `const m = await import(${JSON.stringify(atomic)});
      m.openTemp(${JSON.stringify(target)}); process.kill(process.pid, "SIGKILL");`;
    const child = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      cwd: REPO_ROOT,
      timeout: 30_000,
    });
    expect(child.signal).toBe("SIGKILL");
    const left = readdirSync(dir);
    expect(left).toEqual([
      expect.stringMatching(new RegExp(`^\\.sel\\.csv\\.tmp-${child.pid}-[0-9a-f]{12}$`)),
    ]);
    const temp = join(dir, left[0] as string);
    checkTarget(target, false); // soon after the kill: the temp may be a live export's, so it stays
    expect(existsSync(temp)).toBe(true);
    const when = (Date.now() - OLD) / 1000;
    utimesSync(temp, when, when);
    checkTarget(join(dir, "other.csv"), false); // the next export into the folder
    expect(readdirSync(dir)).toEqual([]);
  });
});
