import type { DerivedResultDef } from "../../disclosures/template-schema";

/** States, in words, how each derived result of a template is computed. */
export function DerivedRules({ rules, scopeTitles }: { rules: DerivedResultDef[]; scopeTitles: Record<string, string> }) {
  if (!rules.length) return null;
  return (
    <section className="derived-rules">
      <h2>自動判定</h2>
      <ul>
        {rules.map((rule) => (
          <li key={rule.key}>
            <strong>{rule.title}</strong>:{" "}
            {rule.rule === "allMet"
              ? `「${scopeTitles[rule.key]}」の対象外を除く全項目が実施済（対応済・はい）のとき「${rule.labels.pass}」、1項目でも実施予定・未対応（いいえ）があれば「${rule.labels.fail}」。回答から算出され、入力はできません。${rule.unmetNote ? `満たされていない項目には「${rule.unmetNote}」と示します。` : ""}`
              : rule.groupBy
                ? `「${scopeTitles[rule.key]}」の項目を視点（予防・発見・是正）ごとに集計し、該当数／項目数で示します。`
                : `「${scopeTitles[rule.key]}」の該当数／項目数を示します。`}
          </li>
        ))}
      </ul>
    </section>
  );
}
