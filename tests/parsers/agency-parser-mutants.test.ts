// The 代行機関 parser (disclosures/parsers/agency-parser.ts, seed 003), pinned where the other suites leave it loose
// (issue 20, mutation testing): every item, note, section and answer kind of both templates against the committed
// files, item by item, and the example answers key by key; the date reader at the edges of its patterns; the text
// helpers (notes, note markers, wrapped notes, table rules, dashes, phone numbers, addresses, check boxes, blanks,
// counts) through one-line edits of the real seed, with the whole message the parser gives.
// Each test names in a comment the parser lines it pins (line numbers of agency-parser.ts on 3 December 2026, after
// the three fixes of that day: docs/mutation-agency-parser.md).
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { applyErrata, readErrataFile } from "../../disclosures/errata.js";
import { parseAgency, parseJapaneseDate } from "../../disclosures/parsers/agency-parser.js";
import { readCommittedErrata } from "../../disclosures/seeds.js";
import { findSection } from "../../disclosures/template-loader.js";
import type { Template } from "../../disclosures/template-schema.js";
import { ROOT, TEMPLATES_DIR } from "../helpers/db.js";
import { agencyOf, answersOf, changed, edit, expectFailure, insertAfter, item, itemsOf, lineOf, lines, repairsOf, SEED, text } from "./agency-seed-fixture.js";


/** 1-based number of the first line containing `needle` (after line `after`). */
/** The seed with line `at` replaced by `by` (a string, several lines, or nothing). */
/** The seed with `from` replaced by `to` on the first line containing `needle`. */
/** The value cell of a one-value overview row replaced. */
const value = (label: string, to: string) => edit(`\t${label}`, /\t[^\t]*$/, `\t${to}`);

/** The whole message, file and line included: what `scripts/templates.ts generate` prints. */

// ---- the real seed against the committed templates ---------------------------------------------------------

