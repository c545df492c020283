// Column-name completion in a cut: the word at the caret, the columns that fit it, and the text
// after accepting one.
import type { ColumnInfo } from "../../../shared/api/types.ts";

export interface WordAtCaret {
  start: number;
  end: number;
  prefix: string;
}

const NAME_PART = /[\p{L}\p{N}_]/u;

/** The name being typed at the caret (may be empty). */
export function wordAt(text: string, caret: number): WordAtCaret {
  let start = caret;
  while (start > 0 && NAME_PART.test(text[start - 1]!)) start--;
  let end = caret;
  while (end < text.length && NAME_PART.test(text[end]!)) end++;
  // a word starting with a digit is a number, not a name
  const prefix = /^\d/.test(text.slice(start, caret)) ? "" : text.slice(start, caret);
  return { start, end, prefix };
}

/** Columns starting with the prefix first, then containing it (case-insensitive), each name once. */
export function completions(columns: readonly ColumnInfo[], prefix: string, limit = 12): ColumnInfo[] {
  if (prefix === "") return [];
  const lower = prefix.toLowerCase();
  const seen = new Set<string>();
  const starts: ColumnInfo[] = [];
  const contains: ColumnInfo[] = [];
  for (const column of columns) {
    if (seen.has(column.name)) continue;
    const name = column.name.toLowerCase();
    if (name === lower) continue;
    if (name.startsWith(lower)) starts.push(column);
    else if (name.includes(lower)) contains.push(column);
    else continue;
    seen.add(column.name);
  }
  const byName = (a: ColumnInfo, b: ColumnInfo) =>
    a.name.length - b.name.length || a.name.localeCompare(b.name);
  return [...starts.sort(byName), ...contains.sort(byName)].slice(0, limit);
}

/** The text with the word at the caret replaced by `name`, and the caret after it. */
export function applyCompletion(
  text: string,
  word: WordAtCaret,
  name: string,
): { text: string; caret: number } {
  return { text: text.slice(0, word.start) + name + text.slice(word.end), caret: word.start + name.length };
}
