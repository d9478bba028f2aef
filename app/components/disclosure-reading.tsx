// Pieces of the public disclosure pages. Everything a vendor wrote arrives as a string and is
// rendered as text; a link is made only from an href the server checked to be http(s).
import { Fragment } from "react";
import { Form, Link } from "@remix-run/react";
import { cellStateMarks } from "../../disclosures/compare";
import type { ContentView, EvidenceView, ItemOutcome, ItemView, ReadingFilters, SectionView } from "../../disclosures/disclosure-view";
import { DerivedVerdict } from "./derived-results";
import { levelLabels } from "./level-badge";

export type DisclosureHeading = {
  organization: { name: string; verified: boolean };
  serviceName: string | null;
  /** On a per-release form (MDS): the product release the version is about, shown instead of the service. */
  release?: string | null;
  template: { id: string; version: string; title: string; edition: string };
};

/** What a disclosure is about, after the vendor's name: the product release (MDS), else the service. */
export const subjectOf = (heading: Pick<DisclosureHeading, "serviceName" | "release">) => heading.release ?? heading.serviceName;

export function disclosureBase(id: string) {
  return `/disclosures/${encodeURIComponent(id)}`;
}

export function VendorLine({ heading }: { heading: DisclosureHeading }) {
  return (
    <p className="disclosure-vendor">
      <span className="disclosure-vendor-name">{heading.organization.name}</span>
      {heading.organization.verified ? (
        <span className="badge badge-verified" title="運営者が実在と連絡先を確認した事業者です">
          確認済
        </span>
      ) : null}
      {subjectOf(heading) ? <span className="disclosure-service">{subjectOf(heading)}</span> : null}
    </p>
  );
}

export function TemplateLine({ template }: { template: DisclosureHeading["template"] }) {
  return (
    <>
      <Link to={`/templates/${encodeURIComponent(template.id)}/${encodeURIComponent(template.version)}`}>{template.title}</Link>
      {`（${template.edition}）`}
    </>
  );
}

export function EvidenceList({ evidence }: { evidence: EvidenceView[] }) {
  return (
    <ul className="evidence-list">
      {evidence.map((e, i) => (
        <li key={i}>
          {e.name ? <span className="evidence-name">{e.name}</span> : null}
          {e.url ? (
            e.href ? (
              <a className="evidence-url" href={e.href} target="_blank" rel="noopener noreferrer nofollow">
                {e.url}
              </a>
            ) : (
              <span className="evidence-url evidence-url-unlinked" title="http・https 以外のためリンクにしていません">
                {e.url}
              </span>
            )
          ) : null}
        </li>
      ))}
    </ul>
  );
}

/** A plain GET form, so choosing two versions works without JavaScript. */
export function VersionPicker({ disclosureId, versions, from, to }: { disclosureId: string; versions: { number: number; date: string }[]; from: number; to: number }) {
  if (versions.length < 2) return <p className="muted">公開されている版が1つだけのため、差分はまだありません。</p>;
  const options = versions.map((v) => (
    <option key={v.number} value={v.number}>
      {`第${v.number}版（${v.date}）`}
    </option>
  ));
  return (
    <Form method="get" action={`${disclosureBase(disclosureId)}/diff`} className="version-picker">
      <label>
        比較元
        <select name="from" defaultValue={String(from)}>
          {options}
        </select>
      </label>
      <span aria-hidden="true">→</span>
      <label>
        比較先
        <select name="to" defaultValue={String(to)}>
          {options}
        </select>
      </label>
      <button type="submit">差分を表示</button>
    </Form>
  );
}

// ---- the published version, compact (issue 12): a summary, filters, a table per section ----------------

/** A query string for the version page; an empty filter leaves the bare URL, which is the cached one. */
export function readingQuery(filters: Partial<ReadingFilters>): string {
  const params = new URLSearchParams();
  if (filters.outcome) params.set("outcome", filters.outcome);
  if (filters.chapter) params.set("chapter", filters.chapter);
  const query = params.toString();
  return query ? `?${query}` : "";
}

