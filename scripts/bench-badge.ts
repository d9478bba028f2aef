// Benchmark for the embeddable badge (issue 15, item 7) and the vendor page, on loopback, bounded in time:
//   npx tsx scripts/bench-badge.ts [--seconds 10] [--connections 10] [--out data/bench-badge.json]
// Requests/s and p99 of /disclosures/:id/badge.svg and of /vendors/:orgId for an anonymous reader (both answered
// from the published-page cache: the badge before Express, the vendor page after checking the newest audit id,
// DECISIONS 34), each against a minimal Node `http` server returning the same bytes — all in this run, each server
// in its own process, with the same load tool (scripts/bench-helpers.ts). Target: the badge at least 50% of the bare
// server (the vendor page has none; its ratio is reported). The load average is recorded before and after (the
// machine is shared). Needs `npm run build` first. Figures are printed and written as JSON.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { loadTest, option, ROOT, round, seedHisproBench, startApp, startBareServer, stopProcess } from "./bench-helpers.js";

const SECONDS = Math.min(Number(option("seconds", "10")), 60);
const CONNECTIONS = Math.min(Number(option("connections", "10")), 100);
const OUT = path.resolve(ROOT, option("out", "data/bench-badge.json"));

const dir = mkdtempSync(path.join(os.tmpdir(), "kaiji-bench-badge-"));
process.env.DATABASE_PATH = path.join(dir, "bench.sqlite");

const { createDisclosure, getDisclosure, publish, saveDraft } = await import("../app/models/disclosure.server.js");

// ---- seed: one vendor, one public HISPRO disclosure ---------------------------------------------
const { db, template, actor, meta, answers } = await seedHisproBench(process.env.DATABASE_PATH);
const id = await createDisclosure(db, actor, "bench-org", { templateId: template.id, templateVersion: template.version, serviceId: null, visibility: "public" }, meta);
await saveDraft(db, actor, (await getDisclosure(db, "bench-org", id))!, answers, meta);
await publish(db, actor, (await getDisclosure(db, "bench-org", id))!, template, meta);
await db.destroy();

// ---- servers ---------------------------------------------------------------------------------
const APP_PORT = 3947;
const BARE_PORT = 3948;
const BARE_VENDOR_PORT = 3949;
const loadBefore = os.loadavg().map(round);
const app = await startApp(APP_PORT, process.env.DATABASE_PATH);
let bare: Awaited<ReturnType<typeof startBareServer>> | undefined;
let bareVendor: Awaited<ReturnType<typeof startBareServer>> | undefined;
try {
  const badgeUrl = `http://127.0.0.1:${APP_PORT}/disclosures/${id}/badge.svg`;
  const warm = await fetch(badgeUrl);
  const bytes = Buffer.from(await warm.arrayBuffer());
  if (warm.status !== 200) throw new Error(`badge answered ${warm.status}`);
  const bodyFile = path.join(dir, "badge.svg");
  writeFileSync(bodyFile, bytes);
  bare = await startBareServer(BARE_PORT, bodyFile, "image/svg+xml");

  // The vendor page as an anonymous reader gets it (no cookie, no Accept-Encoding: the bare server's bytes).
  const vendorUrl = `http://127.0.0.1:${APP_PORT}/vendors/bench-org`;
  const vendorWarm = await fetch(vendorUrl, { headers: { "Accept-Encoding": "identity" } });
  const vendorBytes = Buffer.from(await vendorWarm.arrayBuffer());
  if (vendorWarm.status !== 200 || !vendorWarm.headers.get("cache-control")?.includes("public")) throw new Error(`vendor page answered ${vendorWarm.status} ${vendorWarm.headers.get("cache-control")}`);
  const vendorFile = path.join(dir, "vendor.html");
  writeFileSync(vendorFile, vendorBytes);
  bareVendor = await startBareServer(BARE_VENDOR_PORT, vendorFile, "text/html; charset=utf-8");

  const badge = await loadTest(badgeUrl, SECONDS, CONNECTIONS);
  const bareResult = await loadTest(`http://127.0.0.1:${BARE_PORT}/`, SECONDS, CONNECTIONS);
  const ratio = badge.requestsPerSecond / bareResult.requestsPerSecond;
  // Kept for 60 s: fetch it again so the load runs on a fresh entry, as a page read more than once a minute is.
  await fetch(vendorUrl);
  const vendorPage = await loadTest(vendorUrl, SECONDS, CONNECTIONS);
  const bareVendorResult = await loadTest(`http://127.0.0.1:${BARE_VENDOR_PORT}/`, SECONDS, CONNECTIONS);
  const vendorRatio = vendorPage.requestsPerSecond / bareVendorResult.requestsPerSecond;
  const results = {
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, node: process.version, loadAverageBefore: loadBefore, loadAverageAfter: os.loadavg().map(round) },
    settings: { seconds: SECONDS, connections: CONNECTIONS, badgeBytes: bytes.length, vendorPageBytes: vendorBytes.length },
    cachedBadge: badge,
    bareServer: bareResult,
    badgeToBareRatio: round(ratio),
    cachedVendorPage: vendorPage,
    bareVendorServer: bareVendorResult,
    vendorPageToBareRatio: round(vendorRatio),
    targets: { badgeAtLeast50PercentOfBare: ratio >= 0.5 },
  };
  mkdirSync(path.dirname(OUT), { recursive: true });
  writeFileSync(OUT, `${JSON.stringify(results, null, 2)}\n`);
  console.log(JSON.stringify(results, null, 2));
} finally {
  await stopProcess(app);
  if (bare) await stopProcess(bare);
  if (bareVendor) await stopProcess(bareVendor);
  rmSync(dir, { recursive: true, force: true });
}
process.exit(0);
