// PDFs of disclosures: published versions are rendered once and kept on disk, keyed by the content
// hash and everything else the sheet prints (vendor, service, version, date, URL, layout), so the
// same version always comes back as the same bytes. Drafts are rendered each time, watermarked.
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { DisclosureContent } from "../../disclosures/disclosure-content.js";
import type { Template } from "../../disclosures/template-schema.js";
import { renderDisclosureDocument } from "../pdf/disclosure-document.js";
import { documentFileName, safeFileName } from "../pdf/file-name.js";
import { versionLabel, type PrintMeta } from "../pdf/print-context.js";
import { renderPdf } from "../utils/pdf.server.js";
import { clock } from "../../disclosures/clock.js";

/** Bump when a layout changes: cached PDFs of the old layout are then no longer used. */
export const LAYOUT_VERSION = "6";

const cacheDir = () => path.resolve(process.env.PDF_CACHE_DIR ?? path.join(path.dirname(path.resolve(process.env.DATABASE_PATH ?? "data/kaiji.sqlite")), "pdf-cache"));

/** At most this much is kept on disk (PDF_CACHE_MAX_MB, default 512); the least recently used files go first. */
const cacheLimitBytes = () => Number(process.env.PDF_CACHE_MAX_MB ?? 512) * 1024 * 1024;

/**
 * Removes the least recently used PDFs (by modification time, which a cache hit refreshes) until the folder
 * holds at most `limitBytes`. Returns the files removed.
 */
export function evictPdfCache(dir: string, limitBytes: number): string[] {
  let files: { name: string; size: number; used: number }[];
  try {
    files = readdirSync(dir)
      .filter((name) => name.endsWith(".pdf"))
      .map((name) => {
        const stat = statSync(path.join(dir, name));
        return { name, size: stat.size, used: stat.mtimeMs };
      });
  } catch {
    return [];
  }
  let total = files.reduce((sum, f) => sum + f.size, 0);
  const removed: string[] = [];
  for (const file of files.sort((a, b) => a.used - b.used)) {
    if (total <= limitBytes) break;
    rmSync(path.join(dir, file.name), { force: true });
    total -= file.size;
    removed.push(file.name);
  }
  return removed;
}

/** A kept PDF, marked as just used (evicted last); null when there is none (or it was just evicted). */
function readKept(file: string): Buffer | null {
  try {
    const pdf = readFileSync(file);
    const now = new Date(clock.now());
    utimesSync(file, now, now);
    return pdf;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

/** What a caller says about the sheet; the renderer adds `draft` and `generatedAt`. The 改版理由 is immutable, so safe in the cache key. */
export type PdfMeta = Omit<PrintMeta, "draft" | "generatedAt" | "changeReason"> & { changeReason: string | null };
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
  const kept = readKept(file);
  if (kept) return { pdf: kept, fileName, key };
  const running = inFlight.get(key);
  if (running) return running;
  const work = (async () => {
    const document = renderDisclosureDocument({ template, content: await loadContent(), meta: printMeta });
    const { pdf } = await renderPdf(document.html);
    mkdirSync(cacheDir(), { recursive: true });
    // Write then rename: a reader never sees half a file.
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, pdf);
    renameSync(temporary, file);
    evictPdfCache(cacheDir(), cacheLimitBytes());
    return { pdf, fileName, key };
  })().finally(() => inFlight.delete(key));
  inFlight.set(key, work);
  return work;
}

export async function draftPdf(template: Template, content: DisclosureContent, meta: Omit<PdfMeta, "versionNumber" | "contentHash" | "lastUpdated" | "changeReason">): Promise<PdfFile> {
  const document = renderDisclosureDocument({ template, content, meta: { ...meta, versionNumber: null, lastUpdated: null, contentHash: null, changeReason: null, draft: true, generatedAt: clock.now() } });
  const { pdf } = await renderPdf(document.html);
  return { pdf, fileName: document.fileName, key: "" };
}

/**
 * Content-Disposition with a Japanese file name (RFC 6266 + RFC 5987) and an ASCII fallback. Every download
 * (PDF sheets, drafts, comparison PDF/xlsx/CSV) goes through here, so this is where the name is made safe:
 * no controls, bidi overrides or other format characters, whatever the vendor's or the list's name held.
 */
export function contentDisposition(fileName: string, fallback: string): string {
  const asciiFallback = fallback.replace(/[^A-Za-z0-9._-]/g, "_");
  const name = safeFileName(fileName) || asciiFallback;
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `inline; filename="${asciiFallback}"; filename*=UTF-8''${encoded}`;
}
