// The 役割分担 checklist parser (disclosures/parsers/responsibility-parser.ts, seed 000), pinned where the other
// suites leave it loose (issue 20, mutation testing): every item, section, note, help entry and answer kind of the
// real seed against the committed template, item by item; then small hand-written seeds at the edges of each
// pattern (headings, captions, tables, block headings, rows, cells, 【略称】, references, the glossary and its
// places) and damaged or reordered text with the whole message the parser gives.
// Each test names in a comment the parser lines it pins (line numbers of responsibility-parser.ts on 3 December 2026).
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { applyErrata, readErrataFile } from "../../disclosures/errata.js";
import { parseResponsibility } from "../../disclosures/parsers/responsibility-parser.js";
import type { ParseResult } from "../../disclosures/parsers/parse-report.js";
import { readCommittedErrata } from "../../disclosures/seeds.js";
import { walkItems } from "../../disclosures/template-loader.js";
import type { Section, Template } from "../../disclosures/template-schema.js";
import { requireSeeds, TEMPLATES_DIR } from "../helpers/db.js";
import { failure, INSPECTION, MGL, parse, parts, type Parts, SEED, seed, TWO } from "./responsibility-seed-fixture.js";

// The small seed (and its line map): responsibility-seed-fixture.ts.
const items = (r: ParseResult) => [...walkItems(r.templates[0])].map((e) => e.item);
const item = (r: ParseResult, key: string) => {
  const found = items(r).find((i) => i.key === key);
  if (!found) throw new Error(`no item ${key}`);
  return found;
};
const repairs = (r: ParseResult, kind?: string) => r.repairs.filter((x) => !kind || x.kind === kind).map((x) => `${x.line} ${x.kind} ${x.message}`);
const blocks = (r: ParseResult) => r.templates[0].sections.flatMap((p) => (p.sections ?? []).map((b) => `${b.key} ${b.number ?? "-"} ${b.title}`));

/** The whole message, file and line included: what `scripts/templates.ts generate` prints. */
const expectFailure = (s: string, line: number, reason: string) => {
  const error = failure(s);
  expect(error.line).toBe(line);
  expect(error.message).toBe(`${SEED}:${line}: ${reason}`);
};

// ---- the real seed against the committed template ---------------------------------------------------------

describe("役割分担 parser on seed 000 + errata: the template as committed, item by item", () => {
  const raw = readFileSync(path.join(requireSeeds(), SEED), "utf8");
  const errata = readErrataFile("000.json", readCommittedErrata(SEED)!, SEED).errata;
  const committed: Template = JSON.parse(readFileSync(path.join(TEMPLATES_DIR, "responsibility-checklist@1.1.0.json"), "utf8"));
  /** As the JSON file stores it (undefined fields dropped). */
  const asStored = <T>(x: T): T => JSON.parse(JSON.stringify(x));
  // Parsed inside each test, so that every assertion covers the code that made its value (docs/mutation.md).
  const parsed = () => asStored(parseResponsibility(applyErrata(raw, errata, "000.json")).templates[0]);
  const itemsOf = (t: Template) => [...walkItems(t)].map((e) => e.item);

  it("gives every item its committed key, number, 分類, 項目, text, details, references, level and answer", () => {
    // Lines 225–251 (a row's cells), 270–299 (keys and numbers), 418–454 (merging the versions), 456–469 (the item),
    // 549–608 (references).
    const mine = itemsOf(parsed());
    const theirs = itemsOf(committed);
    expect(mine.map((x) => x.key)).toEqual(theirs.map((x) => x.key));
    for (const [n, want] of theirs.entries()) expect(mine[n], want.key).toEqual(want);
    // Every item the status of the responsibility scale, graded nothing; 分類 on Part2 only.
    const kinds = mine.map((x) => `${x.key.slice(0, 2)}:${x.answer.kind}:${x.answer.kind === "status" ? x.answer.scale : "-"}:${x.level}:${x.category ? "分類" : "-"}`);
    const counts = kinds.reduce<Record<string, number>>((acc, k) => ({ ...acc, [k]: (acc[k] ?? 0) + 1 }), {});
    expect(counts).toEqual({ "p1:status:responsibility:none:-": 22, "p2:status:responsibility:none:分類": 31 });
  });

  it("gives the Parts and blocks their committed keys, numbers, titles and descriptions", () => {
    // Lines 148–163 (Part headings and captions), 258–267 (block keys), 369–375 and 451 (the sections).
    const strip = (s: Section): unknown => ({ ...s, items: s.items?.map((i) => i.key), sections: s.sections?.map(strip) });
    expect(parsed().sections.map(strip)).toEqual(committed.sections.map(strip));
  });

  it("gives the template its committed id, titles, source, scale, note and help", () => {
    // Lines 121–146 (title and 資料3), 302–330 (【略称】), 332–359 (用語の解説), 361–396 (build), 404–416 (glossary links).
    const { sections: _mine, version, errata: _e, ...mine } = parsed();
    const { sections: _theirs, errata: _f, version: _v, ...theirs } = committed;
    expect(version).toBe("1.0.0"); // generateSeed numbers the corrected template 1.1.0
    expect(mine).toEqual(theirs);
    expect(mine.help).toHaveLength(36);
    expect(mine.help!.filter((h) => "places" in h)).toHaveLength(29);
  });
});

// ---- the seed's outline: title, 資料, Parts, captions, tables --------------------------------------------