describe("代行機関 parser on seed 003 + errata: both templates as committed, item by item", () => {
  const errata = readErrataFile("003.json", readCommittedErrata(SEED)!, SEED).errata;
  const committed = (file: string): Template => JSON.parse(readFileSync(path.join(TEMPLATES_DIR, file), "utf8"));
  /** As the JSON file stores it (undefined fields dropped). */
  const asStored = <T>(x: T): T => JSON.parse(JSON.stringify(x));
  // Parsed inside each test, so that every assertion covers the code that made its value (docs/mutation.md).
  const parsed = () => parseAgency(applyErrata(text, errata, "003.json"));
  const FILES = ["agency-disclosure@1.1.0.json", "minimum-guideline-checklist@1.1.0.json"];

  it("gives every item of both templates its committed key, text, group, number, level, notes and answer", () => {
    // Lines 451–599 (push, base, firstRow, sub, scalarAnswer), 605–644 (optionsOf, extendChoice, splitExtra),
    // 647–671 (tableRow), 674–769 (feeRow), 417–426 (closeSection: section note markers on every item),
    // 945–956 (splitItemText), 990–1007 (checklistSections: keys, numbers, levels, prefixed note ids).
    const templates = parsed().templates;
    FILES.forEach((file, i) => {
      const mine = asStored(itemsOf(templates[i]));
      const theirs = itemsOf(committed(file));
      expect(mine.map((x) => x.key), file).toEqual(theirs.map((x) => x.key));
      for (const [n, want] of theirs.entries()) expect(mine[n], `${file} ${want.key}`).toEqual(want);
    });
    // Answer kinds and levels, counted: what the editor shows and what publishing requires.
    const kinds = (t: Template) =>
      itemsOf(t).reduce<Record<string, number>>((acc, x) => {
        const k = `${x.answer.kind}:${x.level}`;
        return { ...acc, [k]: (acc[k] ?? 0) + 1 };
      }, {});
    expect(kinds(templates[0])).toEqual({
      "text:required": 6,
      "tel:required": 1,
      "tel:none": 1,
      "url:required": 1,
      "email:required": 1,
      "choice:required": 11,
      "choice:none": 2,
      "table:required": 2,
      "composite:required": 3,
      "composite:none": 1,
      "multiline:required": 2,
      "multiline:none": 2,
      "derived:required": 1,
      "date:required": 1,
      "status:required": 90,
    });
    expect(kinds(templates[1])).toEqual({ "status:required": 90 });
  });

  it("gives each section, its notes and description, and the template heads as committed", () => {
    // Lines 398–426 (startSection, closeSection: key, title, notes), 364–389 (freeLine: notes, wrapped note,
    // description), 821–939 (parseChecklist: title, short title, edition, description, notes), 1054–1088.
    const templates = parsed().templates;
    FILES.forEach((file, i) => {
      const mine = asStored(templates[i]);
      const theirs = committed(file);
      const shape = (t: Template) => [...walkSections(t.sections)].map(({ items: _, sections: __, ...s }) => s);
      expect(shape(mine), file).toEqual(shape(theirs));
      const { sections: _a, errata: _b, version: _c, ...head } = theirs;
      const { sections: _d, version, ...mineHead } = mine;
      expect(mineHead, file).toEqual(head);
      expect(version).toBe("1.0.0"); // seeds.ts sets 1.1.0 when it writes the file
    });
  });

  it("gives the example answers, notes, dates and declared result as committed, key by key", () => {
    // Lines 1031–1105 (the answer set, remarks moved to notes), 598 (scalars), 642 (choices), 511, 532, 669, 744.
    const example = asStored(parsed().example);
    const theirs = JSON.parse(readFileSync(path.join(ROOT, "disclosures/examples/agency-disclosure.example.json"), "utf8"));
    expect(Object.keys(example.answers)).toEqual(Object.keys(theirs.answers));
    for (const [key, want] of Object.entries(theirs.answers)) expect(example.answers[key], key).toEqual(want);
    expect(example.notes).toEqual(theirs.notes);
    expect(example).toEqual(theirs);
  });
});

function* walkSections(sections: Template["sections"]): Generator<Template["sections"][number]> {
  for (const s of sections) {
    yield s;
    yield* walkSections(s.sections ?? []);
  }
}

// ---- the date reader ----------------------------------------------------------------------------------------

