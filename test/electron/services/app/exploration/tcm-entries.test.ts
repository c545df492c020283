// combineTcmEntries: a cycle's entries through its TCM as buildTcmEntries lists them in "only" mode.
import { describe, expect, it } from "vitest";
import { combineTcmEntries } from "../../../../../electron/services/app/exploration/tcm-entries.ts";
import { explodeCumulativeLength, type Tcm } from "../../../../../electron/services/flow/loader/tcm.ts";

/** Events of hits given as [table key, row] pairs. */
function tcmOf(events: [number, number][][]): Tcm {
  const hits = events.flat();
  let end = 0;
  const cumulativeLength = Float64Array.from(events, (e) => (end += e.length));
  return {
    nEvents: events.length,
    nHits: hits.length,
    cumulativeLength,
    tableKey: Float64Array.from(hits, ([key]) => key),
    rowInTable: Float64Array.from(hits, ([, row]) => row),
    eventOf: explodeCumulativeLength(cumulativeLength, hits.length),
  };
}

const TCM = tcmOf([
  [
    [20, 0],
    [10, 0],
  ],
  [[10, 1]],
  [
    [30, 0],
    [10, 2],
    [20, 1],
  ],
]);

describe("combineTcmEntries", () => {
  it("keeps the hits of passing events in TCM order, tables coded by first appearance", () => {
    const out = combineTcmEntries({
      tcm: TCM,
      wanted: null,
      hitMask: () => "all",
      eventPass: Uint8Array.of(1, 0, 1),
    });
    expect(out.listed).toEqual([20, 10, 30]);
    expect([...out.tableCode]).toEqual([0, 1, 2, 1, 0]);
    expect([...out.idx]).toEqual([0, 0, 0, 2, 1]);
    expect([...out.evtIdx]).toEqual([0, 0, 2, 2, 2]);
  });

  it("applies the hit masks by table row, drops tables that cannot pass and tables not wanted", () => {
    const asked: number[] = [];
    const out = combineTcmEntries({
      tcm: TCM,
      wanted: new Set(["10", "30"]),
      hitMask: (tb) => {
        asked.push(Number(tb));
        // table 10: rows 0 and 2 pass (row 1 too, but its event fails); table 30 lacks a cut column
        return tb === 10 ? Uint8Array.of(1, 1, 1) : null;
      },
      eventPass: Uint8Array.of(1, 0, 1),
    });
    expect(asked).toEqual([10, 30]); // once per table, never for an unwanted one
    expect(out.listed).toEqual([10]);
    expect([...out.idx]).toEqual([0, 2]);
    expect([...out.evtIdx]).toEqual([0, 2]);
  });

  it("drops a hit whose row is beyond its table's mask", () => {
    const out = combineTcmEntries({
      tcm: TCM,
      wanted: null,
      hitMask: (tb) => (tb === 10 ? Uint8Array.of(1, 1) : "all"),
      eventPass: Uint8Array.of(1, 1, 1),
    });
    expect([...out.idx]).toEqual([0, 0, 1, 0, 1]);
    expect(out.listed).toEqual([20, 10, 30]);
  });
});
