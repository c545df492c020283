// Session persistence: restore on start (dataset, selection, query, layout), then save on every
// change, debounced, through the service (the user data folder), so it survives a restart in
// Electron and in web mode (whose Chromium profile is fresh on every run).
import type { Lh5BrowserApi } from "../../shared/api/contract.ts";
import type { SessionState } from "../../shared/api/types.ts";
import type { AppState, AppStore } from "../stores/store.ts";
import { openTarget } from "../features/open-dataset/open.ts";

export function sessionFromState(state: AppState): SessionState {
  return {
    dataset: state.dataset ? { path: state.dataset.sourcePath, kind: state.dataset.sourceKind } : null,
    selection: { rows: [...state.selectedRows], focusedRow: state.focusedRow },
    query: state.appliedQuery,
    layout: {
      detailsOpen: state.detailsOpen,
      detailsWidth: state.detailsWidth,
      gridColumnState: state.gridColumnState,
    },
  };
}

function applyLayout(store: AppStore, layout: Record<string, unknown>): void {
  const actions = store.getState();
  if (typeof layout.detailsOpen === "boolean") actions.detailsToggled(layout.detailsOpen);
  if (typeof layout.detailsWidth === "number") actions.detailsResized(layout.detailsWidth);
  if (Array.isArray(layout.gridColumnState)) actions.gridColumnStateChanged(layout.gridColumnState);
}

/** What to open first: the command-line path, else the saved session's dataset, else the demo. */
export async function startUp(api: Lh5BrowserApi, store: AppStore): Promise<void> {
  const info = await api.getAppInfo();
  if (info.startup.kind === "path") {
    await openTarget(api, store, { path: info.startup.path });
    return;
  }
  const session = await api.getSession();
  if (session) applyLayout(store, session.layout);
  if (session?.dataset) {
    const target =
      session.dataset.kind === "demo" ? ({ demo: true } as const) : { path: session.dataset.path };
    const opened = await openTarget(api, store, target, { query: session.query });
    if (opened) {
      store.getState().rowsSelected(session.selection.rows.filter((row) => row < opened.nCycles));
      const focused = session.selection.focusedRow;
      store.getState().rowFocused(focused !== null && focused < opened.nCycles ? focused : null);
      return;
    }
  }
  if (!store.getState().dataset) await openTarget(api, store, { demo: true });
}

/** Saves the session whenever its parts change (debounced); returns the unsubscribe function. */
export function persistSession(api: Lh5BrowserApi, store: AppStore, delayMs = 400): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let last = JSON.stringify(sessionFromState(store.getState()));
  const unsubscribe = store.subscribe((state) => {
    if (state.openJob) return; // mid-open states are not worth keeping
    const next = JSON.stringify(sessionFromState(state));
    if (next === last) return;
    last = next;
    clearTimeout(timer);
    timer = setTimeout(() => {
      void api.saveSession({ state: JSON.parse(next) as SessionState }).catch(() => {
        // Saving is best effort: a failure must not disturb the user's work.
      });
    }, delayMs);
  });
  return () => {
    clearTimeout(timer);
    unsubscribe();
  };
}
