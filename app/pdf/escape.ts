// Escaping for the few HTML strings we build by hand (Chromium's header and footer templates and the
// document shell). Everything else goes through React, which escapes text itself.
const entities: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/**
 * Text safe inside an element or a quoted attribute value. Control characters are dropped, and so are the bidi
 * embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069): they outlive the element, so in the
 * footer a vendor name ending in U+202E would print the version and date after it reversed.
 */
export function escapeHtml(value: unknown): string {
  return String(value ?? "")
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g, "")
    .replace(/[&<>"']/g, (c) => entities[c]);
}
