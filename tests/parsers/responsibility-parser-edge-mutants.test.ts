// The 役割分担 checklist parser (disclosures/parsers/responsibility-parser.ts, seed 000): the edges the first
// mutation run left alive (issue 20; responsibility-parser-mutants.test.ts is the first batch). Padded cells, marks
// in the wrong place, headers in another column order, the ends of the seed, and the repair messages where they are
// the only visible difference. Each test names in a comment the parser lines it pins (3 December 2026).
import { describe, expect, it } from "vitest";
import type { ParseResult } from "../../disclosures/parsers/parse-report.js";
import { walkItems } from "../../disclosures/template-loader.js";
import { failure, INSPECTION, MGL, parse, parts, SEED, seed, TWO } from "./responsibility-seed-fixture.js";

const items = (r: ParseResult) => [...walkItems(r.templates[0])].map((e) => e.item);
const item = (r: ParseResult, key: string) => {
  const found = items(r).find((i) => i.key === key);
  if (!found) throw new Error(`no item ${key}`);
  return found;
};
const repairs = (r: ParseResult, kind: string) => r.repairs.filter((x) => x.kind === kind).map((x) => `${x.line} ${x.message}`);
/** The whole message, file and line included. */
const expectFailure = (s: string, line: number, reason: string) => {
  const error = failure(s);
  expect(error.line).toBe(line);
  expect(error.message).toBe(`${SEED}:${line}: ${reason}`);
};
const unexpected = (line: string) => `unexpected line outside any table: 「${line.slice(0, 40)}」`;

describe("役割分担 parser: the title block", () => {
  it("takes only a leading heading mark off a title line", () => {
    // Lines 111, 128, 129 (/^#+\s*/): a 「#」 inside a line is text.
    const stray = "医療情報システム#の契約における関係者間の役割分担等に関するチェックリスト";
    expectFailure(seed((p) => p.glossary.unshift(stray)), 34, unexpected(stray));
    expectFailure(seed((p) => p.title.splice(1, 0, stray)), 2, unexpected(stray));
    const r = parse((p) => (p.title = ["# 医療情報システムの契約における関係者間の役割分担等に関する", "チェックリスト（案）#1", "資料3"]));
    expect(r.templates[0].source.document).toBe("医療情報システムの契約における関係者間の役割分担等に関するチェックリスト（案）#1");
  });

  it("joins title lines with a blank, kept next to Latin letters", () => {
    // Line 137 (`join(" ")`, then joinWrapped).
    const r = parse((p) => (p.title = ["医療情報システムの契約における関係者間の役割分担等に関する IT", "チェックリスト（案）", "資料3"]));
    expect(r.templates[0].source.document).toBe("医療情報システムの契約における関係者間の役割分担等に関する IT チェックリスト（案）");
  });

  it("reads 資料 with blanks and two digits where a page header starts, and nothing else as 資料 inside the title", () => {
    // Lines 111 (/^資料\s*\d+$/ at the start of a block), 131 (the same inside the block).
    const r = parse((p) => (p.detailedTitle = ["資料 12", ...p.detailedTitle.slice(0, 2)]));
    expect(repairs(r, "page-header")).toEqual([
      "17 repeated page header 「医療情報システムの契約における関係者間の役割分担等に関するチェックリスト推奨される対応例（案）」 / 「資料12」 (lines 17–19) skipped",
    ]);
    expectFailure(seed((p) => (p.title[1] = "別添資料3")), 2, unexpected("別添資料3"));
    expectFailure(seed((p) => (p.title[1] = "資料3の続き")), 2, unexpected("資料3の続き"));
  });

  it("refuses a seed that ends in its title block", () => {
    // Line 125 (`this.pos < this.lines.length`).
    expectFailure(parts().title.join("\n"), 2, "seed ends before the 用語の解説 glossary (truncated?)");
  });

  it("keeps a （案） that does not end the title", () => {
    // Line 387 (/（案）$/).
    const r = parse((p) => (p.title[0] = "医療情報システムの契約における関係者間の役割分担等に関するチェックリスト（案）（令和5年）"));
    expect(r.templates[0].title).toBe("医療情報システムの契約における関係者間の役割分担等に関するチェックリスト（案）（令和5年）");
  });

  it("reads a Part heading and 用語の解説 with heading marks and no blank after them", () => {
    // Lines 112 and 116 (`#+\s*`).
    const r = parse((p) => ((p.p1Short[0] = "##Part1 主に医療機関が実施する項目"), (p.glossary[0] = "##用語の解説")));
    expect(r.templates[0].sections.map((s) => s.title)).toEqual(["主に医療機関が実施する項目", "医療機関と事業者が共同で実施する項目"]);
    expect(r.templates[0].help!.map((h) => h.term)).toEqual(["厚労省ガイドライン", "立入検査用チェックリスト", "2省ガイドライン", "BCP", "SLA"]);
  });
});

