// The Help menu's content: the About panel and the documentation link, both from package.json.
import type { AboutPanelOptionsOptions, Shell } from "electron";
import packageJson from "../../package.json" with { type: "json" };

export const PRODUCT_NAME = "LH5 Browser";

/** The README on the project's home page. */
export const DOCS_URL = `${packageJson.homepage}#readme`;

/** What the About panel shows (`version` is `app.getVersion()`, the packaged package.json's). */
export function aboutPanelOptions(version: string): AboutPanelOptionsOptions {
  return {
    applicationName: PRODUCT_NAME,
    applicationVersion: version,
    copyright: `© ${packageJson.author.name}, ${packageJson.license} licence`,
    credits: packageJson.description,
    authors: [packageJson.author.name],
    website: packageJson.homepage,
  };
}

/** Only https pages go to the system browser: never file:, javascript: or custom schemes that start programs. */
export function isSafeExternalUrl(url: string): boolean {
  try {
    return new URL(url).protocol === "https:";
  } catch {
    return false;
  }
}

/** Opens `url` in the system browser if it is safe; resolves to whether it was opened. */
export async function openExternalSafely(shell: Pick<Shell, "openExternal">, url: string): Promise<boolean> {
  if (!isSafeExternalUrl(url)) return false;
  await shell.openExternal(url);
  return true;
}
