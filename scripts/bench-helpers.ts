// Shared by the benchmark scripts: child processes, percentiles, and a seeded vendor with
// fully answered HISPRO disclosures.
import { spawn, type ChildProcess } from "node:child_process";
import http from "node:http";
import { writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { gunzipSync } from "node:zlib";
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.js";

export const ROOT = path.resolve(import.meta.dirname, "..");

export const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};
export const round = (n: number) => Math.round(n * 100) / 100;
export const summary = (values: number[]) => ({ runs: values.length, medianMs: round(percentile(values, 50)), p95Ms: round(percentile(values, 95)) });
export const stats = (values: number[]) => ({ ...summary(values), p99Ms: round(percentile(values, 99)) });

export type Fetched = { status: number; ms: number; wireBytes: number; body: Buffer };

/**
 * Sequential GETs to the app on `port`, one at a time on one keep-alive connection, as a browser asks (gzip):
 * `get` times one request to its last byte; `timeHttp` warms up, then times `runs` requests (a function gives a
 * different URL per request, e.g. to miss a cache keyed by URL).
 */
export function httpTimer(port: number, runs: number, warmup: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const get = (pathAndQuery: string): Promise<Fetched> =>
    new Promise((resolve, reject) => {
      const start = performance.now();
      const request = http.get({ host: "127.0.0.1", port, path: pathAndQuery, agent, headers: { "accept-encoding": "gzip" } }, (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (c: Buffer) => chunks.push(c));
        response.on("end", () => {
          const wire = Buffer.concat(chunks);
          const body = response.headers["content-encoding"] === "gzip" ? gunzipSync(wire) : wire;
          resolve({ status: response.statusCode ?? 0, ms: performance.now() - start, wireBytes: wire.length, body });
        });
        response.on("error", reject);
      });
      request.on("error", reject);
    });
  const timeHttp = async (pathAndQuery: string | ((i: number) => string)) => {
    const at = typeof pathAndQuery === "string" ? () => pathAndQuery : pathAndQuery;
    const first = await get(at(-1));
    if (first.status !== 200) throw new Error(`${at(-1)} answered ${first.status}: ${first.body.toString().slice(0, 300)}`);
    for (let i = 1; i < warmup; i++) await get(at(runs + i));
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const r = await get(at(i));
      if (r.status !== 200) throw new Error(`${at(i)} answered ${r.status}`);
      times.push(r.ms);
    }
    return { ...stats(times), htmlBytes: first.body.length, gzipBytes: first.wireBytes, body: first.body };
  };
  return { get, timeHttp, close: () => agent.destroy() };
}

export function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
}

/** Starts `node args…` in the repository and resolves once its output matches `ready`. */
export function startProcess(args: string[], env: Record<string, string>, ready: RegExp): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    const timer = setTimeout(() => reject(new Error(`${args.join(" ")} did not start`)), 30_000);
    child.stdout!.on("data", (chunk: Buffer) => {
      if (ready.test(chunk.toString())) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.stderr!.on("data", (chunk: Buffer) => process.stderr.write(chunk));
    child.on("exit", (code) => code && reject(new Error(`${args.join(" ")} exited with ${code}`)));
  });
}

/** Stops a process started here: SIGTERM, then waits (at most 15 s) for a clean exit, so it removes what it made. */
export function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => (child.kill("SIGKILL"), resolve()), 15_000);
    child.once("exit", () => (clearTimeout(timer), resolve()));
    child.kill("SIGTERM");
  });
}

/**
 * The app server on loopback with limits raised for load generation (`env` may set them back); `database` is a
 * SQLite file or a postgresql:// URL.
 */
