// Accounts: sign-up, sign-in with brute-force defence, second factor, password changes.
// Every failure the user sees is the same 「認証に失敗しました」, whether or not the account exists.
import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.js";
import { hashPassword, verifyAgainstNothing, verifyPassword } from "../utils/auth.server.js";
import { env } from "../utils/env.server.js";
import { createTotpSecret, generateRecoveryCodes, hashRecoveryCode, normalizeRecoveryCode, verifyTotp } from "../utils/totp.server.js";
import { audit, type RequestMeta } from "./audit.server.js";
import { clock } from "../../disclosures/clock.js";

export const AUTH_FAILED = "認証に失敗しました";

export function normalizeEmail(email: string): string {
  return email.normalize("NFKC").trim().toLowerCase();
}

export async function emailTaken(db: Kysely<Database>, email: string): Promise<boolean> {
  return Boolean(await db.selectFrom("user").select("id").where("email", "=", normalizeEmail(email)).executeTakeFirst());
}

export async function createUser(db: Kysely<Database>, input: { email: string; displayName: string; password: string }, meta?: RequestMeta): Promise<string> {
  const id = randomUUID();
  const now = clock.now();
  const email = normalizeEmail(input.email);
  await db
    .insertInto("user")
    .values({ id, email, display_name: input.displayName.trim(), password_hash: await hashPassword(input.password), created_at: now, password_changed_at: now })
    .execute();
  await audit(db, { action: "auth.sign_up", actor: { userId: id, email }, meta });
  return id;
}

// ---- brute-force defence --------------------------------------------------------------------

