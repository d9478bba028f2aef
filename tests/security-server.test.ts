// What an attacker tried against the running server (issue 11): bodies too large or never sent, bodies
// that do not parse, a forged Host in published PDFs, a forged X-Forwarded-For, an editor undoing a
// withdrawal, and a production start without PUBLIC_URL.
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evictPdfCache } from "../app/models/pdf-document.server.js";
import { Client, publishAllAnswered, STRONG_PASSWORD } from "./helpers/client.js";
import { freshDatabaseEnv, ROOT, tempDir, TEMPLATES_DIR } from "./helpers/db.js";
import { startApp } from "./helpers/http.js";

let app: Awaited<ReturnType<typeof startApp>>;
let owner: Client;
let editor: Client;
let stranger: Client;
let org = "";
let disclosure = "";

async function signUp(email: string) {
  const client = new Client(app.base);
  expect((await client.post("/signup", { email, displayName: email.split("@")[0], password: STRONG_PASSWORD, confirm: STRONG_PASSWORD })).status).toBe(302);
  return client;
}

/**
 * Sends a request's head (and `body`, if any) on a raw socket and returns the status line of the answer, or
 * "no answer" if none came within `waitMs`: a server that waits for a body it was promised never answers.
 */
function rawRequest(head: string, body = "", waitMs = 3_000): Promise<string> {
  const { port } = new URL(app.base);
  return new Promise((resolve) => {
    const socket = net.connect(Number(port), "127.0.0.1", () => socket.write(head + body));
    let received = "";
    const timer = setTimeout(() => finish("no answer"), waitMs);
    const finish = (result: string) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    socket.on("data", (chunk) => {
      received += chunk.toString("latin1");
      if (received.includes("\r\n")) finish(received.slice(0, received.indexOf("\r\n")));
    });
    socket.on("error", () => finish(received ? received.slice(0, received.indexOf("\r\n")) : "error"));
  });
}

const comparisonUrl = () => `/compare?d=${disclosure}&template=cybersecurity-checklist`;
const cookieOf = (client: Client) => [...client.cookies].map(([k, v]) => `${k}=${v}`).join("; ");

beforeAll(async () => {
  app = await startApp();
  owner = await signUp("owner@security.example");
  editor = await signUp("editor@security.example");
  stranger = await signUp("stranger@security.example");
  org = (await owner.post("/orgs", { name: "セキュリティ検証株式会社", kind: "vendor" })).headers.get("location")!;
  const orgId = org.split("/").pop()!;
  const editorId = (await app.db.selectFrom("user").select("id").where("email", "=", "editor@security.example").executeTakeFirstOrThrow()).id;
  await app.db.insertInto("membership").values({ organization_id: orgId, user_id: editorId, role: "editor", created_at: Date.now() }).execute();
  const created = await owner.post(`${org}/disclosures`, { template: "cybersecurity-checklist@1.0.0", visibility: "public" });
  disclosure = created.headers.get("location")!.split("/").at(-2)!;
  await publishAllAnswered(owner, org, disclosure, path.join(TEMPLATES_DIR, "cybersecurity-checklist@1.0.0.json"), "yes");
});
afterAll(() => app?.close());

