// The cybersecurity checklist parser (disclosures/parsers/cyber-parser.ts, seed 002), pinned where the other suites
// leave it loose (issue 20, mutation testing): every item, section, note and answer kind of both editions against the
// committed templates, item by item; the cover letter, the introduction, the cell text and the comparison of the two
// copies at the edges of their patterns; damaged or reordered seed text with the message the parser gives. Small
// hand-written seeds from cyber-seed-fixture.ts, shared with cyber-damaged-seeds.test.ts.
// Each test names in a comment the parser lines it pins (line numbers of cyber-parser.ts on 3 December 2026).
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { applyErrata, readErrataFile } from "../../disclosures/errata.js";
import { parseCyber } from "../../disclosures/parsers/cyber-parser.js";
import type { ParseResult } from "../../disclosures/parsers/parse-report.js";
import { readCommittedErrata } from "../../disclosures/seeds.js";
import { findSection, walkItems } from "../../disclosures/template-loader.js";
import type { Item, Template } from "../../disclosures/template-schema.js";
import { requireSeeds, TEMPLATES_DIR } from "../helpers/db.js";
import { ADD_ON, COVER, EXEC_TITLE, flat, FLOWCHART, INTRO, INTRO_BLOCK, laterOf, seed, sheets, type Sheets } from "./cyber-seed-fixture.js";
import { refusal } from "./refusal.js";

// ---- a small seed: cover letter, copy 1, introduction, copy 2, flowchart --------------------------------

const IN_EXEC = `in sheet 「${EXEC_TITLE}」`;
/** Both copies with the same executive NO 1 cell. */
const withCell = (cell: string) => seed({ earlier: flat(sheets(() => cell)), later: flat(sheets(() => cell)) });

const earlierOf = (r: ParseResult) => r.templates.find((t) => t.version === "1.1.0")!;
const itemsOf = (t: Template) => [...walkItems(t)].map((e) => e.item);
const item = (r: ParseResult, key: string) => itemsOf(laterOf(r)).find((i) => i.key === key)!;
const repairs = (r: ParseResult, kind: string) => r.repairs.filter((x) => x.kind === kind);
const cellText = (cell: string) => item(parseCyber(withCell(cell)), "executive.1").text;

const failure = (text: string) => refusal(parseCyber, text);
/** The whole message, file and line included: what `scripts/templates.ts generate` prints. */
const expectFailure = (text: string, line: number, reason: string) => {
  const error = failure(text);
  expect(error.line).toBe(line);
  expect(error.message).toBe(`002_73c1d437a4f740cb.txt:${line}: ${reason}`);
};

// ---- the real seed against the committed templates ---------------------------------------------------

