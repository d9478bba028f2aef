// Escaping for the few strings we build by hand (the document shell, and the page margins' text in the style
// sheet). Everything else goes through React, which escapes text itself.
const entities: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/**
 * Control characters, and the bidi embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069): they
 * outlive the element, so in the footer a vendor name ending in U+202E would print the version and date after it
 * reversed.
 */
const UNPRINTABLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g;

/** The text as printed: control and bidi control characters dropped; tab and line breaks kept. */
export function printableText(value: unknown): string {
  return String(value ?? "").replace(UNPRINTABLE, "");
}

/** Text safe inside an element or a quoted attribute value (printableText, then the five HTML characters). */
export function escapeHtml(value: unknown): string {
  return printableText(value).replace(/[&<>"']/g, (c) => entities[c]);
}

/**
 * A quoted CSS string (for `content:` in the page margins) that shows the text as it is and cannot end the string,
 * the rule or the <style> element: letters, marks, digits and spaces of any script stay as they are, every other
 * character — quotes, backslash, `<`, `>`, `;`, braces, line breaks — becomes a hexadecimal escape.
 */
export function cssString(value: unknown): string {
  const body = printableText(value).replace(/[^\p{L}\p{M}\p{N} \u3000]/gu, (c) => `\\${c.codePointAt(0)!.toString(16)} `);
  return `"${body}"`;
}
