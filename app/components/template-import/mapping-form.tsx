// The mapping form: the fields most workbooks need, each in words, with the full mapping (JSON) below for the
// rest. Selects, radios and checkboxes send the form as soon as they change (with JavaScript), so the preview
// follows the mapping; typed fields are sent with the button. Without JavaScript everything works with the button.
import { Form, useNavigation, useSubmit } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { COLUMN_FIELDS, HEADER_PRESETS, LEVEL_SLOTS, TEMPLATE_FIELDS, type MappingFormValues } from "~/models/template-import-fields";
import type { ColumnOption, ScaleChoice } from "~/models/template-import-view.server";

// The control that sent the form, focused again once the form is mounted on the saved mapping.
let refocus: string | null = null;

function Hint({ id, text, error }: { id: string; text?: string; error?: string }) {
  return (
    <>
      {text ? (
        <p className="field-hint" id={`${id}-hint`}>
          {text}
        </p>
      ) : null}
      {error ? (
        <p className="field-error" id={`${id}-error`} role="alert">
          {error}
        </p>
      ) : null}
    </>
  );
}

const describedBy = (id: string, hint?: string, error?: string) => [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined;

function ColumnSelect({ name, label, hint, value, columns, error }: { name: string; label: string; hint?: string; value: string; columns: ColumnOption[]; error?: string }) {
  const id = `map-${name.replace(/\./g, "-")}`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name} defaultValue={value} aria-describedby={describedBy(id, hint, error)} aria-invalid={error ? true : undefined}>
        <option value="">使わない</option>
        {columns.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </select>
      <Hint id={id} text={hint} error={error} />
    </div>
  );
}

