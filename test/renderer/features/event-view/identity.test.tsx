// The renderer's side of entry identity: names and fields from the compact columns, the waveform legend,
// the values table's identity list, the event view's layout by string and its steps between events.
import { describe, expect, it } from "vitest";
import { fireEvent, screen, waitFor } from "@testing-library/react";
import type {
  EntryIdentity,
  EventView,
  EventViewRequest,
  WaveformPage,
} from "../../../../shared/api/types.ts";
import { createMockApi } from "../../../../renderer/bridge/mock.ts";
import {
  entryName,
  identityFields,
  shortName,
  timestampText,
} from "../../../../renderer/features/event-view/identity-text.ts";
import {
  eventValueColumns,
  hitGroups,
  sparkPath,
} from "../../../../renderer/features/event-view/event-layout.ts";
import { EventViewPanel } from "../../../../renderer/features/event-view/EventViewPanel.tsx";
import { ValuesTable } from "../../../../renderer/features/values-table/ValuesTable.tsx";
import { legendDetail, legendText } from "../../../../renderer/features/waveforms/waveform-figure.ts";
import { renderWithApp } from "../../render-app.tsx";

const CYCLE = "l200-p03-r001-cal-20230318T012144Z";

/** Three hits: two channels of string 10 and a SiPM, in one cycle. */
function identity(): EntryIdentity {
  return {
    cycles: [
      {
        row: 3,
        key: CYCLE,
        timestamp: "20230318T012144Z",
        files: { raw: `${CYCLE}-tier_raw.lh5`, hit: `${CYCLE}-tier_hit.lh5` },
      },
    ],
    channels: [
      { table: "ch1084804", rawid: 1084804, name: "V01240A", system: "geds", string: 10, position: 10 },
      { table: "ch1084803", rawid: 1084803, name: "V00048A", system: "geds", string: 10, position: 9 },
      { table: "ch1057600", rawid: 1057600, name: "S002", system: "spms", string: null, position: null },
    ],
    cycle: Uint32Array.of(0, 0, 0),
    channel: Uint32Array.of(1, 0, 2),
    row: Float64Array.of(1, 6, 12),
    event: Float64Array.of(7, 7, -1),
    level: "hit",
  };
}

const selection = { rows: [], channels: [], cuts: {} };

describe("identity text", () => {
  it("names an entry by detector, rawid, cycle, timestamp, file, table, row and event", () => {
    const name = entryName(identity(), 1)!;
    expect(shortName(name)).toBe("V01240A (1084804) · row 6 · event 7");
    expect(Object.fromEntries(identityFields(name).map((f) => [f.key, f.value]))).toEqual({
      detector: "V01240A",
      rawid: "1084804",
      cycle: CYCLE,
      timestamp: "2023-03-18 01:21:44 UTC",
      file: `${CYCLE}-tier_raw.lh5`,
      table: "ch1084804",
      row: "6",
      event: "7",
    });
    expect(shortName(entryName(identity(), 2)!)).toBe("S002 (1057600) · row 12");
    expect(entryName(identity(), 3)).toBeNull();
    expect(timestampText("r001")).toBe("r001");
  });

  it("puts the identity in the waveform legend instead of the bare entry number", () => {
    const page: WaveformPage = {
      totalEntries: 3,
      entries: Float64Array.of(0, 1, 2),
      traces: [],
      legend: { trapEmax: { values: Float64Array.of(455.58, 227.2, 10), units: null } },
      identity: identity(),
    };
    expect(legendText(page, 1, "waveform", 1)).toBe(
      "#1 V01240A (1084804) · row 6 · event 7 · trapEmax = 227.2",
    );
    expect(legendDetail(page, 1)).toContain(`cycle: ${CYCLE}`);
    const { identity: _, ...bare } = page;
    expect(legendText(bare, 1, "waveform", 1)).toBe("#1 · trapEmax = 227.2");
  });
});