describe("cybersecurity parser on seed 002 + errata: each edition as committed, item by item", () => {
  const SEED = "002_73c1d437a4f740cb.txt";
  const raw = readFileSync(path.join(requireSeeds(), SEED), "utf8");
  const errata = readErrataFile("002.json", readCommittedErrata(SEED)!, SEED).errata;
  const committed = (version: string): Template => JSON.parse(readFileSync(path.join(TEMPLATES_DIR, `cybersecurity-checklist@${version}.json`), "utf8"));
  /** As the JSON file stores it (undefined fields dropped). */
  const asStored = <T>(x: T): T => JSON.parse(JSON.stringify(x));

  // Parsed inside each test, so that every assertion covers the code that made its value (docs/mutation.md).
  const parsed = () => parseCyber(applyErrata(raw, errata, "002.json")).templates;

  it("gives every status item of both editions its committed number, text, 視点, level and answer", () => {
    // Lines 264–283 (readItem: number, 視点, cell), 304–377 (normalizeCell, breakLetteredList), 466–475 (the item).
    for (const [i, version] of ["1.1.0", "1.2.0"].entries()) {
      const mine = asStored(itemsOf(parsed()[i]));
      const theirs = itemsOf(committed(version));
      expect(mine.map((x) => x.key), version).toEqual(theirs.map((x) => x.key));
      for (const [n, want] of theirs.entries()) expect(mine[n], `${version} ${want.key}`).toEqual(want);
      // Answer kinds: 記入者 text, 日付 date, every checklist row the ○/× status; 視点 on all but the 医療従事者 sheet.
      const kinds = (t: Item[]) => t.map((x) => (x.answer.kind === "status" ? `status:${x.answer.scale}:${x.level}:${x.perspective ?? "-"}` : `${x.answer.kind}:${x.level}`));
      const counts = kinds(mine).reduce<Record<string, number>>((acc, k) => ({ ...acc, [k]: (acc[k] ?? 0) + 1 }), {});
      expect(counts, version).toEqual({
        "text:none": 3,
        "date:none": 3,
        "status:cyber:required:prevent": 15 + 84 + 1,
        "status:cyber:required:detect": 7 + 1,
        "status:cyber:required:correct": 3 + 1,
        "status:cyber:required:-": 10,
      });
    }
  });

  it("gives each section, the notes, the tallies and the source of both editions as committed", () => {
    // Lines 450–510 (buildTemplate), 513–526 (introBlocks), 529–537 (coverLetter), 181 (title).
    for (const [i, version] of ["1.1.0", "1.2.0"].entries()) {
      const mine = asStored(parsed()[i]);
      const theirs = committed(version);
      expect(mine.sections.map(({ items: _, ...s }) => s), version).toEqual(theirs.sections.map(({ items: _, ...s }) => s));
      const { sections: _a, errata: _b, ...head } = theirs;
      const { sections: _c, ...mineHead } = mine;
      expect(mineHead, version).toEqual(head);
    }
    // The notes a reader sees above each sheet: the usage text of the introduction, the add-on's own instruction.
    const [first, second] = parsed();
    expect(findSection(second, "systemAdmin")!.description!.split("\n")).toHaveLength(3);
    expect(findSection(second, "staff")!.description).toMatch(/^医療従事者・一般のシステム利用者が普段の業務において/);
    expect(findSection(first, "staff")!.description).toMatch(/^医療従事者・一般のシステム利用者が普段の業務において/);
    expect(findSection(second, "onlineEligibility")!.description).toBe(
      "以下の項目について、「オンライン資格確認等、レセプトのオンライン請求及び健康保険組合に対する社会保険手続きに係る電子申請システム」を実施している場合のみチェックしてください",
    );
  });
});

// ---- the cover letter ------------------------------------------------------------------------------------

