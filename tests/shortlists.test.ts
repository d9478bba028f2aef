// Shortlists (候補リスト) over HTTP: a hospital lists published disclosures it may read, with
// notes; what it may not read is refused without a name and, once unreadable, only counted.
// Roles: members read, editors and owners change; other organisations and vendors get 404.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDisclosure, getDisclosure, publish, saveDraft, setVisibility } from "../app/models/disclosure.server.js";
import type { Visibility } from "../db/schema.js";
import { loadTemplateFile, walkItems } from "../disclosures/template-loader.js";
import { Client, STRONG_PASSWORD, visibleText } from "./helpers/client.js";
import { TEMPLATES_DIR } from "./helpers/db.js";
import { startApp } from "./helpers/http.js";

const cyber = loadTemplateFile(`${TEMPLATES_DIR}/cybersecurity-checklist@1.0.0.json`);
const statusKeys = [...walkItems(cyber)].filter((e) => e.item.answer.kind === "status").map((e) => e.item.key);
const meta = { ip: "127.0.0.1", userAgent: "test" };
// 2026-10-31 16:00 UTC is already 1 November in Tokyo.
const PUBLISHED_AT = Date.UTC(2026, 9, 31, 16, 0);

let app: Awaited<ReturnType<typeof startApp>>;
type Name = "hospital" | "viewer" | "editor" | "otherHospital" | "vendor";
const clients = {} as Record<Name, Client>;
const users = {} as Record<Name, string>;
const orgs = {} as Record<"hospital" | "otherHospital" | "vendor", string>;
const disclosures = {} as Record<"open" | "hospitals" | "onRequest" | "unpublished", string>;

async function read(response: Response) {
  const html = (await response.text()).replace(/<!-- -->/g, "");
  const main = html.match(/<main[\s\S]*<\/main>/)?.[0] ?? "";
  return { status: response.status, location: response.headers.get("location"), html, main, text: visibleText(main) };
}
const page = async (who: Name, path: string) => read(await clients[who].get(path));
const send = async (who: Name, path: string, fields: Record<string, string>) => read(await clients[who].post(path, fields));

async function signUp(name: Name) {
  const client = new Client(app.base);
  const email = `${name.toLowerCase()}@shortlists.example`;
  expect((await client.post("/signup", { email, displayName: name, password: STRONG_PASSWORD, confirm: STRONG_PASSWORD })).status).toBe(302);
  clients[name] = client;
  users[name] = (await app.db.selectFrom("user").select("id").where("email", "=", email).executeTakeFirstOrThrow()).id;
}

async function createOrg(name: "hospital" | "otherHospital" | "vendor", kind: "vendor" | "hospital") {
  const created = await clients[name].post("/orgs", { name: `${name}の組織`, kind });
  expect(created.status).toBe(302);
  orgs[name] = created.headers.get("location")!.split("/").pop()!;
}

async function join(member: "viewer" | "editor", role: string) {
  const invited = await send("hospital", `/orgs/${orgs.hospital}/members`, { intent: "invite", role });
  const link = invited.html.match(/id="invite-link"[^>]*value="([^"]+)"/)![1];
  expect((await clients[member].post(new URL(link).pathname, {})).status).toBe(302);
}

async function vendorDisclosure(serviceName: string, visibility: Visibility, published = true) {
  const actor = { userId: users.vendor, email: "vendor@shortlists.example" };
  const serviceId = `svc-${serviceName}`;
  await app.db.insertInto("service").values({ id: serviceId, organization_id: orgs.vendor, name: serviceName, kind: "cloud", description: null, created_at: Date.now() }).execute();
  const id = await createDisclosure(app.db, actor, orgs.vendor, { templateId: cyber.id, templateVersion: cyber.version, serviceId, visibility }, meta);
  const disclosure = (await getDisclosure(app.db, orgs.vendor, id))!;
  await saveDraft(app.db, actor, disclosure, statusKeys.map((key) => ({ key, baseRevision: 0, response: { value: { status: "yes" } } })), meta);
  if (published) await publish(app.db, actor, disclosure, cyber, meta, PUBLISHED_AT);
  return id;
}

const entries = (shortlistId: string) => app.db.selectFrom("shortlist_entry").select(["disclosure_id", "note"]).where("shortlist_id", "=", shortlistId).orderBy("added_at").execute();
const auditActions = async () => (await app.db.selectFrom("audit_log").select(["action", "detail"]).where("organization_id", "=", orgs.hospital).where("action", "like", "shortlist.%").orderBy("id").execute());
const listsPath = () => `/orgs/${orgs.hospital}/shortlists`;

