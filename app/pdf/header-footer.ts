// The header and footer on every page: CSS page-margin boxes (@top-left … @bottom-right) in the document's own
// style sheet. Chromium's headerTemplate/footerTemplate did the same, but it lays out those two separate documents
// again for every page: 1.5–2.5 ms a page, about 180 ms of an 88-page HISPRO sheet (issue 18, DECISIONS 49).
// The texts are user data (vendor, service and shortlist names), so each goes into the style sheet through
// cssString: it cannot end the string, the rule or the <style>.
import type { Template } from "../../disclosures/template-schema";
import { cssString, printableText } from "./escape";
import { lastUpdatedLabel, versionLabel, type PrintMeta } from "./print-context";
import { FONT_FAMILY } from "./print-styles";

/** What the margins of every page say; the page number (「3 / 88 ページ」) is always at the footer's right. */
export type PageMargins = {
  headerLeft: string;
  headerRight: string;
  footerLeft: string;
  /** A draft: the footer's text in red, as the watermark says in the page. */
  draft: boolean;
  /** Share of the header's width for its left text (vendor, shortlist), the rest for the form's title. */
  headerLeftShare: number;
};

/** A disclosure sheet: vendor and service, form and edition; vendor, version and 最終更新日. */
export function disclosureMargins(template: Template, meta: PrintMeta): PageMargins {
  const who = [meta.vendorName, meta.serviceName].filter((s): s is string => Boolean(s && s.trim()));
  return {
    headerLeft: who.map(printableText).join("　"),
    headerRight: printableText(`${template.title}（${template.source.edition}）`),
    footerLeft: `${printableText(meta.vendorName)}　${versionLabel(meta)}　最終更新日 ${lastUpdatedLabel(meta)}`,
    draft: meta.draft || meta.versionNumber === null,
    headerLeftShare: 45,
  };
}

/**
 * The rules that print them. Long texts wrap inside their box (a margin box does not clip, so an ellipsis is not
 * possible): a very long vendor name takes two or three lines of the top margin instead of running into the title.
 */
export function pageMarginsCss(m: PageMargins): string {
  const text = `font-family: ${FONT_FAMILY}; font-size: 7.5px; line-height: 1.3; color: ${m.draft ? "#b00000" : "#333"};`;
  const top = `${text} vertical-align: bottom; margin-bottom: 12mm; padding-bottom: 1mm; border-bottom: 0.5px solid #999;`;
  const bottom = `${text} vertical-align: top; margin-top: 11.5mm; padding-top: 1mm; border-top: 0.5px solid #999;`;
  return (
    `@page {` +
    ` @top-left { content: ${cssString(m.headerLeft)}; width: ${m.headerLeftShare}%; text-align: left; ${top} }` +
    ` @top-right { content: ${cssString(m.headerRight)}; width: ${100 - m.headerLeftShare}%; text-align: right; ${top} }` +
    ` @bottom-left { content: ${cssString(m.footerLeft)}; width: 80%; text-align: left; ${bottom} }` +
    ` @bottom-right { content: counter(page) " / " counter(pages) " ページ"; width: 20%; text-align: right; white-space: nowrap; ${bottom} }` +
    ` }`
  );
}
