// The small hand-written cybersecurity seed both parser suites build on (cyber-damaged-seeds, cyber-parser-mutants):
// a cover letter, the checklist printed twice (4 sheets each), the later copy's introduction and the flowchart.
import type { ParseResult } from "../../disclosures/parsers/parse-report.js";

export const INTRO = "医療情報システムの安全管理に関するガイドライン 医療機関のサイバーセキュリティ対策チェックリスト";
export const FLOWCHART = "医療情報システムの安全管理に関するガイドライン 医療情報システム等の障害発生時の対応フローチャート";
export const ADD_ON = "以下の項目について、「オンライン資格確認等、電子申請システム」を実施している場合のみチェックしてください。";
export const COVER = [
  "事務連絡",
  "令和3年10月20日",
  "厚生労働省医政局研究開発振興課",
  "別紙のとおり「医療情報システムの安全管理に関するガイドライン 第5.1版」の別添としてチェックリストを作成しました。",
];
export const EXEC_TITLE = "経営層向け サイバーセキュリティ対策チェックリスト";

export type Sheets = { executive: string[]; systemAdmin: string[]; addOn: string[]; staff: string[] };
/** One copy of the checklist, sheet by sheet, each a list of lines. */
export function sheets(text: (s: string) => string = (s) => s): Sheets {
  return {
    executive: [
      EXEC_TITLE,
      "記入者\t日付",
      "NO\t視点\tチェック項目\tチェック欄",
      `1\t予防\t${text("方針を策定しているか")}\t`,
      "2\t是正\t専門チームを設置しているか\t",
      "予防…事前に予防する手続を指す。",
      "発見…迅速に発見する手続を指す。",
      "是正…現状復帰する手続を指す。",
      "チェックの結果",
      "全体として弱みを把握してください。",
      "分類\t割合\t項目数",
      "予防\t0.0%\t0/1",
      "発見\t-\t0/0",
      "是正\t0.0%\t0/1",
    ],
    systemAdmin: [
      "システム管理者向け サイバーセキュリティ対策チェックリスト",
      "記入者\t日付",
      "NO\t視点\tチェック項目\tチェック欄",
      "1\t発見\tログを確認しているか\t",
      "チェックの結果",
      "分類\t割合\t項目数",
      "予防\t-\t0/0",
      "発見\t0.0%\t0/1",
      "是正\t-\t-",
    ],
    addOn: [ADD_ON, "NO\t視点\tチェック項目\tチェック欄", "1\t予防\t閉域網で接続しているか\t", "チェックの結果", "分類\t割合\t項目数", "予防\t0.0%\t0/1", "発見\t-\t-", "是正\t-\t-"],
    staff: [
      "医療従事者・一般のシステム利用者向け サイバーセキュリティ対策チェックリスト",
      "記入者\t日付",
      "NO\tチェック項目\tチェック欄",
      "1\t目的外使用をしていないか\t",
      "チェックの結果",
      "割合\t項目数",
      "0.0%\t0/1",
    ],
  };
}
export const flat = (s: Sheets) => [...s.executive, ...s.systemAdmin, ...s.addOn, ...s.staff];
export const INTRO_BLOCK = [
  INTRO,
  "本チェックリストは現状を把握するためのものです。",
  "全体のチェックリストの構成について",
  "- チェックリストは(1)経営層向けチェックリスト (2)システム管理者向けチェックリスト (3)医療従事者・一般のシステム利用者向けチェックリストからなる。",
  "経営層向け サイバーセキュリティ対策チェックリストの使い方",
  "- 経営層が活用する。",
];
/** The whole seed; `later` and `earlier` default to identical copies, `between` goes after the later copy. */
export function seed({ earlier = flat(sheets()), later = flat(sheets()), cover = COVER, intro = INTRO_BLOCK, between = [] as string[], tail = [FLOWCHART, "0 体制整備"] } = {}): string {
  return [...cover, ...earlier, ...intro, ...later, ...between, ...tail].join("\n");
}

/** The later copy's version (1.2.0), the default edition; the earlier copy is 1.1.0. */
export const laterOf = (r: ParseResult) => r.templates.find((t) => t.version === "1.2.0")!;