describe("役割分担 parser: tables", () => {
  it("reads header and row cells padded with blanks", () => {
    // Lines 169, 199 (cells trimmed): column names, 確認欄, empty heading cells, 想定されるリスク found by equality.
    const r = parse((p) => {
      p.p2Detailed[1] = "項番\t 分類\t項目\t内容\t 想定されるリスク \t推奨される対応例 \tガイドライン等関連部分\t確認欄(日付)\t ";
      p.p2Detailed[2] = "<b>A 共通</b>\t \t\t \t\t\t\t";
      p.p1Short[4] = " 1 \t 事業者管理 \t 契約を把握しているか。 \t ( / ) ";
    });
    expect(item(r, "p2.a.1").details!.map((d) => d.label)).toEqual(["想定されるリスク", "推奨される対応例", "想定されるリスク", "推奨される対応例"]);
    expect(item(r, "p1.a.1")).toMatchObject({ number: "1", group: "事業者管理", text: "契約を把握しているか。" });
  });

  it("finds the columns by name in any order", () => {
    // Lines 170–172 (a table starts with 項番, line 114; the other columns are found by name).
    const r = parse((p) => {
      p.p1Detailed[1] = "項番\t推奨される対応例\t内容\t確認欄（日付）\t項目\tガイドライン等関連部分";
      p.p1Detailed[3] = "1\t資料で確認する。\t事業者を選定しているか。\t( / )\t適切な事業者の選定\t立入検査用チェックリスト";
      p.p1Detailed[5] = "1\t契約一覧を作る。\t契約を把握しているか。\t( / )\t事業者管理\t外部保存通知";
      p.p1Detailed[6] = "2\t説明資料を用意する。\t① 患者に説明できるか。\t( / )\t説明責任\t外部保存通知";
      p.p1Detailed[7] = "\t窓口を決める。\t② 事業者に説明できるか。\t( / )\t説明責任\t外部保存通知";
    });
    expect(items(r).filter((i) => i.key.startsWith("p1.")).map((i) => `${i.key} ${i.number} ${i.details![0].text}`)).toEqual([
      "p1.inspection.1 1 資料で確認する。",
      "p1.a.1 1 契約一覧を作る。",
      "p1.a.2-1 2① 説明資料を用意する。",
      "p1.a.2-2 2② 窓口を決める。",
    ]);
  });

  it("refuses a header without 項番, 項目 or 確認欄", () => {
    // Line 172 (each needed column named).
    expectFailure(seed((p) => (p.p1Short[2] = "番号\t項目\t内容\t確認欄 (日付)")), 5, unexpected("番号\t項目\t内容\t確認欄 (日付)"));
    expectFailure(seed((p) => (p.p1Short[2] = "項番\t見出し\t内容\t確認欄 (日付)")), 5, "table header lacks the column 「項目」");
    expectFailure(seed((p) => (p.p1Short[2] = "項番\t項目\t内容\t日付")), 5, "table header lacks the column 「確認欄」");
    expectFailure(seed((p) => (p.p1Detailed[1] = "項目\t項番\t内容\t推奨される対応例\tガイドライン等関連部分\t確認欄（日付）")), 21, unexpected("項目\t項番\t内容\t推奨される対応例\tガイドライン等関連部分\t確認欄（日付）"));
    expectFailure(seed((p) => (p.p1Detailed[1] = "項番\t内容\t推奨される対応例\tガイドライン等関連部分\t確認欄（日付）")), 21, "table header lacks the column 「項目」");
  });

  it("ends a table only at a 【略称】 cell that starts with it", () => {
    // Line 200 (/^(?:<p>)?【略称】/ on the first cell).
    expectFailure(seed((p) => p.p1Short.push("注【略称】\t\t\t( / )")), 10, "項番 「注【略称】」 is not a number");
  });

  it("refuses a short-list row with nothing in it but 確認欄", () => {
    // Lines 228–229 (no references read on the short list), 247.
    expectFailure(seed((p) => p.p1Short.push("\t\t\t( / )")), 10, "row without 項番 or 内容: cannot place it");
  });
});

