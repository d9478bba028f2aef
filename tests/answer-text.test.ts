// Every answer in plain Japanese, as pages, diffs, comparisons and exports show it: dates and months in Japanese,
// labels and units from the template, and a value that does not fit its item shown as it is, never hidden.
import { describe, expect, it } from "vitest";
import { diffContents, formatAnswer, formatMonth } from "../disclosures/diff.js";
import type { DisclosureContent, ItemResponse } from "../disclosures/disclosure-content.js";
import type { Item, Template } from "../disclosures/template-schema.js";
import { tinyTemplate } from "./helpers/template-fixture.js";

const template: Template = tinyTemplate();
template.scales!.push(
  {
    key: "dated",
    options: [{ value: "done", label: "確認済", outcome: "met", requires: "date" }, { value: "none", label: "未確認", outcome: "unmet" }],
    fields: [{ key: "by", label: "確認者", type: "text" }, { key: "room", type: "text" }, { key: "n", label: "", type: "number", unit: "回" }],
  },
);
const item = (answer: Item["answer"]): Item => ({ key: "x", text: "項目", level: "none", answer });
const status = item({ kind: "status", scale: "check" });
const dated = item({ kind: "status", scale: "dated" });
const choice = item({ kind: "choice", multiple: true, options: [{ value: "yes", label: "有", extra: { label: "内容" } }, { value: "other", label: "その他", extra: { label: "" } }, { value: "no", label: "無" }] });
const composite = item({ kind: "composite", fields: [{ key: "perYear", type: "number", prefix: "年間", unit: "件" }, { key: "pref", label: "都道府県名", type: "text" }] });
const table = item({ kind: "table", rows: [{ key: "dedicated", label: "専任" }, { key: "parttime", label: "兼任" }], columns: [{ key: "agency", label: "機関本体", type: "number", unit: "人" }, { key: "partners", type: "number", unit: "人" }] });
const f = (i: Item, value: unknown) => formatAnswer(template, i, value as never);

describe("status answers", () => {
  it("give the option's label with its 実施時期, date, reason and the scale's fields", () => {
    expect(f(status, { status: "planned", month: "2027-03" })).toBe("実施予定（実施時期: 2027年3月）");
    expect(f(status, { status: "planned", month: "2027-3" })).toBe("実施予定（実施時期: 2027-3）");
    expect(f(dated, { status: "done", date: "2026-04-01" })).toBe("確認済（日付: 2026年4月1日）");
    expect(f(dated, { status: "done", date: "2026/4/1" })).toBe("確認済（日付: 2026/4/1）");
    expect(f(dated, { status: "none", reason: "  " })).toBe("未確認");
    expect(f(dated, { status: "done", date: "2026-04-01", fields: { by: "山田", room: "サーバ室", n: 2 } })).toBe("確認済（日付: 2026年4月1日）（確認者: 山田、room: サーバ室、n: 2回）");
    expect(f(dated, { status: "none", fields: { by: " ", other: "x" } })).toBe("未確認（other: x）");
    expect(f(dated, { status: "none", fields: {} })).toBe("未確認");
    expect(f(dated, { status: "none", fields: "山田" })).toBe("未確認");
    // Fields a scale does not define are still shown, under their keys.
    expect(f(status, { status: "implemented", fields: { by: "山田" } })).toBe("実施済（by: 山田）");
  });

  it("show what does not fit as it is", () => {
    expect(f(status, "implemented")).toBe("implemented");
    expect(f(status, true)).toBe("true");
    expect(f(status, [1, "a"])).toBe('[1,"a"]');
    expect(f(status, { status: 5 })).toBe("5");
    expect(f(status, { status: null })).toBe("未回答");
    expect(f(item({ kind: "status", scale: "missing" }), { status: "implemented" })).toBe("implemented");
  });
});

