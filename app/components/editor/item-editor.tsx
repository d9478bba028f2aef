// One item in the editor: its inputs by answer kind, then note (備考) and evidence (根拠資料).
import { useFieldArray, useWatch, type Control, type UseFormRegister } from "react-hook-form";
import type { Item, Note, Scale, SubField } from "../../../disclosures/template-schema";
import { requiredLabel } from "../../../disclosures/answers";
import { AnswerTableGrid } from "../answer-kind";
import { LevelBadge } from "../level-badge";
import type { FormItem } from "./form-values";

export type EditorForm = { items: FormItem[] };
type Props = { item: Item; index: number; scales: Scale[]; notes: Note[]; register: UseFormRegister<EditorForm>; control: Control<EditorForm>; derivedText?: string; problem?: string };

const inputType = { text: "text", multiline: "text", tel: "tel", url: "url", email: "email", date: "date", month: "month", number: "text" } as const;

/**
 * One typed input. Its accessible name is its label, or — for an item answered by this input alone — the item's
 * number and text (`labelledBy`), so a screen reader says which item it is.
 */
function SubInput({ field, name, register, label, labelledBy, hideLabel }: { field: Omit<SubField, "key">; name: string; register: UseFormRegister<EditorForm>; label: string; labelledBy?: string; hideLabel?: boolean }) {
  return (
    <label className="sub-input">
      {label ? <span className={hideLabel ? "visually-hidden" : undefined}>{label}</span> : null}
      {field.prefix ? <span>{field.prefix}</span> : null}
      <input
        {...register(name as never)}
        aria-labelledby={labelledBy}
        type={inputType[field.type]}
        inputMode={field.type === "number" && !field.dash ? "decimal" : undefined}
        placeholder={field.placeholder ?? (field.dash ? "数値または -" : undefined)}
        maxLength={field.maxLength ?? 1000}
        className={field.type === "number" ? "input-number" : undefined}
      />
      {field.unit ? <span>{field.unit}</span> : null}
    </label>
  );
}

function StatusInput({ item, index, scale, register, control, labelledBy }: { item: Item; index: number; scale: Scale; register: UseFormRegister<EditorForm>; control: Control<EditorForm>; labelledBy: string }) {
  const base = `items.${index}.value` as const;
  const chosen = useWatch({ control, name: `${base}.status` as never }) as string;
  const option = scale.options.find((o) => o.value === chosen);
  const requires = option?.requires;
  return (
    <div className="status-input">
      <div role="radiogroup" aria-labelledby={labelledBy} className="radio-row">
        {scale.options.map((o) => (
          <label key={o.value}>
            <input type="radio" value={o.value} {...register(`${base}.status` as never)} /> {o.symbol && o.symbol !== o.label ? `${o.symbol} ` : ""}
            {o.label}
          </label>
        ))}
      </div>
      {requires === "month" ? <SubInput field={{ type: "month" }} name={`${base}.month`} register={register} label={`${requiredLabel(option, "month")}（必須）`} /> : null}
      {requires === "date" ? <SubInput field={{ type: "date" }} name={`${base}.date`} register={register} label={`${requiredLabel(option, "date")}（必須）`} /> : null}
      {requires === "reason" ? (
        <label className="sub-input wide">
          <span>{`${requiredLabel(option, "reason")}（必須）`}</span>
          <input {...register(`${base}.reason` as never)} maxLength={2000} />
        </label>
      ) : null}
      {scale.fields?.map((f) => <SubInput key={f.key} field={f} name={`${base}.fields.${f.key}`} register={register} label={f.label ?? f.key} />)}
    </div>
  );
}

function Evidence({ index, register, control }: { index: number; register: UseFormRegister<EditorForm>; control: Control<EditorForm> }) {
  const { fields, append, remove } = useFieldArray({ control, name: `items.${index}.evidence` });
  return (
    <div className="evidence">
      <span className="sub-label">根拠資料</span>
      {fields.map((f, i) => (
        <div key={f.id} className="evidence-row">
          <input {...register(`items.${index}.evidence.${i}.name`)} placeholder="資料名（例: 情報セキュリティ基本方針 第3条）" maxLength={300} aria-label="資料名" />
          <input {...register(`items.${index}.evidence.${i}.url`)} type="url" placeholder="https://…" maxLength={2000} aria-label="URL" />
          <button type="button" className="button-secondary" onClick={() => remove(i)}>
            削除
          </button>
        </div>
      ))}
      {fields.length < 20 ? (
        <button type="button" className="button-secondary" onClick={() => append({ name: "", url: "" })}>
          根拠資料を追加
        </button>
      ) : null}
    </div>
  );
}

