// Any template without a layout of its own: per section a table 番号 / 項目 / 回答 / 根拠資料 / 備考,
// answers in words (as on the web page), derived results computed, notes under their section.
import { buildContentView } from "../../../disclosures/disclosure-view";
import { walkSections } from "../../../disclosures/template-loader";
import type { Section } from "../../../disclosures/template-schema";
import { DocumentHeading, EvidenceLines, Heading, NoteText, NotesBlock, Paragraphs, rowBreakClass } from "../blocks";
import type { PrintContext } from "../print-context";

export function GenericLayout({ ctx }: { ctx: PrintContext }) {
  const view = buildContentView(ctx.template, ctx.content);
  const sections = new Map<string, Section>();
  for (const { section } of walkSections(ctx.template.sections)) sections.set(section.key, section);
  return (
    <>
      <DocumentHeading ctx={ctx}>
        <Paragraphs text={ctx.template.description} className="form-instructions" />
      </DocumentHeading>
      {view.sections.map((sectionView) => {
        const section = sections.get(sectionView.key);
        const title = sectionView.number ? `${sectionView.number} ${sectionView.title}` : sectionView.title;
        return (
          <div key={sectionView.key} className="generic-section" data-section={sectionView.key}>
            <Heading depth={sectionView.depth}>{title}</Heading>
            <Paragraphs text={section?.description} className="form-instructions" />
            {sectionView.items.length ? (
              <table className="generic-table">
                <colgroup>
                  <col className="w-no-wide" />
                  <col className="w-generic-label" />
                  <col />
                  <col className="w-evidence" />
                  <col className="w-memo" />
                </colgroup>
                <thead>
                  <tr>
                    <th>番号</th>
                    <th>項目</th>
                    <th>回答</th>
                    <th>根拠資料</th>
                    <th>備考</th>
                  </tr>
                </thead>
                <tbody>
                  {sectionView.items.map((item) => (
                    <tr key={item.key} data-item={item.key} className={rowBreakClass({ value: item.answer ?? undefined, note: item.note, evidence: item.evidence })}>
                      <td>{item.number ?? ""}</td>
                      <td>
                        {item.group ? <div className="small muted">{item.group}</div> : null}
                        <span className="pre">{item.text}</span>
                      </td>
                      <td className="col-answer">
                        {item.answer === null ? <span className="unanswered">未回答</span> : <span className="pre">{item.answer}</span>}
                        {item.derived ? <div className="small muted">（自動判定）</div> : null}
                      </td>
                      <td className="col-evidence small">
                        <EvidenceLines evidence={item.evidence} />
                      </td>
                      <td className="col-note small">
                        <NoteText note={item.note} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : null}
            <NotesBlock notes={section?.notes} />
          </div>
        );
      })}
      <NotesBlock notes={ctx.template.notes} />
      {view.derived.length ? (
        <table className="derived-summary" data-block="derived">
          <tbody>
            {view.derived.map((d) => (
              <tr key={d.key} data-derived-key={d.key}>
                <th>{d.title}</th>
                <td>{d.text}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </>
  );
}
