import { readFileSync } from "node:fs";
import path from "node:path";
import { requireSeeds } from "../helpers/db.js";
import { beforeEach, describe, expect, it } from "vitest";
import { parseResponsibility } from "../../disclosures/parsers/responsibility-parser.js";
import { SeedParseError, type ParseResult } from "../../disclosures/parsers/parse-report.js";
import { findSection, validateTemplate, walkItems } from "../../disclosures/template-loader.js";
import type { Item, Template } from "../../disclosures/template-schema.js";

const dir = requireSeeds();
const file = path.join(dir, "000_088b0be7ba7b2301.txt");

const squash = (s: string) => s.normalize("NFKC").replace(/\s+/g, "");
const stripTags = (s: string) => s.replace(/<del>.*?<\/del>/g, "").replace(/<[^>]+>/g, " ").replace(/\*\*/g, "");
const MGL = "医療情報システムの安全管理に関するガイドライン第6.0版（令和5年5月）"; // 【略称】 厚労省ガイドライン, line 30
const TWO = "医療情報を取り扱う情報システム・サービスの提供事業者における安全管理ガイドライン"; // 2省ガイドライン, line 115
const INSPECTION = "医療機関におけるサイバーセキュリティ対策チェックリスト（令和5年6月）"; // 立入検査用チェックリスト, line 30
const SMALL = "医療情報システムの安全管理に関するガイドライン第6.0版 別添小規模医療機関等向けガイドランス"; // line 111
const SHEET = "情報システム・モデル取引・契約書追補版セキュリティチェックシート"; // no 【略称】: kept as printed

function lines(text: string, at: number, insert: string | null, remove = 0): string {
  const all = text.split("\n");
  all.splice(at - 1, remove, ...(insert === null ? [] : [insert]));
  return all.join("\n");
}

