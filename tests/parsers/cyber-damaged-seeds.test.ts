// The cybersecurity checklist parser on small hand-written seeds: a cover letter, the checklist printed twice
// (4 sheets each), the introduction of the later copy and the flowchart. What a hospital sees in the template,
// and a clear SeedParseError (with its line) for each way the text can be damaged. The real seed is covered by
// cyber-parser.test.ts.
import { describe, expect, it } from "vitest";
import { parseCyber } from "../../disclosures/parsers/cyber-parser.js";
import type { ParseResult } from "../../disclosures/parsers/parse-report.js";
import { findSection, validateTemplate, walkItems } from "../../disclosures/template-loader.js";
import { ADD_ON, COVER, flat, INTRO, INTRO_BLOCK, laterOf, seed, sheets, type Sheets } from "./cyber-seed-fixture.js";
import { refusal } from "./refusal.js";

/** Line number (1-based) of the n-th line equal to `text` in the default seed layout. */
const lineOf = (text: string, s: string, nth = 1) => s.split("\n").reduce<number[]>((acc, l, i) => (l === text ? [...acc, i + 1] : acc), [])[nth - 1];

const earlierOf = (r: ParseResult) => r.templates.find((t) => t.version === "1.1.0")!;
const items = (r: ParseResult) => [...walkItems(laterOf(r))].map((e) => e.item);
const item = (r: ParseResult, key: string) => items(r).find((i) => i.key === key)!;
const repairs = (r: ParseResult, kind: string) => r.repairs.filter((x) => x.kind === kind);

const failure = (text: string) => refusal(parseCyber, text);
const expectFailure = (text: string, line: number, message: RegExp) => {
  const error = failure(text);
  expect(error.line).toBe(line);
  expect(error.message).toMatch(message);
  expect(error.message.startsWith(`002_73c1d437a4f740cb.txt:${line}: `)).toBe(true);
};

