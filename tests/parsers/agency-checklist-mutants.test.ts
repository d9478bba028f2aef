// The 別添 「最低限のガイドライン遵守チェックリスト」 part of the 代行機関 parser (disclosures/parsers/agency-parser.ts,
// parseChecklist, splitItemText, readStatus, checklistSections and the entry point), pinned where the other suites
// leave it loose (issue 20, mutation testing): the 別添 heading, header and item rows at the edges of their patterns,
// section titles, notes and their references, every status cell a vendor writes with the repair it reports, the
// checks at the end, and what the entry point refuses — each with the whole message the parser gives.
// Each test names in a comment the parser lines it pins (line numbers of agency-parser.ts on 3 December 2026, after
// the three fixes of that day: docs/mutation-agency-parser.md).
import { describe, expect, it } from "vitest";
import { parseAgency } from "../../disclosures/parsers/agency-parser.js";
import { findSection } from "../../disclosures/template-loader.js";
import { changed, expectFailure, insertAfter, item, lineOf, lines, repairsAt, text } from "./agency-seed-fixture.js";


/** 1-based number of the first line containing `needle` (after line `after`). */
/** The seed with line `at` replaced by `by` (a string, several lines, or nothing). */

/** The whole message, file and line included: what `scripts/templates.ts generate` prints. */

const SPLIT = lineOf("別添 医療情報システム");
const HEADING = lines[SPLIT - 1];
const HEADER = lineOf("No\tチェック項目", SPLIT);
const ITEM1 = lineOf("1.\t情報システム運用責任者");
/** organizational.1 with other status cells. */
const status = (cells: string) => changed(ITEM1, lines[ITEM1 - 1].replace("\t■\t□()", cells));

describe("the 別添 heading", () => {
  const titles = (heading: string) => {
    const [agency, checklist] = parseAgency(changed(SPLIT, heading)).templates;
    return { title: checklist.title, shortTitle: checklist.shortTitle, edition: checklist.source.edition, appendix: findSection(agency, "appendix")!.title, agencyEdition: agency.source.edition };
  };
  const AS_PRINTED = {
    title: "医療情報システムの安全管理に関するガイドライン 最低限のガイドライン遵守チェックリスト",
    shortTitle: "最低限のガイドライン遵守チェックリスト",
    edition: "第5.2版",
    appendix: "別添 最低限のガイドライン遵守チェックリスト",
    agencyEdition: "別添 最低限のガイドライン遵守チェックリスト 第5.2版",
  };

  it("gives the same titles for a heading indented or spaced by the extraction", () => {
    // Lines 1018 (the 別添 line found after trimming), 826 (`別添` stripped from the heading), 828–834.
    expect(titles(HEADING)).toEqual(AS_PRINTED);
    expect(titles(`  ${HEADING}`)).toEqual(AS_PRINTED);
    expect(titles(HEADING.replace("別添 ", "別添　　"))).toEqual(AS_PRINTED);
    expect(titles(HEADING.replace("別添 ", "別添"))).toEqual(AS_PRINTED);
    expect(titles(HEADING.replace(" 第5.2版 ", "  第 5.2 版  "))).toEqual(AS_PRINTED);
    expect(titles(HEADING.replace("第5.2版", "第6版"))).toEqual({ ...AS_PRINTED, edition: "第6版", agencyEdition: "別添 最低限のガイドライン遵守チェックリスト 第6版" });
    expect(titles(HEADING.replace("第5.2版", "第5.2.1版"))).toMatchObject({ edition: "第5.2.1版" });
  });

  it("refuses an edition in full-width digits or none, and a heading with nothing before or after the edition", () => {
    // Lines 828–832 (`/第\s*[\d.]+\s*版/`, `!before || !after`).
    expectFailure(changed(SPLIT, HEADING.replace("第5.2版", "第５．２版")), SPLIT, "the 別添 heading names no edition (第N版)");
    expectFailure(changed(SPLIT, HEADING.replace("第5.2版", "第版")), SPLIT, "the 別添 heading names no edition (第N版)");
    expectFailure(changed(SPLIT, "別添 第5.2版 最低限のガイドライン遵守チェックリスト"), SPLIT, "unreadable 別添 heading");
    expectFailure(changed(SPLIT, "別添 チェックリスト 第5.2版"), SPLIT, "unreadable 別添 heading");
    expectFailure(changed(SPLIT, "別添 チェックリスト 第5.2版 "), SPLIT, "unreadable 別添 heading");
  });

  it("takes as the 別添 only a line starting with 別添 that names a チェックリスト", () => {
    // Line 1018 (`/^別添/` on the trimmed line, `/チェックリスト/`), 1019 (the error at the last line).
    expectFailure(changed(SPLIT, HEADING.replace("チェックリスト", "一覧")), lines.length, "the 別添 チェックリスト part is missing (truncated seed?)");
    expectFailure(changed(SPLIT, `参考 ${HEADING}`), lines.length, "the 別添 チェックリスト part is missing (truncated seed?)");
  });
});

