// The reading rule (`readerScope`, `readableBy`, `canRead` in app/models/disclosure.server.ts), in-process so that
// mutation testing sees it: who reads a public, a hospitals-only and an on-request disclosure, and an approval
// "until" a Japanese date D that works up to 23:59:59.999 JST on D and not a millisecond longer, as a single check
// and as a list (what the directory, comparisons and shortlists use). Over HTTP: tests/access-expiry-http.test.ts.
import type { Kysely } from "kysely";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { canRead, readableBy, readerScope, type Reader } from "../app/models/disclosure.server.js";
import { requestAccess, AccessRequestError } from "../app/models/access-request.server.js";
import type { Database, Visibility } from "../db/schema.js";
import { endOfJapanDay } from "../disclosures/clock.js";
import { syncBuiltinTemplates } from "../app/models/template.server.js";
import { freshDatabase, TEMPLATES_DIR } from "./helpers/db.js";

const D = "2026-12-01";
const LAST_MS = Date.parse("2026-12-01T23:59:59.999+09:00");
const T = Date.parse("2026-11-20T10:00:00+09:00");
const meta = { ip: "192.0.2.5", userAgent: "expiry-test" };

let db: Kysely<Database>;
const reader = (userId: string, isAdmin = false): Reader => ({ userId, isAdmin });

// Organisations: the vendor; hospitals verified (h1, h2), unverified (h3, approved all the same) and requiring 2FA (h4).
// Users: one per organisation, plus an admin, a member of h4 with 2FA, and a user with no organisation.
beforeAll(async () => {
  db = freshDatabase().db;
  await syncBuiltinTemplates(db, TEMPLATES_DIR);
  const users = ["vendor", "h1", "h2", "h3", "h4", "h4totp", "admin", "loner", "multi"];
  for (const id of users) {
    await db.insertInto("user").values({ id, email: `${id}@example.jp`, display_name: id, password_hash: "x", created_at: T, password_changed_at: T, is_admin: id === "admin" ? 1 : 0, totp_secret: id === "h4totp" ? "JBSWY3DPEHPK3PXP" : null }).execute();
  }
  const org = (id: string, kind: "vendor" | "hospital", verified: boolean, requireTwoFactor = 0) =>
    db.insertInto("organization").values({ id, name: `組織${id}`, kind, created_at: T, verified_at: verified ? T : null, require_two_factor: requireTwoFactor }).execute();
  await org("o-vendor", "vendor", false);
  await org("o-other", "vendor", true);
  await org("o-h1", "hospital", true);
  await org("o-h2", "hospital", true);
  await org("o-h3", "hospital", false);
  await org("o-h4", "hospital", true, 1);
  const member = (organization_id: string, user_id: string, role: "owner" | "editor" | "viewer" = "editor") => db.insertInto("membership").values({ organization_id, user_id, role, created_at: T }).execute();
  await member("o-vendor", "vendor");
  await member("o-h1", "h1");
  await member("o-h2", "h2");
  await member("o-h3", "h3");
  await member("o-h4", "h4");
  await member("o-h4", "h4totp");
  // One user in several organisations: a vendor, a verified hospital, an unverified one and one requiring 2FA.
  await member("o-other", "multi", "owner");
  await member("o-h2", "multi", "viewer");
  await member("o-h3", "multi");
  await member("o-h4", "multi");

  const disclosure = (id: string, visibility: Visibility, organization = "o-vendor") =>
    db.insertInto("disclosure").values({ id, organization_id: organization, service_id: null, template_id: "cybersecurity-checklist", template_version: "1.0.0", visibility, created_at: T, created_by: "vendor" }).execute();
  await disclosure("pub", "public");
  await disclosure("hosp", "hospitals");
  await disclosure("req", "request");
  await disclosure("req-open", "request");
  await disclosure("req-other", "request", "o-other");
  const approval = (id: string, disclosure_id: string, organization_id: string, status: "pending" | "approved" | "declined" | "revoked", expires_at: number | null) =>
    db.insertInto("access_request").values({ id, disclosure_id, organization_id, requested_by: organization_id.replace("o-", ""), message: null, status, created_at: T, decided_at: T, decided_by: "vendor", expires_at }).execute();
  await approval("a-h1", "req", "o-h1", "approved", endOfJapanDay(D));
  await approval("a-h1-open", "req-open", "o-h1", "approved", null);
  await approval("a-h2-pending", "req", "o-h2", "pending", null);
  await approval("a-h2-declined", "req-open", "o-h2", "declined", null);
  await approval("a-h2-revoked", "req-other", "o-h2", "revoked", null);
  await approval("a-h3", "req", "o-h3", "approved", null);
  await approval("a-h4", "req", "o-h4", "approved", null);
});

