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
