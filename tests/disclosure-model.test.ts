// The disclosure data layer: drafts, conflicts, publishing, immutability, hashes and visibility.
import { createHash } from "node:crypto";
import { sql, type Kysely } from "kysely";
import { beforeEach, describe, expect, it } from "vitest";
import { syncBuiltinTemplates } from "../app/models/template.server.js";
import {
  canRead,
  createDisclosure,
  getDisclosure,
  getDraft,
  getVersion,
  listVersions,
  NothingToPublishError,
  publish,
  PublishValidationError,
  saveDraft,
  setWithdrawn,
} from "../app/models/disclosure.server.js";
import { refuseChanges } from "../db/dialect.js";
import type { Database } from "../db/schema.js";
import { contentHash, type DisclosureContent } from "../disclosures/disclosure-content.js";
import { loadTemplateFile, walkItems } from "../disclosures/template-loader.js";
import { freshDatabase, TEMPLATES_DIR } from "./helpers/db.js";

const cyber = loadTemplateFile(`${TEMPLATES_DIR}/cybersecurity-checklist@1.0.0.json`);
const statusKeys = [...walkItems(cyber)].filter((e) => e.item.answer.kind === "status").map((e) => e.item.key);
const meta = { ip: "127.0.0.1", userAgent: "test" };

let db: Kysely<Database>;
const users = { vendorEditor: "u-ve", vendorEditor2: "u-ve2", hospital: "u-h", otherVendor: "u-ov", nobody: "u-n", admin: "u-a" };
const orgs = { vendor: "o-v", hospital: "o-h", otherVendor: "o-ov", hospital2: "o-h2" };
const actor = (userId: string) => ({ userId, email: `${userId}@example.jp` });

beforeEach(async () => {
  db = freshDatabase().db;
  await syncBuiltinTemplates(db, TEMPLATES_DIR);
  const now = Date.now();
  for (const [name, id] of Object.entries(users)) {
    await db.insertInto("user").values({ id, email: `${name}@example.jp`, display_name: name, password_hash: "x", created_at: now, password_changed_at: now, is_admin: name === "admin" ? 1 : 0 }).execute();
  }
  for (const [name, id] of Object.entries(orgs)) {
    // Hospitals read 医療機関のみ disclosures once an administrator has verified them (issue 11).
    const hospital = name.startsWith("hospital");
    await db.insertInto("organization").values({ id, name, kind: hospital ? "hospital" : "vendor", created_at: now, verified_at: hospital ? now : null }).execute();
  }
  const member = (organization_id: string, user_id: string) => db.insertInto("membership").values({ organization_id, user_id, role: "editor", created_at: now }).execute();
  await member(orgs.vendor, users.vendorEditor);
  await member(orgs.vendor, users.vendorEditor2);
  await member(orgs.hospital, users.hospital);
  await member(orgs.otherVendor, users.otherVendor);
});

async function newDisclosure(visibility: "public" | "hospitals" | "request" = "public") {
  const id = await createDisclosure(db, actor(users.vendorEditor), orgs.vendor, { templateId: cyber.id, templateVersion: cyber.version, serviceId: null, visibility }, meta);
  return (await getDisclosure(db, orgs.vendor, id))!;
}

async function answerAll(disclosure: { id: string; organization_id: string }, status = "yes") {
  return saveDraft(db, actor(users.vendorEditor), disclosure, statusKeys.map((key) => ({ key, baseRevision: 0, response: { value: { status } } })), meta);
}

