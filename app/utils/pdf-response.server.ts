// How PDF routes answer when the renderer cannot help: a Japanese page (the web version still works).
import { PdfError } from "./pdf.server.js";

export function pdfErrorResponse(error: unknown): Response {
  if (!(error instanceof PdfError)) throw error;
  const message = error.message.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  const html = `<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"><title>PDFを作成できません | Kaiji</title></head><body><h1>PDFを作成できません</h1><p>${message}</p><p>Web版の開示書はそのままご覧いただけます。<a href="/">トップページへ戻る</a></p></body></html>`;
  return new Response(html, { status: error.status, headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store", "Retry-After": "30" } });
}
