// How a browser gets in to the web-mode page. The URL printed by `serve` carries the token; the Chromium
// window started by serve gets a one-time code instead (a command line is visible to every user in `ps`).
// Either is exchanged once for a cookie and a redirect to the app's clean URL. The page and its assets live
// under a per-server path, and the cookie is scoped to that path with a per-server name: cookies are not
// scoped by port, so without this every other server on 127.0.0.1 would receive it, and two instances in
// one browser would overwrite each other's. The page is handed the API token in a meta tag.
import { randomBytes, timingSafeEqual } from "node:crypto";
import { TOKEN_COOKIE, TOKEN_META } from "../../shared/api/channels.ts";

/** How long a one-time code for the app window stays valid: enough for a slow Chromium start. */
const CODE_LIFETIME_MS = 5 * 60 * 1000;

export function secretsEqual(given: string | null | undefined, secret: string): boolean {
  if (typeof given !== "string" || given.length !== secret.length) return false;
  return timingSafeEqual(Buffer.from(given), Buffer.from(secret));
}

export function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? "").split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) return rest.join("=");
  }
  return undefined;
}

function escapeAttribute(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

export class PageAccess {
  /** Where the page and its assets are served: `/app-<id>/` (the built renderer uses relative URLs). */
  readonly appPath: string;
  readonly cookieName: string;
  /** The cookie's value: not the API token, only a key to the page (which then hands the token over). */
  private readonly pageKey = randomBytes(32).toString("hex");
  private readonly codes = new Map<string, number>();

  constructor(
    private readonly token: string,
    serverId = randomBytes(8).toString("hex"),
  ) {
    this.appPath = `/app-${serverId}/`;
    this.cookieName = `${TOKEN_COOKIE}_${serverId}`;
  }

  /** A fresh code that opens the page once (for the app window's command line). */
  issueCode(now = Date.now()): string {
    for (const [code, expires] of this.codes) if (expires <= now) this.codes.delete(code);
    const code = randomBytes(24).toString("hex");
    this.codes.set(code, now + CODE_LIFETIME_MS);
    return code;
  }

  /** Whether `given` is the token or an unused, unexpired code; a code is used up by this call. */
  admits(given: { token: string | null; code: string | null }, now = Date.now()): boolean {
    if (secretsEqual(given.token, this.token)) return true;
    if (given.code === null) return false;
    const expires = this.codes.get(given.code);
    if (expires === undefined) return false;
    this.codes.delete(given.code);
    return expires > now;
  }

  /** The Set-Cookie header value granting the page and its assets (HttpOnly: page scripts never see it). */
  cookieHeader(): string {
    return `${this.cookieName}=${this.pageKey}; HttpOnly; SameSite=Strict; Path=${this.appPath}`;
  }

  /** Whether a Cookie header carries this server's page key. */
  hasCookie(header: string | undefined): boolean {
    return secretsEqual(cookieValue(header, this.cookieName), this.pageKey);
  }

  /** index.html with the API token in a meta tag, where the renderer's bridge reads it. */
  withToken(html: string): string {
    const meta = `<meta name="${TOKEN_META}" content="${escapeAttribute(this.token)}" />`;
    return html.includes("<head>") ? html.replace("<head>", `<head>\n    ${meta}`) : `${meta}\n${html}`;
  }
}
