// A test fails on any unexpected console.error (STYLE.md §8): errors must be asserted, not ignored.
import { afterEach, vi } from "vitest";

const errors: unknown[][] = [];
vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
  errors.push(args);
});

afterEach(() => {
  if (errors.length) {
    const seen = errors.splice(0).map((a) => a.map(String).join(" ")).join("\n");
    throw new Error(`unexpected console.error:\n${seen}`);
  }
});