describe("parseJapaneseDate at the edges of its patterns", () => {
  it("reads 西暦, 令和 and 平成 dates and months, with or without spaces and in full width", () => {
    // Lines 254–261, 268–269 (NFKC, blanks removed, eras, month and day padded, precision).
    expect(parseJapaneseDate("2025年7月7日")).toEqual({ iso: "2025-07-07", precision: "day" });
    expect(parseJapaneseDate(" 2024年 10月 1日 ")).toEqual({ iso: "2024-10-01", precision: "day" });
    expect(parseJapaneseDate("２０２５年１２月３１日")).toEqual({ iso: "2025-12-31", precision: "day" });
    expect(parseJapaneseDate("2025年3月")).toEqual({ iso: "2025-03", precision: "month" });
    expect(parseJapaneseDate("令和7年3月")).toEqual({ iso: "2025-03", precision: "month" });
    expect(parseJapaneseDate("令和10年11月2日")).toEqual({ iso: "2028-11-02", precision: "day" });
    expect(parseJapaneseDate("令和元年5月1日")).toEqual({ iso: "2019-05-01", precision: "day" });
    expect(parseJapaneseDate("平成元年1月8日")).toEqual({ iso: "1989-01-08", precision: "day" });
    expect(parseJapaneseDate("平成31年4月")).toEqual({ iso: "2019-04", precision: "month" });
    expect(parseJapaneseDate("平成 31 年 4 月 30 日")).toEqual({ iso: "2019-04-30", precision: "day" });
  });

  it("reads 2025/3, 2025.3.5 and 2025-03-05", () => {
    // Line 262 (`/^(\d{4})[/.-](\d{1,2})(?:[/.-](\d{1,2}))?$/`), 263–265.
    expect(parseJapaneseDate("2025/3")).toEqual({ iso: "2025-03", precision: "month" });
    expect(parseJapaneseDate("2025.3.5")).toEqual({ iso: "2025-03-05", precision: "day" });
    expect(parseJapaneseDate("2025-03-05")).toEqual({ iso: "2025-03-05", precision: "day" });
    expect(parseJapaneseDate("2025/12/31")).toEqual({ iso: "2025-12-31", precision: "day" });
    expect(parseJapaneseDate("２０２５／１／９")).toEqual({ iso: "2025-01-09", precision: "day" });
  });

  it("refuses anything before or after the date, short or long numbers, and other eras", () => {
    // Lines 255 and 262 (both anchors, `\d{4}`, `\d{1,2}`, the 日 and the separators), 266.
    for (const s of [
      "2025年7月7日頃", "約2025年7月7日", "2025年7月7", "25年7月", "20251年7月", "2025年123月", "2025年7月123日",
      "昭和60年1月", "令和年3月", "令和七年3月", "2025年", "7月7日", "2025/3/", "/2025/3", "2025/123", "2025/3/123",
      "2025//3", "2025年3月/1", "2025/3月", "", "対象事項無", "2025.3.5.1", "12025/3", "025/3",
    ])
      expect(parseJapaneseDate(s), s).toBeUndefined();
  });

  it("refuses month 0 and 13, day 0 and 32, and takes month 1 and 12, day 1 and 31", () => {
    // Line 267 (`month < 1 || month > 12 || … day < 1 || day > 31`).
    expect(parseJapaneseDate("2025年0月")).toBeUndefined();
    expect(parseJapaneseDate("2025年13月")).toBeUndefined();
    expect(parseJapaneseDate("2025/0/5")).toBeUndefined();
    expect(parseJapaneseDate("2025/13/5")).toBeUndefined();
    expect(parseJapaneseDate("2025年1月0日")).toBeUndefined();
    expect(parseJapaneseDate("2025年1月32日")).toBeUndefined();
    expect(parseJapaneseDate("2025/1/0")).toBeUndefined();
    expect(parseJapaneseDate("2025/1/32")).toBeUndefined();
    expect(parseJapaneseDate("2025年1月1日")).toEqual({ iso: "2025-01-01", precision: "day" });
    expect(parseJapaneseDate("2025年12月31日")).toEqual({ iso: "2025-12-31", precision: "day" });
    expect(parseJapaneseDate("2025年01月")).toEqual({ iso: "2025-01", precision: "month" });
    expect(parseJapaneseDate("2025/12")).toEqual({ iso: "2025-12", precision: "month" });
  });
});

// ---- notes and note markers ---------------------------------------------------------------------------------

