// A vendor's services and profile (certifications, storage locations, foreign law): the pure helpers,
// the model's organisation scoping, and the two pages over HTTP for each kind of member.
import type { Kysely } from "kysely";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createService, deleteService, listServices, removeCertification, addCertification, updateService } from "../app/models/vendor-profile.server.js";
import { activeCertifications, certificationSchema, storageLocationSchema } from "../app/models/vendor-profile.js";
import { isRealDate, todayInJapan } from "../disclosures/clock.js";
import type { Database } from "../db/schema.js";
import { Client, STRONG_PASSWORD, visibleText } from "./helpers/client.js";
import { freshDatabase } from "./helpers/db.js";
import { startApp } from "./helpers/http.js";

describe("pure helpers", () => {
  it("keeps certifications valid through their expiry date, drops expired ones, and keeps those without expiry", () => {
    const rows = [
      { id: 1, expires_on: "2026-03-30" },
      { id: 2, expires_on: "2026-03-31" },
      { id: 3, expires_on: "2027-01-01" },
      { id: 4, expires_on: null },
    ];
    expect(activeCertifications(rows, "2026-03-31").map((r) => r.id)).toEqual([2, 3, 4]);
    expect(activeCertifications(rows, "2026-04-01").map((r) => r.id)).toEqual([3, 4]);
    expect(activeCertifications([], "2026-04-01")).toEqual([]);
    expect(() => activeCertifications(rows, "2026/04/01")).toThrow(/YYYY-MM-DD/);
  });

  it("takes today's date in Japan, whatever the server's zone", () => {
    expect(todayInJapan(Date.UTC(2026, 2, 31, 14, 59))).toBe("2026-03-31");
    expect(todayInJapan(Date.UTC(2026, 2, 31, 15, 0))).toBe("2026-04-01");
  });

  it("accepts only dates that exist", () => {
    for (const ok of ["2026-02-28", "2028-02-29", "2026-12-31"]) expect(isRealDate(ok), ok).toBe(true);
    for (const bad of ["2026-02-30", "2027-02-29", "2026-13-01", "2026-04-31", "2026-4-1", "20260401", "0000-01-01", "2026-04-01T00:00", ""]) expect(isRealDate(bad), bad).toBe(false);
  });

  it("names 「その他」 certifications and checks country code formats", () => {
    expect(certificationSchema.safeParse({ kind: "other", name: "" }).success).toBe(false);
    expect(certificationSchema.parse({ kind: "isms", name: "無視される", number: " IS 123 ", expiresOn: "" })).toEqual({ kind: "isms", name: null, number: "IS 123", expiresOn: null });
    expect(storageLocationSchema.parse({ country: "other", countryCode: " fr ", region: "" })).toEqual({ country: "FR", region: null });
    expect(storageLocationSchema.parse({ country: "JP", region: " 東京 " })).toEqual({ country: "JP", region: "東京" });
    for (const code of ["JPN", "1A", "", "日本"]) expect(storageLocationSchema.safeParse({ country: "other", countryCode: code }).success, code).toBe(false);
  });
});

describe("model scoping", () => {
  let db: Kysely<Database>;
  const actor = { userId: "u1", email: "u1@example.jp" };
  beforeEach(async () => {
    db = freshDatabase().db;
    const now = Date.now();
    await db.insertInto("user").values({ id: "u1", email: "u1@example.jp", display_name: "u1", password_hash: "x", created_at: now, password_changed_at: now }).execute();
    for (const id of ["org-a", "org-b"]) await db.insertInto("organization").values({ id, name: id, kind: "vendor", created_at: now }).execute();
  });

  it("never touches another organisation's services or certifications", async () => {
    const id = await createService(db, actor, "org-a", { name: "電子カルテ", kind: "system", description: null });
    expect(await updateService(db, actor, "org-b", id, { name: "乗っ取り", kind: "other", description: null })).toBe(false);
    expect(await deleteService(db, actor, "org-b", id)).toBe(false);
    expect((await listServices(db, "org-a")).map((s) => s.name)).toEqual(["電子カルテ"]);
    expect(await listServices(db, "org-b")).toEqual([]);

    const cert = await addCertification(db, actor, "org-a", { kind: "pmark", name: null, number: "1234", expiresOn: null });
    expect(await removeCertification(db, actor, "org-b", cert)).toBe(false);
    expect(await db.selectFrom("certification").select("id").where("id", "=", cert).execute()).toHaveLength(1);
    // Only the changes that happened were audited.
    const actions = (await db.selectFrom("audit_log").select(["action", "organization_id"]).orderBy("id").execute()).map((r) => `${r.action}@${r.organization_id}`);
    expect(actions).toEqual(["service.created@org-a", "profile.updated@org-a"]);
  });
});

