/** An encoded waveform that does not decode (truncated, corrupt, or of the wrong length). */
export class CodecError extends Error {
  override name = "CodecError";
}