describe("the first line and the parts of the seed", () => {
  it("refuses a first line that is a table row or not the 代行機関 overview title, quoting 40 characters", () => {
    // Lines 1013–1017 (the first line with content, no tab, 重要事項の概要 and 代行機関 both required).
    const title = lineOf("事業運営上開示すべき重要事項の概要");
    expectFailure(changed(title, "事業運営上開示すべき重要事項の概要"), title, 'not a 代行機関 disclosure: first line is "事業運営上開示すべき重要事項の概要"');
    expectFailure(changed(title, "代行機関の概要"), title, 'not a 代行機関 disclosure: first line is "代行機関の概要"');
    expectFailure(changed(title, "事業運営上開示すべき重要事項の概要\t代行機関"), title, 'not a 代行機関 disclosure: first line is "事業運営上開示すべき重要事項の概要\t代行機関"');
    const long = `${"前書き".repeat(20)}重要事項の概要`;
    expectFailure(changed(title, long), title, `not a 代行機関 disclosure: first line is "${long.slice(0, 40)}"`);
    // Blank lines and spaces before the title are skipped; the title is kept cleaned.
    const r = parseAgency(changed(title, "  事業運営上開示すべき重要事項の概要 ［代行機関］ "));
    expect(r.templates[0].title).toBe("事業運営上開示すべき重要事項の概要 ［代行機関］");
    expect(r.templates[0].source.document).toBe("事業運営上開示すべき重要事項の概要 ［代行機関］");
  });

  it("reads the overview from the line after its title up to the line before the 別添", () => {
    // Line 1023 (`lines.slice(first.line, split.line - 1)`), 1024 (the end line of the overview).
    const r = parseAgency(text);
    expect(r.templates[0].description!.split("\n")[0]).toBe("代行機関の業務を行う者は、本資料を作成し、ホームページ（自機関のWebサイトでも他のサイトでも可）に掲載すること。");
    // The last overview line (a table rule) is still the overview's; the first checklist line is the heading.
    expect(r.repairs.filter((x) => x.kind === "table-rule").map((x) => x.line)).toContain(SPLIT - 2);
    expectFailure(changed(SPLIT - 2, "その他の行"), SPLIT - 2, 'line cannot be placed in the overview: "その他の行"');
  });
});

