// What a user changes on their account, in-process: sign-up, display name, password, TOTP enrolment, recovery
// codes, turning 2FA off. Read back from the database and by signing in, as the user would notice it.
import type { Kysely } from "kysely";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

await vi.hoisted(async () => {
  const { useFreshDatabase } = await import("./helpers/db.js");
  useFreshDatabase();
  process.env.AUTH_DELAY_BASE_MS = "0";
});

// Cheap Argon2id parameters keep the file quick (see tests/lockout.test.ts); tests/sessions.test.ts checks the real ones.
vi.mock("@node-rs/argon2", async (importOriginal) => {
  const real = await importOriginal<typeof import("@node-rs/argon2")>();
  return { ...real, hash: (password: string) => real.hash(password, { memoryCost: 256, timeCost: 1 }) };
});

import {
  attemptSecondFactor,
  attemptSignIn,
  beginTotpEnrolment,
  confirmTotpEnrolment,
  createUser,
  disableTotp,
  emailTaken,
  getAccount,
  regenerateRecoveryCodes,
  setPassword,
  unusedRecoveryCodeCount,
  updateDisplayName,
  verifyCurrentTotp,
} from "../app/models/account.server.js";
import type { Database } from "../db/schema.js";
import { totpCode } from "./helpers/client.js";
import { freshDatabase } from "./helpers/db.js";

const PASSWORD = "correct horse battery staple 2026";
const meta = { ip: "198.51.100.4", userAgent: "account-test" };
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

const nextStep = () => vi.setSystemTime(Date.now() + 30_000);
const actions = async (userId: string) => (await db.selectFrom("audit_log").select("action").where("actor_user_id", "=", userId).orderBy("id").execute()).map((r) => r.action);
const signIn = (email: string, password: string) => attemptSignIn(db, { email, password }, meta);

async function user(email = "yamada@example.jp") {
  const id = await createUser(db, { email, displayName: "  山田 花子　 ", password: PASSWORD }, meta);
  return { id, email: email.toLowerCase() };
}

async function withTotp(email = "yamada@example.jp") {
  const u = await user(email);
  const secret = await beginTotpEnrolment(db, u.id);
  const codes = (await confirmTotpEnrolment(db, u, totpCode(secret), meta))!;
  nextStep();
  return { ...u, secret, codes };
}

describe("sign-up", () => {
  it("stores the address normalised, the name trimmed, a hash (not the password) and the times, and audits it", async () => {
    // Written for: account.server.ts:24-30 (createUser: email normalised, name trimmed, created/changed times, audit).
    const u = await user("  Yamada@Example.JP ");
    const account = await getAccount(db, u.id);
    expect(account).toMatchObject({ email: "yamada@example.jp", display_name: "山田 花子", created_at: T0, password_changed_at: T0, totp_secret: null, is_admin: 0 });
    expect(account.password_hash).toMatch(/^\$argon2id\$/);
    expect(account.password_hash).not.toContain(PASSWORD);
    expect(await actions(u.id)).toEqual(["auth.sign_up"]);
    expect((await signIn("yamada@example.jp", PASSWORD)).ok).toBe(true);
  });

  it("knows a taken address in any case or width", async () => {
    // Written for: account.server.ts:19 (emailTaken: the normalised address, Boolean of the row).
    await user("suzuki@example.jp");
    expect(await emailTaken(db, "SUZUKI@example.jp ")).toBe(true);
    expect(await emailTaken(db, "ｓｕｚｕｋｉ@example.jp")).toBe(true);
    expect(await emailTaken(db, "suzuki2@example.jp")).toBe(false);
  });
});

describe("profile and password", () => {
  it("updates the display name, trimmed, and audits it", async () => {
    // Written for: account.server.ts:184-185 (the update and its audit entry).
    const u = await user();
    await updateDisplayName(db, u.id, u.email, " 山田 次郎 ", meta);
    expect((await getAccount(db, u.id)).display_name).toBe("山田 次郎");
    expect(await actions(u.id)).toEqual(["auth.sign_up", "account.updated"]);
  });

  it("changes the password: the new one signs in, the old one no longer, and the change time is stored", async () => {
    // Written for: account.server.ts:189-190 (setPassword: hash and password_changed_at, audit).
    const u = await user();
    vi.setSystemTime(T0 + 60_000);
    await setPassword(db, u, "another long passphrase 99", meta);
    expect((await getAccount(db, u.id)).password_changed_at).toBe(T0 + 60_000);
    expect(await signIn(u.email, PASSWORD)).toEqual({ ok: false });
    expect(await signIn(u.email, "another long passphrase 99")).toMatchObject({ ok: true });
    expect(await actions(u.id)).toContain("auth.password_changed");
  });
});

