// Paths opened from outside the window wait until the renderer listens, in order, and the first one
// that arrives before the app is ready becomes the startup path.
import { describe, expect, it } from "vitest";
import { OpenRequests } from "../../../electron/main/open-requests.ts";

describe("OpenRequests", () => {
  it("holds paths until the renderer listens, then delivers them in order and new ones at once", () => {
    const requests = new OpenRequests();
    const delivered: string[] = [];
    requests.request("/d/a.json");
    requests.request("/d/b.lh5");
    expect(delivered).toEqual([]);
    requests.listen((path) => delivered.push(path));
    expect(delivered).toEqual(["/d/a.json", "/d/b.lh5"]);
    requests.request("/d/c");
    expect(delivered).toEqual(["/d/a.json", "/d/b.lh5", "/d/c"]);
  });

  it("holds paths again while the page reloads, and delivers each path once", () => {
    const requests = new OpenRequests();
    const delivered: string[] = [];
    requests.listen((path) => delivered.push(`first:${path}`));
    requests.pause();
    requests.request("/d/a.json");
    expect(delivered).toEqual([]);
    requests.listen((path) => delivered.push(`second:${path}`));
    requests.listen((path) => delivered.push(`third:${path}`));
    expect(delivered).toEqual(["second:/d/a.json"]);
  });

  it("gives the first waiting path as the startup path and keeps the rest for the renderer", () => {
    const requests = new OpenRequests();
    expect(requests.takeStartupPath()).toBeNull();
    requests.request("/d/first.lh5");
    requests.request("/d/second.lh5");
    expect(requests.takeStartupPath()).toBe("/d/first.lh5");
    const delivered: string[] = [];
    requests.listen((path) => delivered.push(path));
    expect(delivered).toEqual(["/d/second.lh5"]);
  });
});
