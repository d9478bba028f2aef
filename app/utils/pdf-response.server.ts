// How PDF routes answer: the PDF itself, or a Japanese error page when the renderer cannot help.
import { PdfBusyError, PdfTimeoutError, PdfUnavailableError } from "./pdf.server.js";

export function pdfErrorResponse(error: unknown): Response {
  if (!(error instanceof PdfUnavailableError || error instanceof PdfBusyError || error instanceof PdfTimeoutError)) throw error;
  const status = error instanceof PdfBusyError ? 503 : error instanceof PdfTimeoutError ? 504 : 503;
  const message = error.message.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  const html = `<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"><title>PDFを作成できません | Kaiji</title></head><body><h1>PDFを作成できません</h1><p>${message}</p><p>Web版の開示書はそのままご覧いただけます。<a href="/">トップページへ戻る</a></p></body></html>`;
  return new Response(html, { status, headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store", "Retry-After": "30" } });
}
