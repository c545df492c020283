// jsdom lacks a few browser APIs that ag-grid and Plotly use; stub them, and unmount after each test.
import { afterEach } from "vitest";
import { cleanup } from "@testing-library/react";

class ResizeObserverStub {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
}

const g = globalThis as unknown as Record<string, unknown>;
g.ResizeObserver ??= ResizeObserverStub;
if (typeof URL.createObjectURL !== "function") URL.createObjectURL = () => "blob:stub";
if (typeof URL.revokeObjectURL !== "function") URL.revokeObjectURL = () => {};
g.IS_REACT_ACT_ENVIRONMENT = true;

afterEach(() => cleanup());
