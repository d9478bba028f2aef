// 「未回答をすべて○○にする」: every unanswered status item of the section set to one option at once, then
// autosaved like any other change. Only options that need nothing more (not 実施予定 with its 実施時期, nor
// 対象外 with its reason) are offered; answered items are never touched.
import { useWatch, type UseFormReturn } from "react-hook-form";
import type { Item, Scale } from "../../../disclosures/template-schema";
import type { FormItem, FormStatus } from "./form-values";
import type { EditorForm } from "./item-editor";

export function BulkAnswer({ items, scales, form }: { items: { item: Item }[]; scales: Scale[]; form: UseFormReturn<EditorForm> }) {
  const values = useWatch({ control: form.control, name: "items" }) as FormItem[];
  const unanswered = (scale: string) =>
    items.flatMap((e, i) => (e.item.answer.kind === "status" && e.item.answer.scale === scale && !(values[i]?.value as FormStatus | undefined)?.status ? [i] : []));
  const used = scales.filter((s) => items.filter((e) => e.item.answer.kind === "status" && e.item.answer.scale === s.key).length >= 2);
  const offers = used.flatMap((scale) => {
    const open = unanswered(scale.key);
    return open.length ? scale.options.filter((o) => !o.requires).map((o) => ({ scale: scale.key, option: o, open })) : [];
  });
  if (!offers.length) return null;
  return (
    <p className="bulk-answer">
      {offers.map(({ scale, option, open }) => (
        <button
          key={`${scale}:${option.value}`}
          type="button"
          className="button-secondary"
          onClick={() => {
            for (const i of open) form.setValue(`items.${i}.value.status` as never, option.value as never, { shouldDirty: true });
          }}
        >
          {`未回答の${open.length}項目をすべて「${option.label}」にする`}
        </button>
      ))}
    </p>
  );
}
