// The 役割分担 checklist parser on small hand-written seeds: the short list and the 推奨される対応例 version of
// Part1 and Part2, 【略称】 and the 用語の解説. What a hospital and a vendor see in the merged template, and a clear
// SeedParseError (with its line) for each way the text can be damaged. The real seed: responsibility-parser.test.ts.
import { beforeEach, describe, expect, it } from "vitest";
import { parseResponsibility } from "../../disclosures/parsers/responsibility-parser.js";
import type { ParseResult } from "../../disclosures/parsers/parse-report.js";
import { validateTemplate, walkItems } from "../../disclosures/template-loader.js";
import { failure, INSPECTION, MGL, type Parts, seed, TWO } from "./responsibility-seed-fixture.js";

const lineOf = (s: string, needle: string, nth = 1) => s.split("\n").flatMap((l, i) => (l.includes(needle) ? [i + 1] : []))[nth - 1];

const items = (r: ParseResult) => [...walkItems(r.templates[0])].map((e) => e.item);
const item = (r: ParseResult, key: string) => items(r).find((i) => i.key === key)!;
const repairs = (r: ParseResult, kind: string) => r.repairs.filter((x) => x.kind === kind);

const expectFailure = (s: string, line: number, message: RegExp) => {
  const error = failure(s);
  expect(error.message).toMatch(message);
  expect(error.line).toBe(line);
  expect(error.message.startsWith(`000_088b0be7ba7b2301.txt:${line}: `)).toBe(true);
};

