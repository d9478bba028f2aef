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

describe("canonical JSON, exactly", () => {
  it("sorts keys by UTF-16 code unit, as any JSON library can reproduce", () => {
    expect(canonicalJson({ 日: 1, a: 2, B: 3, é: 4, "": 5 })).toBe('{"":5,"B":3,"a":2,"é":4,"日":1}');
  });

  it("writes scalars as JSON does", () => {
    expect(canonicalJson(null)).toBe("null");
    expect(canonicalJson(true)).toBe("true");
    expect(canonicalJson(-0)).toBe("0");
    expect(canonicalJson(1.5e-7)).toBe("1.5e-7");
    expect(canonicalJson('引用"と\\と\n')).toBe('"引用\\"と\\\\と\\n"');
    expect(canonicalJson([])).toBe("[]");
    expect(canonicalJson({})).toBe("{}");
    expect(canonicalJson([[{ b: [null], a: {} }]])).toBe('[[{"a":{},"b":[null]}]]');
  });

  it("writes a function in an array as null, like JSON.stringify, and refuses infinities", () => {
    expect(canonicalJson([() => 1, 2])).toBe("[null,2]");
    expect(() => canonicalJson([Number.POSITIVE_INFINITY])).toThrow("canonical JSON cannot hold non-finite numbers");
  });

  it("hashes UTF-8 bytes with SHA-256, in lower-case hex", () => {
    expect(sha256Hex("開示")).toBe("bcc96a2992715583bf07dfa939a1839e048816b7a48edbb4e6e38ecc3c1fd5db");
    expect(sha256Hex("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  });
});
