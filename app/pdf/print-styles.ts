// The whole style sheet of the printed documents: constant text, no user data, no url(), no
// @import, fonts from the system (fonts-noto-cjk), so rendering makes no request of any kind.

/** Page margins; the header and footer (header-footer.ts) are printed inside the top and bottom ones. */
export const PAGE_MARGIN = { top: "22mm", right: "13mm", bottom: "20mm", left: "13mm" } as const;

// IPAex Gothic (TrueType outlines) is embedded by Chromium as a CID font: smaller files, faster renders and
// what print shops expect; Noto CJK (OpenType-CFF, which Chromium can only embed as Type 3) covers what IPAex lacks.
export const FONT_FAMILY = `"IPAexGothic", "Noto Sans CJK JP", "Noto Serif CJK JP", sans-serif`;

export const PRINT_CSS = `
/* IPAex Gothic has no bold face, and Chromium prints synthesised bold as Type 3 outlines (five times larger
   and slower): nothing is bold, and headings stand out by size, shading and rules instead. Text merely asked to
   be bold (th, h1…) would print the same regular glyphs from a second embedded copy of the font, which costs a
   88-page sheet about 40 ms, so one weight is asked for everywhere. */
* { font-synthesis: none; font-weight: normal; }
/* Chromium lays a page out for the screen before it prints it, and again after: the screen never shows these
   documents, so their content is skipped there (about 90 ms of a 600 ms HISPRO sheet). Printing uses print media. */
@media screen { body { content-visibility: hidden; } }
@page { size: A4; margin: ${PAGE_MARGIN.top} ${PAGE_MARGIN.right} ${PAGE_MARGIN.bottom} ${PAGE_MARGIN.left}; }
*, *::before, *::after { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; color: #000; background: #fff; font-family: ${FONT_FAMILY}; font-size: 9pt; line-height: 1.5; overflow-wrap: anywhere; word-break: normal; line-break: strict; }
p { margin: 0 0 1.2mm; }
h1 { font-size: 14pt; line-height: 1.35; text-align: center; margin: 0 0 3mm; }
h2 { font-size: 11.5pt; margin: 5mm 0 2mm; break-after: avoid; page-break-after: avoid; }
h3 { font-size: 10.5pt; margin: 4mm 0 1.5mm; break-after: avoid; page-break-after: avoid; }
h4 { font-size: 9.5pt; margin: 3mm 0 1.5mm; break-after: avoid; page-break-after: avoid; }
h1, h2, h3, h4 { overflow-wrap: anywhere; }
.level-label { display: inline-block; font-size: 7.5pt; border: 0.6pt solid #000; padding: 0 1.2mm; margin-right: 1.5mm; vertical-align: 0.15em; }

table { width: 100%; border-collapse: collapse; table-layout: fixed; margin: 0 0 2mm; }
thead { display: table-header-group; }
tfoot { display: table-footer-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
tr.allow-break { break-inside: auto; page-break-inside: auto; }
th, td { border: 0.6pt solid #000; padding: 1mm 1.5mm; vertical-align: top; text-align: left; overflow-wrap: anywhere; word-break: normal; min-width: 0; }
th { background: #ececec; }
thead th { text-align: center; vertical-align: middle; }
td.center, th.center { text-align: center; }
td.middle, th.middle { vertical-align: middle; }
.group-cell { background: #f6f6f6; }
.section-cell { background: #ececec; }
.label-cell { background: #fafafa; }
.filled-by { width: 60%; }
.filled-by th { width: 25%; }
.compliance, .derived-summary { margin-top: 3mm; }

.pre { white-space: pre-wrap; }
.muted { color: #555; }
.small { font-size: 7.5pt; }
.box { font-family: ${FONT_FAMILY}; margin-right: 0.6mm; }
.opt { display: inline-block; margin-right: 3.5mm; max-width: 100%; }
.opt-list .opt { display: block; margin-right: 0; }
.extra { white-space: pre-wrap; }
.blank { display: inline-block; min-width: 8mm; }
.date-blank { white-space: nowrap; }
.date-blank .blank { min-width: 3mm; }
.mark { font-size: 12pt; line-height: 1.2; }
.unanswered { color: #555; }
.not-applicable { display: inline-block; margin-top: 0.8mm; padding: 0 1.2mm; border: 0.6pt dashed #000; }
.item-extra { margin-top: 0.8mm; font-size: 7.5pt; }
.check-points { margin: 0.8mm 0 0; padding-left: 2mm; list-style: none; }
.glossary-places { margin-left: 1mm; color: #333; }
.guidance { margin: 0.8mm 0 0; font-size: 7pt; line-height: 1.35; color: #333; }
.guidance p { margin: 0; }
.guidance p.guidance-more { padding-left: 2mm; }
.note-ref { font-size: 6.5pt; vertical-align: super; line-height: 0; margin-left: 0.5mm; }
.inner { margin: 0; }
.inner th, .inner td { padding: 0.6mm 1.2mm; }

.form-instructions { margin: 0 0 2.5mm; font-size: 8.5pt; }
.notes { margin: 1mm 0 4mm; font-size: 7.5pt; }
.note { margin: 0 0 0.8mm; padding-left: 8mm; text-indent: -8mm; }
.note-id { margin-right: 1mm; }
.updated { width: auto; min-width: 45%; margin: 0 0 3mm auto; }
.updated th, .updated td { padding: 0.8mm 2.5mm; }
.doc-info { margin: 0 0 4mm; }
.doc-info th { width: 22%; }
.source-line { text-align: center; font-size: 8.5pt; margin: 0 0 3mm; }
.summary { width: 60%; }
.summary td, .summary th { text-align: center; }
.legend { font-size: 7.5pt; margin: 1mm 0 2mm; }
.result-heading { font-size: 10pt; margin: 3mm 0 1mm; }
.glossary dt { margin-top: 1.2mm; }
.glossary dd { margin: 0 0 0 5mm; }

.page-break { break-before: page; page-break-before: always; }

.closing { margin-top: 8mm; padding-top: 2mm; border-top: 1pt solid #000; break-inside: avoid; page-break-inside: avoid; font-size: 8pt; }
.closing table th { width: 24%; }
.hash { font-family: "DejaVu Sans Mono", "IPAexGothic", monospace; overflow-wrap: anywhere; word-break: break-all; }

.watermark { position: fixed; top: 50%; left: 50%; transform: translate(-50%, -50%) rotate(-35deg); font-size: 150pt; color: rgba(200, 0, 0, 0.13); white-space: nowrap; z-index: 1000; pointer-events: none; }

col.w-section { width: 12%; }
col.w-group { width: 13%; }
col.w-label { width: 17%; }
col.w-no { width: 7%; }
col.w-no-wide { width: 11%; }
col.w-level { width: 7%; }
col.w-box { width: 9%; }
col.w-planned { width: 18%; }
col.w-answer { width: 15%; }
col.w-evidence { width: 14%; }
col.w-memo { width: 14%; }
col.w-view { width: 7%; }
col.w-check { width: 12%; }
col.w-category { width: 12%; }
col.w-item { width: 15%; }
col.w-share { width: 13%; }
col.w-date { width: 11%; }
col.w-generic-label { width: 34%; }
`;
