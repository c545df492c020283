// Session persistence: restore on start (dataset, selection, query, layout and the feature sections:
// channels, cuts, saved cuts, histogram and waveform settings, pane sizes), then save on every change,
// debounced, through the service (the user data folder), so it survives a restart in Electron and in
// web mode (whose Chromium profile is fresh on every run). A view file is the same state, applied the
// same way (applySession).
import type { Lh5BrowserApi } from "../../shared/api/contract.ts";
import type { SessionState } from "../../shared/api/types.ts";
import type { AppState, AppStore } from "../stores/store.ts";
import { SESSION_VERSION } from "../../shared/api/session.ts";
import { openTarget, type OpenTarget } from "../features/open-dataset/open.ts";
import { readLegacySavedCuts } from "../features/cut-editor/saved-cuts.ts";
import {
  OWN_SECTIONS,
  restoreDatasetSections,
  restoreGlobalSections,
  sectionsFromState,
} from "../stores/session-sections.ts";

export function sessionFromState(state: AppState): SessionState {
  return {
    version: SESSION_VERSION,
    // a single LH5 file browsed on its own is what is on screen: it is what comes back
    dataset: state.browsedFile
      ? { path: state.browsedFile.path, kind: "lh5-file" }
      : state.dataset
        ? { path: state.dataset.sourcePath, kind: state.dataset.sourceKind }
        : null,
    selection: { rows: [...state.selectedRows], focusedRow: state.focusedRow },
    query: state.appliedQuery,
    layout: {
      detailsOpen: state.detailsOpen,
      detailsWidth: state.detailsWidth,
      gridColumnState: state.gridColumnState,
    },
    sections: { ...state.foreignSections, ...sectionsFromState(state) },
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
  const session = info.startup.kind === "session" ? await api.getSession() : null;
  // saved cuts and pane sizes belong to the user, not to a dataset: restored whatever opens first
  restoreGlobalSections(store, session?.sections, readLegacySavedCuts(globalThis.localStorage));
  if (info.startup.kind === "path") {
    await openTarget(api, store, { path: info.startup.path });
    return;
  }
  if (session && (await applySession(api, store, session))) return;
  if (!store.getState().dataset) await openTarget(api, store, { demo: true });
}

/**
 * Opens the session's dataset and puts its selection, query, layout and sections back. Resolves false when
 * the dataset did not open (the store holds the error, or the confirmation it needs).
 */
export async function applySession(
  api: Lh5BrowserApi,
  store: AppStore,
  session: SessionState,
  target?: OpenTarget,
): Promise<boolean> {
  applyLayout(store, session.layout);
  store.getState().foreignSectionsKept(foreignSections(session.sections));
  if (!session.dataset) return false;
  const opened = await openTarget(
    api,
    store,
    target ?? (session.dataset.kind === "demo" ? { demo: true } : { path: session.dataset.path }),
    // the grid's first page comes with the open, already filtered by the restored query
    { query: session.query },
  );
  // a single LH5 file opens in the file browser, not as a dataset
  if (session.dataset.kind === "lh5-file") return store.getState().browsedFile !== null;
  if (!opened) return false;
  store.getState().rowsSelected(session.selection.rows.filter((row) => row < opened.nCycles));
  const focused = session.selection.focusedRow;
  store.getState().rowFocused(focused !== null && focused < opened.nCycles ? focused : null);
  restoreDatasetSections(store, session.sections);
  return true;
}

/** Sections this build does not write (a newer build's, a feature merged later): kept as they came. */
function foreignSections(sections: Record<string, unknown> | undefined): Record<string, unknown> {
  return Object.fromEntries(Object.entries(sections ?? {}).filter(([key]) => !OWN_SECTIONS.includes(key)));
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
