// Paths opened from outside the window (a second launch, macOS Finder's open-file, a file manager's
// double click). The renderer hears about them as "open-path" menu commands, which are lost if sent
// before its listener exists, so they wait here until the page says it listens.

export class OpenRequests {
  private readonly waiting: string[] = [];
  private deliver: ((path: string) => void) | null = null;

  /** A path to open: delivered now if the renderer listens, else when it next does. */
  request(path: string): void {
    if (this.deliver) this.deliver(path);
    else this.waiting.push(path);
  }

  /**
   * Before the service exists: the first waiting path, to open at startup in place of the last session
   * (macOS sends the double-clicked file before the app is ready).
   */
  takeStartupPath(): string | null {
    return this.waiting.shift() ?? null;
  }

  /** The renderer listens: waiting paths go first, in order, then each new one at once. */
  listen(deliver: (path: string) => void): void {
    this.deliver = deliver;
    for (const path of this.waiting.splice(0)) deliver(path);
  }

  /** The page is reloading or its window closed: hold paths again until it listens. */
  pause(): void {
    this.deliver = null;
  }
}