describe("checklist header and item rows", () => {
  it("reads a header or an item row with a trailing tab, and refuses one with a further column", () => {
    // Lines 818–819 (`\t?$` after the last column, `[^\t]` columns), 875–884 (a tab row that is neither).
    const r = parseAgency(changed(HEADER, `${lines[HEADER - 1]}\t`));
    expect(r.templates[1].sections[0].items).toHaveLength(5);
    expect(parseAgency(changed(ITEM1, `${lines[ITEM1 - 1]}\t`)).example.answers["appendix.organizational.1"]).toEqual({ status: "implemented" });
    expectFailure(changed(HEADER, `${lines[HEADER - 1]}\t備考`), HEADER, 'checklist row cannot be placed: "No\tチェック項目\t実施済\t実施予定(実施時期)\t備考"');
    expectFailure(changed(ITEM1, `${lines[ITEM1 - 1]}\tx`), ITEM1, `checklist row cannot be placed: "${`${lines[ITEM1 - 1]}\tx`.slice(0, 40)}"`);
    expectFailure(changed(ITEM1, lines[ITEM1 - 1].replace(/^1\./, "1．")), ITEM1, `checklist row cannot be placed: "${lines[ITEM1 - 1].replace(/^1\./, "1．").slice(0, 40)}"`);
    expectFailure(changed(HEADER, lines[HEADER - 1].replace("No\t", "No.\t")), HEADER, `checklist row cannot be placed: "${lines[HEADER - 1].replace("No\t", "No.\t")}"`);
  });

  it("refuses an item row broken over two lines, at its first half", () => {
    // Lines 819 (an item row has all four cells on one line), 875–884, 921.
    const [head, tail] = [lines[ITEM1 - 1].slice(0, 20), lines[ITEM1 - 1].slice(20)];
    expectFailure(changed(ITEM1, [head, tail]), ITEM1, `checklist row cannot be placed: "${head}"`);
    const cut = lines[ITEM1 - 1].indexOf("\t■");
    expectFailure(changed(ITEM1, [lines[ITEM1 - 1].slice(0, cut), lines[ITEM1 - 1].slice(cut)]), ITEM1, `checklist row cannot be placed: "${lines[ITEM1 - 1].slice(0, 40)}"`);
  });

  it("reads a seed with CRLF line ends as the same templates, answers and repairs", () => {
    // numberedLines (`\r?\n`) feeding every pattern anchored at the line end (247, 248, 818, 819, 962).
    const crlf = parseAgency(text.replace(/\n/g, "\r\n"));
    expect(crlf).toEqual(parseAgency(text));
  });

  it("takes the status columns' names from the header, the 実施時期 in brackets of either width dropped", () => {
    // Lines 857–860 (trimmed names, `/[（(][^）)]*[）)]$/`), 936–937.
    expect(parseAgency(changed(HEADER, "No\tチェック項目\t 実施済 \t 実施予定（時期） ")).templates).toHaveLength(2);
    expect(parseAgency(changed(HEADER, "No\tチェック項目\t実施済\t実施予定")).templates).toHaveLength(2);
    const renamed = text.replace(/\t実施予定\(実施時期\)/g, "\t実施見込(実施時期)");
    expectFailure(renamed, HEADER, "status columns 「実施済」「実施見込」 are not the scale's 実施済/実施予定");
    // The first header names the columns; a later one must agree.
    expectFailure(changed(HEADER, "No\tチェック項目\t済\t実施予定"), lineOf("No\tチェック項目", HEADER), "status columns 「実施済」「実施予定」 differ from the first header");
  });

  it("reports every repeated header inside a section as a page break, and the first of each section not", () => {
    // Lines 861–863 (`headerSeen`), 908 (reset at each section title).
    const second = lineOf("No\tチェック項目", HEADER);
    expect(repairsAt(text, HEADER)).toEqual([]);
    expect(repairsAt(text, second)).toEqual([]);
    const doubled = insertAfter(HEADER, lines[HEADER - 1]);
    expect(repairsAt(doubled, HEADER + 1)).toEqual(["page-header repeated table header (page break) inside 「組織的安全管理対策」 skipped"]);
  });

  it("needs each item row numbered one more than the last in its section", () => {
    // Lines 870–871 (`section.items.length + 1`, the message), 869 (an item before a header).
    expectFailure(changed(ITEM1, lines[ITEM1 - 1].replace(/^1\./, "2.")), ITEM1, "item 2. in 「組織的安全管理対策」 where 1. was expected (a row is missing or out of order)");
    expectFailure(changed(ITEM1 + 1, lines[ITEM1].replace(/^2\./, "1.")), ITEM1 + 1, "item 1. in 「組織的安全管理対策」 where 2. was expected (a row is missing or out of order)");
    // A title whose header row is lost is no title: the line cannot be placed.
    const title = lineOf("物理的安全対策", SPLIT);
    expectFailure(changed(title + 2, null), title, 'line cannot be placed in the checklist: "物理的安全対策"');
  });
});

