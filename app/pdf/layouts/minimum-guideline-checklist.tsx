// 「最低限のガイドライン遵守チェックリスト」 as the official sheet: per block a table
// No / チェック項目 / 実施済 / 実施予定(実施時期) with ■/□, and the block's notes under it.
// The 代行機関 form prints the same block as its 別添.
import { officialReadingOf } from "../../../disclosures/scale-registry";
import type { Item, Section } from "../../../disclosures/template-schema";
import {
  Box,
  Blank,
  CheckPoints,
  DerivedAnswer,
  FormAnswer,
  ItemExtras,
  NoteRefs,
  NotesBlock,
  Paragraphs,
  UpdatedTable,
  defaultNoteLabel,
  readStatus,
  rowBreakClass,
} from "../blocks";
import { formatDateText, type PrintContext } from "../print-context";

type Props = {
  ctx: PrintContext;
  title: string;
  description?: string;
  sections: Section[];
  noteLabel?: (id: string) => string;
  showVendor?: boolean;
  /** The part of the form this checklist is (the 代行機関 別添), for its own 最終更新日. */
  part?: string;
};

export function GuidelineChecklist({ ctx, title, description, sections, noteLabel = defaultNoteLabel, showVendor = false, part }: Props) {
  return (
    <section className="guideline-checklist" data-block="guideline-checklist">
      <h1>{title}</h1>
      {showVendor ? <p className="source-line">{[ctx.meta.vendorName, ctx.meta.serviceName].filter(Boolean).join("　")}</p> : null}
      <Paragraphs text={description} className="form-instructions" />
      <UpdatedTable ctx={ctx} part={part} />
      {sections.map((section) => (
        <ChecklistSection key={section.key} ctx={ctx} section={section} noteLabel={noteLabel} />
      ))}
    </section>
  );
}

function scaleLabels(ctx: PrintContext, items: Item[]) {
  const first = items.find((i) => i.answer.kind === "status");
  const scale = first?.answer.kind === "status" ? ctx.scale(first.answer.scale) : undefined;
  return {
    met: scale?.options.find((o) => o.outcome === "met")?.label ?? "実施済",
    planned: scale?.options.find((o) => o.outcome === "planned")?.label ?? "実施予定",
  };
}

function ChecklistSection({ ctx, section, noteLabel }: { ctx: PrintContext; section: Section; noteLabel: (id: string) => string }) {
  const items = section.items ?? [];
  const labels = scaleLabels(ctx, items);
  return (
    <div className="checklist-section" data-section={section.key}>
      <h3>{section.number ? `${section.number} ${section.title}` : section.title}</h3>
      {items.length ? (
        <table className="checklist">
          <colgroup>
            <col className="w-no" />
            <col />
            <col className="w-box" />
            <col className="w-planned" />
          </colgroup>
          <thead>
            <tr>
              <th>No</th>
              <th>チェック項目</th>
              <th>{labels.met}</th>
              <th>{`${labels.planned}(実施時期)`}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <ChecklistRow key={item.key} ctx={ctx} item={item} noteLabel={noteLabel} />
            ))}
          </tbody>
        </table>
      ) : null}
      <NotesBlock notes={section.notes} label={noteLabel} />
      {(section.sections ?? []).map((child) => (
        <ChecklistSection key={child.key} ctx={ctx} section={child} noteLabel={noteLabel} />
      ))}
    </div>
  );
}

