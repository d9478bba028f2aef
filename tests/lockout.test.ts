// The failed-sign-in counter's whole life cycle, in-process (so mutation testing sees it; the HTTP side is in
// tests/security-auth.test.ts): failures accumulate, the account locks at the threshold for LOCKOUT_MINUTES, the
// lock ends to the millisecond, a successful sign-in resets the count, and with TOTP enrolled wrong codes count
// across password re-entry while a correct password alone resets nothing. Read from the `user` row and the audit
// log (what /admin/audit shows), never from the module's internals.
import type { Kysely } from "kysely";
import { beforeEach, afterEach, describe, expect, it, vi } from "vitest";

// Read by env.server.ts when the modules below are first imported; the app's db.server.ts gets its own database.
const { THRESHOLD, LOCK_MINUTES, DELAY_BASE_MS } = await vi.hoisted(async () => {
  const { useFreshDatabase } = await import("./helpers/db.js");
  const settings = { THRESHOLD: 3, LOCK_MINUTES: 15, DELAY_BASE_MS: 40 };
  useFreshDatabase();
  process.env.LOCKOUT_THRESHOLD = String(settings.THRESHOLD);
  process.env.LOCKOUT_MINUTES = String(settings.LOCK_MINUTES);
  process.env.AUTH_DELAY_BASE_MS = String(settings.DELAY_BASE_MS);
  return settings;
});

// Real Argon2id with cheap parameters, so that the many sign-ins here stay quick (under mutation testing each is
// repeated per mutant); verification reads the parameters from the hash. The production parameters have their
// own test in tests/sessions.test.ts.
vi.mock("@node-rs/argon2", async (importOriginal) => {
  const real = await importOriginal<typeof import("@node-rs/argon2")>();
  return { ...real, hash: (password: string) => real.hash(password, { memoryCost: 256, timeCost: 1 }) };
});

import {
  attemptSecondFactor,
  attemptSignIn,
  AUTH_FAILED,
  beginTotpEnrolment,
  confirmTotpEnrolment,
  createUser,
  failureDelayMs,
  unusedRecoveryCodeCount,
} from "../app/models/account.server.js";
import type { Database } from "../db/schema.js";
import { totpCode } from "./helpers/client.js";
import { freshDatabase } from "./helpers/db.js";

const PASSWORD = "correct horse battery staple 2026";
const WRONG = "correct horse battery staple 2025";
const meta = { ip: "192.0.2.7", userAgent: "lockout-test" };
const LOCK_MS = LOCK_MINUTES * 60_000;
// Mid-way through a TOTP step, so no code sits on a step boundary.
const T0 = Date.parse("2026-12-02T10:00:10+09:00");

let db: Kysely<Database>;
beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"], now: T0 });
  db = freshDatabase().db;
});
afterEach(async () => {
  vi.useRealTimers();
  await db.destroy();
});

const at = (ms: number) => vi.setSystemTime(ms);
const row = (id: string) => db.selectFrom("user").select(["failed_sign_ins", "locked_until", "totp_last_step"]).where("id", "=", id).executeTakeFirstOrThrow();
const auditOf = async (email: string) =>
  (await db.selectFrom("audit_log").select(["action", "detail", "actor_user_id", "ip", "user_agent"]).where("actor_email", "=", email).orderBy("id").execute()).map((r) => ({
    action: r.action,
    detail: r.detail ? JSON.parse(r.detail) : null,
  }));

async function account(email: string) {
  const id = await createUser(db, { email, displayName: "試験 太郎", password: PASSWORD });
  return { id, email, signIn: (password = PASSWORD, as = email) => attemptSignIn(db, { email: as, password }, meta) };
}

