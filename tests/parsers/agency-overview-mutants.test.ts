// The overview part of the 代行機関 parser (disclosures/parsers/agency-parser.ts, OverviewParser), pinned where the
// other suites leave it loose (issue 20, mutation testing): the 最終更新日 row, sections and fields printed in another
// order or width, continuation rows, the staff table, counts with units, the 施設数 composite, the 事務手数料等 grid
// and the 「ガイドラインの遵守」 row — through one-line edits of the real seed, with the whole message or repair.
// Each test names in a comment the parser lines it pins (line numbers of agency-parser.ts on 3 December 2026, after
// the three fixes of that day: docs/mutation-agency-parser.md).
import { describe, expect, it } from "vitest";
import { parseAgency } from "../../disclosures/parsers/agency-parser.js";
import { findSection } from "../../disclosures/template-loader.js";
import { agencyOf, answersOf, changed, edit, expectFailure, failure, insertAfter, item, lineOf, lines, repairsAt, SEED, text } from "./agency-seed-fixture.js";


/** 1-based number of the first line containing `needle` (after line `after`). */
/** The seed with line `at` replaced by `by` (a string, several lines, or nothing). */
/** The seed with `from` replaced by `to` on the first line containing `needle`. */

/** The whole message, file and line included: what `scripts/templates.ts generate` prints. */

const SPLIT = lineOf("別添 医療情報システム");
const UPDATED = lineOf("更新情報\t最終更新日\t2025");
const STAFF = lineOf("従事する職員の数");
const FEES = lineOf("事務手数料等");

describe("the overview's 最終更新日 row", () => {
  it("reads the row with spaces around its cells, a label with more words, and any date form of a day", () => {
    // Lines 357 (`/^\s*更新情報\s*$/`), 391–396 (`/最終更新日/`, a day's date), 1101.
    const dated = (row: string) => parseAgency(changed(UPDATED, row)).example.lastUpdated.overview;
    expect(dated(" 更新情報 \t最終更新日:\t 2025年 7月 8日 ")).toBe("2025-07-08");
    expect(dated("更新情報\t本票の最終更新日\t令和7年7月8日\t")).toBe("2025-07-08");
    expect(dated("更新情報\t最終更新日\t2025/7/8")).toBe("2025-07-08");
  });

  it("refuses a row without a date cell or with a month, and a row whose first cell says more", () => {
    // Lines 392–393 (`cells[2] ?? ""`, `date.precision !== "day"`), 357 (the whole first cell).
    expectFailure(changed(UPDATED, "更新情報\t最終更新日"), UPDATED, "unreadable 最終更新日 row");
    expectFailure(changed(UPDATED, "更新情報\t"), UPDATED, "unreadable 最終更新日 row");
    expectFailure(changed(UPDATED, "更新情報\t最終更新日\t令和7年7月"), UPDATED, "unreadable 最終更新日 row");
    expectFailure(changed(UPDATED, "更新情報の欄\t最終更新日\t2025年7月7日"), UPDATED, 'unknown section "更新情報の欄"');
  });

  it("keeps the two dates apart, and reports them when they differ, at the checklist's row", () => {
    // Lines 1045–1052 (date-mismatch with both lines), 1101.
    const r = parseAgency(changed(UPDATED, "更新情報\t最終更新日\t2026年7月7日"));
    expect(r.example.lastUpdated).toEqual({ overview: "2026-07-07", checklist: "2026-07-07" });
    expect(r.repairs.filter((x) => x.kind === "date-mismatch")).toEqual([]);
    const checklist = lineOf("更新情報\t最終更新日\t2026");
    expect(repairsAt(text, checklist)).toEqual([`date-mismatch the checklist's 最終更新日 2026-07-07 differs from the overview's 2025-07-07 (line ${UPDATED}); both kept as printed`]);
  });
});

