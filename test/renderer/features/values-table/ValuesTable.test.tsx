import { describe, expect, it } from "vitest";
import { screen, waitFor } from "@testing-library/react";
import type { ColumnInfo, WaveformPageRequest } from "../../../../shared/api/types.ts";
import { createMockApi } from "../../../../renderer/bridge/mock.ts";
import { ValuesTable, columnChunks } from "../../../../renderer/features/values-table/ValuesTable.tsx";
import { renderWithApp } from "../../render-app.tsx";

const column = (name: string, tier: string, units: string | null = null): ColumnInfo => ({
  name,
  tier,
  level: tier === "evt" ? "evt" : "hit",
  lgdoType: "array<1>{real}",
  dtype: "float64",
  units,
});

describe("ValuesTable", () => {
  it("shows the entry's values in every tier, evt included, asking for all columns in chunks of 64", async () => {
    // 70 dsp columns, then hit and evt ones: the evt columns come after the first 64
    const columns = [
      ...Array.from({ length: 70 }, (_, k) => column(`dsp_${k}`, "dsp")),
      column("cuspEmax_ctc_cal", "hit", "keV"),
      column("timestamp", "hit", "s"),
      column("timestamp", "evt", "s"),
      column("geds_energy_sum", "evt", "keV"),
    ];
    const requests: WaveformPageRequest[] = [];
    const api = createMockApi();
    api.waveformPage = (req) => {
      requests.push(req);
      const names = req.legendColumns ?? [];
      return Promise.resolve({
        totalEntries: 100,
        entries: Float64Array.of(req.start),
        traces: [],
        legend: Object.fromEntries(
          names.map((name, k) => [
            name,
            {
              values: Float64Array.of(name === "geds_energy_sum" ? 2614.25 : k),
              units: name.endsWith("sum") ? "keV" : null,
            },
          ]),
        ),
      });
    };
    renderWithApp(
      <ValuesTable
        entry={7}
        selection={{ rows: [], channels: [], cuts: {} }}
        range={null}
        columns={columns}
      />,
      { api },
    );
    await waitFor(() => expect(screen.getByTestId("value-geds_energy_sum").textContent).toBe("2614.25 keV"));
    expect(requests.map((r) => r.legendColumns!.length)).toEqual([64, 9]);
    expect(requests.every((r) => r.start === 7 && r.count === 1 && r.columns.length === 0)).toBe(true);
    const tiers = [...screen.getByTestId("values-table").querySelectorAll("tbody tr")].map(
      (tr) => tr.querySelector("td")!.textContent,
    );
    expect(tiers.filter((t) => t === "evt")).toHaveLength(1); // timestamp is asked for once
    expect(tiers).toHaveLength(73);
  });

  it("splits columns into requests the contract accepts", () => {
    expect(columnChunks([])).toEqual([]);
    expect(columnChunks(Array.from({ length: 128 }, (_, k) => k)).map((c) => c.length)).toEqual([64, 64]);
  });
});
