// The criteria editor's search box (criteriaItemMatches): what a term finds and, here, what it must not find.
import { describe, expect, it } from "vitest";
import { criteriaItemMatches } from "../disclosures/criteria.js";

describe("criteria search: a term matches within one field only", () => {
  // criteria.ts 118 (`join("\n")` → `join("")`): a term made of the end of the group and the start of the text is
  // in neither, so it finds nothing.
  it("does not find a term that spans the group and the item text", () => {
    const item = { number: "1-2", group: "情報資産", text: "管理者を定めている", category: "組織" };
    expect(criteriaItemMatches(item, "資産管理")).toBe(false);
    expect(criteriaItemMatches(item, "管理者")).toBe(true);
    expect(criteriaItemMatches(item, "情報資産")).toBe(true);
    expect(criteriaItemMatches({ ...item, group: undefined }, "資産")).toBe(false);
    expect(criteriaItemMatches(item, "いる組織")).toBe(false);
  });

  // criteria.ts 117 (`item.number ?? ""` → `?? "Stryker was here!"`): an item without a number is found by its
  // words only.
  it("finds an item without a number by its words only", () => {
    const item = { text: "方針を定めている" };
    expect(criteriaItemMatches(item, "e")).toBe(false);
    expect(criteriaItemMatches(item, "方針")).toBe(true);
    expect(criteriaItemMatches(item, "1")).toBe(false);
  });
});
