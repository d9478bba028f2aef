// The PDF's file name: 「事業者名_様式名_第N版.pdf」, safe on Windows, macOS and Linux.

const unsafe = /[\/\\:*?"<>|]/g;
/**
 * What a file name must never hold: C0/C1 controls, format characters (Unicode Cf: bidi controls such as
 * U+202E, which would show 「悪意\u202Efdp.exe」 as 「悪意exe.pdf」 in a download bar, zero-width characters,
 * U+FEFF …) and lone surrogates (which cannot be encoded).
 */
const invisible = /[\u0000-\u001f\u007f-\u009f\p{Cf}]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/gu;

/** Cut to at most `maxBytes` of UTF-8 without splitting a character (file systems count bytes). */
function truncateBytes(value: string, maxBytes: number): string {
  let out = "";
  let bytes = 0;
  for (const char of value) {
    const size = Buffer.byteLength(char);
    if (bytes + size > maxBytes) break;
    out += char;
    bytes += size;
  }
  return out;
}

/**
 * A whole file name made safe to send: invisible characters dropped, path and reserved characters replaced.
 * `contentDisposition` applies it to every download, whatever built the name.
 */
export function safeFileName(value: string): string {
  return value.replace(invisible, "").replace(unsafe, "_");
}

/** One part of a file name: no path or reserved characters, no control or format characters, no spaces. */
export function fileNamePart(value: string, maxBytes = 120): string {
  const cleaned = value
    .normalize("NFC")
    .replace(invisible, "")
    .replace(unsafe, "_")
    // Spaces and the middle dot only make names harder to type and read in a file list.
    .replace(/[\s\u3000・･]+/g, "")
    .replace(/^[._]+|[._]+$/g, "");
  return truncateBytes(cleaned, maxBytes);
}

/** At most 90 + 120 + 30 bytes of parts, so the whole name stays under the usual 255-byte limit. */
export function documentFileName(parts: { vendorName: string; templateTitle: string; versionLabel: string }): string {
  const name = [fileNamePart(parts.vendorName, 90), fileNamePart(parts.templateTitle, 120), fileNamePart(parts.versionLabel, 30)]
    .filter(Boolean)
    .join("_");
  return `${name || "開示書"}.pdf`;
}
