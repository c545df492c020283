// The Help menu's About panel and documentation link: from package.json, and only https reaches the
// system browser.
import { describe, expect, it, vi } from "vitest";
import packageJson from "../../../package.json" with { type: "json" };
import {
  aboutPanelOptions,
  DOCS_URL,
  isSafeExternalUrl,
  openExternalSafely,
} from "../../../electron/main/about.ts";

describe("about and documentation", () => {
  it("show the product name, the running version and the project's home page", () => {
    const options = aboutPanelOptions("1.2.3");
    expect(options).toMatchObject({
      applicationName: "LH5 Browser",
      applicationVersion: "1.2.3",
      website: packageJson.homepage,
      authors: [packageJson.author.name],
    });
    expect(options.copyright).toContain(packageJson.author.name);
    expect(DOCS_URL.startsWith(`${packageJson.homepage}`)).toBe(true);
  });

  it("open only https pages in the system browser", async () => {
    expect(isSafeExternalUrl(DOCS_URL)).toBe(true);
    for (const url of [
      "http://example.org/",
      "file:///etc/passwd",
      "javascript:alert(1)",
      "smb://host/share",
      "not a url",
    ])
      expect(isSafeExternalUrl(url), url).toBe(false);
    const shell = { openExternal: vi.fn(() => Promise.resolve()) };
    expect(await openExternalSafely(shell, "file:///usr/bin/xterm")).toBe(false);
    expect(shell.openExternal).not.toHaveBeenCalled();
    expect(await openExternalSafely(shell, DOCS_URL)).toBe(true);
    expect(shell.openExternal).toHaveBeenCalledWith(DOCS_URL);
  });
});
