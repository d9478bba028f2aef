// Building blocks shared by the print layouts. Every string from a disclosure is rendered as React
// text (escaped); nothing becomes a link or a resource reference — URLs are printed as text.
import { Fragment, type ReactNode } from "react";
import type { AllMetResult } from "../../disclosures/derived";
import { formatAnswer } from "../../disclosures/diff";
import type { EvidenceView } from "../../disclosures/disclosure-view";
import { itemGuidance } from "../../disclosures/item-guidance";
import type { FieldType, Item, Note, Scale, SubField } from "../../disclosures/template-schema";
import {
  asText,
  formatDateText,
  generatedAtLabel,
  isBlank,
  isPlainObject,
  lastUpdatedLabel,
  versionLabel,
  type PrintContext,
  type PrintResponse,
} from "./print-context";

// ---- marks ------------------------------------------------------------------------------

export function Box({ checked }: { checked: boolean }) {
  return <span className={checked ? "box box-on" : "box box-off"}>{checked ? "■" : "□"}</span>;
}

/** An empty fill-in space, as on the paper form. */
export const Blank = () => <span className="blank">{"　"}</span>;

// ---- scalars ----------------------------------------------------------------------------

export function formatScalar(type: FieldType, value: unknown): string {
  if ((type === "date" || type === "month") && typeof value === "string") return formatDateText(value);
  return asText(value);
}

/** A typed value with its prefix and unit; a blank space when unanswered (the unit still shows). */
export function ScalarValue({ field, value }: { field: { prefix?: string; unit?: string; type: FieldType }; value: unknown }) {
  const blank = isBlank(value);
  return (
    <span className={field.type === "multiline" ? "pre" : undefined}>
      {field.prefix ? `${field.prefix} ` : null}
      {blank ? <Blank /> : formatScalar(field.type, value)}
      {field.unit ?? null}
    </span>
  );
}

// ---- choices ----------------------------------------------------------------------------

type Selection = { selected: Set<string>; unknown: string[]; extra: Record<string, unknown> };

/** The selection of a choice value, or null when the stored value does not have a choice's shape. */
export function choiceSelection(item: Item, value: unknown): Selection | null {
  if (item.answer.kind !== "choice") return null;
  if (value === undefined) return { selected: new Set(), unknown: [], extra: {} };
  if (!isPlainObject(value)) return null;
  const list = Array.isArray(value.selected) ? value.selected : [value.selected];
  if (!list.every((s) => typeof s === "string" || s === undefined || s === null)) return null;
  const known = new Set(item.answer.options.map((o) => o.value));
  const chosen = list.filter((s): s is string => typeof s === "string" && s !== "");
  return {
    selected: new Set(chosen.filter((s) => known.has(s))),
    unknown: chosen.filter((s) => !known.has(s)),
    extra: isPlainObject(value.extra) ? value.extra : {},
  };
}

/**
 * Every option of a choice with ■ (chosen) or □, the way the official forms print them, with the
 * option's own free text inline: 「■有（内容：健診代行業務）」, 「□その他（　）」.
 */
export function ChoiceOptions({ ctx, item, value, list = false }: { ctx: PrintContext; item: Item; value: unknown; list?: boolean }) {
  if (item.answer.kind !== "choice") return null;
  const selection = choiceSelection(item, value);
  if (!selection) return <span className="pre">{formatAnswer(ctx.template, item, value as never)}</span>;
  return (
    <span className={list ? "opt-list" : undefined}>
      {item.answer.options.map((option) => {
        const checked = selection.selected.has(option.value);
        const text = checked && !isBlank(selection.extra[option.value]) ? asText(selection.extra[option.value]) : null;
        return (
          <span key={option.value} className="opt" data-option={option.value}>
            <Box checked={checked} />
            {option.label}
            {option.extra ? (
              <>
                {"（"}
                {option.extra.label ? `${option.extra.label}：` : null}
                {text !== null ? <span className="extra">{text}</span> : <Blank />}
                {"）"}
              </>
            ) : null}
          </span>
        );
      })}
      {selection.unknown.length ? <span className="opt muted">{`（様式にない選択肢：${selection.unknown.join("、")}）`}</span> : null}
    </span>
  );
}

// ---- statuses ---------------------------------------------------------------------------

export type StatusReading =
  | { kind: "blank" }
  | { kind: "invalid"; text: string }
  | { kind: "answered"; option: Scale["options"][number]; month: string | null; date: string | null; reason: string | null; fields: Record<string, unknown> };

