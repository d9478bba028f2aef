// Benchmark for PDF sheets (issue 5), in one run, on loopback:
//   npx tsx scripts/bench-pdf.ts [--renders 20] [--seconds 8] [--out data/bench-pdf.json]
// - cold start: the first render, Chromium launch included;
// - warm render of the 代行機関 sheet (seed-003 answers) and of a fully answered 504-item HISPRO sheet
//   (median and p95 over --renders renders each, cache bypassed);
// - cache hits: requests per second for a published version's .pdf through the app (wrk, or autocannon), and a
//   bare Node `http` server returning the same bytes;
// - the way vendors do it today: LibreOffice converting an equivalent spreadsheet (CSV of the same
//   rows) to PDF with `libreoffice --headless --convert-to pdf`, same number of runs.
// Needs `npm run build`; LibreOffice is optional (apt-get install libreoffice-calc-nogui) and skipped with a note when absent.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { loadTest, option, ROOT, round, seedBenchVendor, startApp, startBareServer, summary } from "./bench-helpers.js";

const RENDERS = Number(option("renders", "20"));
const SECONDS = Number(option("seconds", "8"));
const OUT = path.resolve(ROOT, option("out", "data/bench-pdf.json"));
const dir = mkdtempSync(path.join(os.tmpdir(), "kaiji-bench-pdf-"));
process.env.DATABASE_PATH = path.join(dir, "bench.sqlite");
process.env.PDF_CACHE_DIR = path.join(dir, "pdf-cache");

const { openDatabase } = await import("../db/connection.js");
const { migrateToLatest } = await import("../db/migrator.js");
const { syncBuiltinTemplates, getTemplate, latestTemplateVersion } = await import("../app/models/template.server.js");
const { createDisclosure, getDisclosure, getDraft, publish, saveDraft } = await import("../app/models/disclosure.server.js");
const { walkItems } = await import("../disclosures/template-loader.js");
const { formatAnswer } = await import("../disclosures/diff.js");
const { renderDisclosureDocument } = await import("../app/pdf/disclosure-document.js");
const { renderPdf, closePdfRenderer } = await import("../app/utils/pdf.server.js");

const db = openDatabase(process.env.DATABASE_PATH);
await migrateToLatest(db);
await syncBuiltinTemplates(db, path.join(ROOT, "disclosures/templates"));
// The latest version of each form (the corrected 1.1.0: the example's 「-」 for 処理可能件数 is an answer there).
const hispro = (await getTemplate(db, "hispro-checksheet", (await latestTemplateVersion(db, "hispro-checksheet"))!))!.template;
const agency = (await getTemplate(db, "agency-disclosure", (await latestTemplateVersion(db, "agency-disclosure"))!))!.template;
const items = [...walkItems(hispro)].filter((e) => e.item.answer.kind === "status");
const { actor, meta, answers } = await seedBenchVendor(db, items);

const id = await createDisclosure(db, actor, "bench-org", { templateId: hispro.id, templateVersion: hispro.version, serviceId: null, visibility: "public" }, meta);
const disclosure = (await getDisclosure(db, "bench-org", id))!;
await saveDraft(db, actor, disclosure, answers, meta);
const published = await publish(db, actor, disclosure, hispro, meta);
const hisproContent = (await getDraft(db, disclosure)).content;
await db.destroy();

const example = JSON.parse(readFileSync(path.join(ROOT, "disclosures/examples/agency-disclosure.example.json"), "utf8")) as { answers: Record<string, unknown> };
const agencyContent = { templateId: agency.id, templateVersion: agency.version, responses: Object.fromEntries(Object.entries(example.answers).map(([k, v]) => [k, { value: v }])) } as Parameters<typeof renderDisclosureDocument>[0]["content"];
const sheetMeta = (versionNumber: number) => ({ vendorName: "ベンチマーク医療クラウド株式会社", serviceName: "クラウド電子カルテ", versionNumber, lastUpdated: Date.now(), contentHash: published.contentHash, publicUrl: "https://kaiji.example/disclosures/x/v/1", draft: false, generatedAt: Date.now() });

async function timeRender(template: typeof hispro, content: typeof hisproContent) {
  const doc = renderDisclosureDocument({ template, content, meta: sheetMeta(1) });
  const start = performance.now();
  const { pdf } = await renderPdf(doc.html);
  return { ms: performance.now() - start, bytes: pdf.length, pdf };
}