function expectSeedError(run: () => unknown, line?: number, message?: RegExp) {
  let error: unknown;
  try {
    run();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(SeedParseError);
  if (line !== undefined) expect((error as SeedParseError).line).toBe(line);
  if (message) expect((error as Error).message).toMatch(message);
}

describe("responsibility parser (seed 000)", () => {
  const text = readFileSync(file, "utf8");
  const raw = text.split("\n");
  // Parsed afresh in every test (not once per file), so that mutation testing sees which tests read the parser's
  // output: a result shared across tests is attributed to the first test alone and the others' checks go unseen.
  let result: ParseResult;
  let template: Template;
  let items: Item[];
  beforeEach(() => {
    result = parseResponsibility(text);
    template = result.templates[0];
    items = [...walkItems(template)].map((e) => e.item);
  });
  const item = (key: string): Item => {
    const found = items.find((i) => i.key === key);
    if (!found) throw new Error(`no item ${key}`);
    return found;
  };
  const sectionItems = (key: string) => findSection(template, key)?.items ?? [];
  const repairLines = (kind: string) => result.repairs.filter((r) => r.kind === kind).map((r) => r.line);

  // The 推奨される対応例 version starts at the first line that says so (line 70); the short list is before it.
  const detailedStart = raw.findIndex((l) => l.includes("推奨される対応例（案）"));
  const isRow = (l: string) => /\(\s*\/\s*\)\s*$/.test(l); // every item row ends with the empty 確認欄 「( / )」
  const cells = (l: string) => {
    const c = l.split("\t").map((x) => x.trim());
    while (c.length && !c[c.length - 1]) c.pop();
    return c;
  };
  /** Rows per block heading, counted with a regex over the raw lines of one version. */
  function rowsPerBlock(from: number, to: number): Map<string, string[]> {
    const out = new Map<string, string[]>();
    let part = "";
    let block = "";
    for (const l of raw.slice(from, to)) {
      const p = /Part([12])/.exec(l);
      if (p && !l.includes("\t")) part = p[1];
      const h = /^<b>\s*(?:([A-Z])\s)?(.+?)<\/b>/.exec(l);
      if (h) block = `p${part}.${h[1] ? h[1].toLowerCase() : "inspection"}`;
      else if (isRow(l)) out.set(block, [...(out.get(block) ?? []), l]);
    }
    return out;
  }
  const shortRows = rowsPerBlock(0, detailedStart);
  const detailedRows = rowsPerBlock(detailedStart, raw.length);

  it("produces one template that passes validateTemplate", () => {
    expect(result.templates).toHaveLength(1);
    expect(() => validateTemplate(template, "responsibility-checklist@1.0.0.json")).not.toThrow();
    expect(template.id).toBe("responsibility-checklist");
    expect(template.version).toBe("1.0.0");
    expect(template.language).toBe("ja");
    expect(template.source).toEqual({
      document: "医療情報システムの契約における関係者間の役割分担等に関するチェックリスト（案）",
      edition: "案（資料3）",
      publisher: "厚生労働省",
      seed: "000_088b0be7ba7b2301.txt",
    });
    expect(template.scales).toEqual([
      {
        key: "responsibility",
        options: [
          { value: "hospital", label: "医療機関", outcome: "assigned" },
          { value: "vendor", label: "事業者", outcome: "assigned" },
          { value: "joint", label: "共同", outcome: "assigned" },
          { value: "notApplicable", label: "対象外", outcome: "notApplicable" },
        ],
        fields: [{ key: "confirmedOn", label: "確認日", type: "date" }],
      },
    ]);
  });

  it("has Part1 and Part2 with the 立入検査用 block and A/B/C in seed order", () => {
    expect(template.sections.map((s) => [s.key, s.number, s.title])).toEqual([
      ["p1", "Part1", "主に医療機関が実施する項目"],
      ["p2", "Part2", "医療機関と事業者が共同で実施する項目"],
    ]);
    expect(template.sections[0].description).toBe(
      "契約を締結する上で医療機関が主体となって、必要に応じてシステム関連業者の協力を得ながら実施することが望ましい項目の例",
    );
    expect(template.sections[1].description).toBe(
      "技術的な対策等医療機関だけでは実施することが困難な事項で、役割分担等責任分界を明確にしておくことが望ましい項目の例",
    );
    expect(template.sections.map((p) => p.sections!.map((s) => `${s.key}:${s.title}`))).toEqual([
      ["p1.inspection:立入検査用チェックリスト該当項目", "p1.a:事業者選定・事業者管理", "p1.b:医療機関の内部体制", "p1.c:規程類の整備"],
      ["p2.inspection:立入検査用チェックリスト該当項目", "p2.a:共通", "p2.b:システム導入契約", "p2.c:システム保守・運用契約"],
    ]);
  });

  it("has the item count per block that the raw seed shows", () => {
    // Counted by hand in the seed (rows ending in 「( / )」 under each <b> heading):
    //   Part1 short list: A lines 13–15 = 3; B lines 17–25 = 9 (7 項番 + the rows without 項番 at 23 and 25); C 27–29 = 3.
    //   Part2 short list: A lines 42–53 = 12; B 55–60 = 6; C 62–66 = 5.
    //   立入検査用 blocks (推奨される対応例 version only): Part1 lines 80–86 = 7 (5 項番 + 84, 86); Part2 133–140 = 8.
    const hand = { "p1.inspection": 7, "p1.a": 3, "p1.b": 9, "p1.c": 3, "p2.inspection": 8, "p2.a": 12, "p2.b": 6, "p2.c": 5 };
    for (const [key, n] of Object.entries(hand)) expect(sectionItems(key), key).toHaveLength(n);
    // The same numbers by regex over the raw seed (rowsPerBlock): short-list rows for A/B/C, 推奨される対応例 rows
    // for the 立入検査用 blocks.
    for (const key of ["p1.a", "p1.b", "p1.c", "p2.a", "p2.b", "p2.c"]) expect(sectionItems(key).length, key).toBe(shortRows.get(key)!.length);
    for (const key of ["p1.inspection", "p2.inspection"]) expect(sectionItems(key).length, key).toBe(detailedRows.get(key)!.length);
    expect(items).toHaveLength(53);
    // The 推奨される対応例 version has one row more than it has items in Part2 A: line 152 (9 ②) has no 項番,
    // 項目 or 内容 and is merged into 9.
    expect(detailedRows.get("p2.a")!.length).toBe(13);
  });

  it("keeps every short-list row exactly once, in order, merged with its 推奨される対応例 partner", () => {
    // 内容 is the cell before 「( / )」; a leading ①/② moves into the item number.
    const shortTexts = [...shortRows.values()].flat().map((l) => squash(stripTags(cells(l).at(-2)!).replace(/^\s*[①-⑳]/, "")));
    expect(shortTexts).toHaveLength(38);
    const merged = items.filter((i) => !i.key.includes(".inspection."));
    expect(merged.map((i) => squash(i.text))).toEqual(shortTexts);
    for (const i of merged) {
      expect(i.details?.some((d) => d.label === "推奨される対応例"), i.key).toBe(true);
      expect(i.references?.length, i.key).toBeGreaterThan(0);
      if (i.key.startsWith("p2.")) expect(i.details?.some((d) => d.label === "想定されるリスク"), i.key).toBe(true);
    }
  });

  it("uses every 推奨される対応例 row's counter-measure exactly once, in order", () => {
    // 推奨される対応例 is the third cell from the end (…, 推奨される対応例, ガイドライン等関連部分, 確認欄), also in the
    // shifted rows. Items list the 立入検査用 block first, like the seed.
    const seedOrder = ["p1.inspection", "p1.a", "p1.b", "p1.c", "p2.inspection", "p2.a", "p2.b", "p2.c"];
    const expected = seedOrder.flatMap((k) => detailedRows.get(k)!).map((l) => squash(stripTags(cells(l).at(-3)!)));
    expect(expected).toHaveLength(54);
    const actual = items.flatMap((i) => (i.details ?? []).filter((d) => d.label === "推奨される対応例").map((d) => squash(d.text)));
    expect(actual).toEqual(expected);
  });

  it("gives every item the responsibility status and level none", () => {
    expect(text.includes("必須")).toBe(false); // the seed marks nothing as required
    for (const i of items) {
      expect(i.answer).toEqual({ kind: "status", scale: "responsibility" });
      expect(i.level).toBe("none");
    }
    const keys = items.map((i) => i.key);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("keys rows without 項番 and ①② sub-rows by 項番 and sub-number", () => {
    expect(sectionItems("p1.b").map((i) => `${i.key}|${i.number}`)).toEqual([
      "p1.b.1|1", "p1.b.2|2", "p1.b.3|3", "p1.b.4|4", "p1.b.5|5", "p1.b.6-1|6", "p1.b.6-2|6", "p1.b.7-1|7①", "p1.b.7-2|7②",
    ]);
    expect(sectionItems("p1.inspection").map((i) => i.key)).toEqual([
      "p1.inspection.1", "p1.inspection.2", "p1.inspection.3", "p1.inspection.4-1", "p1.inspection.4-2", "p1.inspection.5-1", "p1.inspection.5-2",
    ]);
  });

  it("sample: Part1 B 6, second row (line 23 / 99)", () => {
    expect(item("p1.b.6-2")).toEqual({
      key: "p1.b.6-2",
      number: "6",
      group: "通常時における説明責任",
      text: "システム構築等を実施する際に、医療機関として状況を適切に把握し、必要に応じて事業者の説明ができるようになっているか。",
      level: "none",
      answer: { kind: "status", scale: "responsibility" },
      details: [
        {
          label: "推奨される対応例",
          text: "システム構築等を実施する際に必要な情報について適切に事業者に対して提供すること等を行う。医療機関が既存事業者に情報提供を依頼する場合であっても、役割分担について取り決めること",
        },
      ],
      references: [{ guideline: MGL, location: "システム運用編6.2" }],
    });
  });

  it("sample: Part1 B 7① (lines 24 / 100)", () => {
    const i = item("p1.b.7-1");
    expect(i.number).toBe("7①");
    expect(i.text).toBe("機器や記憶媒体を持ち出す際の紛失・盗難リスクへの対応を行っているか。");
    expect(i.group).toBe("物理的リスクの対応");
    expect(i.category).toBeUndefined();
    expect(i.references).toEqual([{ guideline: TWO, location: "5.1.1" }]);
  });

  it("sample: Part1 立入検査用 1 (line 80)", () => {
    const i = item("p1.inspection.1");
    expect(i.group).toBe("適切な事業者の選定");
    expect(i.text).toBe(
      "① 事業者の情報セキュリティにおける対応状況を、事業者から提供された資料をもって確認しているか。 ② 情報セキュリティについて十分な対応をしていることが確認できる事業者を選定しているか。",
    );
    expect(i.details).toHaveLength(1);
    expect(i.details![0].label).toBe("推奨される対応例");
    expect(i.details![0].text).toMatch(/^事業者からサービス仕様適合開示書等（MDS\/SDS、MDS2等）の開示を受けた上で/);
    expect(i.details![0].text).not.toMatch(/<b>|<\/b>/);
    // 「立入検査チェックリスト」 (sic) read as the 略称 立入検査用チェックリスト and expanded.
    expect(i.references).toEqual([
      { guideline: INSPECTION },
      { guideline: MGL, location: "経営管理編5.1" },
      { guideline: SMALL, location: "3.5" },
    ]);
  });

  it("sample: Part1 C 1 splits several references and drops the stray dot of 「5.1.」 (line 103)", () => {
    expect(item("p1.c.1").references).toEqual([
      { guideline: SMALL, location: "3.3.2" },
      { guideline: TWO, location: "5.1" },
      { guideline: MGL, location: "企画管理編4" },
    ]);
  });

  it("sample: Part2 A 9 merges the risk ② row (lines 151–152)", () => {
    const i = item("p2.a.9");
    expect(i.number).toBe("9");
    expect(i.category).toBe("情報管理");
    expect(i.group).toBe("医療情報の外部保存");
    expect(i.details!.map((d) => d.label)).toEqual(["想定されるリスク", "推奨される対応例", "想定されるリスク", "推奨される対応例"]);
    expect(i.details![0].text).toMatch(/^① 医療情報等を外部保存する場合/);
    expect(i.details![2].text).toMatch(/^② 事業者による外部保存の期間が終了したり/);
    expect(i.details![3].text).toMatch(/^情報の保存期間が満了した場合や外部保存を終了した場合/);
    // 「厚労省ガイドライン企画管理編7、7.4、7.5、8.3、システム運用編7.3」: the 編 carries over; 企画管理編7 only once.
    expect(i.references).toEqual([
      { guideline: "外部保存通知" },
      { guideline: "e文書法令施行通知" },
      { guideline: TWO, location: "6.5" },
      { guideline: MGL, location: "企画管理編7" },
      { guideline: MGL, location: "企画管理編7.4" },
      { guideline: MGL, location: "企画管理編7.5" },
      { guideline: MGL, location: "企画管理編8.3" },
      { guideline: MGL, location: "システム運用編7.3" },
    ]);
  });

  it("sample: Part2 B 2, a shifted row (line 159)", () => {
    const i = item("p2.b.2");
    expect(i.category).toBe("システムやサービスの仕様");
    expect(i.group).toBe("通信相手の認証");
    expect(i.text).toBe("医療情報システムにおいて通信しようとする相手方が、通信目的に適った正当な相手かどうか認証する。");
    expect(i.details).toEqual([
      { label: "想定されるリスク", text: "相手になりすましである場合に、情報漏洩が生じるおそれがある。" },
      {
        label: "推奨される対応例",
        text: "(a) 医療情報システムにおいてネットワークを通じて通信を行う際に、通信の相手先が正当であることを認識するための相互認証を行うこと、 (b) また診療録等のオンライン外部保存を受託する事業者と委託する医療機関が、互いに通信目的とする正当な相手かどうかを認識するための相互認証機能を設けること等を、システム又はサービスの要件として取り決める。",
      },
    ]);
    expect(i.references).toEqual([{ guideline: MGL, location: "システム運用編13⑩" }, { guideline: SHEET }]);
  });

  it("sample: Part2 立入検査用 2 normalises 「システムやサービスの仕様の仕様」 (line 134)", () => {
    const i = item("p2.inspection.2");
    expect(i.category).toBe("システムやサービスの仕様");
    expect(i.group).toBe("医療情報システムを利用する担当業務等に基づくアクセス制御");
    expect(i.references).toEqual([{ guideline: INSPECTION }, { guideline: MGL, location: "システム運用編14.2" }]);
  });

  it("sample: Part2 A 6 keeps the short list's 「合意」 and splits 別紙1 (lines 47 / 148)", () => {
    const i = item("p2.a.6");
    expect(i.text).toBe("事業者が提供するサービスの保証範囲を合意するため、SLAを締結する。");
    expect(i.references).toEqual([{ guideline: TWO, location: "3.2.1" }, { guideline: TWO, location: "別紙1" }]);
  });

  it("drops struck-through text (line 163)", () => {
    const d = item("p2.b.6").details!.find((x) => x.label === "推奨される対応例")!.text;
    expect(d).not.toContain("<del>");
    expect(d).toContain("情報交換を 行いつつ取り決める。");
  });

  it("keeps the glossary and the 【略称】 entries as help", () => {
    // Glossary rows are the lines with 「…\tPart1\t…」 or 「…\tPart2\t…」 (用語, 内容, 記載場所): lines 186–202
    // and 204–215 = 17 + 12 = 29, counted by hand and by the regex below.
    const glossaryRows = raw.filter((l) => /^[^\t]+\t[^\t]+\tPart[12]\t/.test(l));
    expect(glossaryRows).toHaveLength(29);
    const help = template.help!;
    for (const row of glossaryRows) {
      const [term, body] = row.split("\t");
      expect(help.filter((h) => h.term === term.trim() && h.text === body.trim().replace(/\s+/g, " ")), term).toHaveLength(1);
    }
    expect(help.find((h) => h.term === "BCP (Business Continuity Plan)")?.text).toMatch(/^災害時、中でも大規模災害時には/);
    // 【略称】: every term defined in the four blocks, once each.
    const abbreviations = new Map(help.filter((h) => !glossaryRows.some((r) => r.startsWith(`${h.term}\t`))).map((h) => [h.term, h.text]));
    expect(abbreviations.get("厚労省ガイドライン")).toBe(MGL);
    expect(abbreviations.get("2省ガイドライン")).toBe(TWO);
    expect(abbreviations.get("立入検査用チェックリスト")).toBe(INSPECTION);
    expect(abbreviations.get("小規模医療機関向けガイドランス")).toBe(SMALL);
    expect(abbreviations.get("2省ガイドライン別紙SLA案")).toMatch(/^医療情報を取り扱う情報システム・サービスの提供事業者における安全管理ガイドライン 別紙1/);
    expect(abbreviations.get("MDS2")).toMatch(/^医療機器の意図する使用及び使用環境/);
    expect(help.filter((h) => h.term === "厚労省ガイドライン")).toHaveLength(1);
    expect(template.notes).toEqual([{ id: "注", text: expect.stringMatching(/^この「用語の解説」は、/) }]);
  });

  it("reports the repairs made at the known messy spots", () => {
    // Shifted rows: Part2 推奨される対応例 rows with 6 tabs instead of the header's 7 (lines 159–163, 165–169).
    const shifted = raw.map((l, i) => ({ l, n: i + 1 })).filter(({ l, n }) => n > detailedStart && isRow(l) && l.split("\t").length === 7).map(({ n }) => n);
    expect(shifted).toEqual([159, 160, 161, 162, 163, 165, 166, 167, 168, 169]);
    expect(repairLines("shifted-columns")).toEqual(shifted);
    // Rows printed without 項番 but with 内容: lines 23, 25 (short list) and 84, 86, 99, 101.
    const noNumber = raw.map((l, i) => ({ l, n: i + 1 })).filter(({ l }) => isRow(l) && /^\t[^\t]/.test(l)).map(({ n }) => n);
    expect(noNumber).toEqual([23, 25, 84, 86, 99, 101]);
    expect(repairLines("inherited-number")).toEqual(noNumber);
    expect(repairLines("continuation-merged")).toEqual([152]);
    expect(repairLines("block-title")).toEqual([92]); // 「B 医療機関の内部体」 cut short
    expect(repairLines("struck-text")).toEqual([163]);
    expect(repairLines("category-normalised")).toEqual([134, 135, 136, 137]);
    expect(repairLines("page-header")).toEqual([32, 69, 121]);
    expect(repairLines("reference-trailing-dot")).toEqual([103]);
    expect(repairLines("abbreviation-variant")).toEqual([173]);
    expect(repairLines("extra-empty-cells")).toEqual([146]);
    // 「立入検査チェックリスト」 (sic): the lines whose ガイドライン等関連部分 contain it.
    const variant = raw.map((l, i) => ({ l, n: i + 1 })).filter(({ l }) => isRow(l) && l.includes("立入検査チェックリスト")).map(({ n }) => n);
    expect(repairLines("reference-name-variant")).toEqual(variant);
    // Wording differences between the two versions, e.g. 「BCP（事業継続計画）」/「BCPI」, 「合意」/「含意」.
    const wording = result.repairs.filter((r) => r.kind === "wording-differs");
    expect(wording.map((r) => r.line)).toEqual([88, 94, 96, 99, 105, 142, 144, 146, 147, 148, 149, 154]);
    expect(wording.find((r) => r.line === 105)?.message).toContain("BCPI");
    for (const r of result.repairs) expect(r.line).toBeGreaterThan(0);
  });

  it("explains every repair in words a reviewer can check against the seed", () => {
    // What `scripts/templates.ts generate --verbose` lists for this seed, in line order: both wordings of each
    // row the versions print differently, and how each shifted or merged cell was read.
    expect(result.repairs.map((r) => `${r.line} ${r.kind} ${r.message}`)).toEqual([
      "23 inherited-number row printed without 項番 (merged cell): takes 項番 6 of the row above",
      "25 inherited-number row printed without 項番 (merged cell): takes 項番 7 of the row above",
      "32 page-header repeated page header 「医療情報システムの契約における関係者間の役割分担等に関するチェックリスト（案）」 / 「資料3」 (lines 32–34) skipped",
      "69 page-header repeated page header 「医療情報システムの契約における関係者間の役割分担等に関するチェックリスト推奨される対応例（案）」 / 「資料3」 (lines 69–72) skipped",
      "80 reference-name-variant 「立入検査チェックリスト」 read as the 略称 「立入検査用チェックリスト」",
      "82 reference-name-variant 「立入検査チェックリスト」 read as the 略称 「立入検査用チェックリスト」",
      "83 reference-name-variant 「立入検査チェックリスト」 read as the 略称 「立入検査用チェックリスト」",
      "84 inherited-number row printed without 項番 (merged cell): takes 項番 4 of the row above",
      "84 reference-name-variant 「立入検査チェックリスト」 read as the 略称 「立入検査用チェックリスト」",
      "85 reference-name-variant 「立入検査チェックリスト」 read as the 略称 「立入検査用チェックリスト」",
      "86 inherited-number row printed without 項番 (merged cell): takes 項番 5 of the row above",
      "86 reference-name-variant 「立入検査チェックリスト」 read as the 略称 「立入検査用チェックリスト」",
      "88 wording-differs 内容 reads 「事業者からサービス仕様適合開示書等（MDS/SDS、MDS2等）を確認しているか。」 here but 「事業者からサービス仕様適合開示書（MDS/SDS、MDS2等）等を確認しているか。」 in the short list (line 13); kept the short list's wording",
      "92 block-title block heading 「B 医療機関の内部体」 differs from the short list's 「B 医療機関の内部体制」 (line 16); kept the latter",
      "94 wording-differs 項目 reads 「立入検査用チェックリストに基づく契約時の現状把握および対応」 here but 「立入検査用チェックリストに基づく契約時での現状把握および対応」 in the short list (line 18); kept the short list's wording",
      "96 wording-differs 内容 reads 「個人情報の安全管理に関する職員への教育・訓練を採用時および定期的に実施し、教育・訓練の実施状況について定期的に経営層に報告しているか。」 here but 「個人情報の安全管理に関する職員への教育・訓練を採用時および定期的実施し、教育・訓練の実施状況について定期的に経営層に報告しているか。」 in the short list (line 20); kept the short list's wording",
      "99 inherited-number row printed without 項番 (merged cell): takes 項番 6 of the row above",
      "99 wording-differs 内容 reads 「システム構築等を実施する際に、医療機関として状況を適切に把握し、必要に応じて事業者に説明ができるようになっているか。」 here but 「システム構築等を実施する際に、医療機関として状況を適切に把握し、必要に応じて事業者の説明ができるようになっているか。」 in the short list (line 23); kept the short list's wording",
      "101 inherited-number row printed without 項番 (merged cell): takes 項番 7 of the row above",
      "103 reference-trailing-dot location 「5.1.」 ends with a stray 「.」; read as 「5.1」",
      "105 wording-differs 内容 reads 「BCPIについて、定期的な見直しや従業員への訓練・周知等を行っているか。」 here but 「BCP（事業継続計画）について、定期的な見直しや従業員への訓練・周知等を行っているか。」 in the short list (line 29); kept the short list's wording",
      "121 page-header repeated page header 「医療情報システムの契約における関係者間の役割分担等に関するチェックリスト推奨される対応例（案）」 / 「資料3」 (lines 121–125) skipped",
      "133 reference-name-variant 「立入検査チェックリスト」 read as the 略称 「立入検査用チェックリスト」",
      "134 category-normalised 分類 「システムやサービスの仕様の仕様」 carries wrapped-cell residue; read as 「システムやサービスの仕様」",
      "135 category-normalised 分類 「システムやサービスの仕様の仕様」 carries wrapped-cell residue; read as 「システムやサービスの仕様」",
      "136 category-normalised 分類 「システムやサービスの仕様の仕様」 carries wrapped-cell residue; read as 「システムやサービスの仕様」",
      "137 category-normalised 分類 「システムやサービスの仕様の仕様」 carries wrapped-cell residue; read as 「システムやサービスの仕様」",
      "142 wording-differs 内容 reads 「事業者は2省ガイドラインで関連する部分等を確認したか。」 here but 「事業者は2省ガイドラインに関連する部分等を確認したか。」 in the short list (line 42); kept the short list's wording",
      "144 wording-differs 内容 reads 「下記「B.システム導入」「C.システム運用・保守契約」で例として示すもの以外にも、事業者が提供する医療情報システムやサービスが厚労省ガイドラインの遵守事項を満たす上で必要な仕様や運用となっていることを確認する。」 here but 「下記「B.システム導入」「C.システム運用・保守契約」で例として示すもの以外にも、事業者が提供する医療情報システムやサービスが厚労省GLの遵守事項を満たす上で必要な仕様や運用となっていることを確認する。」 in the short list (line 44); kept the short list's wording",
      "146 extra-empty-cells rows at lines 146–157 carry empty cells beyond the 8 columns of the header; ignored",
      "146 wording-differs 内容 reads 「2省ガイドライン5.1に示されたリスク特定、リスク分析、リスク評価、リスク対応の選択肢の選定、リスク対応策の設計・評価、リスクコミュニケーションのプロセスを継続的に実施する。」 here but 「二省GL5.1に示されたリスク特定、リスク分析、リスク評価、リスク対応の選択肢の選定、リスク対応策の設計・評価、リスクコミュニケーションのプロセスを継続的に実施する。」 in the short list (line 45); kept the short list's wording",
      "147 wording-differs 項目 reads 「開示されたサービス仕様等の事後の変更」 here but 「開示されたサービス仕様等の事後的な変更」 in the short list (line 46); kept the short list's wording",
      "148 wording-differs 内容 reads 「事業者が提供するサービスの保証範囲を含意するため、SLAを締結する。」 here but 「事業者が提供するサービスの保証範囲を合意するため、SLAを締結する。」 in the short list (line 47); kept the short list's wording",
      "149 wording-differs 内容 reads 「医療情報システムに関わる事業者に対して、医療機関の職員と同様の責任と秘密保持義務を課す。」 here but 「医療情報システムに関わる事業者に対して、医療機関の職員と同様の責任や秘密保持義務を課す。」 in the short list (line 48); kept the short list's wording",
      "152 continuation-merged row with only 想定されるリスク/推奨される対応例 continues 項番 9 (line 151); merged into that item",
      "154 wording-differs 内容 reads 「事業者が医療機関に対して、医療機関が患者に対する安全管理義務を履行するために必要なセキュリティに関する情報を適時適切に提供する義務（説明義務）の具体的な内容・範囲について定める。」 here but 「事業者が医療機関に対して、医療機関が患者に対する安全管理義務を履行するために必要なセキュリティに関する情報を適時適切に提供する義務（説明義務）の具体的内容・範囲について定める。」 in the short list (line 52); kept the short list's wording",
      "159 shifted-columns 分類 and 項目 extracted into one cell 「システムやサービスの仕様の通信相手の認証」; split into 分類 「システムやサービスの仕様」 and 項目 「通信相手の認証」, later cells moved right",
      "160 shifted-columns 分類 and 項目 extracted into one cell 「システムやサービスの仕様の通信経路に対する安全対策の確保」; split into 分類 「システムやサービスの仕様」 and 項目 「通信経路に対する安全対策の確保」, later cells moved right",
      "161 shifted-columns 分類 and 項目 extracted into one cell 「システムやサービスの仕様の暗号化」; split into 分類 「システムやサービスの仕様」 and 項目 「暗号化」, later cells moved right",
      "162 shifted-columns 分類 and 項目 extracted into one cell 「システムやサービスの仕様のネットワーク構成」; split into 分類 「システムやサービスの仕様」 and 項目 「ネットワーク構成」, later cells moved right",
      "163 struck-text struck-through text 「を」 removed",
      "163 shifted-columns 分類 and 項目 extracted into one cell 「事業者の情報提供義務品質確保の状況」; split into 分類 「事業者の情報提供義務」 and 項目 「品質確保の状況」, later cells moved right",
      "165 shifted-columns 分類 and 項目 extracted into one cell 「通常運用ネットワークのトラフィック監視」; split into 分類 「通常運用」 and 項目 「ネットワークのトラフィック監視」, later cells moved right",
      "166 shifted-columns 分類 and 項目 extracted into one cell 「通常運用機器運用監視」; split into 分類 「通常運用」 and 項目 「機器運用監視」, later cells moved right",
      "167 shifted-columns 分類 and 項目 extracted into one cell 「通常運用運用委託先によるシステムの管理状況の報告」; split into 分類 「通常運用」 and 項目 「運用委託先によるシステムの管理状況の報告」, later cells moved right",
      "168 shifted-columns 分類 and 項目 extracted into one cell 「事故時の対応事故発生時の報告」; split into 分類 「事故時の対応」 and 項目 「事故発生時の報告」, later cells moved right",
      "169 shifted-columns 分類 and 項目 extracted into one cell 「事故時の対応事故発生時の原因究明・対策」; split into 分類 「事故時の対応」 and 項目 「事故発生時の原因究明・対策」, later cells moved right",
      "173 abbreviation-variant 【略称】 「厚労省ガイドライン」 is defined as 「医療情報システムの安全管理に関するガイドライン第6.0版」 here but 「医療情報システムの安全管理に関するガイドライン第6.0版（令和5年5月）」 at line 30; kept the first",
      // The glossary was written for another draft of the list: these places name no item of this one (issue 16).
      "186 glossary-place-missing 用語 「ウイルス定義ファイル (パターンファイル)」: 記載場所 「Part2 B.7」 names no item of this list; kept as printed, not linked",
      "187 glossary-place-missing 用語 「オープンソースソフトウェア」: 記載場所 「Part2 B.10」 names no item of this list; kept as printed, not linked",
      "193 glossary-place-missing 用語 「冗長化」: 記載場所 「Part2 B.8」 names no item of this list; kept as printed, not linked",
      "196 glossary-place-missing 用語 「ソースコード」: 記載場所 「Part2 B.10」 names no item of this list; kept as printed, not linked",
      "200 glossary-place-missing 用語 「二重化」: 記載場所 「Part2 B.8」 names no item of this list; kept as printed, not linked",
      "201 glossary-place-missing 用語 「不正アクセス」: 記載場所 「Part1 B.9②」 names no item of this list; kept as printed, not linked",
      "204 glossary-place-missing 用語 「ホットスタンバイ/コールドスタンバイ」: 記載場所 「Part2 B.8」 names no item of this list; kept as printed, not linked",
      "206 glossary-place-missing 用語 「ランサムウェア」: 記載場所 「Part2 B.8」 names no item of this list; kept as printed, not linked",
      "208 glossary-place-missing 用語 「ログ」: 記載場所 「Part2 C.6」 names no item of this list; kept as printed, not linked",
      "209 glossary-place-missing 用語 「BCP (Business Continuity Plan)」: 記載場所 「Part1 C.4」 names no item of this list; kept as printed, not linked",
    ]);
  });

  it("throws on an empty seed", () => {
    expectSeedError(() => parseResponsibility(""), 1, /empty/);
    expectSeedError(() => parseResponsibility("\n\n  \n"), 1, /empty/);
  });

  it("throws on a truncated seed", () => {
    expectSeedError(() => parseResponsibility(text.slice(0, Math.floor(text.length * 0.4))));
    // Cut before the 用語の解説 (the last 15% of the text) or just after the Part1 tables.
    expectSeedError(() => parseResponsibility(text.slice(0, Math.floor(text.length * 0.85))));
    expectSeedError(() => parseResponsibility(raw.slice(0, 120).join("\n")), undefined, /Part2 has no 推奨される対応例 table|truncated/);
  });

  it("throws on a row that cannot be placed, with its line number", () => {
    // A garbage row inside the Part2 short list (becomes line 51).
    expectSeedError(() => parseResponsibility(lines(text, 51, "これは\t表に合わない\t行")), 51, /cells/);
    // A garbage line without tabs between rows of the Part1 推奨される対応例 table (becomes line 100).
    expectSeedError(() => parseResponsibility(lines(text, 100, "意味のない行")), 100, /unexpected line/);
    // A row with a 項番 that is not a number.
    expectSeedError(() => parseResponsibility(lines(text, 14, "x\t事業者管理\t内容\t( / )", 1)), 14, /項番/);
  });

  it("throws when a row of one version has no partner in the other", () => {
    // Drop Part1 B 6's second row from the 推奨される対応例 version (line 99): short-list line 23 is left alone.
    expectSeedError(() => parseResponsibility(lines(text, 99, null, 1)), 23, /no partner/);
    // Drop Part2 C 5 from the short list (line 66): its 推奨される対応例 row (line 169, now 168) is an orphan.
    expectSeedError(() => parseResponsibility(lines(text, 66, null, 1)), 168, /no partner in the short list/);
  });

  it("throws when the two versions number different rows alike", () => {
    // Swap the 内容 of Part2 A 7 and A 8 in the 推奨される対応例 version (lines 149, 150).
    const a = raw[148].split("\t");
    const b = raw[149].split("\t");
    [a[3], b[3]] = [b[3], a[3]];
    const swapped = lines(lines(text, 149, a.join("\t"), 1), 150, b.join("\t"), 1);
    expectSeedError(() => parseResponsibility(swapped), 149, /does not match/);
  });
});