export function startApp(port: number, database: string, env: Record<string, string> = {}) {
  return startProcess(
    ["--import", "tsx", "server.ts"],
    {
      PORT: String(port),
      HOST: "127.0.0.1",
      NODE_ENV: "production",
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      ...(/^postgres(ql)?:\/\//.test(database) ? { DATABASE_URL: database } : { DATABASE_PATH: database }),
      RATE_LIMIT_PER_MINUTE: "100000000",
      AUTH_RATE_LIMIT_PER_15_MINUTES: "100000000",
      EXPENSIVE_CONCURRENT_PER_CLIENT: "100000",
      EXPENSIVE_PER_MINUTE: "100000000",
      ...env,
    },
    /listening/,
  );
}

/**
 * A migrated database at `file` with the built-in templates, and the bench vendor (below) with answers for every
 * status item of HISPRO. Set DATABASE_PATH to `file` first: the app's modules read it when first imported.
 */
export async function seedHisproBench(file: string) {
  const { openDatabase } = await import("../db/connection.js");
  const { migrateToLatest } = await import("../db/migrator.js");
  const { syncBuiltinTemplates, getTemplate } = await import("../app/models/template.server.js");
  const { walkItems } = await import("../disclosures/template-loader.js");
  const db = openDatabase(file);
  await migrateToLatest(db);
  await syncBuiltinTemplates(db, path.join(ROOT, "disclosures/templates"));
  const { template } = (await getTemplate(db, "hispro-checksheet", "1.0.0"))!;
  const items = [...walkItems(template)].filter((e) => e.item.answer.kind === "status");
  return { db, template, items, ...(await seedBenchVendor(db, items)) };
}

/** A vendor (user "bench-user", organisation "bench-org") and HISPRO responses for every item, realistically mixed. */
export async function seedBenchVendor(db: Kysely<Database>, items: { item: { key: string } }[]) {
  const now = Date.now();
  await db.insertInto("user").values({ id: "bench-user", email: "bench@vendor.example", display_name: "ベンチ", password_hash: "unused", created_at: now, password_changed_at: now }).execute();
  await db.insertInto("organization").values({ id: "bench-org", name: "ベンチマーク医療クラウド株式会社", kind: "vendor", created_at: now }).execute();
  await db.insertInto("membership").values({ organization_id: "bench-org", user_id: "bench-user", role: "owner", created_at: now }).execute();
  const answers = items.map((e, i) => ({
    key: e.item.key,
    baseRevision: 0,
    response:
      i % 17 === 0
        ? { value: { status: "notApplicable", reason: "当該サービスではハウジングを提供していないため" } }
        : i % 11 === 0
          ? { value: { status: "unmet" }, note: "2027年度のシステム更改で対応予定" }
          : { value: { status: "met" }, ...(i % 4 === 0 ? { evidence: [{ name: "情報セキュリティ運用規程 第5章", url: "https://vendor.example/security" }] } : {}) },
  }));
  return { actor: { userId: "bench-user", email: "bench@vendor.example" }, meta: { ip: "127.0.0.1", userAgent: "bench" }, answers };
}

/**
 * `count` fully answered HISPRO disclosures of the bench vendor, each created, answered and published through the
 * models; the publish alone is timed. Returns the times and the last disclosure's id.
 */
export async function publishBenchDisclosures(db: Kysely<Database>, bench: Awaited<ReturnType<typeof seedBenchVendor>> & { template: import("../disclosures/template-schema.js").Template }, count: number) {
  const { createDisclosure, getDisclosure, publish, saveDraft } = await import("../app/models/disclosure.server.js");
  const { template, actor, meta, answers } = bench;
  const publishMs: number[] = [];
  let last = "";
  for (let n = 0; n < count; n++) {
    last = await createDisclosure(db, actor, "bench-org", { templateId: template.id, templateVersion: template.version, serviceId: null, visibility: "public" }, meta);
    const disclosure = (await getDisclosure(db, "bench-org", last))!;
    await saveDraft(db, actor, disclosure, answers, meta);
    const start = performance.now();
    await publish(db, actor, disclosure, template, meta);
    publishMs.push(performance.now() - start);
  }
  return { publishMs, last };
}

export type LoadResult = { tool: "wrk" | "autocannon"; requestsPerSecond: number; latencyP99Ms: number; errors: number };

/**
 * Load on loopback for `seconds` with `connections`. Uses wrk (C, Debian's package) when installed:
 * autocannon, being JavaScript, saturates the client first on large bodies and hides the server's speed.
 */
/**
 * Requests per second and p99 latency with `connections` connections for `seconds`. `unique`: every request gets
 * `&run=<n>` appended (the URL must have a query), which the pages ignore but a cache keyed by URL does not — the
 * work of rendering each time, not of answering from the cache.
 */
export async function loadTest(url: string, seconds: number, connections: number, { unique = false } = {}): Promise<LoadResult> {
  const { spawnSync } = await import("node:child_process");
  if (unique && !url.includes("?")) throw new Error(`loadTest unique needs a URL with a query: ${url}`);
  if (spawnSync("which", ["wrk"]).status === 0) {
    const script = path.join(os.tmpdir(), `kaiji-wrk-unique-${process.pid}.lua`);
    if (unique) writeFileSync(script, `counter = 0\nrequest = function()\n  counter = counter + 1\n  return wrk.format(nil, wrk.path .. "&run=" .. counter)\nend\n`);
    const out = spawnSync("wrk", ["-t1", `-c${connections}`, `-d${seconds}s`, "--latency", ...(unique ? ["-s", script] : []), url], { encoding: "utf8" }).stdout;
    const p99 = /99%\s+([\d.]+)(us|ms|s)/.exec(out);
    const toMs = (v: number, unit: string) => (unit === "us" ? v / 1000 : unit === "s" ? v * 1000 : v);
    const errors = /Non-2xx or 3xx responses: (\d+)/.exec(out);
    return { tool: "wrk", requestsPerSecond: round(Number(/Requests\/sec:\s+([\d.]+)/.exec(out)![1])), latencyP99Ms: p99 ? round(toMs(Number(p99[1]), p99[2])) : NaN, errors: errors ? Number(errors[1]) : 0 };
  }
  const { default: autocannon } = await import("autocannon");
  let n = 0;
  const requests = unique ? [{ setupRequest: (request: { path: string }) => ({ ...request, path: `${request.path}&run=${++n}` }) }] : undefined;
  const result = await autocannon({ url, connections, duration: seconds, ...(requests ? { requests } : {}) } as Parameters<typeof autocannon>[0]);
  return { tool: "autocannon", requestsPerSecond: round(result.requests.average), latencyP99Ms: result.latency.p99, errors: result.errors + result.non2xx };
}

/** A minimal Node `http` server returning `file`'s bytes: the baseline a cached response is compared with. */
export function startBareServer(port: number, file: string, contentType: string) {
  return startProcess(
    ["-e", `const b=require("fs").readFileSync(${JSON.stringify(file)});require("http").createServer((q,s)=>{s.writeHead(200,{"content-type":${JSON.stringify(contentType)},"content-length":b.length});s.end(b)}).listen(${port},"127.0.0.1",()=>console.log("listening"))`],
    {},
    /listening/,
  );
}
