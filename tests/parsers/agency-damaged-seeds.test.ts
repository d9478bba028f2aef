// The 代行機関 parser on damaged copies of seed 003: one line of the real seed changed, removed or added at a
// time. Each change either gives a template and example answers a vendor can rely on (with the repair reported)
// or a SeedParseError that names the line. The unchanged seed is covered by agency-parser.test.ts.
import { describe, expect, it } from "vitest";
import { parseAgency } from "../../disclosures/parsers/agency-parser.js";
import { walkItems } from "../../disclosures/template-loader.js";
import type { Item, Template } from "../../disclosures/template-schema.js";
import { changed, edit, insertAfter, lineOf, lines, SEED, text } from "./agency-seed-fixture.js";
import { refusal } from "./refusal.js";


/** 1-based number of the first line containing `needle` (after line `after`). */
/** The seed with line `at` replaced by `by` (a string, several lines, or nothing). */
/** The seed with `from` replaced by `to` on the first line containing `needle`. */

const failure = (text: string) => refusal(parseAgency, text);
const expectFailure = (seed: string, line: number, message: RegExp | string) => {
  const error = failure(seed);
  expect(error.message).toMatch(message);
  expect(error.line).toBe(line);
  expect(error.message.startsWith(`${SEED}:${line}: `)).toBe(true);
};
const items = (t: Template): Item[] => [...walkItems(t)].map((e) => e.item);
const byKey = (t: Template, key: string) => items(t).find((i) => i.key === key)!;

const CHECKLIST_HEADER = "No\tチェック項目\t実施済\t実施予定(実施時期)";
const split = lineOf("別添 医療情報システム");

