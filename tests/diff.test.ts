import path from "node:path";
import { describe, expect, it } from "vitest";
import { diffContents, formatAnswer } from "../disclosures/diff.js";
import type { DisclosureContent, ItemResponse } from "../disclosures/disclosure-content.js";
import { loadTemplateFile, walkItems } from "../disclosures/template-loader.js";
import type { Item, Template } from "../disclosures/template-schema.js";

const TEMPLATES = path.resolve(import.meta.dirname, "../disclosures/templates");
const load = (file: string) => loadTemplateFile(path.join(TEMPLATES, file));
const agency = load("agency-disclosure@1.0.0.json");

const itemOf = (template: Template, key: string): Item => {
  const entry = [...walkItems(template)].find((e) => e.item.key === key);
  if (!entry) throw new Error(`no item ${key}`);
  return entry.item;
};
const content = (responses: Record<string, ItemResponse>, templateVersion = "1.0.0"): DisclosureContent => ({
  templateId: "agency-disclosure",
  templateVersion,
  responses,
});

describe("diffContents", () => {
  const before: Record<string, ItemResponse> = {
    name: { value: "株式会社テスト" },
    address: { value: "東京都大田区大森北2-1-1" },
    financialInfo: { value: "経営企画担当 TEL: 03-0000-0000", note: "2024年度" },
    homepage: { value: "https://example.jp", evidence: [{ name: "会社概要", url: "https://example.jp/about" }] },
    email: { value: "info@example.jp" },
    sites: { value: { count: 1, prefectures: "東京都" } },
    staff: { value: { dedicated: { agency: 10, partners: 2 }, allStaff: { agency: 40 } } },
    "service.content": { value: { selected: ["officeCheck", "other"], extra: { other: "帳票印刷" } } },
    tel: { value: "03-1234-5678", note: "" },
    "appendix.technical.3": { value: { status: "planned", month: "2026-09" } },
    "zz.retired": { value: "旧版の項目" },
  };
  const after: Record<string, ItemResponse> = {
    "zz.retired": undefined as unknown as ItemResponse, // present but empty: same as absent
    "aa.extra": { note: "テンプレートにない" },
    "appendix.technical.3": { value: { status: "implemented" }, note: "2026年8月に完了" },
    tel: { value: "03-1234-5678" }, // a blank note is no note
    "service.content": { value: { extra: { other: "帳票印刷" }, selected: ["other", "officeCheck"] } },
    staff: { value: { allStaff: { agency: 40 }, dedicated: { partners: 2, agency: 10 } } },
    sites: { value: { prefectures: "東京都", count: 1 } },
    email: { value: "info@example.jp" },
    homepage: { value: "https://example.jp", evidence: [{ url: "https://example.jp/about/", name: "会社概要" }] },
    financialInfo: { value: "経営企画担当 TEL: 03-0000-0000", note: "2025年度" },
    fax: { value: "03-1234-5679" },
    name: { value: "株式会社テスト東日本" },
  };

  it("lists exactly the added, removed and changed items, in form order, others last", () => {
    const diffs = diffContents(agency, content(before), content(after));
    expect(diffs).toEqual([
      { key: "name", text: "機関名", sectionTitle: "基本情報", change: "changed", fields: ["value"], before: before.name, after: after.name },
      { key: "address", text: itemOf(agency, "address").text, sectionTitle: "基本情報", change: "removed", fields: ["value"], before: before.address },
      { key: "fax", text: itemOf(agency, "fax").text, sectionTitle: "基本情報", change: "added", fields: ["value"], after: after.fax },
      { key: "homepage", text: itemOf(agency, "homepage").text, sectionTitle: "基本情報", change: "changed", fields: ["evidence"], before: before.homepage, after: after.homepage },
      {
        key: "financialInfo",
        text: itemOf(agency, "financialInfo").text,
        sectionTitle: "施設及び設備情報",
        change: "changed",
        fields: ["note"],
        before: before.financialInfo,
        after: after.financialInfo,
      },
      {
        key: "appendix.technical.3",
        ...(itemOf(agency, "appendix.technical.3").number ? { number: itemOf(agency, "appendix.technical.3").number } : {}),
        text: itemOf(agency, "appendix.technical.3").text,
        sectionTitle: "技術的安全対策",
        change: "changed",
        fields: ["value", "note"],
        before: before["appendix.technical.3"],
        after: after["appendix.technical.3"],
      },
      { key: "aa.extra", text: "aa.extra", sectionTitle: "", change: "added", fields: ["note"], after: after["aa.extra"] },
      { key: "zz.retired", text: "zz.retired", sectionTitle: "", change: "removed", fields: ["value"], before: before["zz.retired"] },
    ]);
  });

  it("returns nothing for identical contents, and reverses cleanly", () => {
    expect(diffContents(agency, content(before), content(structuredClone(before)))).toEqual([]);
    const backwards = diffContents(agency, content(after), content(before));
    expect(backwards.map((d) => [d.key, d.change])).toEqual([
      ["name", "changed"],
      ["address", "added"],
      ["fax", "removed"],
      ["homepage", "changed"],
      ["financialInfo", "changed"],
      ["appendix.technical.3", "changed"],
      ["aa.extra", "removed"],
      ["zz.retired", "added"],
    ]);
  });

  it("sees a change inside a nested table cell and in the order of evidence", () => {
    const changedCell = structuredClone(before);
    (changedCell.staff.value as Record<string, Record<string, number>>).dedicated.partners = 3;
    changedCell.homepage.evidence = [...changedCell.homepage.evidence!, { name: "パンフレット" }];
    expect(diffContents(agency, content(before), content(changedCell)).map((d) => [d.key, d.fields])).toEqual([
      ["homepage", ["evidence"]],
      ["staff", ["value"]],
    ]);
  });

  it("diffs by key across template versions", () => {
    const diffs = diffContents(agency, content({ name: { value: "A" } }, "0.9.0"), content({ name: { value: "B" } }));
    expect(diffs.map((d) => [d.key, d.change])).toEqual([["name", "changed"]]);
  });
});

