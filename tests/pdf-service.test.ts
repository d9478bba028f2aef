// The PDF renderer with Debian's Chromium: Japanese text and embedded fonts as poppler reads them, the sandbox
// against hostile HTML, the queue, and what happens when Chromium is missing, slow or killed.
import { execFileSync } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import {
  CHROMIUM_ARGS,
  PdfBusyError,
  PdfTimeoutError,
  PdfUnavailableError,
  closePdfRenderer,
  configurePdfRenderer,
  pdfBrowserProcess,
  pdfStatus,
  renderPdf,
} from "../app/utils/pdf.server.js";
import { tempDir } from "./helpers/db.js";

const dir = tempDir("kaiji-pdf-");
let fileCount = 0;
function save(pdf: Buffer): string {
  const file = path.join(dir, `${++fileCount}.pdf`);
  writeFileSync(file, pdf);
  return file;
}
const pdfText = (pdf: Buffer) => execFileSync("pdftotext", ["-layout", save(pdf), "-"], { encoding: "utf8" });
const pdfInfo = (pdf: Buffer) => execFileSync("pdfinfo", [save(pdf)], { encoding: "utf8" });
const pageCount = (pdf: Buffer) => Number(/^Pages:\s+(\d+)/m.exec(pdfInfo(pdf))?.[1]);

type FontRow = { name: string; type: string; emb: string };
/** pdffonts' table, cut by the widths of its dashed header line. */
function pdfFonts(pdf: Buffer): FontRow[] {
  const lines = execFileSync("pdffonts", [save(pdf)], { encoding: "utf8" }).split("\n");
  const rule = lines.findIndex((l) => l.startsWith("---"));
  const columns: Array<[number, number]> = [];
  for (const m of lines[rule].matchAll(/-+/g)) columns.push([m.index!, m.index! + m[0].length]);
  return lines
    .slice(rule + 1)
    .filter((l) => l.trim())
    .map((l) => {
      const cell = (i: number) => l.slice(columns[i][0], columns[i][1]).trim();
      return { name: cell(0), type: cell(1), emb: cell(3) };
    });
}

const STYLE = `<style>body { font-family: "Noto Sans CJK JP", sans-serif; font-size: 11pt; } td, th { border: 1px solid #999; padding: 4px; }</style>`;
const page = (body: string) => `<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8">${STYLE}</head><body>${body}</body></html>`;
const SAMPLE = page(`<h1>安全管理に関する開示書</h1><p>ガイドラインの遵守：最低限のガイドラインを遵守済</p><p>■ 対応済　□ 未対応</p>`);
const longTable = (rows: number) =>
  page(
    `<h1>チェックリスト</h1><table><thead><tr><th>番号</th><th>項目</th><th>回答</th></tr></thead><tbody>${Array.from(
      { length: rows },
      (_, i) => `<tr><td>${i + 1}</td><td>医療情報システムの安全管理に関するガイドライン 項目${i + 1}</td><td>■ 対応済</td></tr>`,
    ).join("")}</tbody></table>`,
  );

beforeAll(() => configurePdfRenderer({}));
afterEach(() => configurePdfRenderer({}));
afterAll(async () => {
  await closePdfRenderer();
  rmSync(dir, { recursive: true, force: true });
});

