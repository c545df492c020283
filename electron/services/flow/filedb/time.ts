// Cycle keys as times (pygama.flow.utils to_datetime / to_unixtime, flow-spec.md §1.12).

const KEY_RE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/u;

/** The UTC time of a `YYYYMMDDTHHMMSSZ` key, or NaN (ms) when the key has another form or is no real date. */
export function keyToEpochMs(key: string): number {
  const m = KEY_RE.exec(key);
  if (!m) return NaN;
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  const back = new Date(ms);
  // Date.UTC rolls 20230230 over into March: refuse such keys as Python's strptime does.
  if (
    back.getUTCMonth() !== month - 1 ||
    back.getUTCDate() !== day ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  )
    return NaN;
  return ms;
}

/** `20220716T105236Z` → that instant (UTC); throws naming the key otherwise. */
export function toDatetime(key: string): Date {
  const ms = keyToEpochMs(key);
  if (Number.isNaN(ms))
    throw new Error(`Could not parse '${key}' as a datetime object (expected YYYYMMDDTHHMMSSZ)`);
  return new Date(ms);
}

/** `20220716T105236Z` → 1657968756 (integer POSIX seconds). */
export function toUnixtime(key: string): number {
  return Math.floor(toDatetime(key).getTime() / 1000);
}