describe("役割分担 parser on seed fragments: the merged template", () => {
  const s = seed();
  // Parsed in every test, so mutation testing attributes the parse to the tests that check it.
  let r: ParseResult;
  beforeEach(() => {
    r = parseResponsibility(s);
  });

  it("merges each short-list row with its 推奨される対応例 partner, Part by Part and block by block", () => {
    const t = validateTemplate(r.templates[0], "fragment");
    expect(t.title).toBe("医療情報システムの契約における関係者間の役割分担等に関するチェックリスト");
    expect(t.source).toEqual({
      document: "医療情報システムの契約における関係者間の役割分担等に関するチェックリスト（案）",
      edition: "案（資料3）",
      publisher: "厚生労働省",
      seed: "000_088b0be7ba7b2301.txt",
    });
    expect(t.sections.map((p) => [p.key, p.number, p.title, p.description, p.sections!.map((b) => `${b.key} ${b.number ?? "-"} ${b.title}`)])).toEqual([
      ["p1", "Part1", "主に医療機関が実施する項目", "医療機関が主体となって実施する項目の例", ["p1.inspection - 立入検査用チェックリスト該当項目", "p1.a A 事業者選定・事業者管理"]],
      ["p2", "Part2", "医療機関と事業者が共同で実施する項目", "共同で実施する項目の例", ["p2.a A 共通"]],
    ]);
    expect(items(r)).toEqual([
      {
        key: "p1.inspection.1",
        number: "1",
        group: "適切な事業者の選定",
        text: "事業者を選定しているか。",
        level: "none",
        answer: { kind: "status", scale: "responsibility" },
        details: [{ label: "推奨される対応例", text: "資料で確認する。" }],
        references: [{ guideline: INSPECTION }, { guideline: MGL, location: "経営管理編5.1" }],
      },
      {
        key: "p1.a.1",
        number: "1",
        group: "事業者管理",
        text: "契約を把握しているか。",
        level: "none",
        answer: { kind: "status", scale: "responsibility" },
        details: [{ label: "推奨される対応例", text: "契約一覧を作る。" }],
        // 「5.2」 continues the guideline and 編 of the token before it.
        references: [
          { guideline: MGL, location: "経営管理編5.1" },
          { guideline: MGL, location: "経営管理編5.2" },
        ],
      },
      {
        key: "p1.a.2-1",
        number: "2①",
        group: "説明責任",
        text: "患者に説明できるか。",
        level: "none",
        answer: { kind: "status", scale: "responsibility" },
        details: [{ label: "推奨される対応例", text: "説明資料を用意する。" }],
        references: [{ guideline: TWO, location: "5.1" }],
      },
      {
        key: "p1.a.2-2",
        number: "2②",
        group: "説明責任",
        text: "事業者に説明できるか。",
        level: "none",
        answer: { kind: "status", scale: "responsibility" },
        details: [{ label: "推奨される対応例", text: "窓口を決める。" }],
        references: [{ guideline: "外部保存通知" }],
      },
      {
        key: "p2.a.1",
        number: "1",
        category: "全般",
        group: "役割分担",
        text: "役割分担を確認する。",
        level: "none",
        answer: { kind: "status", scale: "responsibility" },
        // The row below with only a second risk and its counter-measure is part of this item.
        details: [
          { label: "想定されるリスク", text: "抜け漏れが生じる。" },
          { label: "推奨される対応例", text: "分担表を作る。" },
          { label: "想定されるリスク", text: "② 責任が曖昧になる。" },
          { label: "推奨される対応例", text: "責任者を決める。" },
        ],
        references: [
          { guideline: MGL, location: "企画管理編7" },
          { guideline: MGL, location: "企画管理編7.4" },
          { guideline: MGL, location: "システム運用編7.3" },
          { guideline: TWO, location: "別紙1" },
        ],
      },
      {
        key: "p2.a.2",
        number: "2",
        category: "システムやサービスの仕様",
        group: "通信相手の認証",
        text: "通信相手を認証する。",
        level: "none",
        answer: { kind: "status", scale: "responsibility" },
        details: [
          { label: "想定されるリスク", text: "なりすましのおそれ。" },
          { label: "推奨される対応例", text: "相互認証を行う。" },
        ],
        references: [{ guideline: MGL, location: "システム運用編13⑩" }],
      },
    ]);
    expect(t.help).toEqual([
      { term: "厚労省ガイドライン", text: MGL },
      { term: "立入検査用チェックリスト", text: INSPECTION },
      { term: "2省ガイドライン", text: TWO },
      // 記載場所 kept as printed; the fragment has no Part1 C.3 or Part2 A.6, so they link nowhere (reported below).
      { term: "BCP", text: "事業継続計画のこと。", places: ["Part1 C.3"] },
      { term: "SLA", text: "サービスレベル合意書。", places: ["Part2 A.6"] },
    ]);
    expect(t.notes).toEqual([{ id: "注", text: "この「用語の解説」は分かりやすく解説したものです。" }]);
  });

  it("reports each repair at its line", () => {
    expect(r.repairs.map((x) => `${x.line} ${x.kind}`)).toEqual([
      "9 inherited-number",
      "17 page-header",
      "26 reference-trailing-dot",
      "27 struck-text",
      "27 inherited-number",
      "32 continuation-merged",
      "33 shifted-columns",
      "37 glossary-place-missing",
      "38 glossary-place-missing",
    ]);
    expect(repairs(r, "glossary-place-missing")[0].message).toBe("用語 「BCP」: 記載場所 「Part1 C.3」 names no item of this list; kept as printed, not linked");
    expect(repairs(r, "page-header")[0].message).toBe(
      "repeated page header 「医療情報システムの契約における関係者間の役割分担等に関するチェックリスト推奨される対応例（案）」 / 「資料3」 (lines 17–19) skipped",
    );
    expect(repairs(r, "reference-trailing-dot")[0].message).toBe("location 「5.1.」 ends with a stray 「.」; read as 「5.1」");
    expect(repairs(r, "struck-text")[0].message).toBe("struck-through text 「古い」 removed");
    expect(repairs(r, "continuation-merged")[0].message).toBe("row with only 想定されるリスク/推奨される対応例 continues 項番 1 (line 31); merged into that item");
    expect(repairs(r, "shifted-columns")[0].message).toBe(
      "分類 and 項目 extracted into one cell 「システムやサービスの仕様通信相手の認証」; split into 分類 「システムやサービスの仕様」 and 項目 「通信相手の認証」, later cells moved right",
    );
  });

  it("reads the references a reader follows: 略称 expanded, one-letter-short 略称, document names, stray dots", () => {
    const v = parseResponsibility(
      seed((p) => {
        p.abbreviations = [
          "<p>【略称】</p> <p>厚労省ガイドライン:医療情報システムの安全管理に関するガイドライン第6.0版</p> <p>立入検査用チェックリスト：医療機関におけるサイバーセキュリティ対策チェックリスト</p> <p>2省ガイドライン：医療情報を取り扱う情報システム・サービスの提供事業者における安全管理ガイドライン</p>",
        ];
        p.p1Detailed[3] = "1\t適切な事業者の選定\t事業者を選定しているか。\t資料で確認する。\t立入検査チェックリスト 厚労省ガイドライン経営管理編5.1 セキュリティチェックシート 厚労省ガイドライン\t( / )";
      }),
    );
    expect(item(v, "p1.inspection.1").references).toEqual([
      { guideline: INSPECTION },
      { guideline: MGL, location: "経営管理編5.1" },
      { guideline: "セキュリティチェックシート" },
      { guideline: MGL },
    ]);
    expect(repairs(v, "reference-name-variant").map((x) => x.message)).toEqual(["「立入検査チェックリスト」 read as the 略称 「立入検査用チェックリスト」"]);
  });

  it("keeps the first of two differing 【略称】 definitions and reports the second", () => {
    const v = parseResponsibility(
      seed((p) => {
        p.glossary.unshift("【略称】", "厚労省ガイドライン：医療情報システムの安全管理に関するガイドライン第5.2版", "2省ガイドライン：医療情報を取り扱う情報システム・サービスの提供事業者における安全管理ガイドライン");
      }),
    );
    expect(v.templates[0].help!.filter((h) => h.term === "厚労省ガイドライン")).toEqual([{ term: "厚労省ガイドライン", text: MGL }]);
    expect(item(v, "p1.a.1").references![0].guideline).toBe(MGL);
    expect(repairs(v, "abbreviation-variant").map((x) => x.message)).toEqual([
      `【略称】 「厚労省ガイドライン」 is defined as 「医療情報システムの安全管理に関するガイドライン第5.2版」 here but 「${MGL}」 at line 10; kept the first`,
    ]);
  });

  it("numbers rows of one 項番 without circled markers by their position", () => {
    const v = parseResponsibility(
      seed((p) => {
        p.p1Short[5] = "2\t説明責任\t患者に説明できるか。\t( / )";
        p.p1Short[6] = "\t説明責任\t事業者に説明できるか。\t( / )";
        p.p1Detailed[6] = "2\t説明責任\t患者に説明できるか。\t説明資料を用意する。\t2省ガイドライン5.1\t( / )";
        p.p1Detailed[7] = "\t説明責任\t事業者に説明できるか。\t窓口を決める。\t外部保存通知\t( / )";
      }),
    );
    expect(items(v).filter((i) => i.key.startsWith("p1.a.2")).map((i) => `${i.key} ${i.number} ${i.text}`)).toEqual([
      "p1.a.2-1 2 患者に説明できるか。",
      "p1.a.2-2 2 事業者に説明できるか。",
    ]);
    expect(repairs(v, "inherited-number").map((x) => x.message)).toEqual([
      "row printed without 項番 (merged cell): takes 項番 2 of the row above",
      "row printed without 項番 (merged cell): takes 項番 2 of the row above",
    ]);
  });

  it("reports wording that differs between the versions and keeps the short list's", () => {
    const v = parseResponsibility(
      seed((p) => {
        p.p2Detailed[3] = p.p2Detailed[3].replace("役割分担を確認する。", "役割分担を確認すること。");
        p.p1Detailed[4] = "<b>A 事業者選定・事業者</b>\t\t\t\t\t";
      }),
    );
    expect(item(v, "p2.a.1").text).toBe("役割分担を確認する。");
    expect(v.templates[0].sections[0].sections![1].title).toBe("事業者選定・事業者管理");
    expect(repairs(v, "wording-differs").map((x) => x.message)).toEqual(["内容 reads 「役割分担を確認すること。」 here but 「役割分担を確認する。」 in the short list (line 15); kept the short list's wording"]);
    expect(repairs(v, "block-title").map((x) => x.message)).toEqual([
      "block heading 「A 事業者選定・事業者」 differs from the short list's 「A 事業者選定・事業者管理」 (line 6); kept the latter",
    ]);
  });

  it("skips a repeated page header without 資料, and a 【略称】 printed as the table's last row", () => {
    const v = parseResponsibility(
      seed((p) => {
        p.detailedTitle = p.detailedTitle.slice(0, 2);
        p.abbreviations = [p.abbreviations[0] + "\t\t\t"];
      }),
    );
    expect(repairs(v, "page-header").map((x) => x.message)).toEqual([
      "repeated page header 「医療情報システムの契約における関係者間の役割分担等に関するチェックリスト推奨される対応例（案）」 (lines 17–18) skipped",
    ]);
    expect(v.templates[0].source.edition).toBe("案（資料3）");
    expect(items(v)).toHaveLength(6);
    expect(v.templates[0].help!.map((h) => h.term)).toEqual(["厚労省ガイドライン", "立入検査用チェックリスト", "2省ガイドライン", "BCP", "SLA"]);
    // Without 資料 on the first page the edition is the draft alone.
    const bare = parseResponsibility(seed((p) => (p.title = p.title.slice(0, 1))));
    expect(bare.templates[0].source.edition).toBe("案");
  });

  it("takes a 【略称】 printed again in other widths as the same definition", () => {
    const v = parseResponsibility(seed((p) => p.glossary.unshift("【略称】", "厚労省ガイドライン：医療情報システムの安全管理に関するガイドライン第６．０版")));
    expect(repairs(v, "abbreviation-variant")).toEqual([]);
    expect(v.templates[0].help!.filter((h) => h.term === "厚労省ガイドライン")).toEqual([{ term: "厚労省ガイドライン", text: MGL }]);
  });

  it("reports a 分類 or 項目 worded differently in the 推奨される対応例 version", () => {
    const v = parseResponsibility(
      seed((p) => {
        p.p2Detailed[3] = p.p2Detailed[3].replace("1\t全般\t役割分担\t", "1\t全般\t役割の分担\t");
        p.p1Detailed[5] = p.p1Detailed[5].replace("1\t事業者管理\t", "1\t事業者の管理\t");
        p.p2Detailed[3] = p.p2Detailed[3].replace("1\t全般\t", "1\t全体\t");
      }),
    );
    expect(item(v, "p2.a.1").group).toBe("役割分担");
    expect(repairs(v, "wording-differs").map((x) => `${x.line} ${x.message}`)).toEqual([
      "25 項目 reads 「事業者の管理」 here but 「事業者管理」 in the short list (line 7); kept the short list's wording",
      "31 分類 reads 「全体」 here but 「全般」 in the short list (line 15); kept the short list's wording",
      "31 項目 reads 「役割の分担」 here but 「役割分担」 in the short list (line 15); kept the short list's wording",
    ]);
    expect(item(v, "p2.a.1").category).toBe("全般");
  });

  it("reads a 分類 with wrapped-cell residue as the short list's 分類, and ignores empty cells beyond the header", () => {
    const v = parseResponsibility(
      seed((p) => {
        p.p2Detailed[3] = p.p2Detailed[3].replace("1\t全般\t", "1\t全般の全般\t") + "\t\t";
        p.p2Detailed[4] += "\t";
      }),
    );
    expect(item(v, "p2.a.1").category).toBe("全般");
    expect(repairs(v, "category-normalised").map((x) => `${x.line} ${x.message}`)).toEqual(["31 分類 「全般の全般」 carries wrapped-cell residue; read as 「全般」"]);
    expect(repairs(v, "extra-empty-cells").map((x) => `${x.line} ${x.message}`)).toEqual(["31 rows at lines 31–32 carry empty cells beyond the 8 columns of the header; ignored"]);
  });
});