describe("sections and fields printed in another order, width or spacing", () => {
  it("keeps the sections and fields in printed order", () => {
    // Lines 398–426 (a section opens where it is printed, closeSection in turn), 451–454 (push).
    const other = lineOf("その他\t");
    const swapped = [...lines.slice(0, FEES - 1), lines[other - 1], "", ...lines.slice(FEES - 1, other - 1), ...lines.slice(other)];
    expect(agencyOf(swapped.join("\n")).sections.map((s) => s.key)).toEqual(["basic", "facilities", "system", "operation", "other", "fees", "appendix"]);
    const address = lineOf("\t所在地");
    const fields = [...lines];
    [fields[address - 1], fields[address]] = [fields[address], fields[address - 1]];
    expect(findSection(agencyOf(fields.join("\n")), "basic")!.items!.map((i) => i.key)).toEqual(["name", "tel", "address", "fax", "homepage", "email", "agencyCode", "agencyType"]);
  });

  it("matches section, field, group-row and table-row labels in full width or with spaces, and keeps them as printed", () => {
    // Line 224 (norm: NFKC, blanks removed) through 400, 430, 558, 649, 685, 696.
    const basic = agencyOf(edit("基本情報\t", "基本情報", "基本 情報"));
    expect(findSection(basic, "basic")!.title).toBe("基本 情報");
    expect(item(agencyOf(edit("施設数(サポート拠点数)", "施設数(サポート拠点数)", "施設数（サポート 拠点数）")), "sites").text).toBe("施設数（サポート 拠点数）");
    expect(item(agencyOf(edit("\t\t健診・保健指導機関\t", "健診・保健指導機関", "健診・保健指導 機関")), "serviceSelection.checkupProvider").text).toBe("健診・保健指導 機関");
    const staff = item(agencyOf(edit("\t\t兼任", "兼任", "兼 任")), "staff").answer;
    expect(staff.kind === "table" && staff.rows.map((r) => r.label)).toEqual(["専任", "兼 任", "全職員の数"]);
  });

  it("refuses a field printed in another section, naming the section it stands in", () => {
    // Lines 428–435 (the field looked up in the current section only).
    const tel = lineOf("\t電話番号");
    const moved = [...lines];
    moved.splice(tel - 1, 1);
    moved.splice(STAFF - 1, 0, lines[tel - 1]);
    expectFailure(moved.join("\n"), STAFF, 'unknown field "電話番号" in section "施設及び設備情報"');
  });

  it("refuses rows that continue a field that takes no continuation", () => {
    // Lines 538–551 (continuationRow: only groups, tables and choices continue).
    for (const label of ["\tシステム管理技術者数", "\t施設数(サポート拠点数)", "\tガイドラインの遵守", "\t機関名"]) {
      const at = lineOf(label);
      const name = label.slice(1);
      expectFailure(insertAfter(at, "\t\t追加"), at + 1, `unexpected continuation row under 「${name}」`);
    }
    // 全職員の数 continues the table it extends: a further row must be a row of the table's spec.
    expectFailure(insertAfter(STAFF + 2, "\t\t兼任\t機関本体 人\t協力・関係会社 人"), STAFF + 3, "unexpected continuation row under 「全職員の数」");
  });
});