describe("checklist section titles", () => {
  it("matches a title printed with other brackets or spaces, and keeps it as printed", () => {
    // Lines 901–910 (the next line with content is a header; `norm`; the title cleaned).
    const at = lineOf("人的安全対策(従業者", SPLIT);
    const r = parseAgency(changed(at, " 人的安全対策（従業者に対する 人的安全管理措置） "));
    const section = r.templates[1].sections[3];
    expect(section).toMatchObject({ key: "personnelStaff", title: "人的安全対策（従業者に対する 人的安全管理措置）" });
    expect(section.items!.map((i) => i.key)).toEqual(["personnelStaff.1", "personnelStaff.2", "personnelStaff.3"]);
    // Several blank lines between the title and its header.
    expect(parseAgency(insertAfter(at, "", "  ")).templates[1].sections[3].key).toBe("personnelStaff");
  });

  it("refuses text in a section that is no item, note or title, quoting 40 characters", () => {
    // Lines 897 (instructions only before the first section), 912–921.
    expectFailure(insertAfter(ITEM1, "*指示文"), ITEM1 + 1, 'line cannot be placed in the checklist: "*指示文"');
    const long = "説明文".repeat(20);
    expectFailure(insertAfter(ITEM1, long), ITEM1 + 1, `line cannot be placed in the checklist: "${long.slice(0, 40)}"`);
    // A title not followed by a header is text, not a title.
    expectFailure(insertAfter(ITEM1, "", "物理的安全対策"), ITEM1 + 2, 'line cannot be placed in the checklist: "物理的安全対策"');
  });

  it("keeps the text before the first section as the checklist's description, instructions without their *", () => {
    // Lines 897–899, 917–919 (description lines), 1055, 1071, 1082.
    const r = parseAgency(insertAfter(SPLIT, "", "*  追加の指示。", "前書き <b>強調</b> の行。"));
    const description = r.templates[1].description!.split("\n");
    expect(description.slice(0, 3)).toEqual(["追加の指示。", "前書き 強調 の行。", lines[SPLIT + 1]]);
    expect(findSection(r.templates[0], "appendix")!.description).toBe(r.templates[1].description);
  });

  it("names the first missing section at the last line of the seed", () => {
    // Lines 924–926 (`last`, every section of CHECKLIST_SECTIONS in order).
    const at = lines.indexOf("外部と個人情報を含む医療情報を交換する場合の安全管理") + 1;
    const cut = lines.slice(0, at - 1);
    expectFailure(cut.join("\n"), at - 1, "checklist section 「外部と個人情報を含む医療情報を交換する場合の安全管理」 missing (truncated seed?)");
    const physical = lineOf("物理的安全対策", SPLIT);
    const withoutPhysical = [...lines.slice(0, physical - 1), ...lines.slice(lineOf("技術的安全対策", SPLIT) - 1)];
    expectFailure(withoutPhysical.join("\n"), withoutPhysical.length, "checklist section 「物理的安全対策」 missing (truncated seed?)");
  });
});