function ChecklistRow({ ctx, item, noteLabel }: { ctx: PrintContext; item: Item; noteLabel: (id: string) => string }) {
  const response = ctx.response(item.key);
  const number = item.number ? (/^\d+$/.test(item.number) ? `${item.number}.` : item.number) : "";
  if (item.answer.kind !== "status") {
    return (
      <tr data-item={item.key} className={rowBreakClass(response)}>
        <td className="center">{number}</td>
        <td>
          <span className="pre">{item.text}</span>
          <NoteRefs ids={item.noteRefs} label={noteLabel} />
        </td>
        <td colSpan={2}>
          <FormAnswer ctx={ctx} item={item} response={response} />
          <ItemExtras response={response} />
        </td>
      </tr>
    );
  }
  const reading = readStatus(ctx, item, response.value);
  // An option the form does not have is printed as the form shows it: 対象外 → ■ 実施予定（対象事項無）, and a reason
  // other than 「対象事項無」 itself beside the item.
  const official = reading.kind === "answered" ? officialReadingOf(ctx.scale(item.answer.scale), reading.option.value) : undefined;
  const outcome = reading.kind === "answered" ? (official?.outcome ?? reading.option.outcome) : null;
  return (
    <tr data-item={item.key} data-outcome={outcome ?? "unanswered"} data-official={official?.remark} className={rowBreakClass(response)}>
      <td className="center">{number}</td>
      <td>
        <span className="pre">{item.text}</span>
        <NoteRefs ids={item.noteRefs} label={noteLabel} />
        <CheckPoints points={item.checkPoints} />
        {reading.kind === "answered" && official && reading.reason && reading.reason.trim() !== official.remark ? (
          <div>
            <span className="not-applicable" data-status={reading.option.value}>
              {`${official.remark}：`}
              <span className="extra">{reading.reason}</span>
            </span>
          </div>
        ) : null}
        {reading.kind === "answered" && !official && outcome !== "met" && outcome !== "planned" ? (
          <div>
            <span className="not-applicable" data-status={reading.option.value}>
              {reading.option.label}
              {reading.reason ? (
                <>
                  {"（理由："}
                  <span className="extra">{reading.reason}</span>
                  {"）"}
                </>
              ) : null}
            </span>
          </div>
        ) : null}
        {reading.kind === "invalid" ? <div className="pre muted">{reading.text}</div> : null}
        <ItemExtras response={response} />
      </td>
      <td className="center middle mark col-met">
        <Box checked={outcome === "met"} />
      </td>
      <td className="center middle col-planned">
        <span className="mark">
          <Box checked={outcome === "planned"} />
        </span>
        {"（"}
        {official ? official.remark : outcome === "planned" && reading.kind === "answered" && reading.month ? formatDateText(reading.month) : <Blank />}
        {"）"}
      </td>
    </tr>
  );
}

/** The allMet results of a template (e.g. ガイドラインの遵守), printed after the checklist. */
export function ComplianceSummary({ ctx }: { ctx: PrintContext }) {
  const rules = (ctx.template.derived ?? []).filter((d) => d.rule === "allMet");
  if (!rules.length) return null;
  // The checklist alone does not print the note its verdict follows (注8 of the 代行機関 form): it is quoted here.
  const bases = rules.flatMap((rule) => {
    const result = ctx.derived[rule.key];
    return result?.rule === "allMet" && result.basis ? [{ key: rule.key, basis: result.basis }] : [];
  });
  return (
    <>
      <table className="compliance" data-block="compliance">
        <colgroup>
          <col className="w-generic-label" />
          <col />
        </colgroup>
        <tbody>
          {rules.map((rule) => (
            <tr key={rule.key} data-derived-key={rule.key}>
              <th>{rule.title}</th>
              <td>
                <DerivedAnswer ctx={ctx} resultKey={rule.key} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {bases.map(({ key, basis }) => (
        <p key={key} className="small" data-basis={basis.note}>{`${basis.note}）${basis.text}（${basis.form}）`}</p>
      ))}
    </>
  );
}

export function MinimumGuidelineChecklistLayout({ ctx }: { ctx: PrintContext }) {
  const { template } = ctx;
  return (
    <>
      <GuidelineChecklist ctx={ctx} title={template.title} description={template.description} sections={template.sections} showVendor />
      <ComplianceSummary ctx={ctx} />
      <NotesBlock notes={template.notes} />
    </>
  );
}