describe("the staff table and counts with units", () => {
  it("reads counts in full width with the unit apart, a dash as no count, and merges 全職員の数's markers into the table", () => {
    // Lines 300–307 (parseMeasure), 647–670 (tableRow: values, dashes reported), 485–492 (tableRow shape).
    const row = lines[STAFF - 1].replace("機関本体 10人", "機関本体 １０ 人").replace("協力・関係会社 人", "協力・関係会社 ２人");
    expect(answersOf(changed(STAFF, row)).staff).toEqual({ dedicated: { agency: 10, partners: 2 } });
    const dashed = changed(STAFF, lines[STAFF - 1].replace("協力・関係会社 人", "協力・関係会社 - 人"));
    expect(answersOf(dashed).staff).toEqual({ dedicated: { agency: 10 } });
    expect(repairsAt(dashed, STAFF)).toEqual(["dash-placeholder 「従事する職員の数」 専任 協力・関係会社: a dash written instead of a value, read as no answer"]);
    const all = changed(STAFF + 2, lines[STAFF + 1].replace("^{注5)}", "^{注5)注6)}").replace("機関本体 人", "機関本体 12人"));
    const r = parseAgency(all);
    expect(item(r.templates[0], "staff").noteRefs).toEqual(["注4", "注5", "注6"]);
    expect(r.example.answers.staff).toEqual({ dedicated: { agency: 10 }, allStaff: { agency: 12 } });
  });

  it("refuses a table row with too many cells, and a 全職員の数 row with a count it cannot read", () => {
    // Lines 654–655 (`filled.length !== columnKeys.length`), 659, 662.
    expectFailure(changed(STAFF, `${lines[STAFF - 1]}\t派遣 1人`), STAFF, "「従事する職員の数」 row 「専任」: 3 cells for 2 columns");
    expectFailure(changed(STAFF + 2, lines[STAFF + 1].replace("機関本体 人", "機関本体")), STAFF + 2, '「従事する職員の数」: cannot read "機関本体" as 「column number unit」');
    expectFailure(changed(STAFF + 2, lines[STAFF + 1].replace("協力・関係会社 人", "協力会社 人")), STAFF + 2, "「従事する職員の数」: column 2 is 「協力会社…人」 here but 「協力・関係会社…人」 above");
    expectFailure(changed(STAFF + 2, lines[STAFF + 1].replace("協力・関係会社 人", "協力・関係会社 名")), STAFF + 2, "「従事する職員の数」: column 2 is 「協力・関係会社…名」 here but 「協力・関係会社…人」 above");
  });

  it("reads a count's word, number and unit however spaced, and refuses a unit with a digit or bracket", () => {
    // Line 301 (`/^(.+?)\s+(?:([0-9０-９][0-9０-９,，.]*|[-－—‐―−])\s*)?([^\d\s０-９()（）-]+)$/`), 303–306.
    const engineers = (cell: string) => edit("システム管理技術者数", "機関本体 10人", cell);
    const at = lineOf("システム管理技術者数");
    expect(answersOf(engineers("機関本体 1,234 人")).systemEngineers).toEqual({ agency: 1234 });
    expect(answersOf(engineers("機関本体 １，２３４人")).systemEngineers).toEqual({ agency: 1234 });
    expect(answersOf(engineers("機関 本体 7人")).systemEngineers).toEqual({ agency: 7 });
    expect(item(agencyOf(engineers("機関 本体 7人")), "systemEngineers").answer).toMatchObject({ fields: [{ key: "agency", label: "機関 本体", unit: "人" }, { key: "contractor", label: "委託先", unit: "人" }] });
    expect(answersOf(engineers("機関本体 0人")).systemEngineers).toEqual({ agency: 0 });
    expect(answersOf(engineers("機関本体    人")).systemEngineers).toBeUndefined();
    expectFailure(engineers("機関本体 10人2"), at, '「システム管理技術者数」: cannot read "機関本体 10人2" as 「word number unit」');
    expectFailure(engineers("機関本体 10人(常勤)"), at, '「システム管理技術者数」: cannot read "機関本体 10人(常勤)" as 「word number unit」');
    expectFailure(engineers(" 10人"), at, '「システム管理技術者数」: cannot read " 10人" as 「word number unit」');
  });

  it("refuses a count written with digits it cannot read, instead of taking it for a dash", () => {
    // Lines 301–306 (parseMeasure: `dash` only when a dash was written), 501, 659.
    expectFailure(changed(STAFF, lines[STAFF - 1].replace("協力・関係会社 人", "協力・関係会社 1.2.3人")), STAFF, '「従事する職員の数」: cannot read "協力・関係会社 1.2.3人" as 「column number unit」');
    const at = lineOf("処理可能件数(設計値)");
    expectFailure(edit("処理可能件数(設計値)", "年間 - 件", "年間 1..5 件"), at, '「処理可能件数(設計値)」: cannot read "年間 1..5 件" as 「word number unit」');
    expect(answersOf(edit("処理可能件数(設計値)", "年間 - 件", "年間 1.5 件")).processingCapacity).toEqual({ perYear: 1.5, perDay: "-" });
  });

  it("keeps any dash a vendor types for a count the form answers with 「-」, and reports each", () => {
    // Lines 301 (`[-－—‐―−]`), 502–508 (dash-kept: the answer 「-」 and the field's `dash`).
    const at = lineOf("処理可能件数(設計値)");
    for (const dash of ["－", "—", "‐", "―", "−"]) {
      const seed = edit("処理可能件数(設計値)", "年間 - 件", `年間 ${dash} 件`);
      expect(answersOf(seed).processingCapacity, dash).toEqual({ perYear: "-", perDay: "-" });
      expect(repairsAt(seed, at).filter((x) => x.startsWith("dash-kept")), dash).toHaveLength(2);
    }
    const one = parseAgency(edit("処理可能件数(設計値)", "年間 - 件", "年間 500 件"));
    expect(one.example.answers.processingCapacity).toEqual({ perYear: 500, perDay: "-" });
    expect(one.repairs.filter((x) => x.line === at).map((x) => `${x.kind} ${x.message}`)).toEqual([
      "dash-kept 「処理可能件数(設計値)」 1日当たり: the form's 「-」 kept as the answer; the field takes 「-」 or a number",
    ]);
    expect(item(one.templates[0], "processingCapacity").answer).toEqual({
      kind: "composite",
      fields: [
        { key: "perYear", prefix: "年間", type: "number", unit: "件", integer: true, min: 0 },
        { key: "perDay", prefix: "1日当たり", type: "number", unit: "件", integer: true, min: 0, dash: true },
      ],
    });
    // No count at all: no answer recorded for the item.
    expect("previousYearVolume" in answersOf(text)).toBe(false);
    expectFailure(edit("\t前年度の取扱件数", /$/, "\t月間 件"), lineOf("\t前年度の取扱件数"), "「前年度の取扱件数」: expected 2 values, found 3");
  });

  it("reads the 施設数 composite with full-width digits, spaces, either brackets and colons, or no count", () => {
    // Line 516 (the 「N単位（名称：…）」 pattern), 517–532.
    const sites = (cell: string) => parseAgency(edit("施設数(サポート拠点数)", "1箇所（都道府県名：東京都）", cell));
    const FIELDS = [
      { key: "count", type: "number", unit: "箇所", integer: true, min: 0 },
      { key: "prefectures", label: "都道府県名", type: "text" },
    ];
    for (const [cell, answer] of [
      ["１箇所（都道府県名：東京都）", { count: 1, prefectures: "東京都" }],
      ["12 箇所 ( 都道府県名 : 東京都、大阪府 )", { count: 12, prefectures: "東京都、大阪府" }],
      ["1箇所(都道府県名:)", { count: 1 }],
      ["箇所（都道府県名：東京都）", { prefectures: "東京都" }],
    ] as const) {
      const r = sites(cell);
      expect(r.example.answers.sites, cell).toEqual(answer);
      expect(item(r.templates[0], "sites").answer, cell).toEqual({ kind: "composite", fields: FIELDS });
    }
    expect(item(sites("2拠点（所在地：東京都）").templates[0], "sites").answer).toEqual({
      kind: "composite",
      fields: [
        { key: "count", type: "number", unit: "拠点", integer: true, min: 0 },
        { key: "prefectures", label: "所在地", type: "text" },
      ],
    });
    const at = lineOf("施設数(サポート拠点数)");
    for (const bad of ["1箇所（都道府県名：東京都）x", "1（都道府県名：東京都）", "1箇所（：東京都）", "1箇所（都道府県名 東京都）", "1箇所 都道府県名：東京都"])
      expectFailure(edit("施設数(サポート拠点数)", "1箇所（都道府県名：東京都）", bad), at, "「施設数(サポート拠点数)」: expected 「N単位（名称：…）」");
  });
});

