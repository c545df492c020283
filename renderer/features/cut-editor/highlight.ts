// Syntax highlighting of a cut with shared/query's lexer: the text cut into coloured segments
// that cover it exactly (gaps between tokens are plain).
import { tokenize } from "../../../shared/query/lexer.ts";

export type SegmentKind = "column" | "function" | "keyword" | "number" | "string" | "op" | "plain";

export interface Segment {
  text: string;
  /** Offset of the segment in the cut. */
  start: number;
  kind: SegmentKind;
}

const KEYWORDS = new Set(["and", "or", "not", "in", "True", "False"]);

/** Segments covering `text`; one plain segment when it does not tokenize. */
export function highlightSegments(text: string): Segment[] {
  let tokens;
  try {
    tokens = tokenize(text);
  } catch {
    return text === "" ? [] : [{ text, start: 0, kind: "plain" }];
  }
  const out: Segment[] = [];
  let at = 0;
  tokens.forEach((token, index) => {
    if (token.kind === "eof") return;
    if (token.start > at) out.push({ text: text.slice(at, token.start), start: at, kind: "plain" });
    const next = tokens[index + 1];
    let kind: SegmentKind;
    if (token.kind === "number") kind = "number";
    else if (token.kind === "string") kind = "string";
    else if (token.kind === "quoted") kind = "column";
    else if (token.kind === "op") kind = "op";
    else if (KEYWORDS.has(token.text)) kind = "keyword";
    else if (next?.kind === "op" && next.text === "(") kind = "function";
    else kind = "column";
    out.push({ text: text.slice(token.start, token.end), start: token.start, kind });
    at = token.end;
  });
  if (at < text.length) out.push({ text: text.slice(at), start: at, kind: "plain" });
  return out;
}
