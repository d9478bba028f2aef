// SQLite and PostgreSQL side by side, in one run, on loopback (issue 17):
//   npm run bench:engines -- [--vendors 2000] [--runs 100] [--warmup 20] [--publishes 30] [--seconds 5]
//                            [--connections 10] [--out data/bench-engines.json]
// For each engine — a SQLite file, and PostgreSQL in a throwaway cluster with its default durability
// (scripts/postgres-cluster.sh with POSTGRES_CLUSTER_DURABLE=1; or BENCH_POSTGRES_URL, a maintenance database URL):
// 1. migrates, loads the templates and seeds --vendors fictional vendors × every built-in template (timed);
// 2. publish p95: a vendor publishes a fully answered HISPRO disclosure (504 items) --publishes times, through the
//    models in this process (the transaction, hashing, summary and search row: what a publish costs the database);
// 3. one app process: the directory with two filters (p95 of the slower case) and a 10-vendor HISPRO comparison
//    rendered each time (a new URL per request), one request at a time;
// 4. throughput with --connections: the directory (rendered for each request) and a cached published page, on one
//    process, then on two processes on the same database with the load spread over both (the client balances, so
//    no proxy takes a core of this two-core machine).
// Needs `npm run build` first. Prints a table and writes the figures as JSON.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import type { ChildProcess } from "node:child_process";
import { httpTimer, loadTest, option, publishBenchDisclosures, ROOT, round, seedBenchVendor, startApp, stopProcess, summary, type LoadResult } from "./bench-helpers.js";

const VENDORS = Number(option("vendors", "2000"));
const RUNS = Number(option("runs", "100"));
const WARMUP = Number(option("warmup", "20"));
const PUBLISHES = Number(option("publishes", "30"));
const SECONDS = Number(option("seconds", "5"));
const CONNECTIONS = Number(option("connections", "10"));
const OUT = path.resolve(ROOT, option("out", "data/bench-engines.json"));
const PORTS = [3931, 3932];
const TARGETS = { directoryP95Ms: 50, compareP95Ms: 300, twoProcessSpeedup: 1.6 };

if (!readFileSync(path.join(ROOT, "build/index.js"), "utf8").includes("routes/compare._index")) throw new Error("run `npm run build` first");

const dir = mkdtempSync(path.join(os.tmpdir(), "kaiji-bench-engines-"));
// Its own folder: PostgreSQL's user must be able to reach it (the folder above is the bench's, private to it).
const cluster = mkdtempSync(path.join(os.tmpdir(), "kaiji-bench-postgres-"));
let maintenance = process.env.BENCH_POSTGRES_URL;
const children = new Set<ChildProcess>();
process.on("exit", () => {
  for (const child of children) child.kill("SIGKILL");
  if (!process.env.BENCH_POSTGRES_URL) execFileSync("bash", [path.join(ROOT, "scripts/postgres-cluster.sh"), "stop", cluster]);
  rmSync(dir, { recursive: true, force: true });
});
if (!maintenance) {
  maintenance = execFileSync("bash", [path.join(ROOT, "scripts/postgres-cluster.sh"), "start", cluster], { encoding: "utf8", env: { ...process.env, POSTGRES_CLUSTER_DURABLE: "1" } }).trim();
}
const benchDatabase = `kaiji_bench_${process.pid}`;
execFileSync("psql", [maintenance, "-qXc", `create database "${benchDatabase}"`]);
const postgresUrl = Object.assign(new URL(maintenance), { pathname: `/${benchDatabase}` }).toString();

const { openDatabase } = await import("../db/connection.js");
const { migrateToLatest } = await import("../db/migrator.js");
const { syncBuiltinTemplates, getTemplate } = await import("../app/models/template.server.js");
const { seedDirectoryBench } = await import("../db/directory-seed.js");
const { walkItems } = await import("../disclosures/template-loader.js");

type EngineResult = {
  engine: string;
  seedSeconds: number;
  publish: ReturnType<typeof summary>;
  directory: Record<string, ReturnType<typeof summary> & { total: string }>;
  compare: ReturnType<typeof summary> & { htmlBytes: number };
  load: { directory: { one: LoadResult; two: LoadResult[] }; cachedPage: { one: LoadResult; two: LoadResult[] } };
};

const directoryCases = [
  { name: "cert=isms & storage=jp-only", query: "cert=isms&storage=jp-only" },
  { name: "template=hispro & coverage=90", query: "template=hispro-checksheet&coverage=90" },
];

