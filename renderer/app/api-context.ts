// The contract client for the component tree (IPC, HTTP or the mock in tests).
import { createContext, useContext } from "react";
import type { Lh5BrowserApi } from "../../shared/api/contract.ts";

export const ApiContext = createContext<Lh5BrowserApi | null>(null);

export function useApi(): Lh5BrowserApi {
  const api = useContext(ApiContext);
  if (!api) throw new Error("useApi outside <ApiContext.Provider>");
  return api;
}
