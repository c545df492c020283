import { describe, expect, it } from "vitest";
import { CodecError } from "../../../shared/codecs/errors.ts";
import {
  radwareDecode,
  radwareDecodedLength,
  radwareEncode,
  radwareMaxEncodedBytes,
} from "../../../shared/codecs/radware.ts";

/** Deterministic pseudo-random numbers (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function roundTrip(samples: ArrayLike<number>, shift: number): Int32Array {
  const bytes = radwareEncode(samples, shift);
  expect(bytes.length % 4).toBe(0); // an even number of 16-bit words
  expect(bytes.length).toBeLessThanOrEqual(radwareMaxEncodedBytes(samples.length));
  expect(radwareDecodedLength(bytes)).toBe(samples.length);
  const out = new Int32Array(samples.length);
  expect(radwareDecode(bytes, out, shift)).toBe(samples.length);
  return out;
}

const words = (bytes: Uint8Array): number[] =>
  Array.from({ length: bytes.length / 2 }, (_, k) => ((bytes[2 * k] ?? 0) << 8) | (bytes[2 * k + 1] ?? 0));

describe("radware_sigcompress", () => {
  it("stores a difference that overflows int16 and decodes it with 16-bit wrap-around (§2.1)", () => {
    const bytes = radwareEncode([32767, -10000], 0);
    // header N=2; block n=2 in difference mode: the C code starts max2 at -16000, so the range is
    // -16000 - (-42767) → b = 15, flag 32+15; y0 = 32767; m = -42767 stored as 22769
    expect(words(bytes).slice(0, 5)).toEqual([2, 2, 47, 32767, 22769]);
    expect(Array.from(roundTrip([32767, -10000], 0))).toEqual([32767, -10000]);
  });

  it("round-trips unsigned 16-bit ADC values with the LEGEND shift -32768", () => {
    const next = rng(1);
    for (let trial = 0; trial < 50; trial++) {
      const n = 1 + Math.floor(next() * 3000);
      const wf = new Uint16Array(n);
      let level = Math.floor(next() * 65536);
      for (let i = 0; i < n; i++) {
        level = Math.min(65535, Math.max(0, level + Math.round((next() - 0.5) * 40)));
        wf[i] = next() < 0.01 ? Math.floor(next() * 65536) : level; // spikes force wide blocks
      }
      expect(Array.from(roundTrip(wf, -32768))).toEqual(Array.from(wf));
    }
  });

  it("round-trips full-range random int16 data and clipped steps", () => {
    const next = rng(7);
    const random = Int16Array.from({ length: 4000 }, () => Math.floor(next() * 65536) - 32768);
    expect(Array.from(roundTrip(random, 0))).toEqual(Array.from(random));
    const clipped = Int16Array.from({ length: 600 }, (_, i) => (i % 200 < 100 ? 32767 : -32768));
    expect(Array.from(roundTrip(clipped, 0))).toEqual(Array.from(clipped));
  });

  it("handles constant, single-sample and empty signals", () => {
    expect(Array.from(roundTrip(new Int16Array(300).fill(1234), 0))).toEqual(new Array(300).fill(1234));
    expect(Array.from(roundTrip([42], 0))).toEqual([42]);
    expect(Array.from(roundTrip([], 0))).toEqual([]);
  });

  it("compresses a smooth waveform to well under its uint16 size", () => {
    const wf = Uint16Array.from({ length: 5592 }, (_, i) => 15000 + Math.round(20 * Math.sin(i / 50)));
    expect(radwareEncode(wf, -32768).length).toBeLessThan(0.5 * 2 * wf.length);
  });

  it("refuses truncated and malformed streams", () => {
    const wf = Int16Array.from({ length: 500 }, (_, i) => (i * 37) % 1000);
    const bytes = radwareEncode(wf, 0);
    const out = new Int32Array(500);
    expect(() => radwareDecode(bytes.subarray(0, bytes.length / 2), out, 0)).toThrow(CodecError);
    const bad = bytes.slice();
    bad[4] = 0;
    bad[5] = 20; // block width 20 bits > 16
    expect(() => radwareDecode(bad, out, 0)).toThrow(/20 bits/);
    expect(() => radwareDecode(bytes, new Int32Array(10), 0)).toThrow(/room for 10/);
    expect(() => radwareDecode(new Uint8Array(1), out, 0)).toThrow(CodecError);
  });
});