describe("役割分担 parser: the outline of the seed at the edges of its patterns", () => {
  it("refuses an empty seed at line 1", () => {
    // Line 99.
    expectFailure("", 1, "empty seed: no text at all");
    expectFailure("\n \n\t\n", 1, "empty seed: no text at all");
  });

  it("quotes an unexpected line by its first 40 characters", () => {
    // Line 117.
    const long = "この行は表の外にあり、どの見出しにも当たらない説明文で、四十文字を超える長さがあります。";
    expectFailure(seed((p) => p.p1Short.splice(2, 0, long)), 5, `unexpected line outside any table: 「${long.slice(0, 40)}」`);
  });

  it("takes 資料 with a number of two digits, and refuses 資料 with text, a full-width number or a prefix", () => {
    // Lines 111 and 131 (/^資料\s*\d+$/), 132 (blanks removed), 141 and 383 (the edition).
    expect(parse((p) => (p.title[1] = "資料 12")).templates[0].source.edition).toBe("案（資料12）");
    expectFailure(seed((p) => p.p1Short.splice(2, 0, "資料3の続き")), 5, "unexpected line outside any table: 「資料3の続き」");
    expectFailure(seed((p) => p.p1Short.splice(2, 0, "別添資料3")), 5, "unexpected line outside any table: 「別添資料3」");
    expectFailure(seed((p) => p.p1Short.splice(2, 0, "資料３")), 5, "unexpected line outside any table: 「資料３」");
  });

  it("joins a title printed over lines with several blanks between its parts", () => {
    // Lines 128–129 (title lines, heading marks removed), 137 and 627–629 (joinWrapped: any run of blanks between
    // two Japanese characters is a line break).
    const r = parse((p) => (p.title = ["#   医療情報システムの契約における関係者間の役割分担等に関する", "", "チェックリスト  （案）", "資料3"]));
    expect(r.templates[0].source.document).toBe("医療情報システムの契約における関係者間の役割分担等に関するチェックリスト（案）");
    expect(r.templates[0].title).toBe("医療情報システムの契約における関係者間の役割分担等に関するチェックリスト");
    // A title without （案） is kept whole (line 387 removes it only at the end).
    const final = parse((p) => (p.title[0] = "医療情報システムの契約における関係者間の役割分担等に関するチェックリスト"));
    expect(final.templates[0].title).toBe("医療情報システムの契約における関係者間の役割分担等に関するチェックリスト");
    expect(final.templates[0].source.document).toBe("医療情報システムの契約における関係者間の役割分担等に関するチェックリスト");
  });

  it("names the repeated page header's last line past blank lines", () => {
    // Line 143: the last non-blank line of the header, blank lines after it not counted.
    const r = parse((p) => (p.detailedTitle = [...p.detailedTitle, "", "  "]));
    expect(repairs(r, "page-header")).toEqual([
      "17 page-header repeated page header 「医療情報システムの契約における関係者間の役割分担等に関するチェックリスト推奨される対応例（案）」 / 「資料3」 (lines 17–19) skipped",
    ]);
  });

  it("reads Part headings with a space before the number, and refuses Part3 and Part in the middle of a line", () => {
    // Line 112 (/^(?:#+\s*)?Part\s*([12])\s+(.+)$/).
    const r = parse((p) => ((p.p1Short[0] = "# Part 1 主に医療機関が実施する項目"), (p.p2Detailed[0] = "Part 2   医療機関と事業者が共同で実施する項目")));
    expect(r.templates[0].sections.map((s) => `${s.key} ${s.title}`)).toEqual(["p1 主に医療機関が実施する項目", "p2 医療機関と事業者が共同で実施する項目"]);
    expectFailure(seed((p) => p.p1Short.splice(2, 0, "Part3 付録")), 5, "unexpected line outside any table: 「Part3 付録」");
    expectFailure(seed((p) => p.p1Short.splice(2, 0, "（Part2 を参照）")), 5, "unexpected line outside any table: 「（Part2 を参照）」");
    expectFailure(seed((p) => p.p1Short.splice(2, 0, "Part1")), 5, "unexpected line outside any table: 「Part1」");
  });

  it("takes the caption after blank lines, keeps the first Part's caption, and leaves a line that is no caption", () => {
    // Lines 156 (blank lines skipped), 158 (/^（(.+)）$/ on the cleaned line), 160 (??=: the first caption wins).
    const r = parse((p) => {
      p.p1Short.splice(1, 0, "", "  ");
      p.p1Short[3] = "<b>（医療機関が主体となって実施する項目の例）</b>";
      p.p1Detailed.splice(1, 0, "（別の説明）");
    });
    expect(r.templates[0].sections.map((s) => s.description)).toEqual(["医療機関が主体となって実施する項目の例", "共同で実施する項目の例"]);
    expectFailure(seed((p) => (p.p1Short[1] = "（医療機関が主体となって実施する項目の例）です")), 4, "unexpected line outside any table: 「（医療機関が主体となって実施する項目の例）です」");
    expectFailure(seed((p) => (p.p1Short[1] = "注（医療機関が主体となって実施する項目の例）")), 4, "unexpected line outside any table: 「注（医療機関が主体となって実施する項目の例）」");
    expectFailure(seed((p) => (p.p1Short[1] = "(医療機関が主体となって実施する項目の例)")), 4, "unexpected line outside any table: 「(医療機関が主体となって実施する項目の例)」");
    // Without any caption the Part has no description.
    const bare = parse((p) => p.p2Short.splice(1, 1));
    expect(bare.templates[0].sections[1].description).toBeUndefined();
    expect(Object.keys(bare.templates[0].sections[1])).not.toContain("description");
  });

  it("refuses a seed that ends with a Part heading, a table before any Part, and a seed without Part1", () => {
    // Lines 158 (`next &&`: no line after the heading), 168, 369.
    expectFailure([...parts().title, "Part1 主に医療機関が実施する項目"].join("\n"), 3, "seed ends before the 用語の解説 glossary (truncated?)");
    expectFailure(seed((p) => p.p1Short.splice(0, 2)), 3, "table before any 「Part」 heading");
    expectFailure(seed((p) => ((p.p1Short = []), (p.p1Detailed = []))), 23, "Part1 missing (truncated seed?)");
    expectFailure(seed((p) => (p.p1Short = p.p1Short.slice(0, 2))), 3, "Part1 has no short-list table");
    expectFailure(seed((p) => (p.p1Detailed = p.p1Detailed.slice(0, 1))), 31, "Part1 has no 推奨される対応例 table (truncated seed?)");
  });

  it("reads a header with empty cells after it and a table header that is not at the start of its line as prose", () => {
    // Lines 114 (/^項番\t/ on the raw line), 169 (trailing empty header cells dropped).
    const r = parse((p) => (p.p1Short[2] += "\t\t"));
    expect(items(r)).toHaveLength(6);
    expectFailure(seed((p) => (p.p1Short[2] = " " + p.p1Short[2])), 5, "unexpected line outside any table: 「項番\t項目\t内容\t確認欄 (日付)」");
    expectFailure(seed((p) => (p.p1Short[2] = "項番 項目 内容 確認欄")), 5, "unexpected line outside any table: 「項番 項目 内容 確認欄」");
  });

  it("reads 【略称】 and 用語の解説 only at the start of their line", () => {
    // Lines 115 and 116.
    expectFailure(seed((p) => p.p1Short.splice(2, 0, "注【略称】")), 5, "unexpected line outside any table: 「注【略称】」");
    expectFailure(seed((p) => (p.glossary[0] = "用語の解説（続き）")), 34, "unexpected line outside any table: 「用語の解説（続き）」");
    expectFailure(seed((p) => (p.glossary[0] = "別表 用語の解説")), 34, "unexpected line outside any table: 「別表 用語の解説」");
    const r = parse((p) => (p.glossary[0] = "用語の解説"));
    expect(r.templates[0].help!.map((h) => h.term)).toEqual(["厚労省ガイドライン", "立入検査用チェックリスト", "2省ガイドライン", "BCP", "SLA"]);
  });
});