describe("the cover letter names the edition: date, issuing office, guideline edition", () => {
  const sourceOf = (cover: string[]) => {
    const r = parseCyber(seed({ cover }));
    return { first: earlierOf(r).source.edition, later: laterOf(r).source.edition, publisher: laterOf(r).source.publisher };
  };

  it("reads lines padded with spaces (as PDF extraction leaves them) and gives them trimmed", () => {
    // Lines 530 (`l.text.trim() === "事務連絡"`), 532–533 (the trimmed line tested), 536 (date and office trimmed),
    // 174 (the skipped cover text quoted trimmed).
    const skipped = repairs(parseCyber(seed({ cover: ["  事務連絡 ", ...COVER.slice(1)] })), "prose-skipped").map((x) => x.message);
    expect(skipped).toEqual(["lines 1–4: cover letters (「事務連絡」) skipped"]);
    expect(sourceOf(["  事務連絡 ", " 令和3年10月20日  ", "\t厚生労働省医政局研究開発振興課 ", COVER[3]])).toEqual({
      first: "第5.1版 別添・令和3年10月20日 事務連絡の別紙（1つ目の写し）",
      later: "第5.1版 別添・導入文付きの後の版（2つ目の写し）",
      publisher: "厚生労働省医政局研究開発振興課",
    });
  });

  it("looks for the date and the office after 事務連絡 only, not in the letter before it", () => {
    // Lines 532–533 (`slice(notice + 1, …)`): the prefectural letter above 事務連絡 has its own date and office.
    const cover = ["令和3年10月25日", "厚生労働省医政局総務課", "事務連絡", "令和3年10月20日", "厚生労働省医政局研究開発振興課", COVER[3]];
    expect(sourceOf(cover)).toMatchObject({ first: "第5.1版 別添・令和3年10月20日 事務連絡の別紙（1つ目の写し）", publisher: "厚生労働省医政局研究開発振興課" });
  });

  it("takes as the date only a line that is a whole 令和 date, with any number of digits", () => {
    // Line 532 (`/^令和\S+年\S+月\S+日$/`: both anchors, `\S+` for one- and two-digit parts).
    const dated = (...lines: string[]) => sourceOf(["事務連絡", ...lines, "厚生労働省医政局研究開発振興課", COVER[3]]).first;
    expect(dated("令和10年1月5日")).toBe("第5.1版 別添・令和10年1月5日 事務連絡の別紙（1つ目の写し）");
    expect(dated("令和3年10月20日付けで通知します", "令和3年10月21日")).toBe("第5.1版 別添・令和3年10月21日 事務連絡の別紙（1つ目の写し）");
    expect(dated("（写）令和3年10月19日", "令和3年10月21日")).toBe("第5.1版 別添・令和3年10月21日 事務連絡の別紙（1つ目の写し）");
  });

  it("takes as the issuing office only a line that is a whole 厚生労働省…課", () => {
    // Line 533 (`/^厚生労働省\S+課$/`: both anchors).
    const office = (...lines: string[]) => sourceOf(["事務連絡", "令和3年10月20日", ...lines, COVER[3]]).publisher;
    expect(office("厚生労働省医政局研究開発振興課長", "厚生労働省医政局研究開発振興課")).toBe("厚生労働省医政局研究開発振興課");
    expect(office("宛先 厚生労働省医政局総務課", "厚生労働省医政局研究開発振興課")).toBe("厚生労働省医政局研究開発振興課");
    expect(office("厚生労働省医薬局医療機器審査管理課")).toBe("厚生労働省医薬局医療機器審査管理課");
  });

  it("reads the guideline edition with or without a space before it", () => {
    // Line 534 (`ガイドライン\s*(第[\d.]+版)`).
    const edition = (annex: string) => sourceOf([...COVER.slice(0, 3), annex]).first;
    expect(edition("「医療情報システムの安全管理に関するガイドライン第6.0版」の別添")).toBe("第6.0版 別添・令和3年10月20日 事務連絡の別紙（1つ目の写し）");
    expect(edition("「医療情報システムの安全管理に関するガイドライン　第10版」の別添")).toBe("第10版 別添・令和3年10月20日 事務連絡の別紙（1つ目の写し）");
    // Full-width digits are not an edition number: refused rather than guessed.
    expectFailure(seed({ cover: [...COVER.slice(0, 3), "「医療情報システムの安全管理に関するガイドライン 第５.１版」の別添"] }), 1, "cover letter lacks its date, issuing office or the guideline edition it annexes the checklist to");
  });
});

// ---- the introduction -----------------------------------------------------------------------------------

