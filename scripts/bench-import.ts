// How fast a 5,000-row workbook previews as a template (issue 13: < 2 s, < 200 MB), on this machine:
//   npx tsx scripts/bench-import.ts [--runs 7] [--out data/bench-import.json]      (npm run bench:import)
// Writes an MDS-shaped workbook of 5,000 rows (a heading row, a merged chapter row every 50 rows, items with
// wrapped placeholder texts, levels, references, 確認事項), then in fresh child processes:
//   - timing: readWorkbook (upload → grid) and previewImport (grid + mapping → checked template), `runs` times
//     each in one process; medians and p95 (the first, cold run included);
//   - memory: one upload read and previewed in a fresh process, its peak RSS (Node, tsx and the modules
//     included) — what one import costs. The timing process's peak after `runs` imports is reported too: V8
//     collects lazily, so consecutive imports in one process reach higher before a major collection.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { option, ROOT, round, summary } from "./bench-helpers.js";

const ROWS = 5_000;
const TARGET_MS = 2_000;
const TARGET_MB = 200;

if (process.argv.includes("--child")) {
  const { previewImport, readWorkbook } = await import("../disclosures/workbook/index.js");
  const { bigWorkbookMapping } = await import("../tests/fixtures/make-workbooks.js");
  const file = option("child", "");
  const runs = Number(option("runs", "7"));
  const rssAfterImports = process.memoryUsage().rss;
  const buf = readFileSync(file);
  const read: number[] = [];
  const preview: number[] = [];
  // CPU time (user + system) of read + preview: what the run cost this process, whatever else the machine was doing.
  const cpu: number[] = [];
  let result: Awaited<ReturnType<typeof previewImport>> | undefined;
  let grid: Awaited<ReturnType<typeof readWorkbook>> | undefined;
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    grid = await readWorkbook(buf, { fileName: "bench.xlsx" });
    const t1 = performance.now();
    result = previewImport(grid, bigWorkbookMapping());
    const t2 = performance.now();
    const c = process.cpuUsage(c0);
    read.push(t1 - t0);
    preview.push(t2 - t1);
    cpu.push((c.user + c.system) / 1000);
  }
  if (!result?.template) throw new Error(`the benchmark workbook did not import: ${JSON.stringify(result?.problems.slice(0, 3))}`);
  process.stdout.write(
    JSON.stringify({
      rows: grid!.sheets[0].rowCount,
      items: result.itemCount,
      sections: result.sectionCount,
      read,
      preview,
      total: read.map((r, i) => r + preview[i]),
      cpu,
      loadAverage: (await import("node:os")).loadavg()[0],
      rssAfterImportsMb: rssAfterImports / 1024 / 1024,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
    }),
  );
} else {
  const runs = option("runs", "7");
  const out = path.resolve(ROOT, option("out", "data/bench-import.json"));
  const { bigWorkbook } = await import("../tests/fixtures/make-workbooks.js");
  const dir = mkdtempSync(path.join(os.tmpdir(), "kaiji-bench-import-"));
  try {
    const file = path.join(dir, "bench.xlsx");
    const buf = await bigWorkbook(ROWS - 1); // + the heading row = 5,000 rows
    writeFileSync(file, buf);
    type Measured = { rows: number; items: number; sections: number; read: number[]; preview: number[]; total: number[]; cpu: number[]; loadAverage: number; rssAfterImportsMb: number; peakRssMb: number };
    const measure = (n: string): Measured => {
      const child = spawnSync(process.execPath, ["--import", "tsx", path.join(ROOT, "scripts/bench-import.ts"), "--child", file, "--runs", n], { cwd: ROOT, encoding: "utf8", maxBuffer: 16 * 1024 * 1024 });
      if (child.status !== 0) throw new Error(`benchmark child failed:\n${child.stderr}`);
      return JSON.parse(child.stdout) as Measured;
    };
    const m = measure(runs);
    const once = measure("1");
    const result = {
      at: new Date().toISOString(),
      workbook: { rows: m.rows, bytes: buf.length, items: m.items, sections: m.sections },
      readWorkbook: summary(m.read),
      previewImport: summary(m.preview),
      readAndPreview: summary(m.total),
      readAndPreviewCpu: summary(m.cpu),
      loadAverage: round(m.loadAverage),
      oneImport: { totalMs: round(once.total[0]), cpuMs: round(once.cpu[0]), peakRssMb: round(once.peakRssMb), rssAfterImportsMb: round(once.rssAfterImportsMb) },
      peakRssAfterRunsMb: round(m.peakRssMb),
      targets: { ms: TARGET_MS, mb: TARGET_MB },
    };
    const pass = result.previewImport.medianMs < TARGET_MS && result.readAndPreview.medianMs < TARGET_MS && result.oneImport.peakRssMb < TARGET_MB;
    writeFileSync(out, `${JSON.stringify({ ...result, pass }, null, 2)}\n`);
    process.stdout.write(
      `${m.rows} rows (${(buf.length / 1024).toFixed(0)} KB, ${m.items} items in ${m.sections} sections), ${m.read.length} runs:\n` +
        `  readWorkbook    median ${result.readWorkbook.medianMs} ms, p95 ${result.readWorkbook.p95Ms} ms\n` +
        `  previewImport   median ${result.previewImport.medianMs} ms, p95 ${result.previewImport.p95Ms} ms\n` +
        `  read + preview  median ${result.readAndPreview.medianMs} ms, p95 ${result.readAndPreview.p95Ms} ms (target < ${TARGET_MS} ms); CPU time median ${result.readAndPreviewCpu.medianMs} ms, p95 ${result.readAndPreviewCpu.p95Ms} ms (load average ${result.loadAverage})\n` +
        `  one import in a fresh process: ${result.oneImport.totalMs} ms (cold; CPU ${result.oneImport.cpuMs} ms), peak RSS ${result.oneImport.peakRssMb} MB (${result.oneImport.rssAfterImportsMb} MB of it Node, tsx and the modules; target < ${TARGET_MB} MB)\n` +
        `  peak RSS after ${m.read.length} imports in one process: ${result.peakRssAfterRunsMb} MB (V8 collects lazily)\n` +
        `${pass ? "within targets" : "OVER TARGET"}; written to ${path.relative(ROOT, out)}\n`,
    );
    if (!pass) process.exitCode = 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
