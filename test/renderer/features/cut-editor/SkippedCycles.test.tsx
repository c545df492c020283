import { fireEvent, screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { CutsPanel } from "../../../../renderer/features/cut-editor/CutsPanel.tsx";
import { ChannelPicker } from "../../../../renderer/features/channel-picker/ChannelPicker.tsx";
import type { DatasetInfo } from "../../../../shared/api/types.ts";
import { createAppStore } from "../../../../renderer/stores/store.ts";
import { renderWithApp } from "../../render-app.tsx";
import { createExplorationApi } from "../exploration-api.ts";

const DATASET = {
  id: "mock-1",
  levels: [
    { name: "hit", tiers: ["raw", "dsp", "hit"] },
    { name: "tcm", tiers: ["tcm"], parent: "hit", child: "evt" },
    { name: "evt", tiers: ["evt"] },
  ],
} as DatasetInfo;

const ARCHIVED = "l200-p03-r000-cal-20230311T235840Z";

function setup() {
  const api = createExplorationApi({
    countOf: (s) => (s.cuts.hit ? 14 : 1000),
    // as the service: a cut on a hit column skips the cycle without a hit file
    skippedOf: (s) =>
      s.cuts.hit
        ? [{ cycle: ARCHIVED, reason: "no hit file, which holds 'cuspEmax_ctc_cal' of the cut" }]
        : [],
  });
  const store = createAppStore();
  store.setState({ dataset: DATASET });
  renderWithApp(
    <>
      <ChannelPicker />
      <CutsPanel />
    </>,
    { api, store },
  );
  return { api, store };
}

describe("skipped cycles beside the live count", () => {
  it("says how many cycles a count skipped, and which and why when opened; nothing when none", async () => {
    const { store } = setup();
    await waitFor(() => expect(screen.getByTestId("live-count").textContent).toBe("1000"));
    expect(screen.queryByTestId("skipped-cycles")).toBeNull();

    const editor = screen.getByTestId("cut-editor-hit");
    fireEvent.change(editor, { target: { value: "cuspEmax_ctc_cal > 0", selectionStart: 20 } });
    fireEvent.keyDown(editor, { key: "Enter" });
    await waitFor(() => expect(screen.getByTestId("live-count").textContent).toBe("14"));
    const notice = screen.getByTestId("skipped-cycles");
    expect(notice.querySelector("summary")?.textContent).toBe("1 cycle skipped (missing tier file)");
    expect(notice.querySelector("li")?.textContent).toBe(
      `${ARCHIVED}: no hit file, which holds 'cuspEmax_ctc_cal' of the cut`,
    );
    expect(store.getState().liveCount.skipped).toHaveLength(1);

    fireEvent.change(editor, { target: { value: "", selectionStart: 0 } });
    fireEvent.keyDown(editor, { key: "Enter" });
    await waitFor(() => expect(screen.getByTestId("live-count").textContent).toBe("1000"));
    expect(screen.queryByTestId("skipped-cycles")).toBeNull();
  });
});
