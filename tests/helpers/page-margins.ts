// Reads back what a printed document's page margins say (app/pdf/header-footer.ts): the `content` string of one
// margin box in its style sheet, with the CSS escapes decoded. The pattern accepts only plain characters and
// `\hex ` escapes inside the quotes, so a string that an unescaped quote or backslash could end is not found.
export type MarginBox = "top-left" | "top-right" | "bottom-left" | "bottom-right";

export function marginText(html: string, box: MarginBox): string {
  const m = new RegExp(`@${box} \\{ content: "((?:[^"\\\\\\n]|\\\\[0-9a-f]{1,6} )*)";`).exec(html);
  if (!m) throw new Error(`no @${box} margin box with a well-formed string`);
  return m[1].replace(/\\([0-9a-f]{1,6}) /g, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)));
}

/** The rule of one margin box, as written. */
export function marginRule(html: string, box: MarginBox): string {
  const at = html.indexOf(`@${box} {`);
  if (at < 0) throw new Error(`no @${box} margin box`);
  return html.slice(at, html.indexOf(" }", at) + 2);
}

/** The document's style sheet (one <style> element). */
export function styleSheet(html: string): string {
  const start = html.indexOf("<style>");
  return html.slice(start + "<style>".length, html.indexOf("</style>", start));
}