describe("役割分担 parser on seed fragments: layouts the extraction produces", () => {
  it("reads a title marked as a heading of any level, blank-looking lines and page headers padded with spaces", () => {
    const v = parseResponsibility(
      seed((p) => {
        p.title[0] = "##医療情報システムの契約における関係者間の役割分担等に関する チェックリスト（案）";
        p.p1Short.splice(5, 0, "   ");
        p.p2Short.splice(2, 0, "  ");
        p.detailedTitle = [p.detailedTitle[0], "  ", p.detailedTitle[1], p.detailedTitle[2], "  "];
      }),
    );
    expect(v.templates[0].source.document).toBe("医療情報システムの契約における関係者間の役割分担等に関するチェックリスト（案）");
    expect(items(v)).toHaveLength(6);
    expect(repairs(v, "page-header").map((x) => x.message)).toEqual([
      "repeated page header 「医療情報システムの契約における関係者間の役割分担等に関するチェックリスト推奨される対応例（案）」 / 「資料3」 (lines 19–22) skipped",
    ]);
  });

  it("reads 【略称】 printed right after the title, and as a table row without <p>", () => {
    const v = parseResponsibility(
      seed((p) => {
        p.title.push(...p.abbreviations);
        p.abbreviations = ["【略称】\t\t\t", "厚労省ガイドライン：" + MGL, "2省ガイドライン：" + TWO];
      }),
    );
    expect(v.templates[0].source.document).toBe("医療情報システムの契約における関係者間の役割分担等に関するチェックリスト（案）");
    expect(v.templates[0].help!.map((h) => h.term)).toEqual(["厚労省ガイドライン", "立入検査用チェックリスト", "2省ガイドライン", "BCP", "SLA"]);
  });

  it("splits a shifted cell at the longest 分類 it starts with, also in a block only one version prints", () => {
    const v = parseResponsibility(
      seed((p) => {
        p.p2Short.push("3\t通常運用\t監視\t監視する。\t( / )", "4\t通常運用監視\tサーバの監視\tサーバを監視する。\t( / )", "5\t全般\tSLAの締結\tSLAを締結する。\t( / )");
        p.p2Detailed.push(
          "3\t通常運用\t監視\t監視する。\t見逃す。\t監視する。\t外部保存通知\t( / )",
          "4\t通常運用監視サーバの監視\tサーバを監視する。\t停止に気付かない。\t死活監視を行う。\t外部保存通知\t( / )",
          "5\t全般 SLAの締結\tSLAを締結する。\t範囲が曖昧になる。\t合意する。\t2省ガイドライン別紙1\t( / )",
        );
        p.p2Detailed.splice(2, 0, "<b>立入検査用チェックリスト該当項目</b>\t\t\t\t\t\t\t", "1\t全般脆弱性情報の確認\t脆弱性を確認する。\t攻撃される。\t確認する。\t外部保存通知\t( / )");
      }),
    );
    expect(item(v, "p2.a.4")).toMatchObject({ category: "通常運用監視", group: "サーバの監視" });
    expect(item(v, "p2.a.5")).toMatchObject({ category: "全般", group: "SLAの締結" });
    expect(item(v, "p2.inspection.1")).toMatchObject({ category: "全般", group: "脆弱性情報の確認", text: "脆弱性を確認する。" });
  });

  it("keeps a row without references, a continuation without references, and struck-through text anywhere", () => {
    const v = parseResponsibility(
      seed((p) => {
        p.p1Detailed[5] = "1\t事業者管理\t契約を把握しているか。\t契約一覧を作る。\t\t( / )";
        p.p2Detailed[4] = "\t\t\t\t② 責任が曖昧になる。\t責任者を決める。\t\t( / )";
        p.p1Short[4] = "1\t事業者管理\t契約を<del>すべて</del>把握しているか。\t( / )";
        p.glossary[3] = "BCP\t事業継続計画<del>（案）</del>のこと。\tPart1\tC.3";
      }),
    );
    expect(item(v, "p1.a.1").references).toBeUndefined();
    expect(item(v, "p1.a.1").text).toBe("契約を把握しているか。");
    expect(item(v, "p2.a.1").references).toEqual([
      { guideline: MGL, location: "企画管理編7" },
      { guideline: MGL, location: "企画管理編7.4" },
      { guideline: MGL, location: "システム運用編7.3" },
    ]);
    expect(item(v, "p2.a.1").details!.map((d) => d.label)).toEqual(["想定されるリスク", "推奨される対応例", "想定されるリスク", "推奨される対応例"]);
    expect(v.templates[0].help!.find((h) => h.term === "BCP")!.text).toBe("事業継続計画のこと。");
    expect(repairs(v, "struck-text").map((x) => `${x.line} ${x.message}`)).toEqual(["7 struck-through text 「すべて」 removed", "27 struck-through text 「古い」 removed"]);
  });

  it("reads a trailing separator in a reference cell and a block heading with extra spaces", () => {
    const v = parseResponsibility(
      seed((p) => {
        p.p1Detailed[5] = p.p1Detailed[5].replace("経営管理編5.1、5.2", "経営管理編5.1、5.2、");
        p.p2Short[3] = "<b>A  共通</b>\t\t\t\t";
      }),
    );
    expect(item(v, "p1.a.1").references).toEqual([
      { guideline: MGL, location: "経営管理編5.1" },
      { guideline: MGL, location: "経営管理編5.2" },
    ]);
    expect(v.templates[0].sections[1].sections![0].title).toBe("共通");
  });
});

