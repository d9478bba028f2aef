// The printable HTML of one disclosure (a published version or a draft), for Chromium's PDF
// renderer: a self-contained document (all CSS inline, system fonts, no request of any kind),
// laid out as the official form of its template, with the header and footer on every page
// (header-footer.ts). All user data is rendered as escaped text (React, escapeHtml, cssString for the margins).
import type { ComponentType } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import type { DisclosureContent } from "../../disclosures/disclosure-content";
import type { Template } from "../../disclosures/template-schema";
import { ClosingBlock, Watermark } from "./blocks";
import { escapeHtml } from "./escape";
import { documentFileName } from "./file-name";
import { disclosureMargins, pageMarginsCss } from "./header-footer";
import { AgencyDisclosureLayout } from "./layouts/agency-disclosure";
import { CybersecurityChecklistLayout } from "./layouts/cybersecurity-checklist";
import { GenericLayout } from "./layouts/generic";
import { HisproChecksheetLayout } from "./layouts/hispro-checksheet";
import { MinimumGuidelineChecklistLayout } from "./layouts/minimum-guideline-checklist";
import { ResponsibilityChecklistLayout } from "./layouts/responsibility-checklist";
import { createPrintContext, versionLabel, type PrintContext, type PrintMeta } from "./print-context";
import { PRINT_CSS } from "./print-styles";

export type { PrintMeta } from "./print-context";

export type DisclosureDocumentInput = { template: Template; content: DisclosureContent; meta: PrintMeta };
export type DisclosureDocument = { html: string; title: string; fileName: string };

type Layout = ComponentType<{ ctx: PrintContext }>;

/** One layout per official form; anything else gets the generic table. */
const layouts: Record<string, Layout> = {
  "agency-disclosure": AgencyDisclosureLayout,
  "minimum-guideline-checklist": MinimumGuidelineChecklistLayout,
  "hispro-checksheet": HisproChecksheetLayout,
  "responsibility-checklist": ResponsibilityChecklistLayout,
  "cybersecurity-checklist": CybersecurityChecklistLayout,
};

export function layoutName(templateId: string): string {
  return Object.prototype.hasOwnProperty.call(layouts, templateId) ? templateId : "generic";
}

export function renderDisclosureDocument(input: DisclosureDocumentInput): DisclosureDocument {
  const ctx = createPrintContext(input);
  const { template, meta } = ctx;
  const name = layoutName(template.id);
  const Layout = name === "generic" ? GenericLayout : layouts[name];
  const body = renderToStaticMarkup(
    <>
      {meta.draft ? <Watermark /> : null}
      <main className={`document layout-${name}`} data-layout={name}>
        <Layout ctx={ctx} />
      </main>
      <ClosingBlock ctx={ctx} />
    </>,
  );
  const version = versionLabel(meta);
  const who = [meta.vendorName, meta.serviceName].filter((s): s is string => Boolean(s && s.trim())).join(" ");
  const title = `${template.title}（${template.source.edition}） ${who} ${version}`.replace(/\s+/g, " ").trim();
  const html =
    `<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8">` +
    `<title>${escapeHtml(title)}</title>` +
    `<style>${PRINT_CSS}${pageMarginsCss(disclosureMargins(template, meta))}</style>` +
    `</head><body class="${meta.draft ? "draft" : "published"}">${body}</body></html>`;
  return {
    html,
    title,
    fileName: documentFileName({ vendorName: meta.vendorName, templateTitle: template.title, versionLabel: version }),
  };
}