describe("checklist notes", () => {
  it("reads 注 10: and 注10： as note 注10 of the section, and the item's marker refers to it", () => {
    // Line 248 (NOTE_RE), 887–895, 1003 (the note id prefixed with 別添 in the agency form).
    const at = lineOf("注 10:");
    for (const written of ["注10：", "注10)", "注 10 :", "注10:"]) {
      const r = parseAgency(changed(at, lines[at - 1].replace("注 10: ", written)));
      expect(findSection(r.templates[1], "maintenance")!.notes!.map((n) => n.id), written).toEqual(["注9", "注10"]);
      expect(findSection(r.templates[0], "appendix.maintenance")!.notes!.map((n) => n.id), written).toEqual(["別添注9", "別添注10"]);
    }
  });

  it("refuses a note number printed in another section before, and a marker no note of its section answers", () => {
    // Lines 891 (any section's notes), 927–931 (the item's own section only), 893.
    const note8 = lineOf("注8:");
    expectFailure(changed(note8, lines[note8 - 1].replace("注8:", "注7:")), note8, "duplicate note 注7");
    const t5 = lineOf("5.\t動作確認等");
    expectFailure(changed(t5, lines[t5 - 1].replace("注1)", "注8)")), t5, "item 技術的安全対策 5. refers to 注8, which is not printed (truncated seed?)");
    expectFailure(changed(note8, "注8:   "), note8, "note 注8 has no text");
  });

  it("joins a note's continuation with a space after Latin text, and stops at an item or header", () => {
    // Lines 912–915 (joinWrapped), 855 and 868 (a header or an item ends the note).
    const last = lineOf("注 15:");
    const r = parseAgency(insertAfter(last, "", "See RFC 8446."));
    expect(findSection(r.templates[1], "externalExchange")!.notes!.at(-1)!.text).toBe(
      "システムやアプリケーションを切り分けし、ファイアウォール、アクセス監視、通信の TLS 暗号化、PKI 個人認証等の技術を用いた対策を指す。See RFC 8446.",
    );
    const note9 = lineOf("注9:");
    const afterItem = insertAfter(ITEM1, "続きではない行");
    expectFailure(afterItem, ITEM1 + 1, 'line cannot be placed in the checklist: "続きではない行"');
    expect(findSection(parseAgency(insertAfter(note9, "", "続き。")).templates[1], "maintenance")!.notes![0].text).toBe("システム利用者を模して操作確認を行うための識別・認証についても同様である。続き。");
    // A line followed by a header is a section title, even right after a note.
    const second = lineOf("No\tチェック項目", lineOf("1.\t情報システムへのアクセス"));
    expectFailure(insertAfter(second - 1, "注99: 注記", "", "続き"), second + 2, "unknown checklist section 「続き」");
  });
});

