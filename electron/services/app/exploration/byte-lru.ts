// A least-recently-used map bounded by the bytes its values hold (column caches on both sides of the
// worker boundary). A value larger than the whole budget is not kept.
export class ByteLru<V> {
  private readonly map = new Map<string, { value: V; bytes: number }>();
  private used = 0;

  constructor(private maxBytes: number) {}

  get bytes(): number {
    return this.used;
  }

  get budget(): number {
    return this.maxBytes;
  }

  /** A new budget; the least recently used values go until the rest fits. */
  setBudget(maxBytes: number): void {
    this.maxBytes = maxBytes;
    this.evict();
  }

  get size(): number {
    return this.map.size;
  }

  get(key: string): V | undefined {
    const found = this.map.get(key);
    if (found === undefined) return undefined;
    this.map.delete(key);
    this.map.set(key, found);
    return found.value;
  }

  has(key: string): boolean {
    return this.map.has(key);
  }

  set(key: string, value: V, bytes: number): void {
    this.delete(key);
    if (bytes > this.maxBytes) return;
    this.map.set(key, { value, bytes });
    this.used += bytes;
    this.evict();
  }

  private evict(): void {
    while (this.used > this.maxBytes) this.delete(this.map.keys().next().value as string);
  }

  delete(key: string): void {
    const old = this.map.get(key);
    if (old === undefined) return;
    this.map.delete(key);
    this.used -= old.bytes;
  }

  clear(): void {
    this.map.clear();
    this.used = 0;
  }
}
