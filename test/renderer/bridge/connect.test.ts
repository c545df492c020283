// Web mode hands the API token to the page in a meta tag (the page's URL carries no secret), and the
// HTTP client sends it with every call.
import { afterEach, describe, expect, it, vi } from "vitest";
import { connect, pageToken } from "../../../renderer/bridge/connect.ts";

afterEach(() => {
  document.head.querySelectorAll('meta[name="lh5-token"]').forEach((meta) => meta.remove());
  vi.unstubAllGlobals();
});

describe("connect (web mode)", () => {
  it("reads the token from the page's meta tag", () => {
    expect(pageToken(document)).toBe("");
    const meta = document.createElement("meta");
    meta.name = "lh5-token";
    meta.content = "ab".repeat(32);
    document.head.appendChild(meta);
    expect(pageToken(document)).toBe("ab".repeat(32));
  });

  it("sends that token on API calls", async () => {
    const meta = document.createElement("meta");
    meta.name = "lh5-token";
    meta.content = "cd".repeat(32);
    document.head.appendChild(meta);
    const seen: Headers[] = [];
    vi.stubGlobal(
      "fetch",
      vi.fn((_url: string, init: RequestInit) => {
        seen.push(new Headers(init.headers));
        return Promise.reject(new Error("offline"));
      }),
    );
    const { api, bridge } = connect(window);
    expect(bridge).toBeNull();
    await expect(api.getAppInfo()).rejects.toThrow();
    expect(seen[0]?.get("x-lh5-token")).toBe("cd".repeat(32));
  });
});
