import type { ReactNode } from "react";

export type OutlineSection = { key: string; number?: string | null; title: string; depth: number };

const depthClass = (depth: number) => Math.min(depth, 3);
const label = (s: OutlineSection) => `${s.number ? `${s.number} ` : ""}${s.title}`;

/** The table of contents of a template's sections, linking to `#section-<key>`; `count` adds "(n)". */
export function SectionToc<S extends OutlineSection>({ sections, count }: { sections: S[]; count?: (s: S) => number }) {
  return (
    <nav className="toc" aria-label="目次">
      <h2>目次</h2>
      <ul>
        {sections.map((s) => (
          <li key={s.key} className={`toc-depth-${depthClass(s.depth)}`}>
            <a href={`#section-${s.key}`}>{label(s)}</a>
            {count ? (
              <>
                {" "}
                <small>({count(s)})</small>
              </>
            ) : null}
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** A section with a heading level that follows its depth (h2 … h5). */
export function SectionBlock({ section, children }: { section: OutlineSection; children: ReactNode }) {
  const Heading = (["h2", "h3", "h4", "h5"] as const)[depthClass(section.depth)];
  return (
    <section id={`section-${section.key}`} className={`template-section depth-${depthClass(section.depth)}`}>
      <Heading>{label(section)}</Heading>
      {children}
    </section>
  );
}