describe("notes and note markers of the overview", () => {
  const basicNotes = (seed: string) => findSection(agencyOf(seed), "basic")!.notes;

  it("reads a note written 注1）, 注1：, 注1: or 注 1 ) as note 注1", () => {
    // Line 248 (NOTE_RE: `\s*` on both sides of the number, `[)）:：]`, `\s*` before the text), 366–374.
    for (const written of ["注1）", "注1：", "注1:", "注 1 )", "注1)　"]) {
      const notes = basicNotes(edit("注1) 名称等", "注1) ", written));
      expect(notes![0], written).toEqual({ id: "注1", text: "名称等は正式なもので記載する。" });
    }
    // A note number of two digits, and text right after the bracket.
    const two = basicNotes(edit("注1) 名称等", "注1) ", "注13)"));
    expect(two![0]).toEqual({ id: "注13", text: "名称等は正式なもので記載する。" });
  });

  it("cleans a note's text: markers and tags dropped, blanks collapsed", () => {
    // Lines 229–238 (clean), 371.
    const notes = basicNotes(edit("注1) 名称等", "名称等は正式なもので記載する。", "名称等は  <b>正式な</b>もので ^{注2)} 記載する。"));
    expect(notes![0]).toEqual({ id: "注1", text: "名称等は 正式な もので 記載する。" });
  });

  it("does not take 注 without a number and bracket as a note, and says where it stands", () => {
    // Line 248 (the number and the bracket required), 388 (the line quoted by its first 40 characters).
    const at = lineOf("注1) 名称等");
    expectFailure(edit("注1) 名称等", "注1) ", "注) "), at, 'line cannot be placed in the overview: "注) 名称等は正式なもので記載する。"');
    expectFailure(edit("注1) 名称等", "注1) ", "注1 "), at, 'line cannot be placed in the overview: "注1 名称等は正式なもので記載する。"');
    expectFailure(edit("注1) 名称等", "注1) ", "参考注1) "), at, 'line cannot be placed in the overview: "参考注1) 名称等は正式なもので記載する。"');
  });

  it("reads the note markers of a label however they are spaced, once each", () => {
    // Lines 231–232 (`/\^\{([^}]*)\}/g`, `/注\s*(\d+)/g`: every number in the marker), 457 (unique).
    const staff = agencyOf(edit("従事する職員の数", "^{注4)注5)}", "^{注 4) 注 5) 注4)}"));
    expect(item(staff, "staff").noteRefs).toEqual(["注4", "注5"]);
    const two = agencyOf(edit("\t機関名", "^{注1)}", "^{注1)} ^{注2)}"));
    expect(item(two, "name")).toMatchObject({ text: "機関名", noteRefs: ["注1", "注2"] });
    // A marker in the middle of a label leaves a space where it stood (labels are matched without spaces).
    expect(item(agencyOf(edit("\t機関名", "機関名 ^{注1)}", "機関^{注1)}名")), "name")).toMatchObject({ text: "機関 名", noteRefs: ["注1"] });
  });

  it("joins a note's second paragraph without a space between Japanese text, with one between Latin words", () => {
    // Lines 241–244 (joinWrapped: the last letter before, the first letter after, CJK ranges), 382–386.
    const note8 = (first: string, second: string) => {
      const at = lineOf("注8) 別添");
      const seed = [...lines.slice(0, at - 1), `注8) ${first}`, "", second, ...lines.slice(at + 2)].join("\n");
      return findSection(agencyOf(seed), "facilities")!.notes!.find((n) => n.id === "注8")!.text;
    };
    expect(note8("チェックリストの1項目", "以上を選ぶ")).toBe("チェックリストの1項目以上を選ぶ");
    expect(note8("see the list", "for details")).toBe("see the list for details");
    expect(note8("一覧はTLS", "by default")).toBe("一覧はTLS by default");
    expect(note8("see the", "list 一覧")).toBe("see the list 一覧");
    expect(note8("一覧の。", "TLS")).toBe("一覧の。TLS");
    expect(note8("TLS", "「一覧」")).toBe("TLS「一覧」");
    expect(note8("ＡＢＣ", "def")).toBe("ＡＢＣdef");
    expect(note8("abc", "カナ")).toBe("abcカナ");
    expect(note8("漢字", "abc")).toBe("漢字abc");
  });

  it("reports each joined paragraph at its line, and refuses a paragraph after a form row", () => {
    // Lines 355 (a tab row ends the note), 382–388.
    const at = lineOf("以上「実施予定」がある場合");
    const seed = insertAfter(at, "", "続きの段落。");
    expect(repairsOf(seed, "wrapped-note")).toEqual([`${at} continuation of 注8 joined to the note text`, `${at + 2} continuation of 注8 joined to the note text`]);
    expectFailure(insertAfter(lineOf("\t処理可能件数"), "続きの段落。"), lineOf("\t処理可能件数") + 1, 'line cannot be placed in the overview: "続きの段落。"');
  });

  it("puts the section title's note marker on every item of the section, before the item's own", () => {
    // Line 420 (closeSection: `unique([...s.noteRefs, ...item.noteRefs])`), 404 (the title's markers).
    const t = agencyOf(edit("その他\t", "その他", "その他 ^{注12)}"));
    expect(item(t, "previousYearVolume").noteRefs).toEqual(["注12"]);
    const basic = agencyOf(edit("基本情報\t", "基本情報", "基本情報 ^{注2)}"));
    expect(itemsOf(basic).filter((i) => findSection(basic, "basic")!.items!.includes(i)).map((i) => i.noteRefs)).toEqual([
      ["注2", "注1"], ["注2", "注1"], ["注2", "注1"], ["注2"], ["注2"], ["注2"], ["注2"], ["注2", "注3"],
    ]);
    expect(findSection(basic, "basic")!.title).toBe("基本情報");
  });
});

