import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Answers } from "../disclosures/answers.js";
import type { DisclosureContent, ItemResponse } from "../disclosures/disclosure-content.js";
import { hasAnswer, MISSING_MESSAGE, UNKNOWN_MESSAGE, validateForPublish } from "../disclosures/publish-validation.js";
import { loadTemplateFile, walkItems } from "../disclosures/template-loader.js";
import type { AnswerKind } from "../disclosures/template-schema.js";
import { tinyTemplate } from "./helpers/template-fixture.js";

const ROOT = path.resolve(import.meta.dirname, "..");
const TEMPLATES = path.join(ROOT, "disclosures/templates");
const hispro = loadTemplateFile(path.join(TEMPLATES, "hispro-checksheet@1.0.0.json"));
const agency = loadTemplateFile(path.join(TEMPLATES, "agency-disclosure@1.1.0.json"));
const responsibility = loadTemplateFile(path.join(TEMPLATES, "responsibility-checklist@1.0.0.json"));

const content = (templateId: string, responses: Record<string, ItemResponse>): DisclosureContent => ({
  templateId,
  templateVersion: "1.0.0",
  responses,
});

describe("HISPRO チェックシート", () => {
  const entries = [...walkItems(hispro)];
  const required = entries.filter((e) => e.item.level === "required");
  const allMet = (): Record<string, ItemResponse> => Object.fromEntries(required.map((e) => [e.item.key, { value: { status: "met" } }]));

  it("has nothing to report when every required item is 対応済", () => {
    expect(required.length).toBeGreaterThan(400);
    expect(required.length).toBeLessThan(entries.length); // recommended items stay unanswered
    expect(validateForPublish(hispro, content("hispro-checksheet", allMet()))).toEqual([]);
  });

  it("lists an unanswered required item, with its number, text and section", () => {
    const responses = allMet();
    const gone = required[123];
    delete responses[gone.item.key];
    const problems = validateForPublish(hispro, content("hispro-checksheet", responses));
    expect(gone.item.number).toBeTruthy();
    expect(problems).toEqual([
      {
        key: gone.item.key,
        number: gone.item.number,
        text: gone.item.text,
        sectionTitle: gone.sections[gone.sections.length - 1].title,
        kind: "missing",
        message: "必須項目が未回答です",
      },
    ]);
  });

  it("treats an empty status or a response with only a note as unanswered", () => {
    const responses = allMet();
    responses[required[0].item.key] = { value: { status: "" } };
    responses[required[1].item.key] = { note: "確認中" };
    const problems = validateForPublish(hispro, content("hispro-checksheet", responses));
    expect(problems.map((p) => [p.key, p.kind])).toEqual([
      [required[0].item.key, "missing"],
      [required[1].item.key, "missing"],
    ]);
  });

  it("counts 対象外 with its reason as answered, and 未対応 too", () => {
    const responses = allMet();
    responses[required[5].item.key] = { value: { status: "notApplicable", reason: "クラウドサービスのため該当なし" } };
    responses[required[6].item.key] = { value: { status: "unmet" } };
    expect(validateForPublish(hispro, content("hispro-checksheet", responses))).toEqual([]);
  });

  it("reports 対象外 without a reason as invalid, not missing", () => {
    const responses = allMet();
    responses[required[7].item.key] = { value: { status: "notApplicable" } };
    expect(validateForPublish(hispro, content("hispro-checksheet", responses))).toEqual([
      expect.objectContaining({ key: required[7].item.key, kind: "invalid", message: "理由を入力してください" }),
    ]);
  });

  it("reports a javascript: evidence URL on an answered item", () => {
    const responses = allMet();
    responses[required[2].item.key] = { value: { status: "met" }, evidence: [{ name: "規程", url: "javascript:alert(1)" }] };
    expect(validateForPublish(hispro, content("hispro-checksheet", responses))).toEqual([
      expect.objectContaining({ key: required[2].item.key, kind: "invalid", message: "根拠資料のURLは http または https にしてください" }),
    ]);
  });

  it("reports an invalid response on an optional item too", () => {
    const recommended = entries.find((e) => e.item.level === "recommended")!;
    const responses = allMet();
    responses[recommended.item.key] = { value: { status: "done" } };
    expect(validateForPublish(hispro, content("hispro-checksheet", responses))).toEqual([
      expect.objectContaining({ key: recommended.item.key, kind: "invalid", message: "選択肢にない値です" }),
    ]);
  });

  it("lists responses to keys the template does not have last, in key order", () => {
    const responses = allMet();
    responses["zz.removed"] = { value: { status: "met" } };
    responses["aa.removed"] = { note: "旧版の項目" };
    responses["empty.leftover"] = { note: "  " }; // nothing that would be published
    delete responses[required[0].item.key];
    const problems = validateForPublish(hispro, content("hispro-checksheet", responses));
    expect(problems.map((p) => [p.key, p.kind])).toEqual([
      [required[0].item.key, "missing"],
      ["aa.removed", "unknown"],
      ["zz.removed", "unknown"],
    ]);
    expect(problems[1]).toEqual({ key: "aa.removed", text: "aa.removed", sectionTitle: "", kind: "unknown", message: UNKNOWN_MESSAGE });
  });

  it("lists problems in form order, whatever the order of the responses", () => {
    const picks = [required[300], required[10], required[200]];
    const responses = allMet();
    for (const p of picks) delete responses[p.item.key];
    const reversed = Object.fromEntries(Object.entries(responses).reverse());
    expect(validateForPublish(hispro, content("hispro-checksheet", reversed)).map((p) => p.key)).toEqual(
      [required[10], required[200], required[300]].map((e) => e.item.key),
    );
  });
});

