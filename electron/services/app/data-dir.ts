// Where the app keeps its own files: sessions, the recent list and the demo dataset.
import { homedir } from "node:os";
import { join, resolve } from "node:path";

/**
 * `LH5_BROWSER_DATA_DIR`, else the folder the desktop shell passes (Electron's `userData`; the core never
 * asks Electron itself), else `$XDG_DATA_HOME/lh5-browser`, else `~/.local/share/lh5-browser`.
 */
export function userDataDir(env: NodeJS.ProcessEnv = process.env, shellDataDir?: string): string {
  if (env.LH5_BROWSER_DATA_DIR) return resolve(env.LH5_BROWSER_DATA_DIR);
  if (shellDataDir) return resolve(shellDataDir);
  const base = env.XDG_DATA_HOME ? resolve(env.XDG_DATA_HOME) : join(homedir(), ".local", "share");
  return join(base, "lh5-browser");
}

export const demoDir = (dataDir: string): string => join(dataDir, "demo");

/**
 * The one folder inside the data folder that exports and entry lists may be written to (the default place
 * for them). The rest of the data folder is the app's own state (session, recent list, demo) and is never
 * an export target.
 */
export const exportDir = (dataDir: string): string => join(dataDir, "exports");

/** The inventory store (flow/filedb/persist/inventory-store.ts): table listings kept for the next process. */
export const inventoryStoreDir = (dataDir: string): string => join(dataDir, "inventory");
