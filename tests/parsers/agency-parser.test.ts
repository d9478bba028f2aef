import { beforeEach, describe, it, expect } from "vitest";
import { readFileSync } from "node:fs";
import path from "node:path";
import { requireSeeds } from "../helpers/db.js";
import { parseAgency, type ChecklistAnswer, type ExampleAnswers } from "../../disclosures/parsers/agency-parser.js";
import { SeedParseError } from "../../disclosures/parsers/parse-report.js";
import { findSection, validateTemplate, walkItems } from "../../disclosures/template-loader.js";
import type { Item, Template } from "../../disclosures/template-schema.js";

const dir = requireSeeds();
const SEED = "003_c63bed95ddf6f747.txt";

// ---- independent readings of the raw seed (no parser code) ----------------------------------------------------

const strip = (s: string) =>
  s
    .replace(/\^\{[^}]*\}/g, " ")
    .replace(/<[^>]*>/g, " ")
    .replace(/\s+/g, " ")
    .trim();

function rawReadings(text: string) {
  const lines = text.split(/\r?\n/);
  // The 別添 heading is the one line starting with 別添; everything before it is the overview.
  const split = lines.findIndex((l) => l.startsWith("別添"));
  const overview = lines.slice(0, split).map((t, i) => ({ line: i + 1, text: t }));
  const checklist = lines.slice(split).map((t, i) => ({ line: split + i + 1, text: t }));

  // Checklist section titles: tab-less lines whose next non-blank line is the 「No⇥チェック項目」 header.
  const nextContent = (arr: { text: string }[], i: number) => arr.slice(i + 1).find((l) => l.text.trim() !== "")?.text ?? "";
  const sections: { title: string; items: { number: string; text: string; line: number; done: string; planned: string }[]; headers: number[] }[] = [];
  checklist.forEach((l, i) => {
    if (l.text.trim() && !l.text.includes("\t") && nextContent(checklist, i).startsWith("No\t")) sections.push({ title: l.text.trim(), items: [], headers: [] });
    else if (l.text.startsWith("No\t")) sections.at(-1)!.headers.push(l.line);
    else {
      // Item rows: 「N.⇥text⇥実施済⇥実施予定」.
      const m = l.text.match(/^(\d+)\.\t([^\t]*)\t([^\t]*)\t([^\t]*)$/);
      if (m) sections.at(-1)!.items.push({ number: m[1], text: strip(m[2]), line: l.line, done: m[3], planned: m[4] });
    }
  });
  const items = sections.flatMap((s) => s.items);
  return {
    lines,
    overview,
    checklist,
    sections,
    // Overview notes 「注N) …」 and checklist notes 「注N:…」 / 「注 N: …」.
    overviewNotes: overview.map((l) => l.text.match(/^注(\d+)\)\s*(.*)$/)).filter(Boolean) as RegExpMatchArray[],
    checklistNotes: checklist.map((l) => l.text.match(/^注\s*(\d+)\s*:\s*(.*)$/)).filter(Boolean) as RegExpMatchArray[],
    // Rows ticked 実施予定 (「□⇥■(…)」) and rows ticked 実施済.
    plannedTicked: items.filter((it) => it.done === "□" && it.planned.startsWith("■")),
    doneTicked: items.filter((it) => it.done === "■"),
    // 実施予定 with a real date, e.g. 「■(2025年3月)」/「■(令和7年3月)」.
    plannedWithDate: items.filter((it) => /^■\s*[(（](\d{4}年|令和|\d{4}\/)/.test(it.planned)),
    // The 実施予定 cell holding a remark instead of a box: 「(IoT機器ではなく…)」.
    remarks: items.filter((it) => it.planned.startsWith("(") && it.done === "■"),
    // Overview field labels: the second cell of tab rows, minus the 更新情報 row, the table rules and the
    // 事務手数料等 header row (whose second cell is the column header 保険者).
    fieldLabels: overview
      .filter((l) => l.text.includes("\t") && !l.text.startsWith("更新情報") && !/^-+\t/.test(l.text) && !l.text.startsWith("事務手数料等"))
      .map((l) => strip(l.text.split("\t")[1]))
      .filter(Boolean),
    overviewSections: overview
      .filter((l) => l.text.includes("\t") && !l.text.startsWith("更新情報") && !/^-+\t/.test(l.text))
      .map((l) => strip(l.text.split("\t")[0]))
      .filter(Boolean),
    lineOf: (needle: string) => lines.findIndex((l) => l.includes(needle)) + 1,
  };
}