/** Counts per outcome, each a link that shows only those items (a plain link: no script needed). */
export function OutcomeSummary({ view, filters }: { view: Pick<ContentView, "outcomes">; filters: ReadingFilters }) {
  return (
    <ul className="outcome-counts">
      {view.outcomes.map((o) => {
        const body = (
          <>
            <span className="mark" aria-hidden="true">
              {cellStateMarks[o.outcome]}
            </span>
            {`${o.label} `}
            <strong>{o.count}</strong>
          </>
        );
        return (
          <li key={o.outcome} className={`o-${o.outcome}`}>
            {o.count && filters.outcome !== o.outcome ? <a href={readingQuery({ ...filters, outcome: o.outcome })}>{body}</a> : body}
          </li>
        );
      })}
    </ul>
  );
}

type SummaryView = Pick<ContentView, "outcomes" | "derived" | "itemCount" | "answeredCount">;

/** The top of a published version: who, which form, 最終更新日, 第N版, counts per outcome, derived results, hash. */
export function VersionSummary(props: {
  heading: DisclosureHeading;
  number: number;
  latest: number;
  publishedDate: string;
  publishedAtIso: string;
  /** A form in several parts (代行機関 概要 and 別添): when each part last changed, as its own 更新情報 says. */
  parts?: { title: string; date: string; iso: string }[];
  withdrawn: boolean;
  contentHash: string;
  view: SummaryView;
  filters: ReadingFilters;
}) {
  const { heading, number, latest, publishedDate, publishedAtIso, parts = [], withdrawn, contentHash, view, filters } = props;
  const isLatest = number === latest;
  return (
    <section className="reading-summary" aria-labelledby="summary-heading">
      <h2 id="summary-heading">概要</h2>
      <dl className="facts">
        <div>
          <dt>事業者</dt>
          <dd>
            {heading.organization.name}
            {heading.organization.verified ? <span className="badge badge-verified">確認済</span> : null}
          </dd>
        </div>
        {heading.serviceName ? (
          <div>
            <dt>サービス</dt>
            <dd>{heading.serviceName}</dd>
          </div>
        ) : null}
        <div>
          <dt>様式</dt>
          <dd>
            <TemplateLine template={heading.template} />
          </dd>
        </div>
        <div>
          <dt>最終更新日</dt>
          <dd>
            <time dateTime={publishedAtIso}>{publishedDate}</time>
            {parts.length ? (
              <ul className="part-dates">
                {parts.map((p) => (
                  <li key={p.title}>
                    {`${p.title}: `}
                    <time dateTime={p.iso}>{p.date}</time>
                  </li>
                ))}
              </ul>
            ) : null}
          </dd>
        </div>
        <div>
          <dt>版</dt>
          <dd>
            {`第${number}版`} {isLatest ? <span className="badge badge-latest">最新版</span> : <span className="muted">{`（最新は第${latest}版）`}</span>}
            {withdrawn ? <span className="badge badge-withdrawn">取り下げ済み</span> : null}
          </dd>
        </div>
        <div>
          <dt>回答状況</dt>
          <dd>{`${view.itemCount}項目中 ${view.answeredCount}項目に回答`}</dd>
        </div>
        <div className="facts-wide">
          <dt>回答の内訳</dt>
          <dd>
            <OutcomeSummary view={view} filters={filters} />
          </dd>
        </div>
        {view.derived.length ? (
          <div className="facts-wide">
            <dt>自動判定の結果</dt>
            <dd>
              <ul className="derived-list">
                {view.derived.map((d) => (
                  <li key={d.key}>
                    <DerivedVerdict view={d} />
                  </li>
                ))}
              </ul>
            </dd>
          </div>
        ) : null}
        <div className="facts-wide">
          <dt>内容のハッシュ値（SHA-256）</dt>
          <dd>
            <code className="hash-full">{contentHash}</code>
          </dd>
        </div>
      </dl>
    </section>
  );
}

/** A GET form: choosing an outcome and a chapter works without JavaScript. */
export function ReadingFilterForm({ view, filters, shown, pageUrl }: { view: Pick<ContentView, "outcomes" | "chapters" | "itemCount">; filters: ReadingFilters; shown: number; pageUrl: string }) {
  const filtered = Boolean(filters.outcome || filters.chapter);
  return (
    <form method="get" action={pageUrl} className="reading-filters" aria-label="項目の絞り込み">
      <label>
        回答
        <select name="outcome" defaultValue={filters.outcome ?? ""}>
          <option value="">すべて</option>
          {view.outcomes.map((o) => (
            <option key={o.outcome} value={o.outcome}>{`${cellStateMarks[o.outcome]} ${o.label}（${o.count}）`}</option>
          ))}
        </select>
      </label>
      <label>
        章
        <select name="chapter" defaultValue={filters.chapter ?? ""}>
          <option value="">すべての章</option>
          {view.chapters.map((c) => (
            <option key={c.key} value={c.key}>
              {c.number ? `${c.number} ${c.title}` : c.title}
            </option>
          ))}
        </select>
      </label>
      <button type="submit">絞り込む</button>
      {filtered ? (
        <p className="reading-shown" role="status">
          {`${shown}項目を表示中（全${view.itemCount}項目）`} <a href={pageUrl}>絞り込みを解除</a>
        </p>
      ) : null}
    </form>
  );
}