describe("役割分担 parser on damaged seeds: a clear SeedParseError with the line", () => {
  it("refuses text outside the tables and a seed without its title", () => {
    expectFailure(seed((p) => p.p1Short.splice(2, 0, "これは表の外の行")), 5, /unexpected line outside any table: 「これは表の外の行」/);
    expectFailure(seed((p) => (p.title = ["資料3"])), 1, /document title not found at the start of the seed/);
    expectFailure(seed((p) => (p.title = ["# 医療情報システムの契約における関係者間の役割分担等に関する", "資料3"])), 1, /document title not found at the start of the seed/);
    expectFailure(seed((p) => ((p.title = []), (p.detailedTitle = []))), 1, /document title missing/);
  });

  it("refuses Parts and tables that do not fit", () => {
    expectFailure(seed((p) => (p.p1Detailed[0] = "Part1 医療機関が実施する項目")), 20, /Part1 is titled 「医療機関が実施する項目」 here but 「主に医療機関が実施する項目」 at line 3/);
    expectFailure(seed((p) => (p.p1Short[2] = "項番\t項目\t確認欄 (日付)")), 5, /table header lacks the column 「内容」/);
    expectFailure(seed((p) => (p.p2Short[2] = "項番\t項目\t内容\t確認欄 (日付)")), 13, /table header lacks the column 「分類」/);
    expectFailure(seed((p) => (p.p1Detailed[1] = "項番\t項目\t内容\t推奨される対応例\t確認欄（日付）")), 21, /table header lacks the column 「ガイドライン等関連部分」/);
    expectFailure(seed((p) => p.p1Short.push("資料3", ...p.p1Short.slice(2, 5))), 11, /second short-list table for Part1/);
    expectFailure(seed((p) => p.p1Detailed.push("資料3", ...p.p1Detailed.slice(1, 4))), 29, /second 推奨される対応例 table for Part1/);
    expectFailure(seed((p) => (p.p1Short = [...p.p1Short.slice(0, 3), "【略称】"])), 5, /table without any block/);
  });

  it("refuses blocks that cannot be placed", () => {
    expectFailure(seed((p) => p.p1Short.splice(3, 1)), 6, /item row before any block heading \(A\/B\/C\)/);
    expectFailure(seed((p) => (p.p1Short[3] = "<b>事業者選定</b>\t\t\t")), 6, /block heading 「事業者選定」 has no letter/);
    expectFailure(seed((p) => p.p1Short.push("<b>A 事業者選定・事業者管理</b>\t\t\t")), 10, /block A appears twice in the table/);
    expectFailure(seed((p) => p.p1Short.push("<b>B 医療機関の内部体制</b>\t\t\t")), 10, /block 「医療機関の内部体制」 has no rows/);
    expectFailure(seed((p) => p.p1Short.push(p.p1Short.splice(4, 1)[0])), 9, /項番 1 out of order in block 「事業者選定・事業者管理」/);
    expectFailure(seed((p) => (p.p1Short[6] = "\t説明責任\t① 事業者に説明できるか。\t( / )")), 8, /rows of 項番 2 have clashing sub-numbers 2-1, 2-1/);
  });

  it("refuses rows whose cells do not line up with the header", () => {
    expectFailure(seed((p) => (p.p1Short[4] = "1\t事業者管理\t契約を把握しているか。\t( / )\t余分")), 7, /row has 5 cells but the header has 4/);
    expectFailure(seed((p) => (p.p1Short[4] = "1\t事業者管理\t契約を把握しているか。\t( / )\t\t余分")), 7, /row has 6 cells but the header has 4/);
    expectFailure(seed((p) => (p.p1Short[4] = "第1\t事業者管理\t契約を把握しているか。\t( / )")), 7, /項番 「第1」 is not a number/);
    expectFailure(seed((p) => (p.p1Short[4] = "1a\t事業者管理\t契約を把握しているか。\t( / )")), 7, /項番 「1a」 is not a number/);
    // A bold heading with text beside it is no block heading but a row, whose 項番 is then not a number.
    expectFailure(seed((p) => p.p1Short.push("<b>B 内部体制</b>\t注記\t内容\t( / )")), 10, /項番 「B 内部体制」 is not a number/);
    expectFailure(seed((p) => (p.p1Short[4] = "1\t契約を把握しているか。\t( / )")), 7, /row has 3 cells but the header has 4: cannot place it/);
    expectFailure(seed((p) => (p.p1Short[4] = "1\t事業者管理\t契約を把握しているか。\t済")), 7, /確認欄 cell is 「済」, expected 「\( \/ \)」: columns are misaligned/);
    expectFailure(seed((p) => (p.p1Short[4] = "一\t事業者管理\t契約を把握しているか。\t( / )")), 7, /項番 「一」 is not a number/);
    expectFailure(seed((p) => (p.p1Short[4] = "1\t事業者管理\t\t( / )")), 7, /row 1 lacks its 項目 or 内容/);
    expectFailure(seed((p) => (p.p1Short[4] = "1\t\t契約を把握しているか。\t( / )")), 7, /row 1 lacks its 項目 or 内容/);
    expectFailure(seed((p) => p.p1Short.splice(4, 0, "\t事業者管理\t内容だけの行。\t( / )")), 7, /row without 項番 at the start of a block: cannot place it/);
    expectFailure(seed((p) => (p.p1Short[6] = "\t\t② 事業者に説明できるか。\t( / )")), 9, /row without 項番 and 項目: cannot place it/);
    expectFailure(seed((p) => (p.p1Short[6] = "\t説明責任\t\t( / )")), 9, /row without 項番 or 内容: cannot place it/);
    expectFailure(seed((p) => (p.p2Detailed[4] = "\t\t\t\t\t\t\t( / )")), 32, /row without 項番 or 内容: cannot place it/);
    expectFailure(seed((p) => (p.p2Detailed[4] = "\t全般\t\t\t② 責任が曖昧になる。\t責任者を決める。\t\t( / )")), 32, /row without 項番 or 内容: cannot place it/);
  });

  it("refuses a version whose rows have no partner in the other", () => {
    expectFailure(seed((p) => p.p1Detailed.splice(4, 4)), 6, /Part1 block A 「事業者選定・事業者管理」 has no 推奨される対応例 partner/);
    expectFailure(seed((p) => p.p1Detailed.push("<b>B 内部体制</b>\t\t\t\t\t", "1\t管理\t管理しているか。\t管理する。\t外部保存通知\t( / )")), 28, /Part1 block 「内部体制」 has no short-list partner/);
    expectFailure(seed((p) => p.p1Detailed.splice(7, 1)), 9, /short-list row A-2-2 「事業者に説明できるか。」 has no partner in the 推奨される対応例 version/);
    // 項番 2 printed as one row in the short list and two in the other: the second row has no partner.
    expectFailure(seed((p) => p.p1Short.splice(6, 1)), 26, /推奨される対応例 row A-2-2 「事業者に説明できるか。」 has no partner in the short list/);
    // A 推奨される対応例 row that says something else than its short-list partner, quoted by the start of its texts.
    expect(
      failure(
        seed((p) => (p.p1Detailed[5] = "1\t事業者管理\t契約を把握しているか。なお、契約書の写しを保管し、更新時には内容を見直すこと。\t契約一覧を作る。\t外部保存通知\t( / )")),
      ).message,
    ).toBe(
      "000_088b0be7ba7b2301.txt:25: row 「事業者管理：契約を把握しているか。なお、契約書の写しを保管し、更新時には」 does not match its short-list partner 「事業者管理：契約を把握しているか。」 (line 7): the 項番 of the two versions disagree",
    );
    // The partners of 項番 1 and 2 swapped in the 推奨される対応例 version: their texts do not match.
    expectFailure(
      seed((p) => {
        p.p2Detailed[3] = "1\tシステムやサービスの仕様\t通信相手の認証\t通信相手を認証する。\tなりすましのおそれ。\t相互認証を行う。\t外部保存通知\t( / )";
        p.p2Detailed[4] = "\t\t\t\t② 責任が曖昧になる。\t責任者を決める。\t\t( / )";
        p.p2Detailed[5] = "2\t全般\t役割分担\t役割分担を確認する。\t抜け漏れが生じる。\t分担表を作る。\t外部保存通知\t( / )";
      }),
      31,
      /row 「通信相手の認証：通信相手を認証する。」 does not match its short-list partner 「役割分担：役割分担を確認する。」 \(line 15\); line 33 matches better: the 項番 of the two versions disagree/,
    );
  });

  it("refuses a shifted cell it cannot split", () => {
    expectFailure(seed((p) => (p.p2Detailed[5] = p.p2Detailed[5].replace("システムやサービスの仕様通信相手の認証", "未知の分類通信相手の認証"))), 33, /cannot split 「未知の分類通信相手の認証」 into 分類 and 項目: no known 分類 starts it/);
    expectFailure(seed((p) => (p.p2Detailed[5] = p.p2Detailed[5].replace("システムやサービスの仕様通信相手の認証", "システムやサービスの仕様"))), 33, /cell 「システムやサービスの仕様」 holds a 分類 but no 項目/);
  });

  it("refuses references it cannot read", () => {
    expectFailure(seed((p) => (p.p1Detailed[5] = p.p1Detailed[5].replace("厚労省ガイドライン経営管理編5.1、5.2", "5.1"))), 25, /reference location 「5.1」 without a guideline before it/);
    expectFailure(seed((p) => (p.p1Detailed[5] = p.p1Detailed[5].replace("厚労省ガイドライン経営管理編5.1、5.2", "厚労省ガイドライン第三章"))), 25, /reference location 「第三章」 cannot be read/);
    expectFailure(seed((p) => (p.p1Detailed[5] = p.p1Detailed[5].replace("厚労省ガイドライン経営管理編5.1、5.2", "ISO27001"))), 25, /reference 「ISO27001」 in ガイドライン等関連部分 cannot be read/);
    expectFailure(seed((p) => (p.p1Detailed[5] = p.p1Detailed[5].replace("厚労省ガイドライン経営管理編5.1、5.2", "参照"))), 25, /reference 「参照」 in ガイドライン等関連部分 cannot be read/);
    expectFailure(seed((p) => (p.p1Detailed[5] = p.p1Detailed[5].replace("厚労省ガイドライン経営管理編5.1、5.2", "第2版ガイドライン"))), 25, /reference 「第2版ガイドライン」 in ガイドライン等関連部分 cannot be read/);
  });

  it("refuses a seed without 【略称】, or with entries it cannot read", () => {
    expectFailure(seed((p) => (p.abbreviations = [])), 37, /no 【略称】 block found/);
    expectFailure(seed((p) => (p.abbreviations = ["【略称】", "", "別の行\tです"])), 10, /【略称】 without any entry/);
    expectFailure(seed((p) => (p.abbreviations = ["<p>【略称】</p> <p>厚労省ガイドライン</p>"])), 10, /【略称】 entry 「厚労省ガイドライン」 is not 「略称：正式名称」/);
    // Entries on their own lines (blank lines between them) are read up to the first line that is not one.
    const v = parseResponsibility(seed((p) => (p.abbreviations = ["【略称】", "", "厚労省ガイドライン：" + MGL, "", "2省ガイドライン:" + TWO])));
    expect(v.templates[0].help!.slice(0, 2)).toEqual([
      { term: "厚労省ガイドライン", text: MGL },
      { term: "2省ガイドライン", text: TWO },
    ]);
  });

  it("refuses a glossary it cannot read, and a seed cut before it", () => {
    expectFailure(seed((p) => (p.glossary[2] = "用語\t説明\t記載場所")), 36, /用語の解説 table header 「用語 内容 記載場所」 expected/);
    expectFailure(seed((p) => (p.glossary[3] = "BCP\t事業継続計画のこと。\tPart3\tC.3")), 37, /glossary row cannot be placed: 「BCP/);
    expectFailure(seed((p) => (p.glossary[3] = "BCP\t事業継続計画のこと。\tPart1")), 37, /glossary row cannot be placed/);
    expectFailure(seed((p) => (p.glossary[3] = "\t事業継続計画のこと。\tPart1\tC.3")), 37, /glossary row cannot be placed/);
    // The note may be written with full-width brackets.
    const note = parseResponsibility(seed((p) => (p.glossary[1] = "（注）この解説は参考です。")));
    expect(note.templates[0].notes).toEqual([{ id: "注", text: "この解説は参考です。" }]);
    expect(parseResponsibility(seed((p) => p.glossary.splice(1, 1))).templates[0].notes).toBeUndefined();
    expectFailure(seed((p) => (p.glossary = p.glossary.slice(0, 3))), 34, /用語の解説 has no entries \(truncated seed\?\)/);
    expectFailure(seed((p) => (p.glossary = [])), 33, /seed ends before the 用語の解説 glossary \(truncated\?\)/);
  });

  it("refuses a seed missing a Part or one of its versions", () => {
    expectFailure(seed((p) => ((p.p2Short = []), (p.p2Detailed = []))), 26, /Part2 missing \(truncated seed\?\)/);
    expectFailure(seed((p) => (p.p2Short = p.p2Short.slice(0, 2))), 11, /Part2 has no short-list table/);
    expectFailure(seed((p) => (p.p2Detailed = [])), 32, /Part2 has no 推奨される対応例 table \(truncated seed\?\)/);
  });
});