describe("the introduction: the template's description, the sheets' numbers and notes", () => {
  it("finds a usage heading however it is spaced, and keeps heading-like sentences as text", () => {
    // Lines 518–520 (the subheading pattern, both anchors; `replace(/\s+/g, "")` on the key), 523 (「- 」 dropped).
    const intro = [
      INTRO,
      "本書は全体のチェックリストの構成について説明する。",
      "次に全体のチェックリストの構成について",
      "全体のチェックリストの構成についての補足",
      "経営層向けチェックリストの使い方を参照のこと",
      "-  二つの空白の後",
      "-記号だけ",
      "Ver 2.0 - 改訂版",
      "全体のチェックリストの構成について",
      "- (1)経営層向けチェックリスト",
      "経営層向け  サイバーセキュリティ対策   チェックリストの使い方",
      "- 経営層が活用する。",
      "- 年に数回見直す。",
    ];
    const t = laterOf(parseCyber(seed({ intro })));
    expect(t.description!.split("\n")).toEqual([
      "本書は全体のチェックリストの構成について説明する。",
      "次に全体のチェックリストの構成について",
      "全体のチェックリストの構成についての補足",
      "経営層向けチェックリストの使い方を参照のこと",
      "二つの空白の後",
      "-記号だけ",
      "Ver 2.0 - 改訂版",
      "(1)経営層向けチェックリスト",
    ]);
    expect(findSection(t, "executive")!.description).toBe("経営層が活用する。\n年に数回見直す。");
    expect(t.sections.map((s) => s.number)).toEqual(["(1)", undefined, undefined, undefined]);
  });

  it("numbers the sheets from 「(n)…向けチェックリスト」, any number of digits, a space allowed; full-width brackets give none", () => {
    // Line 456 (`(\(\d+\))\s*(\S+?)向けチェックリスト`), 476–478 (the number only when found).
    const numbers = (structure: string) => laterOf(parseCyber(seed({ intro: [INTRO, "全体のチェックリストの構成について", structure] }))).sections.map((s) => s.number);
    expect(numbers("(12)経営層向けチェックリスト (3) システム管理者向けチェックリスト")).toEqual(["(12)", "(3)", undefined, undefined]);
    expect(numbers("（１）経営層向けチェックリスト （２）システム管理者向けチェックリスト")).toEqual([undefined, undefined, undefined, undefined]);
  });

  it("uses an introduction of its heading alone: no description, and the heading is not reported as skipped", () => {
    // Lines 172 (`p.from <= (last line of the intro)`: an intro of one line), 451 (`slice(1)`), 489.
    const r = parseCyber(seed({ intro: [INTRO] }));
    expect(laterOf(r).title).toBe("医療機関のサイバーセキュリティ対策チェックリスト");
    expect(laterOf(r).description).toBeUndefined();
    expect(repairs(r, "prose-skipped").map((x) => x.message)).toEqual(["lines 1–4: cover letters (「事務連絡」) skipped"]);
  });

  it("takes the later copy's introduction from before it, not a repeated heading after it", () => {
    // Line 155 (the last introduction before the later copy and after the earlier one), 174 (stray text quoted by
    // its first thirty characters).
    const r = parseCyber(seed({ between: [INTRO, "付録の説明です。"] }));
    expect(laterOf(r).description).toContain("本チェックリストは現状を把握するためのものです。");
    expect(repairs(r, "prose-skipped").map((x) => x.message)).toEqual([
      "lines 1–4: cover letters (「事務連絡」) skipped",
      `lines 87–88: stray text between sheets (「${INTRO.slice(0, 30)}」) skipped`,
    ]);
    expect(INTRO.slice(0, 30)).not.toBe(INTRO);
  });

  it("recognises the introduction and the flowchart headings only as whole lines", () => {
    // Lines 122–131 with RE.intro / RE.flowchart: a sentence naming them inside the cover letter is cover text.
    const cover = [
      ...COVER,
      `参考: ${FLOWCHART}`,
      `${FLOWCHART}（別紙2）`,
      `（別添）${INTRO}`,
      `${INTRO}について`,
    ];
    const r = parseCyber(seed({ cover }));
    expect(repairs(r, "prose-skipped").map((x) => x.message)).toEqual(["lines 1–8: cover letters (「事務連絡」) skipped"]);
    expect(earlierOf(r).description).toBeUndefined();
    // More than one space between guideline and title is still the heading.
    const spaced = parseCyber(seed({ intro: [INTRO.replace(" ", "   "), ...INTRO_BLOCK.slice(1)], tail: [FLOWCHART.replace(" ", "  "), "0 体制整備"] }));
    expect(laterOf(spaced).title).toBe("医療機関のサイバーセキュリティ対策チェックリスト");
    expect(repairs(spaced, "flowchart-skipped").map((x) => x.line)).toEqual([87]);
  });
});

// ---- the sheets, line by line -------------------------------------------------------------------------------

