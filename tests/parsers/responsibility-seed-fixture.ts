// A small hand-written 役割分担 seed in the order of the real one (seed 000), every part overridable: shared by the
// mutation-testing suites of disclosures/parsers/responsibility-parser.ts (the same fragment as in
// responsibility-damaged-seeds.test.ts).
import { expect } from "vitest";
import { parseResponsibility } from "../../disclosures/parsers/responsibility-parser.js";
import { refusal } from "./refusal.js";

export const SEED = "000_088b0be7ba7b2301.txt";
export const MGL = "医療情報システムの安全管理に関するガイドライン第6.0版";
export const TWO = "医療情報を取り扱う情報システム・サービスの提供事業者における安全管理ガイドライン";
export const INSPECTION = "医療機関におけるサイバーセキュリティ対策チェックリスト";

// Lines:
//  1 title, 2 資料3 | 3 Part1, 4 caption, 5 header, 6 <b>A, 7 A1, 8 A2①, 9 A2② | 10 【略称】 | 11 Part2, 12 caption,
// 13 header, 14 <b>A, 15 A1, 16 A2 | 17–19 page header | 20 Part1, 21 header, 22 <b>立入検査用, 23 its 1, 24 <b>A,
// 25 A1, 26 A2①, 27 A2② | 28 Part2, 29 header, 30 <b>A, 31 A1, 32 its continuation, 33 A2 (shifted) | 34 用語の解説,
// 35 (注), 36 header, 37 BCP, 38 SLA.
export type Parts = {
  title: string[];
  p1Short: string[];
  abbreviations: string[];
  p2Short: string[];
  detailedTitle: string[];
  p1Detailed: string[];
  p2Detailed: string[];
  glossary: string[];
};
export function parts(): Parts {
  return {
    title: ["# 医療情報システムの契約における関係者間の役割分担等に関する チェックリスト（案）", "資料3"],
    p1Short: [
      "## Part1 主に医療機関が実施する項目",
      "（医療機関が主体となって実施する項目の例）",
      "項番\t項目\t内容\t確認欄 (日付)",
      "<b>A 事業者選定・事業者管理</b>\t\t\t",
      "1\t事業者管理\t契約を把握しているか。\t( / )",
      "2\t説明責任\t① 患者に説明できるか。\t( / )",
      "\t説明責任\t② 事業者に説明できるか。\t( / )",
    ],
    abbreviations: [
      "<p>【略称】</p> <p>厚労省ガイドライン:医療情報システムの安全管理に関するガイドライン第6.0版</p> <p>立入検査用チェックリスト：医療機関におけるサイバーセキュリティ対策チェックリスト</p> <p>2省ガイドライン：医療情報を取り扱う情報システム・サービスの提供事業者における安全管理ガイドライン</p>",
    ],
    p2Short: [
      "## Part2 医療機関と事業者が共同で実施する項目",
      "（共同で実施する項目の例）",
      "項番\t分類\t項目\t内容\t確認欄 (日付)",
      "<b>A 共通</b>\t\t\t\t",
      "1\t全般\t役割分担\t役割分担を確認する。\t( / )",
      "2\tシステムやサービスの仕様\t通信相手の認証\t通信相手を認証する。\t( / )",
    ],
    detailedTitle: ["医療情報システムの契約における関係者間の役割分担等に関する", "チェックリスト 推奨される対応例（案）", "資料 3"],
    p1Detailed: [
      "Part1 主に医療機関が実施する項目",
      "項番\t項目\t内容\t推奨される対応例\tガイドライン等関連部分\t確認欄（日付）",
      "<b>立入検査用チェックリスト該当項目</b>\t\t\t\t\t",
      "1\t適切な事業者の選定\t事業者を選定しているか。\t資料で確認する。\t立入検査用チェックリスト、厚労省ガイドライン経営管理編5.1\t( / )",
      "<b>A 事業者選定・事業者管理</b>\t\t\t\t\t",
      "1\t事業者管理\t契約を把握しているか。\t契約一覧を作る。\t厚労省ガイドライン経営管理編5.1、5.2\t( / )",
      "2\t説明責任\t① 患者に説明できるか。\t説明資料を用意する。\t2省ガイドライン5.1.\t( / )",
      "\t説明責任\t② 事業者に説明できるか。\t<del>古い</del>窓口を決める。\t外部保存通知\t( / )",
    ],
    p2Detailed: [
      "Part2 医療機関と事業者が共同で実施する項目",
      "項番\t分類\t項目\t内容\t想定されるリスク\t推奨される対応例\tガイドライン等関連部分\t確認欄(日付)",
      "<b>A 共通</b>\t\t\t\t\t\t\t",
      "1\t全般\t役割分担\t役割分担を確認する。\t抜け漏れが生じる。\t分担表を作る。\t厚労省ガイドライン企画管理編7、7.4、システム運用編7.3\t( / )",
      "\t\t\t\t② 責任が曖昧になる。\t責任者を決める。\t2省ガイドライン別紙1\t( / )",
      "2\tシステムやサービスの仕様通信相手の認証\t通信相手を認証する。\tなりすましのおそれ。\t相互認証を行う。\t厚労省ガイドラインシステム運用編13⑩\t( / )",
    ],
    glossary: [
      "## 用語の解説",
      "(注) この「用語の解説」は分かりやすく解説したものです。",
      "用語\t内容\t記載場所\t",
      "BCP\t事業継続計画のこと。\tPart1\tC.3",
      "SLA\tサービスレベル合意書。\tPart2\tA.6",
    ],
  };
}
export const text = (p: Parts) => [...p.title, ...p.p1Short, ...p.abbreviations, ...p.p2Short, ...p.detailedTitle, ...p.p1Detailed, ...p.p2Detailed, ...p.glossary].join("\n");
export const seed = (edit: (p: Parts) => void = () => {}) => {
  const p = parts();
  edit(p);
  return text(p);
};

/** The small seed changed by `edit`, parsed. */
export const parse = (edit: (p: Parts) => void) => parseResponsibility(seed(edit));

/** The SeedParseError a seed is refused with (fails the test if it is accepted, or refused otherwise). */
export const failure = (text: string) => refusal(parseResponsibility, text);
