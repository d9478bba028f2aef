// The vendor's disclosure workflow over HTTP: create, autosave (JSON), conflicts, bad input,
// publish with the list of what is missing, and the access-request cycle with a hospital.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { japanDate } from "../disclosures/clock.js";
import { loadTemplateFile, walkItems } from "../disclosures/template-loader.js";
import { Client, STRONG_PASSWORD, visibleText } from "./helpers/client.js";
import { TEMPLATES_DIR } from "./helpers/db.js";
import { startApp } from "./helpers/http.js";

const cyber = loadTemplateFile(`${TEMPLATES_DIR}/cybersecurity-checklist@1.0.0.json`);
const statusKeys = [...walkItems(cyber)].filter((e) => e.item.answer.kind === "status").map((e) => e.item.key);

let app: Awaited<ReturnType<typeof startApp>>;
let vendor: Client;
let hospital: Client;
let otherVendor: Client;
let org = "";
let disclosure = "";

async function signUp(email: string) {
  const client = new Client(app.base);
  await client.post("/signup", { email, displayName: email.split("@")[0], password: STRONG_PASSWORD, confirm: STRONG_PASSWORD });
  return client;
}

async function saveJson(client: Client, body: unknown) {
  const response = await client.postJson(`${org}/disclosures/${disclosure}/draft`, body);
  const json = response.headers.get("content-type")?.includes("application/json");
  return { status: response.status, body: (json ? await response.json() : { text: await response.text() }) as Record<string, any> };
}

beforeAll(async () => {
  app = await startApp();
  vendor = await signUp("owner@vendor.example");
  hospital = await signUp("it@hospital.example");
  otherVendor = await signUp("owner@other.example");
  org = (await vendor.post("/orgs", { name: "申請制ベンダー株式会社", kind: "vendor" })).headers.get("location")!;
  await hospital.post("/orgs", { name: "テスト病院", kind: "hospital" });
  // Only verified hospitals ask for access (issue 11; tests/security-hospitals.test.ts).
  await app.db.updateTable("organization").set({ verified_at: Date.now() }).where("name", "=", "テスト病院").execute();
  await otherVendor.post("/orgs", { name: "他社", kind: "vendor" });
  const created = await vendor.post(`${org}/disclosures`, { template: "cybersecurity-checklist@1.0.0", visibility: "request" });
  disclosure = created.headers.get("location")!.split("/").at(-2)!;
});
afterAll(() => app?.close());

describe("autosave endpoint", () => {
  it("saves changed items and reports progress and derived results", async () => {
    const { status, body } = await saveJson(vendor, { changes: statusKeys.map((key) => ({ key, baseRevision: 0, response: { value: { status: "yes" } } })) });
    expect(status).toBe(200);
    expect(body.saved).toHaveLength(statusKeys.length);
    expect(body.conflicts).toEqual([]);
    expect(body.progress.requiredAnswered).toBe(body.progress.required);
    expect(body.derived.find((d: { key: string }) => d.key === "executiveSummary").groups[0]).toMatchObject({ label: "予防", met: 15, total: 15 });
  });

  it("answers a stale save with both values, never a 500", async () => {
    const { status, body } = await saveJson(vendor, { changes: [{ key: statusKeys[0], baseRevision: 0, response: { value: { status: "no" } } }] });
    expect(status).toBe(200);
    expect(body.conflicts[0]).toMatchObject({ key: statusKeys[0], theirRevision: 1, theirsText: "○", mineText: "×" });
  });

  it("refuses javascript: evidence, unknown items, control characters and malformed bodies, and changes nothing", async () => {
    const before = await app.db.selectFrom("draft_response").select(["item_key", "revision"]).where("disclosure_id", "=", disclosure).execute();
    const bad = [
      { changes: [{ key: statusKeys[1], baseRevision: 1, response: { evidence: [{ url: "javascript:alert(1)" }] } }] },
      { changes: [{ key: "no.such.item", baseRevision: 0, response: { value: "x" } }] },
      { changes: [{ key: statusKeys[1], baseRevision: 1, response: { note: "a\u0000b" } }] },
      { changes: [{ key: statusKeys[1], baseRevision: "1", response: null }] },
      "{not json",
    ];
    for (const body of bad) {
      const result = await saveJson(vendor, body);
      expect(result.status, JSON.stringify(body)).toBe(400);
      expect(result.body.error).toMatch(/[ぁ-んァ-ン一-龥]/);
    }
    expect((await saveJson(vendor, "x".repeat(2_000_001))).status).toBe(413);
    expect(await app.db.selectFrom("draft_response").select(["item_key", "revision"]).where("disclosure_id", "=", disclosure).execute()).toEqual(before);
  });

  it("is closed to viewers' and other organisations' sessions", async () => {
    expect((await saveJson(otherVendor, { changes: [] })).status).toBe(404);
  });
});

