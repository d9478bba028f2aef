// Finding items: the criteria editor's filters (a URL per view, item numbers as prefixes) and the catalog's
// level and text filter; plus the criteria rules themselves (must-have, ignore, weight, rank).
import { describe, expect, it } from "vitest";
import {
  byRank,
  criteriaFilterParams,
  criteriaItemMatches,
  isChangedFromDefault,
  isIgnored,
  isMustHave,
  parseCriteriaFilters,
  scoreVendor,
  weightOf,
} from "../disclosures/criteria.js";
import { filterTemplate, itemMatches, normalizeForSearch } from "../disclosures/template-search.js";
import type { Item } from "../disclosures/template-schema.js";
import { tinyTemplate } from "./helpers/template-fixture.js";

describe("criteria editor filters", () => {
  it("reads the page's parameters, trimmed and bounded, unknown levels as all", () => {
    expect(parseCriteriaFilters(new URLSearchParams(""))).toEqual({ q: "", level: "all", chapter: null, changed: false });
    expect(parseCriteriaFilters(new URLSearchParams("q=%20暗号化%20&level=required&chapter=s2&changed=1"))).toEqual({ q: "暗号化", level: "required", chapter: "s2", changed: true });
    expect(parseCriteriaFilters(new URLSearchParams("level=recommended&changed=yes&chapter="))).toEqual({ q: "", level: "recommended", chapter: null, changed: false });
    expect(parseCriteriaFilters(new URLSearchParams("level=none")).level).toBe("all");
    expect(parseCriteriaFilters(new URLSearchParams(`q=${"あ".repeat(150)}`)).q).toBe("あ".repeat(100));
  });

  it("writes only what differs from the defaults, so links stay short", () => {
    expect(criteriaFilterParams({ q: "", level: "all", chapter: null, changed: false }).toString()).toBe("");
    expect(criteriaFilterParams({ q: "暗号", level: "required", chapter: "s2", changed: true }).toString()).toBe("q=%E6%9A%97%E5%8F%B7&level=required&chapter=s2&changed=1");
    const round = { q: "ログ 管理", level: "recommended" as const, chapter: "s1-2", changed: false };
    expect(parseCriteriaFilters(criteriaFilterParams(round))).toEqual(round);
  });

  const item = (number: string | undefined, text: string, extra: Partial<Item> = {}) => ({ number, text, ...extra });

  it("matches every term in the number, group, text or category, whatever the width and case", () => {
    const a = item("1-1-2-1", "アクセスログを取得している", { group: "ログ管理", category: "技術的対策" });
    expect(criteriaItemMatches(a, "")).toBe(true);
    expect(criteriaItemMatches(a, "  ")).toBe(true);
    expect(criteriaItemMatches(a, "ＬＯＧ")).toBe(false);
    expect(criteriaItemMatches(item(undefined, "Access LOG の保管"), "ｌｏｇ access")).toBe(true);
    expect(criteriaItemMatches(a, "ログ 技術的")).toBe(true);
    expect(criteriaItemMatches(a, "ログ 物理的")).toBe(false);
    expect(criteriaItemMatches(a, "管理")).toBe(true);
  });

  it("matches an item number as a prefix of whole parts: 1-1-2 finds 1-1-2-1 but 1-1-1-1 does not find 1-1-1-10", () => {
    expect(criteriaItemMatches(item("1-1-2-1", "x"), "1-1-2")).toBe(true);
    expect(criteriaItemMatches(item("1-1-2-1", "x"), "1-1-2-1")).toBe(true);
    expect(criteriaItemMatches(item("1-1-1-10", "x"), "1-1-1-1")).toBe(false);
    expect(criteriaItemMatches(item("1-1-1-10", "x"), "1-1-1-10")).toBe(true);
    expect(criteriaItemMatches(item("11-1", "x"), "1")).toBe(false);
    // A number-like term also matches the text (e.g. 27001).
    expect(criteriaItemMatches(item("3", "ISO 27001 を取得"), "27001")).toBe(true);
    // Other terms match anywhere in the number.
    expect(criteriaItemMatches(item("A-12", "x"), "a-1")).toBe(true);
    expect(criteriaItemMatches(item(undefined, "x"), "1")).toBe(false);
  });
});

