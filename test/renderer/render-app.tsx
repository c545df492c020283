// Renders components inside the app's providers with the mock contract implementation.
import type { ReactNode } from "react";
import { render } from "@testing-library/react";
import type { Lh5BrowserApi } from "../../shared/api/contract.ts";
import { ApiContext } from "../../renderer/app/api-context.ts";
import { createAppStore, StoreContext, type AppStore } from "../../renderer/stores/store.ts";
import { createMockApi, type MockApi, type MockOptions } from "../../renderer/bridge/mock.ts";

export function renderWithApp(
  ui: ReactNode,
  opts: MockOptions & { api?: Lh5BrowserApi; store?: AppStore } = {},
) {
  const api = (opts.api ?? createMockApi(opts)) as MockApi;
  const store = opts.store ?? createAppStore();
  const result = render(
    <ApiContext.Provider value={api}>
      <StoreContext.Provider value={store}>{ui}</StoreContext.Provider>
    </ApiContext.Provider>,
  );
  return { ...result, api, store };
}