function parseError(fn: () => unknown): SeedParseError {
  try {
    fn();
  } catch (error) {
    if (error instanceof SeedParseError) return error;
    throw error;
  }
  throw new Error("expected a SeedParseError");
}

function items(t: Template): Item[] {
  return [...walkItems(t)].map((e) => e.item);
}

function byKey(t: Template, key: string): Item {
  const item = items(t).find((i) => i.key === key);
  if (!item) throw new Error(`no item ${key}`);
  return item;
}

describe("agency parser (seed 003)", () => {
  const text = readFileSync(path.join(dir, SEED), "utf8");
  const raw = rawReadings(text);
  // Parsed afresh in every test (not once per file), so that mutation testing sees which tests read the parser's
  // output: a result shared across tests is attributed to the first test alone and the others' checks go unseen.
  let result: ReturnType<typeof parseAgency>;
  let agency: Template;
  let checklist: Template;
  let example: ExampleAnswers;
  beforeEach(() => {
    result = parseAgency(text);
    [agency, checklist] = result.templates;
    example = result.example;
  });

  it("returns the two templates and both pass validateTemplate", () => {
    expect(result.templates.map((t) => t.id)).toEqual(["agency-disclosure", "minimum-guideline-checklist"]);
    for (const t of result.templates) {
      expect(() => validateTemplate(JSON.parse(JSON.stringify(t)), `${t.id}.json`)).not.toThrow();
      expect(t.version).toBe("1.0.0");
      expect(t.language).toBe("ja");
      expect(t.source.seed).toBe(SEED);
    }
    expect(checklist.source.edition).toBe("第5.2版");
    expect(checklist.title).toBe("医療情報システムの安全管理に関するガイドライン 最低限のガイドライン遵守チェックリスト");
    expect(agency.title).toBe(strip(raw.lines[2]));
  });

  // ---- the checklist ----------------------------------------------------------------------------------------

  it("has the 10 checklist sections with the item counts of the raw text", () => {
    // Hand count of the seed: 10 section titles; items 5, 6, 24, 3, 5, 4, 10, 10, 9, 14 (90 in all).
    // The regex reading in rawReadings() must agree with the hand count, and the parser with both.
    expect(raw.sections).toHaveLength(10);
    expect(raw.sections.map((s) => s.items.length)).toEqual([5, 6, 24, 3, 5, 4, 10, 10, 9, 14]);
    expect(checklist.sections.map((s) => s.title)).toEqual(raw.sections.map((s) => s.title));
    expect(checklist.sections.map((s) => s.items?.length)).toEqual(raw.sections.map((s) => s.items.length));
    const appendix = findSection(agency, "appendix")!;
    expect(appendix.title).toBe("別添 最低限のガイドライン遵守チェックリスト");
    expect(appendix.sections?.map((s) => s.items?.length)).toEqual(raw.sections.map((s) => s.items.length));
  });

  it("keeps every checklist item row exactly once, in order, numbered as printed", () => {
    const rawItems = raw.sections.flatMap((s) => s.items.map((it) => ({ section: s.title, ...it })));
    const parsed = [...walkItems(checklist)].map((e) => ({ section: e.sections.at(-1)!.title, item: e.item }));
    expect(parsed).toHaveLength(rawItems.length);
    parsed.forEach((p, i) => {
      expect(p.section).toBe(rawItems[i].section);
      expect(p.item.number).toBe(rawItems[i].number);
      // The item text is the raw text up to its inline list (list entries become check points).
      expect(rawItems[i].text.startsWith(p.item.text)).toBe(true);
      expect(p.item.level).toBe("required");
      expect(p.item.answer).toEqual({ kind: "status", scale: "minimumGuideline" });
    });
    const keys = parsed.map((p) => p.item.key);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("builds both checklist parts from the same structure (appendix keys prefixed)", () => {
    const plain = items(checklist);
    const appendix = [...walkItems(agency)].filter((e) => e.sections[0].key === "appendix").map((e) => e.item);
    expect(appendix.map((i) => i.key)).toEqual(plain.map((i) => `appendix.${i.key}`));
    expect(appendix.map((i) => [i.text, i.number, i.checkPoints])).toEqual(plain.map((i) => [i.text, i.number, i.checkPoints]));
    expect(appendix.map((i) => i.noteRefs ?? [])).toEqual(plain.map((i) => (i.noteRefs ?? []).map((r) => `別添${r}`)));
  });

  it("checks sample checklist items field by field", () => {
    const t5 = byKey(checklist, "technical.5");
    expect(t5).toMatchObject({ number: "5", text: "動作確認等で個人情報を含むデータを使用するときは、漏洩等に十分留意している。", noteRefs: ["注1"] });
    const t15 = byKey(checklist, "technical.15");
    expect(t15.text).toBe(
      "パスワードは以下のいずれかの要件を満たしている。また、いずれの場合においても、他に講じられているセキュリティ対策等の内容を勘案して、全体として安全なパスワード漏洩対策を講じている。",
    );
    expect(t15.checkPoints).toHaveLength(3);
    expect(t15.checkPoints![0]).toBe("英数字、記号を混在させた13文字以上の推定困難な文字列");
    const o5 = byKey(checklist, "organizational.5");
    expect(o5.text).toBe("運用管理規程等において次の内容を定めている。");
    expect(o5.checkPoints).toEqual(["(b) 医療機関等の体制", "(c) 契約書・マニュアル等の文書の管理", "(d) リスクに対する予防、発生時の対応の方法", "(e) 機器を用いる場合は機器の管理", "(f) 個人情報の記録媒体の管理(保管・授受等)の方法", "(g) 患者等への説明と同意を得る方法", "(h) 監査", "(i) 苦情・質問の受付窓口"]);
    // Nine ・ bullets on the raw line of 外部… item 6.
    const e6raw = raw.sections[9].items[5];
    expect(byKey(checklist, "externalExchange.6").checkPoints).toHaveLength((e6raw.text.match(/ ・ /g) ?? []).length);
    expect(byKey(checklist, "externalExchange.11").noteRefs).toEqual(["注15"]);
    expect(byKey(agency, "appendix.disposal.1").noteRefs).toEqual(["別添注8"]);
  });

  it("keeps checklist notes 注1–注15 with their full text on the sections that print them", () => {
    expect(raw.checklistNotes.map((m) => Number(m[1]))).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
    const notes = checklist.sections.flatMap((s) => s.notes ?? []);
    expect(notes.map((n) => n.id)).toEqual(raw.checklistNotes.map((m) => `注${m[1]}`));
    notes.forEach((n, i) => expect(n.text).toBe(strip(raw.checklistNotes[i][2])));
    expect(findSection(checklist, "technical")!.notes!.map((n) => n.id)).toEqual(["注1", "注2", "注3", "注4", "注5", "注6", "注7"]);
    expect(findSection(checklist, "externalExchange")!.notes!.at(-1)!.text).toBe(
      "システムやアプリケーションを切り分けし、ファイアウォール、アクセス監視、通信の TLS 暗号化、PKI 個人認証等の技術を用いた対策を指す。",
    );
  });

  it("declares the minimumGuideline scale and the guidelineCompliance rule in both templates", () => {
    for (const t of result.templates) {
      expect(t.scales).toEqual([
        {
          key: "minimumGuideline",
          options: [
            { value: "implemented", label: "実施済", outcome: "met" },
            { value: "planned", label: "実施予定", outcome: "planned", requires: "month" },
            { value: "notApplicable", label: "対象外", outcome: "notApplicable", requires: "reason" },
          ],
        },
      ]);
    }
    const labels = { pass: "最低限のガイドラインを遵守済", fail: "最低限のガイドラインを遵守していない", incomplete: "チェックリストに未回答の項目があります" };
    expect(agency.derived).toEqual([{ rule: "allMet", key: "guidelineCompliance", title: "ガイドラインの遵守", scope: "appendix", labels }]);
    expect(checklist.derived).toEqual([{ rule: "allMet", key: "guidelineCompliance", title: "ガイドラインの遵守", labels }]);
    expect(byKey(agency, "guidelineCompliance")).toMatchObject({ text: "ガイドラインの遵守", answer: { kind: "derived", result: "guidelineCompliance" }, noteRefs: ["注8"] });
  });

  // ---- the overview ---------------------------------------------------------------------------------------------

  // Read off the seed by hand (second cell of each tab row of the overview, in order).
  const FIELD_LABELS = [
    "機関名", "所在地(住所)", "電話番号", "FAX番号", "ホームページアドレス", "窓口となるメールアドレス", "代行機関コード", "代行機関の分類",
    "従事する職員の数", "全職員の数", "施設数(サポート拠点数)", "財務基盤に関する資料また照会先", "類似業務・サービスの提供実績", "提供するサービス",
    "利用者によるサービスの選択", "ガイドラインの遵守",
    "提供開始の年月日", "システムの保有", "システムの運用管理", "システム専用区画・施設の有無", "システム管理技術者数", "処理可能件数(設計値)",
    "サービス提供時間", "データ授受の方法", "データ授受におけるセキュリティ対策の方法",
    "初期費用", "経常経費", "代行機関利用に際し必要となる設備等",
    "前年度の取扱件数",
  ];

  it("has the six overview sections and every overview field, in order", () => {
    const titles = ["基本情報", "施設及び設備情報", "情報システムに関する情報", "運営に関する情報", "事務手数料等", "その他"];
    expect(raw.overviewSections).toEqual(titles);
    expect(agency.sections.map((s) => s.title)).toEqual([...titles, "別添 最低限のガイドライン遵守チェックリスト"]);
    expect(raw.fieldLabels).toEqual(FIELD_LABELS);

    // Where each label lives in the template: item text, group, a table row, or a fee-table row.
    const overviewItems = [...walkItems(agency)].filter((e) => e.sections[0].key !== "appendix").map((e) => e.item);
    const positions = FIELD_LABELS.map((label) =>
      overviewItems.findIndex(
        (i) =>
          i.text === label ||
          i.group === label ||
          (i.answer.kind === "table" && i.answer.rows.some((r) => r.label === label || r.label.startsWith(`${label} `))),
      ),
    );
    positions.forEach((p, i) => expect(p, FIELD_LABELS[i]).toBeGreaterThanOrEqual(0));
    expect([...positions].sort((a, b) => a - b)).toEqual(positions); // printed order
    // Row groups keep their printed sub-labels.
    const groups = (g: string) => overviewItems.filter((i) => i.group === g).map((i) => i.text);
    expect(groups("提供するサービス")).toEqual(["対象", "内容"]);
    expect(groups("利用者によるサービスの選択")).toEqual(["保険者", "健診・保健指導機関"]);
    expect(groups("サービス提供時間")).toEqual(["拠点", "システム", "ヘルプデスク"]);
    expect(groups("データ授受の方法")).toEqual(["外部から機関へ", "機関から外部へ"]);
    expect(groups("データ授受におけるセキュリティ対策の方法")).toEqual(["オンライン", "オフライン"]);
    // 最終更新日 is set by the portal, not an item.
    expect(overviewItems.some((i) => i.text.includes("最終更新日"))).toBe(false);
    expect(agency.description).toContain("代行機関の業務を行う者は、本資料を作成し");
  });

  it("types the scalar fields and sets levels", () => {
    expect(byKey(agency, "tel")).toMatchObject({ text: "電話番号", level: "required", answer: { kind: "tel" }, noteRefs: ["注1"] });
    expect(byKey(agency, "fax")).toMatchObject({ text: "FAX番号", level: "none", answer: { kind: "tel" } });
    expect(byKey(agency, "homepage").answer).toEqual({ kind: "url" });
    expect(byKey(agency, "email").answer).toEqual({ kind: "email" });
    expect(byKey(agency, "serviceStartDate")).toMatchObject({ answer: { kind: "date" }, noteRefs: ["注9"] });
    expect(byKey(agency, "agencyCode")).toMatchObject({ level: "required", noteRefs: ["注2"] });
    expect(byKey(agency, "previousYearVolume").level).toBe("none");
    expect(byKey(agency, "dataSecurity.offline").level).toBe("none");
  });

  it("reads choices with their options and extra-text labels", () => {
    expect(byKey(agency, "agencyType").answer).toEqual({
      kind: "choice",
      multiple: false,
      options: [
        { value: "insurerSide", label: "医療保険者サイド" },
        { value: "checkupGroup", label: "健診・保健指導機関サイド（健診機関グループ）" },
        { value: "checkupOther", label: "健診・保健指導機関サイド（健診機関グループ以外）" },
      ],
    });
    expect(byKey(agency, "trackRecord").answer).toMatchObject({ options: [{ value: "yes", label: "有", extra: { label: "内容" } }, { value: "no", label: "無" }] });
    const content = byKey(agency, "service.content");
    expect(content).toMatchObject({ group: "提供するサービス", text: "内容", answer: { multiple: true } });
    expect(content.answer.kind === "choice" && content.answer.options.at(-1)).toEqual({ value: "other", label: "その他", extra: { label: "" } });
    expect(byKey(agency, "serviceSelection.insurer").answer).toMatchObject({ options: [{ value: "yes", label: "可", extra: { label: "選択可能な機能" } }, { value: "no", label: "否" }] });
    expect(byKey(agency, "dataExchange.inbound").answer).toMatchObject({
      multiple: true,
      options: [
        { value: "online", label: "オンライン", extra: { label: "回線種別" } },
        { value: "offline", label: "オフライン", extra: { label: "送付手段" } },
      ],
    });
    // Options printed over two rows form one choice.
    const facility = byKey(agency, "systemFacility");
    expect(facility.answer.kind === "choice" && facility.answer.options.map((o) => o.label)).toEqual(["専用施設(機関所有)", "専用施設(委託先)", "機関建物内専用区画", "特に無し"]);
    // Options spread over several cells of one row.
    const operation = byKey(agency, "systemOperation");
    expect(operation.answer.kind === "choice" && operation.answer.options.map((o) => o.label)).toEqual(["自機関内", "全部委託", "一部委託"]);
  });

  it("builds the staff-count table, the composites and the fee table", () => {
    const staff = byKey(agency, "staff");
    expect(staff.text).toBe("従事する職員の数");
    expect(staff.noteRefs).toEqual(["注4", "注5"]);
    expect(staff.answer).toEqual({
      kind: "table",
      rows: [
        { key: "dedicated", label: "専任" },
        { key: "concurrent", label: "兼任" },
        { key: "allStaff", label: "全職員の数" },
      ],
      columns: [
        { key: "agency", label: "機関本体", type: "number", unit: "人", integer: true, min: 0 },
        { key: "partners", label: "協力・関係会社", type: "number", unit: "人", integer: true, min: 0 },
      ],
    });
    expect(byKey(agency, "sites").answer).toEqual({
      kind: "composite",
      fields: [
        { key: "count", type: "number", unit: "箇所", integer: true, min: 0 },
        { key: "prefectures", label: "都道府県名", type: "text" },
      ],
    });
    expect(byKey(agency, "processingCapacity").answer).toMatchObject({ fields: [{ key: "perYear", prefix: "年間", unit: "件" }, { key: "perDay", prefix: "1日当たり", unit: "件" }] });
    expect(byKey(agency, "systemEngineers").answer).toMatchObject({ fields: [{ key: "agency", label: "機関本体", unit: "人" }, { key: "contractor", label: "委託先", unit: "人" }] });
    const fees = byKey(agency, "feeAmounts");
    expect(fees.noteRefs).toEqual(["注10", "注11"]);
    expect(fees.answer).toMatchObject({
      kind: "table",
      rows: [{ label: "初期費用" }, { label: "経常経費 固定費" }, { label: "経常経費 従量単価" }],
      columns: [{ key: "insurer", label: "保険者" }, { key: "checkupProvider", label: "健診・保健指導機関" }],
    });
    expect(byKey(agency, "separateBilling.checkupProvider")).toMatchObject({ group: "経常経費", answer: { kind: "choice", options: [{ label: "無(健診委託費に含まれる)" }, { label: "有(下記)" }] } });
  });

  it("keeps overview notes 注1–注12 with full text, joining the wrapped 注8", () => {
    expect(raw.overviewNotes.map((m) => Number(m[1]))).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    const notes = agency.sections.filter((s) => s.key !== "appendix").flatMap((s) => s.notes ?? []);
    expect(notes.map((n) => n.id)).toEqual(raw.overviewNotes.map((m) => `注${m[1]}`));
    notes.forEach((n, i) => expect(n.text.startsWith(strip(raw.overviewNotes[i][2]))).toBe(true));
    const note8 = notes.find((n) => n.id === "注8")!;
    // 注8 ends its first paragraph with 「1項目」; the next paragraph starts with 「以上」.
    expect(note8.text).toContain("1項目以上「実施予定」がある場合は「最低限のガイドラインを遵守していない」を選ぶこと。");
    expect(findSection(agency, "basic")!.notes!.map((n) => n.id)).toEqual(["注1", "注2", "注3"]);
  });

  // ---- the example answers ----------------------------------------------------------------------------------

  it("extracts the real answer set", () => {
    expect(example.templateId).toBe("agency-disclosure");
    expect(example.lastUpdated).toEqual({ overview: "2025-07-07", checklist: "2026-07-07" });
    const a = example.answers;
    expect(a.name).toBe("株式会社 エヌ・ティ・ティ・ビジネスアソシエ東日本");
    expect(a.tel).toBe("03-5767-8195");
    expect(a.fax).toBeUndefined();
    expect(a.agencyType).toEqual({ selected: "checkupOther" });
    expect(a.staff).toEqual({ dedicated: { agency: 10 } });
    expect(a.sites).toEqual({ count: 1, prefectures: "東京都" });
    expect(a.trackRecord).toEqual({ selected: "yes", extra: { yes: "健診代行業務" } });
    expect(a["service.content"]).toEqual({ selected: ["officeCheck", "dataHandling"] });
    expect(a["dataExchange.inbound"]).toEqual({ selected: ["online"], extra: { online: "IP-VPN" } });
    expect(a.serviceStartDate).toBe("2024-10-01");
    expect(a.systemFacility).toEqual({ selected: "dedicatedAreaInBuilding" });
    expect(a.systemEngineers).toEqual({ agency: 10 });
    // The form's 「-」, kept as the answer (issue 16): the fields take 「-」 or a number.
    expect(a.processingCapacity).toEqual({ perYear: "-", perDay: "-" });
    expect(a["serviceHours.system"]).toBe("24 時間 365 日稼働 (土日祝日年末年始は除く)");
    expect(a.feeAmounts).toEqual({ initialCost: { checkupProvider: "別途お見積" }, fixedCost: { checkupProvider: "仕様により変動" }, unitPrice: { checkupProvider: "仕様により変動" } });
    expect(a["separateBilling.checkupProvider"]).toEqual({ selected: "yes" });
    expect(a.guidelineCompliance).toBeUndefined(); // derived, never typed in
    expect(example.declared).toEqual({ guidelineCompliance: "最低限のガイドラインを遵守済" });
  });

  it("reads the checklist answers: 実施済, and 実施予定(対象事項無) as not applicable", () => {
    const checklistAnswers = Object.entries(example.answers).filter(([k]) => k.startsWith("appendix.")) as [string, ChecklistAnswer][];
    // Every raw item row has an answer.
    expect(checklistAnswers).toHaveLength(raw.sections.reduce((n, s) => n + s.items.length, 0));
    // The product brief: six items are ticked 実施予定; the raw 「□⇥■(…)」 rows must say the same.
    expect(raw.plannedTicked).toHaveLength(6);
    const notApplicable = checklistAnswers.filter(([, v]) => v.status === "notApplicable");
    expect(notApplicable).toHaveLength(raw.plannedTicked.length);
    for (const [, v] of notApplicable) expect(v).toEqual({ status: "notApplicable", reason: "対象事項無" });
    expect(checklistAnswers.filter(([, v]) => v.status === "planned")).toHaveLength(raw.plannedWithDate.length);
    expect(checklistAnswers.filter(([, v]) => v.status === "implemented")).toHaveLength(raw.doneTicked.length);
    expect(example.answers["appendix.takeout.1"]).toEqual({ status: "notApplicable", reason: "対象事項無" });
    expect(example.answers["appendix.externalExchange.11"]).toEqual({ status: "notApplicable", reason: "対象事項無" });
    expect(example.answers["appendix.organizational.1"]).toEqual({ status: "implemented" });
    expect(example.answers["appendix.technical.18"]).toEqual({ status: "implemented" });
    expect(example.notes["appendix.technical.18"]).toBe("IoT機器ではなくIT機器として回答");
    expect(Object.keys(example.notes)).toHaveLength(7);
    // Every answer key is an item of the agency template.
    const keys = new Set(items(agency).map((i) => i.key));
    for (const k of Object.keys(example.answers)) expect(keys.has(k), k).toBe(true);
  });

  // ---- repairs ---------------------------------------------------------------------------------------------------

  it("reports the repairs at the messy spots", () => {
    const at = (kind: string) => result.repairs.filter((r) => r.kind === kind).map((r) => r.line);
    expect(at("tel-normalised")).toEqual([raw.lineOf("電話番号")]);
    expect(at("dash-placeholder")).toEqual([raw.lineOf("FAX番号")]);
    expect(at("dash-kept")).toEqual([raw.lineOf("処理可能件数"), raw.lineOf("処理可能件数")]);
    expect(at("wrapped-note")).toEqual([raw.lineOf("以上「実施予定」がある場合")]);
    expect(at("wrapped-options")).toEqual([raw.lineOf("機関建物内専用区画")]);
    expect(at("shifted-header")).toEqual([raw.lineOf("事務手数料等")]);
    expect(at("options-assumed")).toEqual([raw.lineOf("別途請求の有無")]);
    expect(at("declared-vs-rule")).toEqual([raw.lineOf("ガイドラインの遵守 ")]);
    expect(result.repairs.find((r) => r.kind === "declared-vs-rule")!.message).toContain("6 checklist item(s)");
    expect(at("date-mismatch")).toEqual([raw.lineOf("2026年7月7日")]);
    // Table rules: lines made of dashes and tabs only.
    expect(at("table-rule")).toEqual(raw.lines.map((l, i) => (/^-+(\t-+)*\t?$/.test(l) ? i + 1 : 0)).filter(Boolean));
    // Repeated 「No⇥チェック項目」 headers: every header after the first one of its section.
    expect(at("page-header")).toEqual(raw.sections.flatMap((s) => s.headers.slice(1)));
    expect(at("page-header")).toHaveLength(6);
    expect(at("planned-as-not-applicable")).toEqual(raw.plannedTicked.map((it) => it.line));
    expect(at("remark-in-status-column")).toEqual(raw.remarks.map((it) => it.line));
    expect(at("remark-in-status-column")).toHaveLength(7);
    expect(at("html-stripped")).toEqual([raw.lineOf("<ul")]);
  });

  it("explains every repair in words a reviewer can check against the seed", () => {
    // What `scripts/templates.ts generate --verbose` lists for this seed, in line order. The lines are checked
    // against the raw text above; this pins what each message tells the reviewer.
    expect(result.repairs.map((r) => `${r.line} ${r.kind} ${r.message}`)).toEqual([
      "12 table-rule table rule line (----) left by the extraction skipped",
      "18 tel-normalised 「電話番号」 \"03 一 5767 一 8195\" read as \"03-5767-8195\"",
      "19 dash-placeholder 「FAX番号」: a dash written instead of a value, read as no answer",
      "41 declared-vs-rule declares 「最低限のガイドラインを遵守済」 while 6 checklist item(s) are ticked 実施予定 (注8: that means 「最低限のガイドラインを遵守していない」); kept as declared, the portal derives the result",
      "53 wrapped-note continuation of 注8 joined to the note text",
      "59 wrapped-options options of 「システム専用区画・施設の有無」 continued on the next row joined into one choice",
      "61 dash-kept 「処理可能件数(設計値)」 年間: the form's 「-」 kept as the answer; the field takes 「-」 or a number",
      "61 dash-kept 「処理可能件数(設計値)」 1日当たり: the form's 「-」 kept as the answer; the field takes 「-」 or a number",
      "73 shifted-header fee column header(s) 「保険者」 printed over the row-label cells: no value can line up with them, so those columns are empty in this seed; values are assigned by header position to 「健診・保健指導機関」",
      "75 options-assumed 「経常経費 別途請求の有無」 has no cell under 「保険者」: its options are taken from the 「健診・保健指導機関」 cell",
      "87 table-rule table rule line (----) left by the extraction skipped",
      "97 date-mismatch the checklist's 最終更新日 2026-07-07 differs from the overview's 2025-07-07 (line 11); both kept as printed",
      "98 table-rule table rule line (----) left by the extraction skipped",
      "126 page-header repeated table header (page break) inside 「技術的安全対策」 skipped",
      "140 html-stripped stray HTML list markup (<ul …>) removed from the item text",
      "143 remark-in-status-column the 実施予定 cell holds a remark instead of □(): \"IoT機器ではなくIT機器として回答\" kept as the answer's remark",
      "144 remark-in-status-column the 実施予定 cell holds a remark instead of □(): \"IoT機器ではなくIT機器として回答\" kept as the answer's remark",
      "145 remark-in-status-column the 実施予定 cell holds a remark instead of □(): \"IoT機器ではなくIT機器として回答\" kept as the answer's remark",
      "146 remark-in-status-column the 実施予定 cell holds a remark instead of □(): \"IoT機器ではなくIT機器として回答\" kept as the answer's remark",
      "148 page-header repeated table header (page break) inside 「技術的安全対策」 skipped",
      "149 remark-in-status-column the 実施予定 cell holds a remark instead of □(): \"IoT 機器ではなく IT 機器として回答\" kept as the answer's remark",
      "150 remark-in-status-column the 実施予定 cell holds a remark instead of □(): \"IoT 機器ではなく IT 機器として回答\" kept as the answer's remark",
      "151 remark-in-status-column the 実施予定 cell holds a remark instead of □(): \"IoT 機器ではなく IT 機器として回答\" kept as the answer's remark",
      "188 page-header repeated table header (page break) inside 「情報の破棄」 skipped",
      "216 planned-as-not-applicable 「実施予定(対象事項無)」 used to mean not applicable: read as 対象外 with reason \"対象事項無\"",
      "217 planned-as-not-applicable 「実施予定(対象事項無)」 used to mean not applicable: read as 対象外 with reason \"対象事項無\"",
      "223 page-header repeated table header (page break) inside 「情報及び情報機器の持ち出しについて」 skipped",
      "227 planned-as-not-applicable 「実施予定(対象事項無)」 used to mean not applicable: read as 対象外 with reason \"対象事項無\"",
      "249 page-header repeated table header (page break) inside 「外部と個人情報を含む医療情報を交換する場合の安全管理」 skipped",
      "253 planned-as-not-applicable 「実施予定(対象事項無)」 used to mean not applicable: read as 対象外 with reason \"対象事項無\"",
      "254 planned-as-not-applicable 「実施予定(対象事項無)」 used to mean not applicable: read as 対象外 with reason \"対象事項無\"",
      "257 planned-as-not-applicable 「実施予定(対象事項無)」 used to mean not applicable: read as 対象外 with reason \"対象事項無\"",
      "260 page-header repeated table header (page break) inside 「外部と個人情報を含む医療情報を交換する場合の安全管理」 skipped",
    ]);
  });

  // ---- failures ---------------------------------------------------------------------------------------------------

  it("throws on an empty or a non-agency seed", () => {
    expect(parseError(() => parseAgency("")).message).toContain("empty seed");
    expect(parseError(() => parseAgency("\n  \n")).message).toContain("empty seed");
    expect(parseError(() => parseAgency("hello\tworld\nfoo")).message).toContain("not a 代行機関 disclosure");
  });

  it("throws on truncated seeds", () => {
    const e40 = parseError(() => parseAgency(text.slice(0, Math.floor(text.length * 0.4))));
    expect(e40.message).toMatch(/truncated|missing|cannot be placed/);
    const e20 = parseError(() => parseAgency(text.slice(0, Math.floor(text.length * 0.2))));
    expect(e20.message).toMatch(/truncated|missing/);
    // Cut after the last item row: the notes 注11–注15 referred to by the items are gone.
    const lastItem = raw.sections[9].items.at(-1)!.line;
    const e = parseError(() => parseAgency(raw.lines.slice(0, lastItem).join("\n")));
    expect(e.message).toMatch(/注\d+, which is not printed/);
    // Cut before the last checklist section.
    const e9 = parseError(() => parseAgency(raw.lines.slice(0, raw.lineOf("外部と個人情報を含む医療情報を交換する場合の安全管理") - 1).join("\n")));
    expect(e9.message).toContain("missing");
  });

  it("throws with the line number of a row it cannot place", () => {
    const inject = (afterLine: number, row: string) => [...raw.lines.slice(0, afterLine), row, ...raw.lines.slice(afterLine)].join("\n");
    // An unknown field row in the overview.
    const staffLine = raw.lineOf("全職員の数");
    let e = parseError(() => parseAgency(inject(staffLine, "\tゴミの項目\t123")));
    expect(e.line).toBe(staffLine + 1);
    expect(e.message).toContain("unknown field");
    // A stray free line in the overview.
    e = parseError(() => parseAgency(inject(raw.lineOf("窓口となるメールアドレス"), "ランダムな文字列")));
    expect(e.line).toBe(raw.lineOf("窓口となるメールアドレス") + 1);
    // A stray line between two checklist items.
    const item = raw.sections[2].items[3].line;
    e = parseError(() => parseAgency(inject(item, "これはどこにも属さない行")));
    expect(e.line).toBe(item + 1);
    // A row with tabs that is not an item row.
    e = parseError(() => parseAgency(inject(item, "x\ty\tz")));
    expect(e.line).toBe(item + 1);
    // A missing item row breaks the numbering.
    const lines = [...raw.lines];
    lines[item - 1] = "";
    e = parseError(() => parseAgency(lines.join("\n")));
    expect(e.line).toBe(item + 1);
    expect(e.message).toContain("was expected");
    // Both boxes ticked.
    const both = [...raw.lines];
    both[item - 1] = both[item - 1].replace("\t□()", "\t■()");
    expect(parseError(() => parseAgency(both.join("\n"))).line).toBe(item);
    // A choice that lost one of its printed options.
    const track = raw.lineOf("類似業務・サービスの提供実績");
    const fewer = [...raw.lines];
    fewer[track - 1] = fewer[track - 1].replace(' <input type="checkbox"/> 無', "");
    e = parseError(() => parseAgency(fewer.join("\n")));
    expect(e.line).toBe(track);
    expect(e.message).toContain("1 options printed, 2 expected");
  });
});