describe("sheet lines: what is read, what is skipped, what is refused (with the message)", () => {
  const laterWith = (edit: (s: Sheets) => void) => {
    const s = sheets();
    edit(s);
    return seed({ later: flat(s) });
  };

  it("reads a heading without spaces, or with an ideographic space, under one spelling of its title", () => {
    // Lines 104–108 (heading found, title's blanks each made one space).
    const r = parseCyber(laterWith((s) => {
      s.executive[0] = "経営層向けサイバーセキュリティ対策チェックリスト";
      s.systemAdmin[0] = "システム管理者向け　サイバーセキュリティ対策　　チェックリスト";
    }));
    expect(laterOf(r).sections.slice(0, 2).map((x) => x.title)).toEqual(["経営層向けサイバーセキュリティ対策チェックリスト", "システム管理者向け サイバーセキュリティ対策 チェックリスト"]);
  });

  it("refuses an item numbered in full-width digits, and a row that only looks like a legend, rule or result heading", () => {
    // Lines 223–237 (RE.rule, RE.legend, RE.resultHeading, RE.item whole-line patterns; the row quoted to 40 characters).
    const at5 = (row: string) => laterWith((s) => s.executive.splice(5, 0, row));
    expectFailure(at5("１\t予防\t全角の番号か\t"), 54, `row cannot be placed ${IN_EXEC}: 「１\t予防\t全角の番号か」`);
    expectFailure(at5("※予防…補足の説明"), 54, `row cannot be placed ${IN_EXEC}: 「※予防…補足の説明」`);
    expectFailure(at5("チェックの結果について"), 54, `row cannot be placed ${IN_EXEC}: 「チェックの結果について」`);
    expectFailure(at5("----\t----\t備考"), 54, `row cannot be placed ${IN_EXEC}: 「----\t----\t備考」`);
    expectFailure(at5("x--\t--"), 54, `row cannot be placed ${IN_EXEC}: 「x--\t--」`);
    expectFailure(at5(" NO\t視点\tチェック項目\tチェック欄"), 54, `row cannot be placed ${IN_EXEC}: 「NO\t視点\tチェック項目\tチェック欄」`);
    // A two-column rule is a rule.
    expect(repairs(parseCyber(at5("--\t--")), "table-rule").map((x) => x.message)).toEqual([`markdown table rule 「--\t--」 skipped ${IN_EXEC}`]);
  });

  it("refuses a head line that is not exactly 記入者/日付 or the header, quoting forty characters", () => {
    // Lines 207–212 (RE.fillerFields whole line; the message's `t.slice(0, 40)`).
    expectFailure(laterWith((s) => (s.executive[1] = "記入者\t日付\t印")), 50, `expected 記入者/日付 or the NO/チェック項目 header ${IN_EXEC}, found 「記入者\t日付\t印」`);
    expectFailure(laterWith((s) => (s.executive[1] = "※記入者\t日付")), 50, `expected 記入者/日付 or the NO/チェック項目 header ${IN_EXEC}, found 「※記入者\t日付」`);
    const long = "この行は記入者でも見出しでもない長い説明文です。".repeat(3);
    expectFailure(laterWith((s) => (s.executive[1] = long)), 50, `expected 記入者/日付 or the NO/チェック項目 header ${IN_EXEC}, found 「${long.slice(0, 40)}」`);
  });

  it("skips both explanation lines under チェックの結果 and refuses other text there, quoting forty characters", () => {
    // Lines 242 (RE.resultText: 「全体として」 and 「全体のバランス」 at the start), 248 (`t.slice(0, 40)`).
    const r = parseCyber(laterWith((s) => s.executive.splice(10, 0, "全体のバランスを取りながら強化するため、ご活用ください")));
    expect(itemsOf(laterOf(r)).filter((i) => i.key.startsWith("executive.") && i.number).map((i) => i.key)).toEqual(["executive.1", "executive.2"]);
    expectFailure(laterWith((s) => (s.executive[9] = "弱みを全体として把握してください。")), 58, `unexpected line under チェックの結果 ${IN_EXEC}: 「弱みを全体として把握してください。」`);
    const long = "結果の表の前に置かれた、どの決まった形にも当てはまらない長い注意書きの文章です。".repeat(2);
    expectFailure(laterWith((s) => (s.executive[9] = long)), 58, `unexpected line under チェックの結果 ${IN_EXEC}: 「${long.slice(0, 40)}」`);
  });

  it("reads the summary in each printed form: 項目數, 0% and 0.00%, 「-」 for the rate or the count", () => {
    // Lines 243 (RE.summaryHeader with 數), 251–257 (RE.summaryRow: rates with and without decimals, dashes).
    const r = parseCyber(laterWith((s) => {
      s.executive[10] = "分類\t割合\t項目數";
      s.executive[11] = "予防\t0%\t0/1";
      s.executive[13] = "是正\t0.00%\t0/1";
      s.staff[5] = "割合\t項目數";
    }));
    expect(laterOf(r).sections.map((x) => x.items!.length)).toEqual([4, 3, 1, 3]);
    expect(repairs(r, "summary-dash").filter((x) => x.line > 48).map((x) => x.message)).toEqual([
      "summary 「是正 - -」 in sheet 「システム管理者向け サイバーセキュリティ対策チェックリスト」 read as 0/0",
      "summary 「発見 - -」 in sheet 「オンライン資格確認等、電子申請システム」 read as 0/0",
      "summary 「是正 - -」 in sheet 「オンライン資格確認等、電子申請システム」 read as 0/0",
    ]);
  });

  it("refuses a summary row it cannot read or that is filled in, quoting forty characters", () => {
    // Lines 251–252 (RE.summaryRow: two-digit counts, `t.slice(0, 40)`), 289 (met on a blank form).
    expectFailure(laterWith((s) => (s.executive[11] = "予防\t0.0%\t10/12")), 60, "summary of 「経営層向け サイバーセキュリティ対策チェックリスト」 shows 10 met on a blank form");
    expectFailure(laterWith((s) => (s.executive[11] = "※予防\t0.0%\t0/1")), 60, `expected a summary row (分類/割合/項目数) ${IN_EXEC}, found 「※予防\t0.0%\t0/1」`);
    const long = "予防の割合と項目数を示す表の行のはずが、文章になってしまった長い行の例です。".repeat(2);
    expectFailure(laterWith((s) => (s.executive[11] = long)), 60, `expected a summary row (分類/割合/項目数) ${IN_EXEC}, found 「${long.slice(0, 40)}」`);
  });

  it("refuses a header line with text before NO, and a later copy whose sheets are reordered", () => {
    // Lines 211–212 (RE.tableHeader at the start of the raw line), 141–146 (copy 2's order; the line of its last sheet).
    expectFailure(laterWith((s) => (s.executive[2] = "表 NO\t視点\tチェック項目\tチェック欄")), 51, `expected 記入者/日付 or the NO/チェック項目 header ${IN_EXEC}, found 「表 NO\t視点\tチェック項目\tチェック欄」`);
    const s = sheets();
    expectFailure(
      seed({ later: [...s.executive, ...s.addOn, ...s.systemAdmin, ...s.staff] }),
      86,
      "copy 2 of the checklist has sheets [executive,onlineEligibility,systemAdmin,staff], expected [executive,systemAdmin,onlineEligibility,staff]: truncated or reordered",
    );
  });

  it("refuses an add-on instruction with text before it: its sheet is then missing", () => {
    // Line 103 (RE.addOn from the start of the line): 「※以下の項目について…」 opens no sheet.
    const s = sheets();
    s.addOn[0] = `※${ADD_ON}`;
    expectFailure(
      seed({ later: flat(s) }),
      86,
      "copy 2 of the checklist has sheets [executive,systemAdmin,staff], expected [executive,systemAdmin,onlineEligibility,staff]: truncated or reordered",
    );
    // Without the closing 。 it is the instruction all the same.
    const plain = sheets();
    plain.addOn[0] = ADD_ON.replace(/。$/, "");
    expect(findSection(laterOf(parseCyber(seed({ later: flat(plain) }))), "onlineEligibility")!.title).toBe("オンライン資格確認等、電子申請システム");
  });

  it("takes the 予防/発見/是正 notes from the first sheet that defines all three", () => {
    // Lines 481–482, 501 (`legend.length === 3`): a sheet with part of the legend does not supply the help.
    const s = sheets();
    s.executive = s.executive.filter((l) => !l.includes("…"));
    s.executive.splice(5, 0, "予防…経営層の予防だけの説明。");
    s.addOn.splice(3, 0, "予防…追加項目の予防。", "発見…追加項目の発見。", "是正…追加項目の是正。");
    const t = laterOf(parseCyber(seed({ later: flat(s) })));
    expect(t.help).toEqual([
      { term: "予防", text: "追加項目の予防。" },
      { term: "発見", text: "追加項目の発見。" },
      { term: "是正", text: "追加項目の是正。" },
    ]);
  });
});

