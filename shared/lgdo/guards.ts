// Type guards over the LGDO union, in the isX / assertX pairs the services use at their edges.
import type {
  Lgdo,
  LgdoArray,
  LgdoEncodedArray,
  LgdoHistogram,
  LgdoScalar,
  LgdoStruct,
  LgdoTable,
  LgdoVectorOfVectors,
  NumericData,
} from "./model.ts";

export const isScalar = (obj: Lgdo): obj is LgdoScalar => obj.kind === "scalar";
export const isArray = (obj: Lgdo): obj is LgdoArray => obj.kind === "array";
export const isVov = (obj: Lgdo): obj is LgdoVectorOfVectors => obj.kind === "vov";
export const isEncoded = (obj: Lgdo): obj is LgdoEncodedArray => obj.kind === "encoded";
export const isStruct = (obj: Lgdo): obj is LgdoStruct => obj.kind === "struct";
export const isTable = (obj: Lgdo): obj is LgdoTable => obj.kind === "table";
export const isHistogram = (obj: Lgdo): obj is LgdoHistogram => obj.kind === "histogram";

/** True when an array holds numbers (typed array), not strings. */
export function isNumericArray(obj: Lgdo): obj is LgdoArray & { data: NumericData } {
  return obj.kind === "array" && !Array.isArray(obj.data);
}

function fail(what: string, obj: Lgdo, where?: string): never {
  throw new TypeError(`expected ${what}${where ? ` at '${where}'` : ""}, got ${obj.kind}`);
}

export function assertTable(obj: Lgdo, where?: string): asserts obj is LgdoTable {
  if (!isTable(obj)) fail("a table", obj, where);
}
export function assertArray(obj: Lgdo, where?: string): asserts obj is LgdoArray {
  if (!isArray(obj)) fail("an array", obj, where);
}
export function assertVov(obj: Lgdo, where?: string): asserts obj is LgdoVectorOfVectors {
  if (!isVov(obj)) fail("a vector of vectors", obj, where);
}
export function assertNumericArray(
  obj: Lgdo,
  where?: string,
): asserts obj is LgdoArray & { data: NumericData } {
  if (!isNumericArray(obj)) fail("a numeric array", obj, where);
}

/** Number of rows of an object: axis 0 of arrays, length of VoVs and encoded arrays; 1 for a scalar. */
export function lgdoLength(obj: Lgdo): number {
  switch (obj.kind) {
    case "scalar":
      return 1;
    case "array":
      return obj.shape[0] ?? 0;
    case "vov":
      return obj.cumulativeLength.length;
    case "encoded":
      return obj.encoded.cumulativeLength.length;
    case "table":
      return obj.nRows;
    case "struct":
      return Object.keys(obj.fields).length;
    case "histogram":
      return obj.weights.shape[0] ?? 0;
  }
}
