// A block of this thread's wasm heap that HDF5 reads straight into, handed out front to back and
// emptied as a whole. Memory the process has not touched before is slow to touch here (page faults
// cost ~5 ms/MB on these VMs), so the block is allocated and touched once, ahead of time (reserve, then
// touch in slices while the thread is idle), and reused:
// a column read into it costs no fault and no copy out of the heap.
//
// A view into the block is only valid until the next h5wasm call: a call that grows the wasm memory
// detaches every view (they read as length 0). Make a view right before using it, and keep pointers.
import { getH5 } from "./h5.ts";

const ALIGN = 8;

export class HeapArena {
  private base = 0;
  private used = 0;
  private touched = 0;

  /** @param capacity bytes of the block (allocated on the first `reserve`). */
  constructor(readonly capacity: number) {}

  /** Allocates the block (idempotent); false when the wasm heap cannot hold it. */
  reserve(): boolean {
    if (this.base !== 0) return true;
    const ptr = getH5().module._malloc(this.capacity);
    if (ptr === 0) return false;
    this.base = ptr;
    this.used = 0;
    this.touched = 0;
    return true;
  }

  /** Touches up to `maxBytes` more of the reserved block (its pages fault now, not on a read); true once all are. */
  touch(maxBytes = Infinity): boolean {
    if (this.base === 0) return false;
    const end = Math.min(this.capacity, this.touched + maxBytes);
    getH5().module.HEAPU8.fill(0, this.base + this.touched, this.base + end);
    this.touched = end;
    return end === this.capacity;
  }

  get reserved(): boolean {
    return this.base !== 0;
  }

  /** Bytes handed out since the last reset. */
  get usedBytes(): number {
    return this.used;
  }

  /** Address of `bytes` free bytes (8-byte aligned), or null when the block is not reserved or too full. */
  alloc(bytes: number): number | null {
    if (this.base === 0) return null;
    const start = Math.ceil(this.used / ALIGN) * ALIGN;
    if (start + bytes > this.capacity) return null;
    this.used = start + bytes;
    return this.base + start;
  }

  /** Hands the whole block out again (every earlier address becomes free). */
  reset(): void {
    this.used = 0;
  }

  /** Gives the block back to the wasm heap. */
  release(): void {
    if (this.base === 0) return;
    getH5().module._free(this.base);
    this.base = 0;
    this.used = 0;
    this.touched = 0;
  }
}
