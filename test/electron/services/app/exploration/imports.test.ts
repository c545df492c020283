// @vitest-environment node
// The exploration modules import each other without a circle (the engine sits on top; the worker path,
// the loader path and the selection never reach back up to it), type-only imports included.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const DIR = join(import.meta.dirname, "../../../../../electron/services/app/exploration");

/** Sibling modules each module imports (`./x.ts`), type-only imports included. */
function siblingImports(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const name of readdirSync(DIR).filter((f) => f.endsWith(".ts"))) {
    const text = readFileSync(join(DIR, name), "utf8");
    const found = [...text.matchAll(/from "\.\/([\w-]+\.ts)"/g)].map((m) => m[1]!);
    graph.set(name, [...new Set(found)]);
  }
  return graph;
}

/** One import circle as a path of module names, or null. */
function findCircle(graph: Map<string, string[]>): string[] | null {
  const state = new Map<string, "open" | "done">();
  const path: string[] = [];
  const visit = (node: string): string[] | null => {
    if (state.get(node) === "done") return null;
    if (state.get(node) === "open") return [...path.slice(path.indexOf(node)), node];
    state.set(node, "open");
    path.push(node);
    for (const next of graph.get(node) ?? []) {
      const circle = visit(next);
      if (circle) return circle;
    }
    path.pop();
    state.set(node, "done");
    return null;
  };
  for (const node of graph.keys()) {
    const circle = visit(node);
    if (circle) return circle;
  }
  return null;
}

describe("exploration imports", () => {
  it("form no circle", () => {
    const graph = siblingImports();
    expect(graph.get("engine.ts")).toContain("cycle-jobs.ts");
    expect(findCircle(graph)).toBeNull();
  });
});
