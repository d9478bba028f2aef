// The vendor's list of its disclosures (what is published when, unsaved work, requests waiting), and the
// visibility and withdrawal switches with their audit entries. Times come from a fixed clock.
import type { Kysely } from "kysely";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createDisclosure, getDisclosure, listDisclosures, publish, saveDraft, setVisibility, setWithdrawn } from "../app/models/disclosure.server.js";
import { syncBuiltinTemplates } from "../app/models/template.server.js";
import type { Database } from "../db/schema.js";
import { clock } from "../disclosures/clock.js";
import { loadTemplateFile, walkItems } from "../disclosures/template-loader.js";
import { freshDatabase, TEMPLATES_DIR } from "./helpers/db.js";

const cyber = loadTemplateFile(`${TEMPLATES_DIR}/cybersecurity-checklist@1.0.0.json`);
const statusKeys = [...walkItems(cyber)].filter((e) => e.item.answer.kind === "status").map((e) => e.item.key);
const meta = { ip: "127.0.0.1", userAgent: "test" };
const editor = { userId: "u-editor", email: "editor@example.jp" };
const T = Date.UTC(2026, 10, 1);
let db: Kysely<Database>;
let now = T;

beforeEach(async () => {
  now = T;
  vi.spyOn(clock, "now").mockImplementation(() => now);
  db = freshDatabase().db;
  await syncBuiltinTemplates(db, TEMPLATES_DIR);
  await db.insertInto("user").values({ id: editor.userId, email: editor.email, display_name: "編集者", password_hash: "x", created_at: T, password_changed_at: T, is_admin: 0 }).execute();
  for (const [id, kind] of [["o-vendor", "vendor"], ["o-other", "vendor"], ["o-hosp", "hospital"]] as const) await db.insertInto("organization").values({ id, name: id, kind, created_at: T, verified_at: T }).execute();
  await db.insertInto("service").values({ id: "s-cloud", organization_id: "o-vendor", name: "デモ医療クラウド", kind: "cloud", description: null, created_at: T }).execute();
});
afterEach(() => vi.restoreAllMocks());

const create = (org: string, serviceId: string | null, visibility: "public" | "hospitals" | "request" = "public") =>
  createDisclosure(db, editor, org, { templateId: cyber.id, templateVersion: cyber.version, serviceId, visibility }, meta);

describe("the vendor's list of disclosures", () => {
  it("shows each disclosure of the organisation, newest first, with its last publish, last edit and waiting requests", async () => {
    now = T + 1000;
    const first = await create("o-vendor", "s-cloud", "request");
    now = T + 2000;
    const second = await create("o-vendor", null);
    await create("o-other", null);
    const d = (await getDisclosure(db, "o-vendor", first))!;
    now = T + 3000;
    await saveDraft(db, editor, d, statusKeys.map((key) => ({ key, baseRevision: 0, response: { value: { status: "yes" } } })), meta);
    await publish(db, editor, d, cyber, meta, T + 4000);
    now = T + 5000;
    await saveDraft(db, editor, d, [{ key: statusKeys[0], baseRevision: 1, response: { value: { status: "no" } } }], meta);
    const request = (id: string, org: string, status: "pending" | "approved") =>
      db.insertInto("access_request").values({ id, disclosure_id: first, organization_id: org, requested_by: editor.userId, message: null, status, created_at: T, decided_at: null, decided_by: null, expires_at: null }).execute();
    await request("r1", "o-hosp", "pending");
    await request("r2", "o-other", "pending");
    await request("r3", "o-vendor", "approved");

    expect(await listDisclosures(db, "o-vendor")).toEqual([
      { id: second, service_name: null, template_id: cyber.id, template_version: "1.0.0", visibility: "public", latest_version: 0, withdrawn_at: null, published_at: null, draft_updated_at: null, pending_requests: 0 },
      { id: first, service_name: "デモ医療クラウド", template_id: cyber.id, template_version: "1.0.0", visibility: "request", latest_version: 1, withdrawn_at: null, published_at: T + 4000, draft_updated_at: T + 5000, pending_requests: 2 },
    ]);
    expect(await listDisclosures(db, "o-hosp")).toEqual([]);
  });
});