describe("status cells a vendor writes", () => {
  const answer = (cells: string) => parseAgency(status(cells)).example;
  const KEY = "appendix.organizational.1";

  it("reads 実施予定 with a month in any form, the day dropped, and spaces inside the brackets", () => {
    // Lines 962 (`/^([■□])?\s*(?:[（(]\s*(.*?)\s*[）)])?$/`), 983–984.
    for (const cell of ["■(2025年3月)", "■（2025年3月）", "■ ( 2025年3月 )", "■(令和7年3月)", "■(2025/3)", "■(2025年3月31日)", " ■(2025年 3月) "])
      expect(answer(`\t□\t${cell}`).answers[KEY], cell).toEqual({ status: "planned", month: "2025-03" });
    expect(repairsAt(status("\t□\t■(2025年3月)"), ITEM1)).toEqual([]);
  });

  it("reads 実施予定 with anything naming 対象事項無 as 対象外 with that reason", () => {
    // Lines 979–982.
    expect(answer("\t□\t■ （ 対象事項無し ）").answers[KEY]).toEqual({ status: "notApplicable", reason: "対象事項無し" });
    expect(repairsAt(status("\t□\t■(該当の対象事項無)"), ITEM1)).toEqual([
      'planned-as-not-applicable 「実施予定(該当の対象事項無)」 used to mean not applicable: read as 対象外 with reason "該当の対象事項無"',
    ]);
  });

  it("reads 実施予定 with a word or nothing as planned without a month, and says so", () => {
    // Lines 985–986, 1090–1098 (the word moved to the notes).
    const word = answer("\t□\t■(検討中)");
    expect(word.answers[KEY]).toEqual({ status: "planned" });
    expect(word.notes).toMatchObject({ [KEY]: "検討中" });
    expect(repairsAt(status("\t□\t■()"), ITEM1)).toEqual(['planned-without-month 実施予定 ticked with "" instead of a 実施時期']);
    expect(repairsAt(status("\t□\t■"), ITEM1)).toEqual(['planned-without-month 実施予定 ticked with "" instead of a 実施時期']);
    expect(answer("\t□\t■").answers[KEY]).toEqual({ status: "planned" });
    expect(KEY in answer("\t□\t■").notes).toBe(false);
  });

  it("reads 実施済 with an empty 実施予定 box, or a remark where the box should be", () => {
    // Lines 960–974 (the cells trimmed, a remark without a box, a box with text refused).
    expect(answer("\t ■ \t □() ").answers[KEY]).toEqual({ status: "implemented" });
    expect(answer("\t■\t□").answers[KEY]).toEqual({ status: "implemented" });
    expect(answer("\t■\t").answers[KEY]).toEqual({ status: "implemented" });
    const remark = answer("\t■\t（ 自社基準で回答 ）");
    expect(remark.answers[KEY]).toEqual({ status: "implemented" });
    expect(remark.notes[KEY]).toBe("自社基準で回答");
    expect(repairsAt(status("\t■\t(自社基準で回答)"), ITEM1)).toEqual(['remark-in-status-column the 実施予定 cell holds a remark instead of □(): "自社基準で回答" kept as the answer\'s remark']);
    expectFailure(status("\t■\t□(自社基準)"), ITEM1, '実施済 ticked but the 実施予定 cell says "自社基準"');
    expectFailure(status("\t■\t■()"), ITEM1, "both 実施済 and 実施予定 ticked");
    expectFailure(status("\t■\t■(2025年3月)"), ITEM1, "both 実施済 and 実施予定 ticked");
  });

  it("leaves a row with neither box ticked unanswered, whatever the 実施予定 brackets hold", () => {
    // Lines 975–978.
    for (const cells of ["\t□\t□()", "\t□\t□(2025年3月)", "\t□\t", "\t□\t(検討中)"]) {
      const r = parseAgency(status(cells));
      expect(KEY in r.example.answers, cells).toBe(false);
      expect(r.repairs.filter((x) => x.line === ITEM1).map((x) => x.message), cells).toEqual(["neither 実施済 nor 実施予定 ticked: left unanswered"]);
    }
  });

  it("refuses a 実施済 cell that is not one box, and a 実施予定 cell it cannot read, quoting it", () => {
    // Lines 961, 963.
    expectFailure(status("\t■■\t□()"), ITEM1, '実施済 cell "■■" is neither ■ nor □');
    expectFailure(status("\t\t□()"), ITEM1, '実施済 cell "" is neither ■ nor □');
    expectFailure(status("\t■\t□()x"), ITEM1, '実施予定 cell "□()x" cannot be read');
    expectFailure(status("\t■\tx□()"), ITEM1, '実施予定 cell "x□()" cannot be read');
    expectFailure(status("\t■\t□□()"), ITEM1, '実施予定 cell "□□()" cannot be read');
  });

  it("counts 実施予定 and 対象外 answers against a declared 「遵守済」, not 実施済 or unanswered ones", () => {
    // Lines 1033–1044 (`it.answer && it.answer.status !== "implemented"`).
    const declared = (seed: string) => parseAgency(seed).repairs.filter((r) => r.kind === "declared-vs-rule").map((r) => r.message);
    expect(declared(status("\t□\t□()"))).toEqual([
      "declares 「最低限のガイドラインを遵守済」 while 6 checklist item(s) are ticked 実施予定 (注8: that means 「最低限のガイドラインを遵守していない」); kept as declared, the portal derives the result",
    ]);
    expect(declared(status("\t□\t■(2025年3月)"))).toEqual([
      "declares 「最低限のガイドラインを遵守済」 while 7 checklist item(s) are ticked 実施予定 (注8: that means 「最低限のガイドラインを遵守していない」); kept as declared, the portal derives the result",
    ]);
  });
});

