// Starts the real Express app (built Remix app + our middleware) on a loopback port.
import { existsSync, readdirSync, statSync } from "node:fs";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { ROOT, useFreshDatabase } from "./db.js";

/** The newest modification time of the files under `dir` that the build bundles. */
function newestSource(dir: string): { file: string; mtimeMs: number } {
  let newest = { file: dir, mtimeMs: 0 };
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !/\.(tsx?|css)$/.test(entry.name)) continue;
    const file = path.join(entry.parentPath, entry.name);
    const { mtimeMs } = statSync(file);
    if (mtimeMs > newest.mtimeMs) newest = { file, mtimeMs };
  }
  return newest;
}

/**
 * The HTTP suites run the built app, so a build older than the sources would test yesterday's code and pass.
 * `npm test` and scripts/test.sh build first; running vitest directly after an edit gets this error instead.
 */
function assertBuildIsCurrent() {
  const build = path.join(ROOT, "build/index.js");
  if (!existsSync(build)) throw new Error("build/index.js is missing: run `npm run build` (npm test and scripts/test.sh do) before the HTTP tests");
  // Escape hatch for a tree several people edit at once (their new files are not in your build anyway); npm test
  // and CI never set it.
  if (process.env.KAIJI_SKIP_BUILD_CHECK === "1") return;
  const built = statSync(build).mtimeMs;
  for (const dir of ["app", "disclosures", "db"]) {
    const newest = newestSource(path.join(ROOT, dir));
    if (newest.mtimeMs > built) {
      throw new Error(`build/index.js is older than ${path.relative(ROOT, newest.file)}: run \`npm run build\` (npm test and scripts/test.sh do) so the HTTP tests run the code you changed`);
    }
  }
}

export async function startApp(options: import("../../server.js").AppOptions = {}) {
  assertBuildIsCurrent();
  // The app reads its database once, when db.server is first imported: one database per test file.
  useFreshDatabase();
  // Quick brute-force delays and a small lockout threshold keep the suites fast; the rules are the same.
  process.env.AUTH_DELAY_BASE_MS ??= "5";
  process.env.LOCKOUT_THRESHOLD ??= "5";
  const server = await import("../../server.js");
  const { db } = await import("../../app/utils/db.server.js");
  const { syncBuiltinTemplates } = await import("../../app/models/template.server.js");
  await syncBuiltinTemplates(db, server.TEMPLATES_DIR);
  // Suites make many requests from one address; the limits have their own tests (tests/security-server.test.ts).
  const app = server.createApp(await server.loadBuild(), { authRateLimitPer15Minutes: 10_000, expensive: { concurrent: 100, perMinute: 100_000 }, ...options });
  const listener = server.createServer(app).listen(0, "127.0.0.1");
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
