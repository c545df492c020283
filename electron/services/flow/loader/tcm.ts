// The time coincidence map (flow-spec §3) over typed arrays, in both on-disk formats:
// current: a table whose `parent_tb`/`parent_idx` columns are VectorOfVectors sharing one segmentation;
// old (before pygama 2.1): flat arrays `cumulative_length` (per event), `array_id` and `array_idx` (per hit).
import type { Lgdo, NumericData } from "../../../../shared/lgdo/model.ts";
import type { TcmColumns } from "./config.ts";

/** One TCM: hit h belongs to event `eventOf[h]`, and is row `rowInTable[h]` of the table with id `tableKey[h]`. */
export interface Tcm {
  nEvents: number;
  nHits: number;
  /** Exclusive end offset of each event's hits (no leading 0), as on disk. */
  cumulativeLength: Float64Array;
  tableKey: Float64Array;
  rowInTable: Float64Array;
  eventOf: Int32Array;
}

export class TcmFormatError extends Error {
  override name = "TcmFormatError";
}

function toFloat64(data: NumericData | string[], what: string): Float64Array {
  if (Array.isArray(data)) throw new TcmFormatError(`${what} holds strings, expected integers`);
  return data instanceof Float64Array ? data : Float64Array.from(data);
}

function asArray(obj: Lgdo | undefined, what: string): Float64Array {
  if (!obj || obj.kind !== "array") throw new TcmFormatError(`${what} is missing or not a flat array`);
  return toFloat64(obj.data, what);
}

function asVov(obj: Lgdo | undefined, what: string): { cl: Float64Array; flat: Float64Array } {
  if (!obj || obj.kind !== "vov") throw new TcmFormatError(`${what} is missing or not a vector of vectors`);
  const vov = obj;
  if (vov.flattened.kind !== "array") throw new TcmFormatError(`${what} is nested deeper than one level`);
  return { cl: vov.cumulativeLength, flat: toFloat64(vov.flattened.data, `${what}/flattened_data`) };
}

/** Event number of every hit from exclusive end offsets; checks the offsets are monotonic and cover all hits. */
export function explodeCumulativeLength(cl: Float64Array, nHits: number, where = "TCM"): Int32Array {
  const eventOf = new Int32Array(nHits);
  let start = 0;
  for (let event = 0; event < cl.length; event++) {
    const end = cl[event]!;
    if (!Number.isInteger(end) || end < start || end > nHits) {
      throw new TcmFormatError(
        `${where}: cumulative_length[${event}] = ${end} is not within [${start}, ${nHits}] (corrupt TCM)`,
      );
    }
    eventOf.fill(event, start, end);
    start = end;
  }
  if (start !== nHits) {
    throw new TcmFormatError(`${where}: cumulative_length ends at ${start} but there are ${nHits} hits`);
  }
  return eventOf;
}

function sameOffsets(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function childrenOf(obj: Lgdo): Record<string, Lgdo> | null {
  if (obj.kind === "table") return obj.columns;
  if (obj.kind === "struct") return obj.fields;
  return null;
}

/**
 * Interprets a TCM object read from a file. `where` names file and object for errors. The current format is
 * recognised by VoV columns named `tcmCols.parentTb`/`parentIdx`; the old one by a flat `cumulative_length`
 * next to flat id/index arrays (`array_id`/`array_idx`, or the configured names if they are flat arrays).
 */
export function tcmFromLgdo(obj: Lgdo, tcmCols: TcmColumns, where: string): Tcm {
  const children = childrenOf(obj);
  if (!children) throw new TcmFormatError(`${where}: a TCM must be a table or struct, found ${obj.kind}`);
  const tb = children[tcmCols.parentTb];
  const idx = children[tcmCols.parentIdx];
  let cl: Float64Array;
  let tableKey: Float64Array;
  let rowInTable: Float64Array;
  if (tb?.kind === "vov" && idx?.kind === "vov") {
    const keys = asVov(tb, `${where}/${tcmCols.parentTb}`);
    const rows = asVov(idx, `${where}/${tcmCols.parentIdx}`);
    if (!sameOffsets(keys.cl, rows.cl)) {
      throw new TcmFormatError(
        `${where}: '${tcmCols.parentTb}' and '${tcmCols.parentIdx}' have different events`,
      );
    }
    ({ cl } = keys);
    tableKey = keys.flat;
    rowInTable = rows.flat;
  } else if (children.cumulative_length !== undefined) {
    const idName = tb?.kind === "array" ? tcmCols.parentTb : "array_id";
    const idxName = idx?.kind === "array" ? tcmCols.parentIdx : "array_idx";
    cl = asArray(children.cumulative_length, `${where}/cumulative_length`);
    tableKey = asArray(children[idName], `${where}/${idName}`);
    rowInTable = asArray(children[idxName], `${where}/${idxName}`);
  } else {
    const have = Object.keys(children).join(", ") || "nothing";
    throw new TcmFormatError(
      `${where}: not a TCM: expected VoV columns '${tcmCols.parentTb}'/'${tcmCols.parentIdx}' ` +
        `or flat 'cumulative_length'/'array_id'/'array_idx', found ${have}`,
    );
  }
  if (tableKey.length !== rowInTable.length) {
    throw new TcmFormatError(
      `${where}: ${tableKey.length} table keys but ${rowInTable.length} row indices (corrupt TCM)`,
    );
  }
  const eventOf = explodeCumulativeLength(cl, tableKey.length, where);
  return { nEvents: cl.length, nHits: tableKey.length, cumulativeLength: cl, tableKey, rowInTable, eventOf };
}
