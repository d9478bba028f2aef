// PDFs of disclosures: published versions are rendered once and kept on disk, keyed by the content
// hash and everything else the sheet prints (vendor, service, version, date, URL, layout), so the
// same version always comes back as the same bytes. Drafts are rendered each time, watermarked.
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync, existsSync } from "node:fs";
import path from "node:path";
import type { DisclosureContent } from "../../disclosures/disclosure-content.js";
import type { Template } from "../../disclosures/template-schema.js";
import { renderDisclosureDocument } from "../pdf/disclosure-document.js";
import { documentFileName } from "../pdf/file-name.js";
import { versionLabel } from "../pdf/print-context.js";
import { renderPdf } from "../utils/pdf.server.js";
import { clock } from "../../disclosures/clock.js";

/** Bump when a layout changes: cached PDFs of the old layout are then no longer used. */
export const LAYOUT_VERSION = "1";

const cacheDir = () => path.resolve(process.env.PDF_CACHE_DIR ?? path.join(path.dirname(path.resolve(process.env.DATABASE_PATH ?? "data/kaiji.sqlite")), "pdf-cache"));

export type PdfMeta = { vendorName: string; serviceName: string | null; versionNumber: number | null; lastUpdated: number | null; contentHash: string | null; publicUrl: string | null };
export type PdfFile = { pdf: Buffer; fileName: string; key: string };

// Renders already under way, so that simultaneous requests for one uncached version render once.
const inFlight = new Map<string, Promise<PdfFile>>();

/**
 * A published version's PDF. A cache hit needs only the metadata: the content is loaded (and the
 * document built) only when the PDF has to be rendered.
 */
export async function publishedPdf(template: Template, meta: PdfMeta & { contentHash: string }, loadContent: () => Promise<DisclosureContent> | DisclosureContent): Promise<PdfFile> {
  const key = createHash("sha256").update(JSON.stringify({ LAYOUT_VERSION, ...meta })).digest("hex");
  const file = path.join(cacheDir(), `${key}.pdf`);
  const printMeta = { ...meta, draft: false, generatedAt: clock.now() };
  const fileName = documentFileName({ vendorName: meta.vendorName, templateTitle: template.title, versionLabel: versionLabel(printMeta) });
  if (existsSync(file)) return { pdf: readFileSync(file), fileName, key };
  const running = inFlight.get(key);
  if (running) return running;
  const work = (async () => {
    const document = renderDisclosureDocument({ template, content: await loadContent(), meta: printMeta });
    const { pdf } = await renderPdf(document.html, { headerTemplate: document.headerTemplate, footerTemplate: document.footerTemplate });
    mkdirSync(cacheDir(), { recursive: true });
    // Write then rename: a reader never sees half a file.
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, pdf);
    renameSync(temporary, file);
    return { pdf, fileName, key };
  })().finally(() => inFlight.delete(key));
  inFlight.set(key, work);
  return work;
}

export async function draftPdf(template: Template, content: DisclosureContent, meta: Omit<PdfMeta, "versionNumber" | "contentHash" | "lastUpdated">): Promise<PdfFile> {
  const document = renderDisclosureDocument({ template, content, meta: { ...meta, versionNumber: null, lastUpdated: null, contentHash: null, draft: true, generatedAt: clock.now() } });
  const { pdf } = await renderPdf(document.html, { headerTemplate: document.headerTemplate, footerTemplate: document.footerTemplate });
  return { pdf, fileName: document.fileName, key: "" };
}

/** Content-Disposition with a Japanese file name (RFC 6266 + RFC 5987) and an ASCII fallback. */
export function contentDisposition(fileName: string, fallback: string): string {
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `inline; filename="${fallback.replace(/[^A-Za-z0-9._-]/g, "_")}"; filename*=UTF-8''${encoded}`;
}
