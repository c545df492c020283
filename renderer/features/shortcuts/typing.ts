// Whether a key press is typing into a field: global shortcuts leave such presses alone (DOM only).
/** Whether a key press goes into a text field (a global shortcut must leave it alone). */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return (
    target.isContentEditable ||
    target.tagName === "TEXTAREA" ||
    target.tagName === "SELECT" ||
    (target.tagName === "INPUT" &&
      !["checkbox", "radio", "button", "submit"].includes((target as HTMLInputElement).type))
  );
}