// ---- table rules, dashes and the values of one-value rows ---------------------------------------------------

describe("table rules, dashes and one-value rows", () => {
  it("skips a table rule of two or more dashes, with or without tabs, and nothing else", () => {
    // Line 247 (isTableRule: `^-{2,}`, `(\t-*)*`, `\t?\s*$`), 350–352.
    const at = lineOf("------\t-------\t-----------");
    for (const rule of ["--", "------\t\t", "---\t-\t", "--  "])
      expect(repairsOf(changed(at, rule), "table-rule").filter((r) => r.startsWith(`${at} `)), JSON.stringify(rule)).toEqual([`${at} table rule line (----) left by the extraction skipped`]);
    expectFailure(changed(at, "-"), at, 'line cannot be placed in the overview: "-"');
    expectFailure(changed(at, "x--"), at, 'line cannot be placed in the overview: "x--"');
    expectFailure(changed(at, "-- x"), at, 'line cannot be placed in the overview: "-- x"');
    expectFailure(changed(at, "------\tx"), at, 'unknown section "------"');
  });

  it("reads a value made of dashes, with any dash a vendor types, as no answer", () => {
    // Line 250 (isDash), 584, 601–603.
    for (const dash of ["—", "‐", "−", "一", "— —", "ー ー"]) {
      const r = parseAgency(value("機関名", dash));
      expect(r.example.answers.name, dash).toBeUndefined();
      expect(r.repairs.filter((x) => x.kind === "dash-placeholder").map((x) => `${x.line} ${x.message}`), dash).toEqual([
        `${lineOf("\t機関名")} 「機関名」: a dash written instead of a value, read as no answer`,
        `${lineOf("\tFAX番号")} 「FAX番号」: a dash written instead of a value, read as no answer`,
      ]);
    }
    // A dash beside other text is a value.
    expect(answersOf(value("機関名", "- 株式会社"))).toMatchObject({ name: "- 株式会社" });
    expect(answersOf(value("機関名", "株式会社 -"))).toMatchObject({ name: "株式会社 -" });
  });

  it("reads phone numbers with any dash, spaces or a leading +, and refuses other text", () => {
    // Lines 586–591 (the dashes replaced, blanks removed, `/^\+?\d[\d-]*\d$/`, the repair only when changed).
    const tel = (written: string) => parseAgency(value("電話番号", written));
    const at = lineOf("\t電話番号");
    for (const [written, read] of [
      ["03 ー 5767 ー 8195", "03-5767-8195"],
      ["03－5767－8195", "03-5767-8195"],
      ["03—5767—8195", "03-5767-8195"],
      ["03‐5767―8195", "03-5767-8195"],
      ["03−5767 - 8195", "03-5767-8195"],
      ["+81 3 5767 8195", "+81357678195"],
      ["0357678195", "0357678195"],
      ["03", "03"],
    ]) {
      const r = tel(written);
      expect(r.example.answers.tel, written).toBe(read);
      expect(r.repairs.filter((x) => x.kind === "tel-normalised").map((x) => `${x.line} ${x.message}`), written).toEqual(
        read === written ? [] : [`${at} 「電話番号」 "${written}" read as "${read}"`],
      );
    }
    for (const bad of ["3", "03-5767-", "-03-5767", "++81-3", "03-5767-8195x", "x03-5767-8195", "(03) 5767-8195", "81+3"])
      expectFailure(value("電話番号", bad), at, `「電話番号」: "${bad}" is not a phone number`);
    // A FAX number is a phone number too.
    expect(answersOf(value("FAX番号", "03 一 5767 一 8196")).fax).toBe("03-5767-8196");
    expectFailure(value("FAX番号", "なし"), lineOf("\tFAX番号"), '「FAX番号」: "なし" is not a phone number');
  });

  it("takes as an address only http(s):// with no blank, and as a mail address only name@host.domain", () => {
    // Lines 596 (`/^https?:\/\/\S+$/`) and 597 (`/^[^\s@]+@[^\s@]+\.[^\s@]+$/`).
    const url = lineOf("\tホームページアドレス");
    expect(answersOf(value("ホームページアドレス", "http://a")).homepage).toBe("http://a");
    for (const bad of ["https://", "https:/x.jp", "httpss://x.jp", "ftp://x.jp", "xhttps://x.jp"])
      expectFailure(value("ホームページアドレス", bad), url, `「ホームページアドレス」: "${bad}" is not a URL`);
    const mail = lineOf("\t窓口となるメールアドレス");
    expect(answersOf(value("窓口となるメールアドレス", "a@b.c")).email).toBe("a@b.c");
    for (const bad of ["a@b", "@b.c", "a@.c", "a@b.", "a@@b.c", "a@b@c.d", "a b@c.d", "a@b c.d", "a@b.c d"])
      expectFailure(value("窓口となるメールアドレス", bad), mail, `「窓口となるメールアドレス」: "${bad}" is not an e-mail address`);
  });

  it("keeps a text value as printed, blanks collapsed, and a date as its ISO day", () => {
    // Lines 575–580, 592–595 (a date of a day only), 598.
    expect(answersOf(value("機関名", "  株式会社   テスト  ")).name).toBe("株式会社 テスト");
    expect(answersOf(value("機関名", "株式会社 <b>テスト</b>")).name).toBe("株式会社 テスト");
    expect(answersOf(edit("提供開始の年月日", "2024年 10月 1日", "令和6年10月1日")).serviceStartDate).toBe("2024-10-01");
    const at = lineOf("提供開始の年月日");
    expectFailure(edit("提供開始の年月日", "2024年 10月 1日", "2024/10"), at, '「提供開始の年月日」: "2024/10" is not a date');
    expectFailure(edit("提供開始の年月日", "2024年 10月 1日", "未定"), at, '「提供開始の年月日」: "未定" is not a date');
    // Text in two cells of a one-value row: refused with the count; a blank cell between does not count.
    expectFailure(edit("\t機関名", /$/, "\t\t別名\t"), lineOf("\t機関名"), "「機関名」: one value expected, found 2 cells");
    expect(answersOf(edit("\t機関名", /$/, "\t \t")).name).toBe("株式会社 エヌ・ティ・ティ・ビジネスアソシエ東日本");
    // Check boxes in the second, not the first, cell.
    expectFailure(edit("\t代行機関コード", /\t$/, '\t\t■ あり'), lineOf("\t代行機関コード"), "「代行機関コード」: check boxes where a text value is expected");
  });
});