describe("代行機関 開示様式", () => {
  const example = JSON.parse(readFileSync(path.join(ROOT, "disclosures/examples/agency-disclosure.example.json"), "utf8")) as { answers: Answers };
  // The real example leaves 代行機関コード blank (its 処理可能件数 is the form's 「-」, an answer); fill it so the base is complete.
  const complete = (): Record<string, ItemResponse> => {
    const responses: Record<string, ItemResponse> = Object.fromEntries(Object.entries(example.answers).map(([k, v]) => [k, { value: v }]));
    responses.agencyCode = { value: "12345678" };
    return responses;
  };
  const check = (responses: Record<string, ItemResponse>) => validateForPublish(agency, content("agency-disclosure", responses));
  const item = (key: string) => [...walkItems(agency)].find((e) => e.item.key === key)!;

  it("reports exactly the blanks of the real example", () => {
    const responses: Record<string, ItemResponse> = Object.fromEntries(Object.entries(example.answers).map(([k, v]) => [k, { value: v }]));
    expect(check(responses).map((p) => [p.key, p.kind, p.sectionTitle])).toEqual([["agencyCode", "missing", "基本情報"]]);
    expect(responses.processingCapacity.value).toEqual({ perYear: "-", perDay: "-" });
  });

  it("accepts the completed example; the derived ガイドラインの遵守 needs no answer", () => {
    expect(item("guidelineCompliance").item.level).toBe("required");
    expect(check(complete())).toEqual([]);
  });

  it("reports a required text field left empty or blank as missing", () => {
    const responses = complete();
    responses.name = { value: "" };
    responses.address = { value: "   " };
    delete responses.tel;
    expect(check(responses)).toEqual([
      { key: "name", text: "機関名", sectionTitle: "基本情報", kind: "missing", message: MISSING_MESSAGE },
      { key: "address", text: item("address").item.text, sectionTitle: "基本情報", kind: "missing", message: MISSING_MESSAGE },
      { key: "tel", text: item("tel").item.text, sectionTitle: "基本情報", kind: "missing", message: MISSING_MESSAGE },
    ]);
  });

  it("counts a table with one cell filled as answered, and an empty table as missing", () => {
    const responses = complete();
    responses.staff = { value: { allStaff: { partners: 3 } } };
    responses.feeAmounts = { value: { initialCost: { insurer: "" }, fixedCost: {} } };
    expect(check(responses).map((p) => [p.key, p.kind])).toEqual([["feeAmounts", "missing"]]);
  });

  it("counts a composite with one field filled as answered, and an empty one as missing", () => {
    const responses = complete();
    responses.sites = { value: { prefectures: "東京都" } };
    responses.systemEngineers = { value: {} };
    expect(check(responses).map((p) => [p.key, p.kind])).toEqual([["systemEngineers", "missing"]]);
  });

  it("reports a multiple choice with nothing selected as missing only", () => {
    const responses = complete();
    responses["service.target"] = { value: { selected: [] } };
    expect(check(responses)).toEqual([expect.objectContaining({ key: "service.target", kind: "missing" })]);
  });

  it("reports 実施予定 without 実施時期 on the checklist", () => {
    const responses = complete();
    responses["appendix.technical.3"] = { value: { status: "planned" } };
    responses["appendix.technical.4"] = { value: { status: "planned", month: "2027-03" } };
    expect(check(responses)).toEqual([
      {
        key: "appendix.technical.3",
        ...(item("appendix.technical.3").item.number ? { number: item("appendix.technical.3").item.number } : {}),
        text: item("appendix.technical.3").item.text,
        sectionTitle: "技術的安全対策",
        kind: "invalid",
        message: "実施時期（年月）を入力してください",
      },
    ]);
  });

  it("reports a value of the wrong shape as invalid, not missing", () => {
    const responses = complete();
    responses.agencyType = { value: "checkupOther" };
    responses.homepage = { value: "ftp://example.jp/" };
    responses.staff = { value: { dedicated: { agency: -1 } } };
    expect(check(responses).map((p) => [p.key, p.kind, p.message])).toEqual([
      ["homepage", "invalid", "http または https のURLを入力してください"],
      ["agencyType", "invalid", "回答の形式が正しくありません"],
      ["staff", "invalid", "0以上で入力してください"],
    ]);
  });

  it("reports a required item with no value and a bad evidence URL twice: missing and invalid", () => {
    const responses = complete();
    responses.financialInfo = { evidence: [{ url: "javascript:void(0)" }] };
    expect(check(responses)).toEqual([
      expect.objectContaining({ key: "financialInfo", kind: "missing" }),
      expect.objectContaining({ key: "financialInfo", kind: "invalid", message: "根拠資料のURLは http または https にしてください" }),
    ]);
  });

  it("refuses a value typed into the derived item, but accepts a note on it", () => {
    const responses = complete();
    responses.guidelineCompliance = { value: "遵守済" };
    expect(check(responses)).toEqual([expect.objectContaining({ key: "guidelineCompliance", kind: "invalid" })]);
    responses.guidelineCompliance = { note: "別添のとおり" };
    expect(check(responses)).toEqual([]);
  });

  it("translates zod's own messages, e.g. a field the item does not have", () => {
    const responses = complete();
    responses.sites = { value: { count: 1, city: "大田区" } };
    expect(check(responses)).toEqual([expect.objectContaining({ key: "sites", kind: "invalid", message: "この項目にない欄があります（city）" })]);
  });
});