describe("Japanese documents", () => {
  it("keeps the text, embeds every font (Noto Sans CJK for the Japanese) and gives one A4 page", async () => {
    const { pdf, blockedRequests, ms } = await renderPdf(SAMPLE);
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    expect(blockedRequests).toEqual([]);
    expect(ms).toBeGreaterThan(0);

    const text = pdfText(pdf);
    expect(text).toContain("最低限のガイドラインを遵守済");
    expect(text).toContain("■ 対応済");
    expect(text).toContain("□ 未対応");

    const fonts = pdfFonts(pdf);
    expect(fonts.length).toBeGreaterThan(0);
    // Nothing is left for the hospital's viewer to substitute.
    expect(fonts.filter((f) => f.emb !== "yes")).toEqual([]);
    // Skia (Chromium's PDF backend) embeds OpenType-CFF fonts such as Debian's Noto Sans CJK as Type 3 fonts,
    // which pdffonts lists without a name; their font descriptor still names the font they were made from.
    expect(fonts.some((f) => f.type === "Type 3" || /NotoSansCJK/i.test(f.name))).toBe(true);
    expect(pdf.toString("latin1")).toMatch(/\/FontName \/[A-Z]{6}\+NotoSansCJKjp-Regular/);

    const info = pdfInfo(pdf);
    expect(info).toMatch(/^Pages:\s+1$/m);
    expect(info).toMatch(/^Page size:\s+59[56](\.\d+)? x 84[12](\.\d+)? pts \(A4\)/m);
  });

  it("breaks a long table over several pages, with the page's own footer (a page-margin box) on each and no default header", async () => {
    const footer = `<style>@page { @bottom-center { content: "頁 " counter(page) " / " counter(pages); font-family: "Noto Sans CJK JP"; font-size: 8px; } }</style>`;
    const { pdf } = await renderPdf(longTable(150).replace("</head>", `${footer}</head>`));
    const pages = pageCount(pdf);
    expect(pages).toBeGreaterThanOrEqual(3);
    const text = pdfText(pdf);
    expect(text).toContain("項目150");
    expect(text).toMatch(new RegExp(`頁\\s*1\\s*/\\s*${pages}`));
    expect(text).toMatch(new RegExp(`頁\\s*${pages}\\s*/\\s*${pages}`));
    // Chromium's own header (date, title) and footer (URL) stay off.
    expect(text).not.toMatch(/\d{1,2}\/\d{1,2}\/\d{2,4}/);
    expect(pdfFonts(pdf).filter((f) => f.emb !== "yes")).toEqual([]);
  });

  it("prints landscape when asked, and a CSS @page size wins over A4", async () => {
    expect(pdfInfo((await renderPdf(SAMPLE, { landscape: true })).pdf)).toMatch(/^Page size:\s+84[12](\.\d+)? x 59[56](\.\d+)? pts/m);
    const a5 = page(`<style>@page { size: A5; }</style><p>A5の用紙</p>`);
    expect(pdfInfo((await renderPdf(a5)).pdf)).toMatch(/^Page size:\s+4(19|20)(\.\d+)? x 59[45](\.\d+)? pts \(A5\)/m);
  });
});

describe("hostile HTML", () => {
  let server: http.Server;
  let base: string;
  const requests: string[] = [];
  let connections = 0;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      requests.push(req.url ?? "");
      res.end("body { color: red }");
    });
    server.on("connection", () => connections++);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("runs no script and loads nothing from the network or the disk, and lists what it refused", async () => {
    // Deliberately unescaped: this is what a template bug letting raw vendor input through would produce.
    const hostile = `<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8">${STYLE}
      <link rel=stylesheet href="https://example.com/x.css">
      <link rel=stylesheet href="${base}/style.css">
      <link rel=preconnect href="${base}/">
      <link rel=prefetch href="${base}/prefetch">
      <meta http-equiv="refresh" content="0;url=${base}/refresh">
      </head><body>
      <p>本文はそのまま残る</p>
      <img src="http://127.0.0.1:9/x.png">
      <img src="${base}/tracker.png">
      <div style="background-image: url('${base}/bg.png')">背景</div>
      <iframe src="file:///etc/passwd"></iframe>
      <iframe src="${base}/frame"></iframe>
      <object data="file:///etc/hostname"></object>
      <img src="data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==">
      <script>document.body.innerHTML = "PWNED"</script>
      <script src="${base}/evil.js"></script>
      </body></html>`;
    // A page-margin box may show an image: loaded like any other, so refused like any other.
    const footer = `<style>@page { @bottom-center { content: "フッター" url("${base}/footer.png"); font-size: 8px; } }</style>`;
    const { pdf, blockedRequests } = await renderPdf(hostile.replace("</head>", `${footer}</head>`));
    // Give anything Chromium might still send on its own (prefetch, preconnect) time to arrive.
    await new Promise((resolve) => setTimeout(resolve, 300));

    const text = pdfText(pdf);
    expect(text).toContain("本文はそのまま残る");
    expect(text).toContain("フッター");
    expect(text).not.toContain("PWNED");
    expect(text).not.toMatch(/root:|\/bin\/(ba)?sh|nologin/);

    expect(blockedRequests).toEqual(
      expect.arrayContaining([
        "http://127.0.0.1:9/x.png",
        "https://example.com/x.css",
        "file:///etc/passwd",
        `${base}/style.css`,
        `${base}/tracker.png`,
        `${base}/frame`,
        `${base}/footer.png`,
      ]),
    );
    expect(blockedRequests.some((u) => u.startsWith("data:"))).toBe(false);
    expect(requests).toEqual([]);
    expect(connections).toBe(0);
  });

  it("refuses to print a document that replaced itself (a meta refresh no request interception sees)", async () => {
    for (const target of ["about:blank", ""]) {
      const refresh = `<meta http-equiv="refresh" content="${target ? `0;url=${target}` : "0"}">`;
      const error = await renderPdf(`<html><head>${refresh}</head><body>${"<p>長い本文</p>".repeat(500)}</body></html>`).catch((e: unknown) => e);
      // Either Chromium printed before the refresh fired (then the PDF has the text) or we refuse.
      if (Buffer.isBuffer((error as { pdf?: Buffer }).pdf)) expect(pdfText((error as { pdf: Buffer }).pdf)).toContain("長い本文");
      else expect(error).toMatchObject({ name: "PdfRenderError", message: "PDFを作成できませんでした", detail: expect.stringMatching(/navigated/) });
    }
    expect(pdfStatus()).toMatchObject({ active: 0, openPages: 0 });
  });

  it("keeps Chromium's launch flags in one list, network resolution off included", () => {
    expect(CHROMIUM_ARGS).toEqual(expect.arrayContaining(["--no-sandbox", "--disable-background-networking", "--font-render-hinting=none", "--host-resolver-rules=MAP * ~NOTFOUND"]));
  });
});

