import type { Template } from "../../disclosures/template-schema.js";

/**
 * A structural stand-in for an SDS-shaped form (はい／いいえ／対象外 per item, items grouped by guideline
 * chapter, a 別紙 subset with GL 7.0's rule). Placeholder texts only: no official MDS/SDS text ships with Kaiji.
 */
export function sdsLikeTemplate(): Template {
  const item = (key: string, number: string, level: "required" | "recommended" = "required") => ({
    key,
    number,
    text: `（項目文サンプル）SDS-${number}`,
    level,
    answer: { kind: "status" as const, scale: "yesNoNa" },
  });
  return {
    id: "sds-sample",
    version: "1.0.0",
    title: "サービス事業者による医療情報セキュリティ開示書（構造サンプル）",
    shortTitle: "SDS（サンプル）",
    language: "ja",
    source: { document: "構造サンプル（公式の項目文は含みません）", edition: "サンプル版" },
    scales: [
      {
        key: "yesNoNa",
        options: [
          { value: "yes", label: "はい", outcome: "met" },
          { value: "no", label: "いいえ", outcome: "unmet" },
          { value: "na", label: "対象外", outcome: "notApplicable" },
        ],
      },
    ],
    subsets: [{ key: "betsushi", title: "別紙 セキュリティ確認事項", source: "ガイドライン 第7.0版 保守委託機関編 別紙（サンプル）", items: ["s1", "s3", "s4"] }],
    derived: [
      {
        rule: "allMet",
        key: "betsushiRule",
        title: "別紙の確認事項",
        scope: "betsushi",
        labels: { pass: "別紙の全項目が「はい」または「対象外」", fail: "別紙に「いいえ」の項目あり", incomplete: "別紙に未回答の項目あり" },
        unmetNote: "医療機関側のリスク評価が必要",
      },
    ],
    sections: [
      { key: "rules", number: "1", title: "規程類", items: [item("s1", "1.1"), item("s2", "1.2", "recommended")] },
      { key: "network", number: "2", title: "ネットワーク", items: [item("s3", "2.1"), item("s4", "2.2"), item("s5", "2.3")] },
    ],
  };
}

/**
 * Two editions of the sample (Ver.4.1 → Ver.5.0): 1.1 unchanged; 1.2 reworded; 2.1 moved to 3.1 with the same
 * words; 2.2 removed; 2.3 renumbered 2.2 with a small change; a new 2.3; the scale's words and values change
 * (はい → 実施している) and gain 実施予定.
 */
export function sdsEditions(): { v4: Template; v5: Template } {
  const v4 = sdsLikeTemplate();
  v4.version = "4.1.0";
  v4.sections[0].items![1].text = "情報セキュリティ方針を文書化し、従業者に周知している";
  v4.sections[1].items![2].text = "外部からの不正アクセスを検知する仕組みがある";
  v4.subsets = undefined;
  v4.derived = undefined;

  const v5: Template = structuredClone(v4);
  v5.version = "5.0.0";
  v5.scales = [
    {
      key: "yesNoNa",
      options: [
        { value: "done", label: "実施している", outcome: "met" },
        { value: "notDone", label: "実施していない", outcome: "unmet" },
        { value: "planned", label: "実施予定", outcome: "planned", requires: "month" },
        { value: "na", label: "対象外", outcome: "notApplicable", requires: "reason" },
      ],
    },
  ];
  v5.sections = [
    {
      key: "rules",
      number: "1",
      title: "規程類",
      items: [
        { key: "s1", number: "1.1", text: v4.sections[0].items![0].text, level: "required", answer: { kind: "status", scale: "yesNoNa" } },
        { key: "n12", number: "1.2", text: "情報セキュリティ方針を文書化し、全ての従業者に周知している", level: "required", answer: { kind: "status", scale: "yesNoNa" } },
      ],
    },
    {
      key: "network",
      number: "2",
      title: "ネットワーク",
      items: [
        { key: "n22", number: "2.2", text: "外部からの不正アクセスを検知する仕組みを備えている", level: "required", answer: { kind: "status", scale: "yesNoNa" } },
        { key: "n23", number: "2.3", text: "無線LANの通信を暗号化している", level: "required", answer: { kind: "status", scale: "yesNoNa" } },
      ],
    },
    {
      key: "audit",
      number: "3",
      title: "証跡",
      items: [{ key: "n31", number: "3.1", text: v4.sections[1].items![0].text, level: "required", answer: { kind: "status", scale: "yesNoNa" } }],
    },
  ];
  return { v4, v5 };
}