// ---- rows and blocks ---------------------------------------------------------------------------------------

describe("役割分担 parser: rows and blocks at the edges of their patterns", () => {
  it("reads block headings with blanks inside the bold and refuses a lower-case letter or text after the bold", () => {
    // Line 208 (/^<b>\s*(?:([A-Z])\s+)?(.+?)\s*<\/b>$/), 260 (the key is the letter in lower case).
    const r = parse((p) => ((p.p1Short[3] = "<b> A 事業者選定・事業者管理 </b>\t\t\t"), (p.p2Detailed[2] = "<b>A   共通</b>\t\t\t\t\t\t\t")));
    expect(blocks(r)).toEqual(["p1.inspection - 立入検査用チェックリスト該当項目", "p1.a A 事業者選定・事業者管理", "p2.a A 共通"]);
    expect(repairs(r, "block-title")).toEqual([]);
    expectFailure(seed((p) => (p.p1Short[3] = "<b>a 事業者選定・事業者管理</b>\t\t\t")), 6, "block heading 「a 事業者選定・事業者管理」 has no letter");
    expectFailure(seed((p) => (p.p1Short[3] = "<b>A 事業者選定</b>（続き）\t\t\t")), 6, "item row before any block heading (A/B/C)");
    expectFailure(seed((p) => (p.p1Short[3] = "注<b>A 事業者選定</b>\t\t\t")), 6, "item row before any block heading (A/B/C)");
  });

  it("reads a bold cell as a block heading only when every other cell of its row is empty", () => {
    // Line 209 (`every`).
    expectFailure(seed((p) => p.p1Short.push("<b>B 内部体制</b>\t\t内容\t( / )")), 10, "項番 「B 内部体制」 is not a number");
  });

  it("refuses a second 立入検査用 block in one table by its title", () => {
    // Line 263 (`letter ?? title`).
    expectFailure(seed((p) => p.p1Detailed.splice(4, 0, "<b>立入検査用チェックリスト該当項目</b>\t\t\t\t\t")), 24, "block 立入検査用チェックリスト該当項目 appears twice in the table");
  });

  it("accepts an empty 確認欄 written without blanks and refuses a full-width one or a word after it", () => {
    // Line 223.
    expect(items(parse((p) => (p.p1Short[4] = "1\t事業者管理\t契約を把握しているか。\t(/)")))).toHaveLength(6);
    expectFailure(seed((p) => (p.p1Short[4] = "1\t事業者管理\t契約を把握しているか。\t（ / ）")), 7, "確認欄 cell is 「（ / ）」, expected 「( / )」: columns are misaligned");
    expectFailure(seed((p) => (p.p1Short[4] = "1\t事業者管理\t契約を把握しているか。\t( / ) 済")), 7, "確認欄 cell is 「( / ) 済」, expected 「( / )」: columns are misaligned");
  });

  it("refuses a full-width 項番 and 項番 0", () => {
    // Lines 234 (/^\d+$/), 276 (`<= last`, starting at 0).
    expectFailure(seed((p) => (p.p1Short[4] = "１\t事業者管理\t契約を把握しているか。\t( / )")), 7, "項番 「１」 is not a number");
    expectFailure(
      seed((p) => ((p.p1Short[4] = "0\t事業者管理\t契約を把握しているか。\t( / )"), (p.p1Detailed[5] = p.p1Detailed[5].replace(/^1/, "0")))),
      7,
      "項番 0 out of order in block 「事業者選定・事業者管理」",
    );
  });

  it("numbers rows of one 項番 by circled number where printed, by position where not", () => {
    // Lines 284–296: ① at the very start of 内容 (index 0 of CIRCLED) moves into the number and is cut from the
    // text with the blank after it; a row without a marker takes its position.
    const r = parse((p) => {
      p.p1Short[5] = "2\t説明責任\t①患者に説明できるか。\t( / )";
      p.p1Short[6] = "\t説明責任\t事業者に説明できるか。\t( / )";
      p.p1Detailed[6] = "2\t説明責任\t①患者に説明できるか。\t説明資料を用意する。\t2省ガイドライン5.1\t( / )";
      p.p1Detailed[7] = "\t説明責任\t事業者に説明できるか。\t窓口を決める。\t外部保存通知\t( / )";
    });
    expect(items(r).filter((i) => i.key.startsWith("p1.a.2")).map((i) => `${i.key} ${i.number} ${i.text}`)).toEqual(["p1.a.2-1 2① 患者に説明できるか。", "p1.a.2-2 2 事業者に説明できるか。"]);
    // ⑳, the last circled number, is sub-number 20.
    const last = parse((p) => {
      p.p1Short[6] = "\t説明責任\t⑳ 事業者に説明できるか。\t( / )";
      p.p1Detailed[7] = "\t説明責任\t⑳ 事業者に説明できるか。\t窓口を決める。\t外部保存通知\t( / )";
    });
    expect(items(last).filter((i) => i.key.startsWith("p1.a.2")).map((i) => `${i.key} ${i.number}`)).toEqual(["p1.a.2-1 2①", "p1.a.2-20 2⑳"]);
  });

  it("keeps a 内容 whose first character is no circled number whole, also when it is a single row", () => {
    // Lines 278–283: a lone row keeps its text, marker or not, and its plain number.
    const r = parse((p) => {
      p.p1Short[4] = "1\t事業者管理\t① 契約を把握しているか。\t( / )";
      p.p1Detailed[5] = "1\t事業者管理\t① 契約を把握しているか。\t契約一覧を作る。\t厚労省ガイドライン経営管理編5.1、5.2\t( / )";
    });
    expect(item(r, "p1.a.1")).toMatchObject({ number: "1", text: "① 契約を把握しているか。" });
  });

  it("keeps separate runs of rows with extra empty cells apart", () => {
    // Lines 184–190 and 205 (a row without extra cells ends the run).
    const r = parse((p) => {
      p.p1Detailed[5] += "\t";
      p.p1Detailed[7] += "\t\t";
    });
    expect(repairs(r, "extra-empty-cells")).toEqual([
      "25 extra-empty-cells rows at lines 25–25 carry empty cells beyond the 6 columns of the header; ignored",
      "27 extra-empty-cells rows at lines 27–27 carry empty cells beyond the 6 columns of the header; ignored",
    ]);
  });

  it("drops an empty 想定されるリスク and reads a continuation that only adds references", () => {
    // Lines 227 (empty details dropped), 247 (a continuation with references only), 249–251.
    const r = parse((p) => {
      p.p2Detailed[3] = "1\t全般\t役割分担\t役割分担を確認する。\t\t分担表を作る。\t厚労省ガイドライン企画管理編7\t( / )";
      p.p2Detailed[4] = "\t\t\t\t\t\t2省ガイドライン別紙1\t( / )";
    });
    expect(item(r, "p2.a.1").details).toEqual([{ label: "推奨される対応例", text: "分担表を作る。" }]);
    expect(item(r, "p2.a.1").references).toEqual([
      { guideline: MGL, location: "企画管理編7" },
      { guideline: TWO, location: "別紙1" },
    ]);
    expect(repairs(r, "continuation-merged")).toEqual(["32 continuation-merged row with only  continues 項番 1 (line 31); merged into that item"]);
  });

  it("refuses a row without 項番 and 内容 that holds a merged 分類 and 項目", () => {
    // Line 247 (`mergedLabel`).
    expectFailure(seed((p) => (p.p2Detailed[4] = "\t全般役割\t\t② 責任が曖昧になる。\t責任者を決める。\t\t( / )")), 32, "row without 項番 or 内容: cannot place it");
  });

  it("joins 項目 and 分類 cells wrapped over lines, also a merged cell, but not next to Latin letters", () => {
    // Lines 218, 230, 231 (joinWrapped), 627–629.
    const r = parse((p) => {
      p.p1Short[4] = "1\t事業者 管理\t契約を把握しているか。\t( / )";
      p.p2Short[4] = "1\t全 般\tSLA 締結 SLA\t役割分担を確認する。\t( / )";
      p.p2Detailed[3] = p.p2Detailed[3].replace("1\t全般\t役割分担\t", "1\t全般\tSLA 締結 SLA\t");
      p.p2Detailed[5] = p.p2Detailed[5].replace("システムやサービスの仕様通信相手の認証", "システムやサービス の仕様通信 相手の認証");
    });
    expect(item(r, "p1.a.1").group).toBe("事業者管理");
    expect(item(r, "p2.a.1")).toMatchObject({ category: "全般", group: "SLA 締結 SLA" });
    expect(item(r, "p2.a.2")).toMatchObject({ category: "システムやサービスの仕様", group: "通信相手の認証" });
    expect(repairs(r, "shifted-columns")).toEqual([
      "33 shifted-columns 分類 and 項目 extracted into one cell 「システムやサービスの仕様通信相手の認証」; split into 分類 「システムやサービスの仕様」 and 項目 「通信相手の認証」, later cells moved right",
    ]);
  });

  it("splits a merged cell only when 項目 follows 分類 in the header", () => {
    // Line 216 (`col("項目") === col("分類") + 1`).
    expectFailure(
      seed((p) => {
        p.p2Detailed[1] = "項番\t項目\t分類\t内容\t想定されるリスク\t推奨される対応例\tガイドライン等関連部分\t確認欄(日付)";
      }),
      33,
      "row has 7 cells but the header has 8: cannot place it",
    );
  });

  it("drops a dangling 「の」 of a merged cell only when the partner's 項目 confirms it", () => {
    // Line 478.
    const confirmed = parse((p) => (p.p2Detailed[5] = p.p2Detailed[5].replace("システムやサービスの仕様通信相手の認証", "システムやサービスの仕様の通信相手の認証")));
    expect(item(confirmed, "p2.a.2").group).toBe("通信相手の認証");
    expect(repairs(confirmed, "shifted-columns")).toEqual([
      "33 shifted-columns 分類 and 項目 extracted into one cell 「システムやサービスの仕様の通信相手の認証」; split into 分類 「システムやサービスの仕様」 and 項目 「通信相手の認証」, later cells moved right",
    ]);
    // The partner's 項目 is 「の認証」 itself: the 「の」 is part of it, nothing is dropped.
    const own = parse((p) => {
      p.p2Short[5] = "2\tシステムやサービスの仕様\tの認証\t通信相手を認証する。\t( / )";
      p.p2Detailed[5] = p.p2Detailed[5].replace("システムやサービスの仕様通信相手の認証", "システムやサービスの仕様の認証");
    });
    expect(item(own, "p2.a.2").group).toBe("の認証");
    // A row of the 立入検査用 block has no partner: the 「の」 stays.
    const lone = parse((p) =>
      p.p2Detailed.splice(2, 0, "<b>立入検査用チェックリスト該当項目</b>\t\t\t\t\t\t\t", "1\t全般の脆弱性情報の確認\t脆弱性を確認する。\t攻撃される。\t確認する。\t外部保存通知\t( / )"),
    );
    expect(item(lone, "p2.inspection.1")).toMatchObject({ category: "全般", group: "の脆弱性情報の確認" });
    // A partner whose 項目 differs: the 「の」 stays, and the wording difference is reported.
    const differs = parse((p) => (p.p2Detailed[5] = p.p2Detailed[5].replace("システムやサービスの仕様通信相手の認証", "システムやサービスの仕様の通信の認証")));
    expect(repairs(differs, "wording-differs")).toEqual(["33 wording-differs 項目 reads 「の通信の認証」 here but 「通信相手の認証」 in the short list (line 16); kept the short list's wording"]);
  });

  it("keeps a 分類 the short list does not use as printed", () => {
    // Lines 486–488.
    const r = parse((p) =>
      p.p2Detailed.splice(2, 0, "<b>立入検査用チェックリスト該当項目</b>\t\t\t\t\t\t\t", "1\t独自の分類\t脆弱性情報の確認\t脆弱性を確認する。\t攻撃される。\t確認する。\t外部保存通知\t( / )"),
    );
    expect(item(r, "p2.inspection.1")).toMatchObject({ category: "独自の分類", group: "脆弱性情報の確認" });
    expect(repairs(r, "category-normalised")).toEqual([]);
  });

  it("reports no wording difference for other widths or blanks, and quotes long texts of unpartnered rows by 30 characters", () => {
    // Lines 512 (squash: NFKC, blanks removed), 444 and 450 (slice(0, 30)).
    const same = parse((p) => (p.p2Detailed[3] = p.p2Detailed[3].replace("役割分担を確認する。", "役割 分担を　確認する。")));
    expect(repairs(same, "wording-differs")).toEqual([]);
    const wide = parse((p) => ((p.p2Short[4] = p.p2Short[4].replace("役割分担を確認する。", "SLAで役割分担を確認する。")), (p.p2Detailed[3] = p.p2Detailed[3].replace("役割分担を確認する。", "ＳＬＡで役割分担を確認する。"))));
    expect(repairs(wide, "wording-differs")).toEqual([]);
    expect(item(wide, "p2.a.1").text).toBe("SLAで役割分担を確認する。");
    const long = "事業者に説明できるか。説明の範囲、時期、方法、窓口、記録の残し方まで含めて取り決めているか。";
    expectFailure(
      seed((p) => ((p.p1Short[6] = `\t説明責任\t② ${long}\t( / )`), p.p1Detailed.splice(7, 1))),
      9,
      `short-list row A-2-2 「${long.slice(0, 30)}」 has no partner in the 推奨される対応例 version`,
    );
    expectFailure(
      seed((p) => (p.p1Short.splice(6, 1), (p.p1Detailed[7] = `\t説明責任\t② ${long}\t窓口を決める。\t外部保存通知\t( / )`))),
      26,
      `推奨される対応例 row A-2-2 「${long.slice(0, 30)}」 has no partner in the short list`,
    );
  });
});

