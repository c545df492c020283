import { type KeyboardEvent, useEffect, useMemo, useRef } from "react";
import { useShallow } from "zustand/react/shallow";
import { ErrorMessage } from "../../components/ErrorMessage.tsx";
import { useAppStore, useAppStoreApi } from "../../stores/store.ts";
import { defaultView, describeNode, keyAction, visibleRows } from "./tree-model.ts";
import { useFileTree } from "./use-file-tree.ts";

/** The file's objects as a lazily expanded tree: arrows move and open, Enter shows the object's view. */
export function FileTree() {
  const store = useAppStoreApi();
  const { groups, expanded, focused } = useAppStore(
    useShallow((state) => ({
      groups: state.fileGroups,
      expanded: state.expandedGroups,
      focused: state.focusedNode,
    })),
  );
  const rows = useMemo(() => visibleRows(groups, expanded), [groups, expanded]);
  const { expand, collapse, error, dismissError } = useFileTree();
  const list = useRef<HTMLUListElement>(null);

  // keep the focused row in view as the keys move it
  useEffect(() => {
    const element = list.current?.querySelector<HTMLElement>('[aria-selected="true"]');
    element?.scrollIntoView?.({ block: "nearest" });
  }, [focused]);

  const activate = (path: string) => {
    const node = rows.find((r) => r.node.path === path)?.node;
    if (!node) return;
    store.getState().fileNodeFocused(path);
    const view = defaultView(node);
    if (view) store.getState().fileViewOpened({ kind: view, path });
    else if (node.expandable) void (expanded.includes(path) ? collapse(path) : expand(path));
  };

  const onKeyDown = (event: KeyboardEvent) => {
    const action = keyAction(rows, focused, event.key);
    if (action.kind === "none") return;
    event.preventDefault();
    if (action.kind === "focus") store.getState().fileNodeFocused(action.path);
    else if (action.kind === "expand") void expand(action.path);
    else if (action.kind === "collapse") collapse(action.path);
    else activate(action.path);
  };

  return (
    <div className="file-tree">
      {error ? <ErrorMessage error={error} onDismiss={dismissError} /> : null}
      <ul ref={list} role="tree" aria-label="Objects of the file" tabIndex={0} onKeyDown={onKeyDown}>
        {rows.map((row) => (
          <li
            key={row.node.path}
            role="treeitem"
            aria-level={row.depth + 1}
            aria-selected={row.node.path === focused}
            aria-expanded={row.node.expandable ? row.expanded : undefined}
            data-path={row.node.path}
            className="file-tree-row"
            style={{ paddingLeft: `${0.4 + row.depth * 1.1}rem` }}
            onClick={() => store.getState().fileNodeFocused(row.node.path)}
            onDoubleClick={() => activate(row.node.path)}
          >
            <button
              type="button"
              className="file-tree-twisty"
              tabIndex={-1}
              aria-hidden={!row.node.expandable}
              disabled={!row.node.expandable}
              onClick={(event) => {
                event.stopPropagation();
                store.getState().fileNodeFocused(row.node.path);
                void (row.expanded ? collapse(row.node.path) : expand(row.node.path));
              }}
            >
              {row.node.expandable ? (row.expanded ? "▾" : "▸") : ""}
            </button>
            <span className="file-tree-name">{row.node.name}</span>
            <span className="file-tree-type">{describeNode(row.node)}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