// ---- over HTTP ----

let app: Awaited<ReturnType<typeof startApp>>;

async function read(r: Response) {
  // React separates adjacent text with <!-- -->: a reader sees one run of text.
  const html = (await r.text()).replace(/<!-- -->/g, "");
  return { status: r.status, location: r.headers.get("location"), html, text: visibleText(html) };
}
type User = { id: string; email: string; c: Client };
const page = async (u: User, path: string) => read(await u.c.get(path));
const send = async (u: User, path: string, fields: Record<string, string>) => read(await u.c.post(path, fields));

async function signUp(email: string): Promise<User> {
  const c = new Client(app.base);
  const r = await c.post("/signup", { email, displayName: email.split("@")[0], password: STRONG_PASSWORD, confirm: STRONG_PASSWORD });
  expect(r.status).toBe(302);
  const row = await app.db.selectFrom("user").select("id").where("email", "=", email).executeTakeFirstOrThrow();
  return { id: row.id, email, c };
}
async function createOrg(u: User, name: string) {
  const r = await u.c.post("/orgs", { name, kind: "vendor" });
  expect(r.status).toBe(302);
  return r.headers.get("location")!.split("/").pop()!;
}
async function join(owner: User, member: User, orgId: string, role: string) {
  const html = await (await owner.c.post(`/orgs/${orgId}/members`, { intent: "invite", role })).text();
  const link = /id="invite-link"[^>]*value="([^"]+)"/.exec(html)![1];
  expect((await member.c.post(new URL(link).pathname, {})).status).toBe(302);
}

const ORG = "開示メディカルシステムズ株式会社";
let owner: User, editor: User, viewer: User, outsider: User;
let orgId: string, outsiderOrg: string;
let services: string, profile: string;

const serviceRows = () => app.db.selectFrom("service").select(["id", "organization_id", "name", "kind", "description"]).orderBy("created_at").execute();
const snapshot = async () => ({
  services: await serviceRows(),
  certifications: await app.db.selectFrom("certification").selectAll().orderBy("id").execute(),
  locations: await app.db.selectFrom("storage_location").selectAll().orderBy("id").execute(),
  foreignLaw: (await app.db.selectFrom("organization").select("foreign_law").where("id", "=", orgId).executeTakeFirstOrThrow()).foreign_law,
  audit: (await app.db.selectFrom("audit_log").select("id").execute()).length,
});
const auditOf = (action: string) =>
  app.db.selectFrom("audit_log").select(["actor_email", "organization_id", "target", "detail"]).where("action", "=", action).where("organization_id", "=", orgId).orderBy("id").execute();
const rowOf = (html: string, text: string) => html.split("<tr").find((tr) => tr.includes(text)) ?? "";

beforeAll(async () => {
  app = await startApp();
  owner = await signUp("owner@medsys.example");
  editor = await signUp("editor@medsys.example");
  viewer = await signUp("viewer@medsys.example");
  outsider = await signUp("owner@other.example");
  orgId = await createOrg(owner, ORG);
  outsiderOrg = await createOrg(outsider, "他社システム株式会社");
  await join(owner, editor, orgId, "editor");
  await join(owner, viewer, orgId, "viewer");
  services = `/orgs/${orgId}/services`;
  profile = `/orgs/${orgId}/profile`;
});
afterAll(() => app?.close());