// ---- 【略称】, references, glossary, cell text -------------------------------------------------------------

describe("役割分担 parser: 【略称】, references and the glossary at the edges of their patterns", () => {
  const withRefs = (refs: string, abbreviations?: string[]) =>
    parse((p) => {
      p.p1Detailed[5] = `1\t事業者管理\t契約を把握しているか。\t契約一覧を作る。\t${refs}\t( / )`;
      if (abbreviations) p.abbreviations = abbreviations;
    });
  const refsOf = (refs: string, abbreviations?: string[]) => item(withRefs(refs, abbreviations), "p1.a.1").references;
  const failsOn = (refs: string, reason: string) => expectFailure(seed((p) => (p.p1Detailed[5] = `1\t事業者管理\t契約を把握しているか。\t契約一覧を作る。\t${refs}\t( / )`)), 25, reason);

  it("reads 【略称】 in one cell split by runs of three blanks, and entries with blanks around the colon", () => {
    // Line 305 (/\u0000|\s{3,}/: a single blank inside a name does not split it), 309, 327–329 (trimmed parts).
    const r = parse((p) => (p.abbreviations = [`【略称】   厚労省ガイドライン ： ${MGL}   2省ガイドライン別紙SLA案：${TWO} 別紙1   2省ガイドライン : ${TWO}`]));
    expect(r.templates[0].help!.slice(0, 3)).toEqual([
      { term: "厚労省ガイドライン", text: MGL },
      { term: "2省ガイドライン別紙SLA案", text: `${TWO} 別紙1` },
      { term: "2省ガイドライン", text: TWO },
    ]);
  });

  it("reads 【略称】 in one cell split by <p> alone", () => {
    // Line 305 (/<\/?p>/g: an opening <p> separates entries too).
    const r = parse((p) => (p.abbreviations = [`<p>【略称】<p>厚労省ガイドライン：${MGL}<p>立入検査用チェックリスト：${INSPECTION}<p>2省ガイドライン：${TWO}`]));
    expect(r.templates[0].help!.slice(0, 3).map((h) => `${h.term}：${h.text}`)).toEqual([`厚労省ガイドライン：${MGL}`, `立入検査用チェックリスト：${INSPECTION}`, `2省ガイドライン：${TWO}`]);
  });

  it("ends 【略称】 on its own lines at the first line that is no entry", () => {
    // Lines 312–321 (line 318: /^[^:：\t]+[:：]/ and no tab).
    const r = parse((p) => (p.abbreviations = ["【略称】", `厚労省ガイドライン：${MGL}`, `2省ガイドライン：${TWO}`]));
    expect(r.templates[0].help!.slice(0, 2).map((h) => h.term)).toEqual(["厚労省ガイドライン", "2省ガイドライン"]);
    expectFailure(seed((p) => (p.abbreviations = ["【略称】", "：正式名称：注"])), 10, "【略称】 without any entry");
    expectFailure(seed((p) => (p.abbreviations = ["【略称】", `厚労省ガイドライン\t：${MGL}`])), 10, "【略称】 without any entry");
  });

  it("refuses a 【略称】 entry without a name or without a text, quoting 30 characters", () => {
    // Lines 327–328.
    expectFailure(seed((p) => (p.abbreviations = [`<p>【略称】</p> <p>：${MGL}</p>`])), 10, `【略称】 entry 「：${MGL}」 is not 「略称：正式名称」`.replace(`：${MGL}`, `：${MGL}`.slice(0, 30)));
    expectFailure(seed((p) => (p.abbreviations = ["<p>【略称】</p> <p>厚労省ガイドライン：</p>"])), 10, "【略称】 entry 「厚労省ガイドライン：」 is not 「略称：正式名称」");
  });

  it("reads the longest 略称 a reference starts with", () => {
    // Line 550 (terms sorted longest first).
    const abbreviations = [`<p>【略称】</p> <p>2省ガイドライン：${TWO}</p> <p>2省ガイドライン別紙SLA案：SLA案</p> <p>厚労省ガイドライン：${MGL}</p>`];
    expect(refsOf("2省ガイドライン別紙SLA案 2省ガイドライン別紙1", abbreviations)).toEqual([{ guideline: "SLA案" }, { guideline: TWO, location: "別紙1" }]);
  });

  it("reads a 略称 alone followed by a bare location, and a location continuing another guideline's 編", () => {
    // Lines 574–577 (no location: the guideline alone, the next bare location continues it without 編), 580, 584–589.
    expect(refsOf("厚労省ガイドライン 5.1")).toEqual([{ guideline: MGL }, { guideline: MGL, location: "5.1" }]);
    expect(refsOf("厚労省ガイドライン企画管理編7、2省ガイドライン5.1、6.5 厚労省ガイドライン経営管理編3.1、システム運用編7.3　13⑩")).toEqual([
      { guideline: MGL, location: "企画管理編7" },
      { guideline: TWO, location: "5.1" },
      { guideline: TWO, location: "6.5" },
      { guideline: MGL, location: "経営管理編3.1" },
      { guideline: MGL, location: "システム運用編7.3" },
      { guideline: MGL, location: "システム運用編13⑩" },
    ]);
  });

  it("lists a reference cited twice in one item once", () => {
    // Lines 553–557.
    expect(refsOf("厚労省ガイドライン企画管理編7、7 外部保存通知 外部保存通知 厚労省ガイドライン 厚労省ガイドライン企画管理編7")).toEqual([
      { guideline: MGL, location: "企画管理編7" },
      { guideline: "外部保存通知" },
      { guideline: MGL },
    ]);
  });

  it("reports the stray dot of a location with its 編", () => {
    // Line 605.
    const r = withRefs("厚労省ガイドライン経営管理編5.1.");
    expect(item(r, "p1.a.1").references).toEqual([{ guideline: MGL, location: "経営管理編5.1" }]);
    expect(repairs(r, "reference-trailing-dot")).toEqual([
      "25 reference-trailing-dot location 「経営管理編5.1.」 ends with a stray 「.」; read as 「経営管理編5.1」",
      "26 reference-trailing-dot location 「5.1.」 ends with a stray 「.」; read as 「5.1」",
    ]);
  });

  it("reads a 略称 of six or more characters with any one character missing, but not a shorter one", () => {
    // Line 565 (`t.length >= 6`, every position), 566–569.
    const first = withRefs("労省ガイドライン 5.1");
    expect(item(first, "p1.a.1").references).toEqual([{ guideline: MGL }, { guideline: MGL, location: "5.1" }]);
    expect(repairs(first, "reference-name-variant")).toEqual(["25 reference-name-variant 「労省ガイドライン」 read as the 略称 「厚労省ガイドライン」"]);
    const lastChar = withRefs("厚労省ガイドライ 経営管理編5.1");
    expect(item(lastChar, "p1.a.1").references).toEqual([{ guideline: MGL }, { guideline: MGL, location: "経営管理編5.1" }]);
    expect(repairs(lastChar, "reference-name-variant")).toEqual(["25 reference-name-variant 「厚労省ガイドライ」 read as the 略称 「厚労省ガイドライン」"]);
    const six = [`<p>【略称】</p> <p>安全管理指針：${MGL}</p> <p>厚労省GL：${TWO}</p> <p>厚労省ガイドライン：${MGL}</p> <p>2省ガイドライン：${TWO}</p> <p>立入検査用チェックリスト：${INSPECTION}</p>`];
    expect(refsOf("安全管指針5.1", six)).toEqual([{ guideline: MGL, location: "5.1" }]);
    expectFailure(
      seed((p) => {
        p.abbreviations = six;
        p.p1Detailed[5] = "1\t事業者管理\t契約を把握しているか。\t契約一覧を作る。\t厚労GL5.1\t( / )";
      }),
      25,
      "reference 「厚労GL5.1」 in ガイドライン等関連部分 cannot be read",
    );
  });

  it("reads a bare location as a location even when it starts like a 略称 with one character missing", () => {
    // Line 566 (`!LOCATION.test(token)`).
    const abbreviations = [`<p>【略称】</p> <p>厚労省ガイドライン：${MGL}</p> <p>経営管理編集：別冊</p> <p>2省ガイドライン：${TWO}</p>`];
    expect(refsOf("厚労省ガイドライン企画管理編7、経営管理編5.1", abbreviations)).toEqual([
      { guideline: MGL, location: "企画管理編7" },
      { guideline: MGL, location: "経営管理編5.1" },
    ]);
  });

  it("refuses a document name with a number, and a bare location in a continuation row", () => {
    // Lines 559 (each cell starts afresh), 585, 591.
    failsOn("第2版チェックリスト", "reference 「第2版チェックリスト」 in ガイドライン等関連部分 cannot be read");
    failsOn("ガイドライン集", "reference 「ガイドライン集」 in ガイドライン等関連部分 cannot be read");
    expectFailure(seed((p) => (p.p2Detailed[4] = "\t\t\t\t② 責任が曖昧になる。\t責任者を決める。\t7.5\t( / )")), 32, "reference location 「7.5」 without a guideline before it");
  });

  it("reads glossary places separated by 「、」 or 「,」 with or without a blank, and links them to items", () => {
    // Lines 353 (/[、,]\s*/, empty places dropped), 407–410 (/^Part([12]) ([A-C])\.(\d+)([①-⑨]?)$/), 414–415.
    const r = parse((p) => (p.glossary = [...p.glossary.slice(0, 3), "契約\t取り決め。\tPart1\tA.1、A.2②,A.2①, 、", "認証\t確かめること。\tPart2\tA.2"]));
    const help = r.templates[0].help!;
    expect(help.find((h) => h.term === "契約")).toEqual({ term: "契約", text: "取り決め。", places: ["Part1 A.1", "Part1 A.2②", "Part1 A.2①"], items: ["p1.a.1", "p1.a.2-2", "p1.a.2-1"] });
    // 「認証」 is named at Part2 A.2 and used in its text: one link.
    expect(help.find((h) => h.term === "認証")).toEqual({ term: "認証", text: "確かめること。", places: ["Part2 A.2"], items: ["p2.a.2"] });
    expect(repairs(r, "glossary-place-missing")).toEqual([]);
  });

  it("links a place only within its Part and block, by its exact number", () => {
    // Line 408 (Part, block letter and number all compared), 407 (`\.`, `$`, two-digit numbers).
    const r = parse((p) => (p.glossary = [...p.glossary.slice(0, 3), "語A\t説明。\tPart2\tA.1", "語B\t説明。\tPart1\tB.1", "語C\t説明。\tPart1\tA1、A.1等、A.12、Ａ.１"]));
    const help = r.templates[0].help!;
    expect(help.find((h) => h.term === "語A")!.items).toEqual(["p2.a.1"]);
    expect(help.find((h) => h.term === "語B")).toEqual({ term: "語B", text: "説明。", places: ["Part1 B.1"] });
    expect(help.find((h) => h.term === "語C")).toEqual({ term: "語C", text: "説明。", places: ["Part1 A1", "Part1 A.1等", "Part1 A.12", "Part1 Ａ.１"] });
    expect(repairs(r, "glossary-place-missing").map((x) => x.split("「")[2])).toEqual(["Part1 B.1」 names no item of this list; kept as printed, not linked", ...["A1", "A.1等", "A.12", "Ａ.１"].map((x) => `Part1 ${x}」 names no item of this list; kept as printed, not linked`)]);
  });

  it("links a term to the items whose text or details use it, its bracketed gloss left out", () => {
    // Lines 412 (/\s*[(（].*$/), 413 (text and details, an item without details).
    const r = parse((p) => {
      p.glossary = [...p.glossary.slice(0, 3), "窓口 (contact)\t連絡先。\tPart1\tC.9", "分担表（ひょう）\t一覧。\tPart1\tC.9", "説明\t話すこと。\tPart1\tC.9"];
      p.p2Detailed[3] = "1\t全般\t役割分担\t役割分担を確認する。\t\t\t\t( / )";
      p.p2Detailed.splice(4, 1);
    });
    const help = r.templates[0].help!;
    expect(help.find((h) => h.term === "窓口 (contact)")!.items).toEqual(["p1.a.2-2"]);
    expect(item(r, "p2.a.1").details).toBeUndefined();
    expect(help.find((h) => h.term === "分担表（ひょう）")).toEqual({ term: "分担表（ひょう）", text: "一覧。", places: ["Part1 C.9"] });
    expect(help.find((h) => h.term === "説明")!.items).toEqual(["p1.a.2-1", "p1.a.2-2"]);
  });

  it("refuses glossary rows that do not have exactly a term, a text, a Part and places", () => {
    // Lines 346–352.
    expectFailure(seed((p) => (p.glossary[2] = "語\t内容\t記載場所")), 36, "用語の解説 table header 「用語 内容 記載場所」 expected");
    expectFailure(seed((p) => (p.glossary[3] = "BCP\t\tPart1\tC.3")), 37, "glossary row cannot be placed: 「BCP\t\tPart1\tC.3」");
    expectFailure(seed((p) => (p.glossary[3] = "BCP\t事業継続計画のこと。\tPart1\tC.3\t余分")), 37, "glossary row cannot be placed: 「BCP\t事業継続計画のこと。\tPart1\tC.3\t余分」");
    expectFailure(seed((p) => (p.glossary[3] = "BCP\t事業継続計画のこと。\tPart 1\tC.3")), 37, "glossary row cannot be placed: 「BCP\t事業継続計画のこと。\tPart 1\tC.3」");
    expectFailure(seed((p) => (p.glossary[3] = "BCP\t事業継続計画のこと。\tPart12\tC.3")), 37, "glossary row cannot be placed: 「BCP\t事業継続計画のこと。\tPart12\tC.3」");
    expectFailure(seed((p) => (p.glossary[3] = "BCP\t事業継続計画のこと。\t第Part1\tC.3")), 37, "glossary row cannot be placed: 「BCP\t事業継続計画のこと。\t第Part1\tC.3」");
    // A note after the header is no note but a row.
    expectFailure(seed((p) => p.glossary.splice(3, 0, "(注) 補足です。")), 37, "glossary row cannot be placed: 「(注) 補足です。」");
    const long = "用語\t内容\t記載場所\t補足\t" + "長い説明".repeat(12);
    expectFailure(seed((p) => p.glossary.splice(3, 0, long.replace(/^用語\t内容\t記載場所/, "語\t説明\tPart1"))), 37, `glossary row cannot be placed: 「${long.replace(/^用語\t内容\t記載場所/, "語\t説明\tPart1").slice(0, 40)}」`);
  });

  it("reads the glossary note in brackets of either width, and no note without one", () => {
    // Lines 341–342 (/^[(（]注[)）]/ and the blank after it).
    expect(parse((p) => (p.glossary[1] = "（注）　補足です。")).templates[0].notes).toEqual([{ id: "注", text: "補足です。" }]);
    expect(parse((p) => (p.glossary[1] = "(注）補足です。")).templates[0].notes).toEqual([{ id: "注", text: "補足です。" }]);
    expectFailure(seed((p) => (p.glossary[1] = "注 補足です。")), 35, "用語の解説 table header 「用語 内容 記載場所」 expected");
  });
});

