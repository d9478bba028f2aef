// Between an item's stored response and the editor's form state. Client-safe (no Node imports):
// the form keeps every input as text; numbers become numbers and empty parts disappear on the way out.
import type { ItemResponse } from "../../../disclosures/disclosure-content";
import type { Item } from "../../../disclosures/template-schema";

type Text = Record<string, string>;
export type FormStatus = { status: string; month: string; date: string; reason: string; fields: Text };
export type FormChoice = { selected: string | string[]; extra: Text };
export type FormValue = string | FormStatus | FormChoice | Text | Record<string, Text>;
export type FormItem = { value: FormValue; note: string; evidence: { name: string; url: string }[] };

const str = (v: unknown) => (v === undefined || v === null ? "" : String(v));
const numeric = /^-?\d+(\.\d+)?$/;

export function toFormItem(item: Item, response: ItemResponse | undefined): FormItem {
  const v = response?.value as Record<string, unknown> | string | number | undefined;
  const object = (v && typeof v === "object" ? v : {}) as Record<string, unknown>;
  let value: FormValue;
  switch (item.answer.kind) {
    case "status":
      value = { status: str(object.status), month: str(object.month), date: str(object.date), reason: str(object.reason), fields: Object.fromEntries(Object.entries((object.fields ?? {}) as Text).map(([k, x]) => [k, str(x)])) };
      break;
    case "choice":
      value = { selected: item.answer.multiple ? ((object.selected as string[]) ?? []) : str(object.selected), extra: (object.extra as Text) ?? {} };
      break;
    case "composite":
      value = Object.fromEntries(item.answer.fields.map((f) => [f.key, str(object[f.key])]));
      break;
    case "table":
      value = Object.fromEntries(item.answer.rows.map((r) => [r.key, Object.fromEntries(item.answer.kind === "table" ? item.answer.columns.map((c) => [c.key, str((object[r.key] as Text | undefined)?.[c.key])]) : [])]));
      break;
    case "derived":
      value = "";
      break;
    default:
      value = str(v);
  }
  return { value, note: response?.note ?? "", evidence: (response?.evidence ?? []).map((e) => ({ name: e.name ?? "", url: e.url ?? "" })) };
}

function scalar(text: string, number: boolean): string | number | undefined {
  if (text.trim() === "") return undefined;
  return number && numeric.test(text.trim()) ? Number(text.trim()) : text;
}

function fields(texts: Text, numberKeys: Set<string>): Record<string, string | number> | undefined {
  const out: Record<string, string | number> = {};
  for (const [k, t] of Object.entries(texts ?? {})) {
    const v = scalar(t, numberKeys.has(k));
    if (v !== undefined) out[k] = v;
  }
  return Object.keys(out).length ? out : undefined;
}

/** The response to save; undefined parts are dropped by the server's normalisation anyway. */
export function toResponse(item: Item, form: FormItem): ItemResponse {
  const a = item.answer;
  let value: ItemResponse["value"];
  if (a.kind === "status") {
    const s = form.value as FormStatus;
    value = s.status
      ? { status: s.status, ...(s.month ? { month: s.month } : {}), ...(s.date ? { date: s.date } : {}), ...(s.reason.trim() ? { reason: s.reason } : {}), ...(fields(s.fields, new Set()) ? { fields: fields(s.fields, new Set()) } : {}) }
      : undefined;
  } else if (a.kind === "choice") {
    const c = form.value as FormChoice;
    const selected = a.multiple ? (Array.isArray(c.selected) ? c.selected : c.selected ? [c.selected] : []) : (c.selected as string);
    const chosen = new Set(Array.isArray(selected) ? selected : [selected]);
    const extra = Object.fromEntries(Object.entries(c.extra ?? {}).filter(([k, t]) => chosen.has(k) && t.trim()));
    value = (Array.isArray(selected) ? selected.length : selected) ? { selected, ...(Object.keys(extra).length ? { extra } : {}) } : undefined;
  } else if (a.kind === "composite") {
    value = fields(form.value as Text, new Set(a.fields.filter((f) => f.type === "number").map((f) => f.key)));
  } else if (a.kind === "table") {
    const numbers = new Set(a.columns.filter((c) => c.type === "number").map((c) => c.key));
    const rows: Record<string, Record<string, string | number>> = {};
    for (const r of a.rows) {
      const row = fields((form.value as Record<string, Text>)[r.key], numbers);
      if (row) rows[r.key] = row;
    }
    value = Object.keys(rows).length ? rows : undefined;
  } else if (a.kind !== "derived") {
    value = scalar(form.value as string, a.kind === "number");
  }
  const evidence = form.evidence.filter((e) => e.name.trim() || e.url.trim()).map((e) => ({ ...(e.name.trim() ? { name: e.name } : {}), ...(e.url.trim() ? { url: e.url.trim() } : {}) }));
  return { ...(value !== undefined ? { value } : {}), ...(form.note.trim() ? { note: form.note } : {}), ...(evidence.length ? { evidence } : {}) };
}