// ---- cell text -------------------------------------------------------------------------------------------------

describe("cell text: blanks, tags, PDF line wraps, lists", () => {
  const a = (n: number) => "あ".repeat(n);

  it("makes each run of blanks one space: ideographic, no-break and repeated spaces", () => {
    // Line 315 (`/[ \t\u00a0\u3000]+/g` → " ").
    expect(cellText("方針を\u3000策定\u00a0しているか  確認")).toBe("方針を 策定 しているか 確認");
  });

  it("turns block tags into line breaks and inline tags into a space, and names each tag once", () => {
    // Lines 309–312 (tags named without their attributes, block or inline), 278 (the report).
    const r = parseCyber(withCell('方針を<br />策定<div class="x">し</div><P>ているか</P><ol><li>・一つ目</li></ol>確認<span style="a b">して</span>いるか'));
    expect(item(r, "executive.1").text).toBe("方針を\n策定\nし\nているか\n・一つ目\n確認 して いるか");
    expect(repairs(r, "html-stripped").map((x) => x.message)[1]).toBe(
      `NO 1 ${IN_EXEC}: HTML tags stripped (<br> <div> </div> <P> </P> <ol> <li> </li> </ol> <span> </span>), paragraphs/lists kept as line breaks`,
    );
  });

  it("counts the wrap column from the first letter of a line inside the cell", () => {
    // Lines 313–315 (each paragraph trimmed before the count): after a <p>, 49 letters then a space is no wrap.
    expect(cellText(`<p> ${a(49)} いか</p>`)).toBe(`${a(49)} いか`);
    expect(cellText(`<p> ${a(50)} いか</p>`)).toBe(`${a(50)}いか`);
  });

  it("joins a wrap between kanji, katakana, ー or 々, but not after a Latin letter", () => {
    // Lines 298, 332 (JP_LETTER on both sides of the space).
    expect(cellText(`${a(50)} 漢字か`)).toBe(`${a(50)}漢字か`);
    expect(cellText(`${a(49)}漢 字か`)).toBe(`${a(49)}漢字か`);
    expect(cellText(`${a(50)} カナか`)).toBe(`${a(50)}カナか`);
    expect(cellText(`${a(49)}ー いか`)).toBe(`${a(49)}ーいか`);
    expect(cellText(`${a(49)}々 いか`)).toBe(`${a(49)}々いか`);
    expect(cellText(`${a(50)}PC いか`)).toBe(`${a(50)}PC いか`);
  });

  it("starts counting again after a wrap, and counts a kept space as one letter", () => {
    // Lines 335 (`column = 0` after a wrap), 339 (`column + 1` after a kept space).
    const i = (n: number) => "い".repeat(n);
    expect(cellText(`${a(50)} ${i(10)} うか`)).toBe(`${a(50)}${i(10)} うか`);
    expect(cellText(`${a(25)} ${i(24)} うか`)).toBe(`${a(25)} ${i(24)}うか`);
    expect(cellText(`${a(25)} ${i(23)} うか`)).toBe(`${a(25)} ${i(23)} うか`);
  });

  it("flags Hangul syllables and Hangul letters (jamo) alike", () => {
    // Line 280 (`/[\u1100-\u11ff\uac00-\ud7af]+/g`: both ranges, runs quoted whole).
    const r = parseCyber(withCell("方針を\u1100\u1161 策定し 방침 しているか"));
    expect(repairs(r, "suspect-text").map((x) => x.message)[1]).toBe(
      `NO 1 ${IN_EXEC}: Hangul 「\u1100\u1161」「방침」 in Japanese text (an extraction artefact: the errata file corrects it); kept as given`,
    );
  });

  it("breaks a/b/c entries in order, each letter searched after the one before", () => {
    // Lines 358–366 (`re.lastIndex = from`, `from = at + 1`): a 「b」 before 「a」 is not an entry.
    expect(cellText("条件 b 及び a 英数字 b 記号")).toBe("条件 b 及び\na 英数字\nb 記号");
    // A run through z (line 358: `code <= "z"`).
    const letters = "abcdefghijklmnopqrstuvwxyz".split("");
    expect(cellText(`次のいずれか ${letters.map((l) => `${l} 項目`).join(" ")}`).split("\n")).toEqual(["次のいずれか", ...letters.map((l) => `${l} 項目`)]);
  });

  it("splits off a sentence after a list only on the list's own line", () => {
    // Line 375 (`/^([^\n]*?。) (?=\S)/`: from the start of the last entry, not across a line break).
    expect(cellText("a 英数字 b 記号<br>以上。 確認しているか")).toBe("a 英数字\nb 記号\n以上。 確認しているか");
    expect(cellText("a 英数字 b 記号。 以上を確認しているか")).toBe("a 英数字\nb 記号。\n以上を確認しているか");
  });
});