// Cold start: nothing launched yet in this process.
const cold = await timeRender(agency, agencyContent);
const agencyRuns: number[] = [];
const hisproRuns: number[] = [];
let hisproBytes = 0;
let hisproPages = 0;
for (let i = 0; i < RENDERS; i++) agencyRuns.push((await timeRender(agency, agencyContent)).ms);
for (let i = 0; i < RENDERS; i++) {
  const run = await timeRender(hispro, hisproContent);
  hisproRuns.push(run.ms);
  if (i === 0) {
    hisproBytes = run.bytes;
    const file = path.join(dir, "hispro.pdf");
    writeFileSync(file, run.pdf);
    hisproPages = Number(/Pages:\s+(\d+)/.exec(execFileSync("pdfinfo", [file], { encoding: "utf8" }))?.[1] ?? 0);
  }
}
await closePdfRenderer();

// Cache hits through the app.
const PORT = 3919;
const app = await startApp(PORT, process.env.DATABASE_PATH!);
const pdfUrl = `http://127.0.0.1:${PORT}/disclosures/${id}/v/1.pdf`;
const first = await fetch(pdfUrl);
if (first.status !== 200) throw new Error(`pdf answered ${first.status}`);
const pdfFile = path.join(dir, "served.pdf");
writeFileSync(pdfFile, Buffer.from(await first.arrayBuffer()));
const hits = await loadTest(pdfUrl, SECONDS, 10);
app.kill();
const bare = await startBareServer(PORT + 1, pdfFile, "application/pdf");
const bareHits = await loadTest(`http://127.0.0.1:${PORT + 1}/`, SECONDS, 10);
bare.kill();

// LibreOffice converting the same rows from a spreadsheet.
function csv(template: typeof hispro, content: typeof hisproContent): string {
  const cell = (s: string) => `"${s.replace(/"/g, '""')}"`;
  const rows = [...walkItems(template)].map(({ item }) => {
    const r = content.responses[item.key];
    return [item.number ?? "", item.level === "required" ? "必須" : item.level === "recommended" ? "推奨" : "", item.text, formatAnswer(template, item, r?.value), (r?.evidence ?? []).map((e) => e.name ?? e.url).join(" "), r?.note ?? ""].map(cell).join(",");
  });
  return ["項番,必須/推奨,項目,回答,根拠資料,備考", ...rows].join("\n");
}
let libreoffice: Record<string, unknown> = { skipped: "libreoffice is not installed (apt-get install libreoffice-calc-nogui)" };
if (spawnSync("which", ["libreoffice"]).status === 0) {
  const outDir = path.join(dir, "lo");
  mkdirSync(outDir);
  const convert = (name: string, text: string) => {
    const file = path.join(dir, `${name}.csv`);
    writeFileSync(file, text);
    const start = performance.now();
    execFileSync("libreoffice", ["--headless", "--infilter=CSV:44,34,76", "--convert-to", "pdf", "--outdir", outDir, file], { stdio: "ignore", timeout: 120_000 });
    return performance.now() - start;
  };
  const runs = Math.min(RENDERS, 10);
  const agencyLo: number[] = [];
  const hisproLo: number[] = [];
  for (let i = 0; i < runs; i++) agencyLo.push(convert("agency", csv(agency, agencyContent)));
  for (let i = 0; i < runs; i++) hisproLo.push(convert("hispro", csv(hispro, hisproContent)));
  libreoffice = { note: "each run starts LibreOffice, as a vendor's script does", agency: summary(agencyLo), hispro: summary(hisproLo) };
}

const results = {
  date: new Date().toISOString(),
  machine: { cpus: os.cpus().length, node: process.version },
  coldStartMs: round(cold.ms),
  agencyWarm: { ...summary(agencyRuns), targetMs: 250 },
  hisproWarm: { ...summary(hisproRuns), targetMs: 600, bytes: hisproBytes, pages: hisproPages, items: items.length },
  cacheHits: { ...hits, target: 500, bareServerSameBytes: bareHits, ratioToBare: round(hits.requestsPerSecond / bareHits.requestsPerSecond) },
  libreoffice,
};
mkdirSync(path.dirname(OUT), { recursive: true });
writeFileSync(OUT, `${JSON.stringify(results, null, 2)}\n`);
console.log(JSON.stringify(results, null, 2));
process.exit(0);
