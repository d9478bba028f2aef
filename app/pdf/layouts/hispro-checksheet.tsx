// HISPRO 「外部保存、ASP・SaaS チェックシート」: 大分類/中分類/小分類 headings, then per block a table
// 項番 / 必須・推奨 / 対策項目 / 回答 / 根拠資料 / 備考 whose header row repeats on every page. Under each 対策項目, the
// sheet's own columns in its order: 対象GL, GLでの参照箇所, 確認項目.
import type { Item, Section } from "../../../disclosures/template-schema";
import { DocumentHeading, EvidenceLines, Heading, FormAnswer, Guidance, NoteText, NotesBlock, Paragraphs, StatusText, levelLabel, rowBreakClass } from "../blocks";
import type { PrintContext } from "../print-context";

const levelNames = ["大分類", "中分類", "小分類"];

export function HisproChecksheetLayout({ ctx }: { ctx: PrintContext }) {
  return (
    <>
      <DocumentHeading ctx={ctx} />
      {ctx.template.sections.map((section) => (
        <HisproSection key={section.key} ctx={ctx} section={section} depth={0} />
      ))}
      <NotesBlock notes={ctx.template.notes} />
    </>
  );
}

function HisproSection({ ctx, section, depth }: { ctx: PrintContext; section: Section; depth: number }) {
  const items = section.items ?? [];
  return (
    <div className="hispro-section" data-section={section.key}>
      <Heading depth={depth}>
        <span className="level-label">{levelNames[depth] ?? "分類"}</span>
        {section.number ? `${section.number} ${section.title}` : section.title}
      </Heading>
      <Paragraphs text={section.description} className="form-instructions" />
      {items.length ? (
        <table className="hispro-table">
          <colgroup>
            <col className="w-no-wide" />
            <col className="w-level" />
            <col />
            <col className="w-answer" />
            <col className="w-evidence" />
            <col className="w-memo" />
          </colgroup>
          <thead>
            <tr>
              <th>項番</th>
              <th>必須・推奨</th>
              <th>対策項目</th>
              <th>回答</th>
              <th>根拠資料</th>
              <th>備考</th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <HisproRow key={item.key} ctx={ctx} item={item} />
            ))}
          </tbody>
        </table>
      ) : null}
      <NotesBlock notes={section.notes} />
      {(section.sections ?? []).map((child) => (
        <HisproSection key={child.key} ctx={ctx} section={child} depth={depth + 1} />
      ))}
    </div>
  );
}

function HisproRow({ ctx, item }: { ctx: PrintContext; item: Item }) {
  const response = ctx.response(item.key);
  return (
    <tr data-item={item.key} className={rowBreakClass(response)}>
      <td>{item.number ?? ""}</td>
      <td className="center">{levelLabel(item.level)}</td>
      <td>
        <span className="pre">{item.text}</span>
        <Guidance ctx={ctx} item={item} />
      </td>
      <td className="col-answer">
        {item.answer.kind === "status" ? <StatusText ctx={ctx} item={item} value={response.value} /> : <FormAnswer ctx={ctx} item={item} response={response} />}
      </td>
      <td className="col-evidence small">
        <EvidenceLines evidence={response.evidence} />
      </td>
      <td className="col-note small">
        <NoteText note={response.note} />
      </td>
    </tr>
  );
}
