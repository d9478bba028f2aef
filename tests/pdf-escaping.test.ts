// Every field that reaches a PDF's hand-built text (the page margins' strings in the style sheet, the document's
// <title>) is escaped, and every file name is safe: hostile vendor, service, form and shortlist names
// (<script>, quotes, &, </title>, control and bidi characters), version labels, path separators, byte limits on
// Japanese text. In-process (app/pdf/escape.ts, file-name.ts, header-footer.ts, comparison-document.tsx) so that
// mutation testing sees it; the rendered PDFs are in tests/pdf-layouts.test.ts and tests/security-hostile-strings.test.ts.
import { describe, expect, it, vi } from "vitest";

await vi.hoisted(async () => {
  const { useFreshDatabase } = await import("./helpers/db.js");
  useFreshDatabase();
});

import { renderComparisonDocument } from "../app/pdf/comparison-document.js";
import { renderDisclosureDocument } from "../app/pdf/disclosure-document.js";
import { cssString, escapeHtml } from "../app/pdf/escape.js";
import { documentFileName, fileNamePart, safeFileName } from "../app/pdf/file-name.js";
import { disclosureMargins } from "../app/pdf/header-footer.js";
import type { PrintMeta } from "../app/pdf/print-context.js";
import { comparisonPage } from "./helpers/comparison-fixture.js";
import { marginRule, marginText, styleSheet } from "./helpers/page-margins.js";
import { tinyTemplate } from "./helpers/template-fixture.js";

const NOW = Date.parse("2026-12-02T00:30:00+09:00");
const SCRIPT = "<script>alert(1)</script>";
const SCRIPT_ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;";
/** Every character HTML gives a meaning to, and a way out of <title>. */
const HOSTILE = `A&B "quoted" 'single' </title><img src=x onerror=alert(1)>${SCRIPT}`;
const HOSTILE_ESCAPED = "A&amp;B &quot;quoted&quot; &#39;single&#39; &lt;/title&gt;&lt;img src=x onerror=alert(1)&gt;" + SCRIPT_ESCAPED;

/** No markup of the attacker's: no tag, attribute or closing tag made from the hostile text. */
function expectInert(html: string) {
  expect(html).not.toMatch(/<script|<img|<\/title>(?!<style>)|onerror=alert\(1\)>/i);
}

describe("escapeHtml", () => {
  it("escapes the five characters HTML gives a meaning to, nothing else", () => {
    // Written for: escape.ts:13 (the pattern and each entity; StringLiteral / Regex mutants).
    expect(escapeHtml(HOSTILE)).toBe(HOSTILE_ESCAPED);
    expect(escapeHtml(`&<>"'`)).toBe("&amp;&lt;&gt;&quot;&#39;");
    expect(escapeHtml("株式会社テスト　第3版 2026年")).toBe("株式会社テスト　第3版 2026年");
    expect(escapeHtml("&amp;")).toBe("&amp;amp;");
  });

  it("drops control characters but keeps tab and line breaks, and prints nothing for null", () => {
    // Written for: escape.ts:11 (value ?? "": StringLiteral) and :12 (the control-character pattern and its "" replacement).
    expect(escapeHtml("a\u0000b\u0001c\u0008d\u000be\u000cf\u000eg\u001fh\u007fi")).toBe("abcdefghi");
    expect(escapeHtml("a\tb\nc\rd")).toBe("a\tb\nc\rd");
    expect(escapeHtml(null)).toBe("");
    expect(escapeHtml(undefined)).toBe("");
    expect(escapeHtml(3)).toBe("3");
  });

  it("drops bidi overrides, embeddings and isolates, which would reverse the text printed after them (a bug this test found)", () => {
    // Written for the fix at escape.ts:12 (U+202A–U+202E, U+2066–U+2069 dropped).
    expect(escapeHtml("悪意\u202Eexe.pdf")).toBe("悪意exe.pdf");
    expect(escapeHtml("\u202A\u202B\u202C\u202D\u2066\u2067\u2068\u2069名前")).toBe("名前");
    // Marks that embed nothing stay (Arabic or Hebrew names may need them), as do joiners.
    expect(escapeHtml("a\u200Fb\u200Dc")).toBe("a\u200Fb\u200Dc");
  });
});