describe("cybersecurity parser on seed fragments: the template a hospital sees", () => {
  it("builds the later copy's four sheets with numbers, descriptions, 視点, 記入者/日付 and tallies", () => {
    const r = parseCyber(seed());
    expect(r.templates.map((x) => x.version)).toEqual(["1.1.0", "1.2.0"]);
    const t = validateTemplate(laterOf(r), "fragment");
    // The earlier copy is the other version: the 別紙 of the 事務連絡; it has no introduction of its own here.
    const first = validateTemplate(earlierOf(r), "fragment");
    expect(first.source.edition).toBe("第5.1版 別添・令和3年10月20日 事務連絡の別紙（1つ目の写し）");
    expect(first.description).toBeUndefined();
    expect([...walkItems(first)].map((e) => e.item.key)).toEqual(items(r).map((i) => i.key));
    expect(t.title).toBe("医療機関のサイバーセキュリティ対策チェックリスト");
    expect(t.source).toEqual({
      document: "医療機関のサイバーセキュリティ対策チェックリスト",
      edition: "第5.1版 別添・導入文付きの後の版（2つ目の写し）",
      publisher: "厚生労働省医政局研究開発振興課",
      seed: "002_73c1d437a4f740cb.txt",
    });
    expect(t.description).toBe(
      "本チェックリストは現状を把握するためのものです。\nチェックリストは(1)経営層向けチェックリスト (2)システム管理者向けチェックリスト (3)医療従事者・一般のシステム利用者向けチェックリストからなる。",
    );
    expect(t.sections.map((s) => [s.key, s.number, s.title, s.description])).toEqual([
      ["executive", "(1)", "経営層向け サイバーセキュリティ対策チェックリスト", "経営層が活用する。"],
      ["systemAdmin", "(2)", "システム管理者向け サイバーセキュリティ対策チェックリスト", undefined],
      ["onlineEligibility", undefined, "オンライン資格確認等、電子申請システム", ADD_ON],
      ["staff", "(3)", "医療従事者・一般のシステム利用者向け サイバーセキュリティ対策チェックリスト", undefined],
    ]);
    expect(items(r).map((i) => `${i.key}|${i.number ?? ""}|${i.text}|${i.level}|${i.answer.kind}|${i.perspective ?? ""}`)).toEqual([
      "executive.filledBy||記入者|none|text|",
      "executive.filledOn||日付|none|date|",
      "executive.1|1|方針を策定しているか|required|status|prevent",
      "executive.2|2|専門チームを設置しているか|required|status|correct",
      "systemAdmin.filledBy||記入者|none|text|",
      "systemAdmin.filledOn||日付|none|date|",
      "systemAdmin.1|1|ログを確認しているか|required|status|detect",
      "onlineEligibility.1|1|閉域網で接続しているか|required|status|prevent",
      "staff.filledBy||記入者|none|text|",
      "staff.filledOn||日付|none|date|",
      "staff.1|1|目的外使用をしていないか|required|status|",
    ]);
    expect(t.help).toEqual([
      { term: "予防", text: "事前に予防する手続を指す。" },
      { term: "発見", text: "迅速に発見する手続を指す。" },
      { term: "是正", text: "現状復帰する手続を指す。" },
    ]);
    expect(t.derived!.map((d) => d.title)).toEqual(["経営層 視点別集計", "システム管理者 視点別集計", "オンライン資格確認等 視点別集計", "医療従事者・一般のシステム利用者 集計"]);
    // Identical copies: nothing to report between them.
    expect(repairs(r, "edition-difference")).toEqual([]);
    expect(r.repairs.map((x) => `${x.line} ${x.kind}`)).toEqual([
      "1 prose-skipped",
      "5 editions",
      // Each copy's own repairs: 「- -」 summaries read as 0/0, the add-on titled from its instruction.
      "27 summary-dash",
      "28 section-title-inferred",
      "34 summary-dash",
      "35 summary-dash",
      "71 summary-dash",
      "72 section-title-inferred",
      "78 summary-dash",
      "79 summary-dash",
      "87 flowchart-skipped",
    ]);
    expect(repairs(r, "prose-skipped")[0].message).toBe("lines 1–4: cover letters (「事務連絡」) skipped");
    expect(repairs(r, "editions")[0].message).toBe("two copies of the checklist, kept as two versions: lines 5–42 (5 items) → 1.1.0, lines 49–86 (5 items) → 1.2.0");
    expect(repairs(r, "flowchart-skipped")[0].message).toBe("lines 87–88: 「医療情報システム等の障害発生時の対応フローチャート」 is not a checklist; skipped");
  });

  it("leaves a sheet without 記入者/日付 without those fields, and the template without an introduction text when it has none", () => {
    const later = sheets();
    later.systemAdmin = later.systemAdmin.filter((l) => l !== "記入者\t日付");
    const r = parseCyber(seed({ later: flat(later), intro: [INTRO] }));
    expect(findSection(laterOf(r), "systemAdmin")!.items!.map((i) => i.key)).toEqual(["systemAdmin.1"]);
    expect(laterOf(r).description).toBeUndefined();
    // Without 「(1)経営層向けチェックリスト」 in an introduction, the sheets carry no number.
    expect(laterOf(r).sections.map((s) => s.number)).toEqual([undefined, undefined, undefined, undefined]);
  });

  it("reports each wording and 視点 difference between the copies, each version keeping its own", () => {
    const earlier = sheets((s) => s.replace("策定", "作成"));
    earlier.systemAdmin = earlier.systemAdmin.map((l) =>
      l.replace("1\t発見\t", "1\t予防\t").replace("予防\t-\t0/0", "予防\t0.0%\t0/1").replace("発見\t0.0%\t0/1", "発見\t-\t0/0"),
    );
    earlier.staff.splice(4, 0, "2\t業務に不要なサイトを見ていないか\t");
    earlier.staff = earlier.staff.map((l) => l.replace("0/1", "0/2"));
    const r = parseCyber(seed({ earlier: flat(earlier) }));
    expect(item(r, "executive.1").text).toBe("方針を策定しているか");
    expect(item(r, "systemAdmin.1").perspective).toBe("detect");
    const first = (key: string) => [...walkItems(earlierOf(r))].find((e) => e.item.key === key)!.item;
    expect(first("executive.1").text).toBe("方針を作成しているか");
    expect(first("systemAdmin.1").perspective).toBe("prevent");
    expect(first("staff.2").text).toBe("業務に不要なサイトを見ていないか");
    expect(repairs(r, "edition-difference").map((x) => x.message)).toEqual([
      "「経営層」 NO 1 reads differently in the earlier copy (line 8, 1.1.0) and the later (1.2.0); each keeps its own: 「方針を作成している」→「方針を策定している」",
      "「システム管理者」 NO 1 reads differently in the earlier copy (line 22, 1.1.0) and the later (1.2.0); each keeps its own: 視点 prevent → detect",
      "「医療従事者・一般のシステム利用者」: 2 items in the earlier copy, 1 in the later copy",
    ]);
  });

  it("shows at most six changes of one item and says how many there were", () => {
    // Each change is shown with four characters of context; changes further apart than that are listed separately.
    const far = sheets(() => "変更前の文言ですがここから先は長い共通部分が続きますので差分は二箇所だけになります末尾A");
    const far2 = sheets(() => "変更後の文言ですがここから先は長い共通部分が続きますので差分は二箇所だけになります末尾B");
    const r2 = parseCyber(seed({ earlier: flat(far), later: flat(far2) }));
    expect(repairs(r2, "edition-difference")[0].message).toBe(
      "「経営層」 NO 1 reads differently in the earlier copy (line 8, 1.1.0) and the later (1.2.0); each keeps its own: 「変更前の文言で」→「変更後の文言で」; 「ます末尾A」→「ます末尾B」",
    );
    // Changes four characters apart share their context and are shown as one.
    const near = parseCyber(seed({ earlier: flat(sheets(() => "a0000b")), later: flat(sheets(() => "A0000B")) }));
    expect(repairs(near, "edition-difference")[0].message).toBe("「経営層」 NO 1 reads differently in the earlier copy (line 8, 1.1.0) and the later (1.2.0); each keeps its own: 「a0000b」→「A0000B」");
    const many = sheets(() => "a00000b00000c00000d00000e00000f00000g00000h");
    const many2 = sheets(() => "A00000B00000C00000D00000E00000F00000G00000H");
    const r3 = parseCyber(seed({ earlier: flat(many), later: flat(many2) }));
    expect(repairs(r3, "edition-difference")[0].message).toBe(
      "「経営層」 NO 1 reads differently in the earlier copy (line 8, 1.1.0) and the later (1.2.0); each keeps its own: 「a0000」→「A0000」; 「0000b0000」→「0000B0000」; 「0000c0000」→「0000C0000」; 「0000d0000」→「0000D0000」; 「0000e0000」→「0000E0000」; 「0000f0000」→「0000F0000」; … (8 changes)",
    );
  });

  it("normalises cell text: HTML, lists on their own lines, PDF line wraps, Hangul flagged", () => {
    const wrapped = "医療情報システムで扱う情報を全てリストアップし、リストアップした情報資産に対してリスク分析を実施してい るか";
    const later = sheets();
    later.systemAdmin.splice(
      4,
      0,
      `2\t予防\t<p>以下を定めているか</p><ul><li>・体制</li><li>・文書の管理方法</li></ul>\t`,
      `3\t予防\t${wrapped}\t`,
      "4\t予防\tパスワードは以下のいずれかか。 a. 13文字以上 b. 8文字以上 c. 二要素の場合。 いずれの場合も確認しているか\t",
      "5\t予防\t情報処理機器 자체を破棄する場合、<b>消去</b>しているか\t",
      "6\t予防\t短い行 です。 ・項目A ・項目B\t",
    );
    later.systemAdmin = later.systemAdmin.map((l) => (l === "予防\t-\t0/0" ? "予防\t0.0%\t0/5" : l));
    const earlier = sheets();
    earlier.systemAdmin = [...later.systemAdmin];
    const r = parseCyber(seed({ earlier: flat(earlier), later: flat(later) }));
    expect(item(r, "systemAdmin.2").text).toBe("以下を定めているか\n・体制\n・文書の管理方法");
    expect(item(r, "systemAdmin.3").text).toBe(wrapped.replace(" ", ""));
    expect(item(r, "systemAdmin.4").text.split("\n")).toEqual(["パスワードは以下のいずれかか。", "a. 13文字以上", "b. 8文字以上", "c. 二要素の場合。", "いずれの場合も確認しているか"]);
    expect(item(r, "systemAdmin.5").text).toBe("情報処理機器 자체を破棄する場合、 消去 しているか");
    // A space that is not a wrap (early in the line) stays; ・ bullets start their own lines.
    expect(item(r, "systemAdmin.6").text).toBe("短い行 です。\n・項目A\n・項目B");
    // Both copies are versions, so each reports its own repairs: the same rows, once per copy.
    const at = (n: number, copy: number) => lineOf(later.systemAdmin[n], seed({ earlier: flat(earlier), later: flat(later) }), copy);
    const both = (n: number, message: string) => [1, 2].map((copy) => `${at(n, copy)} ${message}`);
    expect(repairs(r, "html-stripped").map((x) => `${x.line} ${x.message}`).sort()).toEqual(
      [
        ...both(4, "NO 2 in sheet 「システム管理者向け サイバーセキュリティ対策チェックリスト」: HTML tags stripped (<p> </p> <ul> <li> </li> </ul>), paragraphs/lists kept as line breaks"),
        ...both(7, "NO 5 in sheet 「システム管理者向け サイバーセキュリティ対策チェックリスト」: HTML tags stripped (<b> </b>), paragraphs/lists kept as line breaks"),
      ].sort(),
    );
    expect(repairs(r, "wrapped-line-joined").map((x) => `${x.line} ${x.message}`)).toEqual(
      both(5, "NO 3 in sheet 「システム管理者向け サイバーセキュリティ対策チェックリスト」: 1 PDF line wrap(s) inside the cell joined (「施してい|るか」)"),
    );
    expect(repairs(r, "suspect-text").map((x) => `${x.line} ${x.message}`)).toEqual(
      both(7, "NO 5 in sheet 「システム管理者向け サイバーセキュリティ対策チェックリスト」: Hangul 「자체」 in Japanese text (an extraction artefact: the errata file corrects it); kept as given"),
    );
  });

  it("joins a space as a PDF line wrap only fifty letters into a line of the cell", () => {
    const cell = (t: string) => {
      const later = sheets(() => t);
      const text = seed({ earlier: flat(later), later: flat(later) });
      const r = parseCyber(text);
      // The later copy's reports (the earlier, identical, reports the same).
      return { text: item(r, "executive.1").text, wraps: repairs(r, "wrapped-line-joined").filter((x) => x.line > lineOf(INTRO, text)).map((x) => x.message) };
    };
    const a = (n: number) => "あ".repeat(n);
    expect(cell(`${a(49)} いか`).text).toBe(`${a(49)} いか`);
    expect(cell(`${a(50)} いか`)).toEqual({
      text: `${a(50)}いか`,
      wraps: ["NO 1 in sheet 「経営層向け サイバーセキュリティ対策チェックリスト」: 1 PDF line wrap(s) inside the cell joined (「ああああ|いか」)"],
    });
    // Between a Japanese letter and a Latin one, or after 。 and before a ・ bullet, a space is no wrap and a new line
    // of the cell starts there.
    expect(cell(`${a(50)} PCか`).text).toBe(`${a(50)} PCか`);
    expect(cell(`${a(45)}。 ${"い".repeat(10)} うか`).text).toBe(`${a(45)}。 ${"い".repeat(10)} うか`);
    expect(cell(`${a(45)} ・${"い".repeat(10)} うか`).text).toBe(`${a(45)}\n・${"い".repeat(10)} うか`);
    // At most three wraps are quoted; all are counted.
    const four = cell([a(50), a(50), a(50), a(50), "か"].join(" "));
    expect(four.text).toBe(a(200) + "か");
    expect(four.wraps).toEqual([
      "NO 1 in sheet 「経営層向け サイバーセキュリティ対策チェックリスト」: 4 PDF line wrap(s) inside the cell joined (「ああああ|ああああ」, 「ああああ|ああああ」, 「ああああ|ああああ」)",
    ]);
  });

  it("breaks a/b/c lists only when at least two letters follow each other", () => {
    const cell = (t: string) => item(parseCyber(seed({ earlier: flat(sheets(() => t)), later: flat(sheets(() => t)) })), "executive.1").text;
    expect(cell("次のいずれか a 英数字 b 記号 c 桁数")).toBe("次のいずれか\na 英数字\nb 記号\nc 桁数");
    expect(cell("a. 英数字 b. 記号")).toBe("a. 英数字\nb. 記号");
    expect(cell("条件 a を満たすか")).toBe("条件 a を満たすか");
    expect(cell("条件 b 及び c を満たすか")).toBe("条件 b 及び c を満たすか");
    expect(cell("次のいずれか a 英数字 b 記号。 以上を確認しているか")).toBe("次のいずれか\na 英数字\nb 記号。\n以上を確認しているか");
  });

  it("normalises the spacing of a sheet heading and reports items only the later copy has", () => {
    const later = sheets();
    later.executive[0] = "経営層向け  サイバーセキュリティ対策   チェックリスト";
    later.executive.splice(5, 0, "3\t予防\t追加された項目か\t");
    later.executive = later.executive.map((l) => (l === "予防\t0.0%\t0/1" ? "予防\t0.0%\t0/2" : l));
    const r = parseCyber(seed({ later: flat(later) }));
    expect(laterOf(r).sections[0].title).toBe("経営層向け サイバーセキュリティ対策 チェックリスト");
    expect(item(r, "executive.3").text).toBe("追加された項目か");
    expect(repairs(r, "edition-difference").map((x) => `${x.line} ${x.message}`)).toEqual(["49 「経営層」: 2 items in the earlier copy, 3 in the later copy"]);
  });

  it("reads cells the extraction padded: spaces around the 視点, trailing tabs, a legend with a space, a leading bullet", () => {
    const later = sheets();
    later.executive[3] = "1\t 予防 \t・理念 ・範囲\t\t\t";
    later.executive[5] = "予防… 事前に予防する手続を指す。";
    const r = parseCyber(seed({ earlier: flat(later), later: flat(later) }));
    expect(item(r, "executive.1")).toMatchObject({ perspective: "prevent", text: "・理念\n・範囲" });
    expect(laterOf(r).help![0]).toEqual({ term: "予防", text: "事前に予防する手続を指す。" });
  });

  it("skips page headers, table rules and stray text, reporting each", () => {
    const later = sheets();
    later.executive.splice(3, 0, "NO\t視点\tチェック項目\tチェック欄");
    later.executive.splice(5, 0, "NO\t視点\tチェック項目\tチェック欄 (○or×)", "----\t----\t---\t--");
    const s = seed({ later: [...flat(later).slice(0, 17), "チェックの結果", ...flat(later).slice(17)] });
    const r = parseCyber(s);
    expect(items(r).filter((i) => i.key.startsWith("executive.") && i.number).map((i) => i.text)).toEqual(["方針を策定しているか", "専門チームを設置しているか"]);
    const sheet = "in sheet 「経営層向け サイバーセキュリティ対策チェックリスト」";
    // The header repeated before any item is not a page break: nothing to report.
    expect(repairs(r, "page-header").map((x) => x.message)).toEqual([`repeated table header (page break) skipped ${sheet}`]);
    expect(repairs(r, "table-rule").map((x) => x.message)).toEqual([`markdown table rule 「----\t----\t---\t--」 skipped ${sheet}`]);
    expect(repairs(r, "prose-skipped").map((x) => x.message)).toEqual([
      "lines 1–4: cover letters (「事務連絡」) skipped",
      "lines 66–66: stray text between sheets (「チェックの結果」) skipped",
    ]);
    // An introduction before the later copy's own belongs to the earlier copy: its description, not skipped text.
    const twice = parseCyber(seed({ earlier: [...flat(sheets()), ...INTRO_BLOCK.slice(0, 2)] }));
    expect(repairs(twice, "prose-skipped").map((x) => x.message)).toEqual(["lines 1–4: cover letters (「事務連絡」) skipped"]);
    expect(earlierOf(twice).description).toBe("本チェックリストは現状を把握するためのものです。");
    expect(laterOf(twice).description).toContain("本チェックリストは現状を把握するためのものです。\nチェックリストは(1)経営層向け");
  });
});

