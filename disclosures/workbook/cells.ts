// How the multi-valued item fields sit in one cell, read (import) and written (export) by the
// same rules, so the export can check that every cell it writes reads back exactly.
import type { Reference } from "../template-schema.js";

/** Item numbers as printed: full-width digits and punctuation typed by a Japanese IME fold to ASCII. */
export function normalizeNumberCell(text: string): string {
  return text
    .replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
    .replace(/．/g, ".")
    .replace(/－/g, "-")
    .trim();
}

/** One value per line, blank lines dropped. */
export function splitLines(text: string): string[] {
  return text
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
}

export function decodeReferences(text: string, separator: string, guideline?: string): Reference[] {
  return splitLines(text).map((line) => {
    if (guideline) return { guideline, location: line };
    const at = line.indexOf(separator);
    if (at < 0) return { guideline: line };
    const name = line.slice(0, at).trim();
    const location = line.slice(at + separator.length).trim();
    return location ? { guideline: name, location } : { guideline: name };
  });
}

export function encodeReferences(references: Reference[], separator: string): string {
  return references.map((r) => (r.location ? `${r.guideline}${separator}${r.location}` : r.guideline)).join("\n");
}

/** 「注1、注3」 */
export function decodeNoteRefs(text: string): string[] {
  return text
    .split(/[、,，\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

export const encodeNoteRefs = (refs: string[]) => refs.join("、");

export const LEVEL_LABELS = { required: "必須", recommended: "推奨", none: "" } as const;
export const PERSPECTIVE_LABELS = { prevent: "予防", detect: "発見", correct: "是正" } as const;

/** Derives a template key from printed text: ASCII kept, anything else (〇, ①, 第) as its code point. */
export function keyFromText(text: string): string {
  if (/^[A-Za-z0-9]+(?:[._-][A-Za-z0-9]+)*$/.test(text)) return text;
  const parts = [...text].map((ch) => (/[A-Za-z0-9._-]/.test(ch) ? ch : /\s|[()（）［］[\]、,]/.test(ch) ? "-" : `-u${ch.codePointAt(0)!.toString(16)}-`));
  return parts
    .join("")
    .replace(/[._-]{2,}/g, (run) => run[0])
    .replace(/^[._-]+|[._-]+$/g, "");
}

/** Whitespace (line breaks, U+3000 …) and invisible format characters (U+200B, U+FEFF …) before a cell's first character. */
const LEADING_BLANKS = /^[\s\p{Cf}]*/u;

/**
 * A cell a spreadsheet could run as a formula gets a leading ': one whose first visible character, after
 * NFKC folding (so fullwidth ＝＋－＠ as an IME types them count as = + - @), is = + - or @, even after spaces,
 * line breaks or zero-width characters; or one that starts with a tab or CR, which some parsers strip.
 */
export function neutralizeFormula(value: string): string {
  if (/^[\t\r]/.test(value)) return `'${value}`;
  const first = value.codePointAt(LEADING_BLANKS.exec(value)![0].length);
  // The first code point folded alone: with what follows, NFKC would compose "=" and a combining U+0338 into 「≠」.
  return first !== undefined && /^[=+\-@]/.test(String.fromCodePoint(first).normalize("NFKC")) ? `'${value}` : value;
}

/** The text as it was before `neutralizeFormula`: reading back a workbook the portal wrote gives the answer, not the '. */
export function unneutralizeFormula(value: string): string {
  return value.startsWith("'") && neutralizeFormula(value.slice(1)) === value ? value.slice(1) : value;
}