describe("役割分担 チェックリスト (no required items)", () => {
  it("has nothing to report when empty, but checks what is there", () => {
    expect(validateForPublish(responsibility, content("responsibility-checklist", {}))).toEqual([]);
    const first = [...walkItems(responsibility)][0].item;
    const problems = validateForPublish(
      responsibility,
      content("responsibility-checklist", { [first.key]: { value: { status: "vendor", fields: { confirmedOn: "2025-02-30" } } } }),
    );
    expect(problems).toEqual([expect.objectContaining({ key: first.key, kind: "invalid", message: "存在しない日付です" })]);
  });
});

describe("the messages a vendor reads before publishing (small form)", () => {
  const tiny = tinyTemplate();
  tiny.sections[1].items!.push(
    { key: "opt", number: "3", text: "任意の点検", level: "recommended", answer: { kind: "status", scale: "check" } },
    { key: "mail", text: "連絡先", level: "none", answer: { kind: "email" } },
    { key: "where", text: "拠点", level: "none", answer: { kind: "composite", fields: [{ key: "count", type: "number" }, { key: "city", type: "text" }] } },
  );
  const done = { name: { value: "A社" }, c1: { value: { status: "implemented" } }, c2: { value: { status: "implemented" } } };
  const check = (responses: Record<string, unknown>) => validateForPublish(tiny, { templateId: "tiny", templateVersion: "1.0.0", responses: { ...done, ...responses } as Record<string, ItemResponse> });
  const kinds = (responses: Record<string, unknown>) => check(responses).map((p) => [p.key, p.kind, p.message]);

  it("names the item, its number and its section", () => {
    expect(check({ c2: { value: { status: "planned" } } })).toEqual([
      { key: "c2", number: "2", text: "教育を行っている", sectionTitle: "チェックリスト", kind: "invalid", message: "実施時期（年月）を入力してください" },
    ]);
  });

  it("reports a response that is not an object as malformed, and null as nothing said", () => {
    expect(kinds({ name: "A社" })).toEqual([["name", "invalid", "回答の形式が正しくありません"]]);
    expect(kinds({ name: null })).toEqual([["name", "missing", "必須項目が未回答です"]]);
    expect(kinds({ opt: null, mail: undefined })).toEqual([]);
  });

  it("translates zod's English into Japanese", () => {
    // A status without its status: 入力してください; a value of the wrong type: 形式が正しくありません.
    expect(kinds({ opt: { value: { month: "2027-03" } } })).toEqual([["opt", "invalid", "入力してください"]]);
    expect(kinds({ opt: { value: 5 } })).toEqual([["opt", "invalid", "回答の形式が正しくありません"]]);
    expect(kinds({ where: { value: { count: 1, city: 2 } } })).toEqual([["where", "invalid", "回答の形式が正しくありません"]]);
    expect(kinds({ where: { value: { count: 1, town: "大田区" } } })).toEqual([["where", "invalid", "この項目にない欄があります（town）"]]);
    expect(kinds({ opt: { value: { status: "done" } } })).toEqual([["opt", "invalid", "選択肢にない値です"]]);
    expect(kinds({ mail: { value: `${"a".repeat(250)}@example.jp` } })).toEqual([["mail", "invalid", "回答の形式が正しくありません"]]);
    expect(kinds({ opt: { value: { status: "implemented" }, evidence: [{ name: "x".repeat(301) }] } })).toEqual([["opt", "invalid", "300文字以内で入力してください"]]);
  });

  it("asks for a name or URL on evidence, and at most 20 rows", () => {
    expect(kinds({ opt: { value: { status: "implemented" }, evidence: Array.from({ length: 21 }, (_, i) => ({ name: `資料${i}` })) } })).toEqual([["opt", "invalid", "根拠資料は20件までです"]]);
    expect(kinds({ opt: { value: { status: "implemented" }, evidence: Array.from({ length: 20 }, (_, i) => ({ name: `資料${i}` })) } })).toEqual([]);
    expect(kinds({ opt: { value: { status: "implemented" }, note: "x".repeat(5001) } })).toEqual([["opt", "invalid", "5000文字以内で入力してください"]]);
  });

  it("refuses a value on the derived item with its own message", () => {
    expect(kinds({ compliance: { value: { status: "implemented" } } })).toEqual([["compliance", "invalid", "この項目は他の回答から自動で求めるため、入力できません"]]);
  });

  it("lists only unknown keys that would be published", () => {
    expect(kinds({ zz: "x", yy: null, xx: { note: " " }, ww: { note: "旧項目" } })).toEqual([
      ["ww", "unknown", UNKNOWN_MESSAGE],
      ["zz", "unknown", UNKNOWN_MESSAGE],
    ]);
  });
});

