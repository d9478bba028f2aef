// Benchmark for the hospitals' directory and comparison, in one run, on loopback:
//   npx tsx scripts/bench-directory.ts [--vendors 2000] [--runs 200] [--warmup 30] [--seconds 5] [--connections 10]
//                                      [--validate-every 50] [--out data/bench-directory.json]
// 1. seeds --vendors fictional vendors × every built-in template (db/directory-seed.ts) into a
//    fresh database file and times it;
// 2. starts the app in its own process and, one request at a time on one keep-alive connection (gzip, as a
//    browser asks), times the directory with two filters (two pairs) and with a text query, and a
//    10-vendor comparison on the 504-item HISPRO template: median / p95 / p99, page size raw and gzipped;
// 3. times the same work in this process without HTTP or rendering: the directory model (`searchDirectory`:
//    its SQL plus the facet counts in memory), the comparison's queries (`loadComparisonInputs` and the 10
//    versions' content via `getVersion`), the pure `compareDisclosures`, and the whole `loadComparison`;
//    a second, logging connection gives each query's own time and EXPLAIN QUERY PLAN of the slowest;
// 4. a short concurrent run per page (wrk or autocannon; these send no Accept-Encoding, so uncompressed), of a kept
//    URL and of URLs rendered each time (`&run=<n>` per request);
// 5. the comparison's overview (issue 19: < 10% of the page's HTML and render time): its bytes in the served page,
//    and its own work (comparisonOverview + rendering the component) against the page's median time.
// Needs `npm run build` first. Prints a table and writes the figures as JSON.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import SQLite from "better-sqlite3";
import { Kysely, SqliteDialect, type LogEvent } from "kysely";
import type { Database } from "../db/schema.js";
import type { CompareInput } from "../disclosures/compare.js";
import { httpTimer, loadTest, option, percentile, ROOT, round, startApp, stats, type LoadResult } from "./bench-helpers.js";

const VENDORS = Number(option("vendors", "2000"));
const RUNS = Number(option("runs", "200"));
const WARMUP = Number(option("warmup", "30"));
const SECONDS = Number(option("seconds", "5"));
const CONNECTIONS = Number(option("connections", "10"));
const VALIDATE_EVERY = Number(option("validate-every", "50"));
const OUT = path.resolve(ROOT, option("out", "data/bench-directory.json"));
const PORT = 3923;
const COMPARED = 10;
// Issue 18 added: directory p95 over HTTP ≤ 2 × the in-process search and ≥ 300 req/s with 10 connections; the
// comparison rendered each time p95 < 60 ms and ≥ 50 req/s with 10 connections.
const TARGETS = { compare20P95Ms: 120, compare20HtmlBytes: 1_000_000, directoryP95Ms: 50, compareP95Ms: 300, compareHtmlBytes: 2_000_000, overviewShare: 0.1, directoryToInProcess: 2, directoryReqPerSec: 300, compareRenderedP95Ms: 60, compareRenderedReqPerSec: 50 };

if (!readFileSync(path.join(ROOT, "build/index.js"), "utf8").includes("routes/compare._index")) {
  throw new Error("build/ has no directory or comparison pages: run `npm run build` first");
}

const dir = mkdtempSync(path.join(os.tmpdir(), "kaiji-bench-directory-"));
const DATABASE_PATH = path.join(dir, "bench.sqlite");
process.env.DATABASE_PATH = DATABASE_PATH;

const { openDatabase } = await import("../db/connection.js");
const { migrateToLatest } = await import("../db/migrator.js");
const { syncBuiltinTemplates } = await import("../app/models/template.server.js");
const { seedDirectoryBench } = await import("../db/directory-seed.js");
const { parseDirectoryQuery } = await import("../app/models/directory.js");
const { searchDirectory } = await import("../app/models/directory.server.js");
const { parseComparisonParams } = await import("../app/models/comparison.js");
const { loadComparison, loadComparisonInputs } = await import("../app/models/comparison.server.js");
const { getVersion } = await import("../app/models/disclosure.server.js");
const { loadVersionTemplate } = await import("../app/models/reading.server.js");
const { compareDisclosures } = await import("../disclosures/compare.js");
const { createElement } = await import("react");
const { renderToStaticMarkup } = await import("react-dom/server");
const { ComparisonOverview } = await import("../app/components/comparison-overview.js");