describe("the checklist items as both templates give them", () => {
  it("splits a list after 「・」 or before (a)…(z), and keeps a 「・」 inside a word", () => {
    // Lines 950–955 (splitItemText: `(?:^|\s)・\s`, `\s\([a-z]\)\s`, empty entries refused).
    const textOf = (cell: string) => item(parseAgency(changed(ITEM1, lines[ITEM1 - 1].replace(/\t[^\t]*\t■/, `\t${cell}\t■`))).templates[1], "organizational.1");
    expect(textOf("次を定めている。 ・ 責任者 ・ 担当者")).toMatchObject({ text: "次を定めている。", checkPoints: ["責任者", "担当者"] });
    expect(textOf("次を定めている。  ・   責任者")).toMatchObject({ text: "次を定めている。", checkPoints: ["責任者"] });
    expect(textOf("システム・デバイスを限定している。")).toMatchObject({ text: "システム・デバイスを限定している。" });
    expect(textOf("システム・デバイスを限定している。").checkPoints).toBeUndefined();
    expect(textOf("次を定めている。 ・責任者")).toMatchObject({ text: "次を定めている。 ・責任者" });
    expect(textOf("次を定めている。 (z) 監査 (y) 体制")).toMatchObject({ text: "次を定めている。", checkPoints: ["(z) 監査", "(y) 体制"] });
    expect(textOf("次を定めている。 (A) 監査")).toMatchObject({ text: "次を定めている。 (A) 監査" });
    expect(textOf("次を定めている。 (ab) 監査")).toMatchObject({ text: "次を定めている。 (ab) 監査" });
    expect(textOf("次を定めている。(a) 監査 (b) 体制")).toMatchObject({ text: "次を定めている。(a) 監査", checkPoints: ["(b) 体制"] });
    expectFailure(changed(ITEM1, lines[ITEM1 - 1].replace(/\t[^\t]*\t■/, "\t・ 責任者\t■")), ITEM1, "cannot split the item's list");
  });

  it("reports stray HTML in an item and keeps the item's note markers", () => {
    // Lines 946–948 (clean: `html` only when a tag was removed), 955 (noteRefs), 1003.
    const note = lineOf("5.\t運用管理規程等");
    const seed = (cell: string) => {
      const out = changed(ITEM1, lines[ITEM1 - 1].replace("限定を行っている。", cell)).split("\n");
      out.splice(note, 0, "", "注16: 注記。");
      return out.join("\n");
    };
    const r = parseAgency(seed("限定を<br/>行っている。 ^{注16)}"));
    expect(r.repairs.filter((x) => x.line === ITEM1).map((x) => `${x.kind} ${x.message}`)).toEqual(["html-stripped stray HTML list markup (<ul …>) removed from the item text"]);
    expect(item(r.templates[1], "organizational.1")).toMatchObject({ text: "情報システム運用責任者の設置及び担当者(システム管理者を含む)の限定を 行っている。", noteRefs: ["注16"] });
    expect(item(r.templates[0], "appendix.organizational.1").noteRefs).toEqual(["別添注16"]);
    expect(findSection(r.templates[0], "appendix.organizational")!.notes).toEqual([{ id: "別添注16", text: "注記。" }]);
    // A note marker alone is no HTML.
    expect(repairsAt(seed("限定を行っている。 ^{注16)}"), ITEM1)).toEqual([]);
  });

});
