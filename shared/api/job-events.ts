// Pushed job statuses: the service sends each job's progress and its final status (with the result) to the
// renderer, over an IPC event in Electron and over one streamed response per page in web mode, so nothing
// polls. A JobEventHub on the renderer side keeps the latest status of recent jobs and calls their watchers.
import { decodeValue, encodeValue } from "./codec.ts";
import type { JobStatus } from "./types.ts";

/** IPC channel of pushed job statuses (main → renderer). */
export const JOB_EVENTS_CHANNEL = "lh5-job-event";
/** IPC channel (renderer → main) by which the page says it listens; main then replays recent statuses. */
export const JOB_EVENTS_LISTENING_CHANNEL = "lh5-job-events-listening";
/** Web mode: `GET` this route with the token header; the answer streams frames of codec-encoded statuses. */
export const JOB_EVENTS_ROUTE = "/api/events";
/** Content type of that stream. */
export const JOB_EVENTS_CONTENT_TYPE = "application/x-lh5-browser-events";
/** Least time between two pushed progress statuses of one job (final statuses are always pushed). */
export const PROGRESS_PUSH_INTERVAL_MS = 50;

export function isJobStatus(value: unknown): value is JobStatus {
  if (typeof value !== "object" || value === null) return false;
  const record = value as Record<string, unknown>;
  return (
    typeof record.jobId === "string" &&
    typeof record.kind === "string" &&
    (record.state === "running" ||
      record.state === "done" ||
      record.state === "failed" ||
      record.state === "cancelled")
  );
}

/** A watcher of one job: its statuses, and `lost` when the push stream ended before the job did. */
export interface JobWatcher {
  status(status: JobStatus): void;
  lost(): void;
}

/** What `awaitJob` needs of a push transport. */
export interface JobEventSource {
  /** True once the stream is open (statuses of jobs started from now on will arrive); false if it cannot be. */
  ready(): Promise<boolean>;
  /** Watches `jobId` (a status received before is delivered at once); returns the unwatch function. */
  watch(jobId: string, watcher: JobWatcher): () => void;
}

/** Statuses remembered for jobs nobody watches yet (a fast job can end before its start call returns). */
const REMEMBERED = 64;

export class JobEventHub implements JobEventSource {
  private readonly latest = new Map<string, JobStatus>();
  private readonly watchers = new Map<string, Set<JobWatcher>>();
  private state: "connecting" | "open" | "closed" = "connecting";
  private readonly opened: Promise<boolean>;
  private settle!: (open: boolean) => void;

  constructor() {
    this.opened = new Promise((resolve) => (this.settle = resolve));
  }

  ready(): Promise<boolean> {
    return this.opened;
  }

  /** The transport is connected. */
  open(): void {
    if (this.state !== "connecting") return;
    this.state = "open";
    this.settle(true);
  }

  /** The transport ended (or never connected): watchers fall back to asking the service. */
  close(): void {
    const was = this.state;
    this.state = "closed";
    this.settle(false);
    if (was === "closed") return;
    const watchers = [...this.watchers.values()].flatMap((set) => [...set]);
    this.watchers.clear();
    for (const watcher of watchers) watcher.lost();
  }

  /** A status pushed by the service. */
  push(status: JobStatus): void {
    this.latest.delete(status.jobId); // re-inserted last: the map's order is the forgetting order
    const watchers = [...(this.watchers.get(status.jobId) ?? [])];
    // a final status handed to its watchers is not kept: results (2-D histograms) can be large
    if (watchers.length === 0 || status.state === "running") {
      this.latest.set(status.jobId, status);
      if (this.latest.size > REMEMBERED) this.latest.delete(this.latest.keys().next().value!);
    }
    for (const watcher of watchers) watcher.status(status);
  }

  watch(jobId: string, watcher: JobWatcher): () => void {
    if (this.state === "closed") {
      void Promise.resolve().then(() => watcher.lost());
      return () => undefined;
    }
    let set = this.watchers.get(jobId);
    if (!set) this.watchers.set(jobId, (set = new Set()));
    set.add(watcher);
    const known = this.latest.get(jobId);
    if (known) void Promise.resolve().then(() => set.has(watcher) && watcher.status(known));
    return () => {
      set.delete(watcher);
      if (set.size === 0 && this.watchers.get(jobId) === set) this.watchers.delete(jobId);
    };
  }
}

/** One frame of the web-mode stream: uint32 LE length, then the codec-encoded status. */
export function encodeEventFrame(status: JobStatus | { hello: true }): Uint8Array {
  const body = encodeValue(status);
  const frame = new Uint8Array(4 + body.length);
  new DataView(frame.buffer).setUint32(0, body.length, true);
  frame.set(body, 4);
  return frame;
}

/** Splits a byte stream into frames: feed chunks as they come; each whole frame's value is handed on. */
export class EventFrameReader {
  private chunks: Uint8Array[] = [];
  private size = 0;
  /** Length of the frame being received, once its 4 length bytes are in. */
  private frameLength: number | null = null;
  constructor(private readonly onValue: (value: unknown) => void) {}

  feed(chunk: Uint8Array): void {
    this.chunks.push(chunk);
    this.size += chunk.length;
    for (;;) {
      if (this.frameLength === null) {
        if (this.size < 4) return;
        const head = this.take(4);
        this.frameLength = new DataView(head.buffer).getUint32(0, true);
      }
      if (this.size < this.frameLength) return;
      // copied out whole (take): the codec wants its blobs 8-aligned from the start of what it decodes
      const body = this.take(this.frameLength);
      this.frameLength = null;
      this.onValue(decodeValue(body));
    }
  }

  /** The first `n` bytes received, removed from the buffer, as a fresh array. */
  private take(n: number): Uint8Array {
    const out = new Uint8Array(n);
    let filled = 0;
    while (filled < n) {
      const first = this.chunks[0]!;
      const used = Math.min(first.length, n - filled);
      out.set(first.subarray(0, used), filled);
      filled += used;
      if (used === first.length) this.chunks.shift();
      else this.chunks[0] = first.subarray(used);
    }
    this.size -= n;
    return out;
  }
}