/**
 * The free text of an option (「その他（ ）」): typing in it selects the option, since only a selected option's
 * text is kept. Clicking the option's own input keeps react-hook-form's state and the screen the same.
 */
function ExtraText({ field, label, placeholder }: { field: ReturnType<UseFormRegister<EditorForm>>; label: string; placeholder: string }) {
  return (
    <input
      {...field}
      aria-label={label}
      placeholder={placeholder}
      maxLength={500}
      onChange={(event) => {
        void field.onChange(event);
        const option = event.currentTarget.closest(".choice-line")?.querySelector<HTMLInputElement>('input[type="radio"], input[type="checkbox"]');
        if (option && !option.checked && event.currentTarget.value.trim()) option.click();
      }}
    />
  );
}

export function ItemEditor({ item, index, scales, notes, register, control, derivedText, problem }: Props) {
  const a = item.answer;
  const base = `items.${index}.value`;
  // The item's number and text name its answer for assistive technology.
  const numberId = `item-number-${item.key}`;
  const textId = `item-text-${item.key}`;
  const labelledBy = item.number ? `${numberId} ${textId}` : textId;
  return (
    <article className="item editor-item" id={`item-${item.key}`}>
      <header className="item-header">
        {item.number ? (
          <span className="item-number" id={numberId}>
            {item.number}
          </span>
        ) : null}
        <LevelBadge level={item.level} />
        {item.group ? <span className="item-group">{item.group}</span> : null}
      </header>
      <p className="item-text preserve-lines" id={textId}>
        {item.text}
      </p>
      {a.kind === "status" ? <StatusInput item={item} index={index} scale={scales.find((s) => s.key === a.scale)!} register={register} control={control} labelledBy={labelledBy} /> : null}
      {a.kind === "choice" ? (
        <div className="choice-input">
          {a.options.map((o) => (
            <span key={o.value} className="choice-line">
              <label>
                <input type={a.multiple ? "checkbox" : "radio"} value={o.value} {...register(`${base}.selected` as never)} /> {o.label}
              </label>
              {o.extra ? <ExtraText field={register(`${base}.extra.${o.value}` as never)} label={`${o.label} ${o.extra.label}`} placeholder={o.extra.label || "内容"} /> : null}
            </span>
          ))}
        </div>
      ) : null}
      {a.kind === "composite" ? (
        <div className="composite-input">
          {a.fields.map((f) => (
            <SubInput key={f.key} field={f} name={`${base}.${f.key}`} register={register} label={f.label ?? ""} labelledBy={f.label ? undefined : labelledBy} />
          ))}
        </div>
      ) : null}
      {a.kind === "table" ? <AnswerTableGrid answer={a} cell={(r, c) => <SubInput field={c} name={`${base}.${r.key}.${c.key}`} register={register} label={`${r.label} ${c.label}`} hideLabel />} /> : null}
      {a.kind === "derived" ? <p className="derived-value">自動判定: {derivedText ?? "—"}（入力不可）</p> : null}
      {a.kind === "multiline" ? <textarea {...register(base as never)} rows={3} maxLength={a.maxLength ?? 20000} aria-labelledby={labelledBy} /> : null}
      {a.kind === "text" || a.kind === "tel" || a.kind === "url" || a.kind === "email" || a.kind === "date" || a.kind === "month" || a.kind === "number" ? (
        <SubInput field={{ ...a, type: a.kind }} name={base} register={register} label="" labelledBy={labelledBy} />
      ) : null}
      {problem ? (
        <p className="field-error" role="alert">
          {problem}
        </p>
      ) : null}
      {item.help || item.checkPoints?.length || notes.length ? (
        <details className="item-guidance">
          <summary>確認項目・注</summary>
          {item.checkPoints?.length ? (
            <ul>
              {item.checkPoints.map((c, i) => (
                <li key={i}>{c}</li>
              ))}
            </ul>
          ) : null}
          {item.help ? <p className="preserve-lines">{item.help}</p> : null}
          {notes.map((n) => (
            <p key={n.id}>
              <strong>{n.id}</strong> {n.text}
            </p>
          ))}
        </details>
      ) : null}
      {a.kind !== "derived" ? (
        <details className="item-extra">
          <summary>備考・根拠資料</summary>
          <label className="sub-input wide">
            <span>備考</span>
            <textarea {...register(`items.${index}.note`)} rows={2} maxLength={5000} />
          </label>
          <Evidence index={index} register={register} control={control} />
        </details>
      ) : null}
    </article>
  );
}