describe("two-factor enrolment", () => {
  it("keeps a pending secret until a valid code confirms it, then needs the second factor at sign-in", async () => {
    // Written for: account.server.ts:196 (pending secret stored), :203/:205 (no pending secret / wrong code → null),
    // :208-211 (secret moved, pending cleared, step stored, recovery codes stored, audit).
    const u = await user();
    expect(await confirmTotpEnrolment(db, u, "123456", meta)).toBeNull();
    const secret = await beginTotpEnrolment(db, u.id);
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(await getAccount(db, u.id)).toMatchObject({ totp_pending_secret: secret, totp_secret: null });
    const wrong = totpCode(secret) === "000000" ? "111111" : "000000";
    expect(await confirmTotpEnrolment(db, u, wrong, meta)).toBeNull();
    expect((await getAccount(db, u.id)).totp_secret).toBeNull();

    const codes = await confirmTotpEnrolment(db, u, totpCode(secret), meta);
    expect(codes).toHaveLength(10);
    expect(await getAccount(db, u.id)).toMatchObject({ totp_secret: secret, totp_pending_secret: null, totp_last_step: Math.floor(T0 / 30_000) });
    expect(await unusedRecoveryCodeCount(db, u.id)).toBe(10);
    expect(await actions(u.id)).toEqual(["auth.sign_up", "two_factor.enabled"]);
    expect(await signIn(u.email, PASSWORD)).toEqual({ ok: true, userId: u.id, needsSecondFactor: true });
    // The code that confirmed enrolment was consumed: it does not also complete a sign-in.
    expect(await attemptSecondFactor(db, u.id, totpCode(secret), meta)).toBe(false);
    nextStep();
    expect(await attemptSecondFactor(db, u.id, totpCode(secret), meta)).toBe(true);
  });

  it("enrolling again replaces the recovery codes: the old ones stop working", async () => {
    // Written for: account.server.ts:209 (old recovery codes deleted on re-enrolment).
    const u = await withTotp();
    const secret = await beginTotpEnrolment(db, u.id);
    const fresh = (await confirmTotpEnrolment(db, u, totpCode(secret), meta))!;
    expect(await unusedRecoveryCodeCount(db, u.id)).toBe(10);
    expect(await attemptSecondFactor(db, u.id, u.codes[0], meta)).toBe(false);
    expect(await attemptSecondFactor(db, u.id, fresh[0], meta)).toBe(true);
  });

  it("turning 2FA off clears the secret and the recovery codes: the password alone signs in again", async () => {
    // Written for: account.server.ts:218-220 (disableTotp: columns cleared, codes deleted, audit).
    const u = await withTotp();
    await disableTotp(db, u, meta);
    expect(await getAccount(db, u.id)).toMatchObject({ totp_secret: null, totp_pending_secret: null, totp_last_step: null });
    expect(await unusedRecoveryCodeCount(db, u.id)).toBe(0);
    expect(await signIn(u.email, PASSWORD)).toEqual({ ok: true, userId: u.id, needsSecondFactor: false });
    expect((await actions(u.id)).at(-2)).toBe("two_factor.disabled");
  });

  it("new recovery codes replace the old ones", async () => {
    // Written for: account.server.ts:227-229 (regenerateRecoveryCodes: delete, insert hashed, audit).
    const u = await withTotp();
    await attemptSecondFactor(db, u.id, u.codes[0], meta);
    expect(await unusedRecoveryCodeCount(db, u.id)).toBe(9);
    const fresh = await regenerateRecoveryCodes(db, u, meta);
    expect(fresh).toHaveLength(10);
    expect(fresh.some((c) => u.codes.includes(c))).toBe(false);
    expect(await unusedRecoveryCodeCount(db, u.id)).toBe(10);
    const stored = await db.selectFrom("recovery_code").select("code_hash").where("user_id", "=", u.id).execute();
    expect(stored.every((r) => /^[0-9a-f]{64}$/.test(r.code_hash) && !fresh.includes(r.code_hash))).toBe(true);
    expect(await attemptSecondFactor(db, u.id, u.codes[1], meta)).toBe(false);
    expect(await attemptSecondFactor(db, u.id, fresh[1], meta)).toBe(true);
    expect(await actions(u.id)).toContain("two_factor.recovery_codes_regenerated");
  });

  it("counts only its own unused recovery codes", async () => {
    // Written for: account.server.ts:235-236 (the count: user, used_at is null).
    const a = await withTotp("a@example.jp");
    await withTotp("b@example.jp");
    await attemptSecondFactor(db, a.id, a.codes[0], meta);
    await attemptSecondFactor(db, a.id, a.codes[1], meta);
    expect(await unusedRecoveryCodeCount(db, a.id)).toBe(8);
  });

  it("re-checks a code for a signed-in user (to turn 2FA off) and consumes it", async () => {
    // Written for: account.server.ts:242 (no secret → false), :244 (wrong → false), :245 (the step stored: no replay).
    const plain = await user("plain@example.jp");
    expect(await verifyCurrentTotp(db, plain.id, "123456")).toBe(false);
    const u = await withTotp();
    const code = totpCode(u.secret);
    const wrong = code === "000000" ? "111111" : "000000";
    expect(await verifyCurrentTotp(db, u.id, wrong)).toBe(false);
    expect(await verifyCurrentTotp(db, u.id, code)).toBe(true);
    expect((await getAccount(db, u.id)).totp_last_step).toBe(Math.floor(Date.now() / 30_000));
    expect(await verifyCurrentTotp(db, u.id, code)).toBe(false);
  });
});
