// The public reading side of published disclosures, through HTTP: the version page, its JSON,
// versions, diffs, caching, hostile content, and who gets a 404.
import { createHash } from "node:crypto";
import type { AddressInfo } from "node:net";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDisclosure, getDisclosure, publish, saveDraft, setVisibility, setWithdrawn } from "../app/models/disclosure.server.js";
import { keepStoredPolicyOnNotModified } from "../app/utils/not-modified-csp.server.js";
import { LruCache } from "../app/utils/page-cache.server.js";
import { canonicalContent, contentHash, type DisclosureContent, type ItemResponse } from "../disclosures/disclosure-content.js";
import { loadTemplateFile, walkItems } from "../disclosures/template-loader.js";
import type { Template } from "../disclosures/template-schema.js";
import { Client, STRONG_PASSWORD, visibleText } from "./helpers/client.js";
import { TEMPLATES_DIR } from "./helpers/db.js";
import { startApp } from "./helpers/http.js";

const cyber = loadTemplateFile(`${TEMPLATES_DIR}/cybersecurity-checklist@1.0.0.json`);
const minimum = loadTemplateFile(`${TEMPLATES_DIR}/minimum-guideline-checklist@1.0.0.json`);
const statusKeys = (t: Template) => [...walkItems(t)].filter((e) => e.item.answer.kind === "status").map((e) => e.item.key);
const meta = { ip: "127.0.0.1", userAgent: "test" };
// 2026-10-31 16:00 UTC is already 1 November in Tokyo.
const PUBLISHED_AT = Date.UTC(2026, 9, 31, 16, 0);

let app: Awaited<ReturnType<typeof startApp>>;
const clients = {} as Record<"anonymous" | "vendor" | "hospital" | "otherVendor", Client>;
const users = {} as Record<"vendor" | "hospital" | "otherVendor", string>;
const orgs = {} as Record<"vendor" | "hospital" | "otherVendor", string>;
const actor = () => ({ userId: users.vendor, email: "vendor@reading.example" });

async function signUp(name: keyof typeof users, kind: "vendor" | "hospital") {
  const client = new Client(app.base);
  const email = `${name.toLowerCase()}@reading.example`;
  expect((await client.post("/signup", { email, displayName: name, password: STRONG_PASSWORD, confirm: STRONG_PASSWORD })).status).toBe(302);
  const created = await client.post("/orgs", { name: `${name}の組織`, kind });
  expect(created.status).toBe(302);
  clients[name] = client;
  orgs[name] = created.headers.get("location")!.split("/").pop()!;
  users[name] = (await app.db.selectFrom("user").select("id").where("email", "=", email).executeTakeFirstOrThrow()).id;
}

/** A disclosure of the vendor with every status item answered "○" (v1), optionally published. */
async function newDisclosure(options: { visibility?: "public" | "hospitals" | "request"; template?: Template; serviceId?: string | null; status?: string; publishAt?: number | null } = {}) {
  const template = options.template ?? cyber;
  const id = await createDisclosure(app.db, actor(), orgs.vendor, { templateId: template.id, templateVersion: template.version, serviceId: options.serviceId ?? null, visibility: options.visibility ?? "public" }, meta);
  const disclosure = (await getDisclosure(app.db, orgs.vendor, id))!;
  await saveDraft(app.db, actor(), disclosure, statusKeys(template).map((key) => ({ key, baseRevision: 0, response: { value: { status: options.status ?? "yes" } } })), meta);
  if (options.publishAt !== null) await publish(app.db, actor(), disclosure, template, meta, options.publishAt ?? PUBLISHED_AT);
  return disclosure;
}

async function revisionOf(disclosureId: string, key: string) {
  const row = await app.db.selectFrom("draft_response").select("revision").where("disclosure_id", "=", disclosureId).where("item_key", "=", key).executeTakeFirst();
  return row?.revision ?? 0;
}