/** Growing delay after the third consecutive failure: base, 2×base, 4×base … capped at 16×base. */
export function failureDelayMs(failures: number): number {
  return failures < 3 ? 0 : Math.min(env.AUTH_DELAY_BASE_MS * 2 ** (failures - 3), env.AUTH_DELAY_BASE_MS * 16);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// Failures for e-mails without an account get the same delays (so the delay does not reveal
// which addresses exist); kept in memory, bounded.
const unknownFailures = new Map<string, number>();
function countUnknownFailure(email: string): number {
  const n = (unknownFailures.get(email) ?? 0) + 1;
  if (unknownFailures.size > 10_000) unknownFailures.clear();
  unknownFailures.set(email, n);
  return n;
}

async function recordFailure(db: Kysely<Database>, user: { id: string; email: string; failed_sign_ins: number }, meta: RequestMeta, action: "auth.sign_in_failed" | "auth.second_factor_failed"): Promise<void> {
  const failures = user.failed_sign_ins + 1;
  const lock = failures >= env.LOCKOUT_THRESHOLD;
  await db
    .updateTable("user")
    .set({ failed_sign_ins: lock ? 0 : failures, ...(lock ? { locked_until: clock.now() + env.LOCKOUT_MINUTES * 60_000 } : {}) })
    .where("id", "=", user.id)
    .execute();
  await audit(db, { action, actor: { userId: user.id, email: user.email }, meta, detail: { failures } });
  if (lock) await audit(db, { action: "auth.locked", actor: { userId: user.id, email: user.email }, meta, detail: { minutes: env.LOCKOUT_MINUTES } });
  await sleep(failureDelayMs(failures));
}

export type SignInResult = { ok: true; userId: string; needsSecondFactor: boolean } | { ok: false };

export async function attemptSignIn(db: Kysely<Database>, input: { email: string; password: string }, meta: RequestMeta): Promise<SignInResult> {
  const email = normalizeEmail(input.email);
  const user = await db
    .selectFrom("user")
    .select(["id", "email", "password_hash", "failed_sign_ins", "locked_until", "totp_secret"])
    .where("email", "=", email)
    .executeTakeFirst();
  if (!user) {
    await verifyAgainstNothing(input.password);
    await audit(db, { action: "auth.sign_in_failed", actor: { userId: null, email }, meta, detail: { reason: "unknown_account" } });
    await sleep(failureDelayMs(countUnknownFailure(email)));
    return { ok: false };
  }
  const valid = await verifyPassword(user.password_hash, input.password);
  if (user.locked_until && user.locked_until > clock.now()) {
    // Locked: even the right password is refused, with the same message.
    await audit(db, { action: "auth.sign_in_failed", actor: { userId: user.id, email }, meta, detail: { reason: "locked" } });
    return { ok: false };
  }
  if (!valid) {
    await recordFailure(db, user, meta, "auth.sign_in_failed");
    return { ok: false };
  }
  const needsSecondFactor = Boolean(user.totp_secret);
  await db.updateTable("user").set({ failed_sign_ins: 0, locked_until: null }).where("id", "=", user.id).execute();
  if (!needsSecondFactor) await audit(db, { action: "auth.sign_in", actor: { userId: user.id, email }, meta });
  return { ok: true, userId: user.id, needsSecondFactor };
}

/** The second sign-in step: a TOTP code, or a recovery code (each usable once). */
export async function attemptSecondFactor(db: Kysely<Database>, userId: string, code: string, meta: RequestMeta): Promise<boolean> {
  const user = await db
    .selectFrom("user")
    .select(["id", "email", "totp_secret", "totp_last_step", "failed_sign_ins", "locked_until"])
    .where("id", "=", userId)
    .executeTakeFirstOrThrow();
  if (!user.totp_secret || (user.locked_until && user.locked_until > clock.now())) return false;
  const totp = verifyTotp(user.totp_secret, code, user.totp_last_step);
  if (totp.ok) {
    await db.updateTable("user").set({ totp_last_step: totp.step, failed_sign_ins: 0 }).where("id", "=", userId).execute();
    await audit(db, { action: "auth.sign_in", actor: { userId, email: user.email }, meta, detail: { second_factor: "totp" } });
    return true;
  }
  if (await useRecoveryCode(db, userId, code)) {
    await db.updateTable("user").set({ failed_sign_ins: 0 }).where("id", "=", userId).execute();
    await audit(db, { action: "auth.recovery_code_used", actor: { userId, email: user.email }, meta });
    await audit(db, { action: "auth.sign_in", actor: { userId, email: user.email }, meta, detail: { second_factor: "recovery" } });
    return true;
  }
  await recordFailure(db, user, meta, "auth.second_factor_failed");
  return false;
}

async function useRecoveryCode(db: Kysely<Database>, userId: string, code: string): Promise<boolean> {
  if (normalizeRecoveryCode(code).length < 10) return false;
  // Marking it used in the same statement that finds it: two simultaneous uses cannot both win.
  const result = await db
    .updateTable("recovery_code")
    .set({ used_at: clock.now() })
    .where("user_id", "=", userId)
    .where("code_hash", "=", hashRecoveryCode(code))
    .where("used_at", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

// ---- account changes ----------------------------------------------------------------------

export async function getAccount(db: Kysely<Database>, userId: string) {
  return db
    .selectFrom("user")
    .select(["id", "email", "display_name", "password_hash", "totp_secret", "totp_pending_secret", "totp_last_step", "created_at", "password_changed_at", "is_admin"])
    .where("id", "=", userId)
    .executeTakeFirstOrThrow();
}

export async function updateDisplayName(db: Kysely<Database>, userId: string, email: string, displayName: string, meta: RequestMeta) {
  await db.updateTable("user").set({ display_name: displayName.trim() }).where("id", "=", userId).execute();
  await audit(db, { action: "account.updated", actor: { userId, email }, meta });
}

export async function setPassword(db: Kysely<Database>, user: { id: string; email: string }, password: string, meta: RequestMeta) {
  await db.updateTable("user").set({ password_hash: await hashPassword(password), password_changed_at: clock.now() }).where("id", "=", user.id).execute();
  await audit(db, { action: "auth.password_changed", actor: { userId: user.id, email: user.email }, meta });
}

/** Starts (or restarts) enrolment: a pending secret that the first valid code confirms. */
export async function beginTotpEnrolment(db: Kysely<Database>, userId: string): Promise<string> {
  const secret = createTotpSecret();
  await db.updateTable("user").set({ totp_pending_secret: secret }).where("id", "=", userId).execute();
  return secret;
}

/** Confirms enrolment with a code from the app; returns the recovery codes to show once. */
export async function confirmTotpEnrolment(db: Kysely<Database>, user: { id: string; email: string }, code: string, meta: RequestMeta): Promise<string[] | null> {
  const account = await getAccount(db, user.id);
  if (!account.totp_pending_secret) return null;
  const result = verifyTotp(account.totp_pending_secret, code, null);
  if (!result.ok) return null;
  const codes = generateRecoveryCodes();
  await db.transaction().execute(async (trx) => {
    await trx.updateTable("user").set({ totp_secret: account.totp_pending_secret, totp_pending_secret: null, totp_last_step: result.step }).where("id", "=", user.id).execute();
    await trx.deleteFrom("recovery_code").where("user_id", "=", user.id).execute();
    await trx.insertInto("recovery_code").values(codes.map((c) => ({ user_id: user.id, code_hash: hashRecoveryCode(c), used_at: null }))).execute();
    await audit(trx, { action: "two_factor.enabled", actor: { userId: user.id, email: user.email }, meta });
  });
  return codes;
}

export async function disableTotp(db: Kysely<Database>, user: { id: string; email: string }, meta: RequestMeta) {
  await db.transaction().execute(async (trx) => {
    await trx.updateTable("user").set({ totp_secret: null, totp_pending_secret: null, totp_last_step: null }).where("id", "=", user.id).execute();
    await trx.deleteFrom("recovery_code").where("user_id", "=", user.id).execute();
    await audit(trx, { action: "two_factor.disabled", actor: { userId: user.id, email: user.email }, meta });
  });
}

export async function regenerateRecoveryCodes(db: Kysely<Database>, user: { id: string; email: string }, meta: RequestMeta): Promise<string[]> {
  const codes = generateRecoveryCodes();
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom("recovery_code").where("user_id", "=", user.id).execute();
    await trx.insertInto("recovery_code").values(codes.map((c) => ({ user_id: user.id, code_hash: hashRecoveryCode(c), used_at: null }))).execute();
    await audit(trx, { action: "two_factor.recovery_codes_regenerated", actor: { userId: user.id, email: user.email }, meta });
  });
  return codes;
}

export async function unusedRecoveryCodeCount(db: Kysely<Database>, userId: string): Promise<number> {
  const row = await db.selectFrom("recovery_code").select((eb) => eb.fn.countAll<number>().as("n")).where("user_id", "=", userId).where("used_at", "is", null).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Verifies a TOTP code for an already signed-in user (e.g. to disable 2FA), consuming its step. */
export async function verifyCurrentTotp(db: Kysely<Database>, userId: string, code: string): Promise<boolean> {
  const account = await getAccount(db, userId);
  if (!account.totp_secret) return false;
  const result = verifyTotp(account.totp_secret, code, account.totp_last_step);
  if (!result.ok) return false;
  await db.updateTable("user").set({ totp_last_step: result.step }).where("id", "=", userId).execute();
  return true;
}