// ---- the two copies compared ------------------------------------------------------------------------------------

describe("differences between the two copies, shown with four characters of context", () => {
  const difference = (before: string, after: string) =>
    repairs(parseCyber(seed({ earlier: flat(sheets(() => before)), later: flat(sheets(() => after)) })), "edition-difference").map((x) => x.message.replace(/^.*each keeps its own: /, ""));

  it("shows a change at the very start or end of the text without reaching past it", () => {
    // Lines 437–442 (`Math.max(0, …)`, `Math.min(n, …)`, the later text's window shifted alike).
    expect(difference("旧方針を策定しているか", "新方針を策定しているか")).toEqual(["「旧方針を策」→「新方針を策」"]);
    expect(difference("方針を策定しているか", "方針を策定しているか。")).toEqual(["「ているか」→「ているか。」"]);
    expect(difference("方針を策定しているか。", "方針を策定しているか")).toEqual(["「ているか。」→「ているか」"]);
    expect(difference("方針を策定しているか", "改めて方針を策定しているか")).toEqual(["「方針を策」→「改めて方針を策」"]);
  });

  it("joins changes four characters apart and keeps changes five apart separate", () => {
    // Line 434 (`h.i0 - prevHunk.i1 <= context`).
    expect(difference("甲一二三四乙方針を策定しているか", "丙一二三四丁方針を策定しているか")).toEqual(["「甲一二三四乙方針を策」→「丙一二三四丁方針を策」"]);
    expect(difference("甲一二三四五乙方針を策定しているか", "丙一二三四五丁方針を策定しているか")).toEqual(["「甲一二三四」→「丙一二三四」; 「二三四五乙方針を策」→「二三四五丁方針を策」"]);
  });

  it("shows a deletion and an insertion in the middle with the shared letters around them", () => {
    // Lines 420–431 (the walk through the common-subsequence table).
    expect(difference("方針を文書で策定しているか", "方針を策定しているか")).toEqual(["「方針を文書で策定して」→「方針を策定して」"]);
    expect(difference("方針を策定しているか", "方針を文書で策定しているか")).toEqual(["「方針を策定して」→「方針を文書で策定して」"]);
    expect(difference("方針を策定し、見直しているか", "方針を策定し、公表しているか")).toEqual(["「策定し、見直している」→「策定し、公表している」"]);
  });

  it("lists six changes in full, without a count", () => {
    // Line 400 (`changes.length > 6`: the 「… (n changes)」 tail only from seven on).
    const [six] = difference("a00000b00000c00000d00000e00000f", "A00000B00000C00000D00000E00000F");
    expect(six).toBe("「a0000」→「A0000」; 「0000b0000」→「0000B0000」; 「0000c0000」→「0000C0000」; 「0000d0000」→「0000D0000」; 「0000e0000」→「0000E0000」; 「0000f」→「0000F」");
  });

  it("shows two swapped clauses as the first one moved behind the second", () => {
    // Line 428 (`>=`: when keeping either clause is as good, the walk drops the earlier text's first and keeps its second).
    expect(difference("体制を整備し方針を策定しているか", "方針を策定し体制を整備しているか")).toEqual([
      "「体制を整備し方針を策」→「方針を策」; 「を策定しているか」→「を策定し体制を整備しているか」",
    ]);
  });

  it("shows two swapped clauses that end the text the same way, the whole table walked to its last letter", () => {
    // Line 412 (the common-subsequence table sized (n + 1) × (m + 1): its last rows decide the end of the text).
    expect(difference("体制を整備し方針を策定", "方針を策定し体制を整備")).toEqual(["「体制を整備し方針を策」→「方針を策」; 「針を策定」→「針を策定し体制を整備」"]);
  });
});