describe("役割分担 parser: the text of a cell", () => {
  const cell = (s: string) => {
    const r = parse((p) => (p.p1Detailed[5] = `1\t事業者管理\t契約を把握しているか。\t${s}\t外部保存通知\t( / )`));
    return { text: item(r, "p1.a.1").details![0].text, struck: repairs(r, "struck-text").filter((x) => x.startsWith("25 ")) };
  };

  it("drops each struck-through passage and reports it", () => {
    // Lines 615–618 (/<del>(.*?)<\/del>/g: each passage by itself).
    expect(cell("<del>古い</del>新しい<del>案</del>窓口")).toEqual({
      text: "新しい窓口",
      struck: ["25 struck-text struck-through text 「古い」 removed", "25 struck-text struck-through text 「案」 removed"],
    });
  });

  it("turns tags into blanks, drops bold marks and folds blanks, but keeps a 「<」 that opens no tag", () => {
    // Lines 619–623.
    expect(cell("<b>契約</b>一覧を<br/>作る。<BR>**必ず**<p class=\"x\">確認する。</p>").text).toBe("契約 一覧を 作る。 必ず 確認する。");
    expect(cell("期間<1年>以内、a < b　  と する").text).toBe("期間<1年>以内、a < b と する");
    expect(cell("* 注意 *").text).toBe("* 注意 *");
  });
});

