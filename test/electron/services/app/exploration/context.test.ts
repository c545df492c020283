// Finding LEGEND metadata near a dataset.
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { findMetadataDir } from "../../../../../electron/services/app/exploration/context.ts";
import { METADATA_DIR, PROD_REF_TIER_DIR } from "../../../../fixtures/testdata.ts";

const root = mkdtempSync(join(tmpdir(), "lh5e-meta-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("findMetadataDir", () => {
  it("finds legend-metadata beside the test data from the tier folder", () => {
    expect(findMetadataDir([PROD_REF_TIER_DIR])).toBe(METADATA_DIR);
  });

  it("finds a generated dataset's metadata folder, and nothing where there is none", () => {
    const dataset = join(root, "ds");
    mkdirSync(join(dataset, "metadata", "hardware", "configuration", "channelmaps"), { recursive: true });
    mkdirSync(join(dataset, "tier"), { recursive: true });
    expect(findMetadataDir([join(dataset, "tier")])).toBe(join(dataset, "metadata"));
    const empty = join(root, "empty", "a");
    mkdirSync(empty, { recursive: true });
    expect(findMetadataDir([empty], 1)).toBeNull();
  });
});