describe("event layout", () => {
  it("groups germanium hits by string (ascending) and keeps SiPMs apart", () => {
    const groups = hitGroups({ identity: identity() });
    expect(groups).toEqual([
      { label: "string 10", hits: [0, 1] },
      { label: "SiPM", hits: [2] },
    ]);
  });

  it("draws a trace as at most two points per pixel column, nothing for all-NaN samples", () => {
    const samples = Float32Array.from({ length: 1000 }, (_, s) => (s < 500 ? 0 : 10));
    const path = sparkPath(samples, 100, 20);
    expect(path.startsWith("M0.0 20.0")).toBe(true);
    expect(path.split(/[ML]/).filter(Boolean).length).toBeLessThanOrEqual(200);
    expect(path).toContain(" 0.0"); // the top (value 10) is reached
    expect(sparkPath(Float32Array.of(Number.NaN, Number.NaN), 10, 10)).toBe("");
  });

  it("shows the legend's columns, else the usual energies the dataset has", () => {
    expect(eventValueColumns(["A", "", "A"], ["trapEmax"])).toEqual(["A"]);
    expect(eventValueColumns([], ["trapEmax", "x", "cuspEmax_ctc_cal"])).toEqual([
      "cuspEmax_ctc_cal",
      "trapEmax",
    ]);
  });
});

describe("ValuesTable identity", () => {
  it("heads the values with who the entry is", async () => {
    const api = createMockApi();
    api.waveformPage = (req) => {
      const full = identity();
      return Promise.resolve({
        totalEntries: 3,
        entries: Float64Array.of(req.start),
        traces: [],
        legend: {},
        identity: {
          ...full,
          cycle: full.cycle.slice(1, 2),
          channel: full.channel.slice(1, 2),
          row: full.row.slice(1, 2),
          event: full.event.slice(1, 2),
        },
      });
    };
    renderWithApp(<ValuesTable entry={1} selection={selection} range={null} columns={[]} />, { api });
    await waitFor(() => expect(screen.getByTestId("identity-detector").textContent).toContain("V01240A"));
    expect(screen.getByTestId("identity-cycle").textContent).toContain(CYCLE);
    expect(screen.getByTestId("identity-row").textContent).toBe("hit row6");
    expect(screen.getByTestId("identity-event").textContent).toContain("7");
    expect(screen.getByTestId("values-table").querySelector("h3")!.textContent).toBe("Entry #1");
  });
});

describe("EventViewPanel", () => {
  it("shows every hit of the event with its values, and steps to the entry of the next event", async () => {
    const requests: EventViewRequest[] = [];
    const view = (position: number): EventView => ({
      totalEntries: 30,
      position,
      event: 7,
      identity: identity(),
      current: 1,
      values: { trapEmax: { values: Float64Array.of(455.58, 227.2, Number.NaN), units: null } },
      traces: [
        {
          column: "waveform",
          nSamples: 4,
          values: Float32Array.of(1, 2, 3, 4, 4, 3, 2, 1, NaN, NaN, NaN, NaN),
          t0: Float64Array.of(0, 0, NaN),
          dt: Float64Array.of(16, 16, NaN),
          timeUnits: "ns",
        },
      ],
    });
    const api = createMockApi();
    api.eventView = (req) => {
      requests.push(req);
      return Promise.resolve(view(req.position + (req.step ?? 0) * 3));
    };
    const picked: number[] = [];
    renderWithApp(
      <EventViewPanel
        entry={5}
        selection={selection}
        range={null}
        waveformColumn="waveform"
        valueColumns={["trapEmax"]}
        onEntry={(p) => picked.push(p)}
      />,
      { api },
    );
    await waitFor(() => expect(screen.getAllByTestId("event-hit")).toHaveLength(3));
    expect(screen.getByTestId("event-title").textContent).toBe(
      `Event 7 of ${CYCLE} (2023-03-18 01:21:44 UTC) · 3 channels`,
    );
    const hits = screen.getAllByTestId("event-hit");
    expect(hits.map((h) => h.getAttribute("data-table"))).toEqual(["ch1084803", "ch1084804", "ch1057600"]);
    expect(hits[1]!.className).toContain("current");
    expect(hits.map((h) => h.querySelector("[data-testid=event-value-trapEmax]")!.textContent)).toEqual([
      "455.58",
      "227.2",
      "–",
    ]);
    expect(hits[0]!.querySelector("path")!.getAttribute("d")).not.toBe("");
    expect(hits[2]!.querySelector("svg text")!.textContent).toBe("no waveform");
    expect(requests[0]).toMatchObject({
      position: 5,
      step: 0,
      columns: ["waveform"],
      valueColumns: ["trapEmax"],
    });
    fireEvent.click(screen.getByTestId("event-next"));
    await waitFor(() => expect(picked).toEqual([8]));
    expect(requests[1]).toMatchObject({ position: 5, step: 1 });
  });
});
