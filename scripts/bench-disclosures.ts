// Benchmark for the disclosure features (issue 4), all on loopback, bounded in time and count:
//   npx tsx scripts/bench-disclosures.ts [--seconds 10] [--connections 10] [--out data/bench-disclosures.json]
// 1. publish time for a fully answered 504-item HISPRO disclosure (20 publishes);
// 2. cached published page (HISPRO, anonymous reader): requests/s and p99 with wrk (or autocannon), against a
//    minimal Node `http` server returning the same bytes — each server in its own process;
// 3. autosave round trip (one changed item per save) p95, over HTTP.
// Needs `npm run build` first. Figures are printed and written as JSON.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { loadTest, option, percentile, publishBenchDisclosures, ROOT, round, seedHisproBench, startApp, startBareServer, stopProcess } from "./bench-helpers.js";

const SECONDS = Number(option("seconds", "10"));
const CONNECTIONS = Number(option("connections", "10"));
const OUT = path.resolve(ROOT, option("out", "data/bench-disclosures.json"));

const dir = mkdtempSync(path.join(os.tmpdir(), "kaiji-bench-"));
process.env.DATABASE_PATH = path.join(dir, "bench.sqlite");

// ---- seed: one vendor, 20 fully answered HISPRO disclosures ------------------------------------
const { db, template, items, actor, meta, answers } = await seedHisproBench(process.env.DATABASE_PATH);

const { publishMs, last: pageDisclosure } = await publishBenchDisclosures(db, { template, actor, meta, answers }, 20);
await db.destroy();

// ---- servers ----------------------------------------------------------------------------
const APP_PORT = 3917;
const BARE_PORT = 3918;
const app = await startApp(APP_PORT, process.env.DATABASE_PATH!);
const pageUrl = `http://127.0.0.1:${APP_PORT}/disclosures/${pageDisclosure}/v/1`;
const warm = await fetch(pageUrl);
const bytes = Buffer.from(await warm.arrayBuffer());
if (warm.status !== 200) throw new Error(`page answered ${warm.status}`);
const bodyFile = path.join(dir, "page.html");
writeFileSync(bodyFile, bytes);
const bare = await startBareServer(BARE_PORT, bodyFile, "text/html; charset=utf-8");

const load = (url: string) => loadTest(url, SECONDS, CONNECTIONS);
const cached = await load(pageUrl);
const bareResult = await load(`http://127.0.0.1:${BARE_PORT}/`);

// ---- autosave round trip ---------------------------------------------------------------------
// A real session: the seed user signs in through a session row we create with the app's own code path.
const { startSession } = await import("../app/utils/auth.server.js");
const cookie = (await startSession("bench-user", { twoFactorVerified: true, ip: "127.0.0.1", userAgent: "bench" })).split(";")[0];
const autosaveMs: number[] = [];
const key = items[1].item.key;
let revision = 1;
for (let i = 0; i < 200; i++) {
  const start = performance.now();
  const response = await fetch(`http://127.0.0.1:${APP_PORT}/orgs/bench-org/disclosures/${pageDisclosure}/draft`, {
    method: "POST",
    headers: { cookie, "content-type": "application/json", origin: `http://127.0.0.1:${APP_PORT}` },
    body: JSON.stringify({ changes: [{ key, baseRevision: revision, response: { value: { status: i % 2 ? "met" : "unmet" }, note: `保存 ${i}` } }] }),
  });
  const body = (await response.json()) as { saved: { revision: number }[] };
  autosaveMs.push(performance.now() - start);
  revision = body.saved[0].revision;
}

await stopProcess(app);
await stopProcess(bare);
rmSync(dir, { recursive: true, force: true });

const results = {
  date: new Date().toISOString(),
  machine: { cpus: os.cpus().length, node: process.version },
  settings: { seconds: SECONDS, connections: CONNECTIONS, items: items.length, pageBytes: bytes.length },
  publish504Items: { runs: publishMs.length, medianMs: round(percentile(publishMs, 50)), p95Ms: round(percentile(publishMs, 95)), targetMs: 500 },
  cachedPage: cached,
  bareServer: bareResult,
  cachedToBareRatio: round(cached.requestsPerSecond / bareResult.requestsPerSecond),
  autosaveRoundTrip: { saves: autosaveMs.length, medianMs: round(percentile(autosaveMs, 50)), p95Ms: round(percentile(autosaveMs, 95)), targetP95Ms: 50 },
  targets: {
    // Issue 18: a kept page is a lookup and a write, answered before Express (answerKept).
    cachedAtLeast50PercentOfBare: cached.requestsPerSecond / bareResult.requestsPerSecond >= 0.5,
    autosaveP95Under50Ms: percentile(autosaveMs, 95) < 50,
    publishUnder500Ms: percentile(publishMs, 95) < 500,
  },
};
mkdirSync(path.dirname(OUT), { recursive: true });
writeFileSync(OUT, `${JSON.stringify(results, null, 2)}\n`);
console.log(JSON.stringify(results, null, 2));
process.exit(0);