async function edit(disclosure: { id: string; organization_id: string }, changes: Record<string, ItemResponse | null>) {
  const list = [];
  for (const [key, response] of Object.entries(changes)) list.push({ key, baseRevision: await revisionOf(disclosure.id, key), response });
  const result = await saveDraft(app.db, actor(), disclosure, list, meta);
  expect(result.conflicts).toEqual([]);
}

/** Stores a version directly, bypassing validation: what a bug or a hand-edited database could leave. */
async function insertVersion(disclosureId: string, number: number, content: DisclosureContent) {
  await app.db
    .insertInto("disclosure_version")
    .values({ disclosure_id: disclosureId, number, template_id: content.templateId, template_version: content.templateVersion, content: canonicalContent(content), content_hash: contentHash(content), published_at: PUBLISHED_AT, published_by: users.vendor })
    .execute();
  await app.db.updateTable("disclosure").set({ latest_version: number }).where("id", "=", disclosureId).execute();
}

const main = (html: string) => html.match(/<main[\s\S]*<\/main>/)![0];

beforeAll(async () => {
  app = await startApp();
  clients.anonymous = new Client(app.base);
  await signUp("vendor", "vendor");
  await signUp("hospital", "hospital");
  // Hospitals read 医療機関のみ disclosures once verified (issue 11; tests/security-hospitals.test.ts).
  await app.db.updateTable("organization").set({ verified_at: Date.now() }).where("id", "=", orgs.hospital).execute();
  await signUp("otherVendor", "vendor");
});
afterAll(() => app?.close());

