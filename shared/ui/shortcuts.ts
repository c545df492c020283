// Every keyboard shortcut of the app, in one list: the handlers ask `matches(id, event)`, the desktop
// menu takes its accelerators from it (`accelerator(id)`), and the shortcut sheet (`?`) lists this same
// list, so the sheet cannot promise a key no handler reads. Pure TypeScript: the renderer and the
// Electron shell both import it.
// Keys that only move within a focused widget (the file tree, the completion list) are here too.

/** One key press: `key` as KeyboardEvent.key; `mod` is Ctrl, or Cmd on macOS. */
export interface Chord {
  key: string;
  mod?: boolean;
  shift?: boolean;
}

export interface Shortcut {
  /** What a handler asks for. */
  id: string;
  /** Where it works (the sheet's groups). */
  area: string;
  /** What it does, as the sheet says it. */
  action: string;
  /** Any of these presses. */
  chords: readonly Chord[];
}

const keys = (...names: string[]): Chord[] => names.map((key) => ({ key }));

export const SHORTCUTS = [
  { id: "sheet", area: "Anywhere", action: "Show or hide this list of shortcuts", chords: keys("?") },
  {
    id: "focus-query",
    area: "Anywhere",
    action: "Go to the file query",
    chords: [{ key: "f", mod: true }],
  },
  {
    id: "cancel",
    area: "Anywhere",
    action: "Cancel the running count or histogram; close a dialog",
    chords: keys("Escape"),
  },
  {
    id: "waveforms.next",
    area: "Waveforms (click the panel first)",
    action: "Next page",
    chords: keys("ArrowRight", "ArrowDown"),
  },
  {
    id: "waveforms.previous",
    area: "Waveforms (click the panel first)",
    action: "Previous page",
    chords: keys("ArrowLeft", "ArrowUp"),
  },
  {
    id: "waveforms.first",
    area: "Waveforms (click the panel first)",
    action: "First page",
    chords: keys("Home"),
  },
  {
    id: "waveforms.last",
    area: "Waveforms (click the panel first)",
    action: "Last page",
    chords: keys("End"),
  },
  {
    id: "waveforms.tag",
    area: "Waveforms (click the panel first)",
    action: "Tag or untag the selected entry",
    chords: keys("t", "T"),
  },
  {
    id: "splitter.step",
    area: "Pane dividers (Tab to one)",
    action: "Move the divider",
    chords: keys("ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown"),
  },
  {
    id: "splitter.big-step",
    area: "Pane dividers (Tab to one)",
    action: "Move the divider further",
    chords: ["ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown"].map((key) => ({ key, shift: true })),
  },
  { id: "splitter.min", area: "Pane dividers (Tab to one)", action: "Smallest pane", chords: keys("Home") },
  { id: "splitter.max", area: "Pane dividers (Tab to one)", action: "Largest pane", chords: keys("End") },
  {
    id: "field.apply",
    area: "Query, cut and search fields",
    action: "Apply what is typed",
    chords: keys("Enter"),
  },
  {
    id: "field.revert",
    area: "Query, cut and search fields",
    action: "Query: back to the applied query; cut: close the completions",
    chords: keys("Escape"),
  },
  {
    id: "completion.move",
    area: "Query, cut and search fields",
    action: "Cut completions: choose",
    chords: keys("ArrowDown", "ArrowUp"),
  },
  {
    id: "completion.accept",
    area: "Query, cut and search fields",
    action: "Cut completions: accept",
    chords: keys("Tab"),
  },
  {
    id: "tree.move",
    area: "File tree",
    action: "Previous / next object, first / last",
    chords: keys("ArrowUp", "ArrowDown", "Home", "End"),
  },
  {
    id: "tree.fold",
    area: "File tree",
    action: "Open / close a group",
    chords: keys("ArrowRight", "ArrowLeft"),
  },
  { id: "tree.open", area: "File tree", action: "Show the object", chords: keys("Enter", " ") },
  {
    id: "channels.toggle",
    area: "Channel list",
    action: "Add or remove a channel (with a click)",
    chords: [{ key: "Click", mod: true }],
  },
  {
    id: "menu.open-config",
    area: "Desktop app menu (not in web mode)",
    action: "Open a config…",
    chords: [{ key: "o", mod: true }],
  },
  {
    id: "menu.open-folder",
    area: "Desktop app menu (not in web mode)",
    action: "Open a folder…",
    chords: [{ key: "o", mod: true, shift: true }],
  },
  {
    id: "menu.export",
    area: "Desktop app menu (not in web mode)",
    action: "Export the selection…",
    chords: [{ key: "e", mod: true }],
  },
  {
    id: "menu.quit",
    area: "Desktop app menu (not in web mode)",
    action: "Quit",
    chords: [{ key: "q", mod: true }],
  },
] as const satisfies readonly Shortcut[];

export type ShortcutId = (typeof SHORTCUTS)[number]["id"];

const BY_ID = new Map<string, Shortcut>(SHORTCUTS.map((s) => [s.id, s]));

/** The parts of a key event a chord looks at. */
export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

function chordMatches(chord: Chord, event: KeyPress): boolean {
  const mod = event.ctrlKey || event.metaKey;
  const key = chord.mod ? event.key.toLowerCase() : event.key;
  // `?` is typed with Shift on most layouts: a printable key's own Shift is part of the key
  const printable = chord.key.length === 1;
  return (
    key === chord.key &&
    mod === (chord.mod ?? false) &&
    !event.altKey &&
    (printable || event.shiftKey === (chord.shift ?? false))
  );
}

/** Whether the key press is one of the shortcut's chords. */
export function matches(id: ShortcutId, event: KeyPress): boolean {
  return BY_ID.get(id)!.chords.some((chord) => chordMatches(chord, event));
}

/** A chord as the sheet writes it, e.g. `Ctrl/⌘ F`, `Shift →`. */
export function chordLabel(chord: Chord): string {
  const names: Record<string, string> = {
    ArrowLeft: "←",
    ArrowRight: "→",
    ArrowUp: "↑",
    ArrowDown: "↓",
    Escape: "Esc",
    " ": "Space",
  };
  const key = names[chord.key] ?? (chord.key.length === 1 ? chord.key.toUpperCase() : chord.key);
  return [chord.mod ? "Ctrl/⌘" : null, chord.shift ? "Shift" : null, key].filter((p) => p !== null).join(" ");
}

/** The shortcuts by area, in the registry's order. */
export function shortcutGroups(): { area: string; shortcuts: Shortcut[] }[] {
  const groups = new Map<string, Shortcut[]>();
  for (const shortcut of SHORTCUTS) {
    const list = groups.get(shortcut.area) ?? [];
    list.push(shortcut);
    groups.set(shortcut.area, list);
  }
  return [...groups].map(([area, shortcuts]) => ({ area, shortcuts }));
}

/** A shortcut's first chord as an Electron menu accelerator, e.g. `CmdOrCtrl+Shift+O`. */
export function accelerator(id: ShortcutId): string {
  const chord: Chord = BY_ID.get(id)!.chords[0]!;
  return [chord.mod ? "CmdOrCtrl" : null, chord.shift ? "Shift" : null, chord.key.toUpperCase()]
    .filter((part) => part !== null)
    .join("+");
}