describe("services", () => {
  let serviceId: string;

  it("lets an editor register, edit and see a service", async () => {
    const empty = await page(editor, services);
    expect(empty.status).toBe(200);
    expect(empty.text).toContain("まだサービスが登録されていません");
    expect(empty.html).toContain('name="intent" value="create"');

    const created = await send(editor, services, { intent: "create", name: "  クラウド電子カルテ  ", kind: "cloud", description: "外来・入院向け\r\n24時間監視" });
    expect(created.status).toBe(200);
    expect(created.text).toContain("サービス「クラウド電子カルテ」を登録しました");
    const [row] = await serviceRows();
    expect(row).toMatchObject({ organization_id: orgId, name: "クラウド電子カルテ", kind: "cloud", description: "外来・入院向け\n24時間監視" });
    serviceId = row.id;
    expect(rowOf(created.html, "<td>クラウド電子カルテ</td>")).toContain("クラウドサービス（ASP・SaaS）");

    const edit = await page(editor, `${services}?edit=${serviceId}`);
    expect(edit.text).toContain("サービスを編集");
    expect(edit.html).toContain('value="クラウド電子カルテ"');
    const updated = await send(editor, `${services}?edit=${serviceId}`, { intent: "update", serviceId, name: "クラウド電子カルテ Pro", kind: "system", description: "" });
    expect(updated.status).toBe(200);
    expect(updated.text).toContain("サービス「クラウド電子カルテ Pro」を保存しました");
    expect((await serviceRows())[0]).toMatchObject({ name: "クラウド電子カルテ Pro", kind: "system", description: null });
    expect(rowOf(updated.html, "<td>クラウド電子カルテ Pro</td>")).toContain("医療情報システム");

    // The owner may do the same; a name of exactly 200 characters is fine.
    expect((await send(owner, services, { intent: "create", name: "名".repeat(200), kind: "agency" })).status).toBe(200);
    expect(await serviceRows()).toHaveLength(2);

    const created_ = await auditOf("service.created");
    expect(created_.map((e) => [e.actor_email, e.target])).toEqual([
      [editor.email, "クラウド電子カルテ"],
      [owner.email, "名".repeat(200)],
    ]);
    const updates = await auditOf("service.updated");
    expect(updates).toHaveLength(1);
    expect(JSON.parse(updates[0].detail!)).toMatchObject({ service: serviceId, previous_name: "クラウド電子カルテ", changed: "name,kind,description" });
  });

  it("lets a viewer read the list but answers every change with 403", async () => {
    const list = await page(viewer, services);
    expect(list.status).toBe(200);
    expect(list.text).toContain("クラウド電子カルテ Pro");
    expect(list.html).not.toContain('name="intent" value="create"');
    expect(list.html).not.toContain("?edit=");
    expect((await page(viewer, `${services}?edit=${serviceId}`)).text).not.toContain("サービスを編集");

    const before = await snapshot();
    for (const fields of <Record<string, string>[]>[
      { intent: "create", name: "閲覧者のサービス", kind: "system" },
      { intent: "update", serviceId, name: "閲覧者による変更", kind: "other" },
      { intent: "delete", serviceId, confirm: "yes" },
      { intent: "no-such-intent" },
    ]) {
      const r = await send(viewer, services, fields);
      expect(r.status, fields.intent).toBe(403);
      expect(r.text).toContain("この操作を行う権限がありません");
    }
    expect(await snapshot()).toEqual(before);
  });

  it("answers a member of another organisation (and an anonymous visitor) as if the organisation did not exist", async () => {
    const before = await snapshot();
    for (const path of [services, profile]) {
      const p = await page(outsider, path);
      expect(p.status, path).toBe(404);
      expect(p.text).toContain("組織が見つかりません");
      expect(p.text).not.toContain(ORG);
      expect(p.text).not.toContain("クラウド電子カルテ");
      expect((await send(outsider, path, { intent: "create", name: "侵入", kind: "system" })).status).toBe(404);
      const anonymous = await new Client(app.base).get(path);
      expect(anonymous.status).toBe(302);
      expect(anonymous.headers.get("location")).toMatch(/^\/login\?redirectTo=/);
    }
    // Through their own organisation's page, the other organisation's service id leads nowhere.
    const own = `/orgs/${outsiderOrg}/services`;
    expect((await send(outsider, own, { intent: "update", serviceId, name: "乗っ取り", kind: "other" })).status).toBe(404);
    expect((await send(outsider, own, { intent: "delete", serviceId, confirm: "yes" })).status).toBe(404);
    expect((await page(outsider, `${own}?edit=${serviceId}`)).text).not.toContain("クラウド電子カルテ");
    expect(await snapshot()).toEqual(before);
  });

  it("refuses bad input with 400 and a Japanese message, changing nothing", async () => {
    const before = await snapshot();
    const cases: [Record<string, string>, string][] = [
      [{ intent: "create", name: "あ".repeat(201), kind: "system" }, "サービス名は200文字以内で入力してください"],
      [{ intent: "create", name: "   ", kind: "system" }, "サービス名を入力してください"],
      [{ intent: "create", kind: "system" }, "サービス名を入力してください"],
      [{ intent: "create", name: "新サービス", kind: "pharmacy" }, "サービスの種別を選んでください"],
      [{ intent: "create", name: "改行\nあり", kind: "system" }, "制御文字は使えません"],
      [{ intent: "create", name: "長い説明", kind: "system", description: "説".repeat(2001) }, "説明は2000文字以内で入力してください"],
      [{ intent: "update", serviceId, name: "い".repeat(201), kind: "system" }, "サービス名は200文字以内で入力してください"],
      [{ intent: "update", serviceId, name: "種別違い", kind: "" }, "サービスの種別を選んでください"],
      [{ intent: "delete", serviceId }, "削除するには確認欄にチェックを入れてください"],
      [{ intent: "no-such-intent" }, "不明な操作です"],
    ];
    for (const [fields, message] of cases) {
      const r = await send(editor, services, fields);
      expect(r.status, JSON.stringify(fields).slice(0, 80)).toBe(400);
      expect(r.text).toContain(message);
    }
    // A failed create keeps what was typed.
    const kept = await send(editor, services, { intent: "create", name: "入力を保持", kind: "device", description: "説".repeat(2001) });
    expect(kept.html).toContain('value="入力を保持"');
    const missing = await send(editor, services, { intent: "update", serviceId: "00000000-0000-4000-8000-000000000000", name: "なし", kind: "system" });
    expect(missing.status).toBe(404);
    expect(missing.text).toContain("サービスが見つかりません");
    expect(await snapshot()).toEqual(before);
  });

  it("deletes a service after confirmation; its disclosures stay, without a service", async () => {
    await app.db
      .insertInto("disclosure")
      .values({ id: "d-1", organization_id: orgId, service_id: serviceId, template_id: "cybersecurity-checklist", template_version: "1.0.0", visibility: "public", created_at: Date.now(), created_by: editor.id })
      .execute();
    const edit = await page(editor, `${services}?edit=${serviceId}`);
    expect(rowOf(edit.html, "<td>クラウド電子カルテ Pro</td>")).toContain("1件");
    expect(edit.text).toContain("このサービスを削除する");

    const deleted = await send(editor, services, { intent: "delete", serviceId, confirm: "yes" });
    expect(deleted.status).toBe(200);
    expect(deleted.text).toContain("サービス「クラウド電子カルテ Pro」を削除しました");
    expect((await serviceRows()).map((s) => s.id)).not.toContain(serviceId);
    expect((await app.db.selectFrom("disclosure").select("service_id").where("id", "=", "d-1").executeTakeFirstOrThrow()).service_id).toBeNull();
    expect((await auditOf("service.deleted")).map((e) => [e.actor_email, e.target])).toEqual([[editor.email, "クラウド電子カルテ Pro"]]);
    expect((await send(editor, services, { intent: "delete", serviceId, confirm: "yes" })).status).toBe(404);
  });
});

