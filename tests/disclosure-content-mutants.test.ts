// What "nothing said" is in a published version (normalizeResponse / normalizeContent), so that one content has one
// hash: blank evidence rows vanish, blank names or URLs are dropped from a row, items with nothing said are absent.
import { describe, expect, it } from "vitest";
import { contentHash, normalizeContent, normalizeResponse } from "../disclosures/disclosure-content.js";

describe("blank evidence", () => {
  // disclosure-content.ts 51 (`e.url?.trim()` → `e.url`): a row whose URL is only spaces, and no name, is no row.
  it("drops an evidence row whose URL is blank and that has no name", () => {
    expect(normalizeResponse({ evidence: [{ url: "   " }] })).toBeUndefined();
    expect(normalizeResponse({ value: "A社", evidence: [{ url: " " }, { name: "会社概要" }] })).toEqual({ value: "A社", evidence: [{ name: "会社概要" }] });
  });

  // disclosure-content.ts 52 (`e.name?.trim()` → `e.name`): a blank name beside a URL is dropped from the row.
  it("keeps the URL of a row whose name is blank, without the name", () => {
    expect(normalizeResponse({ evidence: [{ name: "  ", url: "https://example.jp/a" }] })).toEqual({ evidence: [{ url: "https://example.jp/a" }] });
    expect(contentHash({ templateId: "t", templateVersion: "1.0.0", responses: { x: { evidence: [{ name: " ", url: "https://example.jp/a" }] } } })).toBe(
      contentHash({ templateId: "t", templateVersion: "1.0.0", responses: { x: { evidence: [{ url: "https://example.jp/a" }] } } }),
    );
  });
});

describe("normalizeContent", () => {
  // disclosure-content.ts 60 (`if (normalized)` → always): an item with nothing said is absent, as the type says.
  it("leaves out the items with nothing said", () => {
    const normalized = normalizeContent({ templateId: "t", templateVersion: "1.0.0", responses: { a: { value: "" }, b: { note: "  " }, c: { value: "はい" } } });
    expect(Object.keys(normalized.responses)).toEqual(["c"]);
  });
});