export function MappingForm({
  revision,
  values,
  mappingText,
  sheets,
  columns,
  scales,
  fieldErrors,
}: {
  revision: number;
  values: MappingFormValues;
  mappingText: string;
  sheets: string[];
  columns: ColumnOption[];
  scales: ScaleChoice[];
  fieldErrors: Record<string, string>;
}) {
  const submit = useSubmit();
  const navigation = useNavigation();
  const formRef = useRef<HTMLFormElement>(null);
  const saving = navigation.state !== "idle" && navigation.formData?.get("intent") === "save";

  useEffect(() => {
    const form = formRef.current;
    if (!form) return;
    if (refocus) {
      const control = document.getElementById(refocus);
      if (control && form.contains(control)) control.focus();
      refocus = null;
    }
    // The native change event: immediate for selects, radios and checkboxes; typed text waits for the button.
    const onChange = (event: Event) => {
      const target = event.target as HTMLInputElement | HTMLSelectElement;
      const discrete = target instanceof HTMLSelectElement || (target instanceof HTMLInputElement && (target.type === "checkbox" || target.type === "radio"));
      if (!discrete) return;
      refocus = target.id || null;
      submit(form, { replace: true, preventScrollReset: true });
    };
    form.addEventListener("change", onChange);
    return () => form.removeEventListener("change", onChange);
  }, [submit]);

  const text = (name: string, label: string, hint?: string) => {
    const id = `map-${name.replace(/\./g, "-")}`;
    return (
      <div className="field" key={name}>
        <label htmlFor={id}>{label}</label>
        <input id={id} name={name} defaultValue={values[name]} aria-describedby={describedBy(id, hint, fieldErrors[name])} aria-invalid={fieldErrors[name] ? true : undefined} />
        <Hint id={id} text={hint} error={fieldErrors[name]} />
      </div>
    );
  };

  return (
    <section className="panel mapping-panel" aria-labelledby="mapping-heading">
      <h2 id="mapping-heading">対応付け（マッピング）</h2>
      <p className="muted">ブックのどの列・行が様式のどの部分になるかを指定します。選択肢を変えると右のプレビューがすぐに更新されます。文字を入力した欄は「保存してプレビューを更新」で反映されます。</p>
      <Form method="post" ref={formRef} preventScrollReset replace>
        <input type="hidden" name="intent" value="save" />
        <input type="hidden" name="revision" value={revision} />
        <input type="hidden" name="fields" value="1" />

        <fieldset>
          <legend>様式の情報</legend>
          {TEMPLATE_FIELDS.map((f) => text(f.name, f.label, f.hint))}
        </fieldset>

        <fieldset>
          <legend>表の場所</legend>
          <div className="field">
            <label htmlFor="map-sheet">シート</label>
            <select id="map-sheet" name="sheet" defaultValue={values.sheet}>
              {!sheets.includes(values.sheet) ? <option value={values.sheet}>{values.sheet ? `${values.sheet}（このブックにありません）` : "選んでください"}</option> : null}
              {sheets.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </div>
          {text("headerRows", "見出し行（行番号）", "表の見出し（「番号」「質問項目」など）がある行。2行ある場合は「10, 11」。この行より下が表として読まれます。")}
        </fieldset>

        <fieldset>
          <legend>列の対応</legend>
          {COLUMN_FIELDS.map((f) => (
            <ColumnSelect key={f.name} name={f.name} label={f.label} hint={f.hint} value={values[f.name]} columns={columns} error={fieldErrors[f.name]} />
          ))}
        </fieldset>

        <fieldset>
          <legend>章・見出し</legend>
          <p className="field-hint">章（「1．規程類」など）が独立した行にある様式は「独立した行」、各項目の行の列に書かれている様式は「列の値」を選びます。</p>
          {Array.from({ length: LEVEL_SLOTS }, (_, i) => {
            const from = values[`levels.${i}.from`];
            return (
              <div key={i} className="level-slot">
                <div className="field">
                  <label htmlFor={`map-levels-${i}-from`}>{`見出し（第${i + 1}階層）の読み方`}</label>
                  <select id={`map-levels-${i}-from`} name={`levels.${i}.from`} defaultValue={from}>
                    <option value="">使わない</option>
                    <option value="row">独立した行（例: 結合された「1．規程類」の行）</option>
                    <option value="column">各項目の行の列の値（例: 「分類」の列）</option>
                  </select>
                </div>
                <ColumnSelect name={`levels.${i}.column`} label={`見出し（第${i + 1}階層）を読む列`} value={values[`levels.${i}.column`]} columns={columns} error={fieldErrors[`levels.${i}.column`]} />
                <div className="field">
                  <label htmlFor={`map-levels-${i}-title`}>{`見出し（第${i + 1}階層）の番号`}</label>
                  <select id={`map-levels-${i}-title`} name={`levels.${i}.title`} defaultValue={values[`levels.${i}.title`]}>
                    <option value="none">分けない（見出しの文をそのまま使う）</option>
                    <option value="split">先頭の番号を分ける（例: 「1．規程類」）</option>
                    {values[`levels.${i}.title`] === "keep" ? <option value="keep">マッピング（JSON）の titlePattern のまま</option> : null}
                  </select>
                </div>
                <label className="block-label">
                  <input type="checkbox" name={`levels.${i}.merged`} id={`map-levels-${i}-merged`} defaultChecked={values[`levels.${i}.merged`] === "on"} /> 結合されたセルの行だけを見出しにする
                </label>
              </div>
            );
          })}
        </fieldset>

        <fieldset>
          <legend>区分（必須／推奨）</legend>
          <div className="field">
            <label htmlFor="map-levelBlank">区分の欄が空の項目</label>
            <select id="map-levelBlank" name="levelBlank" defaultValue={values.levelBlank}>
              <option value="none">区分なし</option>
              <option value="required">必須</option>
              <option value="recommended">推奨</option>
            </select>
          </div>
        </fieldset>

        <fieldset>
          <legend>回答の尺度</legend>
          {scales.map((s) => (
            <div key={s.id} className="scale-choice">
              <label>
                <input type="radio" name="scale" id={`map-scale-${s.id}`} value={s.id} defaultChecked={values.scale === s.id} aria-describedby={`map-scale-${s.id}-desc`} /> <strong>{s.title}</strong>
              </label>
              <p className="field-hint" id={`map-scale-${s.id}-desc`}>
                {`${s.description} 選択肢: ${s.options.join("／")}`}
              </p>
            </div>
          ))}
          {values.scale === "keep" || values.scale === "" ? (
            <label className="block-label">
              <input type="radio" name="scale" id="map-scale-keep" value="keep" defaultChecked /> マッピング（JSON）の scales の指定のまま
            </label>
          ) : null}
        </fieldset>

        <fieldset>
          <legend>事業者が一度だけ記入する欄</legend>
          <p className="field-hint">開示書の先頭に「基本情報」として置かれます。ほかの欄はJSONの headerFields に追加できます。</p>
          <div className="check-grid">
            {HEADER_PRESETS.map((p) => (
              <label key={p.key}>
                <input type="checkbox" name={`header.${p.key}`} id={`map-header-${p.key}`} defaultChecked={values[`header.${p.key}`] === "on"} /> {p.text}
              </label>
            ))}
          </div>
        </fieldset>

        <fieldset>
          <legend>判定</legend>
          <label className="block-label">
            <input type="checkbox" name="allMet" id="map-allMet" defaultChecked={values.allMet === "on"} aria-describedby="map-allMet-hint" /> 「全項目が『はい』または『対象外』」かどうかを判定する
          </label>
          <p className="field-hint" id="map-allMet-hint">
            「対象外」は判定から除かれます。「いいえ」の項目には、医療機関に「医療機関側のリスク評価が必要」と表示されます。
          </p>
        </fieldset>

        <details className="mapping-json" open={Boolean(fieldErrors.json) || undefined}>
          <summary>詳しい設定（マッピングのJSON）</summary>
          <p className="field-hint" id="map-json-hint">
            上の欄で指定できないこと（区分の語の対応 levelWords、項目ごとの回答形式 items、部分集合 template.subsets など）はここで直接編集できます。上の欄で変えた部分だけがこのJSONに書き込まれます。
          </p>
          <label htmlFor="map-json" className="visually-hidden">
            マッピングのJSON
          </label>
          <textarea
            id="map-json"
            name="json"
            defaultValue={mappingText}
            rows={18}
            spellCheck={false}
            aria-describedby={describedBy("map-json", "hint", fieldErrors.json)}
            aria-invalid={fieldErrors.json ? true : undefined}
          />
          <Hint id="map-json" error={fieldErrors.json} />
        </details>

        <div className="actions mapping-actions">
          <button type="submit">保存してプレビューを更新</button>
          <span role="status" className="muted">
            {saving ? "プレビューを更新しています…" : ""}
          </span>
        </div>
      </Form>
    </section>
  );
}