describe("the 事務手数料等 grid", () => {
  const feeRows = (rows: string[]) => [...lines.slice(0, FEES - 1), ...rows, ...lines.slice(FEES + 4)].join("\n");
  const SEPARATE = '\t経常経費\t別途請求の有無\t<input type="checkbox"/> 無(健診委託費に含まれる) <input checked="" type="checkbox"/> 有(下記)';

  it("reports the header printed over the row labels, naming the columns that can hold values", () => {
    // Lines 717–729 (shifted-header: headers at index < 3), 407–413 (headers from the section row).
    expect(repairsAt(text, FEES)).toEqual([
      "shifted-header fee column header(s) 「保険者」 printed over the row-label cells: no value can line up with them, so those columns are empty in this seed; values are assigned by header position to 「健診・保健指導機関」",
    ]);
    // Both headers over the row labels: nothing can line up.
    const both = feeRows(["事務手数料等 ^{注10)}\t保険者\t健診・保健指導機関", "\t初期費用", "\t経常経費\t別途請求の有無", "\t\t固定費", "\t\t従量単価 ^{注11)}"]);
    expect(failure(both).message).toBe(`${SEED}:${FEES + 2}: fee row 「経常経費 別途請求の有無」 prints no check boxes`);
  });

  it("builds the fee table from the header cells, with the section's marker and the rows' own", () => {
    // Lines 730–736 (the table item: title, level, text columns, noteRefs merged), 738 (row labels).
    const both = `${SEPARATE}\t<input checked="" type="checkbox"/> 無(健診委託費に含まれる) <input type="checkbox"/> 有(下記)`;
    const r = parseAgency(feeRows(["事務手数料等 ^{注10)}\t\t\t保険者\t健診・保健指導機関", "\t初期費用 ^{注12)}\t\t1万円\t", both, "\t\t固定費\t\t", "\t\t従量単価 ^{注11)}\t仕様により変動\t"]));
    const fees = item(r.templates[0], "feeAmounts");
    expect(fees).toEqual({
      key: "feeAmounts",
      text: "事務手数料等",
      level: "required",
      noteRefs: ["注10", "注12", "注11"],
      answer: {
        kind: "table",
        rows: [
          { key: "initialCost", label: "初期費用" },
          { key: "fixedCost", label: "経常経費 固定費" },
          { key: "unitPrice", label: "経常経費 従量単価" },
        ],
        columns: [
          { key: "insurer", label: "保険者", type: "text" },
          { key: "checkupProvider", label: "健診・保健指導機関", type: "text" },
        ],
      },
    });
    expect(r.example.answers.feeAmounts).toEqual({ initialCost: { insurer: "1万円" }, unitPrice: { insurer: "仕様により変動" } });
    expect(r.example.answers["separateBilling.insurer"]).toEqual({ selected: "yes" });
    expect(r.example.answers["separateBilling.checkupProvider"]).toEqual({ selected: "no" });
    expect(r.repairs.filter((x) => x.kind === "shifted-header" || x.kind === "options-assumed")).toEqual([]);
  });

  it("takes the options of a column without check boxes from the other column, nothing ticked, and says so", () => {
    // Lines 749–768 (one choice per column; options-assumed with both column labels).
    const seed = feeRows(["事務手数料等 ^{注10)}\t\t\t保険者\t健診・保健指導機関", "\t初期費用\t\t1万円\t", SEPARATE, "\t\t固定費\t\t", "\t\t従量単価 ^{注11)}\t\t"]);
    const r = parseAgency(seed);
    expect(r.example.answers["separateBilling.insurer"]).toEqual({ selected: "yes" });
    expect("separateBilling.checkupProvider" in r.example.answers).toBe(false);
    expect(item(r.templates[0], "separateBilling.checkupProvider")).toEqual({
      key: "separateBilling.checkupProvider",
      group: "経常経費",
      text: "別途請求の有無（健診・保健指導機関）",
      level: "none",
      noteRefs: ["注10"],
      answer: { kind: "choice", multiple: false, options: [{ value: "no", label: "無(健診委託費に含まれる)" }, { value: "yes", label: "有(下記)" }] },
    });
    expect(repairsAt(seed, FEES + 2)).toEqual([
      "options-assumed 「経常経費 別途請求の有無」 has no cell under 「健診・保健指導機関」: its options are taken from the 「保険者」 cell",
    ]);
  });

  it("matches fee rows printed in other widths or with spaces, as every other label, and still finds a row printed twice", () => {
    // Lines 685, 696 (labels matched by `norm`), 705–707 and 789 (a fee row known by its spec name, not its print).
    const fees = (seed: string) => {
      const r = parseAgency(seed);
      const table = item(r.templates[0], "feeAmounts").answer;
      return { rows: table.kind === "table" ? table.rows : [], answers: r.example.answers.feeAmounts };
    };
    expect(fees(edit("\t\t固定費", "固定費", "固定 費"))).toEqual({
      rows: [
        { key: "initialCost", label: "初期費用" },
        { key: "fixedCost", label: "経常経費 固定 費" },
        { key: "unitPrice", label: "経常経費 従量単価" },
      ],
      answers: { initialCost: { checkupProvider: "別途お見積" }, fixedCost: { checkupProvider: "仕様により変動" }, unitPrice: { checkupProvider: "仕様により変動" } },
    });
    expect(fees(edit("\t初期費用", "初期費用", "初期 費用")).rows[0]).toEqual({ key: "initialCost", label: "初期 費用" });
    expect(fees(edit("\t経常経費", "\t経常経費", "\t経常 経費")).rows[1]).toEqual({ key: "fixedCost", label: "経常 経費 固定費" });
    const at = lineOf("\t\t従量単価");
    expectFailure(edit("\t\t従量単価", "従量単価 ^{注11)}", "固 定費"), at, "fee row 「経常経費 固 定費」 appears twice");
  });

  it("carries the row label down to the rows under it, and refuses a sub-label the row does not have", () => {
    // Lines 683–704 (`label.text || fee.rowLabel`), 679–682 (a field row ends the grid rows).
    const at = lineOf("\t\t固定費");
    expectFailure(edit("\t\t固定費", "\t\t固定費", "\t\t別途請求の有無"), at, "fee row 「経常経費 別途請求の有無」 appears twice");
    // After the 設備等 field row, a row without a label has no fee row above it.
    const equipment = lineOf("代行機関利用に際し必要となる設備等");
    expectFailure(insertAfter(equipment, "\t\t固定費\t\t仕様により変動"), equipment + 1, "fee row without a label");
    // A sub-label under a row that has none.
    expectFailure(edit("\t初期費用", "\t初期費用\t", "\t初期費用\t一時金"), FEES + 1, "unexpected sub-label 「一時金」 under 「初期費用」");
    // The value cells start at the fourth cell: a value in the third is a sub-label.
    expectFailure(edit("\t初期費用", "\t初期費用\t\t別途お見積", "\t初期費用\t別途お見積"), FEES + 1, "unexpected sub-label 「別途お見積」 under 「初期費用」");
  });

  it("refuses check boxes in an amount cell and an amount in a check-box cell", () => {
    // Lines 741 (parseOptions on an amount), 757 (optionsOf on each printed cell).
    expectFailure(edit("\t初期費用", "別途お見積", "■ 有"), FEES + 1, "fee row 「初期費用」: check boxes where an amount is expected");
    expectFailure(
      feeRows(["事務手数料等 ^{注10)}\t\t\t保険者\t健診・保健指導機関", "\t初期費用\t\t1万円\t", `${SEPARATE.replace("\t<input", "\t1万円\t<input")}`, "\t\t固定費\t\t", "\t\t従量単価 ^{注11)}\t\t"]),
      FEES + 2,
      'expected check boxes, found "1万円"',
    );
  });
});

