// The form's 用語の解説: each term, its explanation, its 記載場所 as the form prints them, and links to the items the
// term belongs to (a place the glossary names but this version of the form has no item for is printed, unlinked).
// The public page lists it after the items (links to the rows on the page); the template page links the item pages.
import { Fragment } from "react";
import type { GlossaryEntry } from "../../disclosures/item-guidance";

export function GlossaryList({ entries, itemHref }: { entries: GlossaryEntry[]; itemHref: (key: string) => string }) {
  return (
    <dl className="glossary-list">
      {entries.map((e, i) => (
        // A term can be listed twice (a 【略称】 and a glossary entry: MDS/SDS).
        <div key={`${i}-${e.term}`}>
          <dt>{e.term}</dt>
          <dd>
            <p className="preserve-lines">{e.text}</p>
            {e.places.length || e.items.length ? (
              <p className="muted">
                {e.places.length ? `記載場所: ${e.places.join("、")}` : null}
                {e.items.length ? (
                  <>
                    {e.places.length ? "　" : null}
                    {"関連する項目: "}
                    {e.items.map((item, i) => (
                      <Fragment key={item.key}>
                        {i ? "、" : null}
                        <a href={itemHref(item.key)}>{item.number ? `${item.number} ${item.text}` : item.text}</a>
                      </Fragment>
                    ))}
                  </>
                ) : null}
              </p>
            ) : null}
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** After the items of a published version. */
export function Glossary({ entries }: { entries: GlossaryEntry[] }) {
  if (!entries.length) return null;
  return (
    <section id="glossary" className="reading-section glossary-section" aria-labelledby="glossary-heading">
      <h2 id="glossary-heading">用語の解説</h2>
      <GlossaryList entries={entries} itemHref={(key) => `#item-${key}`} />
    </section>
  );
}