describe("criteria rules", () => {
  const required = { key: "r", level: "required" as const };
  const recommended = { key: "o", level: "recommended" as const };

  it("treats 必須 as must-have unless ignored, and what the profile marks must", () => {
    expect(isMustHave(undefined, required)).toBe(true);
    expect(isMustHave(undefined, recommended)).toBe(false);
    expect(isMustHave({ r: { mode: "ignore" } }, required)).toBe(false);
    expect(isMustHave({ o: { mode: "must" } }, recommended)).toBe(true);
    expect(isMustHave({ r: { weight: 2 } }, required)).toBe(true);
    expect(isIgnored({ r: { mode: "ignore" } }, "r")).toBe(true);
    expect(isIgnored({ r: { mode: "must" } }, "r")).toBe(false);
    expect(isIgnored(undefined, "r")).toBe(false);
  });

  it("weighs 1 unless the profile says otherwise, and knows what differs from the default", () => {
    expect(weightOf(undefined, "r")).toBe(1);
    expect(weightOf({ r: { weight: 0 } }, "r")).toBe(0);
    expect(weightOf({ r: { mode: "must" } }, "r")).toBe(1);
    expect(isChangedFromDefault(undefined, "r")).toBe(false);
    expect(isChangedFromDefault({ r: {} }, "r")).toBe(false);
    expect(isChangedFromDefault({ r: { weight: 1 } }, "r")).toBe(false);
    expect(isChangedFromDefault({ r: { weight: 2 } }, "r")).toBe(true);
    expect(isChangedFromDefault({ r: { mode: "must" } }, "r")).toBe(true);
    expect(isChangedFromDefault({ r: { weight: 2 } }, "o")).toBe(false);
  });

  it("counts 役割分担, answered, 対象外 and derived as satisfying a must-have; 未対応, 実施予定 and unanswered not", () => {
    const items = ["m", "a", "y", "n", "d", "u", "p", "."].map((code) => ({ key: code, level: "required" as const, answer: { kind: "text" as const } }));
    expect(scoreVendor(items, (key) => key as never)).toEqual({ mustTotal: 8, mustMissing: 3, score: null });
  });

  it("scores 役割分担 as met and rounds to one decimal", () => {
    const status = (key: string) => ({ key, level: "recommended" as const, answer: { kind: "status" as const, scale: "s" } });
    expect(scoreVendor([status("a"), status("b"), status("c")], (key) => ({ a: "a", b: "u", c: "p" })[key] as never)).toEqual({ mustTotal: 0, mustMissing: 0, score: 33.3 });
    expect(scoreVendor([status("a"), status("b"), status("c")], (key) => ({ a: "m", b: "m", c: "u" })[key] as never, { c: { weight: 0 } })).toEqual({ mustTotal: 0, mustMissing: 0, score: 100 });
    expect(scoreVendor([status("a")], () => "n")).toEqual({ mustTotal: 0, mustMissing: 0, score: null });
  });

  it("ranks by missing must-haves, then score; a vendor with nothing applicable after any score", () => {
    expect(byRank({ mustTotal: 1, mustMissing: 0, score: null }, { mustTotal: 1, mustMissing: 0, score: 0 })).toBeGreaterThan(0);
    expect(byRank({ mustTotal: 1, mustMissing: 0, score: 0 }, { mustTotal: 1, mustMissing: 0, score: null })).toBeLessThan(0);
    expect(byRank({ mustTotal: 1, mustMissing: 0, score: 10 }, { mustTotal: 1, mustMissing: 0, score: 10 })).toBe(0);
    expect(byRank({ mustTotal: 1, mustMissing: 1, score: 100 }, { mustTotal: 1, mustMissing: 0, score: 0 })).toBeGreaterThan(0);
  });
});

describe("the catalog's filter", () => {
  const t = tinyTemplate();
  t.sections[1].items![0] = {
    ...t.sections[1].items![0],
    group: "組織的対策",
    category: "管理策",
    help: "ＩＳＭＳの文書で可",
    checkPoints: ["責任者を定めている"],
    details: [{ label: "想定されるリスク", text: "情報漏えい" }],
    references: [{ guideline: "厚労省ガイドライン", location: "8.1" }, { guideline: "総務省 ASP-GL" }],
  };
  t.sections[1].sections = [{ key: "sub", title: "小項目", items: [{ key: "c3", text: "訓練", level: "recommended", answer: { kind: "status", scale: "check" } }] }];
  const c1 = t.sections[1].items![0];

  it("searches number, group, text, category, help, check points, details and references", () => {
    for (const q of ["1", "組織的", "方針", "管理策", "isms", "責任者", "漏えい", "厚労省 8.1", "asp-gl"]) expect(itemMatches(c1, { q }), q).toBe(true);
    expect(itemMatches(c1, { q: "想定されるリスク" })).toBe(false);
    expect(itemMatches(c1, { q: "方針 訓練" })).toBe(false);
    expect(itemMatches(c1, { q: "" })).toBe(true);
    expect(itemMatches(c1, { level: "required" })).toBe(true);
    expect(itemMatches(c1, { level: "recommended", q: "方針" })).toBe(false);
    expect(normalizeForSearch("ＡＢＣ　ｶﾅ")).toBe("abc カナ");
  });

  it("keeps every section for structure, with its trail and depth, and counts matches", () => {
    const result = filterTemplate(t, { level: "recommended" });
    expect(result.sections.map((s) => [s.section.key, s.depth, s.trail.map((x) => x.key).join("/"), s.items.map((i) => i.key)])).toEqual([
      ["basic", 0, "basic", []],
      ["checklist", 0, "checklist", []],
      ["sub", 1, "checklist/sub", ["c3"]],
    ]);
    expect([result.matchCount, result.totalCount]).toEqual([1, 5]);
    expect(filterTemplate(t, {}).matchCount).toBe(5);
  });

  it("lists a chapter made only of sub-sections with no items of its own", () => {
    const outer = tinyTemplate();
    outer.sections = [{ key: "outer", title: "外側", sections: outer.sections }];
    const result = filterTemplate(outer, {});
    expect(result.sections.map((s) => [s.section.key, s.depth, s.items.length])).toEqual([
      ["outer", 0, 0],
      ["basic", 1, 2],
      ["checklist", 1, 2],
    ]);
    expect([result.matchCount, result.totalCount]).toEqual([4, 4]);
  });
});
