// Escaping for the few HTML strings we build by hand (Chromium's header and footer templates and the
// document shell). Everything else goes through React, which escapes text itself.
const entities: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Text safe inside an element or a quoted attribute value. Control characters are dropped. */
export function escapeHtml(value: unknown): string {
  return String(value ?? "")
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, "")
    .replace(/[&<>"']/g, (c) => entities[c]);
}