describe("the queue", () => {
  it("runs at most `concurrency` renders at once and makes the rest wait instead of failing", async () => {
    configurePdfRenderer({ concurrency: 2 });
    const cap = pdfStatus().concurrency;
    expect(cap).toBe(2);
    let queuedSeen = 0;
    const watch = setInterval(() => (queuedSeen = Math.max(queuedSeen, pdfStatus().queued)), 2);
    try {
      const renders = Array.from({ length: cap * 3 }, (_, i) => renderPdf(page(`<p>同時 ${i + 1} 件目</p>`)));
      queuedSeen = Math.max(queuedSeen, pdfStatus().queued);
      const results = await Promise.all(renders);
      results.forEach((r, i) => expect(pdfText(r.pdf)).toContain(`同時 ${i + 1} 件目`));
      expect(results.some((r) => r.queuedMs > 0)).toBe(true);
    } finally {
      clearInterval(watch);
    }
    expect(queuedSeen).toBeGreaterThan(0);
    const status = pdfStatus();
    expect(status.maxActiveSeen).toBeLessThanOrEqual(cap);
    expect(status).toMatchObject({ active: 0, queued: 0, openPages: 0 });
  });

  it("leaves one CPU to the server by default and takes PDF_CONCURRENCY from the environment", () => {
    expect(pdfStatus().concurrency).toBe(process.env.PDF_CONCURRENCY ? Number(process.env.PDF_CONCURRENCY) : Math.max(1, os.cpus().length - 1));
    vi.stubEnv("PDF_CONCURRENCY", "3");
    try {
      expect(pdfStatus().concurrency).toBe(3);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it("refuses with PdfBusyError once the queue is full", async () => {
    configurePdfRenderer({ concurrency: 1, queueLimit: 2 });
    const renders = Array.from({ length: 4 }, (_, i) => renderPdf(page(`<p>${i}</p>`)));
    const settled = await Promise.allSettled(renders);
    expect(settled.map((s) => s.status)).toEqual(["fulfilled", "fulfilled", "fulfilled", "rejected"]);
    const error = (settled[3] as PromiseRejectedResult).reason;
    expect(error).toBeInstanceOf(PdfBusyError);
    expect(error.message).toBe("PDFの作成が混み合っています。しばらくしてから再度お試しください");
    expect(error.detail).toMatch(/queue full/);
  });

  it("refuses at once when the wait would outlast the render timeout, so no request waits longer than that", async () => {
    configurePdfRenderer({ concurrency: 1, queueLimit: 100 });
    const timeoutMs = 1_500;
    const renders = Array.from({ length: 20 }, (_, i) => renderPdf(page(`<p>待ち ${i}</p>`), { timeoutMs }));
    const settled = await Promise.allSettled(renders);
    expect(settled[0].status).toBe("fulfilled");
    const refused = settled.filter((s): s is PromiseRejectedResult => s.status === "rejected");
    expect(refused.length).toBeGreaterThan(0);
    for (const { reason } of refused) {
      expect(reason).toBeInstanceOf(PdfBusyError);
      expect(reason.detail).toMatch(/longer than the timeout of 1500 ms|waited 1500 ms for a free slot/);
    }
    for (const s of settled) if (s.status === "fulfilled") expect(s.value.queuedMs).toBeLessThanOrEqual(timeoutMs + 50);
    expect(pdfStatus()).toMatchObject({ active: 0, queued: 0 });
  });
});

describe("failures", () => {
  it("fails fast with PdfUnavailableError when Chromium is missing, and recovers once it is back", async () => {
    await closePdfRenderer();
    vi.stubEnv("CHROMIUM_PATH", "/nonexistent/chromium");
    try {
      const started = Date.now();
      const error = await renderPdf(SAMPLE).catch((e: unknown) => e);
      expect(Date.now() - started).toBeLessThan(2000);
      expect(error).toBeInstanceOf(PdfUnavailableError);
      expect((error as PdfUnavailableError).message).toBe("PDFを作成できません（Chromium が見つかりません: /nonexistent/chromium）");
      expect((error as PdfUnavailableError).detail).toMatch(/ENOENT/);
    } finally {
      vi.unstubAllEnvs();
    }
    expect(pdfStatus()).toMatchObject({ active: 0, openPages: 0 });
    expect(pdfText((await renderPdf(SAMPLE)).pdf)).toContain("遵守済");
  });

  it("reports a browser that will not start as PdfUnavailableError", async () => {
    await closePdfRenderer();
    configurePdfRenderer({ chromiumPath: "/bin/false" });
    const started = Date.now();
    const error = await renderPdf(SAMPLE).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(error).toBeInstanceOf(PdfUnavailableError);
    expect((error as PdfUnavailableError).message).toBe("PDFを作成できません（Chromium を起動できません: /bin/false）");
  });

  it("times out with PdfTimeoutError, closes the page, and the next render works", async () => {
    await renderPdf(SAMPLE); // warm: the timeout must hit the render, not the launch
    const error = await renderPdf(longTable(400), { timeoutMs: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PdfTimeoutError);
    expect((error as PdfTimeoutError).message).toBe("PDFの作成が時間内に終わりませんでした");
    expect((error as PdfTimeoutError).detail).toMatch(/1 ms/);
    expect(pdfText((await renderPdf(SAMPLE)).pdf)).toContain("遵守済");
    await vi.waitFor(() => expect(pdfStatus()).toMatchObject({ active: 0, openPages: 0 }), { timeout: 5000 });
  });

  it("takes the timeout from PDF_TIMEOUT_MS", async () => {
    vi.stubEnv("PDF_TIMEOUT_MS", "1");
    try {
      await expect(renderPdf(SAMPLE)).rejects.toBeInstanceOf(PdfTimeoutError);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it("rejects an invalid setting with a message naming it", async () => {
    vi.stubEnv("PDF_QUEUE_LIMIT", "many");
    try {
      await expect(renderPdf(SAMPLE)).rejects.toThrow(/PDF_QUEUE_LIMIT/);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it("fails the render in flight when Chromium dies, then starts a new Chromium for the next one", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    try {
      await renderPdf(SAMPLE);
      const first = pdfBrowserProcess();
      expect(first?.pid).toBeTruthy();
      const launches = pdfStatus().launches;

      const inFlight = renderPdf(longTable(2000)).catch((e: unknown) => e);
      await vi.waitFor(() => expect(pdfStatus().openPages).toBe(1), { timeout: 5000, interval: 5 });
      first!.kill("SIGKILL");
      const error = await inFlight;
      expect(error).toBeInstanceOf(PdfUnavailableError);
      expect((error as PdfUnavailableError).reason).toBe("crashed");
      expect((error as PdfUnavailableError).message).toMatch(/^PDFを作成できません（/);
      await vi.waitFor(() => expect(pdfBrowserProcess()).toBeNull(), { timeout: 5000 });
      expect(warn).toHaveBeenCalledWith(expect.stringMatching(/disconnected/));

      const { pdf } = await renderPdf(SAMPLE);
      expect(pdfText(pdf)).toContain("遵守済");
      expect(pdfStatus().launches).toBe(launches + 1);
      expect(pdfBrowserProcess()?.pid).not.toBe(first!.pid);
      expect(pdfStatus()).toMatchObject({ active: 0, openPages: 0 });
    } finally {
      warn.mockRestore();
    }
  });
});