describe("drafts", () => {
  it("belong to their organisation: another organisation cannot load them", async () => {
    const disclosure = await newDisclosure();
    expect(await getDisclosure(db, orgs.otherVendor, disclosure.id)).toBeUndefined();
    expect(await getDisclosure(db, orgs.vendor, disclosure.id)).toMatchObject({ id: disclosure.id, latest_version: 0 });
  });

  it("save changed items only and restore exactly on reload", async () => {
    const disclosure = await newDisclosure();
    const result = await saveDraft(db, actor(users.vendorEditor), disclosure, [
      { key: statusKeys[0], baseRevision: 0, response: { value: { status: "yes" }, note: "<script>alert(1)</script>", evidence: [{ name: "規程 第3条", url: "https://example.jp/policy" }] } },
    ], meta);
    expect(result).toEqual({ saved: [{ key: statusKeys[0], revision: 1 }], conflicts: [] });
    const draft = await getDraft(db, disclosure);
    expect(draft.content.responses).toEqual({ [statusKeys[0]]: { value: { status: "yes" }, note: "<script>alert(1)</script>", evidence: [{ name: "規程 第3条", url: "https://example.jp/policy" }] } });
    expect(draft.revisions).toEqual({ [statusKeys[0]]: 1 });
  });

  it("detect a conflict between two editors and keep both values; no silent overwrite", async () => {
    const disclosure = await newDisclosure();
    const key = statusKeys[5];
    await saveDraft(db, actor(users.vendorEditor), disclosure, [{ key, baseRevision: 0, response: { value: { status: "yes" } } }], meta);
    const second = await saveDraft(db, actor(users.vendorEditor2), disclosure, [{ key, baseRevision: 0, response: { value: { status: "no" }, note: "未対応" } }], meta);
    expect(second.saved).toEqual([]);
    expect(second.conflicts).toEqual([
      { key, mine: { value: { status: "no" }, note: "未対応" }, theirs: { value: { status: "yes" } }, theirRevision: 1, updatedBy: "vendorEditor", updatedAt: expect.any(Number) },
    ]);
    expect((await getDraft(db, disclosure)).content.responses[key]).toEqual({ value: { status: "yes" } });
    // Choosing "mine" after seeing both: saved on top of the revision now known.
    const resolved = await saveDraft(db, actor(users.vendorEditor2), disclosure, [{ key, baseRevision: 1, response: { value: { status: "no" }, note: "未対応" } }], meta);
    expect(resolved.saved).toEqual([{ key, revision: 2 }]);
  });

  it("treat a retried save of the same value as saved, not as a conflict", async () => {
    const disclosure = await newDisclosure();
    const change = { key: statusKeys[1], baseRevision: 0, response: { value: { status: "no" } } };
    await saveDraft(db, actor(users.vendorEditor), disclosure, [change], meta);
    expect(await saveDraft(db, actor(users.vendorEditor), disclosure, [change], meta)).toEqual({ saved: [{ key: statusKeys[1], revision: 1 }], conflicts: [] });
  });
});

describe("publishing", () => {
  it("refuses an incomplete disclosure and lists exactly what is missing", async () => {
    const disclosure = await newDisclosure();
    await answerAll(disclosure);
    await saveDraft(db, actor(users.vendorEditor), disclosure, [{ key: statusKeys[7], baseRevision: 1, response: null }], meta);
    const error = await publish(db, actor(users.vendorEditor), disclosure, cyber, meta).catch((e) => e);
    expect(error).toBeInstanceOf(PublishValidationError);
    expect((error as PublishValidationError).problems.map((p) => [p.key, p.kind])).toEqual([[statusKeys[7], "missing"]]);
    expect(await listVersions(db, disclosure.id)).toEqual([]);
  });

  it("stores numbered immutable versions whose hash anyone can recompute from the JSON", async () => {
    const disclosure = await newDisclosure();
    await answerAll(disclosure);
    const first = await publish(db, actor(users.vendorEditor), disclosure, cyber, meta, Date.UTC(2026, 10, 1));
    expect(first.number).toBe(1);
    const version = (await getVersion(db, disclosure.id, 1))!;
    expect(createHash("sha256").update(version.content, "utf8").digest("hex")).toBe(version.content_hash);
    expect(contentHash(JSON.parse(version.content) as DisclosureContent)).toBe(version.content_hash);
    expect(version.published_at).toBe(Date.UTC(2026, 10, 1));

    await expect(publish(db, actor(users.vendorEditor), disclosure, cyber, meta)).rejects.toBeInstanceOf(NothingToPublishError);
    // The next draft starts from the latest version: change one item and publish v2.
    await saveDraft(db, actor(users.vendorEditor), disclosure, [{ key: statusKeys[0], baseRevision: 1, response: { value: { status: "no" } } }], meta);
    expect((await publish(db, actor(users.vendorEditor), disclosure, cyber, meta)).number).toBe(2);
    expect((await listVersions(db, disclosure.id)).map((v) => v.number)).toEqual([2, 1]);
    expect((await getVersion(db, disclosure.id, 1))!.content_hash).toBe(first.contentHash);

    await expect(sql`update disclosure_version set content = '{}'`.execute(db)).rejects.toThrow(/immutable/);
    await expect(sql`delete from disclosure_version`.execute(db)).rejects.toThrow(/immutable/);
  });

  it("is atomic: a failure midway leaves no version", async () => {
    const disclosure = await newDisclosure();
    await answerAll(disclosure);
    // Make the step after the version insert fail.
    await refuseChanges(db, "fail_midway", "update of latest_version", "disclosure", "disk full");
    await expect(publish(db, actor(users.vendorEditor), disclosure, cyber, meta)).rejects.toThrow(/disk full/);
    expect(await listVersions(db, disclosure.id)).toEqual([]);
    expect((await getDisclosure(db, orgs.vendor, disclosure.id))!.latest_version).toBe(0);
    const audits = await db.selectFrom("audit_log").select("action").where("action", "=", "disclosure.published").execute();
    expect(audits).toEqual([]);
  });
});

