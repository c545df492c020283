// Small argument guards for the trust boundary (IPC handlers, HTTP routes). Each guard returns
// null when the value fits, else a message naming the offending key. No schema library: the
// contract's argument shapes are small and fixed.

/** Checks a value; returns null when valid, else what is wrong (with its key path). */
export type Guard = (value: unknown, path: string) => string | null;

const describe = (value: unknown): string =>
  value === null ? "null" : Array.isArray(value) ? "an array" : `a ${typeof value}`;

export const str =
  (maxLength = 4096): Guard =>
  (value, path) =>
    typeof value !== "string"
      ? `${path} must be a string, got ${describe(value)}`
      : value.length > maxLength
        ? `${path} is longer than ${maxLength} characters`
        : null;

export const num =
  (opts: { min?: number; max?: number; integer?: boolean } = {}): Guard =>
  (value, path) => {
    if (typeof value !== "number" || Number.isNaN(value))
      return `${path} must be a number, got ${describe(value)}`;
    if (opts.integer && !Number.isInteger(value)) return `${path} must be an integer`;
    if (opts.min !== undefined && value < opts.min) return `${path} must be ≥ ${opts.min}`;
    if (opts.max !== undefined && value > opts.max) return `${path} must be ≤ ${opts.max}`;
    return null;
  };

export const bool: Guard = (value, path) =>
  typeof value === "boolean" ? null : `${path} must be true or false, got ${describe(value)}`;

export const oneOf =
  (...choices: readonly (string | number)[]): Guard =>
  (value, path) =>
    choices.includes(value as string | number) ? null : `${path} must be one of ${choices.join(", ")}`;

export const nullable =
  (inner: Guard): Guard =>
  (value, path) =>
    value === null ? null : inner(value, path);

export const arrayOf =
  (inner: Guard, maxLength = 1_000_000): Guard =>
  (value, path) => {
    if (!Array.isArray(value)) return `${path} must be an array, got ${describe(value)}`;
    if (value.length > maxLength) return `${path} has more than ${maxLength} items`;
    for (let i = 0; i < value.length; i++) {
      const problem = inner(value[i], `${path}[${i}]`);
      if (problem) return problem;
    }
    return null;
  };

export const tuple =
  (...items: Guard[]): Guard =>
  (value, path) => {
    if (!Array.isArray(value) || value.length !== items.length)
      return `${path} must be an array of ${items.length} items`;
    for (let i = 0; i < items.length; i++) {
      const problem = items[i]!(value[i], `${path}[${i}]`);
      if (problem) return problem;
    }
    return null;
  };

export const anyOf =
  (...options: Guard[]): Guard =>
  (value, path) => {
    const problems = options.map((guard) => guard(value, path));
    return problems.includes(null) ? null : problems.join("; or ");
  };

/** A record of plain JSON values (layout blobs), bounded in size. */
export const jsonRecord =
  (maxBytes = 1_000_000): Guard =>
  (value, path) => {
    if (typeof value !== "object" || value === null || Array.isArray(value))
      return `${path} must be an object, got ${describe(value)}`;
    let text: string;
    try {
      text = JSON.stringify(value);
    } catch {
      return `${path} must be plain JSON`;
    }
    return text.length > maxBytes ? `${path} is larger than ${maxBytes} bytes` : null;
  };

/** An object with required and optional keys; unknown keys are refused. */
export const obj =
  (required: Record<string, Guard>, optional: Record<string, Guard> = {}): Guard =>
  (value, path) => {
    if (typeof value !== "object" || value === null || Array.isArray(value))
      return `${path} must be an object, got ${describe(value)}`;
    const record = value as Record<string, unknown>;
    for (const [key, guard] of Object.entries(required)) {
      if (!(key in record) || record[key] === undefined) return `${path}.${key} is required`;
      const problem = guard(record[key], `${path}.${key}`);
      if (problem) return problem;
    }
    for (const [key, item] of Object.entries(record)) {
      if (key in required) continue;
      const guard = optional[key];
      if (!guard) return `${path}.${key} is not an accepted key`;
      if (item === undefined) continue;
      const problem = guard(item, `${path}.${key}`);
      if (problem) return problem;
    }
    return null;
  };

/** No argument at all. */
export const none: Guard = (value, path) =>
  value === undefined || value === null ? null : `${path} must be absent`;
