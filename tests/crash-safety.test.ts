// Crash safety (issue 17, item 6): the built app runs as its own process on a loopback port while a client
// autosaves and publishes in a loop; the process is killed with SIGKILL at three different moments and started
// again on the same database. After each restart the database verifies (integrity, every version's hash, the
// triggers, the audit log), every version the server acknowledged is there with its hash, and every draft change
// it acknowledged is there at its revision (or at the next one, when a later change was in flight at the kill).
import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "../db/connection.js";
import { verifyDatabase } from "../db/verify.js";
import { canonicalJson } from "../disclosures/canonical-json.js";
import { Client, STRONG_PASSWORD, visibleText } from "./helpers/client.js";
import { freshDatabasePath, tempDir } from "./helpers/db.js";
import { startServerProcess, type ServerProcess } from "./helpers/server-process.js";
import { tinyTemplate } from "./helpers/template-fixture.js";

type Response = { value?: unknown; note?: string };
type Server = ServerProcess;

const database = freshDatabasePath();
const templatesDir = tempDir("kaiji-crash-templates-");
writeFileSync(path.join(templatesDir, "tiny@1.0.0.json"), canonicalJson(tinyTemplate()));
let server: Server | undefined;

/** The server on this database, as scripts/start.sh runs it. */
const startServer = () => startServerProcess(database, { TEMPLATES_DIR: templatesDir });

/** What the client knows per item: the revision the server acknowledged with what it holds, and what is in flight. */
type ItemState = { revision: number; response: Response; inFlight?: Response };

afterAll(async () => {
  if (server && server.child.exitCode === null && server.child.signalCode === null) {
    server.child.kill("SIGTERM");
    await server.exited;
  }
});

