import { Link } from "@remix-run/react";
import { perspectiveLabels } from "../../disclosures/derived";
import type { Item, Note, Template } from "../../disclosures/template-schema";
import { AnswerKindView } from "./answer-kind";
import { LevelBadge } from "./level-badge";
import { NoteList } from "./note-list";

export function itemAnchor(key: string) {
  return `item-${key}`;
}

/** One item as the catalog shows it: number, level, text, answer kind, and the form's guidance. */
export function noteAnchor(sectionKey: string, noteId: string) {
  return `note-${sectionKey}-${noteId}`;
}

/**
 * `notes` are printed in full (the item page); `noteLinks` point to the notes printed under
 * their section, as the official form does (the template page).
 */
export function TemplateItem({ template, item, notes = [], noteLinks = [], href }: { template: Pick<Template, "scales" | "derived">; item: Item; notes?: Note[]; noteLinks?: { id: string; href: string }[]; href?: string }) {
  const derivedTitle = item.answer.kind === "derived" ? template.derived?.find((d) => d.key === (item.answer as { result: string }).result)?.title : undefined;
  return (
    <article className="item" id={itemAnchor(item.key)}>
      <header className="item-header">
        {item.number ? <span className="item-number">{item.number}</span> : null}
        <LevelBadge level={item.level} />
        {item.perspective ? <span className="badge badge-perspective">{perspectiveLabels[item.perspective]}</span> : null}
        {item.group ? <span className="item-group">{item.group}</span> : null}
        {href ? (
          <Link className="item-link" to={href} aria-label={`項目 ${item.number ?? item.key} の固定URL`}>
            固定URL
          </Link>
        ) : null}
      </header>
      <p className="item-text preserve-lines">
        {item.text}
        {noteLinks.map((n) => (
          <a key={n.id} className="note-ref" href={n.href}>
            {n.id}
          </a>
        ))}
      </p>
      {item.category ? <p className="item-category">分類: {item.category}</p> : null}
      <AnswerKindView answer={item.answer} scales={template.scales} derivedTitle={derivedTitle} />
      {item.checkPoints?.length ? (
        <section className="item-block">
          <h4>確認項目</h4>
          <ul>
            {item.checkPoints.map((c, i) => (
              <li key={i}>{c}</li>
            ))}
          </ul>
        </section>
      ) : null}
      {item.details?.map((d, i) => (
        <section key={i} className="item-block">
          <h4>{d.label}</h4>
          <p className="preserve-lines">{d.text}</p>
        </section>
      ))}
      {item.references?.length ? (
        <section className="item-block">
          <h4>参照</h4>
          <ul className="references">
            {item.references.map((r, i) => (
              <li key={i}>
                {r.guideline}
                {r.location ? ` ${r.location}` : ""}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {item.help ? <p className="item-help preserve-lines">{item.help}</p> : null}
      <NoteList notes={notes} />
    </article>
  );
}
