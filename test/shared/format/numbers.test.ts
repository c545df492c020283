import { describe, expect, it } from "vitest";
import { formatCount, formatNumber } from "../../../shared/format/numbers.ts";

describe("the one number format (issue #18, defect 7)", () => {
  it("groups counts with thin spaces", () => {
    expect(formatCount(1_080_920)).toBe("1\u202f080\u202f920");
    expect(formatCount(70)).toBe("70");
  });

  it("gives values 6 significant digits without float noise", () => {
    expect(formatNumber(2565.714285714286)).toBe("2565.71");
    expect(formatNumber(2600)).toBe("2600");
    expect(formatNumber(26_000, "ADC")).toBe("26000 ADC");
    expect(formatNumber(0.5, "keV")).toBe("0.5 keV");
    expect(formatNumber(1.5e-6)).toBe("1.5e-6");
    expect(formatNumber(Number.NaN)).toBe("–");
  });

  it("shows Unix times in seconds as UTC dates", () => {
    expect(formatNumber(1_680_307_200, "s")).toBe("2023-04-01 00:00:00 UTC");
    expect(formatNumber(12.5, "s")).toBe("12.5 s");
  });
});