let app: Awaited<ReturnType<typeof startApp>> | undefined;
const cleanUp = () => {
  app?.kill();
  rmSync(dir, { recursive: true, force: true });
};
process.on("exit", cleanUp);

// ---- 1. seed -------------------------------------------------------------------------------------
const loadAtStart = os.loadavg().map(round);
const seedDb = openDatabase(DATABASE_PATH);
await migrateToLatest(seedDb);
await syncBuiltinTemplates(seedDb, path.join(ROOT, "disclosures/templates"));
const seedStart = performance.now();
const seeded = await seedDirectoryBench(seedDb, { vendors: VENDORS, seed: 1, validateEvery: VALIDATE_EVERY });
const seedMs = performance.now() - seedStart;
const counts = Object.fromEntries(
  await Promise.all(
    (["organization", "service", "certification", "storage_location", "disclosure", "disclosure_version", "version_summary", "search_document"] as const).map(async (table) => [
      table,
      Number((await seedDb.selectFrom(table).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n),
    ]),
  ),
);
await seedDb.destroy(); // folds the WAL into the file, so its size is the database's
const databaseBytes = statSync(DATABASE_PATH).size;
console.error(`seeded ${VENDORS} vendors (${seeded.disclosures} disclosures) in ${(seedMs / 1000).toFixed(1)} s; database ${(databaseBytes / 1e6).toFixed(1)} MB`);

// Ten public HISPRO disclosures spread over the vendors.
if (seeded.publicHispro.length < COMPARED) throw new Error(`only ${seeded.publicHispro.length} public HISPRO disclosures: seed more vendors`);
const compared = Array.from({ length: COMPARED }, (_, i) => seeded.publicHispro[Math.floor((i * seeded.publicHispro.length) / COMPARED)]);
const compareQuery = `${compared.map((d) => `d=${d}`).join("&")}&template=hispro-checksheet`;
// Twenty, for the larger comparison (issue 18: < 120 ms and < 1 MB of HTML).
const compared20 = Array.from({ length: 20 }, (_, i) => seeded.publicHispro[Math.floor((i * seeded.publicHispro.length) / 20)]);
const compare20Query = `${compared20.map((d) => `d=${d}`).join("&")}&template=hispro-checksheet`;

const directoryCases = [
  { name: "directory: cert=isms & storage=jp-only", query: "cert=isms&storage=jp-only", target: true },
  { name: "directory: template=hispro & coverage=90", query: "template=hispro-checksheet&coverage=90", target: true },
  { name: "directory: q=暗号化", query: `q=${encodeURIComponent("暗号化")}`, target: false },
];

// ---- 2. over HTTP, sequentially -------------------------------------------------------------------
const { timeHttp, close: closeHttp } = httpTimer(PORT, RUNS, WARMUP);

app = await startApp(PORT, DATABASE_PATH);
const http_: Record<string, Awaited<ReturnType<typeof timeHttp>>> = {};
for (const c of directoryCases) http_[c.name] = await timeHttp(`/directory?${c.query}`);
// The first case rendered for each request (kept pages answer the ones above after the first): `run` changes nothing
// but the cache key.
const directoryRendered = await timeHttp((i) => `/directory?${directoryCases[0].query}&run=${i}`);
const comparePage = await timeHttp(`/compare?${compareQuery}`);
// The same comparison rendered for each request: an unknown parameter changes nothing but the cache key.
const compareRendered = await timeHttp((i) => `/compare?${compareQuery}&run=${i}`);
const compare20Rendered = await timeHttp((i) => `/compare?${compare20Query}&run=${i}`);
// What the results say, to show the pages did real work (and what a reader saw).
const totalOf = (html: string) => /(\d[\d,]*)\s*件/.exec(html.replace(/<[^>]+>/g, ""))?.[1] ?? "?";
const compareColumns = (comparePage.body.toString().match(/<th[^>]*scope="col"/g) ?? []).length;

// ---- 3. in this process: model, SQL, computation ------------------------------------------------
const db = openDatabase(DATABASE_PATH);

async function timeIt<T>(fn: () => Promise<T> | T) {
  for (let i = 0; i < WARMUP; i++) await fn();
  const times: number[] = [];
  let last: T | undefined;
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    last = await fn();
    times.push(performance.now() - start);
  }
  return { ...stats(times), last: last! };
}