describe("cybersecurity parser on damaged seeds: a clear SeedParseError with the line", () => {
  it("refuses a seed of blank lines as empty", () => {
    expectFailure("\n  \n\t\n", 1, /empty seed: no checklist found/);
  });

  it("refuses a seed without sheets, or whose sheets are unknown or out of place", () => {
    expectFailure([...COVER, "", ""].join("\n"), 6, /no checklist sheet found/);
    expectFailure(seed({ earlier: ["看護師向け サイバーセキュリティ対策チェックリスト"] }), 5, /unknown checklist sheet 「看護師向け サイバーセキュリティ対策チェックリスト」/);
    const s = sheets();
    expectFailure(seed({ earlier: [...s.systemAdmin, ...s.executive, ...s.addOn, ...s.staff] }), 5, /sheet 「システム管理者向け サイバーセキュリティ対策チェックリスト」 before any 経営層向け sheet: cannot place it/);
  });

  it("refuses a sheet that ends without its summary, or a seed that ends inside one", () => {
    const s = sheets();
    expectFailure(seed({ earlier: [...s.executive.slice(0, 5), ...s.systemAdmin, ...s.addOn, ...s.staff] }), 10, /sheet 「経営層向け サイバーセキュリティ対策チェックリスト」 \(line 5\) ends without its チェックの結果 summary/);
    const cut = seed().split("\n").slice(0, 85).join("\n");
    expectFailure(cut, 85, /seed ends inside sheet 「医療従事者・一般のシステム利用者向け サイバーセキュリティ対策チェックリスト」 \(line 80\): truncated\?/);
  });

  it("refuses copies with missing or reordered sheets, one copy, three copies, or no flowchart", () => {
    const s = sheets();
    expectFailure(seed({ earlier: [...s.executive, ...s.systemAdmin, ...s.staff, ...s.addOn] }), 42, /copy 1 of the checklist has sheets \[executive,systemAdmin,staff,onlineEligibility\], expected \[executive,systemAdmin,onlineEligibility,staff\]: truncated or reordered/);
    expectFailure(seed({ earlier: [] }), 50, /expected the checklist twice \(two copies\), found 1: truncated\?/);
    expectFailure(seed({ later: [...flat(sheets()), ...flat(sheets())] }), 126, /expected the checklist twice \(two copies\), found 3/);
    expectFailure(seed({ tail: [] }), 86, /seed ends before the 障害発生時の対応フローチャート: truncated\?/);
  });

  it("refuses a later copy without its introduction", () => {
    expectFailure(seed({ intro: [] }), 43, /the later copy has no introduction/);
    // An introduction before the earlier copy does not count for the later one.
    expectFailure(seed({ cover: [...COVER, INTRO], intro: [] }), 44, /the later copy has no introduction/);
  });

  it("refuses a sheet head or table it cannot read", () => {
    const bad = (sheet: keyof Sheets, at: number, lineText: string, insert = false) => {
      const s = sheets();
      if (insert) s[sheet].splice(at, 0, lineText);
      else s[sheet][at] = lineText;
      return seed({ later: flat(s) });
    };
    expectFailure(bad("executive", 2, "番号\tチェック項目"), 51, /expected 記入者\/日付 or the NO\/チェック項目 header in sheet 「経営層向け サイバーセキュリティ対策チェックリスト」, found 「番号/);
    expectFailure(bad("executive", 4, "NO\tチェック項目\tチェック欄", true), 53, /repeated header in sheet 「経営層向け サイバーセキュリティ対策チェックリスト」 disagrees on the 視点 column/);
    expectFailure(bad("executive", 4, "これは置けない行", true), 53, /row cannot be placed in sheet 「経営層向け サイバーセキュリティ対策チェックリスト」: 「これは置けない行」/);
    // Long lines are quoted by their start only.
    const long = "置けない行".repeat(10);
    expect(failure(bad("executive", 4, long, true)).message).toBe(
      `002_73c1d437a4f740cb.txt:53: row cannot be placed in sheet 「経営層向け サイバーセキュリティ対策チェックリスト」: 「${long.slice(0, 40)}」`,
    );
    expect(failure(bad("executive", 3, `1\t${"予備の視点".repeat(6)}\t方針\t`)).message).toMatch(new RegExp(`in its second column: 「${"予備の視点".repeat(4)}」$`));
    expectFailure(bad("executive", 3, "2\t予防\t方針を策定しているか\t"), 52, /item NO 2 in sheet 「経営層向け サイバーセキュリティ対策チェックリスト」 out of sequence \(expected 1\)/);
    expectFailure(bad("executive", 3, "1\t\t方針を策定しているか\t"), 52, /item NO 1 in sheet .* has no 視点 \(予防\/発見\/是正\) in its second column: 「」/);
    expectFailure(bad("executive", 3, "1\t予防\t方針\t○\t"), 52, /item NO 1 in sheet .* has 2 cells after NO\/視点; expected the チェック項目 and an empty チェック欄/);
    expectFailure(bad("staff", 3, "1\t目的外使用\t×"), 83, /item NO 1 in sheet .* has 2 cells after NO; expected/);
    expectFailure(bad("executive", 3, "1\t予防\t<br>\t"), 52, /item NO 1 in sheet .* has no チェック項目 text/);
  });

  it("refuses a summary that is missing, malformed, out of order or disagrees with the items", () => {
    const bad = (sheet: keyof Sheets, at: number, lineText: string) => {
      const s = sheets();
      s[sheet][at] = lineText;
      return seed({ later: flat(s) });
    };
    const sheet = "in sheet 「経営層向け サイバーセキュリティ対策チェックリスト」";
    expectFailure(bad("executive", 9, "ご活用ください。"), 58, new RegExp(`unexpected line under チェックの結果 ${sheet}: 「ご活用ください。」`));
    expectFailure(bad("executive", 10, "割合\t項目数"), 59, new RegExp(`summary header ${sheet} disagrees with the 視点 column of its table`));
    expectFailure(bad("staff", 5, "分類\t割合\t項目数"), 85, /summary header in sheet 「医療従事者.*disagrees with the 視点 column/);
    expectFailure(bad("executive", 11, "予防\t0.0%\t0/1\t余分"), 60, new RegExp(`expected a summary row \\(分類/割合/項目数\\) ${sheet}, found 「予防`));
    expectFailure(bad("executive", 11, "0.0%\t0/1"), 60, new RegExp(`summary row ${sheet} disagrees with the 視点 column of its table`));
    expectFailure(bad("executive", 11, "発見\t-\t0/0"), 60, new RegExp(`summary row 「発見」 ${sheet} out of order \\(expected 予防, 発見, 是正\\)`));
    expectFailure(bad("executive", 11, "予防\t100.0%\t1/1"), 60, /summary of 「経営層向け サイバーセキュリティ対策チェックリスト」 shows 1 met on a blank form/);
    expectFailure(bad("executive", 13, "是正\t0.0%\t0/2"), 62, /summary of 「経営層向け サイバーセキュリティ対策チェックリスト」 says 是正 2 items, the sheet has 1/);
    expectFailure(bad("staff", 6, "0.0%\t0/3"), 86, /summary of 「医療従事者・一般のシステム利用者向け サイバーセキュリティ対策チェックリスト」 says total 3 items, the sheet has 1/);
    // The earlier copy's summaries are checked too.
    const s = sheets();
    s.executive[11] = "予防\t0.0%\t0/7";
    expectFailure(seed({ earlier: flat(s) }), 16, /says 予防 7 items, the sheet has 1/);
  });

  it("refuses a copy with no 予防/発見/是正 legend", () => {
    const later = sheets();
    later.executive = later.executive.filter((l) => !l.includes("…"));
    expectFailure(seed({ later: flat(later) }), 49, /no sheet of the copy from line 49 defines 予防\/発見\/是正/);
    // The earlier copy is a version too: it needs its legend as well.
    expectFailure(seed({ earlier: flat(later) }), 5, /no sheet of the copy from line 5 defines 予防\/発見\/是正/);
  });

  it("refuses a seed whose cover letter does not name the edition", () => {
    expectFailure(seed({ cover: COVER.slice(1) }), 1, /cover letter \(事務連絡\) not found: cannot name the edition/);
    expectFailure(seed({ cover: [COVER[0], COVER[2], COVER[3]] }), 1, /cover letter lacks its date, issuing office or the guideline edition/);
    expectFailure(seed({ cover: [COVER[0], COVER[1], COVER[3]] }), 1, /cover letter lacks/);
    expectFailure(seed({ cover: COVER.slice(0, 3) }), 1, /cover letter lacks/);
    // The date is looked for within three lines of 事務連絡, the issuing office within eleven.
    expectFailure(seed({ cover: [COVER[0], "", "", "", COVER[1], ...COVER.slice(2)] }), 1, /cover letter lacks/);
    const far = parseCyber(seed({ cover: [COVER[0], "", "", COVER[1], ...Array(7).fill(""), COVER[2], COVER[3]] }));
    expect(laterOf(far).source.publisher).toBe("厚生労働省医政局研究開発振興課");
    expectFailure(seed({ cover: [COVER[0], COVER[1], ...Array(11).fill(""), COVER[2], COVER[3]] }), 1, /cover letter lacks/);
  });
});
