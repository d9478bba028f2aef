import { describe, expect, it } from "vitest";
import { canonicalJson, sha256Hex } from "../disclosures/canonical-json.js";

describe("canonical JSON", () => {
  it("sorts keys at every depth and drops undefined properties", () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: undefined } })).toBe('{"a":{"d":[2,{"e":0,"f":1}]},"b":1}');
  });

  it("writes undefined in arrays as null, like JSON.stringify, so the output always parses", () => {
    const text = canonicalJson([1, undefined, "x"]);
    expect(text).toBe("[1,null,\"x\"]");
    expect(JSON.parse(text)).toEqual([1, null, "x"]);
  });

  it("refuses numbers JSON cannot carry", () => {
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(/non-finite/);
  });

  it("gives the same hash for the same content in any key order", () => {
    expect(sha256Hex(canonicalJson({ a: 1, b: "開示" }))).toBe(sha256Hex(canonicalJson({ b: "開示", a: 1 })));
  });
});