describe("visibility and withdrawal", () => {
  const auditOf = (action: string) => db.selectFrom("audit_log").select(["at", "actor_user_id", "organization_id", "target", "detail"]).where("action", "=", action).execute();

  it("change the disclosure and leave an audit entry", async () => {
    const id = await create("o-vendor", null);
    const d = (await getDisclosure(db, "o-vendor", id))!;
    now = T + 10;
    await setVisibility(db, editor, d, "hospitals", meta);
    expect((await getDisclosure(db, "o-vendor", id))!.visibility).toBe("hospitals");
    expect(await auditOf("disclosure.visibility_changed")).toEqual([{ at: T + 10, actor_user_id: editor.userId, organization_id: "o-vendor", target: id, detail: '{"visibility":"hospitals"}' }]);

    now = T + 20;
    await setWithdrawn(db, editor, d, true, meta);
    expect((await getDisclosure(db, "o-vendor", id))!.withdrawn_at).toBe(T + 20);
    expect(await auditOf("disclosure.withdrawn")).toEqual([{ at: T + 20, actor_user_id: editor.userId, organization_id: "o-vendor", target: id, detail: null }]);
    now = T + 30;
    await setWithdrawn(db, editor, d, false, meta);
    expect((await getDisclosure(db, "o-vendor", id))!.withdrawn_at).toBeNull();
    expect((await auditOf("disclosure.reinstated")).map((e) => e.at)).toEqual([T + 30]);
  });
});

describe("a save based on a revision that never existed", () => {
  it("is a conflict with nothing on the other side, not a silent write", async () => {
    const id = await create("o-vendor", null);
    const d = (await getDisclosure(db, "o-vendor", id))!;
    const result = await saveDraft(db, editor, d, [{ key: statusKeys[0], baseRevision: 3, response: { value: { status: "yes" }, note: " " } }], meta);
    expect(result).toEqual({ saved: [], conflicts: [{ key: statusKeys[0], mine: { value: { status: "yes" } }, theirs: null, theirRevision: 0, updatedBy: "", updatedAt: 0 }] });
    expect(await db.selectFrom("audit_log").select("action").where("action", "=", "disclosure.edited").execute()).toEqual([]);
  });
});

describe("the audit trail of creating and editing", () => {
  it("names the template a disclosure is created on, and how many items a save changed", async () => {
    now = T + 7;
    const id = await create("o-vendor", "s-cloud");
    const d = (await getDisclosure(db, "o-vendor", id))!;
    expect(d).toMatchObject({ organization_id: "o-vendor", service_id: "s-cloud", service_name: "デモ医療クラウド", created_at: T + 7, latest_version: 0, withdrawn_at: null });
    expect(await db.selectFrom("disclosure").select("created_by").where("id", "=", id).executeTakeFirstOrThrow()).toEqual({ created_by: editor.userId });
    await saveDraft(db, editor, d, [0, 1, 2].map((i) => ({ key: statusKeys[i], baseRevision: 0, response: { value: { status: "yes" } } })), meta);
    const entries = await db.selectFrom("audit_log").select(["action", "actor_user_id", "organization_id", "target", "detail", "ip"]).orderBy("id").execute();
    expect(entries).toEqual([
      { action: "disclosure.created", actor_user_id: editor.userId, organization_id: "o-vendor", target: id, detail: '{"template":"cybersecurity-checklist@1.0.0"}', ip: "127.0.0.1" },
      { action: "disclosure.edited", actor_user_id: editor.userId, organization_id: "o-vendor", target: id, detail: '{"items":3}', ip: "127.0.0.1" },
    ]);
  });
});