describe("cssString", () => {
  it("keeps letters, digits and spaces of any script, and writes every other character as a hexadecimal escape", () => {
    // Written for: escape.ts cssString (the kept classes, the escape's form and its terminating space).
    expect(cssString("株式会社テスト　第3版 ABC")).toBe('"株式会社テスト　第3版 ABC"');
    expect(cssString('A"B\\C</style>{x};')).toBe('"A\\22 B\\5c C\\3c \\2f style\\3e \\7b x\\7d \\3b "');
    expect(cssString("a\nb\tc")).toBe('"a\\a b\\9 c"');
    // Astral characters: a letter stays, an emoji is one escape of its whole code point.
    expect(cssString("𠮷野家🏥")).toBe('"𠮷野家\\1f3e5 "');
    expect(cssString(null)).toBe('""');
  });

  it("drops control characters and bidi controls, like escapeHtml", () => {
    expect(cssString("a\u0000b\u001fc\u007fd\u202Ee\u2066f")).toBe('"abcdef"');
  });
});

// ---- the disclosure sheets' header and footer ------------------------------------------------------------

const template = tinyTemplate();
function meta(over: Partial<PrintMeta> = {}): PrintMeta {
  return {
    vendorName: "デモ医療クラウド株式会社",
    serviceName: "デモカルテ",
    versionNumber: 3,
    lastUpdated: Date.parse("2025-07-07T10:00:00+09:00"),
    contentHash: "0".repeat(64),
    publicUrl: "https://kaiji.example/disclosures/d/v/3",
    draft: false,
    generatedAt: NOW,
    ...over,
  };
}
const sheet = (m: PrintMeta, t = template) => renderDisclosureDocument({ template: t, content: { templateId: t.id, templateVersion: t.version, responses: {} }, meta: m }).html;

describe("the disclosure sheets' page margins", () => {
  it("print the vendor and service, the form and its edition, the version and the date, and the page numbers", () => {
    // Written for: header-footer.ts disclosureMargins (who, form, the 「　」 joins, the footer's parts) and
    // pageMarginsCss (one box each, the page counter).
    const html = sheet(meta());
    expect(marginText(html, "top-left")).toBe("デモ医療クラウド株式会社　デモカルテ");
    expect(marginText(html, "top-right")).toBe("小さな様式（第1版）");
    expect(marginText(html, "bottom-left")).toBe("デモ医療クラウド株式会社　第3版　最終更新日 2025年7月7日");
    expect(marginRule(html, "bottom-right")).toContain('content: counter(page) " / " counter(pages) " ページ";');
    expect(marginRule(html, "bottom-left")).toContain("color: #333;");
    for (const box of ["top-left", "top-right", "bottom-left", "bottom-right"]) expect(html.split(`@${box} {`)).toHaveLength(2);
    // The four boxes inside one @page rule (outside it they are not CSS, and no page would have a header), at the
    // end of the style sheet; the header's two boxes share its width.
    expect(styleSheet(html)).toMatch(/@page \{ @top-left \{[^}]*\} @top-right \{[^}]*\} @bottom-left \{[^}]*\} @bottom-right \{[^}]*\} \}$/);
    expect(marginRule(html, "top-left")).toContain("width: 45%;");
    expect(marginRule(html, "top-right")).toContain("width: 55%;");
  });

  it("leave out a missing or blank service name (no dangling separator)", () => {
    // Written for: header-footer.ts disclosureMargins (the filter: s && s.trim()).
    expect(disclosureMargins(template, meta({ serviceName: null })).headerLeft).toBe("デモ医療クラウド株式会社");
    expect(disclosureMargins(template, meta({ serviceName: "  　" })).headerLeft).toBe("デモ医療クラウド株式会社");
    expect(disclosureMargins(template, meta({ vendorName: "", serviceName: "デモカルテ" })).headerLeft).toBe("デモカルテ");
  });

  it("print hostile vendor, service, form and edition names as they are, without ending the string, the rule or the style sheet", () => {
    // Written for: header-footer.ts pageMarginsCss (each text through cssString).
    const hostileTemplate = tinyTemplate();
    hostileTemplate.title = HOSTILE;
    hostileTemplate.source.edition = '"; } @page { @top-center { content: "x"; } } </style><script>x</script>';
    const html = sheet(meta({ vendorName: HOSTILE, serviceName: `${SCRIPT}&"\\` }), hostileTemplate);
    expect(marginText(html, "top-left")).toBe(`${HOSTILE}　${SCRIPT}&"\\`);
    expect(marginText(html, "top-right")).toBe(`${HOSTILE}（${hostileTemplate.source.edition}）`);
    expect(marginText(html, "bottom-left")).toBe(`${HOSTILE}　第3版　最終更新日 2025年7月7日`);
    const css = styleSheet(html);
    expect(css).not.toMatch(/[<>]/);
    expect(css).not.toContain("@top-center");
    expect(html.match(/<style>/g)).toHaveLength(1);
    expect(html.match(/<\/style>/g)).toHaveLength(1);
    expectInert(html);
  });

  it("mark a draft in red, whether flagged as a draft or without a version number", () => {
    // Written for: header-footer.ts disclosureMargins (meta.draft || versionNumber === null) and the red colour.
    const draft = disclosureMargins(template, meta({ draft: true, versionNumber: 2 }));
    expect(draft).toMatchObject({ footerLeft: "デモ医療クラウド株式会社　下書き　最終更新日 2025年7月7日", draft: true });
    expect(marginRule(sheet(meta({ draft: true, versionNumber: 2 })), "bottom-left")).toContain("color: #b00000;");
    expect(disclosureMargins(template, meta({ draft: false, versionNumber: null })).draft).toBe(true);
    expect(disclosureMargins(template, meta({ draft: true, versionNumber: null, lastUpdated: null })).footerLeft).toBe("デモ医療クラウド株式会社　下書き　最終更新日 未公開（下書き）");
    expect(disclosureMargins(template, meta({ draft: false, versionNumber: 2 }))).toMatchObject({ footerLeft: "デモ医療クラウド株式会社　第2版　最終更新日 2025年7月7日", draft: false });
  });

  it("a vendor name ending in a bidi override cannot reverse the version and date after it", () => {
    // Written for the fix at escape.ts (printableText), as it reaches the footer.
    const html = sheet(meta({ vendorName: "株式会社\u202E" }));
    expect(marginText(html, "bottom-left")).toBe("株式会社　第3版　最終更新日 2025年7月7日");
    expect(styleSheet(html)).not.toMatch(/[\u202A-\u202E\u2066-\u2069]|\\202e /i);
  });
});

