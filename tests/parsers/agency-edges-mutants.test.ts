// The 代行機関 parser (disclosures/parsers/agency-parser.ts, seed 003) at the edges its first mutation run left open
// (issue 20): patterns at their anchors and blanks, labels and cells as a vendor's extraction leaves them, the
// checks that only a damaged seed reaches — each through one-line edits of the real seed, with the whole message.
// Each test names in a comment the parser lines it pins (line numbers of agency-parser.ts on 3 December 2026, after
// the three fixes of that day).
import { describe, expect, it } from "vitest";
import { parseAgency } from "../../disclosures/parsers/agency-parser.js";
import { findSection } from "../../disclosures/template-loader.js";
import { agencyOf, answersOf, changed, edit, expectFailure, item, lineOf, lines, text } from "./agency-seed-fixture.js";


/** 1-based number of the first line containing `needle` (after line `after`). */
/** The seed with line `at` replaced by `by` (a string, several lines, or nothing). */
/** The seed with `from` replaced by `to` on the first line containing `needle`. */

/** The whole message, file and line included: what `scripts/templates.ts generate` prints. */

const SPLIT = lineOf("別添 医療情報システム");
const UPDATED = lineOf("更新情報\t最終更新日\t2025");

describe("the 更新情報 rows", () => {
  it("takes only a first cell that is 更新情報 alone, however spaced", () => {
    // Lines 357 and 882 (`/^\s*更新情報\s*$/`: both anchors and both `\s*`).
    expect(parseAgency(changed(UPDATED, " 更新情報 \t最終更新日\t2025年7月8日")).example.lastUpdated.overview).toBe("2025-07-08");
    expectFailure(changed(UPDATED, "旧更新情報\t最終更新日\t2025年7月8日"), UPDATED, 'unknown section "旧更新情報"');
    expectFailure(changed(UPDATED, "更新情報欄\t最終更新日\t2025年7月8日"), UPDATED, 'unknown section "更新情報欄"');
    expectFailure(changed(UPDATED, "x 更新情報\t最終更新日\t2025年7月8日"), UPDATED, 'unknown section "x 更新情報"');
    expectFailure(changed(UPDATED, "更新情報 x\t最終更新日\t2025年7月8日"), UPDATED, 'unknown section "更新情報 x"');
    const checklist = lineOf("更新情報\t最終更新日\t2026");
    expect(parseAgency(changed(checklist, " 更新情報 \t最終更新日\t2026年7月8日\t")).example.lastUpdated.checklist).toBe("2026-07-08");
    for (const first of ["旧更新情報", "更新情報欄", "x 更新情報", "更新情報 x"])
      expectFailure(changed(checklist, `${first}\t最終更新日\t2026年7月8日\t`), checklist, `checklist row cannot be placed: "${`${first}\t最終更新日\t2026年7月8日\t`.slice(0, 40)}"`);
  });
});

describe("notes and note markers the first run left open", () => {
  it("refuses a note number already printed in an earlier section of the overview", () => {
    // Line 370 (`[...this.done, this.current].some(…)`: any section so far, not only the current one).
    const at = lineOf("注4) 当該機関");
    expectFailure(changed(at, lines[at - 1].replace("注4)", "注1)")), at, "duplicate note 注1");
  });

  it("reads an indented note of the checklist", () => {
    // Line 886 (the line trimmed before NOTE_RE), 894.
    const at = lineOf("注6:");
    const r = parseAgency(changed(at, `  ${lines[at - 1]}`));
    expect(findSection(r.templates[1], "technical")!.notes![5]).toEqual({ id: "注6", text: "例として設定ファイルにパスワードを記載しないようにする等があげられる。" });
  });

  it("puts a group label's marker and the sub-label's on each item of the group", () => {
    // Line 564 (`[...f.noteRefs, ...subLabel.noteRefs]`).
    const t = agencyOf(edit("サービス提供時間", "サービス提供時間\t拠点", "サービス提供時間 ^{注9)}\t拠点 ^{注1)}"));
    expect(["serviceHours.site", "serviceHours.system"].map((k) => item(t, k).noteRefs)).toEqual([["注9", "注1"], ["注9"]]);
    expect(item(t, "serviceHours.site")).toMatchObject({ group: "サービス提供時間", text: "拠点" });
  });

  it("puts 全職員の数's marker on the staff table even when the table's own label has none", () => {
    // Lines 488–489 (`rest[0] ?? ""`, `table.noteRefs ?? []`), 491.
    const staff = lineOf("従事する職員の数");
    const t = agencyOf(changed(staff, lines[staff - 1].replace(" ^{注4)注5)}", "")));
    expect(item(t, "staff").noteRefs).toEqual(["注5"]);
    // 全職員の数 printed alone, without cells: no sub-label, and no counts for the two columns.
    expectFailure(changed(staff + 2, "\t全職員の数 ^{注5)}"), staff + 2, "「従事する職員の数」 row 「全職員の数」: 0 cells for 2 columns");
  });
});

