// What the two backup suites (backup-sqlite, backup-postgres) share: the command line as an operator runs it, and
// a vendor publishing in a loop through the pages while a backup is taken.
import { spawn } from "node:child_process";
import { expect } from "vitest";
import { visibleText } from "./client.js";
import { ROOT } from "./db.js";
import type { Vendor } from "./tiny-disclosure.js";

/** Runs scripts/backup.ts as an operator would (naming the database with --database/--to), without blocking this process's app. */
export function backupCli(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const env = { ...process.env };
    delete env.DATABASE_URL;
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/backup.ts", ...args], { cwd: ROOT, env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

export type VersionRow = { disclosure_id: string; number: number; content_hash: string };

/**
 * The vendor edits and publishes disclosure `looped` in a loop through the pages, as the editor and the publish
 * page do (第2版, 第3版, …); `acknowledged` grows with each version the page confirmed, until `stop()`.
 */
export function publishingLoop(vendor: Vendor, looped: string) {
  const acknowledged: VersionRow[] = [];
  let revision = 1;
  let stopped = false;
  const loop = (async () => {
    for (let n = 1; !stopped; n += 1) {
      const saved = await vendor.client.postJson(`/orgs/${vendor.org}/disclosures/${looped}/draft`, { changes: [{ key: "name", baseRevision: revision, response: { value: `バックアップ株式会社 ${n}` } }] });
      expect(saved.status).toBe(200);
      revision = ((await saved.json()) as { saved: { revision: number }[] }).saved[0].revision;
      const number = acknowledged.length + 2;
      const published = await vendor.client.post(`/orgs/${vendor.org}/disclosures/${looped}`, { intent: "publish", version: String(number), reason: `名称の変更 ${n}` });
      const hash = /第(\d+)版を公開しました（SHA-256: ([0-9a-f]{64})）/.exec(visibleText(await published.text()));
      expect(hash?.[1]).toBe(String(number));
      acknowledged.push({ disclosure_id: looped, number, content_hash: hash![2] });
    }
  })();
  return {
    acknowledged,
    /** Resolves once at least `count` versions were acknowledged. */
    async until(count: number) {
      while (acknowledged.length < count) await new Promise((r) => setTimeout(r, 20));
    },
    async stop() {
      stopped = true;
      await loop;
    },
  };
}