describe("代行機関 overview: damaged rows give a clear error with the line", () => {
  it("refuses lines outside the form's sections", () => {
    const basic = lineOf("基本情報\t");
    expectFailure(changed(basic, ["\t機関名\tどこにも属さない", lines[basic - 1]]), basic, /row outside any section/);
    // Long lines are quoted by their first 40 characters.
    const long = `\t${"どこにも属さない行".repeat(6)}`;
    expect(failure(changed(basic, [long, lines[basic - 1]])).message).toBe(`${SEED}:${basic}: row outside any section: "${long.slice(0, 40)}"`);
    const stray = "ランダムな文字列".repeat(8);
    expect(failure(insertAfter(lineOf("窓口となるメールアドレス"), stray)).message).toBe(
      `${SEED}:${lineOf("窓口となるメールアドレス") + 1}: line cannot be placed in the overview: "${stray.slice(0, 40)}"`,
    );
    expectFailure(changed(basic, ["注99) セクションより前の注", lines[basic - 1]]), basic, "note 99 before any section");
    expectFailure(insertAfter(basic, "*フォームの中の指示"), basic + 1, "instruction line inside the form body");
    expectFailure(edit("注2) 発行", "注2)", "注1)"), lineOf("注2) 発行"), "duplicate note 注1");
    expectFailure(changed(lineOf("注2) 発行"), "注2)"), lineOf("注2) 発行"), "note 注2 has no text");
  });

  it("reads a note indented by the extraction", () => {
    const r = parseAgency(edit("注2) 発行", /^/, "  "));
    expect(r.templates[0].sections[0].notes!.map((n) => n.id)).toEqual(["注1", "注2", "注3"]);
  });

  it("refuses a 最終更新日 it cannot read, or two of them", () => {
    const updated = lineOf("更新情報\t最終更新日\t2025");
    expectFailure(edit("更新情報\t最終更新日\t2025", "2025年7月7日", "2025年7月"), updated, "unreadable 最終更新日 row");
    expectFailure(edit("更新情報\t最終更新日\t2025", "最終更新日", "作成日"), updated, "unreadable 最終更新日 row");
    expectFailure(edit("更新情報\t最終更新日\t2025", "2025年7月7日", "未定"), updated, "unreadable 最終更新日 row");
    expectFailure(insertAfter(updated, lines[updated - 1]), updated + 1, "second 最終更新日 row in the overview");
    expectFailure(changed(updated, null), split - 2, "the overview has no 最終更新日 row");
  });

  it("refuses sections and fields the form does not have, or prints twice", () => {
    expectFailure(edit("基本情報\t", "基本情報", "追加情報"), lineOf("基本情報\t"), 'unknown section "追加情報"');
    expectFailure(edit("その他\t", "その他", "基本情報"), lineOf("その他\t"), 'section "基本情報" appears twice');
    expectFailure(edit("⇥機関名".replace("⇥", "\t"), "機関名", "法人名"), lineOf("\t機関名"), 'unknown field "法人名" in section "基本情報"');
    expectFailure(edit("\tFAX番号", "FAX番号", "電話番号"), lineOf("\tFAX番号"), 'field "電話番号" appears twice');
    expectFailure(edit("基本情報\t", /\t機関名 \^\{注1\)\}/, "\t"), lineOf("基本情報\t"), "continuation row without a field above it");
    expectFailure(insertAfter(lineOf("\t機関名"), "\t\t株式会社 別名"), lineOf("\t機関名") + 1, "unexpected continuation row under 「機関名」");
  });

  it("refuses values of the wrong kind", () => {
    expectFailure(edit("\t機関名", /$/, "\t別の値"), lineOf("\t機関名"), "「機関名」: one value expected, found 2 cells");
    expectFailure(edit("\t機関名", /\t[^\t]*$/, '\t<input type="checkbox"/> 株式会社'), lineOf("\t機関名"), "「機関名」: check boxes where a text value is expected");
    expectFailure(edit("\t電話番号", /\t[^\t]*$/, "\t03-ABCD-8195"), lineOf("\t電話番号"), '「電話番号」: "03-ABCD-8195" is not a phone number');
    expectFailure(edit("\tホームページアドレス", "https://", "www."), lineOf("\tホームページアドレス"), '「ホームページアドレス」: "www.www.nttba-east.co.jp" is not a URL');
    expectFailure(edit("\t窓口となるメールアドレス", "@", " at "), lineOf("\t窓口となるメールアドレス"), "is not an e-mail address");
    // A value with words before or after it is not the value alone.
    expectFailure(edit("\t電話番号", "03 一 5767 一 8195", "TEL 03-5767-8195"), lineOf("\t電話番号"), '「電話番号」: "TEL 03-5767-8195" is not a phone number');
    expectFailure(edit("\t電話番号", "03 一 5767 一 8195", "03-5767-8195 内線12"), lineOf("\t電話番号"), "is not a phone number");
    expectFailure(edit("\tホームページアドレス", "https://www.nttba-east.co.jp", "URL https://www.nttba-east.co.jp"), lineOf("\tホームページアドレス"), "is not a URL");
    expectFailure(edit("\tホームページアドレス", "https://www.nttba-east.co.jp", "https://www.nttba-east.co.jp 参照"), lineOf("\tホームページアドレス"), "is not a URL");
    expectFailure(edit("\t窓口となるメールアドレス", "bs-eigyokikaku@", "連絡先 bs-eigyokikaku@"), lineOf("\t窓口となるメールアドレス"), "is not an e-mail address");
    expectFailure(edit("\t窓口となるメールアドレス", "nttba-east.co.jp", "nttba-east.co.jp 担当"), lineOf("\t窓口となるメールアドレス"), "is not an e-mail address");
    // A plain http address is an address too.
    expect(parseAgency(edit("\tホームページアドレス", "https://", "http://")).example.answers.homepage).toBe("http://www.nttba-east.co.jp");
    expectFailure(edit("提供開始の年月日", "2024年 10月 1日", "2024年 10月"), lineOf("提供開始の年月日"), '「提供開始の年月日」: "2024年 10月" is not a date');
    expectFailure(edit("提供開始の年月日", "2024年 10月 1日", "2024年 13月 1日"), lineOf("提供開始の年月日"), "is not a date");
    expectFailure(edit("提供開始の年月日", "2024年 10月 1日", "2024年 10月 32日"), lineOf("提供開始の年月日"), "is not a date");
  });

  it("reads the dates, phone numbers and dashes a vendor writes", () => {
    const reiwa = parseAgency(edit("提供開始の年月日", "2024年 10月 1日", "令和6年10月1日"));
    expect(reiwa.example.answers.serviceStartDate).toBe("2024-10-01");
    expect(parseAgency(edit("提供開始の年月日", "2024年 10月 1日", "令和元年5月1日")).example.answers.serviceStartDate).toBe("2019-05-01");
    expect(parseAgency(edit("提供開始の年月日", "2024年 10月 1日", "平成31年4月30日")).example.answers.serviceStartDate).toBe("2019-04-30");
    expect(parseAgency(edit("提供開始の年月日", "2024年 10月 1日", "２０２４/１/５")).example.answers.serviceStartDate).toBe("2024-01-05");
    expect(parseAgency(edit("提供開始の年月日", "2024年 10月 1日", "2024-12-31")).example.answers.serviceStartDate).toBe("2024-12-31");
    // A phone number written correctly needs no repair; a FAX number that is there is kept.
    const fax = parseAgency(edit("\tFAX番号", "— —", "03-5767-8196"));
    expect(fax.example.answers.fax).toBe("03-5767-8196");
    expect(fax.repairs.filter((r) => r.kind === "dash-placeholder").map((r) => r.line)).toEqual([]);
    // 処理可能件数's 「-」 is the form's own answer (nothing to state), kept: the field takes 「-」 or a number.
    expect(fax.repairs.filter((r) => r.kind === "dash-kept").map((r) => r.line)).toEqual([lineOf("処理可能件数"), lineOf("処理可能件数")]);
    expect(fax.example.answers.processingCapacity).toEqual({ perYear: "-", perDay: "-" });
    const tel = parseAgency(edit("\t電話番号", "03 一 5767 一 8195", "+81-3-5767-8195"));
    expect(tel.example.answers.tel).toBe("+81-3-5767-8195");
    expect(tel.repairs.filter((r) => r.kind === "tel-normalised")).toEqual([]);
  });

  it("refuses check boxes that do not match the form's options", () => {
    const type = lineOf("\t代行機関の分類");
    expectFailure(edit("\t代行機関の分類", /\t[^\t]*$/, "\t医療保険者サイド"), type, 'expected check boxes, found "医療保険者サイド"');
    const words = "医療保険者サイドまたは健診・保健指導機関サイドのいずれか一つ";
    expect(failure(edit("\t代行機関の分類", /\t[^\t]*$/, `\t${words}`)).message).toBe(`${SEED}:${type}: expected check boxes, found "${words.slice(0, 40)}"`);
    expectFailure(edit("\t代行機関の分類", /$/, ' <input type="checkbox"/> その他'), type, "「代行機関の分類」: 4 options printed, 3 expected");
    expectFailure(edit("\t代行機関の分類", '<input type="checkbox"/> 医療保険者サイド', '<input checked="" type="checkbox"/> 医療保険者サイド'), type, "「代行機関の分類」: single choice with 2 options ticked");
    expectFailure(edit("類似業務・サービスの提供実績", "有（内容：健診代行業務）", "有"), lineOf("類似業務・サービスの提供実績"), '「類似業務・サービスの提供実績」: option "有" has no （ ） blank');
    expectFailure(edit("システムの保有", /<input[^>]*> 借用\t/, "\t"), lineOf("システムの保有"), "「システムの保有」: 1 options printed, 2 expected");
    expectFailure(edit("\t提供するサービス", /\t<input.*$/, "\t\t"), lineOf("\t提供するサービス"), "expected check boxes, found none");
  });

  it("reads the options a vendor ticks, with their written-in text", () => {
    const r = parseAgency(
      edit("\t⇥内容".replace("⇥", "\t"), '<input type="checkbox"/> その他（ ）', '<input checked="" type="checkbox"/> その他（：検診結果の通知）'),
    );
    expect(r.example.answers["service.content"]).toEqual({ selected: ["officeCheck", "dataHandling", "other"], extra: { other: "検診結果の通知" } });
    // 「可（選択可能な機能 健診のみ）」: the blank's label and value separated by a space, not a colon.
    const s = parseAgency(edit("利用者によるサービスの選択", "可（選択可能な機能： ）", "可（選択可能な機能 健診のみ）").replace('<input checked="" type="checkbox"/> 否', '<input type="checkbox"/> 否').replace('<input type="checkbox"/> 可（選択可能な機能 健診のみ）', '<input checked="" type="checkbox"/> 可（選択可能な機能 健診のみ）'));
    expect(byKey(s.templates[0], "serviceSelection.insurer").answer).toMatchObject({ options: [{ value: "yes", label: "可", extra: { label: "選択可能な機能" } }, { value: "no", label: "否" }] });
    expect(s.example.answers["serviceSelection.insurer"]).toEqual({ selected: "yes", extra: { yes: "健診のみ" } });
    // ■/□ marks count as check boxes like <input>.
    const marks = parseAgency(edit("システムの保有", /<input checked="" type="checkbox"\/> 自己導入\t<input type="checkbox"\/> 借用/, "□ 自己導入\t■ 借用"));
    expect(marks.example.answers.systemOwnership).toEqual({ selected: "borrowed" });
    // A single choice printed over two rows: the option ticked on the first row is the answer, and a second tick
    // on the next row is refused.
    const first = edit("\tシステム専用区画・施設の有無", '<input type="checkbox"/> 専用施設(機関所有)', '<input checked="" type="checkbox"/> 専用施設(機関所有)').split("\n");
    const facility = lineOf("\tシステム専用区画・施設の有無");
    first[facility] = first[facility].replace('<input checked="" type="checkbox"/> 機関建物内専用区画', '<input type="checkbox"/> 機関建物内専用区画');
    expect(parseAgency(first.join("\n")).example.answers.systemFacility).toEqual({ selected: "dedicatedFacilityOwned" });
    expectFailure(
      edit("\tシステム専用区画・施設の有無", '<input type="checkbox"/> 専用施設(機関所有)', '<input checked="" type="checkbox"/> 専用施設(機関所有)'),
      facility + 1,
      "「システム専用区画・施設の有無」: single choice with 2 options ticked",
    );
    // Nothing ticked: no answer is recorded.
    const none = parseAgency(edit("システムの保有", '<input checked="" type="checkbox"/> 自己導入', '<input type="checkbox"/> 自己導入'));
    expect(none.example.answers.systemOwnership).toBeUndefined();
  });

  it("matches labels printed in other widths or spacing, and refuses text before the check boxes", () => {
    const r = parseAgency(edit("\t所在地(住所)", "所在地(住所)", "所在地（住 所）"));
    expect(byKey(r.templates[0], "address")).toMatchObject({ text: "所在地（住 所）", answer: { kind: "text" }, level: "required" });
    expect(r.example.answers.address).toBe("東京都大田区大森北2-1-1 アーバンネット大森ビル");
    expectFailure(edit("\t代行機関の分類", "\t<input", "\t分類: <input"), lineOf("\t代行機関の分類"), 'expected check boxes, found "分類: 医療保険者サイド');
    // A value made only of dashes is no answer.
    for (const dash of ["-", "－", "ー", "―"]) {
      const d = parseAgency(edit("\t機関名", /\t[^\t]*$/, `\t${dash}`));
      expect(d.example.answers.name, dash).toBeUndefined();
      expect(d.repairs.filter((x) => x.kind === "dash-placeholder" && x.line === lineOf("\t機関名")).map((x) => x.message)).toEqual(["「機関名」: a dash written instead of a value, read as no answer"]);
    }
    // A blank value is no answer and nothing to report.
    const blank = parseAgency(edit("\t機関名", /\t[^\t]*$/, "\t "));
    expect(blank.example.answers.name).toBeUndefined();
    expect(blank.repairs.filter((x) => x.line === lineOf("\t機関名"))).toEqual([]);
  });

  it("refuses a staff table or counts it cannot read", () => {
    const staff = lineOf("従事する職員の数");
    expectFailure(edit("従事する職員の数", "専任", "臨時"), staff, "unknown row 「臨時」 in 「従事する職員の数」");
    expectFailure(edit("\t\t兼任", "兼任", "専任"), staff + 1, "row 「専任」 appears twice in 「従事する職員の数」");
    expectFailure(edit("\t\t兼任", /\t協力・関係会社 人$/, "\t"), staff + 1, "「従事する職員の数」 row 「兼任」: 1 cells for 2 columns");
    expectFailure(edit("\t\t兼任", "機関本体 人", "機関本体人"), staff + 1, '「従事する職員の数」: cannot read "機関本体人" as 「column number unit」');
    expectFailure(edit("\t\t兼任", "機関本体 人", "機関本体 名"), staff + 1, "「従事する職員の数」: column 1 is 「機関本体…名」 here but 「機関本体…人」 above");
    expectFailure(edit("\t\t兼任", "機関本体 人", "本体 人"), staff + 1, "column 1 is 「本体…人」 here but 「機関本体…人」 above");
    expectFailure(edit("全職員の数", "\t\t機関本体", "\t合計\t機関本体"), staff + 2, '「全職員の数」 has an unexpected sub-label "合計"');
    // 全職員の数 printed before the table it belongs to.
    const moved = changed(staff, [lines[staff + 1].replace(/^\t/, "施設及び設備情報\t"), lines[staff - 1].replace(/^施設及び設備情報/, ""), lines[staff]]);
    const withoutOriginal = moved.split("\n");
    withoutOriginal.splice(staff + 2, 1);
    expectFailure(withoutOriginal.join("\n"), staff, "「全職員の数」 printed before its table");
    expectFailure(changed(staff + 1, null), split - 2, "row concurrent missing from 「従事する職員の数」");
    expectFailure(edit("システム管理技術者数", /\t委託先 人\t$/, "\t\t"), lineOf("システム管理技術者数"), "「システム管理技術者数」: expected 2 values, found 1");
    expectFailure(edit("システム管理技術者数", "機関本体 10人", "機関本体10人"), lineOf("システム管理技術者数"), '「システム管理技術者数」: cannot read "機関本体10人" as 「word number unit」');
    expectFailure(edit("施設数(サポート拠点数)", "1箇所（都道府県名：東京都）", "1箇所"), lineOf("施設数(サポート拠点数)"), "「施設数(サポート拠点数)」: expected 「N単位（名称：…）」");
    expectFailure(edit("施設数(サポート拠点数)", /\t\t$/, "\t2箇所（都道府県名：大阪府）\t"), lineOf("施設数(サポート拠点数)"), "expected 「N単位（名称：…）」");
  });

  it("reads the counts a vendor writes, full-width and with separators", () => {
    const r = parseAgency(
      edit("処理可能件数(設計値)", "年間 - 件⇥1日当たり - 件".replace("⇥", "\t"), "年間 1,200 件\t1日当たり ５ 件"),
    );
    expect(r.example.answers.processingCapacity).toEqual({ perYear: 1200, perDay: 5 });
    expect(byKey(r.templates[0], "processingCapacity").answer).toEqual({
      kind: "composite",
      fields: [
        { key: "perYear", prefix: "年間", type: "number", unit: "件", integer: true, min: 0 },
        { key: "perDay", prefix: "1日当たり", type: "number", unit: "件", integer: true, min: 0 },
      ],
    });
    const staff = parseAgency(edit("\t\t兼任", "機関本体 人", "機関本体 3人").replace("\t\t兼任\t機関本体 3人\t協力・関係会社 人", "\t\t兼任\t機関本体 3人\t協力・関係会社 人\t"));
    expect(staff.example.answers.staff).toEqual({ dedicated: { agency: 10 }, concurrent: { agency: 3 } });
    const sites = parseAgency(edit("施設数(サポート拠点数)", "1箇所（都道府県名：東京都）", "箇所（都道府県名：）"));
    expect(sites.example.answers.sites).toBeUndefined();
    expect(byKey(sites.templates[0], "sites").answer).toEqual({
      kind: "composite",
      fields: [
        { key: "count", type: "number", unit: "箇所", integer: true, min: 0 },
        { key: "prefectures", label: "都道府県名", type: "text" },
      ],
    });
    const count = parseAgency(edit("施設数(サポート拠点数)", "1箇所（都道府県名：東京都）", "3箇所（都道府県名：）"));
    expect(count.example.answers.sites).toEqual({ count: 3 });
  });

  it("refuses row groups with unknown or repeated rows", () => {
    expectFailure(edit("\t提供するサービス", "\t対象\t", "\t対象外\t"), lineOf("\t提供するサービス"), "unknown row 「対象外」 under 「提供するサービス」");
    expectFailure(edit("\t\t内容\t", "\t内容\t", "\t対象\t"), lineOf("\t\t内容\t"), "row 「対象」 appears twice under 「提供するサービス」");
    expectFailure(changed(lineOf("\t\tヘルプデスク"), null), split - 2, "row 「ヘルプデスク」 missing under 「サービス提供時間」");
    expectFailure(changed(lineOf("\tFAX番号"), null), split - 2, "field 「FAX番号」 missing from section 「基本情報」");
    expectFailure(changed(lineOf("その他\t"), null), split - 2, "section 「その他」 missing from the overview (truncated seed?)");
  });

  it("refuses a 「ガイドラインの遵守」 that is not a choice between its two outcomes", () => {
    const at = lineOf("\tガイドラインの遵守");
    expectFailure(edit("\tガイドラインの遵守", / <input type="checkbox"\/> 最低限のガイドラインを遵守していない/, ""), at, "「ガイドラインの遵守」 should offer two outcomes, found 1");
    expectFailure(edit("\tガイドラインの遵守", '<input type="checkbox"/> 最低限のガイドラインを遵守していない', '<input checked="" type="checkbox"/> 最低限のガイドラインを遵守していない'), at, "「ガイドラインの遵守」 has both outcomes ticked");
    // Declaring 「遵守していない」 agrees with the 実施予定 items: nothing to report; nothing ticked: nothing declared.
    const fail = parseAgency(edit("\tガイドラインの遵守", /<input checked="" type="checkbox"\/> (最低限のガイドラインを遵守済) <input type="checkbox"\/>/, '<input type="checkbox"/> $1 <input checked="" type="checkbox"/>'));
    expect(fail.example.declared).toEqual({ guidelineCompliance: "最低限のガイドラインを遵守していない" });
    expect(fail.repairs.filter((r) => r.kind === "declared-vs-rule")).toEqual([]);
    const none = parseAgency(edit("\tガイドラインの遵守", '<input checked="" type="checkbox"/>', '<input type="checkbox"/>'));
    expect(none.example.declared).toEqual({ guidelineCompliance: "" });
    expect(none.repairs.filter((r) => r.kind === "declared-vs-rule")).toEqual([]);
  });

  it("refuses fee rows it cannot place under the 事務手数料等 headers", () => {
    const fees = lineOf("事務手数料等");
    expectFailure(edit("事務手数料等", "\t保険者\t", "\t\t"), fees, "expected 2 fee column headers, found 1");
    expectFailure(edit("\t初期費用", "\t初期費用", "\t"), fees + 1, "fee row without a label");
    expectFailure(edit("\t初期費用", "初期費用", "諸費用"), fees + 1, "unknown fee row 「諸費用」");
    expectFailure(edit("\t\t固定費", "固定費", "変動費"), lineOf("\t\t固定費"), "unknown fee row 「経常経費 変動費」");
    expectFailure(edit("\t初期費用", "初期費用\t", "初期費用\t内訳"), fees + 1, "unexpected sub-label 「内訳」 under 「初期費用」");
    expectFailure(edit("\t\t従量単価", "従量単価 ^{注11)}", "固定費"), lineOf("\t\t従量単価"), "fee row 「経常経費 固定費」 appears twice");
    expectFailure(edit("\t初期費用", /$/, "\t追加の値"), fees + 1, 'fee value "追加の値" is not under any column header');
    expectFailure(edit("\t\t固定費", "仕様により変動", '<input type="checkbox"/> 有'), lineOf("\t\t固定費"), "fee row 「経常経費 固定費」: check boxes where an amount is expected");
    expectFailure(edit("\t経常経費", /\t<input.*$/, "\t"), lineOf("\t経常経費"), "fee row 「経常経費 別途請求の有無」 prints no check boxes");
    expectFailure(changed(lineOf("\t\t従量単価"), null), split - 2, "fee row 「経常経費 従量単価」 missing");
  });

  it("lines fee values up with the column headers they sit under", () => {
    // Headers moved right of the row-label cells: every column can hold a value, nothing is assumed.
    const fees = lineOf("事務手数料等");
    const seed = [
      ...lines.slice(0, fees - 1),
      "事務手数料等 ^{注10)}\t\t\t保険者\t健診・保健指導機関",
      "\t初期費用\t\t10,000円\t別途お見積",
      "\t経常経費\t別途請求の有無\t<input checked=\"\" type=\"checkbox\"/> 無(健診委託費に含まれる) <input type=\"checkbox\"/> 有(下記)\t<input type=\"checkbox\"/> 無(健診委託費に含まれる) <input checked=\"\" type=\"checkbox\"/> 有(下記)",
      "\t\t固定費\t月額 5,000円\t仕様により変動",
      "\t\t従量単価 ^{注11)}\t1件 100円\t仕様により変動",
      ...lines.slice(fees + 4),
    ];
    expect(seed[fees + 4]).toContain("代行機関利用に際し必要となる設備等");
    const r = parseAgency(seed.join("\n"));
    expect(r.example.answers.feeAmounts).toEqual({
      initialCost: { insurer: "10,000円", checkupProvider: "別途お見積" },
      fixedCost: { insurer: "月額 5,000円", checkupProvider: "仕様により変動" },
      unitPrice: { insurer: "1件 100円", checkupProvider: "仕様により変動" },
    });
    expect(r.example.answers["separateBilling.insurer"]).toEqual({ selected: "no" });
    expect(r.example.answers["separateBilling.checkupProvider"]).toEqual({ selected: "yes" });
    expect(byKey(r.templates[0], "separateBilling.insurer")).toMatchObject({ text: "別途請求の有無（保険者）", group: "経常経費", level: "none" });
    expect(r.repairs.filter((x) => x.kind === "shifted-header" || x.kind === "options-assumed")).toEqual([]);
  });
});

