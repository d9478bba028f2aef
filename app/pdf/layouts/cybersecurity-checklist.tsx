// 医療機関のサイバーセキュリティ対策チェックリスト: per sheet NO / 視点 / チェック項目 / チェック欄
// (○ or ×, blank when unanswered), then 「チェックの結果」 as on the sheet: 分類 / 割合 / 項目数 per
// 予防・発見・是正 (or the single total of the 医療従事者 sheet), computed from the answers.
import { perspectiveLabels, ratioLabel, type TallyResult } from "../../../disclosures/derived";
import type { Item, Perspective, Section } from "../../../disclosures/template-schema";
import { DocumentHeading, FormAnswer, ItemExtras, Paragraphs, itemsDeep, readStatus, rowBreakClass } from "../blocks";
import type { PrintContext } from "../print-context";

const PERSPECTIVES: Perspective[] = ["prevent", "detect", "correct"];

export function CybersecurityChecklistLayout({ ctx }: { ctx: PrintContext }) {
  return (
    <>
      <DocumentHeading ctx={ctx}>
        <Paragraphs text={ctx.template.description} className="form-instructions small" />
      </DocumentHeading>
      {ctx.template.sections.map((section, i) => (
        <Sheet key={section.key} ctx={ctx} section={section} newPage={i > 0 && Boolean(section.number)} />
      ))}
    </>
  );
}

function Sheet({ ctx, section, newPage }: { ctx: PrintContext; section: Section; newPage: boolean }) {
  const items = itemsDeep(section);
  const checks = items.filter((i) => i.answer.kind === "status");
  const others = items.filter((i) => i.answer.kind !== "status");
  const showPerspective = checks.some((i) => i.perspective);
  const rule = ctx.template.derived?.find((d) => d.rule === "tally" && d.scope === section.key);
  const result = rule ? ctx.derived[rule.key] : undefined;
  const legend = (ctx.template.help ?? []).filter((h) => (Object.values(perspectiveLabels) as string[]).includes(h.term));
  return (
    <section className={newPage ? "sheet page-break" : "sheet"} data-section={section.key}>
      <h2>{section.number ? `${section.number} ${section.title}` : section.title}</h2>
      <Paragraphs text={section.description} className="form-instructions" />
      {others.length ? (
        <table className="filled-by">
          <tbody>
            {others.map((item) => {
              const response = ctx.response(item.key);
              return (
                <tr key={item.key} data-item={item.key}>
                  <th>{item.text}</th>
                  <td>
                    <FormAnswer ctx={ctx} item={item} response={response} />
                    <ItemExtras response={response} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
      {checks.length ? (
        <table className="cyber-table">
          <colgroup>
            <col className="w-no" />
            {showPerspective ? <col className="w-view" /> : null}
            <col />
            <col className="w-check" />
          </colgroup>
          <thead>
            <tr>
              <th>NO</th>
              {showPerspective ? <th>視点</th> : null}
              <th>チェック項目</th>
              <th>チェック欄（○ or ×）</th>
            </tr>
          </thead>
          <tbody>
            {checks.map((item) => (
              <CheckRow key={item.key} ctx={ctx} item={item} showPerspective={showPerspective} />
            ))}
          </tbody>
        </table>
      ) : null}
      {showPerspective && legend.length ? (
        <div className="legend">
          {legend.map((h) => (
            <p key={h.term}>{`${h.term}…${h.text}`}</p>
          ))}
        </div>
      ) : null}
      {result?.rule === "tally" ? <TallySummary result={result} grouped={rule?.rule === "tally" && Boolean(rule.groupBy)} /> : null}
    </section>
  );
}

function CheckRow({ ctx, item, showPerspective }: { ctx: PrintContext; item: Item; showPerspective: boolean }) {
  const response = ctx.response(item.key);
  const reading = readStatus(ctx, item, response.value);
  return (
    <tr data-item={item.key} className={rowBreakClass(response)}>
      <td className="center">{item.number ?? ""}</td>
      {showPerspective ? <td className="center">{item.perspective ? perspectiveLabels[item.perspective] : ""}</td> : null}
      <td>
        <span className="pre">{item.text}</span>
        <ItemExtras response={response} />
      </td>
      <td className="center middle col-check">
        {reading.kind === "answered" ? (
          <span className="mark" data-status={reading.option.value}>
            {reading.option.symbol ?? reading.option.label}
          </span>
        ) : reading.kind === "invalid" ? (
          <span className="pre small">{reading.text}</span>
        ) : null}
      </td>
    </tr>
  );
}

function TallySummary({ result, grouped }: { result: TallyResult; grouped: boolean }) {
  return (
    <div className="tally" data-derived-key={result.key}>
      <h3 className="result-heading">チェックの結果</h3>
      <p className="small">全体として医療機関のどの部分に弱みがあるのか把握し、優先的に必要な対策を実施の上、全体のバランスを取りながらサイバーセキュリティ対策を強化するため、ご活用ください。</p>
      {grouped ? (
        <table className="summary">
          <thead>
            <tr>
              <th>分類</th>
              <th>割合</th>
              <th>項目数</th>
            </tr>
          </thead>
          <tbody>
            {PERSPECTIVES.map((p) => {
              const group = result.groups.find((g) => g.perspective === p);
              const met = group?.met ?? 0;
              const total = group?.total ?? 0;
              return (
                <tr key={p} data-perspective={p}>
                  <th>{perspectiveLabels[p]}</th>
                  <td>{ratioLabel(met, total)}</td>
                  <td>{`${met}/${total}`}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : (
        <table className="summary">
          <thead>
            <tr>
              <th>割合</th>
              <th>項目数</th>
            </tr>
          </thead>
          <tbody>
            {result.groups.map((g) => (
              <tr key={g.label} data-perspective="total">
                <td>{ratioLabel(g.met, g.total)}</td>
                <td>{`${g.met}/${g.total}`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