describe("request bodies", () => {
  it("refuses a body larger than the form limit with 413 before reading it", async () => {
    const head = `POST /orgs/x/members HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 300000000\r\n\r\n`;
    // Only the head is sent: the answer must not wait for 300 MB.
    expect(await rawRequest(head)).toBe("HTTP/1.1 413 Payload Too Large");
    const response = await fetch(`${app.base}/orgs/x/members`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "a=".padEnd(300 * 1024, "x") });
    expect(response.status).toBe(413);
    expect(await response.text()).toContain("送信された内容が大きすぎます（上限 256 KB）");
  });

  it("takes the editor's autosave up to its own, larger limit", async () => {
    const head = (length: number) =>
      `POST ${org}/disclosures/${disclosure}/draft HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: ${cookieOf(owner)}\r\nSec-Fetch-Site: same-origin\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n\r\n`;
    expect(await rawRequest(head(2_000_001))).toBe("HTTP/1.1 413 Payload Too Large");
    // 1 MB of JSON is over the form limit but within the autosave one: it is read (and refused for its content).
    const body = JSON.stringify({ changes: "x".repeat(1_000_000) });
    expect(await rawRequest(head(Buffer.byteLength(body)), body)).toBe("HTTP/1.1 400 Bad Request");
  });

  it("refuses a chunked body, whose size is not known in advance, with 411", async () => {
    const head = `POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n`;
    expect(await rawRequest(head, "5\r\nemail\r\n")).toBe("HTTP/1.1 411 Length Required");
  });

  it("sends an anonymous visitor to sign in before reading the body", async () => {
    const head = `POST ${org}/services HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\n`;
    expect(await rawRequest(head)).toBe("HTTP/1.1 302 Found");
  });

  it("answers a signed-in non-member 404 before reading the body", async () => {
    for (const route of ["members", "services", "profile", "criteria", "shortlists", `disclosures/${disclosure}`]) {
      const head = `POST ${org}/${route} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: ${cookieOf(stranger)}\r\nSec-Fetch-Site: same-origin\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\n`;
      expect(await rawRequest(head), route).toBe("HTTP/1.1 404 Not Found");
    }
  });

  it("answers 400, not 500, to a body that does not parse", async () => {
    const multipart = await fetch(`${app.base}${org}/services`, {
      method: "POST",
      headers: { cookie: cookieOf(owner), "sec-fetch-site": "same-origin", "content-type": "multipart/form-data; boundary=zzz" },
      body: "--zzz\r\nContent-Disposition: form-data; name=\"intent\r\n\r\nbroken",
    });
    expect(multipart.status).toBe(400);
    const json = await fetch(`${app.base}${org}/profile`, { method: "POST", headers: { cookie: cookieOf(owner), "sec-fetch-site": "same-origin", "content-type": "application/json" }, body: "{" });
    expect(json.status).toBe(400);
  });

  it("answers 400 to an autosave nested thousands of levels deep", async () => {
    const deep = "[".repeat(5_000) + "]".repeat(5_000);
    const response = await owner.postJson(`${org}/disclosures/${disclosure}/draft`, `{"changes":[{"key":"x","baseRevision":0,"response":{"value":${deep}}}]}`);
    expect(response.status).toBe(400);
    expect((await response.json()).error).toBe("保存内容の形式が正しくありません");
  });

  it("redirects to a non-ASCII path after sign-in, percent-encoded", async () => {
    const client = new Client(app.base);
    const response = await client.post("/login", { email: "owner@security.example", password: STRONG_PASSWORD, redirectTo: "/directory?q=暗号化" });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(`/directory?q=${encodeURIComponent("暗号化")}`);
  });
});