const model: Record<string, ReturnType<typeof stats>> = {};
const directoryTotals: Record<string, number> = {};
for (const c of directoryCases) {
  const query = parseDirectoryQuery(new URLSearchParams(c.query));
  const { last, ...s } = await timeIt(() => searchDirectory(db, null, query));
  model[c.name] = s;
  directoryTotals[c.name] = last.total;
}
const compareParams = parseComparisonParams(new URLSearchParams(compareQuery));
const queries = async () => {
  const inputs = await loadComparisonInputs(db, null, compareParams);
  if (inputs.kind !== "found") throw new Error("comparison inputs not found");
  const versions = [];
  for (const c of inputs.candidates) versions.push((await getVersion(db, c.disclosureId, c.version))!);
  return { inputs, versions };
};
const { last: loaded, ...compareQueries } = await timeIt(queries);
const compareInputs: CompareInput[] = [];
for (const version of loaded.versions) compareInputs.push({ template: await loadVersionTemplate(db, version), content: version.parsed });
const { last: comparison, ...compareCompute } = await timeIt(() => compareDisclosures(compareInputs, compareParams.filters));
const { last: _page, ...compareModel } = await timeIt(() => loadComparison(db, null, compareParams));
// The overview's share of the page: its bytes as served, and its own work (counting from the matrix, then rendering).
const servedHtml = comparePage.body.toString();
const overviewStart = servedHtml.indexOf('<section class="compare-overview"');
const overviewBytes = overviewStart < 0 ? 0 : Buffer.byteLength(servedHtml.slice(overviewStart, servedHtml.indexOf("</section>", overviewStart) + "</section>".length));
const overviewVendors = compareInputs.map((_, i) => ({ name: `事業者${i + 1}`, rank: null }));
const { comparisonOverview } = await import("../disclosures/compare-overview.js");
const { last: overviewHtml, ...overviewRender } = await timeIt(() => renderToStaticMarkup(createElement(ComparisonOverview, { overview: comparisonOverview(comparison), rowCount: comparison.rowCount, vendors: overviewVendors })));
if (!overviewBytes || !overviewHtml.includes("heatmap")) throw new Error("the comparison page has no overview: nothing to measure");

// Each query's own time (Kysely's log measures the driver call only) on a second, read-only connection.
const perQuery = new Map<string, { sql: string; parameters: readonly unknown[]; ms: number[] }>();
const logged = new Kysely<Database>({
  dialect: new SqliteDialect({ database: new SQLite(DATABASE_PATH, { readonly: true }) }),
  log(event: LogEvent) {
    if (event.level !== "query") return;
    const entry = perQuery.get(event.query.sql) ?? { sql: event.query.sql, parameters: event.query.parameters, ms: [] };
    entry.ms.push(event.queryDurationMillis);
    perQuery.set(event.query.sql, entry);
  },
});
function breakdown(run: () => Promise<unknown>) {
  return async () => {
    perQuery.clear();
    for (let i = 0; i < 50; i++) await run();
    const rows = [...perQuery.values()].map((q) => ({ sql: q.sql, parameters: q.parameters, calls: q.ms.length / 50, medianMs: round(percentile(q.ms, 50)), totalMedianMs: round((percentile(q.ms, 50) * q.ms.length) / 50) }));
    rows.sort((a, b) => b.totalMedianMs - a.totalMedianMs);
    return rows;
  };
}
const explain = new SQLite(DATABASE_PATH, { readonly: true });
const plan = (q: { sql: string; parameters: readonly unknown[] }) =>
  (explain.prepare(`explain query plan ${q.sql}`).all(...(q.parameters as unknown[])) as { detail: string }[]).map((r) => r.detail);