describe("代行機関 別添 checklist: damaged rows give a clear error or a recorded answer", () => {
  const answers = (seed: string) => parseAgency(seed).example;

  it("refuses a 別添 heading without its edition or title", () => {
    expectFailure(edit("別添 医療情報システム", "第5.2版 ", ""), split, "the 別添 heading names no edition (第N版)");
    expectFailure(edit("別添 医療情報システム", "医療情報システムの安全管理に関するガイドライン ", ""), split, "unreadable 別添 heading");
    expectFailure(changed(split, "別添 最低限のガイドライン遵守チェックリスト 第5.2版"), split, "unreadable 別添 heading");
    expectFailure(changed(split, "付録 最低限のガイドライン遵守チェックリスト"), lines.length, "the 別添 チェックリスト part is missing (truncated seed?)");
  });

  it("reads the edition and titles of the 別添 as printed", () => {
    const r = parseAgency(edit("別添 医療情報システム", "第5.2版", "第 6.0 版"));
    const checklist = r.templates[1];
    expect(checklist.source.edition).toBe("第6.0版");
    expect(checklist.title).toBe("医療情報システムの安全管理に関するガイドライン 最低限のガイドライン遵守チェックリスト");
    expect(checklist.shortTitle).toBe("最低限のガイドライン遵守チェックリスト");
    expect(r.templates[0].source.edition).toBe("別添 最低限のガイドライン遵守チェックリスト 第6.0版");
  });

  it("refuses headers, items and notes outside a section", () => {
    const rule = lineOf("------\t-------\t-----------\t--", split);
    expectFailure(insertAfter(rule, CHECKLIST_HEADER), rule + 1, "checklist header row before any section title");
    expectFailure(insertAfter(rule, "1.\t項目\t■\t□()"), rule + 1, "checklist item before any section header");
    expectFailure(insertAfter(rule, "注99:セクションより前の注"), rule + 1, "note 99 before any section");
    const second = lineOf(CHECKLIST_HEADER, lineOf("技術的安全対策"));
    expectFailure(changed(second, CHECKLIST_HEADER.replace("実施済", "済")), second, "status columns 「済」「実施予定」 differ from the first header");
    expectFailure(changed(second, CHECKLIST_HEADER.replace("実施予定(実施時期)", "予定(時期)")), second, "status columns 「実施済」「予定」 differ from the first header");
    // The 実施時期 in brackets is not part of the column's name.
    expect(parseAgency(changed(second, CHECKLIST_HEADER.replace("(実施時期)", "（時期）"))).templates).toHaveLength(2);
    // Every header says something else than 実施済/実施予定: the scale cannot be used.
    const renamed = text.replace(/\t実施済\t/g, "\t済\t");
    expectFailure(renamed, lineOf(CHECKLIST_HEADER), "status columns 「済」「実施予定」 are not the scale's 実施済/実施予定");
  });

  it("refuses unknown, repeated, empty or missing sections", () => {
    expectFailure(edit("情報の破棄", "情報の破棄", "情報の廃棄", split), lineOf("情報の破棄", split), "unknown checklist section 「情報の廃棄」");
    expectFailure(edit("物理的安全対策", "物理的安全対策", "組織的安全管理対策", split), lineOf("物理的安全対策", split), "checklist section 「組織的安全管理対策」 appears twice");
    const staff = lineOf("人的安全対策(従業者", split);
    const emptied = lines.filter((_, i) => i + 1 < staff + 3 || i + 1 > staff + 5);
    expect(emptied[staff + 2]).toBe("");
    expectFailure(emptied.join("\n"), staff, "checklist section 「人的安全対策(従業者に対する人的安全管理措置)」 has no items");
  });

  it("refuses a 最終更新日 of the checklist it cannot read or place", () => {
    const updated = lineOf("更新情報\t最終更新日\t2026");
    expectFailure(edit("更新情報\t最終更新日\t2026", "2026年7月7日", "2026年7月"), updated, "unreadable 最終更新日 row");
    expectFailure(edit("更新情報\t最終更新日\t2026", "最終更新日", "改定日"), updated, "unreadable 最終更新日 row");
    expectFailure(insertAfter(updated, lines[updated - 1]), updated + 1, "unexpected 最終更新日 row");
    expectFailure(insertAfter(lineOf("1.\t情報システム運用責任者"), lines[updated - 1]), lineOf("1.\t情報システム運用責任者") + 1, "unexpected 最終更新日 row");
    expectFailure(changed(updated, null), lines.length - 1, "the checklist has no 最終更新日 row");
    // The same date on both parts: nothing to report.
    const same = parseAgency(edit("更新情報\t最終更新日\t2026", "2026年7月7日", "2025年7月7日"));
    expect(same.example.lastUpdated).toEqual({ overview: "2025-07-07", checklist: "2025-07-07" });
    expect(same.repairs.filter((r) => r.kind === "date-mismatch")).toEqual([]);
  });

  it("refuses notes it cannot keep", () => {
    expectFailure(edit("注2:", "注2:", "注1:"), lineOf("注2:"), "duplicate note 注1");
    expectFailure(changed(lineOf("注6:"), "注6:"), lineOf("注6:"), "note 注6 has no text");
  });

  it("joins a note's continuation paragraph to the note", () => {
    const r = parseAgency(insertAfter(lineOf("注1:") + 1, "また、動作確認用データは暗号化して保管する。"));
    expect(r.templates[1].sections.find((s) => s.key === "technical")!.notes![0]).toEqual({
      id: "注1",
      text: "動作確認用データの情報管理を厳格に行い、動作確認終了後は適切に破棄を行うことを指す。また、動作確認用データは暗号化して保管する。",
    });
    expect(r.repairs.filter((x) => x.kind === "wrapped-note" && x.line === lineOf("注1:") + 2).map((x) => x.message)).toEqual(["continuation of 注1 joined to the note text"]);
  });

  it("refuses item text it cannot split", () => {
    const at = lineOf("1.\t情報システム運用責任者");
    expectFailure(edit("1.\t情報システム運用責任者", /\t[^\t]*\t■/, "\t\t■"), at, "checklist item without text");
    expectFailure(edit("1.\t情報システム運用責任者", /\t[^\t]*\t■/, "\t・ 一つ目 ・ 二つ目\t■"), at, "cannot split the item's list");
  });

  it("splits an item's inline list into check points", () => {
    const r = parseAgency(edit("1.\t情報システム運用責任者", /\t[^\t]*\t■/, "\t次を定めている。 ・ 責任者 ・ 担当者\t■"));
    expect(byKey(r.templates[1], "organizational.1")).toMatchObject({ text: "次を定めている。", checkPoints: ["責任者", "担当者"] });
    const lettered = parseAgency(edit("1.\t情報システム運用責任者", /\t[^\t]*\t■/, "\t次を定めている。 (a) 体制 (b) 監査\t■"));
    expect(byKey(lettered.templates[1], "organizational.1")).toMatchObject({ text: "次を定めている。", checkPoints: ["(a) 体制", "(b) 監査"] });
    // No list: one text, no check points.
    expect(byKey(r.templates[1], "organizational.2").checkPoints).toBeUndefined();
  });

  it("refuses status cells it cannot read", () => {
    const at = lineOf("1.\t情報システム運用責任者");
    expectFailure(edit("1.\t情報システム運用責任者", "\t■\t□()", "\t済\t□()"), at, '実施済 cell "済" is neither ■ nor □');
    expectFailure(edit("1.\t情報システム運用責任者", "\t■\t□()", "\t■\t□("), at, '実施予定 cell "□(" cannot be read');
    expectFailure(edit("1.\t情報システム運用責任者", "\t■\t□()", "\t■\t□(2025年3月)"), at, '実施済 ticked but the 実施予定 cell says "2025年3月"');
  });

  it("records what each status cell says as the example answer", () => {
    const key = "appendix.organizational.1";
    const row = (cells: string) => edit("1.\t情報システム運用責任者", "\t■\t□()", cells);
    expect(answers(row("\t□\t■(令和7年3月)")).answers[key]).toEqual({ status: "planned", month: "2025-03" });
    expect(answers(row("\t□\t■(2025/3)")).answers[key]).toEqual({ status: "planned", month: "2025-03" });
    expect(answers(row("\t□\t■ (2025年3月15日)")).answers[key]).toEqual({ status: "planned", month: "2025-03" });
    const remark = parseAgency(row("\t□\t■(検討中)"));
    expect(remark.example.answers[key]).toEqual({ status: "planned" });
    expect(remark.example.notes[key]).toBe("検討中");
    expect(remark.repairs.filter((r) => r.kind === "planned-without-month").map((r) => `${r.line} ${r.message}`)).toEqual([
      `${lineOf("1.\t情報システム運用責任者")} 実施予定 ticked with "検討中" instead of a 実施時期`,
    ]);
    const bare = parseAgency(row("\t□\t■()"));
    expect(bare.example.answers[key]).toEqual({ status: "planned" });
    expect(bare.example.notes[key]).toBeUndefined();
    // Neither box ticked: left unanswered, and said so.
    const open = parseAgency(row("\t□\t□()"));
    expect(key in open.example.answers).toBe(false);
    expect(open.repairs.filter((r) => r.kind === "unanswered").map((r) => `${r.line} ${r.message}`)).toEqual([
      `${lineOf("1.\t情報システム運用責任者")} neither 実施済 nor 実施予定 ticked: left unanswered`,
    ]);
    // 実施済 with an empty 実施予定 cell, or one in full-width brackets.
    expect(answers(row("\t■\t")).answers[key]).toEqual({ status: "implemented" });
    expect(answers(row("\t■\t□（）")).answers[key]).toEqual({ status: "implemented" });
  });

  it("counts only 実施予定 and 対象外 against a declared 「遵守済」", () => {
    const all = lines.map((l) => l.replace(/\t□\t■\(対象事項無\)/, "\t■\t□()")).join("\n");
    const r = parseAgency(all);
    expect(r.repairs.filter((x) => x.kind === "declared-vs-rule")).toEqual([]);
    const one = parseAgency(all.replace("1.\t情報システム運用責任者の設置及び担当者(システム管理者を含む)の限定を行っている。\t■\t□()", "1.\t情報システム運用責任者の設置及び担当者(システム管理者を含む)の限定を行っている。\t□\t■(2027年4月)"));
    expect(one.repairs.filter((x) => x.kind === "declared-vs-rule").map((x) => x.message)).toEqual([
      "declares 「最低限のガイドラインを遵守済」 while 1 checklist item(s) are ticked 実施予定 (注8: that means 「最低限のガイドラインを遵守していない」); kept as declared, the portal derives the result",
    ]);
  });
});
