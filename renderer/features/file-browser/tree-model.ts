// The tree as rows on screen and the keys that move through it (WAI-ARIA tree view pattern): pure
// functions over the loaded groups, so keyboard navigation is tested without a DOM.
import type { Lh5Node } from "../../../shared/api/file-browser.ts";

export interface TreeRow {
  node: Lh5Node;
  depth: number;
  expanded: boolean;
  /** Parent group path ("" at the top). */
  parent: string;
}

/** Rows shown: the root's children, and the children of every expanded group whose children are loaded. */
export function visibleRows(
  groups: Readonly<Record<string, readonly Lh5Node[]>>,
  expanded: readonly string[],
): TreeRow[] {
  const open = new Set(expanded);
  const rows: TreeRow[] = [];
  const add = (group: string, depth: number) => {
    for (const node of groups[group] ?? []) {
      const isOpen = node.expandable && open.has(node.path);
      rows.push({ node, depth, expanded: isOpen, parent: group });
      if (isOpen) add(node.path, depth + 1);
    }
  };
  add("", 0);
  return rows;
}

/** What a key asks for: move the focus, expand or collapse a group, or open the focused object's view. */
export type TreeAction =
  | { kind: "focus"; path: string }
  | { kind: "expand"; path: string }
  | { kind: "collapse"; path: string }
  | { kind: "activate"; path: string }
  | { kind: "none" };

export function keyAction(rows: readonly TreeRow[], focused: string | null, key: string): TreeAction {
  if (rows.length === 0) return { kind: "none" };
  const at = rows.findIndex((r) => r.node.path === focused);
  const row = rows[at];
  const focus = (index: number): TreeAction => {
    const target = rows[Math.max(0, Math.min(rows.length - 1, index))]!;
    return target.node.path === focused ? { kind: "none" } : { kind: "focus", path: target.node.path };
  };
  if (!row)
    return key === "ArrowDown" || key === "Home"
      ? focus(0)
      : key === "End"
        ? focus(rows.length - 1)
        : { kind: "none" };
  switch (key) {
    case "ArrowDown":
      return focus(at + 1);
    case "ArrowUp":
      return focus(at - 1);
    case "Home":
      return focus(0);
    case "End":
      return focus(rows.length - 1);
    case "ArrowRight":
      // a closed group opens; an open one moves to its first child
      if (!row.node.expandable) return { kind: "none" };
      if (!row.expanded) return { kind: "expand", path: row.node.path };
      return rows[at + 1]?.parent === row.node.path ? focus(at + 1) : { kind: "none" };
    case "ArrowLeft":
      // an open group closes; anything else moves to its parent
      if (row.expanded) return { kind: "collapse", path: row.node.path };
      return row.parent === "" ? { kind: "none" } : { kind: "focus", path: row.parent };
    case "Enter":
    case " ":
      return { kind: "activate", path: row.node.path };
    default:
      return { kind: "none" };
  }
}

/** The groups above a path, outermost first: "a/b/c" → ["a", "a/b"]. */
export function ancestorsOf(path: string): string[] {
  const parts = path.split("/");
  return parts.slice(0, -1).map((_, i) => parts.slice(0, i + 1).join("/"));
}

/** The view one click (or Enter) opens: waveforms for a waveform table, a table, a column's histogram. */
export function defaultView(node: Lh5Node): "table" | "histogram" | "waveforms" | null {
  if (node.views.waveforms) return "waveforms";
  if (node.views.table) return "table";
  if (node.views.histogram) return "histogram";
  return null;
}

/** A short description of an object: LGDO kind, dtype and shape, filters. */
export function describeNode(node: Lh5Node): string {
  if (node.kind === "link") return `broken link (${node.brokenLink ?? "leads nowhere"})`;
  const parts: string[] = [node.type];
  if (node.dtype !== null) parts.push(`${node.dtype}[${(node.shape ?? []).join(",")}]`);
  else if (node.nRows !== null) parts.push(`${node.nRows} ${node.nRows === 1 ? "row" : "rows"}`);
  if (node.filters.length > 0)
    parts.push(node.filters.map((f) => f.name.split(/[:\s]/)[0] || String(f.id)).join("+"));
  return parts.join(" · ");
}