let listId: string;

beforeAll(async () => {
  app = await startApp();
  for (const name of ["hospital", "viewer", "editor", "otherHospital", "vendor"] as const) await signUp(name);
  await createOrg("hospital", "hospital");
  await createOrg("otherHospital", "hospital");
  await createOrg("vendor", "vendor");
  await join("viewer", "viewer");
  await join("editor", "editor");
  await app.db.updateTable("organization").set({ verified_at: Date.now() }).where("id", "=", orgs.vendor).execute();
  // Hospitals read 医療機関のみ disclosures once verified (issue 11; tests/security-hospitals.test.ts).
  await app.db.updateTable("organization").set({ verified_at: Date.now() }).where("id", "in", [orgs.hospital, orgs.otherHospital]).execute();
  disclosures.open = await vendorDisclosure("公開クラウドAlpha", "public");
  disclosures.hospitals = await vendorDisclosure("医療機関向けBeta", "hospitals");
  disclosures.onRequest = await vendorDisclosure("申請制Gamma秘密", "request");
  disclosures.unpublished = await vendorDisclosure("下書きDelta", "public", false);
});
afterAll(() => app?.close());

describe("shortlists of a hospital", () => {
  it("links shortlists and criteria from a hospital's page, not from a vendor's", async () => {
    const hospital = await page("hospital", `/orgs/${orgs.hospital}`);
    expect(hospital.html).toContain(`href="/orgs/${orgs.hospital}/shortlists"`);
    expect(hospital.html).toContain(`href="/orgs/${orgs.hospital}/criteria"`);
    const vendor = await page("vendor", `/orgs/${orgs.vendor}`);
    expect(vendor.html).not.toContain("/shortlists");
    expect(vendor.html).not.toContain("/criteria");
  });

  it("creates a list, refusing a blank or over-long name", async () => {
    expect((await send("hospital", listsPath(), { intent: "create", name: "   " })).status).toBe(400);
    const tooLong = await send("hospital", listsPath(), { intent: "create", name: "長".repeat(101) });
    expect(tooLong.status).toBe(400);
    expect(tooLong.text).toContain("100文字以内");
    expect(await app.db.selectFrom("shortlist").select("id").execute()).toEqual([]);

    const created = await send("hospital", listsPath(), { intent: "create", name: "電子カルテ更新 2027年度" });
    expect(created.status).toBe(302);
    listId = created.location!.split("/").pop()!;
    expect(created.location).toBe(`${listsPath()}/${listId}`);
    const index = await page("hospital", listsPath());
    expect(index.text).toContain("電子カルテ更新 2027年度");
    expect(index.text).toContain("0件");
  });

  it("adds a public and a hospitals-only disclosure, back to a same-site page only", async () => {
    const open = await send("hospital", listsPath(), { intent: "add", shortlistId: listId, disclosureId: disclosures.open });
    expect(open.status).toBe(302);
    expect(open.location).toBe(`${listsPath()}/${listId}?added=1`);
    const hospitals = await send("hospital", listsPath(), { intent: "add", shortlistId: listId, disclosureId: disclosures.hospitals, redirectTo: `/disclosures/${disclosures.hospitals}` });
    expect(hospitals.status).toBe(302);
    expect(hospitals.location).toBe(`/disclosures/${disclosures.hospitals}`);
    expect((await entries(listId)).map((e) => e.disclosure_id)).toEqual([disclosures.open, disclosures.hospitals]);

    // Adding again changes nothing and says so; an off-site redirect target is never followed.
    const again = await send("hospital", listsPath(), { intent: "add", shortlistId: listId, disclosureId: disclosures.open, redirectTo: "//evil.example/" });
    expect(again.status).toBe(200);
    expect(again.text).toContain("既にこの候補リストに入っています");
    expect(again.html).not.toContain("evil.example");
    expect(await entries(listId)).toHaveLength(2);
  });

  it("refuses an on-request disclosure without approval, an unpublished or unknown one, alike and without names", async () => {
    const before = (await auditActions()).length;
    const refusals = [];
    for (const disclosureId of [disclosures.onRequest, disclosures.unpublished, "00000000-0000-0000-0000-000000000000"]) {
      const refused = await send("hospital", listsPath(), { intent: "add", shortlistId: listId, disclosureId });
      expect(refused.status).toBe(400);
      expect(refused.text).toContain("指定された開示書は見つからないか、閲覧する権限がありません");
      expect(refused.html).not.toContain("申請制Gamma秘密");
      expect(refused.html).not.toContain("下書きDelta");
      refusals.push(refused.main);
    }
    expect(new Set(refusals).size).toBe(1);
    expect(await entries(listId)).toHaveLength(2);
    expect((await auditActions()).length).toBe(before);
    // Nor to a list of another organisation, named through this one's URL.
    const other = await send("otherHospital", `/orgs/${orgs.otherHospital}/shortlists`, { intent: "create", name: "他院のリスト" });
    const otherList = other.location!.split("/").pop()!;
    const foreign = await send("hospital", listsPath(), { intent: "add", shortlistId: otherList, disclosureId: disclosures.open });
    expect(foreign.status).toBe(400);
    expect(await entries(otherList)).toEqual([]);
  });

  it("keeps a note as text: a hostile string never becomes markup", async () => {
    const hostile = "<script>alert(1)</script>";
    const saved = await send("hospital", `${listsPath()}/${listId}`, { intent: "note", disclosureId: disclosures.open, note: hostile });
    expect(saved.status).toBe(200);
    expect(saved.text).toContain("メモを保存しました");
    expect((await entries(listId))[0].note).toBe(hostile);
    for (const who of ["hospital", "viewer"] as const) {
      const shown = await page(who, `${listsPath()}/${listId}`);
      expect(shown.html).not.toContain("<script>alert(1)");
      expect(shown.html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    }
    // Too long, or with control characters: refused, the stored note unchanged.
    expect((await send("hospital", `${listsPath()}/${listId}`, { intent: "note", disclosureId: disclosures.open, note: "あ".repeat(2001) })).status).toBe(400);
    const control = await send("hospital", `${listsPath()}/${listId}`, { intent: "note", disclosureId: disclosures.open, note: "bad\u0007bell" });
    expect(control.status).toBe(400);
    expect(control.text).toContain("制御文字は使えません");
    expect((await entries(listId))[0].note).toBe(hostile);
    // A note for a disclosure that is not in the list writes nothing.
    expect((await send("hospital", `${listsPath()}/${listId}`, { intent: "note", disclosureId: disclosures.onRequest, note: "x" })).status).toBe(404);
  });

  it("shows each entry: vendor with 確認済, service, template and version, 最終更新日, a link, and comparisons", async () => {
    const profile = await send("hospital", `/orgs/${orgs.hospital}/criteria`, { intent: "create", name: "院内基準", templateId: cyber.id });
    const profileId = profile.location!.split("/").pop()!;
    const shown = await page("hospital", `${listsPath()}/${listId}`);
    expect(shown.status).toBe(200);
    expect(shown.text).toContain("vendorの組織");
    expect(shown.text).toContain("確認済");
    expect(shown.text).toContain("公開クラウドAlpha");
    expect(shown.text).toContain("医療機関向けBeta");
    expect(shown.text).toContain(cyber.title);
    expect(shown.text).toContain("第1版");
    expect(shown.text).toContain("2026年11月1日");
    expect(shown.html).toContain(`href="/disclosures/${disclosures.open}"`);
    expect(shown.html).toContain(`href="/compare?shortlist=${listId}&amp;template=${cyber.id}"`);
    expect(shown.html).toContain(`href="/compare?shortlist=${listId}&amp;template=${cyber.id}&amp;profile=${profileId}"`);
    expect(shown.text).toContain("この候補リストを比較");
    expect(shown.text).not.toContain("閲覧できません");
  });

  it("counts an entry the reader can no longer read without naming it, and can drop it", async () => {
    await setVisibility(app.db, { userId: users.vendor, email: "vendor@shortlists.example" }, { id: disclosures.hospitals, organization_id: orgs.vendor }, "request", meta);
    const shown = await page("viewer", `${listsPath()}/${listId}`);
    expect(shown.text).toContain("1件は現在閲覧できません");
    expect(shown.html).not.toContain("医療機関向けBeta");
    expect(shown.html).not.toContain(disclosures.hospitals);
    expect(shown.text).toContain("開示書 2件");
    const index = await page("hospital", listsPath());
    expect(index.text).toContain("2件");

    const pruned = await send("hospital", `${listsPath()}/${listId}`, { intent: "prune" });
    expect(pruned.status).toBe(200);
    expect(pruned.text).toContain("閲覧できない1件を候補リストから外しました");
    expect((await entries(listId)).map((e) => e.disclosure_id)).toEqual([disclosures.open]);
  });

  it("lets a viewer read but not change (403, nothing written); an editor may", async () => {
    const read = await page("viewer", `${listsPath()}/${listId}`);
    expect(read.status).toBe(200);
    expect(read.html).not.toContain('name="intent" value="remove"');
    expect((await page("viewer", listsPath())).status).toBe(200);
    const before = await entries(listId);
    for (const [path, fields] of [
      [listsPath(), { intent: "create", name: "閲覧者のリスト" }],
      [listsPath(), { intent: "add", shortlistId: listId, disclosureId: disclosures.hospitals }],
      [`${listsPath()}/${listId}`, { intent: "note", disclosureId: disclosures.open, note: "閲覧者のメモ" }],
      [`${listsPath()}/${listId}`, { intent: "remove", disclosureId: disclosures.open }],
      [`${listsPath()}/${listId}`, { intent: "rename", name: "変更" }],
      [`${listsPath()}/${listId}`, { intent: "delete", confirm: "yes" }],
    ] as const) {
      expect((await send("viewer", path, fields)).status, `${path} ${fields.intent}`).toBe(403);
    }
    expect(await entries(listId)).toEqual(before);
    expect(await app.db.selectFrom("shortlist").select("name").where("organization_id", "=", orgs.hospital).execute()).toEqual([{ name: "電子カルテ更新 2027年度" }]);

    expect((await send("editor", `${listsPath()}/${listId}`, { intent: "rename", name: "電子カルテ候補" })).status).toBe(200);
    expect((await page("editor", `${listsPath()}/${listId}`)).text).toContain("電子カルテ候補");
  });

  it("answers 404 to another hospital's members and to a vendor organisation", async () => {
    for (const path of [listsPath(), `${listsPath()}/${listId}`]) {
      const get = await page("otherHospital", path);
      expect(get.status).toBe(404);
      expect(get.html).not.toContain("電子カルテ候補");
      expect((await send("otherHospital", path, { intent: "create", name: "x" })).status).toBe(404);
    }
    // A list id of one organisation through another organisation's URL: the same 404.
    expect((await page("otherHospital", `/orgs/${orgs.otherHospital}/shortlists/${listId}`)).status).toBe(404);
    const vendor = await page("vendor", `/orgs/${orgs.vendor}/shortlists`);
    expect(vendor.status).toBe(404);
    expect(vendor.text).toContain("候補リストは医療機関の組織で使えます");
    expect((await send("vendor", `/orgs/${orgs.vendor}/shortlists`, { intent: "create", name: "x" })).status).toBe(404);
    expect((await page("vendor", `/orgs/${orgs.vendor}/criteria`)).status).toBe(404);
  });

  it("removes an entry, deletes a list only when confirmed, and audits every change", async () => {
    expect((await send("hospital", `${listsPath()}/${listId}`, { intent: "remove", disclosureId: disclosures.open })).status).toBe(200);
    expect(await entries(listId)).toEqual([]);
    expect((await send("hospital", `${listsPath()}/${listId}`, { intent: "delete" })).status).toBe(400);
    const deleted = await send("hospital", `${listsPath()}/${listId}`, { intent: "delete", confirm: "yes" });
    expect(deleted.status).toBe(302);
    expect(deleted.location).toBe(listsPath());
    expect(await app.db.selectFrom("shortlist").select("id").where("id", "=", listId).execute()).toEqual([]);
    expect((await page("hospital", `${listsPath()}/${listId}`)).status).toBe(404);

    const log = await auditActions();
    expect(log.map((r) => r.action)).toEqual([
      "shortlist.created",
      "shortlist.entry_added",
      "shortlist.entry_added",
      "shortlist.note_changed",
      "shortlist.entry_removed",
      "shortlist.renamed",
      "shortlist.entry_removed",
      "shortlist.deleted",
    ]);
    // Details name lists and disclosures, never the note itself.
    for (const row of log) expect(row.detail ?? "").not.toContain("alert(1)");
    const audit = await page("hospital", `/orgs/${orgs.hospital}/audit`);
    expect(audit.text).toContain("候補リストへの追加");
    expect(audit.text).toContain("候補リストのメモ変更");
  });
});