describe("organisation profile", () => {
  const today = todayInJapan();

  it("lets an editor add certifications with number and expiry, shows expired ones as 「期限切れ」, and removes them", async () => {
    const empty = await page(editor, profile);
    expect(empty.status).toBe(200);
    expect(empty.text).toContain("登録された認証はありません");

    for (const fields of <Record<string, string>[]>[
      { kind: "pmark", number: "10861234(05)", expiresOn: "2099-03-31" },
      { kind: "isms", number: "IS 654321", expiresOn: "2020-01-31" },
      { kind: "ismap", number: "C2024-0001", expiresOn: today },
      { kind: "soc2", number: "", expiresOn: "" },
      { kind: "other", name: "ISO/IEC 27017", number: "CLD 1", expiresOn: "2028-02-29" },
    ]) {
      const r = await send(editor, profile, { intent: "addCertification", ...fields });
      expect(r.status, fields.kind).toBe(200);
      expect(r.text).toContain("を追加しました");
    }
    const rows = await app.db.selectFrom("certification").select(["id", "kind", "name", "number", "expires_on"]).where("organization_id", "=", orgId).orderBy("id").execute();
    expect(rows.map((r) => [r.kind, r.name, r.number, r.expires_on])).toEqual([
      ["pmark", null, "10861234(05)", "2099-03-31"],
      ["isms", null, "IS 654321", "2020-01-31"],
      ["ismap", null, "C2024-0001", today],
      ["soc2", null, null, null],
      ["other", "ISO/IEC 27017", "CLD 1", "2028-02-29"],
    ]);
    expect(activeCertifications(rows, today).map((r) => r.kind)).toEqual(["pmark", "ismap", "soc2", "other"]);

    const shown = await page(viewer, profile);
    expect(shown.status).toBe(200);
    expect(visibleText(rowOf(shown.html, "ISMS（ISO/IEC 27001）"))).toContain("期限切れ");
    for (const label of ["Pマーク", "ISMAP", "SOC 2", "ISO/IEC 27017"]) {
      const row = visibleText(rowOf(shown.html, label));
      expect(row, label).toContain("有効");
      expect(row, label).not.toContain("期限切れ");
    }
    expect(visibleText(rowOf(shown.html, "SOC 2"))).toContain("定めなし");
    expect(shown.text.match(/期限切れ/g)).toHaveLength(1);
    expect(shown.text).not.toContain("認証を追加");

    const isms = rows.find((r) => r.kind === "isms")!;
    const removed = await send(editor, profile, { intent: "removeCertification", id: String(isms.id) });
    expect(removed.status).toBe(200);
    expect(removed.text).toContain("認証を削除しました");
    expect(removed.text).not.toContain("期限切れ");
    expect(await app.db.selectFrom("certification").select("id").where("id", "=", isms.id).execute()).toEqual([]);

    const entries = await auditOf("profile.updated");
    expect(entries).toHaveLength(6);
    expect(entries.every((e) => e.actor_email === editor.email)).toBe(true);
    expect(entries[5].target).toBe("認証の削除: ISMS（ISO/IEC 27001） 番号 IS 654321 有効期限 2020-01-31");
  });

  it("records where data is stored and whether foreign law may apply", async () => {
    for (const fields of <Record<string, string>[]>[
      { country: "JP", region: "東京" },
      { country: "JP", region: "大阪" },
      { country: "other", countryCode: "fr", region: "" },
    ]) {
      const r = await send(editor, profile, { intent: "addStorageLocation", ...fields });
      expect(r.status, JSON.stringify(fields)).toBe(200);
    }
    const locations = await app.db.selectFrom("storage_location").select(["id", "country", "region"]).where("organization_id", "=", orgId).orderBy("id").execute();
    expect(locations.map((l) => [l.country, l.region])).toEqual([
      ["JP", "東京"],
      ["JP", "大阪"],
      ["FR", null],
    ]);
    const duplicate = await send(editor, profile, { intent: "addStorageLocation", country: "JP", region: "東京" });
    expect(duplicate.status).toBe(400);
    expect(duplicate.text).toContain("保管場所「日本（東京）」はすでに登録されています");

    const law = await send(owner, profile, { intent: "setForeignLaw", foreignLaw: "yes" });
    expect(law.status).toBe(200);
    expect((await app.db.selectFrom("organization").select("foreign_law").where("id", "=", orgId).executeTakeFirstOrThrow()).foreign_law).toBe("yes");
    const [lawEntry] = (await auditOf("profile.updated")).filter((e) => e.target?.startsWith("外国の法令"));
    expect([lawEntry.actor_email, lawEntry.target]).toEqual([owner.email, "外国の法令が適用される可能性: 未回答 → ある"]);

    const read = await page(viewer, profile);
    expect(visibleText(rowOf(read.html, "東京"))).toContain("日本");
    expect(visibleText(rowOf(read.html, "（FR）"))).toContain("FR");
    expect(read.text).toContain("外国の法令が適用される可能性 ある");

    const removed = await send(editor, profile, { intent: "removeStorageLocation", id: String(locations[1].id) });
    expect(removed.status).toBe(200);
    expect(await app.db.selectFrom("storage_location").select("id").where("id", "=", locations[1].id).execute()).toEqual([]);
    expect(rowOf(removed.html, "<td>大阪</td>")).toBe("");
  });

  it("refuses bad input with 400 and a Japanese message, changing nothing", async () => {
    const before = await snapshot();
    const cases: [Record<string, string>, string][] = [
      [{ intent: "addCertification", kind: "isms", expiresOn: "2026-02-30" }, "有効期限は実在する日付（YYYY-MM-DD）で入力してください"],
      [{ intent: "addCertification", kind: "isms", expiresOn: "2026/03/31" }, "有効期限は実在する日付"],
      [{ intent: "addCertification", kind: "iso9001" }, "認証の種類を選んでください"],
      [{ intent: "addCertification", kind: "other", name: "" }, "「その他」の場合は認証の名称を入力してください"],
      [{ intent: "addCertification", kind: "other", name: "あ".repeat(201) }, "認証の名称は200文字以内で入力してください"],
      [{ intent: "addCertification", kind: "pmark", number: "1".repeat(101) }, "登録番号は100文字以内で入力してください"],
      [{ intent: "removeCertification", id: "abc" }, "認証を指定してください"],
      [{ intent: "addStorageLocation", country: "JPN" }, "国は ISO 3166-1 の英字2文字の国コード"],
      [{ intent: "addStorageLocation", country: "other", countryCode: "1A" }, "国は ISO 3166-1 の英字2文字の国コード"],
      [{ intent: "addStorageLocation", country: "other", countryCode: "" }, "国は ISO 3166-1 の英字2文字の国コード"],
      [{ intent: "addStorageLocation", country: "" }, "国を選んでください"],
      [{ intent: "addStorageLocation", country: "JP", region: "地".repeat(101) }, "地域は100文字以内で入力してください"],
      [{ intent: "setForeignLaw", foreignLaw: "maybe" }, "「外国の法令が適用される可能性」を選んでください"],
      [{ intent: "setForeignLaw" }, "「外国の法令が適用される可能性」を選んでください"],
      [{ intent: "no-such-intent" }, "不明な操作です"],
    ];
    for (const [fields, message] of cases) {
      const r = await send(editor, profile, fields);
      expect(r.status, JSON.stringify(fields).slice(0, 80)).toBe(400);
      expect(r.text).toContain(message);
    }
    expect((await send(editor, profile, { intent: "removeCertification", id: "999999" })).status).toBe(404);
    expect(await snapshot()).toEqual(before);
  });

  it("answers a viewer's changes with 403 and changes nothing", async () => {
    const before = await snapshot();
    const [cert] = before.certifications;
    for (const fields of <Record<string, string>[]>[
      { intent: "addCertification", kind: "pmark" },
      { intent: "removeCertification", id: String(cert.id) },
      { intent: "addStorageLocation", country: "US" },
      { intent: "setForeignLaw", foreignLaw: "no" },
      { intent: "no-such-intent" },
    ]) {
      const r = await send(viewer, profile, fields);
      expect(r.status, fields.intent).toBe(403);
      expect(r.text).toContain("この操作を行う権限がありません");
    }
    expect(await snapshot()).toEqual(before);
  });
});