describe("役割分担 parser: 【略称】 and the glossary", () => {
  it("reads 【略称】 entries up to the end of a seed, and over lines of blanks", () => {
    // Lines 312 (`this.pos < this.lines.length`), 314 (a line of blanks is skipped).
    expectFailure([...parts().title, ...parts().p1Short, "【略称】", `厚労省ガイドライン：${MGL}`].join("\n"), 11, "seed ends before the 用語の解説 glossary (truncated?)");
    const r = parse((p) => (p.abbreviations = ["【略称】", `厚労省ガイドライン：${MGL}`, "   ", `立入検査用チェックリスト：${INSPECTION}`, " \u3000 ", `2省ガイドライン：${TWO}`]));
    expect(r.templates[0].help!.slice(0, 3).map((h) => h.term)).toEqual(["厚労省ガイドライン", "立入検査用チェックリスト", "2省ガイドライン"]);
  });

  it("refuses an entry that starts with its colon, quoting its first 30 characters", () => {
    // Lines 327–328.
    expectFailure(seed((p) => (p.abbreviations = ["<p>【略称】</p> <p>：厚労省ガイドライン：X</p>"])), 10, "【略称】 entry 「：厚労省ガイドライン：X」 is not 「略称：正式名称」");
    const long = `：${TWO}${TWO}`;
    expectFailure(seed((p) => (p.abbreviations = [`<p>【略称】</p> <p>${long}</p>`])), 10, `【略称】 entry 「${long.slice(0, 30)}」 is not 「略称：正式名称」`);
  });

  it("takes a note only when 注 in brackets starts the line", () => {
    // Line 341 (/^[(（]注[)）]/).
    expectFailure(seed((p) => (p.glossary[1] = "補足(注) 分かりやすく解説したものです。")), 35, "用語の解説 table header 「用語 内容 記載場所」 expected");
  });

  it("reads glossary cells and places padded with blanks", () => {
    // Lines 345 (cells trimmed), 353 (places trimmed).
    const r = parse((p) => {
      p.glossary[2] = "用語 \t 内容\t記載場所";
      p.glossary[3] = " BCP \t 事業継続計画のこと。 \t Part1 \t A.1 、A.2② ";
    });
    expect(r.templates[0].help!.find((h) => h.term === "BCP")).toEqual({ term: "BCP", text: "事業継続計画のこと。", places: ["Part1 A.1", "Part1 A.2②"], items: ["p1.a.1", "p1.a.2-2"] });
  });

  it("names a place only in the Part its row gives", () => {
    // Line 407 (/^Part…/: a place that names another Part links nowhere).
    const r = parse((p) => (p.glossary[3] = "BCP\t事業継続計画のこと。\tPart1\tPart2 A.1"));
    expect(r.templates[0].help!.find((h) => h.term === "BCP")).toEqual({ term: "BCP", text: "事業継続計画のこと。", places: ["Part1 Part2 A.1"] });
  });
});