// Short class names keep the 504-row HISPRO page under half its former size (every byte is per row):
// the answer cell's class is the outcome's code (disclosures/summary.ts); the level cell says 必須 in plain
// text and only 推奨 and — get a class.
const outcomeClass: Record<ItemOutcome, string> = { met: "m", unmet: "u", planned: "p", notApplicable: "n", assigned: "a", answered: "y", unanswered: "x" };
const levelClass: Record<ItemView["level"], string | undefined> = { required: undefined, recommended: "rec", none: "none" };

function ItemRow({ item }: { item: ItemView }) {
  return (
    <tr id={`item-${item.key}`}>
      <td>{item.number}</td>
      <td>
        {item.group ? <b>{`${item.group}　`}</b> : null}
        {item.text}
        {item.subPoints.length ? (
          <ul className="sub-points">
            {item.subPoints.map((p, i) => (
              <li key={i}>{p}</li>
            ))}
          </ul>
        ) : null}
        <ItemGuidance blocks={item.guidance} />
      </td>
      <td className={levelClass[item.level]}>{item.perspective ? `${levelLabels[item.level]} ${item.perspective}` : levelLabels[item.level]}</td>
      <td className={outcomeClass[item.outcome]}>
        {`${cellStateMarks[item.outcome]} ${item.answer ?? "未回答"}${item.derived ? "（自動判定）" : ""}`}
        {item.flags.map((flag) => (
          <div key={flag} className="cell-flag">{`⚠ ${flag}`}</div>
        ))}
        {item.note ? <div className="note">{item.note}</div> : null}
        {item.evidence.map((e, i) => (
          <div key={i} className="ev">
            {e.name && e.url ? `${e.name} ` : e.name}
            {e.url ? (
              e.href ? (
                <a href={e.href} rel="nofollow">
                  {e.url}
                </a>
              ) : (
                <span className="unlinked" title="http・https 以外のためリンクにしていません">
                  {e.url}
                </span>
              )
            ) : null}
          </div>
        ))}
      </td>
    </tr>
  );
}

/**
 * What the form prints beside the item (HISPRO 対象GL・GLでの参照箇所・確認項目, 役割分担 想定されるリスク …), folded so
 * that a 504-row page still reads as items and answers; the summary names what is inside.
 */
function ItemGuidance({ blocks }: { blocks: ItemView["guidance"] }) {
  if (!blocks.length) return null;
  return (
    <details className="g">
      <summary>{blocks.map((b) => b.label).join("・")}</summary>
      <dl>
        {blocks.map((b) => (
          <Fragment key={b.label}>
            <dt>{b.label}</dt>
            {b.lines.map((line, i) => (
              <dd key={i}>{line}</dd>
            ))}
          </Fragment>
        ))}
      </dl>
    </details>
  );
}

const headingOf = (depth: number) => (["h2", "h3", "h4", "h5"] as const)[Math.min(depth, 3)];

/** One section as a table: number, item, level, answer (with mark, note and evidence). */
export function SectionTable({ section, templateBase }: { section: SectionView; templateBase: string }) {
  const Heading = headingOf(section.depth);
  const title = `${section.number ? `${section.number} ` : ""}${section.title}`;
  return (
    <section id={`section-${section.key}`} className="reading-section">
      <Heading>
        {title}
        {section.items.length ? (
          <a className="help" href={`${templateBase}#section-${encodeURIComponent(section.key)}`} aria-label={`様式の説明（${title}）`}>
            様式の説明
          </a>
        ) : null}
      </Heading>
      {section.items.length ? (
        <table className="reading-table">
          <thead>
            <tr>
              <th>番号</th>
              <th>項目</th>
              <th>区分</th>
              <th>回答</th>
            </tr>
          </thead>
          <tbody>
            {section.items.map((item) => (
              <ItemRow key={item.key} item={item} />
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
