// The one list of shortcuts: ids are unique, key presses match the chords they name (and no others), and
// the sheet's labels and groups come from the same list.
import { describe, expect, it } from "vitest";
import { chordLabel, matches, SHORTCUTS, shortcutGroups } from "../../../../shared/ui/shortcuts.ts";

const press = (
  key: string,
  mods: Partial<{ ctrl: boolean; meta: boolean; shift: boolean; alt: boolean }> = {},
) => ({
  key,
  ctrlKey: mods.ctrl ?? false,
  metaKey: mods.meta ?? false,
  shiftKey: mods.shift ?? false,
  altKey: mods.alt ?? false,
});

describe("shortcut registry", () => {
  it("has one entry per id, each with something to say", () => {
    expect(new Set(SHORTCUTS.map((s) => s.id)).size).toBe(SHORTCUTS.length);
    for (const shortcut of SHORTCUTS) expect(shortcut.action.length).toBeGreaterThan(3);
  });

  it("matches key presses to their shortcuts", () => {
    expect(matches("sheet", press("?", { shift: true }))).toBe(true); // ? is typed with Shift
    expect(matches("sheet", press("?", { ctrl: true }))).toBe(false);
    expect(matches("focus-query", press("f", { ctrl: true }))).toBe(true);
    expect(matches("focus-query", press("F", { meta: true }))).toBe(true);
    expect(matches("focus-query", press("f"))).toBe(false);
    expect(matches("waveforms.next", press("ArrowRight"))).toBe(true);
    expect(matches("waveforms.next", press("ArrowDown"))).toBe(true);
    expect(matches("waveforms.next", press("ArrowLeft"))).toBe(false);
    expect(matches("splitter.step", press("ArrowLeft"))).toBe(true);
    expect(matches("splitter.step", press("ArrowLeft", { shift: true }))).toBe(false);
    expect(matches("splitter.big-step", press("ArrowLeft", { shift: true }))).toBe(true);
    expect(matches("cancel", press("Escape"))).toBe(true);
    expect(matches("cancel", press("Escape", { alt: true }))).toBe(false);
  });

  it("labels chords and groups the sheet by area in registry order", () => {
    expect(chordLabel({ key: "f", mod: true })).toBe("Ctrl/⌘ F");
    expect(chordLabel({ key: "ArrowLeft", shift: true })).toBe("Shift ←");
    expect(chordLabel({ key: " " })).toBe("Space");
    const groups = shortcutGroups();
    expect(groups.flatMap((g) => g.shortcuts.map((s) => s.id))).toEqual(SHORTCUTS.map((s) => s.id));
    expect(groups[0]!.area).toBe("Anywhere");
  });
});