const sqlBreakdown: Record<string, { sql: string; calls: number; medianMs: number; totalMedianMs: number; plan?: string[] }[]> = {};
for (const c of directoryCases) {
  const rows = await breakdown(() => searchDirectory(logged, null, parseDirectoryQuery(new URLSearchParams(c.query))))();
  sqlBreakdown[c.name] = rows.map((r, i) => ({ sql: r.sql.slice(0, 160), calls: r.calls, medianMs: r.medianMs, totalMedianMs: r.totalMedianMs, ...(i === 0 ? { plan: plan(r) } : {}) }));
}
{
  const rows = await breakdown(() => loadComparison(logged, null, compareParams))();
  sqlBreakdown["compare: 10 × HISPRO"] = rows.map((r, i) => ({ sql: r.sql.slice(0, 160), calls: r.calls, medianMs: r.medianMs, totalMedianMs: r.totalMedianMs, ...(i === 0 ? { plan: plan(r) } : {}) }));
}
explain.close();
await logged.destroy();
await db.destroy();

// ---- 4. concurrent ---------------------------------------------------------------------------------
const load: Record<string, LoadResult> = {};
load[directoryCases[0].name] = await loadTest(`http://127.0.0.1:${PORT}/directory?${directoryCases[0].query}`, SECONDS, CONNECTIONS);
load[`${directoryCases[0].name}, rendered each time`] = await loadTest(`http://127.0.0.1:${PORT}/directory?${directoryCases[0].query}`, SECONDS, CONNECTIONS, { unique: true });
load["compare: 10 × HISPRO"] = await loadTest(`http://127.0.0.1:${PORT}/compare?${compareQuery}`, SECONDS, CONNECTIONS);
load["compare: 10 × HISPRO, rendered each time"] = await loadTest(`http://127.0.0.1:${PORT}/compare?${compareQuery}`, SECONDS, CONNECTIONS, { unique: true });
app.kill();
app = undefined;
closeHttp();