describe("crash safety", () => {
  it("loses no acknowledged draft change or version when the server is killed mid-loop, three times", { timeout: 60_000 }, async () => {
    server = await startServer();
    let client = new Client(server.base);
    await client.post("/signup", { email: "crash@example.jp", displayName: "クラッシュ", password: STRONG_PASSWORD, confirm: STRONG_PASSWORD });
    const org = (await client.post("/orgs", { name: "クラッシュ株式会社", kind: "vendor" })).headers.get("location")!;
    const created = await client.post(`${org}/disclosures`, { template: "tiny@1.0.0", visibility: "public" });
    const disclosure = created.headers.get("location")!.split("/").at(-2)!;
    const base = `${org}/disclosures/${disclosure}`;

    const items: Record<string, ItemState> = { name: { revision: 0, response: {} }, c1: { revision: 0, response: {} }, c2: { revision: 0, response: {} } };
    const responseFor = (key: string, n: number): Response => (key === "name" ? { value: `クラッシュ株式会社 ${n}` } : { value: { status: "implemented" }, note: `メモ ${n}` });
    /** Versions the server said it published: number → SHA-256. */
    const versions = new Map<number, string>();
    let latest = 0;
    let acknowledgedChanges = 0;
    const totals = { changes: 0, versions: 0, inFlightCommitted: 0, inFlightPublished: 0 };
    /** Which requests were waiting for the server when it was killed, per round (for the log). */
    const inFlight = { autosave: false, publish: false };
    const atKills: string[] = [];

    /** Autosaves (one item per request, rotating) and publishes, each in its own loop, until a request fails. */
    const runLoops = (client: Client, on: (event: "acknowledged" | "autosave sent" | "publish sent") => void) => {
      let n = 0;
      const autosave = async () => {
        for (;;) {
          n += 1;
          const key = ["name", "c1", "c2"][n % 3];
          const state = items[key];
          const response = responseFor(key, n);
          state.inFlight = response;
          inFlight.autosave = true;
          const sending = client.postJson(`${base}/draft`, { changes: [{ key, baseRevision: state.revision, response }] }).catch(() => null);
          on("autosave sent");
          const saved = await sending;
          inFlight.autosave = false;
          if (!saved) return;
          expect(saved.status).toBe(200);
          const body = (await saved.json().catch(() => null)) as { saved: { key: string; revision: number }[]; conflicts: unknown[] } | null;
          if (!body) return;
          expect(body.conflicts).toEqual([]);
          items[key] = { revision: body.saved[0].revision, response };
          acknowledgedChanges += 1;
          totals.changes += 1;
          on("acknowledged");
        }
      };
      const publish = async () => {
        for (;;) {
          const number = latest + 1;
          inFlight.publish = true;
          const sending = client.post(base, { intent: "publish", version: String(number), reason: `自動テスト ${number}` }).catch(() => null);
          on("publish sent");
          const reply = await sending;
          inFlight.publish = false;
          if (!reply) return;
          const text = await reply.text().catch(() => null);
          if (text === null) return;
          const published = /第(\d+)版を公開しました（SHA-256: ([0-9a-f]{64})）/.exec(visibleText(text));
          // Before every item is answered, or with nothing changed since the last version, there is nothing to publish.
          if (!published) {
            expect(visibleText(text)).toMatch(/公開できません。次の\d+項目を確認してください|前の版から変更がありません/);
            continue;
          }
          expect(reply.status).toBe(200);
          expect(Number(published[1])).toBe(number);
          versions.set(number, published[2]);
          latest = number;
          totals.versions += 1;
        }
      };
      return Promise.all([autosave(), publish()]);
    };

    /** What the database holds after a restart, against what the client was told. */
    const check = async () => {
      const db = openDatabase(database);
      try {
        const report = await verifyDatabase(db);
        expect(report.problems).toEqual([]);
        expect(report.counts.disclosureVersions).toBeGreaterThanOrEqual(versions.size);
        const stored = await db.selectFrom("disclosure_version").select(["number", "content_hash"]).where("disclosure_id", "=", disclosure).execute();
        const hashes = new Map(stored.map((v) => [v.number, v.content_hash]));
        for (const [number, hash] of versions) expect(hashes.get(number), `第${number}版`).toBe(hash);
        // A publish in flight at the kill may have committed: the client reloads and goes on from there.
        for (const [number, hash] of hashes) {
          if (versions.has(number)) continue;
          versions.set(number, hash);
          totals.inFlightPublished += 1;
        }
        latest = Math.max(0, ...hashes.keys());
        for (const [key, state] of Object.entries(items)) {
          const row = await db.selectFrom("draft_response").select(["revision", "response"]).where("disclosure_id", "=", disclosure).where("item_key", "=", key).executeTakeFirst();
          const revision = row?.revision ?? 0;
          const response = row?.response ? JSON.parse(row.response) : {};
          // At the acknowledged revision with the acknowledged answer, or one further with the change that was in flight.
          if (revision === state.revision) expect(response, key).toEqual(state.response);
          else {
            expect(revision, key).toBe(state.revision + 1);
            expect(response, key).toEqual(state.inFlight);
            totals.inFlightCommitted += 1;
          }
          items[key] = { revision, response };
        }
      } finally {
        await db.destroy();
      }
    };

    // Three moments: as an autosave is acknowledged, a few milliseconds into a publish, and just as an autosave is sent.
    for (const [round, moment] of [
      { afterChanges: 3, when: "acknowledged", delayMs: 0 },
      { afterChanges: 12, when: "publish sent", delayMs: 4 },
      { afterChanges: 25, when: "autosave sent", delayMs: 1 },
    ].entries()) {
      acknowledgedChanges = 0;
      const running = server;
      let killed = false;
      await runLoops(client, (event) => {
        if (killed || event !== moment.when || acknowledgedChanges < moment.afterChanges) return;
        killed = true;
        setTimeout(() => {
          process.kill(running.child.pid!, "SIGKILL");
          atKills.push(Object.entries(inFlight).filter(([, waiting]) => waiting).map(([what]) => what).join("+") || "nothing");
        }, moment.delayMs);
      });
      expect(await running.exited, `round ${round + 1}`).toBe("SIGKILL");
      server = await startServer();
      // The same browser on the new port: its session cookie still works, sessions are in the database.
      const cookies = client.cookies;
      client = new Client(server.base);
      for (const [name, value] of cookies) client.cookies.set(name, value);
      await check();
    }
    // The restarted server serves the last acknowledged version as published.
    const last = await client.get(`/disclosures/${disclosure}/v/${latest}.json`);
    expect(last.status).toBe(200);
    expect(totals.changes).toBeGreaterThanOrEqual(3 + 12 + 25);
    expect(totals.versions).toBeGreaterThan(0);
    console.log(`crash safety: 3 kills, ${totals.changes} acknowledged draft changes and ${totals.versions} acknowledged versions checked, ${totals.inFlightCommitted} in-flight change(s) and ${totals.inFlightPublished} in-flight publish(es) found committed; in flight at the kills: ${atKills.join(", ")}`);
  });
});