describe("「ガイドラインの遵守」 and the declared result", () => {
  it("refuses three outcomes and reads the ticked one as declared", () => {
    // Lines 468–476 (two outcomes, the ticked one), 1039 (declared 「遵守済」 with 実施予定 items reported).
    const at = lineOf("\tガイドラインの遵守");
    expectFailure(edit("\tガイドラインの遵守", /最低限のガイドラインを遵守していない/, "$& ■ 不明"), at, "「ガイドラインの遵守」 should offer two outcomes, found 3");
    const r = parseAgency(text);
    expect(r.example.declared).toEqual({ guidelineCompliance: "最低限のガイドラインを遵守済" });
    expect(item(r.templates[0], "guidelineCompliance")).toEqual({ key: "guidelineCompliance", text: "ガイドラインの遵守", level: "required", noteRefs: ["注8"], answer: { kind: "derived", result: "guidelineCompliance" } });
    expect(r.templates[0].derived![0]).toMatchObject({ labels: { pass: "最低限のガイドラインを遵守済", fail: "最低限のガイドラインを遵守していない", incomplete: "チェックリストに未回答の項目があります" } });
    // The outcomes' words are read from the seed.
    const renamed = parseAgency(text.replaceAll("最低限のガイドラインを遵守済", "遵守済"));
    expect(renamed.templates[1].derived![0]).toMatchObject({ labels: { pass: "遵守済", fail: "最低限のガイドラインを遵守していない", incomplete: "チェックリストに未回答の項目があります" } });
    expect(renamed.example.declared).toEqual({ guidelineCompliance: "遵守済" });
  });
});

describe("rows and lines outside the form", () => {
  it("refuses an instruction or a row before the first section, naming the line", () => {
    // Lines 354–359 (a tab row needs a section), 377–381 (instructions only before the form body).
    const basic = lineOf("基本情報\t");
    expectFailure(insertAfter(SPLIT - 3, "*追記"), SPLIT - 2, "instruction line inside the form body");
    expectFailure(insertAfter(UPDATED + 1, "\t\t値"), UPDATED + 2, 'row outside any section: "\t\t値"');
    expect(parseAgency(insertAfter(basic - 2, "*  追記の指示")).templates[0].description!.split("\n").at(-1)).toBe("追記の指示");
  });
});
