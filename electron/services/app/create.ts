// Builds the app service with the real data layers; shared by Electron's main and web mode.
import type { AppMode } from "../../../shared/api/types.ts";
import { inventoryStoreDir, userDataDir } from "./data-dir.ts";
import { createRealBackend } from "./real-backend.ts";
import { AppService, type AppServiceOptions } from "./service.ts";
import { appVersion } from "../../bundle.ts";

export function createAppService(opts: {
  mode: AppMode;
  startupPath?: string | null;
  dataDir?: string;
  /** Electron's main passes a native dialog here (see AppServiceOptions.confirmRoot); web mode asks in the page. */
  confirmRoot?: AppServiceOptions["confirmRoot"];
}): AppService {
  const dataDir = opts.dataDir ?? userDataDir();
  return new AppService({
    mode: opts.mode,
    version: appVersion(),
    dataDir,
    backend: createRealBackend({ storeDir: inventoryStoreDir(dataDir) }),
    startupPath: opts.startupPath ?? null,
    ...(opts.confirmRoot ? { confirmRoot: opts.confirmRoot } : {}),
  });
}