const optionalText = (v: unknown) => (isBlank(v) ? null : asText(v));

export function readStatus(ctx: PrintContext, item: Item, value: unknown): StatusReading {
  if (item.answer.kind !== "status") return { kind: "invalid", text: asText(value) };
  if (value === undefined) return { kind: "blank" };
  const scale = ctx.scale(item.answer.scale);
  const option = isPlainObject(value) && typeof value.status === "string" ? scale?.options.find((o) => o.value === value.status) : undefined;
  if (!option || !isPlainObject(value)) return { kind: "invalid", text: formatAnswer(ctx.template, item, value as never) };
  return {
    kind: "answered",
    option,
    month: optionalText(value.month),
    date: optionalText(value.date),
    reason: optionalText(value.reason),
    fields: isPlainObject(value.fields) ? value.fields : {},
  };
}

/** 「（実施時期：2027年3月）」, 「（理由：…）」: what accompanies the chosen option. */
export function StatusDetails({ reading }: { reading: StatusReading }) {
  if (reading.kind !== "answered") return null;
  return (
    <>
      {reading.month ? <span>{`（実施時期：${formatDateText(reading.month)}）`}</span> : null}
      {reading.date ? <span>{`（日付：${formatDateText(reading.date)}）`}</span> : null}
      {reading.reason ? (
        <span>
          {"（理由："}
          <span className="extra">{reading.reason}</span>
          {"）"}
        </span>
      ) : null}
    </>
  );
}

/** The chosen option in words, e.g. 「対応済」, 「対象外（理由：…）」; 「未回答」 when unanswered. */
export function StatusText({ ctx, item, value }: { ctx: PrintContext; item: Item; value: unknown }) {
  const reading = readStatus(ctx, item, value);
  if (reading.kind === "blank") return <span className="unanswered">未回答</span>;
  if (reading.kind === "invalid") return <span className="pre">{reading.text}</span>;
  return (
    <span data-status={reading.option.value}>
      {reading.option.symbol ?? reading.option.label}
      <StatusDetails reading={reading} />
    </span>
  );
}

/** Every option of the scale with ■/□ (for scales the form prints as boxes). */
export function StatusBoxes({ ctx, item, value, list = false }: { ctx: PrintContext; item: Item; value: unknown; list?: boolean }) {
  if (item.answer.kind !== "status") return null;
  const reading = readStatus(ctx, item, value);
  if (reading.kind === "invalid") return <span className="pre">{reading.text}</span>;
  const scale = ctx.scale(item.answer.scale);
  return (
    <span className={list ? "opt-list" : undefined}>
      {(scale?.options ?? []).map((option) => {
        const checked = reading.kind === "answered" && reading.option.value === option.value;
        return (
          <span key={option.value} className="opt" data-option={option.value}>
            <Box checked={checked} />
            {option.label}
            {checked ? <StatusDetails reading={reading} /> : null}
          </span>
        );
      })}
    </span>
  );
}

// ---- composite and table answers --------------------------------------------------------

/**
 * Several fields on one line as the forms print them: 「1箇所（都道府県名：東京都）」,
 * 「機関本体 10人　委託先 人」, 「年間 件　1日当たり 件」.
 */
export function CompositeAnswer({ ctx, item, value }: { ctx: PrintContext; item: Item; value: unknown }) {
  if (item.answer.kind !== "composite") return null;
  if (value !== undefined && !isPlainObject(value)) return <span className="pre">{formatAnswer(ctx.template, item, value as never)}</span>;
  const values = (value ?? {}) as Record<string, unknown>;
  const fields = item.answer.fields;
  const leadIsPlain = !fields[0].label && !fields[0].prefix;
  const unknown = Object.keys(values).filter((k) => !fields.some((f) => f.key === k) && !isBlank(values[k]));
  return (
    <span>
      {fields.map((field, i) => {
        const body = <ScalarValue field={field} value={values[field.key]} />;
        if (field.label && i > 0 && leadIsPlain)
          return (
            <span key={field.key} className="field">
              {`（${field.label}：`}
              {body}
              {"）"}
            </span>
          );
        return (
          <span key={field.key} className="field">
            {i > 0 ? "　" : null}
            {field.label ? `${field.label} ` : null}
            {body}
          </span>
        );
      })}
      {unknown.map((k) => (
        <span key={k} className="field muted">{`　${k}: ${asText(values[k])}`}</span>
      ))}
    </span>
  );
}

