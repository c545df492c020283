// Drag and drop onto the window: a folder, config or .lh5 file dropped anywhere is opened. The page never
// sees a file system path (the sandbox hides it); the preload asks Electron for it (webUtils.getPathForFile)
// and hands it to main on its own channel, where it counts as chosen by the user.
import { DROP_PATH_CHANNEL } from "../../shared/api/bridge.ts";

/** What a drag event carries here (no DOM types on the Node side of the build). */
interface DragEventLike {
  preventDefault(): void;
  dataTransfer: { files: ArrayLike<unknown> } | null;
}

interface DropTarget {
  addEventListener(type: "dragover" | "drop", listener: (event: DragEventLike) => void): void;
}

/**
 * Listens for drops on `target`: the first dropped item's path goes to `send` (files without a path, e.g.
 * dragged from another page, are ignored). Without the dragover default prevented, Chromium would navigate
 * to the dropped file instead.
 */
export function listenForDrops(
  target: DropTarget,
  pathOf: (file: unknown) => string,
  send: (channel: string, path: string) => void,
): void {
  target.addEventListener("dragover", (event) => event.preventDefault());
  target.addEventListener("drop", (event) => {
    event.preventDefault();
    const file = event.dataTransfer?.files[0];
    if (file === undefined) return;
    const path = pathOf(file);
    if (path !== "") send(DROP_PATH_CHANNEL, path);
  });
}