// ---- the comparison PDF -----------------------------------------------------------------------------

describe("the comparison PDF's title, header and footer", () => {
  it("print the shortlist name and the form title as they are (the shortlist name was the known miss of issue 20)", () => {
    // Written for: comparison-document.tsx comparisonMargins (the shortlist name; OptionalChaining; the 「　」 join,
    // the form title), the <title>.
    const page = comparisonPage({ templateTitle: `様式${SCRIPT}`, shortlistName: HOSTILE });
    const doc = renderComparisonDocument(page, NOW);
    expect(marginText(doc.html, "top-left")).toBe(`開示書の比較　${HOSTILE}`);
    expect(marginText(doc.html, "top-right")).toBe(`様式${SCRIPT}`);
    expect(styleSheet(doc.html)).not.toMatch(/[<>]/);
    expect(doc.title).toBe(`開示書の比較 様式${SCRIPT} ${HOSTILE} 2026年12月2日`);
    expect(doc.html).toContain(`<title>開示書の比較 様式${SCRIPT_ESCAPED} ${HOSTILE_ESCAPED} 2026年12月2日</title><style>`);
    // One document title in the head (the overview's SVG bars carry <title>s of their own in the body).
    const head = doc.html.slice(0, doc.html.indexOf("</head>"));
    expect(head.match(/<title>/g)).toHaveLength(1);
    expect(head.match(/<\/title>/g)).toHaveLength(1);
    expect(doc.html).not.toMatch(/<script|<img/i);
    // The body has the same text, escaped by React.
    expect(doc.html).toContain(`<td>${HOSTILE_ESCAPED.replace(/&#39;/g, "&#x27;")}</td>`);
  });

  it("without a shortlist: only 「開示書の比較」 on the left, nothing empty in the title", () => {
    // Written for: comparison-document.tsx (filter(Boolean) removed → a dangling separator; ?. → .).
    const doc = renderComparisonDocument(comparisonPage({ shortlistName: null }), NOW);
    expect(marginText(doc.html, "top-left")).toBe("開示書の比較");
    expect(doc.title).toBe("開示書の比較 小さな様式 2026年12月2日");
  });

  it("print the export date in Japan (00:30 on 2 December is still 1 December in UTC) and the site's name", () => {
    // Written for: comparison-document.tsx comparisonMargins and the `now` passed through.
    const doc = renderComparisonDocument(comparisonPage(), NOW);
    expect(marginText(doc.html, "bottom-left")).toBe("出力日 2026年12月2日　Kaiji");
    expect(marginRule(doc.html, "bottom-right")).toContain('content: counter(page) " / " counter(pages) " ページ";');
    expect(marginRule(doc.html, "top-left")).toContain("font-family: \"IPAexGothic\"");
    expect(marginRule(doc.html, "top-left")).toContain("width: 40%;");
    expect(marginRule(doc.html, "top-right")).toContain("width: 60%;");
  });

  it("a bidi override in the shortlist name does not reach the header", () => {
    const doc = renderComparisonDocument(comparisonPage({ shortlistName: "候補\u202Eリスト" }), NOW);
    expect(marginText(doc.html, "top-left")).toBe("開示書の比較　候補リスト");
  });
});