function cellOf(column: SubField, row: unknown): unknown {
  return isPlainObject(row) ? row[column.key] : undefined;
}

/** A small grid answer (staff counts, fees) as a table with its row and column labels and units. */
export function TableAnswer({ ctx, item, value }: { ctx: PrintContext; item: Item; value: unknown }) {
  if (item.answer.kind !== "table") return null;
  if (value !== undefined && !isPlainObject(value)) return <span className="pre">{formatAnswer(ctx.template, item, value as never)}</span>;
  const cells = (value ?? {}) as Record<string, unknown>;
  const { rows, columns } = item.answer;
  const extraRows = Object.keys(cells).filter((k) => !rows.some((r) => r.key === k) && !isBlank(cells[k]));
  return (
    <table className="inner">
      <thead>
        <tr>
          <th />
          {columns.map((c) => (
            <th key={c.key}>{c.label || c.key}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.key} data-row={row.key}>
            <th>{row.label}</th>
            {columns.map((c) => (
              <td key={c.key} data-column={c.key}>
                <ScalarValue field={c} value={cellOf(c, cells[row.key])} />
              </td>
            ))}
          </tr>
        ))}
        {extraRows.map((key) => (
          <tr key={key}>
            <th className="muted">{key}</th>
            <td colSpan={columns.length} className="pre muted">
              {asText(cells[key])}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

// ---- derived results --------------------------------------------------------------------

/**
 * A derived result printed as the form prints a choice: the 「ガイドラインの遵守」 row shows its
 * pass and fail labels with ■/□, computed from the checklist — a typed value is never used.
 */
export function DerivedAnswer({ ctx, resultKey }: { ctx: PrintContext; resultKey: string }) {
  const result = ctx.derived[resultKey];
  const rule = ctx.template.derived?.find((d) => d.key === resultKey);
  if (!result) return <span className="unanswered">—</span>;
  if (result.rule === "allMet" && rule?.rule === "allMet") return <AllMetBoxes result={result} labels={rule.labels} />;
  if (result.rule === "tally") return <span>{result.groups.map((g) => `${g.label} ${g.met}/${g.total}`).join("、")}</span>;
  return null;
}

function AllMetBoxes({ result, labels }: { result: AllMetResult; labels: { pass: string; fail: string; incomplete: string } }) {
  return (
    <span data-derived={result.state}>
      <span className="opt">
        <Box checked={result.state === "pass"} />
        {labels.pass}
      </span>
      <span className="opt">
        <Box checked={result.state === "fail"} />
        {labels.fail}
      </span>
      {result.state === "incomplete" ? <span className="opt muted">{`（${labels.incomplete}）`}</span> : null}
      <span className="small muted">{result.basis ? `（チェックリストから${result.basis.label}）` : "（チェックリストから自動判定）"}</span>
    </span>
  );
}

// ---- an answer as the form lays it out ---------------------------------------------------

export function FormAnswer({ ctx, item, response }: { ctx: PrintContext; item: Item; response: PrintResponse }) {
  const answer = item.answer;
  switch (answer.kind) {
    case "choice":
      return <ChoiceOptions ctx={ctx} item={item} value={response.value} />;
    case "status":
      return <StatusBoxes ctx={ctx} item={item} value={response.value} />;
    case "composite":
      return <CompositeAnswer ctx={ctx} item={item} value={response.value} />;
    case "table":
      return <TableAnswer ctx={ctx} item={item} value={response.value} />;
    case "derived":
      return <DerivedAnswer ctx={ctx} resultKey={answer.result} />;
    default:
      if (response.value !== undefined && typeof response.value !== "string" && typeof response.value !== "number")
        return <span className="pre">{formatAnswer(ctx.template, item, response.value)}</span>;
      return <ScalarValue field={{ type: answer.kind, prefix: answer.prefix, unit: answer.unit }} value={response.value} />;
  }
}

// ---- notes, remarks, evidence -----------------------------------------------------------

export const defaultNoteLabel = (id: string) => `${id})`;

export function NoteRefs({ ids, label = defaultNoteLabel }: { ids?: string[]; label?: (id: string) => string }) {
  if (!ids?.length) return null;
  return <span className="note-ref">{ids.map(label).join("")}</span>;
}

/** The notes (注) of a block, printed under it as the forms do. */
export function NotesBlock({ notes, label = defaultNoteLabel }: { notes?: Note[]; label?: (id: string) => string }) {
  if (!notes?.length) return null;
  return (
    <div className="notes">
      {notes.map((n) => (
        <p key={n.id} className="note" data-note={n.id}>
          <span className="note-id">{label(n.id)}</span>
          <span className="pre">{n.text}</span>
        </p>
      ))}
    </div>
  );
}

/** Evidence as plain text (name and URL), one per line: printed, never linked. */
export function EvidenceLines({ evidence }: { evidence: EvidenceView[] }) {
  if (!evidence.length) return null;
  return (
    <>
      {evidence.map((e, i) => (
        <div key={i} className="evidence">
          {e.name ? <span className="pre">{e.name}</span> : null}
          {e.name && e.url ? " " : null}
          {e.url ? <span className="evidence-url">{e.name ? `（${e.url}）` : e.url}</span> : null}
        </div>
      ))}
    </>
  );
}

export function NoteText({ note }: { note: string | null }) {
  return note ? <div className="pre">{note}</div> : null;
}

/** 備考 and 根拠資料 under an answer, for forms that have no column for them. */
export function ItemExtras({ response }: { response: PrintResponse }) {
  return (
    <>
      {response.note ? (
        <div className="item-extra" data-extra="note">
          備考：
          <span className="pre">{response.note}</span>
        </div>
      ) : null}
      {response.evidence.length ? (
        <div className="item-extra" data-extra="evidence">
          根拠資料：
          <EvidenceLines evidence={response.evidence} />
        </div>
      ) : null}
    </>
  );
}

export function CheckPoints({ points }: { points?: string[] }) {
  if (!points?.length) return null;
  return (
    <ul className="check-points">
      {points.map((p, i) => (
        <li key={i}>{p}</li>
      ))}
    </ul>
  );
}

/** A block of one short line shares its line with the next short one (「対象GL：総務省ASP-GL　GLでの参照箇所：II. 1. 1. 1」). */
const SHORT_LINE = 20;

/**
 * What the form prints beside the item (HISPRO 対象GL・GLでの参照箇所・確認項目, 役割分担 想定されるリスク …), under its
 * text, in the form's order and as few lines as stay readable: 504 HISPRO items are a PDF of about 140 pages.
 */
export function Guidance({ ctx, item }: { ctx: PrintContext; item: Item }) {
  const blocks = itemGuidance(ctx.template, item);
  if (!blocks.length) return null;
  // Plain text, labels included: the print has one weight, and 2,000 unstyled label elements cost the 88-page
  // HISPRO sheet about 30 ms of Chromium's layout.
  const lines: { text: string; more: boolean }[] = [];
  let joinable = false;
  for (const b of blocks) {
    const first = `${b.label}：${b.lines[0]}`;
    const short = b.lines.length === 1 && b.lines[0].length <= SHORT_LINE;
    if (short && joinable) lines[lines.length - 1].text += `　${first}`;
    else lines.push({ text: first, more: false }, ...b.lines.slice(1).map((text) => ({ text, more: true })));
    joinable = short;
  }
  return (
    <div className="guidance">
      {lines.map((line, i) => (
        <p key={i} className={line.more ? "pre guidance-more" : "pre"}>
          {line.text}
        </p>
      ))}
    </div>
  );
}

export function Paragraphs({ text, className }: { text?: string; className?: string }) {
  if (!text) return null;
  return (
    <div className={className}>
      {text.split("\n").map((line, i) => (
        <p key={i}>{line}</p>
      ))}
    </div>
  );
}

// ---- document parts ---------------------------------------------------------------------

/** 「更新情報 | 最終更新日 | 2025年7月7日」, as at the top of the 代行機関 forms; a part of the form gets its own date. */
export function UpdatedTable({ ctx, part }: { ctx: PrintContext; part?: string }) {
  return (
    <table className="updated" data-block="updated" data-part={part}>
      <tbody>
        <tr>
          <th>更新情報</th>
          <th>最終更新日</th>
          <td>{lastUpdatedLabel(ctx.meta, part)}</td>
        </tr>
      </tbody>
    </table>
  );
}

/** Title, source and who discloses what, for the layouts whose form has no title block of its own. */
export function DocumentHeading({ ctx, children }: { ctx: PrintContext; children?: ReactNode }) {
  const { template, meta } = ctx;
  const source = [template.source.publisher, `「${template.source.document}」`, template.source.edition].filter(Boolean).join(" ");
  return (
    <header className="doc-heading">
      <h1>{template.title}</h1>
      <p className="source-line">{source}</p>
      <table className="doc-info" data-block="doc-info">
        <tbody>
          <WhoRows meta={meta} />
          <tr>
            <th>版</th>
            <td>{versionLabel(meta)}</td>
          </tr>
          <tr>
            <th>最終更新日</th>
            <td>{lastUpdatedLabel(meta)}</td>
          </tr>
          <ChangeReasonRow meta={meta} />
        </tbody>
      </table>
      {children}
    </header>
  );
}

/** 事業者 and (when there is one) サービス rows of the heading and closing tables. */
function WhoRows({ meta }: { meta: PrintContext["meta"] }) {
  return (
    <>
      <tr>
        <th>事業者</th>
        <td>{meta.vendorName}</td>
      </tr>
      {meta.serviceName ? (
        <tr>
          <th>サービス</th>
          <td>{meta.serviceName}</td>
        </tr>
      ) : null}
    </>
  );
}

/** Section heading by depth: h2 for the top level, then h3, then h4. */
export function Heading({ depth, children }: { depth: number; children: ReactNode }) {
  if (depth === 0) return <h2>{children}</h2>;
  if (depth === 1) return <h3>{children}</h3>;
  return <h4>{children}</h4>;
}

/** The closing block: who, which form, which version, and the full content hash to verify it. */
export function ClosingBlock({ ctx }: { ctx: PrintContext }) {
  const { template, meta } = ctx;
  const hasHash = !meta.draft && Boolean(meta.contentHash);
  return (
    <section className="closing" data-block="closing">
      <h3>この文書について</h3>
      <table>
        <tbody>
          <WhoRows meta={meta} />
          <tr>
            <th>様式</th>
            <td>{`${template.title}（${template.source.edition}）　テンプレート ${template.id}@${template.version}`}</td>
          </tr>
          <tr>
            <th>版</th>
            <td>{versionLabel(meta)}</td>
          </tr>
          <tr>
            <th>最終更新日</th>
            <td>{lastUpdatedLabel(meta)}</td>
          </tr>
          <ChangeReasonRow meta={meta} />
          <tr>
            <th>内容のハッシュ（SHA-256）</th>
            <td className={hasHash ? "hash" : undefined} data-block="hash">
              {hasHash ? meta.contentHash : meta.draft ? "下書きのためハッシュはありません" : "ハッシュはありません"}
            </td>
          </tr>
          {meta.publicUrl ? (
            <tr>
              <th>公開URL</th>
              <td className="hash">{meta.publicUrl}</td>
            </tr>
          ) : null}
          <tr>
            <th>作成日時</th>
            <td>{generatedAtLabel(meta)}</td>
          </tr>
        </tbody>
      </table>
      {hasHash ? <p className="small muted">ハッシュは公開されている内容（JSON）から誰でも再計算でき、この文書が公開版と同じ内容であることを確かめられます。</p> : null}
    </section>
  );
}

export function Watermark() {
  return (
    <div className="watermark" aria-hidden="true">
      下書き
    </div>
  );
}

/** Items of a section and of all its subsections, in form order. */
export function itemsDeep(section: { items?: Item[]; sections?: { items?: Item[]; sections?: unknown[] }[] }): Item[] {
  const out: Item[] = [...(section.items ?? [])];
  for (const child of section.sections ?? []) out.push(...itemsDeep(child as never));
  return out;
}

/**
 * Rows are kept whole on a page, except rows with much text: pushing those to the next page would
 * leave most of a page blank, and they do not fit on one page anyway.
 */
export function rowBreakClass(response: PrintResponse): string | undefined {
  const size = (v: unknown): number => (typeof v === "string" ? v.length : isPlainObject(v) || Array.isArray(v) ? asText(v).length : 0);
  const evidence = response.evidence.reduce((n, e) => n + (e.name?.length ?? 0) + (e.url?.length ?? 0), 0);
  return size(response.value) + (response.note?.length ?? 0) + evidence > 600 ? "allow-break" : undefined;
}

export const levelLabel = (level: Item["level"]) => (level === "required" ? "必須" : level === "recommended" ? "推奨" : "");

/** The 改版理由 of a published version, as a row of a facts table (nothing when none was given). */
function ChangeReasonRow({ meta }: { meta: PrintContext["meta"] }) {
  return meta.changeReason ? (
    <tr>
      <th>改版理由</th>
      <td className="pre" data-block="change-reason">
        {meta.changeReason}
      </td>
    </tr>
  ) : null;
}