describe("output", () => {
  it("shows hostile strings as text, never as markup", async () => {
    const hostile = `<script>alert("x")</script><img src=x onerror=alert(1)>`;
    expect((await send(editor, services, { intent: "create", name: hostile, kind: "other", description: hostile })).status).toBe(200);
    expect((await send(editor, profile, { intent: "addCertification", kind: "other", name: hostile, number: hostile })).status).toBe(200);
    expect((await send(editor, profile, { intent: "addStorageLocation", country: "US", region: hostile })).status).toBe(200);
    for (const path of [services, profile, `/orgs/${orgId}/audit`]) {
      const p = await page(owner, path);
      expect(p.status, path).toBe(200);
      expect(p.html, path).not.toContain("<script>alert");
      expect(p.html, path).not.toContain("<img src=x");
      expect(p.html, path).toContain("&lt;script&gt;alert(");
    }
  });

  it("lists the changes in the organisation's audit log in Japanese", async () => {
    const log = await page(owner, `/orgs/${orgId}/audit`);
    for (const label of ["サービスの登録", "サービスの変更", "サービスの削除", "組織プロフィールの変更", "認証の追加: Pマーク 番号 10861234(05) 有効期限 2099-03-31", "保管場所の追加: 日本（東京）"]) {
      expect(log.text).toContain(label);
    }
    const other = await page(outsider, `/orgs/${outsiderOrg}/audit`);
    expect(other.text).not.toContain("サービスの登録");
    expect(other.text).not.toContain("組織プロフィールの変更");
  });
});
