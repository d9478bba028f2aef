// The NUL-byte filter on every streamed page (see app/entry.server.tsx).
import { describe, expect, it } from "vitest";
import { dropNulBytes } from "../app/entry.server.js";

describe("dropNulBytes", () => {
  it("removes every 0x00 and keeps the rest byte for byte", () => {
    expect(dropNulBytes(Buffer.from([0, 1, 0, 0, 2, 3, 0]))).toEqual(Buffer.from([1, 2, 3]));
    expect(dropNulBytes(Buffer.from([0, 0]))).toEqual(Buffer.alloc(0));
    const japanese = Buffer.from("パスワードは使えません", "utf8");
    expect(dropNulBytes(Buffer.concat([japanese.subarray(0, 7), Buffer.from([0, 0]), japanese.subarray(7)])).toString("utf8")).toBe("パスワードは使えません");
  });

  it("returns a chunk without NUL bytes as it is", () => {
    const chunk = Buffer.from("比較");
    expect(dropNulBytes(chunk)).toBe(chunk);
  });
});
