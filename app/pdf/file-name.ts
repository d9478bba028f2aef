// The PDF's file name: 「事業者名_様式名_第N版.pdf」, safe on Windows, macOS and Linux.

const unsafe = /[\/\\:*?"<>|]/g;
const control = /[\u0000-\u001f\u007f-\u009f]/g;

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

/** One part of a file name: no path or reserved characters, no control characters, no spaces. */
export function fileNamePart(value: string, maxBytes = 120): string {
  const cleaned = value
    .normalize("NFC")
    .replace(control, "")
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
