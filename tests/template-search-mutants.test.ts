// The catalog's item search (itemMatches): every term must be in one of the item's texts, never across two of them
// (tests/criteria-and-catalog-filters.test.ts has only terms inside one text). Expected values by hand.
import { describe, expect, it } from "vitest";
import { itemMatches } from "../disclosures/template-search.js";
import type { Item } from "../disclosures/template-schema.js";

const item: Item = {
  key: "c1",
  number: "12",
  group: "方針",
  text: "暗号化の規程を定めている",
  level: "required",
  answer: { kind: "text" },
  checkPoints: ["鍵の管理"],
  references: [{ guideline: "安全管理GL", location: "6.12" }],
};

describe("the catalog's item search", () => {
  // template-search.ts 26:11 (the texts joined without a line break: 「12方針」, 「いる鍵」 would match).
  it("finds a term inside one of the item's texts, never across two", () => {
    expect(itemMatches(item, { q: "方針 鍵の管理" })).toBe(true);
    expect(itemMatches(item, { q: "安全管理gl 6.12" })).toBe(true);
    expect(itemMatches(item, { q: "12方針" })).toBe(false);
    expect(itemMatches(item, { q: "いる鍵" })).toBe(false);
    expect(itemMatches(item, { q: "gl6.12" })).toBe(false);
  });
});