// ---- check boxes and their blanks ----------------------------------------------------------------------------

describe("check boxes and the blanks beside them", () => {
  const trackAt = () => lineOf("類似業務・サービスの提供実績");
  const track = (cell: string) => edit("類似業務・サービスの提供実績", /\t<input.*$/, `\t${cell}`);

  it("reads <input> boxes ticked by a checked attribute, and ■ □ marks, in one cell or several", () => {
    // Lines 278–285 (parseOptions: `/<input\b[^>]*>|[□■]/g`, `/\bchecked\b/`, the label up to the next box).
    expect(answersOf(track('<input type="checkbox" checked/> 有（内容：A） <input type="checkbox"/> 無')).trackRecord).toEqual({ selected: "yes", extra: { yes: "A" } });
    expect(answersOf(track('<input type="checkbox" checked="checked"/> 有（内容：A） <input type="checkbox"/> 無')).trackRecord).toEqual({ selected: "yes", extra: { yes: "A" } });
    expect(answersOf(track('<input data-unchecked="1" type="checkbox"/> 有（内容：A） <input type="checkbox" checked/> 無')).trackRecord).toEqual({ selected: "no" });
    expect(answersOf(track("■有（内容：A）□無")).trackRecord).toEqual({ selected: "yes", extra: { yes: "A" } });
    expect(answersOf(track("□ 有（内容：A）\t■ 無")).trackRecord).toEqual({ selected: "no" });
    const t = agencyOf(track("□ 有（内容：A） ■ 無"));
    expect(item(t, "trackRecord").answer).toEqual({ kind: "choice", multiple: false, options: [{ value: "yes", label: "有", extra: { label: "内容" } }, { value: "no", label: "無" }] });
  });

  it("refuses text before the first box, and an <input…> that is no input tag", () => {
    // Line 280 (`!isBlank(cell.slice(0, marks[0].index))`), 279 (`\b` after input), 610.
    expectFailure(track("x ■ 有（内容：A） □ 無"), trackAt(), 'expected check boxes, found "x ■ 有（内容：A） □ 無"');
    expect(answersOf(track("  ■ 有（内容：A） □ 無")).trackRecord).toEqual({ selected: "yes", extra: { yes: "A" } });
    expectFailure(track('<inputs type="checkbox"/> 有（内容：A）'), trackAt(), 'expected check boxes, found "有（内容：A）"');
    const long = `${"長い説明文".repeat(10)} ■ 有`;
    expectFailure(track(long), trackAt(), `expected check boxes, found "${"長い説明文".repeat(8)}"`);
  });

  it("reads the blank's label and the vendor's text: after a colon, after a space, or alone", () => {
    // Lines 288–297 (splitExtra: brackets of either width, `：`/`:`, a space, an empty blank), 631–636.
    const blank = (label: string) => {
      const r = parseAgency(track(`■ ${label} □ 無`));
      const yes = item(r.templates[0], "trackRecord").answer;
      return { option: yes.kind === "choice" ? yes.options[0] : undefined, answer: r.example.answers.trackRecord };
    };
    expect(blank("有（内容：健診代行業務）")).toEqual({ option: { value: "yes", label: "有", extra: { label: "内容" } }, answer: { selected: "yes", extra: { yes: "健診代行業務" } } });
    expect(blank("有 ( 内容 : 健診 代行 ) ")).toEqual({ option: { value: "yes", label: "有", extra: { label: "内容" } }, answer: { selected: "yes", extra: { yes: "健診 代行" } } });
    expect(blank("有(内容 健診 代行)")).toEqual({ option: { value: "yes", label: "有", extra: { label: "内容" } }, answer: { selected: "yes", extra: { yes: "健診 代行" } } });
    expect(blank("有（内容）")).toEqual({ option: { value: "yes", label: "有", extra: { label: "内容" } }, answer: { selected: "yes" } });
    expect(blank("有（ ）")).toEqual({ option: { value: "yes", label: "有", extra: { label: "" } }, answer: { selected: "yes" } });
    expect(blank("有（：）")).toEqual({ option: { value: "yes", label: "有", extra: { label: "" } }, answer: { selected: "yes" } });
    expect(blank("有（内容：）")).toEqual({ option: { value: "yes", label: "有", extra: { label: "内容" } }, answer: { selected: "yes" } });
    expect(blank("実績有り（内容：健診）")).toMatchObject({ option: { value: "yes", label: "実績有り" } });
    // The text of an option not ticked is not an answer.
    const r = parseAgency(track("□ 有（内容：健診代行業務） ■ 無"));
    expect(r.example.answers.trackRecord).toEqual({ selected: "no" });
  });

  it("refuses an option without its blank, a blank without a label before it, and text after the blank", () => {
    // Lines 289–290 (the last bracket at the end, `isBlank(m[1])`), 633.
    const at = trackAt();
    expectFailure(track("■ （内容：健診） □ 無"), at, '「類似業務・サービスの提供実績」: option "（内容：健診）" has no （ ） blank');
    expectFailure(track("■ 有（内容：健診）です □ 無"), at, '「類似業務・サービスの提供実績」: option "有（内容：健診）です" has no （ ） blank');
    expectFailure(track("■ 有 □ 無"), at, '「類似業務・サービスの提供実績」: option "有" has no （ ） blank');
    expectFailure(track("■ 有（内容（健診）） □ 無"), at, '「類似業務・サービスの提供実績」: option "有（内容（健診））" has no （ ） blank');
  });

  it("keeps several ticks of a multiple choice in printed order with each blank's text", () => {
    // Lines 618–643 (extendChoice: selected and extra, `multiple`), 556–565 (groupRow).
    const seed = edit("\t\t内容\t", /\t<input.*$/, "\t■ 事務点検 □ 健診・保健指導データの受領・振分・送付 ■ その他（：結果通知）\t");
    expect(answersOf(seed)["service.content"]).toEqual({ selected: ["officeCheck", "other"], extra: { other: "結果通知" } });
    const none = edit("\t\t内容\t", /\t<input.*$/, "\t□ 事務点検 □ 健診・保健指導データの受領・振分・送付 □ その他（ ）\t");
    expect("service.content" in answersOf(none)).toBe(false);
    const both = edit("データ授受の方法", /\t<input.*$/, "\t■ オンライン(回線種別 IP-VPN) ■ オフライン(送付手段 郵送)");
    expect(answersOf(both)["dataExchange.inbound"]).toEqual({ selected: ["online", "offline"], extra: { online: "IP-VPN", offline: "郵送" } });
  });

  it("joins options printed over two rows into one choice, the tick on either row", () => {
    // Lines 543–548 (continuationRow of a choice), 618–624 (the answer so far extended), 792–794.
    const at = lineOf("\tシステム専用区画・施設の有無");
    const second = lines[at].replace('<input checked="" type="checkbox"/>', '<input type="checkbox"/>');
    const firstRow = changed(at, [lines[at - 1].replace('<input type="checkbox"/> 専用施設(委託先)', '<input checked="" type="checkbox"/> 専用施設(委託先)'), second]).split("\n");
    firstRow.splice(at + 1, 1);
    expect(answersOf(firstRow.join("\n")).systemFacility).toEqual({ selected: "dedicatedFacilityContractor" });
    // Nothing ticked on either row: no answer, four options.
    const none = changed(at, [lines[at - 1], second]).split("\n");
    none.splice(at + 1, 1);
    const r = parseAgency(none.join("\n"));
    expect(r.example.answers.systemFacility).toBeUndefined();
    const facility = item(r.templates[0], "systemFacility").answer;
    expect(facility.kind === "choice" && facility.options.map((o) => o.value)).toEqual(["dedicatedFacilityOwned", "dedicatedFacilityContractor", "dedicatedAreaInBuilding", "none"]);
    // A third row is one option too many; a missing second row leaves the choice short, reported at its first row.
    expectFailure(insertAfter(at + 1, "\t\t□ その他"), at + 2, "「システム専用区画・施設の有無」: 5 options printed, 4 expected");
    expectFailure(changed(at + 1, null), at, "「システム専用区画・施設の有無」: 2 options printed, 4 expected");
  });
});
