// The NUL-byte filter and the batching of every streamed page (see app/entry.server.tsx).
import { describe, expect, it } from "vitest";
import { dropNulBytes, inBatchesWithoutNulBytes } from "../app/entry.server.js";

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

describe("inBatchesWithoutNulBytes", () => {
  /** What comes out of the stream, chunk by chunk, for chunks written in turns of the event loop. */
  async function through(turns: Buffer[][]): Promise<Buffer[]> {
    const stream = inBatchesWithoutNulBytes();
    const out: Buffer[] = [];
    stream.on("data", (chunk: Buffer) => out.push(chunk));
    const ended = new Promise((resolve) => stream.on("end", resolve));
    for (const turn of turns) {
      for (const chunk of turn) stream.write(chunk);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    stream.end();
    await ended;
    return out;
  }

  it("sends the chunks of one turn as one, without NUL bytes, and each later turn as it comes", async () => {
    const shell = Array.from({ length: 500 }, (_, i) => Buffer.from(`<td>項目${i}</td>\0`));
    const later = [Buffer.from("<p>後で"), Buffer.from("\0届く</p>")];
    const out = await through([shell, later]);
    expect(out).toHaveLength(2);
    expect(out[0].toString()).toBe(Array.from({ length: 500 }, (_, i) => `<td>項目${i}</td>`).join(""));
    expect(out[1].toString()).toBe("<p>後で届く</p>");
  });

  it("does not hold a large burst: a batch goes out every 256 KB", async () => {
    const chunk = Buffer.alloc(64 * 1024, "a");
    const out = await through([Array.from({ length: 10 }, () => chunk)]);
    expect(out.map((b) => b.length)).toEqual([256 * 1024, 256 * 1024, 128 * 1024]);
  });

  it("ends with what is left, and sends nothing for an empty stream", async () => {
    expect(await through([])).toEqual([]);
    const stream = inBatchesWithoutNulBytes();
    const out: Buffer[] = [];
    stream.on("data", (chunk: Buffer) => out.push(chunk));
    stream.end(Buffer.from("最後"));
    await new Promise((resolve) => stream.on("end", resolve));
    expect(Buffer.concat(out).toString()).toBe("最後");
  });
});