describe("choices, composites and tables", () => {
  it("choice: labels in the order ticked, with the option's free text", () => {
    expect(f(choice, { selected: ["no", "yes"], extra: { yes: "健診代行" } })).toBe("無、有（内容：健診代行）");
    expect(f(choice, { selected: "other", extra: { other: "帳票印刷" } })).toBe("その他（帳票印刷）");
    expect(f(choice, { selected: ["maybe"], extra: { maybe: "検討中" } })).toBe("maybe（検討中）");
    expect(f(choice, { selected: ["", " ", "no"] })).toBe("無");
    expect(f(choice, { selected: [" "] })).toBe("未回答");
    expect(f(choice, { selected: ["yes"], extra: { yes: " " } })).toBe("有");
    expect(f(choice, "yes")).toBe("yes");
  });

  it("composite: label: value, or the value with its prefix and unit, then fields the item does not define", () => {
    expect(f(composite, { pref: "東京都", perYear: 1200 })).toBe("年間1200件、都道府県名: 東京都");
    expect(f(composite, { perYear: 0, city: "大田区", blank: " " })).toBe("年間0件、city: 大田区");
    expect(f(composite, { perYear: null })).toBe("未回答");
    expect(f(composite, 3)).toBe("3");
  });

  it("table: row/column: value in form order, then rows the item does not define", () => {
    expect(f(table, { parttime: { partners: 2 }, dedicated: { agency: 10, partners: 0 } })).toBe("専任/機関本体: 10人、専任/partners: 0人、兼任/partners: 2人");
    expect(f(table, { extra: { agency: 1 }, dedicated: "十人" })).toBe("専任: 十人、extra/機関本体: 1人");
    expect(f(table, { dedicated: { agency: "" }, parttime: null })).toBe("未回答");
    expect(f(table, "十人")).toBe("十人");
  });

  it("scalars with prefix and unit; other values as JSON; a derived item's value as it is", () => {
    expect(f(item({ kind: "number", prefix: "約", unit: "名" }), 30)).toBe("約30名");
    expect(f(item({ kind: "text" }), { a: 1 })).toBe('{"a":1}');
    expect(f(item({ kind: "text" }), { a: Number.NaN })).toBe("[object Object]");
    expect(f(item({ kind: "derived", result: "compliance" }), "遵守済")).toBe("遵守済");
    expect(formatMonth("2027-12")).toBe("2027年12月");
    expect(formatMonth("令和9年")).toBe("令和9年");
  });
});

describe("what counts as a change", () => {
  const content = (responses: Record<string, unknown>): DisclosureContent => ({ templateId: "tiny", templateVersion: "1.0.0", responses: responses as Record<string, ItemResponse> });
  const t = tinyTemplate();
  t.sections[0].items!.push({ ...choice, key: "services" });

  it("the same boxes ticked in another order are no change, unknown values included", () => {
    expect(diffContents(t, content({ services: { value: { selected: ["no", "zz", "yes", "aa"] } } }), content({ services: { value: { selected: ["aa", "yes", "zz", "no"] } } }))).toEqual([]);
    expect(diffContents(t, content({ services: { value: { selected: ["no"] } } }), content({ services: { value: { selected: ["no", "yes"] } } })).map((d) => d.fields)).toEqual([["value"]]);
  });

  it("added and removed list the parts present; a response that is not an object says nothing", () => {
    const diffs = diffContents(t, content({ c1: "壊れた値", c2: { note: "旧" } }), content({ c1: { note: "備考", evidence: [{ name: "規程" }] } }));
    expect(diffs.map((d) => [d.key, d.change, d.fields, d.number])).toEqual([
      ["c1", "added", ["note", "evidence"], "1"],
      ["c2", "removed", ["note"], "2"],
    ]);
    expect(diffs[0]).not.toHaveProperty("before");
    expect(diffs[1]).not.toHaveProperty("after");
    expect(diffContents(t, { templateId: "tiny", templateVersion: "1.0.0" } as DisclosureContent, content({ name: { value: "A" } })).map((d) => [d.key, d.change, d.sectionTitle])).toEqual([["name", "added", "基本情報"]]);
    expect(diffContents(t, content({ name: { value: "A" } }), { templateId: "tiny", templateVersion: "1.0.0" } as DisclosureContent).map((d) => d.change)).toEqual(["removed"]);
    expect(diffContents(t, content({ name: { value: "A" } }), content({ name: { value: "A" } }))).toEqual([]);
  });
});