const rows = (id: string) => ({ id, visibility: (id.startsWith("req") ? "request" : id === "hosp" ? "hospitals" : "public") as Visibility });
/** Every disclosure the reader may read at `now`, as the directory lists them. */
async function listed(r: Reader, now: number) {
  const scope = await readerScope(db, r);
  return (await db.selectFrom("disclosure").select("disclosure.id").where(readableBy(scope, now)).orderBy("disclosure.id").execute()).map((x) => x.id);
}

describe("an approval until a Japanese date", () => {
  it("reads up to 23:59:59.999 JST on that date, and not a millisecond later (a 1 ms bug this test found)", async () => {
    // Written for: disclosure.server.ts:316 (expires_at >= now: EqualityOperator > / <=, the `is null` branch dropped,
    // LogicalOperator or → and) — and the fix from `>` to `>=` (DECISIONS 15: valid to the last millisecond of D).
    expect(endOfJapanDay(D)).toBe(LAST_MS);
    expect(await canRead(db, reader("h1"), rows("req"), LAST_MS - 60_000)).toBe(true);
    expect(await canRead(db, reader("h1"), rows("req"), LAST_MS)).toBe(true);
    expect(await canRead(db, reader("h1"), rows("req"), LAST_MS + 1)).toBe(false);
    // At 00:30 JST on the next day it is still D in UTC: the end is Japan's, not UTC's.
    expect(await canRead(db, reader("h1"), rows("req"), Date.parse("2026-12-02T00:30:00+09:00"))).toBe(false);
  });

  it("leaves the list at the same instant", async () => {
    // Written for: disclosure.server.ts:298-321 (readableBy as a list condition) with the expiry.
    expect(await listed(reader("h1"), LAST_MS)).toEqual(["hosp", "pub", "req", "req-open"]);
    expect(await listed(reader("h1"), LAST_MS + 1)).toEqual(["hosp", "pub", "req-open"]);
  });

  it("without an end date reads indefinitely", async () => {
    expect(await canRead(db, reader("h1"), rows("req-open"), Date.parse("2036-01-01T00:00:00+09:00"))).toBe(true);
  });

  it("lets the hospital ask again once it has expired, not before (a bug this test found)", async () => {
    // Fix in access-request.server.ts: an expired approval no longer counts as 「すでに閲覧が許可されています」.
    const ask = () => requestAccess(db, { userId: "h1", email: "h1@example.jp" }, { disclosureId: "req", vendorOrganizationId: "o-vendor", hospitalOrganizationId: "o-h1", message: "" }, meta);
    vi.useFakeTimers({ toFake: ["Date"], now: LAST_MS });
    try {
      await expect(ask()).rejects.toThrow(new AccessRequestError("この開示書はすでに閲覧が許可されています"));
      vi.setSystemTime(LAST_MS + 1);
      const id = await ask();
      expect(await db.selectFrom("access_request").select(["status", "expires_at"]).where("id", "=", id).executeTakeFirstOrThrow()).toEqual({ status: "pending", expires_at: null });
      await expect(ask()).rejects.toThrow(new AccessRequestError("この開示書にはすでに申請中です"));
      // The new request reads nothing until it is approved.
      expect(await canRead(db, reader("h1"), rows("req"), LAST_MS + 1)).toBe(false);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("who reads what", () => {
  const NOW = Date.parse("2026-11-25T12:00:00+09:00");

  it("on request: only verified hospitals with an approved request for this disclosure", async () => {
    // Written for: disclosure.server.ts:303-318 (verifiedHospitals, the disclosure's own requests, status = approved).
    expect(await canRead(db, reader("h1"), rows("req"), NOW)).toBe(true);
    expect(await canRead(db, reader("h2"), rows("req"), NOW)).toBe(false); // pending
    expect(await canRead(db, reader("h2"), rows("req-open"), NOW)).toBe(false); // declined
    expect(await canRead(db, reader("h2"), rows("req-other"), NOW)).toBe(false); // revoked
    expect(await canRead(db, reader("h3"), rows("req"), NOW)).toBe(false); // approved, but the hospital is not verified
    expect(await canRead(db, reader("h4"), rows("req"), NOW)).toBe(false); // approved, but the member has no 2FA
    expect(await canRead(db, reader("h4totp"), rows("req"), NOW)).toBe(true);
    // h1's approval is for "req" and "req-open", not for the other vendor's.
    expect(await canRead(db, reader("h1"), rows("req-other"), NOW)).toBe(false);
  });

  it("hospitals only: members of verified hospitals that meet the 2FA rule, the vendor, administrators", async () => {
    // Written for: disclosure.server.ts:304 (hospitals rule), :302 (own organisation), :300 (admin).
    const who = ["h1", "h2", "h3", "h4", "h4totp", "vendor", "loner", "multi"];
    const can = async (id: string) => Object.fromEntries(await Promise.all(who.map(async (u) => [u, await canRead(db, reader(u), rows(id), NOW)])));
    expect(await can("hosp")).toEqual({ h1: true, h2: true, h3: false, h4: false, h4totp: true, vendor: true, loner: false, multi: true });
    expect(await canRead(db, reader("loner", true), rows("hosp"), NOW)).toBe(true);
    expect(await canRead(db, null, rows("hosp"), NOW)).toBe(false);
    expect(await canRead(db, null, rows("pub"), NOW)).toBe(true);
  });

  it("as lists: anonymous, a user without organisation, a vendor, an administrator", async () => {
    // Written for: disclosure.server.ts:301 (the public rule in lists: ArrayDeclaration, StringLiteral), :300 (lit(true)),
    // :302 (memberOf), :274 (readerScope of nobody).
    expect(await listed(null, NOW)).toEqual(["pub"]);
    expect(await listed(reader("loner"), NOW)).toEqual(["pub"]);
    expect(await listed(reader("vendor"), NOW)).toEqual(["hosp", "pub", "req", "req-open"]);
    expect(await listed(reader("loner", true), NOW)).toEqual(["hosp", "pub", "req", "req-open", "req-other"]);
    expect(await listed(reader("multi"), NOW)).toEqual(["hosp", "pub", "req-other"]);
  });
});

describe("readerScope", () => {
  it("is empty for anonymous readers", async () => {
    // Written for: disclosure.server.ts:274 (the anonymous scope: every field).
    expect(await readerScope(db, null)).toEqual({ isAdmin: false, memberOf: [], hospitals: [], verifiedHospitals: [], limits: [] });
  });

  it("lists what a member acts for, which hospitals read as hospitals, and why the others do not", async () => {
    // Written for: disclosure.server.ts:276-287 (acting = mayAct, hospitals by kind, verified hospitals, limits with reasons).
    expect(await readerScope(db, reader("multi"))).toEqual({
      isAdmin: false,
      memberOf: ["o-h2", "o-h3", "o-other"],
      hospitals: ["o-h2", "o-h3"],
      verifiedHospitals: ["o-h2"],
      limits: [
        { id: "o-h3", name: "組織o-h3", reason: "unverified" },
        { id: "o-h4", name: "組織o-h4", reason: "twoFactor" },
      ],
    });
    expect(await readerScope(db, reader("admin", true))).toEqual({ isAdmin: true, memberOf: [], hospitals: [], verifiedHospitals: [], limits: [] });
  });
});
