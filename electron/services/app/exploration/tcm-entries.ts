// The entries of one cycle through its TCM, as the DataLoader's buildTcmEntries makes them in "only" mode
// (the mode the exploration builds with): the TCM's hits of the selected tables, in TCM (event) order, that
// pass the hit cut of their table row and whose event passes the evt cut. Pure: the caller reads the TCM and
// evaluates the cuts (cached whole-table masks in the cycle workers), this combines them over typed arrays.
import type { Tcm } from "../../flow/loader/tcm.ts";
import type { TableId } from "../../flow/loader/entry-list.ts";

/** One cycle's entries through the TCM: tables in order of first appearance, per entry its code, row, event. */
export interface TcmCycleEntries {
  listed: TableId[];
  tableCode: Int32Array;
  idx: Int32Array;
  evtIdx: Int32Array;
}

export interface TcmCombineInput {
  tcm: Tcm;
  /** String ids of the selected tables, or null for every table. */
  wanted: ReadonlySet<string> | null;
  /**
   * The hit cut's mask over a whole table (by the TCM's table key), null when the table cannot pass (a cut
   * column missing), or "all" without a hit cut. Asked once per table key.
   */
  hitMask: (tb: TableId) => Uint8Array | null | "all";
  /** Events passing the evt cut (one flag per TCM event). */
  eventPass: Uint8Array;
}

export function combineTcmEntries({ tcm, wanted, hitMask, eventPass }: TcmCombineInput): TcmCycleEntries {
  const masks = new Map<number, Uint8Array | null | "all">();
  const codeOf = new Map<number, number>();
  const listed: TableId[] = [];
  const keep = new Int32Array(tcm.nHits);
  let n = 0;
  for (let h = 0; h < tcm.nHits; h++) {
    if (eventPass[tcm.eventOf[h]!] === 0) continue;
    const key = tcm.tableKey[h]!;
    let mask = masks.get(key);
    if (mask === undefined) {
      mask = wanted && !wanted.has(String(key)) ? null : hitMask(key);
      masks.set(key, mask);
    }
    if (mask === null) continue;
    // a TCM row beyond the table's rows cannot pass a cut over them
    if (mask !== "all" && !mask[tcm.rowInTable[h]!]) continue;
    keep[n++] = h;
  }
  const tableCode = new Int32Array(n);
  const idx = new Int32Array(n);
  const evtIdx = new Int32Array(n);
  for (let e = 0; e < n; e++) {
    const h = keep[e]!;
    const key = tcm.tableKey[h]!;
    let code = codeOf.get(key);
    if (code === undefined) {
      codeOf.set(key, (code = listed.length));
      listed.push(key);
    }
    tableCode[e] = code;
    idx[e] = tcm.rowInTable[h]!;
    evtIdx[e] = tcm.eventOf[h]!;
  }
  return { listed, tableCode, idx, evtIdx };
}

/** Bytes a cycle's TCM entries take (for the worker's byte-bounded cache). */
export function tcmEntriesBytes(entries: TcmCycleEntries): number {
  return entries.tableCode.byteLength + entries.idx.byteLength + entries.evtIdx.byteLength + 64;
}
