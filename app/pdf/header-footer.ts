// Chromium's page header and footer. They are separate documents that get no style sheet from
// the page, so every style is inline here; font-size must be set (Chromium's default is tiny).
// User data (vendor and service names) goes into these strings, so every value is escaped.
import type { Template } from "../../disclosures/template-schema";
import { escapeHtml } from "./escape";
import { lastUpdatedLabel, versionLabel, type PrintMeta } from "./print-context";
import { PAGE_MARGIN } from "./print-styles";

const FONT = `'IPAexGothic', 'Noto Sans CJK JP', 'Noto Serif CJK JP', sans-serif`;
const OUTER = `width:100%;box-sizing:border-box;font-synthesis:none;padding:0 ${PAGE_MARGIN.right} 0 ${PAGE_MARGIN.left};`;
const BAR = `display:flex;justify-content:space-between;align-items:baseline;gap:4mm;font-family:${FONT};font-size:7.5px;line-height:1.3;color:#333;-webkit-print-color-adjust:exact;`;
const CELL = `min-width:0;overflow:hidden;text-overflow:ellipsis;white-space:nowrap;`;

export function headerTemplate(template: Template, meta: PrintMeta): string {
  const who = [meta.vendorName, meta.serviceName].filter((s): s is string => Boolean(s && s.trim()));
  const form = `${template.title}（${template.source.edition}）`;
  return (
    `<div style="${OUTER}"><div style="${BAR}border-bottom:0.5px solid #999;padding-bottom:1mm;">` +
    `<span style="${CELL}flex:1 1 45%;">${who.map(escapeHtml).join("　")}</span>` +
    `<span style="${CELL}flex:1 1 55%;text-align:right;">${escapeHtml(form)}</span>` +
    `</div></div>`
  );
}

export function footerTemplate(meta: PrintMeta): string {
  const draft = meta.draft || meta.versionNumber === null;
  const version = draft ? `<span style="color:#b00000;font-weight:bold;">${escapeHtml(versionLabel(meta))}</span>` : escapeHtml(versionLabel(meta));
  return (
    `<div style="${OUTER}"><div style="${BAR}border-top:0.5px solid #999;padding-top:1mm;">` +
    `<span style="${CELL}flex:1 1 auto;">${escapeHtml(meta.vendorName)}　${version}　最終更新日 ${escapeHtml(lastUpdatedLabel(meta))}</span>` +
    `<span style="white-space:nowrap;flex:0 0 auto;"><span class="pageNumber"></span> / <span class="totalPages"></span> ページ</span>` +
    `</div></div>`
  );
}