async function benchEngine(engine: "SQLite" | "PostgreSQL", database: string): Promise<EngineResult> {
  console.error(`${engine}: seeding ${VENDORS} vendors…`);
  const db = openDatabase(database);
  await migrateToLatest(db);
  await syncBuiltinTemplates(db, path.join(ROOT, "disclosures/templates"));
  const seedStart = performance.now();
  const seeded = await seedDirectoryBench(db, { vendors: VENDORS, seed: 1, validateEvery: 50 });
  const seedSeconds = round((performance.now() - seedStart) / 1000);

  // 2. publishes through the models
  const { template } = (await getTemplate(db, "hispro-checksheet", "1.0.0"))!;
  const items = [...walkItems(template)].filter((e) => e.item.answer.kind === "status");
  const { publishMs, last: pageDisclosure } = await publishBenchDisclosures(db, { template, ...(await seedBenchVendor(db, items)) }, PUBLISHES);
  await db.destroy();

  // 3. one process, one request at a time
  const compared = Array.from({ length: 10 }, (_, i) => seeded.publicHispro[Math.floor((i * seeded.publicHispro.length) / 10)]);
  const compareQuery = `${compared.map((d) => `d=${d}`).join("&")}&template=hispro-checksheet`;
  const first = await startApp(PORTS[0], database);
  children.add(first);
  const timer = httpTimer(PORTS[0], RUNS, WARMUP);
  const directory: EngineResult["directory"] = {};
  for (const c of directoryCases) {
    const { body, htmlBytes: _h, gzipBytes: _g, ...s } = await timer.timeHttp(`/directory?${c.query}`);
    directory[c.name] = { ...s, total: /(\d[\d,]*)\s*件/.exec(body.toString().replace(/<[^>]+>/g, ""))?.[1] ?? "?" };
  }
  const { body: _b, gzipBytes: _g, ...compare } = await timer.timeHttp((i) => `/compare?${compareQuery}&run=${i}`);
  timer.close();

  // 4. throughput: one process, then two on the same database with the connections split between them
  const urls = (port: number) => ({ directory: `http://127.0.0.1:${port}/directory?${directoryCases[0].query}`, cachedPage: `http://127.0.0.1:${port}/disclosures/${pageDisclosure}/v/1` });
  const oneDirectory = await loadTest(urls(PORTS[0]).directory, SECONDS, CONNECTIONS);
  const oneCached = await loadTest(urls(PORTS[0]).cachedPage, SECONDS, CONNECTIONS);
  const second = await startApp(PORTS[1], database);
  children.add(second);
  await fetch(urls(PORTS[1]).cachedPage); // warms its page cache, as the first one's was by the run above
  const both = (page: "directory" | "cachedPage") => Promise.all(PORTS.map((port) => loadTest(urls(port)[page], SECONDS, CONNECTIONS / 2)));
  const twoDirectory = await both("directory");
  const twoCached = await both("cachedPage");
  for (const child of [first, second]) {
    await stopProcess(child);
    children.delete(child);
  }
  return {
    engine,
    seedSeconds,
    publish: summary(publishMs),
    directory,
    compare,
    load: { directory: { one: oneDirectory, two: twoDirectory }, cachedPage: { one: oneCached, two: twoCached } },
  };
}

const results = [await benchEngine("SQLite", path.join(dir, "bench.sqlite")), await benchEngine("PostgreSQL", postgresUrl)];

const rps = (runs: LoadResult[]) => round(runs.reduce((sum, r) => sum + r.requestsPerSecond, 0));
const row = (label: string, value: (r: EngineResult) => string, target = "") => `| ${label} | ${results.map(value).join(" | ")} | ${target} |`;
const slowerDirectory = (r: EngineResult) => Math.max(...Object.values(r.directory).map((d) => d.p95Ms));
const speedup = (r: EngineResult, page: "directory" | "cachedPage") => round(rps(r.load[page].two) / r.load[page].one.requestsPerSecond);
const table = [
  `| ${VENDORS} vendors × 5 templates | ${results.map((r) => r.engine).join(" | ")} | target |`,
  `| --- | ${results.map(() => "---").join(" | ")} | --- |`,
  row("seed", (r) => `${r.seedSeconds} s`),
  row("publish HISPRO (504 items), p95", (r) => `${r.publish.p95Ms} ms (median ${r.publish.medianMs})`),
  ...directoryCases.map((c) => row(`directory ${c.name}, p95`, (r) => `${r.directory[c.name].p95Ms} ms (median ${r.directory[c.name].medianMs}; ${r.directory[c.name].total} 件)`, `< ${TARGETS.directoryP95Ms} ms`)),
  row("comparison 10 × HISPRO, rendered each time, p95", (r) => `${r.compare.p95Ms} ms (median ${r.compare.medianMs})`, `< ${TARGETS.compareP95Ms} ms`),
  row(`directory, ${CONNECTIONS} connections, 1 process`, (r) => `${r.load.directory.one.requestsPerSecond} req/s`),
  row("directory, 2 processes", (r) => `${rps(r.load.directory.two)} req/s (${speedup(r, "directory")}×)`, `≥ ${TARGETS.twoProcessSpeedup}×`),
  row(`cached published page, 1 process`, (r) => `${r.load.cachedPage.one.requestsPerSecond} req/s`),
  row("cached published page, 2 processes", (r) => `${rps(r.load.cachedPage.two)} req/s (${speedup(r, "cachedPage")}×)`),
].join("\n");

mkdirSync(path.dirname(OUT), { recursive: true });
writeFileSync(OUT, JSON.stringify({ date: new Date().toISOString(), machine: { cpus: os.cpus().length, node: process.version, loadAverage: os.loadavg().map(round) }, options: { VENDORS, RUNS, PUBLISHES, SECONDS, CONNECTIONS }, targets: TARGETS, results }, null, 2));
console.log(table);
console.log(`load generator: ${results[0].load.directory.one.tool}; figures in ${path.relative(ROOT, OUT)}`);