describe("rows printed without their value cells", () => {
  it("names the missing sub-label of a table or a group as empty", () => {
    // Lines 483 and 557 (`rest[0] ?? ""`).
    const staff = lineOf("従事する職員の数");
    expectFailure(changed(staff, "施設及び設備情報\t従事する職員の数 ^{注4)注5)}"), staff, "unknown row 「」 in 「従事する職員の数」");
    const service = lineOf("\t提供するサービス");
    expectFailure(changed(service, "\t提供するサービス"), service, "unknown row 「」 under 「提供するサービス」");
  });

  it("records no answer for a value left blank", () => {
    // Line 579 (`if (value !== undefined)`): 代行機関コード is blank in the seed.
    expect("agencyCode" in answersOf(text)).toBe(false);
    expect("agencyCode" in answersOf(edit("\t代行機関コード", /\t$/, "\tA-123"))).toBe(true);
  });

  it("keeps a fee row printed without its value cells, with no amounts", () => {
    // Line 689 (`cells[2] ?? ""`), 737–746.
    const fees = lineOf("事務手数料等");
    const r = parseAgency(changed(fees + 1, "\t初期費用"));
    const table = item(r.templates[0], "feeAmounts").answer;
    expect(table.kind === "table" && table.rows[0]).toEqual({ key: "initialCost", label: "初期費用" });
    expect(r.example.answers.feeAmounts).toEqual({ fixedCost: { checkupProvider: "仕様により変動" }, unitPrice: { checkupProvider: "仕様により変動" } });
  });

  it("refuses a seed without the 初期費用 row, naming it", () => {
    // Line 788 (`[row]`: a fee row without sub-rows is checked too).
    const fees = lineOf("事務手数料等");
    expectFailure(changed(fees + 1, null), SPLIT - 2, "fee row 「初期費用」 missing");
  });

  it("gives the fee table no note markers when neither the section nor a row prints one", () => {
    // Line 736 (`if (noteRefs.length)`), 420.
    const fees = lineOf("事務手数料等");
    const seed = changed(fees, lines[fees - 1].replace(" ^{注10)}", "")).split("\n");
    seed[lineOf("\t\t従量単価") - 1] = lines[lineOf("\t\t従量単価") - 1].replace(" ^{注11)}", "");
    const t = agencyOf(seed.join("\n"));
    expect("noteRefs" in item(t, "feeAmounts")).toBe(false);
    expect("noteRefs" in item(t, "separateBilling.insurer")).toBe(false);
  });
});

describe("choices over two rows, counts and headers at their edges", () => {
  it("reports a choice over two rows that is still short at its first row", () => {
    // Line 621 (the line of a choice's first row kept), 792–794.
    const at = lineOf("\tシステム専用区画・施設の有無");
    expectFailure(changed(at + 1, lines[at].replace(/\t<input type="checkbox"\/> 特に無し/, "")), at, "「システム専用区画・施設の有無」: 3 options printed, 4 expected");
  });

  it("reads a count's word without the blanks after it, a unit of two letters, and decimals", () => {
    // Lines 301 (`\s+` after the word, `[^…]+` for the unit), 274 (`(\.\d+)?`).
    const engineers = (cell: string) => parseAgency(edit("システム管理技術者数", "機関本体 10人", cell));
    const wide = engineers("機関本体    人");
    expect(item(wide.templates[0], "systemEngineers").answer).toMatchObject({ fields: [{ key: "agency", label: "機関本体", unit: "人" }, { key: "contractor", label: "委託先" }] });
    expect(item(engineers("機関本体 3 名様").templates[0], "systemEngineers").answer).toMatchObject({ fields: [{ key: "agency", label: "機関本体", unit: "名様" }, { key: "contractor", label: "委託先", unit: "人" }] });
    expect(answersOf(edit("処理可能件数(設計値)", "年間 - 件", "年間 1.25 件")).processingCapacity).toEqual({ perYear: 1.25, perDay: "-" });
    // A count must stand at the start of the 施設数 cell.
    expectFailure(edit("施設数(サポート拠点数)", "1箇所（都道府県名：東京都）", "約1箇所（都道府県名：東京都）"), lineOf("施設数(サポート拠点数)"), "「施設数(サポート拠点数)」: expected 「N単位（名称：…）」");
  });

  it("drops only a bracket at the end of the 実施予定 column's name", () => {
    // Line 858 (`/[（(][^）)]*[）)]$/`).
    const header = lineOf("No\tチェック項目", SPLIT);
    const renamed = text.replace(/\t実施予定\(実施時期\)/g, "\t実施予定(時期)欄");
    expectFailure(renamed, header, "status columns 「実施済」「実施予定(時期)欄」 are not the scale's 実施済/実施予定");
  });
});
