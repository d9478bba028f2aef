// 「事業運営上開示すべき重要事項の概要[代行機関]」 in the official layout: the 概要's own 最終更新日 at the top,
// one bordered table per block with the block name as a left row-group cell, grouped rows
// (提供するサービス …) as nested row groups, every option printed with ■/□, the notes 注N under
// their block; then, on a new page, the 別添 「最低限のガイドライン遵守チェックリスト」 with its own 最終更新日.
import type { ReactNode } from "react";
import { documentParts, OVERVIEW_PART } from "../../../disclosures/document-parts";
import type { Item, Section } from "../../../disclosures/template-schema";
import { FormAnswer, ItemExtras, NoteRefs, NotesBlock, Paragraphs, UpdatedTable, itemsDeep, rowBreakClass } from "../blocks";
import type { PrintContext } from "../print-context";
import { GuidelineChecklist } from "./minimum-guideline-checklist";

/** The 別添 notes are stored as 「別添注1」 (one template, two forms); the sheet prints 「注1)」. */
const appendixNoteLabel = (id: string) => `${id.replace(/^別添/, "")})`;

export function AgencyDisclosureLayout({ ctx }: { ctx: PrintContext }) {
  const { template } = ctx;
  // The sections holding the checklist that 「ガイドラインの遵守」 is computed from form the 別添; each part has its own date.
  const appendix = new Set(documentParts(template).flatMap((p) => (p.key === OVERVIEW_PART ? [] : p.sections)));
  const overview = template.sections.filter((s) => !appendix.has(s.key));
  const appendices = template.sections.filter((s) => appendix.has(s.key));
  return (
    <>
      <section className="agency-overview" data-block="overview">
        <h1>{template.title}</h1>
        <Paragraphs text={template.description} className="form-instructions" />
        <UpdatedTable ctx={ctx} part={OVERVIEW_PART} />
        {overview.map((section) => (
          <OverviewBlock key={section.key} ctx={ctx} section={section} />
        ))}
        <NotesBlock notes={template.notes} />
      </section>
      {appendices.map((section) => (
        <div key={section.key} className="page-break" data-block="appendix">
          <GuidelineChecklist
            ctx={ctx}
            title={section.title}
            description={section.description}
            sections={section.items?.length ? [{ ...section, sections: undefined }, ...(section.sections ?? [])] : (section.sections ?? [])}
            noteLabel={appendixNoteLabel}
            part={section.key}
          />
        </div>
      ))}
    </>
  );
}

type Run = { group?: string; items: Item[] };

/** Consecutive items with the same `group` form one row group. */
function runsOf(items: Item[]): Run[] {
  const runs: Run[] = [];
  for (const item of items) {
    const last = runs[runs.length - 1];
    if (item.group && last?.group === item.group) last.items.push(item);
    else runs.push({ group: item.group, items: [item] });
  }
  return runs;
}

function OverviewBlock({ ctx, section }: { ctx: PrintContext; section: Section }) {
  const items = itemsDeep(section);
  const rows: ReactNode[] = [];
  for (const run of runsOf(items)) {
    run.items.forEach((item, i) => {
      const response = ctx.response(item.key);
      rows.push(
        <tr key={item.key} data-item={item.key} className={rowBreakClass(response)}>
          {rows.length === 0 ? (
            <th className="section-cell middle" rowSpan={items.length} scope="rowgroup">
              {section.title}
            </th>
          ) : null}
          {run.group && i === 0 ? (
            <th className="group-cell middle" rowSpan={run.items.length} scope="rowgroup" data-group={run.group}>
              {run.group}
            </th>
          ) : null}
          <th className="label-cell" colSpan={run.group ? 1 : 2} scope="row">
            {item.text}
            <NoteRefs ids={item.noteRefs} />
          </th>
          <td className="answer-cell">
            <FormAnswer ctx={ctx} item={item} response={response} />
            <ItemExtras response={response} />
          </td>
        </tr>,
      );
    });
  }
  return (
    <div className="overview-block" data-section={section.key}>
      <table className="form-table">
        <colgroup>
          <col className="w-section" />
          <col className="w-group" />
          <col className="w-label" />
          <col />
        </colgroup>
        <tbody>{rows}</tbody>
      </table>
      <NotesBlock notes={section.notes} />
    </div>
  );
}