/** An account with TOTP enrolled; returns the secret and the recovery codes. */
async function enrolled(email: string) {
  const a = await account(email);
  const secret = await beginTotpEnrolment(db, a.id);
  const codes = (await confirmTotpEnrolment(db, { id: a.id, email }, totpCode(secret), meta))!;
  expect(codes).toHaveLength(10);
  // The enrolment used this step's code: sign-ins below use the next steps'.
  at(Date.now() + 30_000);
  return { ...a, secret, codes, code: () => totpCode(secret), second: (code: string) => attemptSecondFactor(db, a.id, code, meta) };
}

describe("the growing delay", () => {
  it("is nothing for two failures, then base, 2×base, 4×base … at most 16×base", () => {
    // Written for: account.server.ts:46 ConditionalExpression/EqualityOperator (failures < 3 → <= 3, true, false),
    // ArithmeticOperator (failures - 3 → + 3, base * … → / …), MethodExpression Math.min → Math.max.
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8, 12].map(failureDelayMs)).toEqual([0, 0, 0, 40, 80, 160, 320, 640, 640, 640]);
  });

  it("is really waited: a known account's and an unknown address's fifth failure both take 4×base", async () => {
    // Written for: account.server.ts:49 ArrowFunction (sleep → () => undefined), :107 and :123 (the sleeps removed),
    // :66 LogicalOperator/ObjectLiteral (an unknown address's count not kept) and :67 (the map cleared every time).
    const known = await account("known@example.jp");
    const timed = async (attempt: () => Promise<unknown>) => {
      const start = performance.now();
      await attempt();
      return performance.now() - start;
    };
    for (let i = 0; i < 4; i++) await known.signIn(WRONG);
    expect(await timed(() => known.signIn(WRONG))).toBeGreaterThanOrEqual(4 * DELAY_BASE_MS - 2);
    for (let i = 0; i < 4; i++) await attemptSignIn(db, { email: "nobody@example.jp", password: WRONG }, meta);
    expect(await timed(() => attemptSignIn(db, { email: "nobody@example.jp", password: WRONG }, meta))).toBeGreaterThanOrEqual(4 * DELAY_BASE_MS - 2);
  });

  it("counts each unknown address on its own, however they alternate", async () => {
    // Written for: account.server.ts:67 (the bound on remembered addresses: ConditionalExpression true and
    // EqualityOperator <=, which would forget every other address at each attempt).
    const guess = (email: string) => attemptSignIn(db, { email, password: WRONG }, meta);
    for (let i = 0; i < 4; i++) {
      await guess("first-unknown@example.jp");
      await guess("second-unknown@example.jp");
    }
    const start = performance.now();
    await guess("first-unknown@example.jp");
    expect(performance.now() - start).toBeGreaterThanOrEqual(4 * DELAY_BASE_MS - 2);
  });
});

