// Renderer entry: connect to the service (Electron IPC or web-mode HTTP), restore the session,
// and render the app.
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { connect } from "../bridge/connect.ts";
import { createAppStore, StoreContext } from "../stores/store.ts";
import { ApiContext } from "./api-context.ts";
import { App } from "./App.tsx";
import { persistSession, startUp } from "./session.ts";
import "./styles.css";

const { api, bridge } = connect();
const store = createAppStore();
const container = document.getElementById("root");
if (!container) throw new Error("index.html has no #root element");

createRoot(container).render(
  <StrictMode>
    <ApiContext.Provider value={api}>
      <StoreContext.Provider value={store}>
        <App bridge={bridge} />
      </StoreContext.Provider>
    </ApiContext.Provider>
  </StrictMode>,
);

void startUp(api, store).finally(() => persistSession(api, store));