describe("absolute URLs and proxies", () => {
  it("prints the configured origin in a published PDF whatever Host the request names, and keeps one file", async () => {
    const url = `/disclosures/${disclosure}/v/1.pdf`;
    const first = await app.get(url, { headers: { host: "evil.example" } });
    const second = await app.get(url, { headers: { "x-forwarded-host": "attacker.example" } });
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(second.headers.get("etag")).toBe(first.headers.get("etag"));
    const file = path.join(tempDir("kaiji-pdf-"), "sheet.pdf");
    writeFileSync(file, Buffer.from(await first.arrayBuffer()));
    const text = execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" });
    expect(text).toContain(`http://localhost:3000/disclosures/${disclosure}/v/1`);
    expect(text).not.toContain("evil.example");
  });

  it("does not believe X-Forwarded-For unless TRUST_PROXY says so: the rate limit stays with the peer", async () => {
    const limited = await startApp({ rateLimitPerMinute: 3 });
    try {
      const statuses = [];
      for (let i = 0; i < 5; i++) statuses.push((await fetch(`${limited.base}/healthz`, { headers: { "x-forwarded-for": `203.0.113.${i}` } })).status);
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
    } finally {
      await limited.close();
    }
  });

  it("keeps the PDF folder within its limit, dropping the least recently used files", () => {
    const dir = tempDir("kaiji-pdf-cache-");
    const at = Date.parse("2026-12-01T00:00:00Z") / 1000;
    for (const [name, age] of [["old", 3], ["mid", 2], ["new", 1]] as const) {
      const file = path.join(dir, `${name}.pdf`);
      writeFileSync(file, Buffer.alloc(1000));
      execFileSync("touch", ["-d", `@${at - age * 60}`, file]);
    }
    expect(evictPdfCache(dir, 2500)).toEqual(["old.pdf"]);
    expect(evictPdfCache(dir, 2500)).toEqual([]);
    expect(evictPdfCache(dir, 0)).toEqual(["mid.pdf", "new.pdf"]);
  });

  it("refuses to start in production without PUBLIC_URL, naming it", () => {
    const result = spawnSync(process.execPath, ["--import", "tsx", "server.ts"], {
      cwd: ROOT,
      encoding: "utf8",
      timeout: 60_000,
      env: { ...process.env, NODE_ENV: "production", PUBLIC_URL: "", ...freshDatabaseEnv(), PORT: "0", HOST: "127.0.0.1" },
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("PUBLIC_URL is required in production");
  });
});

describe("expensive work is shared fairly", () => {
  it("lets one client run only so many comparisons or PDFs at once, and so many a minute, answering 429 at once", async () => {
    const limited = await startApp({ expensive: { concurrent: 1, perMinute: 4 } });
    const client = new Client(limited.base);
    client.cookies.set("kaiji_session", owner.cookies.get("kaiji_session")!);
    try {
      const statuses = (await Promise.all(Array.from({ length: 6 }, () => client.get(`/compare?d=${disclosure}`)))).map((r) => r.status);
      expect(statuses).toContain(200);
      expect(statuses).toContain(429);
      const refused = await client.get(`/compare?d=${disclosure}`);
      expect(refused.status).toBe(429);
      expect(refused.headers.get("retry-after")).toBeTruthy();
      // Other pages are not limited.
      expect((await client.get("/directory")).status).toBe(200);
    } finally {
      await limited.close();
    }
  });

  it("keeps an anonymous comparison by its URL: the same bytes with an ETag, 304 on revalidation", async () => {
    const url = comparisonUrl();
    const first = await app.get(url);
    expect(first.status).toBe(200);
    expect(first.headers.get("cache-control")).toBe("public, max-age=0, must-revalidate");
    const body = await first.text();
    const second = await app.get(url);
    const etag = second.headers.get("etag")!;
    expect(etag).toMatch(/^"cmp-/);
    expect(await second.text()).toBe(body);
    expect((await app.get(url, { headers: { "if-none-match": etag } })).status).toBe(304);
    // Signed in, the comparison is private and never kept.
    const mine = await owner.get(url);
    expect(mine.headers.get("cache-control")).toBe("private, no-store");
    expect(mine.headers.get("etag")).toBeNull();
  });
});

describe("withdrawal", () => {
  it("lets only an owner put a withdrawn disclosure back up by publishing", async () => {
    expect((await owner.post(`${org}/disclosures/${disclosure}`, { intent: "withdraw" })).status).toBe(200);
    // The editor changes an answer: there is something to publish.
    const row = await app.db.selectFrom("draft_response").select(["item_key", "revision"]).where("disclosure_id", "=", disclosure).where("response", "is not", null).executeTakeFirstOrThrow();
    const saved = await editor.postJson(`${org}/disclosures/${disclosure}/draft`, { changes: [{ key: row.item_key, baseRevision: row.revision, response: { value: { status: "no" } } }] });
    expect(saved.status).toBe(200);
    const page = await editor.text(`${org}/disclosures/${disclosure}`);
    expect(page.html).toContain("公開できるのは所有者だけです");
    expect((await editor.post(`${org}/disclosures/${disclosure}`, { intent: "publish" })).status).toBe(403);
    const after = await app.db.selectFrom("disclosure").select(["withdrawn_at", "latest_version"]).where("id", "=", disclosure).executeTakeFirstOrThrow();
    expect(after.withdrawn_at).not.toBeNull();
    expect(after.latest_version).toBe(1);
    // The owner is told what publishing does, and may.
    expect((await owner.text(`${org}/disclosures/${disclosure}`)).html).toContain("第2版として公開（取り下げを解除）");
    await app.get(comparisonUrl());
    expect((await app.get(comparisonUrl())).headers.get("etag")).toMatch(/^"cmp-/); // kept
    expect((await owner.post(`${org}/disclosures/${disclosure}`, { intent: "publish", reason: "回答を見直しました" })).status).toBe(200);
    expect((await app.db.selectFrom("disclosure").select("withdrawn_at").where("id", "=", disclosure).executeTakeFirstOrThrow()).withdrawn_at).toBeNull();
    // Publishing dropped the kept comparison: the next anonymous one is rendered afresh (no ETag yet).
    const fresh = await app.get(comparisonUrl());
    expect(fresh.status).toBe(200);
    expect(fresh.headers.get("etag")).toBeNull();
  });
});
