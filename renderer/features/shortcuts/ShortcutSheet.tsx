// The keyboard shortcut sheet: `?` (outside text fields) or the header's `?` button opens it, Esc, `?`
// or Close closes it. It lists the registry (registry.ts) that the handlers match against.
import { useEffect, useState } from "react";
import { chordLabel, matches, shortcutGroups } from "../../../shared/ui/shortcuts.ts";
import { isTyping } from "./typing.ts";
import "./shortcuts.css";

export function ShortcutSheetButton() {
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (isTyping(event.target)) return;
      if (matches("sheet", event)) {
        event.preventDefault();
        setOpen((shown) => !shown);
      } else if (matches("cancel", event)) setOpen(false);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
  return (
    <>
      <button
        type="button"
        className="shortcut-sheet-button"
        data-testid="shortcut-sheet-button"
        title="Keyboard shortcuts (?)"
        aria-label="Keyboard shortcuts"
        onClick={() => setOpen((shown) => !shown)}
      >
        ?
      </button>
      {open ? <ShortcutSheet onClose={() => setOpen(false)} /> : null}
    </>
  );
}

function ShortcutSheet({ onClose }: { onClose: () => void }) {
  return (
    <div
      className="shortcut-sheet"
      role="dialog"
      aria-label="Keyboard shortcuts"
      data-testid="shortcut-sheet"
    >
      <div className="shortcut-sheet-head">
        <h2>Keyboard shortcuts</h2>
        <button type="button" onClick={onClose} title="Close (Esc)">
          Close
        </button>
      </div>
      <div className="shortcut-sheet-groups">
        {shortcutGroups().map(({ area, shortcuts }) => (
          <section key={area}>
            <h3>{area}</h3>
            <table>
              <tbody>
                {shortcuts.map((shortcut) => (
                  <tr key={shortcut.id} data-shortcut={shortcut.id}>
                    <td className="shortcut-keys">
                      {shortcut.chords.map((chord, k) => (
                        <kbd key={k}>{chordLabel(chord)}</kbd>
                      ))}
                    </td>
                    <td>{shortcut.action}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        ))}
      </div>
    </div>
  );
}
