// Shows what kind of answer an item takes, the way the official form prints it (□ options,
// units, table grids), so readers of the catalog see the form before anyone fills it in.
import type { ReactNode } from "react";
import type { AnswerKind, FieldType, Scale, SubField } from "../../disclosures/template-schema";
import { requiredLabel } from "../../disclosures/answers";

type TableAnswer = Extract<AnswerKind, { kind: "table" }>;

/** The grid of a table answer (rows × columns) with whatever each cell should hold. */
export function AnswerTableGrid({ answer, cell }: { answer: TableAnswer; cell: (row: TableAnswer["rows"][number], column: SubField) => ReactNode }) {
  return (
    <table className="answer-table">
      <thead>
        <tr>
          <td />
          {answer.columns.map((c) => (
            <th key={c.key} scope="col">
              {c.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {answer.rows.map((r) => (
          <tr key={r.key}>
            <th scope="row">{r.label}</th>
            {answer.columns.map((c) => (
              <td key={c.key}>{cell(r, c)}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const fieldTypeLabels: Record<FieldType, string> = {
  text: "テキスト",
  multiline: "複数行テキスト",
  tel: "電話番号",
  url: "URL",
  email: "メールアドレス",
  date: "日付",
  month: "年月",
  number: "数値",
};


function FieldLabel({ field }: { field: Omit<SubField, "key"> }) {
  return (
    <span className="field-kind">
      {field.label ? `${field.label}: ` : ""}
      {field.prefix ? `${field.prefix} ` : ""}［{fieldTypeLabels[field.type]}］{field.unit ?? ""}
    </span>
  );
}

export function AnswerKindView({ answer, scales, derivedTitle }: { answer: AnswerKind; scales?: Scale[]; derivedTitle?: string }) {
  switch (answer.kind) {
    case "choice":
      return (
        <p className="answer-kind">
          <span className="answer-kind-label">{answer.multiple ? "複数選択" : "単一選択"}</span>
          {answer.options.map((o) => (
            <span key={o.value} className="choice-option">
              □ {o.label}
              {o.extra ? `（${o.extra.label ? `${o.extra.label}：` : ""}　）` : ""}
            </span>
          ))}
        </p>
      );
    case "status": {
      const scale = scales?.find((s) => s.key === answer.scale);
      return (
        <p className="answer-kind">
          <span className="answer-kind-label">回答</span>
          {scale?.options.map((o) => (
            <span key={o.value} className="choice-option">
              {o.symbol ?? "□"} {o.label}
              {o.requires ? `（${requiredLabel(o, o.requires)}${o.requires === "month" ? "（年月）" : ""}）` : ""}
            </span>
          ))}
          {scale?.fields?.map((f) => <FieldLabel key={f.key} field={f} />)}
        </p>
      );
    }
    case "composite":
      return (
        <p className="answer-kind">
          {answer.fields.map((f) => (
            <FieldLabel key={f.key} field={f} />
          ))}
        </p>
      );
    case "table":
      return <AnswerTableGrid answer={answer} cell={(_row, c) => `${c.prefix ?? ""}［${fieldTypeLabels[c.type]}］${c.unit ?? ""}`} />;
    case "derived":
      return (
        <p className="answer-kind">
          <span className="answer-kind-label">自動判定</span>
          {derivedTitle ? `「${derivedTitle}」の結果を回答から算出します（入力不可）` : "回答から算出します（入力不可）"}
        </p>
      );
    default:
      return (
        <p className="answer-kind">
          <FieldLabel field={{ type: answer.kind, unit: answer.unit, prefix: answer.prefix }} />
        </p>
      );
  }
}