// ---- report ---------------------------------------------------------------------------------------
const directoryP95 = Math.max(...directoryCases.filter((c) => c.target).map((c) => http_[c.name].p95Ms));
const targets = {
  directoryTwoFiltersP95Under50Ms: directoryP95 < TARGETS.directoryP95Ms,
  compare10VendorsP95Under300Ms: comparePage.p95Ms < TARGETS.compareP95Ms,
  compareHtmlUnder2MB: comparePage.htmlBytes < TARGETS.compareHtmlBytes,
  overviewUnder10PercentOfHtml: overviewBytes / comparePage.htmlBytes < TARGETS.overviewShare,
  overviewUnder10PercentOfTime: overviewRender.medianMs / compareRendered.medianMs < TARGETS.overviewShare,
  directoryP95AtMost2xInProcess: directoryCases.filter((c) => c.target).every((c) => http_[c.name].p95Ms <= TARGETS.directoryToInProcess * model[c.name].p95Ms),
  directoryRenderedP95AtMost2xInProcess: directoryRendered.p95Ms <= TARGETS.directoryToInProcess * model[directoryCases[0].name].p95Ms,
  directoryAtLeast300ReqPerSec: load[directoryCases[0].name].requestsPerSecond >= TARGETS.directoryReqPerSec,
  directoryRenderedAtLeast300ReqPerSec: load[`${directoryCases[0].name}, rendered each time`].requestsPerSecond >= TARGETS.directoryReqPerSec,
  compareRenderedP95Under60Ms: compareRendered.p95Ms < TARGETS.compareRenderedP95Ms,
  compare20RenderedP95Under120Ms: compare20Rendered.p95Ms < TARGETS.compare20P95Ms,
  compare20HtmlUnder1MB: compare20Rendered.htmlBytes < TARGETS.compare20HtmlBytes,
  compareRenderedAtLeast50ReqPerSec: load["compare: 10 × HISPRO, rendered each time"].requestsPerSecond >= TARGETS.compareRenderedReqPerSec,
};
const strip = ({ body: _body, ...rest }: Awaited<ReturnType<typeof timeHttp>>) => rest;
const results = {
  date: new Date().toISOString(),
  // Load averages (1, 5, 15 min) before and after: other work on the machine shows up in the figures.
  machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, node: process.version, loadAtStart, loadAtEnd: os.loadavg().map(round) },
  settings: { vendors: VENDORS, runs: RUNS, warmup: WARMUP, seconds: SECONDS, connections: CONNECTIONS, comparedDisclosures: COMPARED, validateEvery: VALIDATE_EVERY },
  seed: { ms: round(seedMs), disclosures: seeded.disclosures, databaseBytes, rows: counts },
  http: {
    ...Object.fromEntries(directoryCases.map((c) => [c.name, { ...strip(http_[c.name]), results: directoryTotals[c.name], pageSaysTotal: totalOf(http_[c.name].body.toString()) }])),
    [`${directoryCases[0].name}, rendered each time`]: strip(directoryRendered),
    "compare: 10 × HISPRO": { ...strip(comparePage), columnHeaders: compareColumns, rows: comparison.rowCount },
    "compare: 10 × HISPRO, rendered each time": strip(compareRendered),
    "compare: 20 × HISPRO, rendered each time": strip(compare20Rendered),
  },
  inProcess: {
    ...Object.fromEntries(directoryCases.map((c) => [`${c.name} — searchDirectory`, model[c.name]])),
    "compare: queries (loadComparisonInputs + 10 × getVersion)": compareQueries,
    "compare: compareDisclosures (pure)": compareCompute,
    "compare: loadComparison (queries + compute)": compareModel,
    // What React rendering, Remix's loader-data round trip, gzip and HTTP add to the model (medians).
    compareRenderingAddsMedianMs: round(compareRendered.medianMs - compareModel.medianMs),
    "compare: overview (comparisonOverview + render)": overviewRender,
  },
  overview: { bytes: overviewBytes, shareOfHtml: round(overviewBytes / comparePage.htmlBytes), shareOfRenderedMedianTime: round(overviewRender.medianMs / compareRendered.medianMs) },
  sqlBreakdown,
  load,
  targets: { limits: TARGETS, directoryTwoFiltersP95Ms: directoryP95, ...targets },
};