describe("a published version", () => {
  it("shows the vendor, template, 最終更新日, version, hash, answers, notes and evidence", async () => {
    await app.db.updateTable("organization").set({ verified_at: Date.now() }).where("id", "=", orgs.vendor).execute();
    await app.db.insertInto("service").values({ id: "svc-reading-1", organization_id: orgs.vendor, name: "クラウド電子カルテ Alpha", kind: "cloud", description: null, created_at: Date.now() }).execute();
    const disclosure = await newDisclosure({ serviceId: "svc-reading-1", publishAt: null });
    const [first, second] = statusKeys(cyber);
    await edit(disclosure, {
      [first]: { value: { status: "yes" }, note: "年1回、経営会議で報告している", evidence: [{ name: "情報セキュリティ基本方針", url: "https://example.jp/policy.pdf" }] },
      [second]: { value: { status: "no" } },
    });
    const { contentHash: hash } = await publish(app.db, actor(), disclosure, cyber, meta, PUBLISHED_AT);

    const page = await clients.anonymous.text(`/disclosures/${disclosure.id}/v/1`);
    expect(page.status).toBe(200);
    const text = visibleText(main(page.html));
    expect(text).toContain("vendorの組織");
    expect(text).toContain("確認済");
    expect(text).toContain("クラウド電子カルテ Alpha");
    expect(text).toContain("医療機関のサイバーセキュリティ対策チェックリスト");
    expect(text).toContain("第5.1版 別添（令和3年10月20日 事務連絡）");
    expect(text).toContain("最終更新日 2026年11月1日");
    expect(text).toContain("第1版");
    expect(text).toContain("最新版");
    expect(page.html).toContain(hash);
    expect(text).toContain("年1回、経営会議で報告している");
    expect(text).toContain("情報セキュリティ基本方針");
    expect(page.html).toMatch(/<a href="https:\/\/example\.jp\/policy\.pdf" rel="nofollow">https:\/\/example\.jp\/policy\.pdf<\/a>/);
    // Answers in the form's words, each with its mark (tests/public-page.test.ts has the rest of the page).
    expect(text).toMatch(/● ○/);
    expect(text).toMatch(/× ×/);
    expect(text).toContain("未回答");
    // Derived results: one × among the executive items.
    const executive = [...walkItems(cyber)].filter((e) => e.item.answer.kind === "status" && e.sections[0].key === "executive");
    const prevent = executive.filter((e) => e.item.perspective === "prevent").length;
    // As the sheet's 「チェックの結果」: 分類, 割合, 項目数, the 発見 row without items included.
    expect(text).toContain(`経営層 視点別集計: 分類 割合 項目数 予防 ${(Math.round(((prevent - 1) * 1000) / prevent) / 10).toFixed(1)}% ${prevent - 1}/${prevent} 発見 - 0/0`);
    expect(page.html).toContain(`<title>vendorの組織 クラウド電子カルテ Alpha「医療機関のサイバーセキュリティ対策チェックリスト」第1版 | Kaiji</title>`);
    expect(page.html).toMatch(/<meta name="description" content="[^"]*最終更新日 2026年11月1日/);
    expect(page.html).toMatch(/<meta property="og:title" content="vendorの組織/);
    expect(page.html).toContain(`href="/disclosures/${disclosure.id}/v/1.json"`);
    expect(page.html).toContain(`href="/disclosures/${disclosure.id}/versions"`);
  });

  it("computes 「ガイドラインの遵守」 from the answers", async () => {
    const disclosure = await newDisclosure({ template: minimum, status: "implemented" });
    const text = visibleText(main((await clients.anonymous.text(`/disclosures/${disclosure.id}/v/1`)).html));
    expect(text).toContain("ガイドラインの遵守: 最低限のガイドラインを遵守済");
  });

  it("renders hostile strings as text and never links a javascript: URL", async () => {
    const disclosure = await newDisclosure({ publishAt: null });
    const [first, second] = statusKeys(cyber);
    const responses: Record<string, ItemResponse> = Object.fromEntries(statusKeys(cyber).map((key) => [key, { value: { status: "yes" } }]));
    responses[first] = { value: { status: "yes" }, note: "<script>alert(1)</script>", evidence: [{ name: "<img src=x onerror=alert(1)>", url: "javascript:alert(1)" }] };
    responses[second] = { value: { status: "<b>bold</b>" }, evidence: [{ name: "data", url: "data:text/html,<script>alert(2)</script>" }] };
    responses["executive.filledBy"] = { value: '"><svg onload=alert(3)>' };
    await insertVersion(disclosure.id, 1, { templateId: cyber.id, templateVersion: cyber.version, responses });

    const page = await clients.anonymous.text(`/disclosures/${disclosure.id}/v/1`);
    expect(page.status).toBe(200);
    for (const raw of ["<script>alert(1)", "<img src=x", "<b>bold</b>", "<svg onload", "<script>alert(2)"]) expect(page.html).not.toContain(raw);
    expect(page.html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(page.html).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(page.html).not.toMatch(/href="\s*(javascript|data):/i);
    const text = visibleText(main(page.html));
    expect(text).toContain("javascript:alert(1)");
    // The published page is a plain document: no script of any kind reaches it.
    expect(page.html).not.toMatch(/<script/i);
  });

  it("redirects /disclosures/:id to the latest version", async () => {
    const disclosure = await newDisclosure();
    await edit(disclosure, { [statusKeys(cyber)[0]]: { value: { status: "no" } } });
    await publish(app.db, actor(), disclosure, cyber, meta);
    const response = await clients.anonymous.get(`/disclosures/${disclosure.id}`);
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(`/disclosures/${disclosure.id}/v/2`);
    // The older version stays readable and points to the latest.
    const old = await clients.anonymous.text(`/disclosures/${disclosure.id}/v/1`);
    expect(old.status).toBe(200);
    expect(visibleText(old.html)).toContain("最新版（第2版）を見る");
  });

  it("answers 404 for unknown, malformed and never-published versions", async () => {
    const disclosure = await newDisclosure();
    for (const n of ["2", "0", "01", "-1", "abc", "1.5", "1e0", "99999999999"]) {
      expect((await clients.anonymous.get(`/disclosures/${disclosure.id}/v/${n}`)).status, n).toBe(404);
    }
    expect((await clients.anonymous.get(`/disclosures/${disclosure.id}/v/2.json`)).status).toBe(404);
    expect((await clients.anonymous.get("/disclosures/00000000-0000-0000-0000-000000000000/v/1")).status).toBe(404);

    const draftOnly = await newDisclosure({ publishAt: null });
    for (const path of ["", "/v/1", "/v/1.json", "/versions", "/diff"]) {
      expect((await clients.vendor.get(`/disclosures/${draftOnly.id}${path}`)).status, path).toBe(404);
      expect((await clients.anonymous.get(`/disclosures/${draftOnly.id}${path}`)).status, path).toBe(404);
    }
  });

  it("shows a withdrawn disclosure with a notice, still readable", async () => {
    const disclosure = await newDisclosure();
    await setWithdrawn(app.db, actor(), disclosure, true, meta);
    const page = await clients.anonymous.text(`/disclosures/${disclosure.id}/v/1`);
    expect(page.status).toBe(200);
    expect(visibleText(main(page.html))).toContain("取り下げ済み");
    const json = (await (await clients.anonymous.get(`/disclosures/${disclosure.id}/v/1.json`)).json()) as { withdrawnAt: string | null };
    expect(json.withdrawnAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });
});

describe("the JSON of a version", () => {
  it("has the documented shape, and sha256(canonicalContent) is the content hash", async () => {
    const disclosure = await newDisclosure();
    const response = await clients.anonymous.get(`/disclosures/${disclosure.id}/v/1.json`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
    const body = (await response.json()) as Record<string, unknown> & { canonicalContent: string; contentHash: { algorithm: string; value: string } };
    expect(Object.keys(body)).toEqual(["format", "disclosureId", "version", "publishedAt", "changeReason", "latestVersion", "withdrawnAt", "organization", "service", "release", "template", "contentHash", "canonicalContent", "content", "derived"]);
    expect(body).toMatchObject({
      format: "kaiji-disclosure/1",
      disclosureId: disclosure.id,
      version: 1,
      publishedAt: "2026-10-31T16:00:00.000Z",
      latestVersion: 1,
      withdrawnAt: null,
      organization: { name: "vendorの組織" },
      service: null,
      release: null,
      template: { id: "cybersecurity-checklist", version: "1.0.0", title: cyber.title, edition: cyber.source.edition },
      contentHash: { algorithm: "SHA-256" },
    });
    expect(createHash("sha256").update(body.canonicalContent, "utf8").digest("hex")).toBe(body.contentHash.value);
    expect(body.content).toEqual(JSON.parse(body.canonicalContent));
    expect((body.content as DisclosureContent).responses[statusKeys(cyber)[0]]).toEqual({ value: { status: "yes" } });
  });
});

describe("caching", () => {
  for (const suffix of ["", ".json"]) {
    it(`answers If-None-Match with 304 for anonymous readers of a public version${suffix}`, async () => {
      const disclosure = await newDisclosure();
      const path = `/disclosures/${disclosure.id}/v/1${suffix}`;
      const first = await clients.anonymous.get(path);
      expect(first.status).toBe(200);
      const etag = first.headers.get("etag")!;
      expect(etag).toMatch(/^"[a-z]+-[0-9a-f]{64}-[0-9a-f]{16}"$/);
      expect(first.headers.get("cache-control")).toBe("public, max-age=300");
      expect(first.headers.get("vary")).toMatch(/Cookie/);
      await first.arrayBuffer();

      const again = await clients.anonymous.get(path, { "if-none-match": etag });
      expect(again.status).toBe(304);
      expect(await again.text()).toBe("");
      expect(again.headers.get("etag")).toBe(etag);
      expect((await clients.anonymous.get(path, { "if-none-match": `"other", W/${etag}` })).status).toBe(304);

      // Withdrawal changes the page: the old tag no longer matches.
      await setWithdrawn(app.db, actor(), disclosure, true, meta);
      const changed = await clients.anonymous.get(path, { "if-none-match": etag });
      expect(changed.status).toBe(200);
      expect(changed.headers.get("etag")).not.toBe(etag);
      await changed.arrayBuffer();
    });
  }

  it("gives signed-in readers and restricted disclosures no shared caching", async () => {
    const disclosure = await newDisclosure();
    const signedIn = await clients.hospital.get(`/disclosures/${disclosure.id}/v/1`);
    expect(signedIn.status).toBe(200);
    expect(signedIn.headers.get("etag")).toBeNull();
    expect(signedIn.headers.get("cache-control")).toBe("private, no-store");
    await signedIn.arrayBuffer();

    const restricted = await newDisclosure({ visibility: "hospitals" });
    for (const path of ["/v/1", "/v/1.json", "/versions", "/diff"]) {
      const response = await clients.hospital.get(`/disclosures/${restricted.id}${path}`);
      expect(response.status, path).toBe(200);
      expect(response.headers.get("cache-control"), path).toBe("private, no-store");
      expect(response.headers.get("etag"), path).toBeNull();
      await response.arrayBuffer();
    }
  });
});

describe("visibility", () => {
  it("hospitals-only: 404 for anonymous and vendor-only users, 200 for hospital members and the vendor", async () => {
    const disclosure = await newDisclosure({ visibility: "hospitals" });
    const missing = "00000000-0000-0000-0000-000000000000";
    for (const path of ["", "/v/1", "/v/1.json", "/versions", "/diff"]) {
      expect((await clients.anonymous.get(`/disclosures/${disclosure.id}${path}`)).status, `anonymous ${path}`).toBe(404);
      expect((await clients.otherVendor.get(`/disclosures/${disclosure.id}${path}`)).status, `otherVendor ${path}`).toBe(404);
      expect((await clients.hospital.get(`/disclosures/${disclosure.id}${path}`)).status, `hospital ${path}`).toBe(path ? 200 : 302);
      expect((await clients.vendor.get(`/disclosures/${disclosure.id}${path}`)).status, `vendor ${path}`).toBe(path ? 200 : 302);
    }
    // Not allowed looks exactly like not there.
    const hidden = await clients.anonymous.text(`/disclosures/${disclosure.id}/v/1`);
    const absent = await clients.anonymous.text(`/disclosures/${missing}/v/1`);
    expect(main(hidden.html)).toBe(main(absent.html));
    expect(hidden.html).not.toContain("vendorの組織");
    const hiddenJson = await clients.anonymous.get(`/disclosures/${disclosure.id}/v/1.json`);
    const absentJson = await clients.anonymous.get(`/disclosures/${missing}/v/1.json`);
    expect(await hiddenJson.text()).toBe(await absentJson.text());
  });

  it("follows a change of visibility at once", async () => {
    const disclosure = await newDisclosure();
    expect((await clients.anonymous.get(`/disclosures/${disclosure.id}/v/1`)).status).toBe(200);
    await setVisibility(app.db, actor(), disclosure, "request", meta);
    expect((await clients.anonymous.get(`/disclosures/${disclosure.id}/v/1`)).status).toBe(404);
    expect((await clients.hospital.get(`/disclosures/${disclosure.id}/v/1`)).status).toBe(404);
    expect((await clients.vendor.get(`/disclosures/${disclosure.id}/v/1`)).status).toBe(200);
  });
});

describe("versions and differences", () => {
  async function twoVersions() {
    const disclosure = await newDisclosure({ publishAt: null });
    const [a, b, c, d] = statusKeys(cyber);
    await edit(disclosure, { [b]: { value: { status: "yes" }, note: "旧い備考" }, [c]: { value: { status: "yes" }, evidence: [{ name: "手順書 v1" }] } });
    await publish(app.db, actor(), disclosure, cyber, meta, PUBLISHED_AT);
    await edit(disclosure, {
      [a]: { value: { status: "no" } },
      [b]: { value: { status: "yes" }, note: "新しい備考" },
      [c]: { value: { status: "yes" }, evidence: [{ name: "手順書 v2", url: "https://example.jp/v2" }] },
      "executive.filledBy": { value: "情報システム部" },
      [d]: { value: { status: "yes" } },
    });
    await publish(app.db, actor(), disclosure, cyber, meta, PUBLISHED_AT + 86_400_000);
    return { disclosure, keys: { a, b, c } };
  }

  it("lists every version with its date and hash prefix, and a form to compare", async () => {
    const { disclosure } = await twoVersions();
    const page = await clients.anonymous.text(`/disclosures/${disclosure.id}/versions`);
    expect(page.status).toBe(200);
    const text = visibleText(main(page.html));
    expect(text).toMatch(/第2版 最新版 2026年11月2日 [0-9a-f]{12}/);
    expect(text).toMatch(/第1版 2026年11月1日 [0-9a-f]{12}/);
    expect(page.html).toMatch(/<form method="get" action="\/disclosures\/[^"]+\/diff"/);
  });

  it("shows exactly the changed items, with before and after", async () => {
    const { disclosure, keys } = await twoVersions();
    const page = await clients.anonymous.text(`/disclosures/${disclosure.id}/diff?from=1&to=2`);
    expect(page.status).toBe(200);
    const ids = [...page.html.matchAll(/<article class="diff-item" id="diff-([^"]+)"/g)].map((m) => m[1]);
    expect(ids.sort()).toEqual([keys.a, keys.b, keys.c, "executive.filledBy"].sort());
    const text = visibleText(main(page.html));
    expect(text).toContain("4項目に違いがあります");
    expect(text).toContain("旧い備考");
    expect(text).toContain("新しい備考");
    expect(text).toContain("手順書 v1");
    expect(text).toContain("手順書 v2 — https://example.jp/v2");
    expect(text).toContain("情報システム部");
    expect(text).toMatch(/回答 ○ ×/);
  });

  it("falls back to the latest two versions for unusable numbers, and says so", async () => {
    const { disclosure } = await twoVersions();
    for (const query of ["?from=abc&to=2", "?from=1&to=9", "?from=2&to=2"]) {
      const page = await clients.anonymous.text(`/disclosures/${disclosure.id}/diff${query}`);
      expect(page.status, query).toBe(200);
      const text = visibleText(main(page.html));
      expect(text, query).toContain("第1版と第2版を比較しています");
      expect(text, query).toContain("第1版から第2版への変更");
    }
    const single = await newDisclosure();
    const page = await clients.anonymous.text(`/disclosures/${single.id}/diff?from=1&to=2`);
    expect(page.status).toBe(200);
    expect(visibleText(main(page.html))).toContain("比較できる版がありません");
  });
});

describe("the page cache", () => {
  it("evicts the least recently used entries by count and by weight", () => {
    const cache = new LruCache<string>({ maxEntries: 3, maxWeight: 10, weigh: (v) => v.length });
    cache.set("a", "1");
    cache.set("b", "2");
    cache.set("c", "3");
    cache.get("a");
    cache.set("d", "4");
    expect([cache.get("a"), cache.get("b"), cache.get("c"), cache.get("d")]).toEqual(["1", undefined, "3", "4"]);
    cache.set("e", "123456789");
    expect(cache.totalWeight).toBeLessThanOrEqual(10);
    expect(cache.get("e")).toBe("123456789");
    cache.set("huge", "x".repeat(11));
    expect(cache.get("huge")).toBeUndefined();
  });
});

describe("304 and the CSP nonce", () => {
  it("leaves the stored policy in place: no Content-Security-Policy on a 304, unchanged on a 200", async () => {
    const server = express();
    server.use(keepStoredPolicyOnNotModified);
    server.get("/page", (req, res) => {
      res.setHeader("Content-Security-Policy", "script-src 'nonce-fresh'");
      if (req.get("if-none-match") === '"t"') res.status(304).end();
      else res.set("ETag", '"t"').send("<p>page</p>");
    });
    const listener = server.listen(0, "127.0.0.1");
    await new Promise<void>((resolve) => listener.once("listening", () => resolve()));
    try {
      const url = `http://127.0.0.1:${(listener.address() as AddressInfo).port}/page`;
      const fresh = await fetch(url);
      expect(fresh.headers.get("content-security-policy")).toBe("script-src 'nonce-fresh'");
      await fresh.text();
      const revalidated = await fetch(url, { headers: { "if-none-match": '"t"' } });
      expect(revalidated.status).toBe(304);
      expect(revalidated.headers.get("content-security-policy")).toBeNull();
    } finally {
      await new Promise<void>((resolve) => listener.close(() => resolve()));
    }
  });
});
