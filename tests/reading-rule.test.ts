// The reading rule as the directory applies it: `readableBy` is a condition on the disclosure table, so a list
// and a single check (`canRead`) follow the same rules. Each reader sees exactly the disclosures listed here.
// (Expired approvals are covered with the access requests.)
import type { Kysely } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { canRead, readableBy, readerScope, type Reader } from "../app/models/disclosure.server.js";
import type { Database, Visibility } from "../db/schema.js";
import { syncBuiltinTemplates } from "../app/models/template.server.js";
import { freshDatabase, TEMPLATES_DIR } from "./helpers/db.js";

let db: Kysely<Database>;
const NOW = Date.UTC(2026, 11, 1);

// Organisations: a vendor with three disclosures, another vendor with one; hospitals verified, unverified, requiring 2FA.
const orgs = [
  { id: "o-vendor", name: "A ベンダー", kind: "vendor", verified_at: null, require_two_factor: 0 },
  { id: "o-other", name: "B ベンダー", kind: "vendor", verified_at: null, require_two_factor: 0 },
  { id: "o-hosp", name: "C 病院", kind: "hospital", verified_at: NOW, require_two_factor: 0 },
  { id: "o-unverified", name: "D 病院", kind: "hospital", verified_at: null, require_two_factor: 0 },
  { id: "o-2fa", name: "E 病院", kind: "hospital", verified_at: NOW, require_two_factor: 1 },
  { id: "o-pending", name: "F 病院", kind: "hospital", verified_at: NOW, require_two_factor: 0 },
] as const;
const members: Record<string, string[]> = { vendor: ["o-vendor"], other: ["o-other"], hosp: ["o-hosp"], unverified: ["o-unverified"], twofa: ["o-2fa"], pending: ["o-pending"], both: ["o-other", "o-hosp"], nobody: [], admin: [] };
const disclosures: [string, string, Visibility][] = [
  ["d-public", "o-vendor", "public"],
  ["d-hospitals", "o-vendor", "hospitals"],
  ["d-request", "o-vendor", "request"],
  ["d-other-hospitals", "o-other", "hospitals"],
  ["d-other-request", "o-other", "request"],
];

beforeAll(async () => {
  db = freshDatabase().db;
  await syncBuiltinTemplates(db, TEMPLATES_DIR);
  for (const o of orgs) await db.insertInto("organization").values({ ...o, created_at: NOW }).execute();
  for (const [user, list] of Object.entries(members)) {
    await db.insertInto("user").values({ id: user, email: `${user}@example.jp`, display_name: user, password_hash: "x", created_at: NOW, password_changed_at: NOW, is_admin: user === "admin" ? 1 : 0 }).execute();
    for (const org of list) await db.insertInto("membership").values({ organization_id: org, user_id: user, role: "viewer", created_at: NOW }).execute();
  }
  for (const [id, org, visibility] of disclosures)
    await db.insertInto("disclosure").values({ id, organization_id: org, service_id: null, template_id: "hispro-checksheet", template_version: "1.0.0", visibility, created_at: NOW, created_by: "vendor" }).execute();
  const request = (id: string, disclosure: string, org: string, status: "pending" | "approved" | "declined" | "revoked", expires_at: number | null) =>
    db.insertInto("access_request").values({ id, disclosure_id: disclosure, organization_id: org, requested_by: "hosp", message: null, status, created_at: NOW, decided_at: NOW, decided_by: "vendor", expires_at }).execute();
  // C 病院: approved without end on d-request, and until a later date on d-other-request.
  await request("r1", "d-request", "o-hosp", "approved", null);
  await request("r2", "d-other-request", "o-hosp", "approved", NOW + 86_400_000);
  // F 病院: only pending, declined and revoked requests. D 病院 (unverified) and E 病院 (2FA not met) have approvals.
  await request("r3", "d-request", "o-pending", "pending", null);
  await request("r4", "d-other-request", "o-pending", "declined", null);
  await request("r5", "d-other-request", "o-pending", "revoked", null);
  await request("r6", "d-request", "o-unverified", "approved", null);
  await request("r7", "d-request", "o-2fa", "approved", null);
});

const reader = (user: string | null): Reader => (user ? { userId: user, isAdmin: user === "admin" } : null);

async function readable(user: string | null): Promise<string[]> {
  const scope = await readerScope(db, reader(user));
  const rows = await db.selectFrom("disclosure").select("disclosure.id").where(readableBy(scope, NOW)).orderBy("disclosure.id").execute();
  return rows.map((r) => r.id);
}

describe("who reads what (the directory's list)", () => {
  it("anyone, and a member of no organisation: public disclosures only", async () => {
    expect(await readable(null)).toEqual(["d-public"]);
    expect(await readable("nobody")).toEqual(["d-public"]);
  });

  it("a vendor's members: public ones and all of their own", async () => {
    expect(await readable("vendor")).toEqual(["d-hospitals", "d-public", "d-request"]);
    expect(await readable("other")).toEqual(["d-other-hospitals", "d-other-request", "d-public"]);
  });

  it("a verified hospital: public, 医療機関のみ, and 申請制 where its request is approved and unexpired", async () => {
    expect(await readable("hosp")).toEqual(["d-hospitals", "d-other-hospitals", "d-other-request", "d-public", "d-request"]);
    expect(await readable("pending")).toEqual(["d-hospitals", "d-other-hospitals", "d-public"]);
  });

  it("an unverified hospital, or one whose 2FA rule the reader does not meet: public only, approvals or not", async () => {
    expect(await readable("unverified")).toEqual(["d-public"]);
    expect(await readable("twofa")).toEqual(["d-public"]);
  });

  it("a member of a vendor and a hospital reads as both", async () => {
    expect(await readable("both")).toEqual(["d-hospitals", "d-other-hospitals", "d-other-request", "d-public", "d-request"]);
  });

  it("administrators: everything", async () => {
    expect(await readable("admin")).toEqual(["d-hospitals", "d-other-hospitals", "d-other-request", "d-public", "d-request"]);
  });

  it("a single check agrees with the list", async () => {
    for (const user of [null, ...Object.keys(members)]) {
      const list = await readable(user);
      for (const [id, , visibility] of disclosures) expect(await canRead(db, reader(user), { id, visibility }, NOW), `${user} ${id}`).toBe(list.includes(id));
    }
  });
});

describe("the reader's scope", () => {
  it("says which organisations the reader acts for, which read as hospitals, and why others do not", async () => {
    expect(await readerScope(db, null)).toEqual({ isAdmin: false, memberOf: [], hospitals: [], verifiedHospitals: [], limits: [] });
    expect(await readerScope(db, reader("both"))).toEqual({ isAdmin: false, memberOf: ["o-other", "o-hosp"], hospitals: ["o-hosp"], verifiedHospitals: ["o-hosp"], limits: [] });
    expect(await readerScope(db, reader("unverified"))).toEqual({
      isAdmin: false,
      memberOf: ["o-unverified"],
      hospitals: ["o-unverified"],
      verifiedHospitals: [],
      limits: [{ id: "o-unverified", name: "D 病院", reason: "unverified" }],
    });
    expect(await readerScope(db, reader("twofa"))).toEqual({ isAdmin: false, memberOf: [], hospitals: [], verifiedHospitals: [], limits: [{ id: "o-2fa", name: "E 病院", reason: "twoFactor" }] });
    expect(await readerScope(db, reader("admin"))).toMatchObject({ isAdmin: true, memberOf: [] });
  });
});
