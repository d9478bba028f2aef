import type { DerivedResultDef } from "../../disclosures/template-schema";

export type OfficialRule = { basis: { label: string; form: string; note: string; text: string }; readings: string[] } | null;

/** States, in words, how each derived result of a template is computed; a rule of the form first quotes its note. */
export function DerivedRules({ rules, scopeTitles, official = {} }: { rules: DerivedResultDef[]; scopeTitles: Record<string, string>; official?: Record<string, OfficialRule> }) {
  if (!rules.length) return null;
  return (
    <section className="derived-rules">
      <h2>自動判定</h2>
      <ul>
        {rules.map((rule) => {
          const form = official[rule.key];
          return (
            <li key={rule.key}>
              <strong>{rule.title}</strong>:{" "}
              {form && rule.rule === "allMet"
                ? `${form.basis.label}（${form.basis.form} ${form.basis.note}「${form.basis.text}」）。${scopeTitles[rule.key] === "全項目" ? "チェックリスト" : `「${scopeTitles[rule.key]}」`}の全項目が実施済のとき「${rule.labels.pass}」、1項目でも実施予定があれば「${rule.labels.fail}」。${form.readings.join("")}回答から算出され、入力はできません。`
                : rule.rule === "allMet"
                  ? `「${scopeTitles[rule.key]}」の対象外を除く全項目が実施済（対応済・はい）のとき「${rule.labels.pass}」、1項目でも実施予定・未対応（いいえ）があれば「${rule.labels.fail}」。回答から算出され、入力はできません。${rule.unmetNote ? `満たされていない項目には「${rule.unmetNote}」と示します。` : ""}`
                  : rule.groupBy
                    ? `「${scopeTitles[rule.key]}」の項目を視点（予防・発見・是正）ごとに集計し、該当数／項目数で示します。`
                    : `「${scopeTitles[rule.key]}」の該当数／項目数を示します。`}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
