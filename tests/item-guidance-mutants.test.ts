// What the form prints beside an item (itemGuidance) and the 用語の解説 list (glossaryOf), on small hand-made
// templates: the column order and words of each form (HISPRO, 役割分担, any other), sub-point forms, empty columns
// left out, terms found by item, numbers and texts of the items a term names. tests/glossary-links.test.ts checks the
// real 役割分担 checklist but starts the built app, so mutation runs leave it out. Expected values by hand.
import { describe, expect, it } from "vitest";
import { glossaryOf, itemGuidance } from "../disclosures/item-guidance.js";
import type { Item, Template } from "../disclosures/template-schema.js";
import { tinyTemplate } from "./helpers/template-fixture.js";

const item = (extra: Partial<Item> = {}): Item => ({ key: "p1", number: "1", text: "バックアップを取得している", level: "required", answer: { kind: "text" }, ...extra });
const references = [
  { guideline: "安全管理GL", location: "6.9章" },
  { guideline: "経産省GL" },
];
const help: Template["help"] = [
  { term: "バックアップ", text: "複製を別の場所に保存すること。", items: ["p1", "p2"] },
  { term: "冗長化", text: "予備を備えること。", places: ["Part2 B.8"] },
  { term: "媒体", text: "記録する物。", items: ["p2"] },
];

describe("what the form prints beside an item", () => {
  // item-guidance.ts 22–39: details first, the HISPRO columns 対象GL and GLでの参照箇所 (locations only where given),
  // 確認項目, then the glossary terms that name the item (not those that name other items).
  it("gives HISPRO's columns in the sheet's order", () => {
    const withAll = item({ details: [{ label: "想定されるリスク", text: "データの消失" }, { label: "推奨される対応例", text: "遠隔地に保管" }], references, checkPoints: ["世代管理", "復元の試験"] });
    expect(itemGuidance({ id: "hispro-checksheet", help }, withAll)).toEqual([
      { label: "想定されるリスク", lines: ["データの消失"] },
      { label: "推奨される対応例", lines: ["遠隔地に保管"] },
      { label: "対象GL", lines: ["安全管理GL", "経産省GL"] },
      { label: "GLでの参照箇所", lines: ["6.9章"] },
      { label: "確認項目", lines: ["世代管理", "復元の試験"] },
      { label: "用語の解説", lines: ["バックアップ"] },
    ]);
  });

  // item-guidance.ts 31–35 (the 役割分担 words, 「参照」 for any other form, guideline and location on one line).
  it("gives the 役割分担 checklist's one reference column, and 「参照」 on other forms", () => {
    expect(itemGuidance({ id: "responsibility-checklist" }, item({ references }))).toEqual([{ label: "ガイドライン等関連部分", lines: ["安全管理GL 6.9章", "経産省GL"] }]);
    expect(itemGuidance({ id: "tiny" }, item({ references }))).toEqual([{ label: "参照", lines: ["安全管理GL 6.9章", "経産省GL"] }]);
  });

  // item-guidance.ts 25 (an empty column printed, or nothing printed), 28, 29, 37:78, 39 (a string in place of no
  // details, references, check points or glossary), 33 (a reference without a location leaving an empty line).
  it("prints no column the item has nothing for", () => {
    expect(itemGuidance({ id: "hispro-checksheet" }, item())).toEqual([]);
    expect(itemGuidance({ id: "tiny", help }, item({ key: "p9" }))).toEqual([]);
    expect(itemGuidance({ id: "hispro-checksheet" }, item({ references: [{ guideline: "経産省GL" }] }))).toEqual([{ label: "対象GL", lines: ["経産省GL"] }]);
    expect(itemGuidance({ id: "tiny", help }, item({ key: "p2", checkPoints: [] }))).toEqual([{ label: "用語の解説", lines: ["バックアップ", "媒体"] }]);
  });

  // item-guidance.ts 37 (the sub-point forms' points printed as 確認項目, or no form's).
  it("leaves the points of the sub-point forms to the item itself", () => {
    const points = item({ checkPoints: ["(b) 目的", "(c) 範囲"] });
    expect(itemGuidance({ id: "minimum-guideline-checklist" }, points)).toEqual([]);
    expect(itemGuidance({ id: "agency-disclosure" }, points)).toEqual([]);
    expect(itemGuidance({ id: "tiny" }, points)).toEqual([{ label: "確認項目", lines: ["(b) 目的", "(c) 範囲"] }]);
  });
});

describe("the 用語の解説 list", () => {
  // item-guidance.ts 46–48 (no coverage before): each term with its text, places (none: []) and the items it names,
  // numbered 「section item」 (or either alone, or null), shown by their group where they have one, unknown keys dropped.
  it("lists every term with its places and the items it names", () => {
    const t = tinyTemplate();
    t.sections[1].number = "B";
    t.sections[1].items![0].group = "方針・規程";
    t.help = [
      { term: "方針", text: "組織の方針。", places: ["Part1 B.1"], items: ["c1", "name", "gone"] },
      { term: "教育", text: "従業者の教育。", items: ["c2"] },
      { term: "冗長化", text: "予備を備えること。" },
    ];
    t.sections[0].items![0].number = undefined;
    const c2 = t.sections[1].items![1];
    c2.number = undefined;
    expect(glossaryOf(t)).toEqual([
      {
        term: "方針",
        text: "組織の方針。",
        places: ["Part1 B.1"],
        items: [
          { key: "c1", number: "B 1", text: "方針・規程" },
          { key: "name", number: null, text: "機関名" },
        ],
      },
      { term: "教育", text: "従業者の教育。", places: [], items: [{ key: "c2", number: "B", text: "教育を行っている" }] },
      { term: "冗長化", text: "予備を備えること。", places: [], items: [] },
    ]);
    expect(glossaryOf({ ...t, help: undefined })).toEqual([]);
  });

  // item-guidance.ts 47:115, 47:127 (the innermost section's number: `at(-1)` → `at(+1)`).
  it("numbers an item by its innermost section", () => {
    const t = tinyTemplate();
    t.sections[1].number = "2";
    t.sections[1].sections = [
      {
        key: "sub",
        number: "2-1",
        title: "小節",
        sections: [{ key: "subsub", number: "2-1-1", title: "細目", items: [{ key: "c3", number: "3", text: "記録", level: "required", answer: { kind: "text" } }] }],
      },
    ];
    t.help = [{ term: "記録", text: "残すこと。", items: ["c3"] }];
    expect(glossaryOf(t)[0].items).toEqual([{ key: "c3", number: "2-1-1 3", text: "記録" }]);
  });
});
