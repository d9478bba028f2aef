// Benchmark for answers in from a workbook (issue 14), in-process, bounded in count:
//   npx tsx scripts/bench-answers.ts [--runs 20] [--out data/bench-answers.json]
// A fully answered 504-item HISPRO draft is written as the portal's workbook; every status answer is then changed
// in the file (a vendor's whole year of edits), and the import preview (read the workbook + classify 504 rows) is
// timed `runs` times, then the apply (504 rows through the editor's revision rules, one transaction).
// Targets: preview p95 < 1 s, apply < 500 ms.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import ExcelJS from "exceljs";
import { option, percentile, ROOT, round, seedHisproBench } from "./bench-helpers.js";

const RUNS = Number(option("runs", "20"));
const OUT = path.resolve(ROOT, option("out", "data/bench-answers.json"));
const dir = mkdtempSync(path.join(os.tmpdir(), "kaiji-bench-answers-"));
process.env.DATABASE_PATH = path.join(dir, "bench.sqlite");

const { createDisclosure, getDisclosure, getDraft, saveDraft } = await import("../app/models/disclosure.server.js");
const { answersWorkbook } = await import("../app/utils/answers-export.server.js");
const { applyImport, previewUpload } = await import("../app/models/answer-import.server.js");

const { db, template, actor, meta, answers } = await seedHisproBench(process.env.DATABASE_PATH);
const id = await createDisclosure(db, actor, "bench-org", { templateId: template.id, templateVersion: template.version, serviceId: null, visibility: "public" }, meta);
const disclosure = (await getDisclosure(db, "bench-org", id))!;
await saveDraft(db, actor, disclosure, answers, meta);
const draft = await getDraft(db, disclosure);
const exported = await answersWorkbook({ template, content: draft.content, organizationName: "ベンチ", serviceName: null, versionLabel: "下書き", publishedAt: null, contentHash: null, base: { revisions: draft.revisions }, now: Date.now() });

// Every status answer flipped in the file, with the usual variety of words.
const workbook = new ExcelJS.Workbook();
await workbook.xlsx.load(new Uint8Array(exported).buffer);
const sheet = workbook.getWorksheet("回答")!;
let flipped = 0;
sheet.eachRow((row) => {
  const answer = String(row.getCell(6).value ?? "");
  if (answer === "対応済") (row.getCell(6).value = flipped++ % 2 ? "未対応" : "×"), row.getCell(9).value = "次期更改で対応";
  else if (answer === "未対応") (row.getCell(6).value = flipped++ % 2 ? "対応済み" : "○");
});
const file = Buffer.from(await workbook.xlsx.writeBuffer());

const previewMs: number[] = [];
let preview: Awaited<ReturnType<typeof previewUpload>> | undefined;
for (let i = 0; i < RUNS; i++) {
  const start = performance.now();
  preview = await previewUpload(db, disclosure, file, "bench.xlsx");
  previewMs.push(performance.now() - start);
}
const accepted = preview!.rows.filter((r) => r.status === "accepted").map((r) => ({ key: r.key, baseRevision: r.baseRevision, response: r.response }));
const start = performance.now();
const applied = await applyImport(db, actor, disclosure, accepted, meta);
const applyMs = performance.now() - start;
await db.destroy();
rmSync(dir, { recursive: true, force: true });

const results = {
  date: new Date().toISOString(),
  machine: { cpus: os.cpus().length, node: process.version, loadAverage: os.loadavg().map(round) },
  settings: { runs: RUNS, rows: preview!.rows.length, fileBytes: file.length },
  totals: preview!.totals,
  preview: { medianMs: round(percentile(previewMs, 50)), p95Ms: round(percentile(previewMs, 95)), targetP95Ms: 1000 },
  apply: { rows: accepted.length, saved: "saved" in applied ? applied.saved.length : 0, ms: round(applyMs), targetMs: 500 },
  peakRssMb: round(process.resourceUsage().maxRSS / 1024),
};
mkdirSync(path.dirname(OUT), { recursive: true });
writeFileSync(OUT, `${JSON.stringify(results, null, 2)}\n`);
console.log(JSON.stringify(results, null, 2));
process.exit(0);
