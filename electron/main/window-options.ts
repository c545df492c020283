// Secure defaults of the app window, kept in one pure function so a test can check them.
import type { BrowserWindowConstructorOptions } from "electron";

export function secureWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1400,
    height: 900,
    minWidth: 800,
    minHeight: 500,
    title: "LH5 Browser",
    show: false,
    backgroundColor: "#ffffff",
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      navigateOnDragDrop: false,
    },
  };
}

/** Whether a URL is the app's own page (the built renderer on disk, or a dev server). */
export function isAppUrl(url: string, rendererIndexUrl: string): boolean {
  try {
    const target = new URL(url);
    const app = new URL(rendererIndexUrl);
    return target.protocol === app.protocol && target.host === app.host && target.pathname === app.pathname;
  } catch {
    return false;
  }
}
