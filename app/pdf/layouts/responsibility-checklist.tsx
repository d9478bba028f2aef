// 役割分担チェックリスト: Part and block tables 項番 / (分類) / 項目 / 内容 / 分担 / 確認日 / メモ,
// 分担 printed as ■/□ 医療機関 事業者 共同 対象外; the glossary (用語の解説) at the end.
import type { Item, Section, SubField } from "../../../disclosures/template-schema";
import { Blank, DocumentHeading, EvidenceLines, FormAnswer, Guidance, NoteText, NotesBlock, Paragraphs, StatusBoxes, formatScalar, itemsDeep, readStatus, rowBreakClass } from "../blocks";
import { isBlank, type PrintContext } from "../print-context";

export function ResponsibilityChecklistLayout({ ctx }: { ctx: PrintContext }) {
  const { template } = ctx;
  return (
    <>
      <DocumentHeading ctx={ctx} />
      {template.sections.map((part, i) => (
        <section key={part.key} className={i > 0 ? "part page-break" : "part"} data-section={part.key}>
          <h2>{part.number ? `${part.number} ${part.title}` : part.title}</h2>
          <Paragraphs text={part.description ? `（${part.description}）` : undefined} className="form-instructions" />
          <PartBlock ctx={ctx} section={part} showCategory={itemsDeep(part).some((item) => item.category)} heading={false} />
          {(part.sections ?? []).map((block) => (
            <PartBlock key={block.key} ctx={ctx} section={block} showCategory={itemsDeep(part).some((item) => item.category)} heading />
          ))}
          <NotesBlock notes={part.notes} />
        </section>
      ))}
      <Glossary ctx={ctx} />
    </>
  );
}

function scaleFields(ctx: PrintContext, items: Item[]): SubField[] {
  const first = items.find((i) => i.answer.kind === "status");
  return first?.answer.kind === "status" ? (ctx.scale(first.answer.scale)?.fields ?? []) : [];
}

function PartBlock({ ctx, section, showCategory, heading }: { ctx: PrintContext; section: Section; showCategory: boolean; heading: boolean }) {
  const items = section.items ?? [];
  const fields = scaleFields(ctx, items);
  return (
    <div className="responsibility-block" data-section={heading ? section.key : undefined}>
      {heading ? <h3>{section.number ? `${section.number} ${section.title}` : section.title}</h3> : null}
      {heading ? <Paragraphs text={section.description} className="form-instructions" /> : null}
      {items.length ? (
        <table className="responsibility-table">
          <colgroup>
            <col className="w-no" />
            {showCategory ? <col className="w-category" /> : null}
            <col className="w-item" />
            <col />
            <col className="w-share" />
            {fields.map((f) => (
              <col key={f.key} className="w-date" />
            ))}
            <col className="w-memo" />
          </colgroup>
          <thead>
            <tr>
              <th>項番</th>
              {showCategory ? <th>分類</th> : null}
              <th>項目</th>
              <th>内容</th>
              <th>分担</th>
              {fields.map((f) => (
                <th key={f.key}>{f.label || f.key}</th>
              ))}
              <th>メモ</th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <ResponsibilityRow key={item.key} ctx={ctx} item={item} showCategory={showCategory} fields={fields} />
            ))}
          </tbody>
        </table>
      ) : null}
      {heading ? <NotesBlock notes={section.notes} /> : null}
      {heading
        ? (section.sections ?? []).map((child) => <PartBlock key={child.key} ctx={ctx} section={child} showCategory={showCategory} heading />)
        : null}
    </div>
  );
}

function ResponsibilityRow({ ctx, item, showCategory, fields }: { ctx: PrintContext; item: Item; showCategory: boolean; fields: SubField[] }) {
  const response = ctx.response(item.key);
  const reading = readStatus(ctx, item, response.value);
  return (
    <tr data-item={item.key} className={rowBreakClass(response)}>
      <td className="center">{item.number ?? ""}</td>
      {showCategory ? <td>{item.category ?? ""}</td> : null}
      <td>{item.group ?? ""}</td>
      <td>
        <span className="pre">{item.text}</span>
        <Guidance ctx={ctx} item={item} />
      </td>
      <td className="col-share">
        {item.answer.kind === "status" ? <StatusBoxes ctx={ctx} item={item} value={response.value} list /> : <FormAnswer ctx={ctx} item={item} response={response} />}
      </td>
      {fields.map((field) => {
        const value = reading.kind === "answered" ? reading.fields[field.key] : undefined;
        return (
          <td key={field.key} className="center col-field" data-field={field.key}>
            {isBlank(value) ? (
              <span className="date-blank">
                {"（"}
                <Blank />
                {"／"}
                <Blank />
                {"）"}
              </span>
            ) : (
              formatScalar(field.type, value)
            )}
          </td>
        );
      })}
      <td className="col-memo small">
        <NoteText note={response.note} />
        <EvidenceLines evidence={response.evidence} />
      </td>
    </tr>
  );
}

function Glossary({ ctx }: { ctx: PrintContext }) {
  const { template } = ctx;
  if (!template.help?.length && !template.notes?.length) return null;
  return (
    <section className="page-break glossary-section" data-block="glossary">
      <h2>用語の解説</h2>
      <NotesBlock notes={template.notes} />
      {template.help?.length ? (
        <dl className="glossary">
          {template.help.map((entry, i) => (
            <div key={`${i}-${entry.term}`}>
              <dt>{entry.term}</dt>
              <dd className="pre">
                {entry.text}
                {entry.places?.length ? <span className="glossary-places">{`（記載場所: ${entry.places.join("、")}）`}</span> : null}
              </dd>
            </div>
          ))}
        </dl>
      ) : null}
    </section>
  );
}