describe("publishing over HTTP", () => {
  it("lists exactly what is missing, then publishes version 1 with its hash", async () => {
    await saveJson(vendor, { changes: [{ key: statusKeys[3], baseRevision: 1, response: null }] });
    const refused = await vendor.post(`${org}/disclosures/${disclosure}`, { intent: "publish" });
    expect(refused.status).toBe(400);
    const text = visibleText(await refused.text());
    expect(text).toContain("公開できません。次の1項目を確認してください");
    expect(text).toContain("必須項目が未回答です");

    await saveJson(vendor, { changes: [{ key: statusKeys[3], baseRevision: 2, response: { value: { status: "no" } } }] });
    const published = await vendor.post(`${org}/disclosures/${disclosure}`, { intent: "publish" });
    expect(published.status).toBe(200);
    const version = await app.db.selectFrom("disclosure_version").select(["number", "content_hash"]).where("disclosure_id", "=", disclosure).executeTakeFirstOrThrow();
    expect(visibleText(await published.text())).toContain(`第1版を公開しました（SHA-256: ${version.content_hash}）`);
  });
});

describe("access on request", () => {
  it("lets a hospital ask, the vendor approve with an expiry, and revoke", async () => {
    expect((await hospital.get(`/disclosures/${disclosure}/v/1`)).status).toBe(404);
    expect((await otherVendor.get(`/disclosures/${disclosure}/request`)).status).toBe(403);
    const page = await hospital.text(`/disclosures/${disclosure}/request`);
    expect(page.status).toBe(200);
    expect(visibleText(page.html)).toContain("申請制ベンダー株式会社");
    expect(page.html).not.toContain("○");
    const hospitalId = page.html.match(/<option value="([^"]+)"/)![1];

    expect((await hospital.post(`/disclosures/${disclosure}/request`, { hospitalId, message: "<b>比較検討</b>のため" })).status).toBe(200);
    expect((await hospital.post(`/disclosures/${disclosure}/request`, { hospitalId, message: "再申請" })).status).toBe(400);

    const vendorPage = await vendor.text(`${org}/disclosures/${disclosure}`);
    expect(vendorPage.html).toContain("&lt;b&gt;比較検討&lt;/b&gt;のため");
    const requestId = vendorPage.html.match(/name="requestId" value="([^"]+)"/)![1];
    const tomorrow = japanDate(Date.now() + 86_400_000);
    expect((await vendor.post(`${org}/disclosures/${disclosure}`, { intent: "approve", requestId, expiresOn: tomorrow })).status).toBe(200);
    expect((await hospital.get(`/disclosures/${disclosure}/v/1`)).status).toBe(200);
    // Deciding twice is refused.
    expect((await vendor.post(`${org}/disclosures/${disclosure}`, { intent: "approve", requestId })).status).toBe(400);

    expect((await vendor.post(`${org}/disclosures/${disclosure}`, { intent: "revoke", requestId })).status).toBe(200);
    expect((await hospital.get(`/disclosures/${disclosure}/v/1`)).status).toBe(404);
    const actions = (await app.db.selectFrom("audit_log").select("action").where("target", "=", disclosure).execute()).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(["access.requested", "access.approved", "access.revoked", "disclosure.published"]));
  });
});