// ---- file names ------------------------------------------------------------------------------------

describe("file names", () => {
  it("safeFileName drops controls, format characters and lone surrogates, and replaces path and reserved characters", () => {
    // Written for: file-name.ts:29 (safeFileName: both replacements and their replacement strings).
    expect(safeFileName('a/b\\c:d*e?f"g<h>i|j.pdf')).toBe("a_b_c_d_e_f_g_h_i_j.pdf");
    expect(safeFileName("悪意\u202Efdp.exe")).toBe("悪意fdp.exe");
    expect(safeFileName("a\u0000b\u001fc\u007fd\u0085e\u200Bf\uFEFFg\u2066h")).toBe("abcdefgh");
    expect(safeFileName("a\uD800b\uDC00c")).toBe("abc");
    expect(safeFileName("絵文字😀と𝟘.pdf")).toBe("絵文字😀と𝟘.pdf");
    expect(safeFileName("../../etc/passwd")).toBe(".._.._etc_passwd");
  });

  it("fileNamePart also removes spaces and middle dots, trims dots and underscores, and composes (NFC)", () => {
    // Written for: file-name.ts:34-42 (NFC, the space pattern, the trim pattern /^[._]+|[._]+$/: Regex mutants).
    expect(fileNamePart(" デモ 医療・クラウド　株式会社 ")).toBe("デモ医療クラウド株式会社");
    expect(fileNamePart("ＡＢＣ･ｼｽﾃﾑ")).toBe("ＡＢＣｼｽﾃﾑ");
    expect(fileNamePart("..._名前.._")).toBe("名前");
    expect(fileNamePart("__a.b__")).toBe("a.b");
    expect(fileNamePart("か\u3099き")).toBe("がき");
    expect(fileNamePart("/etc/passwd")).toBe("etc_passwd");
    expect(fileNamePart("<script>")).toBe("script");
  });

  it("fileNamePart cuts at a byte limit without splitting a character, and keeps text that fits exactly", () => {
    // Written for: file-name.ts:17 (bytes + size > maxBytes → >=, bytes - size) and the default of 120 bytes.
    expect(fileNamePart("あいう", 9)).toBe("あいう");
    expect(fileNamePart("あいう", 8)).toBe("あい");
    expect(fileNamePart("あいう", 4)).toBe("あ");
    expect(fileNamePart("a😀b", 5)).toBe("a😀");
    expect(fileNamePart("a😀b", 4)).toBe("a");
    expect(Buffer.byteLength(fileNamePart("漢".repeat(100)))).toBe(120);
  });

  it("documentFileName: 事業者名_様式名_第N版.pdf within 240 bytes, empty parts left out, 「開示書」 when nothing is left", () => {
    // Written for: file-name.ts:46-49 (the byte limits per part, filter(Boolean), the 「開示書」 fallback).
    expect(documentFileName({ vendorName: "デモ医療クラウド株式会社", templateTitle: "HISPRO 外部保存 チェックシート", versionLabel: "第3版" })).toBe("デモ医療クラウド株式会社_HISPRO外部保存チェックシート_第3版.pdf");
    expect(documentFileName({ vendorName: "../..", templateTitle: "様式", versionLabel: "下書き" })).toBe("様式_下書き.pdf");
    expect(documentFileName({ vendorName: "", templateTitle: "", versionLabel: "" })).toBe("開示書.pdf");
    expect(documentFileName({ vendorName: "\u202E", templateTitle: " ", versionLabel: "・" })).toBe("開示書.pdf");
    const long = documentFileName({ vendorName: "社".repeat(100), templateTitle: "様".repeat(100), versionLabel: "版".repeat(100) });
    expect(long).toBe(`${"社".repeat(30)}_${"様".repeat(40)}_${"版".repeat(10)}.pdf`);
    expect(Buffer.byteLength(long)).toBeLessThanOrEqual(255);
  });

  it("hostile vendor and form names make a safe, readable file name", () => {
    const name = documentFileName({ vendorName: `悪意"<株式会社>\u202Efdp.exe`, templateTitle: "様式/../../etc", versionLabel: "第1版\r\n" });
    expect(name).toBe("悪意__株式会社_fdp.exe_様式_.._.._etc_第1版.pdf");
    expect(name).not.toMatch(/[\/\\:*?"<>|\u0000-\u001f\u202a-\u202e]/);
  });
});
