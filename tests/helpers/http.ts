// Starts the real Express app (built Remix app + our middleware) on a loopback port.
import { existsSync } from "node:fs";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { ROOT, freshDatabasePath } from "./db.js";

export async function startApp(options: import("../../server.js").AppOptions = {}) {
  if (!existsSync(path.join(ROOT, "build/index.js"))) throw new Error("build/index.js is missing: run `npm run build` (scripts/test.sh does) before the HTTP tests");
  // The app reads DATABASE_PATH once, when db.server is first imported: one database per test file.
  process.env.DATABASE_PATH = freshDatabasePath();
  // Quick brute-force delays and a small lockout threshold keep the suites fast; the rules are the same.
  process.env.AUTH_DELAY_BASE_MS ??= "5";
  process.env.LOCKOUT_THRESHOLD ??= "5";
  const server = await import("../../server.js");
  const { db } = await import("../../app/utils/db.server.js");
  const { syncBuiltinTemplates } = await import("../../app/models/template.server.js");
  await syncBuiltinTemplates(db, server.TEMPLATES_DIR);
  // Suites make many requests from one address; the limits have their own tests (tests/security-server.test.ts).
  const app = server.createApp(await server.loadBuild(), { authRateLimitPer15Minutes: 10_000, expensive: { concurrent: 100, perMinute: 100_000 }, ...options });
  const listener = app.listen(0, "127.0.0.1");
  await new Promise<void>((resolve) => listener.once("listening", () => resolve()));
  const base = `http://127.0.0.1:${(listener.address() as AddressInfo).port}`;
  return {
    base,
    db,
    get: (url: string, init?: RequestInit) => fetch(base + url, { redirect: "manual", ...init }),
    close: async () => {
      await new Promise<void>((resolve) => listener.close(() => resolve()));
      // The shared Chromium, if a test rendered a PDF.
      await (await import("../../app/utils/pdf.server.js")).closePdfRenderer();
    },
  };
}
