// Expanding the tree: a group's children are asked for the first time it opens (one request per
// group) and kept in the store; revealing a search hit opens every group above it.
import { useCallback, useState } from "react";
import { type SerializedError, serializeError } from "../../../shared/api/errors.ts";
import { useApi } from "../../app/api-context.ts";
import { useAppStoreApi } from "../../stores/store.ts";
import { ancestorsOf } from "./tree-model.ts";

export function useFileTree() {
  const api = useApi();
  const store = useAppStoreApi();
  const [error, setError] = useState<SerializedError | null>(null);

  const load = useCallback(
    async (group: string): Promise<boolean> => {
      const state = store.getState();
      const file = state.browsedFile;
      if (!file) return false;
      if (state.fileGroups[group]) return true;
      try {
        const children = await api.listLh5Group({ path: file.path, group });
        // the user may have opened another file meanwhile
        if (store.getState().browsedFile?.path !== file.path) return false;
        store.getState().fileGroupLoaded(group, children);
        return true;
      } catch (failure) {
        setError(serializeError(failure));
        return false;
      }
    },
    [api, store],
  );

  const expand = useCallback(
    async (group: string) => {
      setError(null);
      if (await load(group)) store.getState().fileGroupToggled(group, true);
    },
    [load, store],
  );

  const collapse = useCallback((group: string) => store.getState().fileGroupToggled(group, false), [store]);

  /** Opens the groups above `path` (loading them in order) and focuses it. */
  const reveal = useCallback(
    async (path: string) => {
      setError(null);
      for (const group of ancestorsOf(path)) {
        if (!(await load(group))) return;
        store.getState().fileGroupToggled(group, true);
      }
      store.getState().fileNodeFocused(path);
    },
    [load, store],
  );

  return { expand, collapse, reveal, error, dismissError: () => setError(null) };
}
