// The layout form of the answer import (issue 14): which sheet of the vendor's own file, the row of its headings, and
// the column of each part of an answer, each column named by its letter and its heading (「B: No.」). Without
// JavaScript: 「見出しを読み直す」 shows the headings of another sheet or row; 「この対応で内容を確認する」 previews.
import { Form } from "@remix-run/react";
import { LAYOUT_FIELDS, type LayoutField } from "../../disclosures/answer-import";

export type LayoutFormProps = {
  token: string;
  fileName: string;
  sheets: string[];
  rowCount: number;
  columns: { value: string; label: string }[];
  layout: { sheet: string; headingRow: number; columns: Partial<Record<LayoutField, string>> };
  saved: boolean;
};

const REQUIRED: LayoutField[] = ["number", "answer"];

export function AnswerLayoutForm({ view }: { view: LayoutFormProps }) {
  const fields = Object.entries(LAYOUT_FIELDS) as [LayoutField, string][];
  return (
    <Form method="post" className="panel narrow" key={`${view.token}-${view.layout.sheet}-${view.layout.headingRow}-${JSON.stringify(view.layout.columns)}`}>
      <h2>自社の様式の列を指定する</h2>
      <p>{`「${view.fileName}」の、回答が書かれたシート・見出しの行・各列を選んでください。行は「番号」で様式の項目に対応づけます。番号のない行（章の見出しや注記）は読み飛ばします。`}</p>
      {view.saved ? <p className="muted">この組織で前回保存した列の対応を表示しています。</p> : null}
      <input type="hidden" name="token" value={view.token} />
      <div className="field">
        <label htmlFor="layout-sheet">シート</label>
        <select id="layout-sheet" name="sheet" defaultValue={view.layout.sheet}>
          {view.sheets.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="layout-heading-row">{`見出しの行（1〜${view.rowCount}）`}</label>
        <input id="layout-heading-row" name="headingRow" type="number" min={1} max={Math.max(view.rowCount, 1)} defaultValue={view.layout.headingRow} inputMode="numeric" />
      </div>
      <button type="submit" name="intent" value="layout-refresh" className="secondary">
        見出しを読み直す
      </button>
      {fields.map(([field, label]) => (
        <div className="field" key={field}>
          <label htmlFor={`layout-column-${field}`}>{`${label}${REQUIRED.includes(field) ? "（必須）" : ""}`}</label>
          <select id={`layout-column-${field}`} name={`column.${field}`} defaultValue={view.layout.columns[field] ?? ""}>
            <option value="">（使わない）</option>
            {view.columns.map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
          </select>
        </div>
      ))}
      <p className="muted">確認すると、この列の対応を組織の設定として保存し、次にこの様式のファイルを取り込むときに使います。</p>
      <button type="submit" name="intent" value="layout-preview">
        この対応で内容を確認する
      </button>
    </Form>
  );
}
