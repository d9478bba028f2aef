// The HTTP server: Express with our middleware in front of the Remix request handler.
// Start-up validates every built-in template file and syncs it into the registry; a broken
// template stops the server with a message naming the file and the path inside it.
import http from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import { backfillDirectory } from "./app/models/directory-index.server.js";
import { sweepNotifications } from "./app/models/notification-events.server.js";
import { deliveryIdle, kickDelivery } from "./app/models/notification.server.js";
import { syncBuiltinTemplates } from "./app/models/template.server.js";
import { db } from "./app/utils/db.server.js";
import { env, startupProblem, trustProxySetting } from "./app/utils/env.server.js";
import { AUTH_PATHS, authRateLimit, boundedBodies, cspNonce, expensiveWorkLimits, sameOriginOnly, securityHeaders, sessionMiddleware, signedInToPost, siteRateLimit } from "./app/utils/http-middleware.server.js";
import { keepStoredPolicyOnNotModified } from "./app/utils/not-modified-csp.server.js";
import { closePdfRenderer } from "./app/utils/pdf.server.js";
import { answerKept, publishedPageCache } from "./app/utils/published-page-cache.server.js";
import { migrateToLatest } from "./db/migrator.js";

const ROOT = import.meta.dirname;
export const TEMPLATES_DIR = env.TEMPLATES_DIR ? path.resolve(env.TEMPLATES_DIR) : path.join(ROOT, "disclosures/templates");

export type AppOptions = { rateLimitPerMinute?: number; authRateLimitPer15Minutes?: number; expensive?: { concurrent: number; perMinute: number } };

export function createApp(build: ServerBuild, options: AppOptions = {}) {
  const app = express();
  app.disable("x-powered-by");
  // Off unless TRUST_PROXY says which proxy to believe: X-Forwarded-For from anyone else is ignored.
  app.set("trust proxy", trustProxySetting());
  app.use(compression());
  app.use(cspNonce, securityHeaders, keepStoredPolicyOnNotModified);
  // Fingerprinted build assets never change; the rest of public/ may.
  app.use("/build", express.static(path.join(ROOT, "public/build"), { immutable: true, maxAge: "1y" }));
  app.use(siteRateLimit(options.rateLimitPerMinute ?? env.RATE_LIMIT_PER_MINUTE));
  // Kept pages and PDFs of public versions answer before anything that touches the disk or the database.
  app.use(publishedPageCache);
  app.use(express.static(path.join(ROOT, "public"), { maxAge: "1h" }));
  app.use(expensiveWorkLimits(options.expensive ?? { concurrent: env.EXPENSIVE_CONCURRENT_PER_CLIENT, perMinute: env.EXPENSIVE_PER_MINUTE }));
  app.use(AUTH_PATHS, authRateLimit(options.authRateLimitPer15Minutes ?? env.AUTH_RATE_LIMIT_PER_15_MINUTES));
  app.use(boundedBodies);
  app.use(sameOriginOnly);
  app.use(sessionMiddleware);
  app.use(signedInToPost);
  app.all(
    "*",
    createRequestHandler({
      build,
      getLoadContext: (req, res) => ({
        cspNonce: res.locals.cspNonce as string,
        auth: res.locals.auth ?? null,
        ip: req.ip ?? "",
        userAgent: req.get("user-agent") ?? "",
        // Remix's data requests (client-side navigation) carry ?_data; everything else renders a whole document.
        serverFragments: req.query._data === undefined ? new Map() : null,
      }),
    }),
  );
  return app;
}

/** The HTTP server: kept pages, PDFs, comparisons and badges are answered before Express (answerKept), everything else by the app. */
export function createServer(app: express.Express): http.Server {
  return http.createServer((req, res) => {
    answerKept(req, res, () => app(req, res));
  });
}

export async function loadBuild(): Promise<ServerBuild> {
  return (await import(pathToFileURL(path.join(ROOT, "build/index.js")).href)) as ServerBuild;
}

async function main() {
  const problem = startupProblem();
  if (problem) throw new Error(problem);
  await migrateToLatest(db);
  const report = await syncBuiltinTemplates(db, TEMPLATES_DIR);
  console.log(`templates: ${report.added.length} added, ${report.unchanged.length} unchanged`);
  // Versions published before the directory existed get their summaries and search rows.
  const indexed = await backfillDirectory(db);
  if (indexed.summaries || indexed.documents) console.log(`directory: ${indexed.summaries} summaries, ${indexed.documents} search rows added`);
  const server = createServer(createApp(await loadBuild()));
  server.listen(env.PORT, env.HOST, () => console.log(`Kaiji listening on http://${env.HOST === "0.0.0.0" ? "localhost" : env.HOST}:${env.PORT}`));
  const stopWorkers = startNotificationWorkers();
  // Stop taking requests, then close Chromium (its profile folder goes with it) and the database.
  const stop = () => server.close(() => stopWorkers().then(closePdfRenderer).then(() => db.destroy()).then(() => process.exit(0)));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

/** E-mail due in the outbox goes every MAIL_EVERY_MS (failed attempts wait longer: their back-off); the sweep of notifications hourly. */
const MAIL_EVERY_MS = 15_000;
const SWEEP_EVERY_MS = 60 * 60_000;

/** Delivery of the outbox and the hourly sweep of notifications (reminders by date, anything missed); gives its stopper. */
function startNotificationWorkers(): () => Promise<void> {
  // The sweep under way, so that stopping waits for it instead of closing the database under it.
  let sweepDone: Promise<void> = Promise.resolve();
  const sweep = () =>
    (sweepDone = sweepNotifications(db)
      .then((r) => {
        const total = Object.values(r).reduce((a, b) => a + b, 0);
        if (total) console.log(`notifications: ${JSON.stringify(r)}`);
      })
      .catch((error) => console.warn(`[notifications] sweep failed: ${(error as Error).message}`)));
  const first = setTimeout(sweep, 5_000);
  const sweeping = setInterval(sweep, SWEEP_EVERY_MS);
  const mailing = setInterval(() => kickDelivery(db), MAIL_EVERY_MS);
  for (const timer of [first, sweeping, mailing]) timer.unref();
  return async () => {
    clearTimeout(first);
    clearInterval(sweeping);
    clearInterval(mailing);
    await sweepDone;
    await deliveryIdle();
  };
}

if (process.argv[1] && pathToFileURL(process.argv[1]).href === import.meta.url) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