describe("役割分担 parser: matching the two versions of a row", () => {
  // Part1 A 1 with 項目 「管理」 and a 内容 of 16 letters: the compared row is 「|管理|」 + 内容, 20 letters.
  const rowPair = (shortText: string, fullText: string) =>
    seed((p) => {
      p.p1Short[4] = `1\t管理\t${shortText}\t( / )`;
      p.p1Detailed[5] = `1\t管理\t${fullText}\t契約一覧を作る。\t外部保存通知\t( / )`;
    });

  it("accepts a partner exactly at the 0.85 similarity and refuses one below it", () => {
    // Lines 500–505: 2·17 / 40 = 0.85 is close enough (a wording difference), 2·16 / 40 = 0.8 is not; 642–654
    // (similarity: twice the longest common subsequence over both lengths).
    const r = parseResponsibility(rowPair("あいうえおかきくけこさしすせそた", "あいうえおかきくけこさしすアイウ"));
    expect(item(r, "p1.a.1").text).toBe("あいうえおかきくけこさしすせそた");
    expect(repairs(r, "wording-differs")).toEqual(["25 wording-differs 内容 reads 「あいうえおかきくけこさしすアイウ」 here but 「あいうえおかきくけこさしすせそた」 in the short list (line 7); kept the short list's wording"]);
    // The common letters need not be adjacent: 14 of them, spread over the text (2·18 / 41).
    expect(item(parseResponsibility(rowPair("あいうえおかきくけこさしすせそた", "アいうえおかイきくけこさしウすせそ")), "p1.a.1").number).toBe("1");
    expectFailure(
      rowPair("あいうえおかきくけこさしすせそた", "あいうえおかきくけこさしアイウエ"),
      25,
      "row 「管理：あいうえおかきくけこさしアイウエ」 does not match its short-list partner 「管理：あいうえおかきくけこさしすせそた」 (line 7): the 項番 of the two versions disagree",
    );
  });

  it("matches two rows printed alike by their 項番, neither matching the other better", () => {
    // Line 502 (`> score`: an equally close row of the block is no better partner).
    const r = parse((p) => {
      p.p1Short.push("3\t事業者管理\t契約を把握しているか。\t( / )");
      p.p1Detailed.push("3\t事業者管理\t契約を把握しているか。\t写しを保管する。\t外部保存通知\t( / )");
    });
    expect(items(r).filter((i) => i.key.startsWith("p1.a.")).map((i) => `${i.key} ${i.text} ${i.details![0].text}`)).toEqual([
      "p1.a.1 契約を把握しているか。 契約一覧を作る。",
      "p1.a.2-1 患者に説明できるか。 説明資料を用意する。",
      "p1.a.2-2 事業者に説明できるか。 窓口を決める。",
      "p1.a.3 契約を把握しているか。 写しを保管する。",
    ]);
  });

  it("splits a merged cell only by a 分類 the short list prints, not by an empty one", () => {
    // Line 420 (empty 分類 left out of the vocabulary).
    expectFailure(
      seed((p) => {
        p.p2Short[4] = "1\t\t役割分担\t役割分担を確認する。\t( / )";
        p.p2Detailed[3] = p.p2Detailed[3].replace("1\t全般\t", "1\t\t");
        p.p2Detailed[5] = p.p2Detailed[5].replace("システムやサービスの仕様通信相手の認証", "未知の分類通信相手の認証");
      }),
      33,
      "cannot split 「未知の分類通信相手の認証」 into 分類 and 項目: no known 分類 starts it",
    );
  });

  it("reads 資料 printed above the title, a glossary with blank lines and terms in bold", () => {
    // Lines 111 and 131 (資料 starts the title block), 340 (blank glossary lines), 354 (the term cleaned).
    const r = parse((p) => {
      p.title = ["資料3", "", ...p.title.slice(0, 1)];
      p.glossary.splice(4, 0, "", "  ");
      p.glossary[3] = "<b>BCP</b>\t事業継続計画のこと。\tPart1\tC.3";
    });
    expect(r.templates[0].source).toMatchObject({ document: "医療情報システムの契約における関係者間の役割分担等に関するチェックリスト（案）", edition: "案（資料3）" });
    expect(r.templates[0].help!.slice(3).map((h) => h.term)).toEqual(["BCP", "SLA"]);
  });
});