describe("formatAnswer", () => {
  const hispro = load("hispro-checksheet@1.0.0.json");
  const cyber = load("cybersecurity-checklist@1.0.0.json");
  const responsibility = load("responsibility-checklist@1.0.0.json");
  const firstStatus = (t: Template) => [...walkItems(t)].find((e) => e.item.answer.kind === "status")!.item;
  const f = (key: string, value: unknown) => formatAnswer(agency, itemOf(agency, key), value as never);

  it("status: the option label, with 実施時期 or 理由", () => {
    expect(f("appendix.technical.3", { status: "implemented" })).toBe("実施済");
    expect(f("appendix.technical.3", { status: "planned", month: "2027-03" })).toBe("実施予定（実施時期: 2027年3月）");
    expect(f("appendix.technical.3", { status: "notApplicable", reason: "該当する設備がない" })).toBe("対象外（理由: 該当する設備がない）");
    expect(formatAnswer(hispro, firstStatus(hispro), { status: "met" })).toBe("対応済");
    expect(formatAnswer(hispro, firstStatus(hispro), { status: "notApplicable", reason: "クラウド型のため" })).toBe("対象外（理由: クラウド型のため）");
    expect(formatAnswer(cyber, firstStatus(cyber), { status: "no" })).toBe("×");
    expect(formatAnswer(responsibility, firstStatus(responsibility), { status: "vendor", fields: { confirmedOn: "2025-04-01" } })).toBe(
      "事業者（確認日: 2025年4月1日）",
    );
    expect(f("appendix.technical.3", { status: "" })).toBe("未回答");
  });

  it("choice: labels joined by 、, with the extra text", () => {
    expect(f("trackRecord", { selected: "yes", extra: { yes: "健診代行業務" } })).toBe("有（内容：健診代行業務）");
    expect(f("trackRecord", { selected: "no" })).toBe("無");
    expect(f("service.content", { selected: ["officeCheck", "dataHandling"] })).toBe("事務点検、健診・保健指導データの受領・振分・送付");
    expect(f("service.content", { selected: ["officeCheck", "other"], extra: { other: "帳票印刷" } })).toBe("事務点検、その他（帳票印刷）");
    expect(f("dataExchange.inbound", { selected: ["online", "offline"], extra: { online: "IP-VPN", offline: "" } })).toBe("オンライン（回線種別：IP-VPN）、オフライン");
    expect(f("service.content", { selected: [] })).toBe("未回答");
  });

  it("composite: label: value with unit, prefix where there is no label", () => {
    expect(f("sites", { count: 1, prefectures: "東京都" })).toBe("1箇所、都道府県名: 東京都");
    expect(f("systemEngineers", { contractor: 2, agency: 10 })).toBe("機関本体: 10人、委託先: 2人");
    expect(f("processingCapacity", { perYear: 120000, perDay: 500 })).toBe("年間120000件、1日当たり500件");
    expect(f("systemEngineers", { agency: 0 })).toBe("機関本体: 0人");
    expect(f("systemEngineers", {})).toBe("未回答");
  });

  it("table: row/column: value, filled cells only, in form order", () => {
    expect(f("staff", { allStaff: { partners: 3 }, dedicated: { agency: 10 } })).toBe("専任/機関本体: 10人、全職員の数/協力・関係会社: 3人");
    expect(f("feeAmounts", { initialCost: { insurer: "無料", checkupProvider: "" } })).toBe("初期費用/保険者: 無料");
    expect(f("feeAmounts", { initialCost: {} })).toBe("未回答");
  });

  it("scalars as they are, with the unit; nothing said is 未回答", () => {
    expect(f("name", "株式会社テスト")).toBe("株式会社テスト");
    expect(f("serviceStartDate", "2024-10-01")).toBe("2024-10-01");
    const counted: Item = { key: "volume", text: "件数", level: "none", answer: { kind: "number", prefix: "年間", unit: "件" } };
    expect(formatAnswer(agency, counted, 1200)).toBe("年間1200件");
    expect(f("name", undefined)).toBe("未回答");
    expect(f("name", "")).toBe("未回答");
  });

  it("never throws on a value that does not fit the item, and hides nothing", () => {
    expect(f("trackRecord", "yes")).toBe("yes");
    expect(f("trackRecord", { selected: "maybe" })).toBe("maybe");
    expect(f("sites", { count: 1, city: "大田区" })).toBe("1箇所、city: 大田区");
    expect(f("appendix.technical.3", { status: "unknown" })).toBe("unknown");
  });
});
