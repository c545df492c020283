// Analysis inputs come from users (bins, ranges, transform parameters) and from files
// (lengths that may not match); every refusal is this error, with a message naming the culprit.

/** Bad analysis input: wrong lengths, invalid bins or ranges, parameters out of bounds. */
export class AnalysisError extends Error {
  override name = "AnalysisError";
}