describe("signing in with a password", () => {
  it("accepts the right password, whatever the case, width and spaces of the address", async () => {
    // Written for: account.server.ts:101/:15 (normalizeEmail not applied: NFKC, trim, lower case) and :126 (the result).
    const a = await account("Tanaka@Example.JP");
    expect(await a.signIn(PASSWORD, "  ＴＡＮＡＫＡ＠ｅｘａｍｐｌｅ．ｊｐ ")).toEqual({ ok: true, userId: a.id, needsSecondFactor: false });
    expect(await auditOf("tanaka@example.jp")).toEqual([
      { action: "auth.sign_up", detail: null },
      { action: "auth.sign_in", detail: null },
    ]);
  });

  it("refuses a wrong password and an unknown address alike, and audits the unknown one without an account", async () => {
    // Written for: account.server.ts:105 (the unknown-account branch) and :106 (its audit entry and reason).
    const a = await account("sato@example.jp");
    expect(await a.signIn(WRONG)).toEqual({ ok: false });
    expect(await attemptSignIn(db, { email: " Ghost@Example.jp", password: PASSWORD }, meta)).toEqual({ ok: false });
    const ghost = await db.selectFrom("audit_log").select(["action", "actor_user_id", "detail", "ip", "user_agent"]).where("actor_email", "=", "ghost@example.jp").execute();
    expect(ghost).toEqual([{ action: "auth.sign_in_failed", actor_user_id: null, detail: JSON.stringify({ reason: "unknown_account" }), ip: meta.ip, user_agent: meta.userAgent }]);
    expect(AUTH_FAILED).toBe("認証に失敗しました");
  });

  it("counts failures one by one and audits each with its count", async () => {
    // Written for: account.server.ts:58 (failures + 1 → - 1, the earlier count dropped), :89 (the update), :91 (detail).
    const a = await account("count@example.jp");
    await a.signIn(WRONG);
    expect(await row(a.id)).toMatchObject({ failed_sign_ins: 1, locked_until: null });
    await a.signIn(WRONG);
    expect(await row(a.id)).toMatchObject({ failed_sign_ins: 2, locked_until: null });
    expect((await auditOf(a.email)).slice(1)).toEqual([
      { action: "auth.sign_in_failed", detail: { failures: 1 } },
      { action: "auth.sign_in_failed", detail: { failures: 2 } },
    ]);
  });

  it("resets the count after a successful sign-in, so failures spread over successes never lock", async () => {
    // Written for: account.server.ts:117 (the reset after a password sign-in removed or emptied) — the known miss of issue 20.
    const a = await account("reset@example.jp");
    await a.signIn(WRONG);
    await a.signIn(WRONG);
    expect((await row(a.id)).failed_sign_ins).toBe(2);
    expect(await a.signIn()).toMatchObject({ ok: true });
    expect(await row(a.id)).toMatchObject({ failed_sign_ins: 0, locked_until: null });
    // Two more failures are two, not four: still below the threshold, and the right password still works.
    await a.signIn(WRONG);
    await a.signIn(WRONG);
    expect(await row(a.id)).toMatchObject({ failed_sign_ins: 2, locked_until: null });
    expect(await a.signIn()).toMatchObject({ ok: true });
  });

  it("locks at the threshold for LOCKOUT_MINUTES, refusing even the right password, and audits the lock", async () => {
    // Written for: account.server.ts:59 (>= threshold → >, true, false), :60 (now + minutes → -, / , lockedUntil kept),
    // :92 (the auth.locked entry), :114 (a locked account signing in with the right password).
    const a = await account("lock@example.jp");
    for (let i = 1; i < THRESHOLD; i++) await a.signIn(WRONG);
    expect((await row(a.id)).locked_until).toBeNull();
    await a.signIn(WRONG);
    expect(await row(a.id)).toEqual({ failed_sign_ins: THRESHOLD, locked_until: T0 + LOCK_MS, totp_last_step: null });
    expect((await auditOf(a.email)).slice(-2)).toEqual([
      { action: "auth.sign_in_failed", detail: { failures: THRESHOLD } },
      { action: "auth.locked", detail: { minutes: LOCK_MINUTES } },
    ]);

    at(T0 + LOCK_MS - 1);
    expect(await a.signIn()).toEqual({ ok: false });
    // Attempts while locked keep counting (for the delay), are marked as such, and do not extend the lock.
    expect(await row(a.id)).toMatchObject({ failed_sign_ins: THRESHOLD + 1, locked_until: T0 + LOCK_MS });
    expect((await auditOf(a.email)).at(-1)).toEqual({ action: "auth.sign_in_failed", detail: { failures: THRESHOLD + 1, reason: "locked" } });
    expect((await auditOf(a.email)).filter((e) => e.action === "auth.locked")).toHaveLength(1);
  });

  it("ends the lock at its last millisecond: the right password then signs in and clears the count", async () => {
    // Written for: account.server.ts:53 (lockedUntil > now → >=, true) at the exact end of the lock, and :117.
    const a = await account("expiry@example.jp");
    for (let i = 0; i < THRESHOLD; i++) await a.signIn(WRONG);
    at(T0 + LOCK_MS);
    expect(await a.signIn()).toEqual({ ok: true, userId: a.id, needsSecondFactor: false });
    expect(await row(a.id)).toMatchObject({ failed_sign_ins: 0, locked_until: null });
  });

  it("starts the count again after a lock has ended: one failure is one, and does not lock again", async () => {
    // Written for: account.server.ts:57 (lockEnded: <= now → < now, true, false; && → ||) and :60 (lockEnded ? null).
    const a = await account("again@example.jp");
    for (let i = 0; i < THRESHOLD; i++) await a.signIn(WRONG);
    at(T0 + LOCK_MS);
    await a.signIn(WRONG);
    expect(await row(a.id)).toMatchObject({ failed_sign_ins: 1, locked_until: null });
    expect((await auditOf(a.email)).at(-1)).toEqual({ action: "auth.sign_in_failed", detail: { failures: 1 } });
  });

  it("locks again when the threshold is reached again after a lock", async () => {
    // Written for: account.server.ts:60 (a new lock's end computed from now, not kept from the old one).
    const a = await account("relock@example.jp");
    for (let i = 0; i < THRESHOLD; i++) await a.signIn(WRONG);
    const later = T0 + LOCK_MS + 5 * 60_000;
    at(later);
    for (let i = 0; i < THRESHOLD; i++) await a.signIn(WRONG);
    expect(await row(a.id)).toMatchObject({ failed_sign_ins: THRESHOLD, locked_until: later + LOCK_MS });
  });
});