describe("役割分担 parser: shifted cells, 分類 and the messages that explain them", () => {
  it("splits at the longest 分類 and says so", () => {
    // Line 420 (the vocabulary sorted longest first), 480 (the message).
    const r = parse((p) => {
      p.p2Short.push("3\t通常運用\t監視\t監視する。\t( / )", "4\t通常運用監視\tサーバの監視\tサーバを監視する。\t( / )");
      p.p2Detailed.push("3\t通常運用\t監視\t監視する。\t見逃す。\t監視する。\t外部保存通知\t( / )", "4\t通常運用監視サーバの監視\tサーバを監視する。\t停止に気付かない。\t死活監視を行う。\t外部保存通知\t( / )");
    });
    expect(repairs(r, "shifted-columns")).toEqual([
      "35 分類 and 項目 extracted into one cell 「システムやサービスの仕様通信相手の認証」; split into 分類 「システムやサービスの仕様」 and 項目 「通信相手の認証」, later cells moved right",
      "37 分類 and 項目 extracted into one cell 「通常運用監視サーバの監視」; split into 分類 「通常運用監視」 and 項目 「サーバの監視」, later cells moved right",
    ]);
    expect(repairs(r, "wording-differs")).toEqual([]);
  });

  it("trims the 項目 split off a merged cell", () => {
    // Line 476.
    const r = parse((p) => {
      p.p2Short[5] = "2\tシステムやサービスの仕様\tSLAの締結\t通信相手を認証する。\t( / )";
      p.p2Detailed[5] = p.p2Detailed[5].replace("システムやサービスの仕様通信相手の認証", "システムやサービスの仕様 SLAの締結");
    });
    expect(repairs(r, "shifted-columns")).toEqual([
      "33 分類 and 項目 extracted into one cell 「システムやサービスの仕様 SLAの締結」; split into 分類 「システムやサービスの仕様」 and 項目 「SLAの締結」, later cells moved right",
    ]);
  });

  it("drops only a 「の」 before the partner's 項目, judged against the partner of the same sub-number", () => {
    // Line 478 (`"の"`, the partner's 項目 starting with の), 433 (`r.sub === full.sub`).
    const other = parse((p) => (p.p2Detailed[5] = p.p2Detailed[5].replace("システムやサービスの仕様通信相手の認証", "システムやサービスの仕様X通信相手の認証")));
    expect(repairs(other, "wording-differs")).toEqual(["33 項目 reads 「X通信相手の認証」 here but 「通信相手の認証」 in the short list (line 16); kept the short list's wording"]);
    const endsWithNo = parse((p) => {
      p.p2Short[5] = "2\tシステムやサービスの仕様\t認証の\t通信相手を認証する。\t( / )";
      p.p2Detailed[5] = p.p2Detailed[5].replace("システムやサービスの仕様通信相手の認証", "システムやサービスの仕様の認証の");
    });
    expect(repairs(endsWithNo, "shifted-columns")).toEqual([
      "33 分類 and 項目 extracted into one cell 「システムやサービスの仕様の認証の」; split into 分類 「システムやサービスの仕様」 and 項目 「認証の」, later cells moved right",
    ]);
    const second = parse((p) => {
      p.p2Short[5] = "2\tシステムやサービスの仕様\t通信相手の認証\t① 通信相手を認証する。\t( / )";
      p.p2Short.push("\tシステムやサービスの仕様\t暗号化\t② 通信を暗号化する。\t( / )");
      p.p2Detailed[5] = p.p2Detailed[5].replace("\t通信相手を認証する。", "\t① 通信相手を認証する。");
      p.p2Detailed.push("\tシステムやサービスの仕様の暗号化\t② 通信を暗号化する。\t盗聴される。\t暗号化する。\t外部保存通知\t( / )");
    });
    expect(repairs(second, "shifted-columns")[1]).toBe(
      "35 分類 and 項目 extracted into one cell 「システムやサービスの仕様の暗号化」; split into 分類 「システムやサービスの仕様」 and 項目 「暗号化」, later cells moved right",
    );
    expect(repairs(second, "wording-differs")).toEqual([]);
  });

  it("reads a 分類 as a known one only when it starts with it", () => {
    // Line 487 (`startsWith`).
    const r = parse((p) => (p.p2Detailed[3] = p.p2Detailed[3].replace("1\t全般\t", "1\t一般の全般\t")));
    expect(repairs(r, "category-normalised")).toEqual([]);
    expect(repairs(r, "wording-differs")).toEqual(["31 分類 reads 「一般の全般」 here but 「全般」 in the short list (line 15); kept the short list's wording"]);
  });

  it("quotes a long short-list text of a row that does not match by 30 characters", () => {
    // Line 504.
    const long = "契約を把握しているか。契約書の写しを保管し、更新時には内容を見直しているか。";
    expectFailure(
      seed((p) => (p.p1Short[4] = `1\t事業者管理\t${long}\t( / )`)),
      25,
      `row 「事業者管理：契約を把握しているか。」 does not match its short-list partner 「事業者管理：${long.slice(0, 30)}」 (line 7): the 項番 of the two versions disagree`,
    );
  });
});

describe("役割分担 parser: references", () => {
  it("continues a document name cited without a 略称 with the bare location after it", () => {
    // Lines 591–594 (`previous = { guideline: token }`).
    const r = parse((p) => (p.p1Detailed[5] = "1\t事業者管理\t契約を把握しているか。\t契約一覧を作る。\t外部保存通知 2.1\t( / )"));
    expect(item(r, "p1.a.1").references).toEqual([{ guideline: "外部保存通知" }, { guideline: "外部保存通知", location: "2.1" }]);
  });
});