const renderingAddsMs = round(compareRendered.medianMs - compareModel.medianMs);
const pass = (ok: boolean) => (ok ? "pass" : "FAIL");
const kb = (n: number) => `${(n / 1024).toFixed(0)} KiB`;
const lines = [
  `Seed: ${VENDORS} vendors, ${seeded.disclosures} disclosures in ${(seedMs / 1000).toFixed(1)} s; database ${(databaseBytes / 1e6).toFixed(1)} MB`,
  "",
  "| measure | median ms | p95 ms | p99 ms | size (raw / gzip) | target |",
  "|---|---:|---:|---:|---|---|",
  ...directoryCases.map((c) => {
    const h = http_[c.name];
    return `| HTTP ${c.name} (${directoryTotals[c.name]} results) | ${h.medianMs} | ${h.p95Ms} | ${h.p99Ms} | ${kb(h.htmlBytes)} / ${kb(h.gzipBytes)} | ${c.target ? `p95 < ${TARGETS.directoryP95Ms}: ${pass(h.p95Ms < TARGETS.directoryP95Ms)}` : "—"} |`;
  }),
  `| HTTP ${directoryCases[0].name}, rendered each time (not kept) | ${directoryRendered.medianMs} | ${directoryRendered.p95Ms} | ${directoryRendered.p99Ms} | ${kb(directoryRendered.htmlBytes)} / ${kb(directoryRendered.gzipBytes)} | p95 ≤ 2 × in-process: ${pass(targets.directoryRenderedP95AtMost2xInProcess)} (kept: ${pass(targets.directoryP95AtMost2xInProcess)}) |`,
  ...directoryCases.map((c) => `| in-process searchDirectory, ${c.name.replace("directory: ", "")} | ${model[c.name].medianMs} | ${model[c.name].p95Ms} | ${model[c.name].p99Ms} | | |`),
  `| HTTP compare: 10 × HISPRO (${comparison.rowCount} rows) | ${comparePage.medianMs} | ${comparePage.p95Ms} | ${comparePage.p99Ms} | ${kb(comparePage.htmlBytes)} / ${kb(comparePage.gzipBytes)} | p95 < ${TARGETS.compareP95Ms}: ${pass(targets.compare10VendorsP95Under300Ms)}; HTML < 2 MB: ${pass(targets.compareHtmlUnder2MB)} |`,
  `| HTTP compare: 10 × HISPRO, rendered each time (not kept) | ${compareRendered.medianMs} | ${compareRendered.p95Ms} | ${compareRendered.p99Ms} | ${kb(compareRendered.htmlBytes)} / ${kb(compareRendered.gzipBytes)} | p95 < ${TARGETS.compareRenderedP95Ms}: ${pass(targets.compareRenderedP95Under60Ms)} |`,
  `| HTTP compare: 20 × HISPRO, rendered each time (not kept) | ${compare20Rendered.medianMs} | ${compare20Rendered.p95Ms} | ${compare20Rendered.p99Ms} | ${kb(compare20Rendered.htmlBytes)} / ${kb(compare20Rendered.gzipBytes)} | p95 < ${TARGETS.compare20P95Ms}: ${pass(targets.compare20RenderedP95Under120Ms)}; HTML < 1 MB: ${pass(targets.compare20HtmlUnder1MB)} |`,
  `| compare SQL: loadComparisonInputs + 10 × getVersion | ${compareQueries.medianMs} | ${compareQueries.p95Ms} | ${compareQueries.p99Ms} | | |`,
  `| compare compute: compareDisclosures | ${compareCompute.medianMs} | ${compareCompute.p95Ms} | ${compareCompute.p99Ms} | | |`,
  `| compare model: loadComparison (SQL + compute) | ${compareModel.medianMs} | ${compareModel.p95Ms} | ${compareModel.p99Ms} | | |`,
  `| compare rendering + HTTP (HTTP − loadComparison) | ${renderingAddsMs} | | | | |`,
  `| compare overview: comparisonOverview + render | ${overviewRender.medianMs} | ${overviewRender.p95Ms} | ${overviewRender.p99Ms} | ${kb(overviewBytes)} in the page | ${(100 * overviewBytes / comparePage.htmlBytes).toFixed(1)}% of HTML, ${(100 * overviewRender.medianMs / compareRendered.medianMs).toFixed(1)}% of the rendered page's time (< 10%): ${pass(targets.overviewUnder10PercentOfHtml && targets.overviewUnder10PercentOfTime)} |`,
  "",
  "| concurrent (uncompressed) | tool | req/s | p99 ms | errors |",
  "|---|---|---:|---:|---:|",
  ...Object.entries(load).map(([name, r]) => `| ${name}, ${CONNECTIONS} connections, ${SECONDS} s | ${r.tool} | ${r.requestsPerSecond} | ${r.latencyP99Ms} | ${r.errors} |`),
  `Targets with ${CONNECTIONS} connections: directory ≥ ${TARGETS.directoryReqPerSec} req/s kept ${pass(targets.directoryAtLeast300ReqPerSec)}, rendered each time ${pass(targets.directoryRenderedAtLeast300ReqPerSec)}; comparison rendered each time ≥ ${TARGETS.compareRenderedReqPerSec} req/s ${pass(targets.compareRenderedAtLeast50ReqPerSec)}`,
  "",
  "Slowest query per measure (median ms per request):",
  ...Object.entries(sqlBreakdown).map(([name, rows]) => `- ${name}: ${rows[0].totalMedianMs} ms of ${round(rows.reduce((s, r) => s + r.totalMedianMs, 0))} ms SQL — ${rows[0].sql.slice(0, 90)}… plan: ${rows[0].plan?.join(" / ")}`),
];
mkdirSync(path.dirname(OUT), { recursive: true });
writeFileSync(OUT, `${JSON.stringify(results, null, 2)}\n`);
console.log(lines.join("\n"));
console.log(JSON.stringify({ bench: "directory", ...results.targets, seedMs: results.seed.ms, databaseBytes }));
process.exit(0);