describe("the second factor", () => {
  it("asks for it after the right password, without resetting the count", async () => {
    // Written for: account.server.ts:115/:116 (needsSecondFactor; the reset and the sign-in audit only without 2FA).
    const a = await enrolled("totp@example.jp");
    await a.signIn(WRONG);
    expect(await a.signIn()).toEqual({ ok: true, userId: a.id, needsSecondFactor: true });
    expect((await row(a.id)).failed_sign_ins).toBe(1);
    expect((await auditOf(a.email)).filter((e) => e.action === "auth.sign_in")).toEqual([]);
  });

  it("accepts the current code once, resets the count and audits the sign-in", async () => {
    // Written for: account.server.ts:141/:142 (the TOTP success: count reset, step stored) and :143 (its audit entry).
    const a = await enrolled("code@example.jp");
    await a.signIn(WRONG);
    await a.signIn();
    const code = a.code();
    expect(await a.second(code)).toBe(true);
    expect(await row(a.id)).toEqual({ failed_sign_ins: 0, locked_until: null, totp_last_step: Math.floor(Date.now() / 30_000) });
    expect((await auditOf(a.email)).at(-1)).toEqual({ action: "auth.sign_in", detail: { second_factor: "totp" } });
    // The same code a second time is a failure (it was consumed).
    expect(await a.second(code)).toBe(false);
    expect((await row(a.id)).failed_sign_ins).toBe(1);
  });

  it("counts wrong codes across password re-entry: a correct password never resets them, and they lock", async () => {
    // Written for: account.server.ts:153 (a wrong code not counted), :117 (a reset on the password step with 2FA),
    // :59 (the lock from second-factor failures), and the audit action auth.second_factor_failed.
    const a = await enrolled("guess@example.jp");
    expect(await a.signIn()).toMatchObject({ ok: true, needsSecondFactor: true });
    expect(await a.second("000000")).toBe(false);
    expect((await row(a.id)).failed_sign_ins).toBe(1);
    // Signing in again with the right password: the count stays.
    expect(await a.signIn()).toMatchObject({ ok: true, needsSecondFactor: true });
    expect((await row(a.id)).failed_sign_ins).toBe(1);
    await a.second("999999");
    expect(await a.signIn()).toMatchObject({ ok: true, needsSecondFactor: true });
    expect(await row(a.id)).toMatchObject({ failed_sign_ins: 2, locked_until: null });
    await a.second("123456");
    const lockedAt = Date.now();
    expect(await row(a.id)).toMatchObject({ failed_sign_ins: THRESHOLD, locked_until: lockedAt + LOCK_MS });
    expect((await auditOf(a.email)).filter((e) => e.action.startsWith("auth.") && e.action !== "auth.sign_up").map((e) => e.action)).toEqual([
      "auth.second_factor_failed",
      "auth.second_factor_failed",
      "auth.second_factor_failed",
      "auth.locked",
    ]);
    // Locked: the password and even the right code are refused and counted.
    expect(await a.signIn()).toEqual({ ok: false });
    expect(await a.second(a.code())).toBe(false);
    expect(await row(a.id)).toMatchObject({ failed_sign_ins: THRESHOLD + 2, locked_until: lockedAt + LOCK_MS });
    expect((await auditOf(a.email)).at(-1)).toEqual({ action: "auth.second_factor_failed", detail: { failures: THRESHOLD + 2, reason: "locked" } });
  });

  it("a locked account's right code is not consumed, and works once the lock has ended", async () => {
    // Written for: account.server.ts:138 (isLocked check before verifying: ConditionalExpression true / BooleanLiteral).
    const a = await enrolled("wait@example.jp");
    for (let i = 0; i < THRESHOLD; i++) await a.signIn(WRONG);
    const before = (await row(a.id)).totp_last_step;
    expect(await a.second(a.code())).toBe(false);
    expect((await row(a.id)).totp_last_step).toBe(before);
    at(Date.now() + LOCK_MS);
    expect(await a.signIn()).toMatchObject({ ok: true, needsSecondFactor: true });
    expect(await a.second(a.code())).toBe(true);
    expect(await row(a.id)).toMatchObject({ failed_sign_ins: 0, locked_until: null });
  });

  it("accepts each recovery code once, resets the count and audits its use", async () => {
    // Written for: account.server.ts:146/:147 (recovery success and reset), :148/:149 (audit), :161 (length guard),
    // :168 (used_at is null: a used code accepted again) and :170 (=== 1 → !== 1, true, false).
    const a = await enrolled("recovery@example.jp");
    await a.signIn(WRONG);
    await a.signIn();
    const [first] = a.codes;
    expect(await a.second(first.toUpperCase().replace(/-/g, " "))).toBe(true);
    expect(await row(a.id)).toMatchObject({ failed_sign_ins: 0, locked_until: null });
    expect(await unusedRecoveryCodeCount(db, a.id)).toBe(9);
    expect((await auditOf(a.email)).slice(-2)).toEqual([
      { action: "auth.recovery_code_used", detail: null },
      { action: "auth.sign_in", detail: { second_factor: "recovery" } },
    ]);
    // Used: refused and counted like any wrong code.
    expect(await a.second(first)).toBe(false);
    expect((await row(a.id)).failed_sign_ins).toBe(1);
    expect(await unusedRecoveryCodeCount(db, a.id)).toBe(9);
  });

  it("a recovery code of another account does not work", async () => {
    // Written for: account.server.ts:166 (the code looked up for this user only).
    const a = await enrolled("mine@example.jp");
    const b = await enrolled("theirs@example.jp");
    expect(await a.second(b.codes[0])).toBe(false);
    expect(await unusedRecoveryCodeCount(db, b.id)).toBe(10);
  });

  it("without 2FA (turned off meanwhile) there is nothing to guess and nothing is counted", async () => {
    // Written for: account.server.ts:137 (the early return: ConditionalExpression false, BlockStatement).
    const a = await account("plain@example.jp");
    await a.signIn(WRONG);
    expect(await attemptSecondFactor(db, a.id, "000000", meta)).toBe(false);
    expect(await row(a.id)).toMatchObject({ failed_sign_ins: 1, locked_until: null });
    expect((await auditOf(a.email)).filter((e) => e.action === "auth.second_factor_failed")).toEqual([]);
  });
});