describe("what counts as something said", () => {
  const choice: AnswerKind = { kind: "choice", multiple: true, options: [] };
  it("by answer kind", () => {
    expect(hasAnswer({ kind: "text" }, 0)).toBe(true);
    expect(hasAnswer({ kind: "text" }, " ")).toBe(false);
    expect(hasAnswer({ kind: "text" }, null)).toBe(false);
    expect(hasAnswer({ kind: "text" }, [])).toBe(true);
    expect(hasAnswer({ kind: "text" }, {})).toBe(true);
    expect(hasAnswer({ kind: "status", scale: "check" }, { status: " " })).toBe(false);
    expect(hasAnswer({ kind: "status", scale: "check" }, { status: "x" })).toBe(true);
    expect(hasAnswer(choice, { selected: [" ", ""] })).toBe(false);
    expect(hasAnswer(choice, { selected: ["", "a"] })).toBe(true);
    expect(hasAnswer(choice, { selected: " " })).toBe(false);
    expect(hasAnswer(choice, { selected: "a" })).toBe(true);
    expect(hasAnswer({ kind: "composite", fields: [] }, { a: " ", b: null })).toBe(false);
    expect(hasAnswer({ kind: "composite", fields: [] }, { a: " ", b: 0 })).toBe(true);
    expect(hasAnswer({ kind: "table", rows: [], columns: [] }, { r: { c: " " }, s: null })).toBe(false);
    expect(hasAnswer({ kind: "table", rows: [], columns: [] }, { r: { c: " " }, s: "x" })).toBe(true);
    expect(hasAnswer({ kind: "table", rows: [], columns: [] }, { r: { c: " ", d: 2 } })).toBe(true);
  });
});