describe("who can read a published disclosure", () => {
  const reader = (userId: string | null) => (userId ? { userId, isAdmin: userId === users.admin } : null);

  async function readers(disclosure: { id: string; organization_id: string; visibility: "public" | "hospitals" | "request" }) {
    const out: Record<string, boolean> = {};
    for (const [name, id] of Object.entries({ anonymous: null, ...users })) out[name] = await canRead(db, reader(id), disclosure);
    return out;
  }

  it("public: everyone", async () => {
    expect(Object.values(await readers(await newDisclosure("public"))).every(Boolean)).toBe(true);
  });

  it("hospitals: members of hospital organisations, the vendor and administrators", async () => {
    expect(await readers(await newDisclosure("hospitals"))).toEqual({ anonymous: false, vendorEditor: true, vendorEditor2: true, hospital: true, otherVendor: false, nobody: false, admin: true });
  });

  it("hospitals: not members of an unverified hospital, nor members without the 2FA their hospital requires", async () => {
    const disclosure = await newDisclosure("hospitals");
    await db.updateTable("organization").set({ verified_at: null }).where("id", "=", orgs.hospital).execute();
    expect((await readers(disclosure)).hospital).toBe(false);
    await db.updateTable("organization").set({ verified_at: Date.now(), require_two_factor: 1 }).where("id", "=", orgs.hospital).execute();
    expect((await readers(disclosure)).hospital).toBe(false);
    await db.updateTable("user").set({ totp_secret: "JBSWY3DPEHPK3PXP" }).where("id", "=", users.hospital).execute();
    expect((await readers(disclosure)).hospital).toBe(true);
  });

  it("on request: only hospitals with an approved, unexpired request", async () => {
    const disclosure = await newDisclosure("request");
    expect((await readers(disclosure)).hospital).toBe(false);
    const request = (status: "pending" | "approved" | "revoked", expires_at: number | null) =>
      db.insertInto("access_request").values({ id: `r-${status}-${expires_at}`, disclosure_id: disclosure.id, organization_id: orgs.hospital, requested_by: users.hospital, message: "比較検討のため", status, created_at: Date.now(), decided_at: null, decided_by: null, expires_at }).execute();
    await request("pending", null);
    expect((await readers(disclosure)).hospital).toBe(false);
    await request("approved", Date.now() - 1000);
    expect((await readers(disclosure)).hospital).toBe(false);
    await request("approved", Date.now() + 60_000);
    expect(await readers(disclosure)).toEqual({ anonymous: false, vendorEditor: true, vendorEditor2: true, hospital: true, otherVendor: false, nobody: false, admin: true });
  });

  it("withdrawal keeps versions readable to those who could read them", async () => {
    const disclosure = await newDisclosure("hospitals");
    await answerAll(disclosure);
    await publish(db, actor(users.vendorEditor), disclosure, cyber, meta);
    await setWithdrawn(db, actor(users.vendorEditor), disclosure, true, meta);
    const after = (await getDisclosure(db, orgs.vendor, disclosure.id))!;
    expect(after.withdrawn_at).not.toBeNull();
    expect(await canRead(db, reader(users.hospital), after)).toBe(true);
    expect(await getVersion(db, disclosure.id, 1)).toBeDefined();
  });
});
