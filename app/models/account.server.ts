// Accounts: sign-up, sign-in with brute-force defence, second factor, password changes.
// Every failure the user sees is the same 「認証に失敗しました」, whether or not the account exists.
import { createHash, randomUUID } from "node:crypto";
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
//
// One rule for every failed attempt — a wrong password, a wrong second factor, any attempt while locked —
// and for e-mails without an account (table sign_in_failure): the count goes up by one, the delay follows the
// count, and reaching LOCKOUT_THRESHOLD locks for LOCKOUT_MINUTES. So a locked account, an unknown address
// and a wrong password give the same answer after the same delay and the same Argon2 work. Attempts while
// locked keep counting (for the delay) but do not extend the lock; a lock that has ended starts the count
// again. Only a completed sign-in resets it: the password for accounts without a second factor, otherwise
// the second factor — a correct password alone would give whoever knows it endless code guesses.

/** Growing delay after the third consecutive failure: base, 2×base, 4×base … capped at 16×base. */
export function failureDelayMs(failures: number): number {
  return failures < 3 ? 0 : Math.min(env.AUTH_DELAY_BASE_MS * 2 ** (failures - 3), env.AUTH_DELAY_BASE_MS * 16);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Attempts = { failures: number; lockedUntil: number | null };

const isLocked = (a: Attempts, now: number) => a.lockedUntil !== null && a.lockedUntil > now;

/** The count after one more failure, and whether this failure starts a lock. */
function afterFailure(a: Attempts, now: number): Attempts & { locks: boolean } {
  const lockEnded = a.lockedUntil !== null && a.lockedUntil <= now;
  const failures = (lockEnded ? 0 : a.failures) + 1;
  const locks = !isLocked(a, now) && failures >= env.LOCKOUT_THRESHOLD;
  return { failures, lockedUntil: locks ? now + env.LOCKOUT_MINUTES * 60_000 : lockEnded ? null : a.lockedUntil, locks };
}

// The same rule for addresses without an account, so the delays do not tell which addresses exist: counted in the
// database as an account's are, so every app process agrees (DECISIONS 47), under the address's hash. Counts not
// touched for a day are forgotten (an account's are kept until a sign-in; a day is far beyond any delay or lock).
const FORGET_UNKNOWN_AFTER_MS = 24 * 60 * 60_000;
async function countUnknownFailure(db: Kysely<Database>, email: string): Promise<number> {
  const emailHash = createHash("sha256").update(email).digest("hex");
  const now = clock.now();
  return db.transaction().execute(async (trx) => {
    await trx.deleteFrom("sign_in_failure").where("updated_at", "<", now - FORGET_UNKNOWN_AFTER_MS).execute();
    const row = await trx.selectFrom("sign_in_failure").select(["failures", "locked_until"]).where("email_hash", "=", emailHash).executeTakeFirst();
    const next = afterFailure(row ? { failures: row.failures, lockedUntil: row.locked_until } : { failures: 0, lockedUntil: null }, now);
    const values = { failures: next.failures, locked_until: next.lockedUntil, updated_at: now };
    await trx
      .insertInto("sign_in_failure")
      .values({ email_hash: emailHash, ...values })
      .onConflict((oc) => oc.column("email_hash").doUpdateSet(values))
      .execute();
    return next.failures;
  });
}

function attemptsOf(row: { failed_sign_ins: number; locked_until: number | null }): Attempts {
  return { failures: row.failed_sign_ins, lockedUntil: row.locked_until };
}

/**
 * Counts one failure against an account and audits it (and the lock it starts); returns the new count for
 * the delay. Call inside the transaction that read the row, so simultaneous guesses cannot lose counts.
 */
async function countFailure(
  trx: Kysely<Database>,
  user: { id: string; email: string; failed_sign_ins: number; locked_until: number | null },
  meta: RequestMeta,
  action: "auth.sign_in_failed" | "auth.second_factor_failed",
): Promise<number> {
  const now = clock.now();
  const locked = isLocked(attemptsOf(user), now);
  const next = afterFailure(attemptsOf(user), now);
  await trx.updateTable("user").set({ failed_sign_ins: next.failures, locked_until: next.lockedUntil }).where("id", "=", user.id).execute();
  const actor = { userId: user.id, email: user.email };
  await audit(trx, { action, actor, meta, detail: { failures: next.failures, ...(locked ? { reason: "locked" } : {}) } });
  if (next.locks) await audit(trx, { action: "auth.locked", actor, meta, detail: { minutes: env.LOCKOUT_MINUTES } });
  return next.failures;
}

const attemptColumns = ["id", "email", "failed_sign_ins", "locked_until", "totp_secret"] as const;

export type SignInResult = { ok: true; userId: string; needsSecondFactor: boolean } | { ok: false };

export async function attemptSignIn(db: Kysely<Database>, input: { email: string; password: string }, meta: RequestMeta): Promise<SignInResult> {
  const email = normalizeEmail(input.email);
  const found = await db.selectFrom("user").select(["id", "password_hash"]).where("email", "=", email).executeTakeFirst();
  // Exactly one Argon2 verification on every path (unknown, locked, wrong, right).
  const valid = found ? await verifyPassword(found.password_hash, input.password) : await verifyAgainstNothing(input.password);
  if (!found) {
    await audit(db, { action: "auth.sign_in_failed", actor: { userId: null, email }, meta, detail: { reason: "unknown_account" } });
    await sleep(failureDelayMs(await countUnknownFailure(db, email)));
    return { ok: false };
  }
  // Decided on the row as it is after the (slow) verification, in one transaction with the count.
  const outcome = await db.transaction().execute(async (trx) => {
    const user = await trx.selectFrom("user").select(attemptColumns).where("id", "=", found.id).executeTakeFirstOrThrow();
    // Locked: even the right password is refused, counted and delayed like any failure.
    if (!valid || isLocked(attemptsOf(user), clock.now())) return { ok: false as const, failures: await countFailure(trx, user, meta, "auth.sign_in_failed") };
    const needsSecondFactor = Boolean(user.totp_secret);
    if (!needsSecondFactor) {
      await trx.updateTable("user").set({ failed_sign_ins: 0, locked_until: null }).where("id", "=", user.id).execute();
      await audit(trx, { action: "auth.sign_in", actor: { userId: user.id, email }, meta });
    }
    return { ok: true as const, needsSecondFactor };
  });
  if (!outcome.ok) {
    await sleep(failureDelayMs(outcome.failures));
    return { ok: false };
  }
  return { ok: true, userId: found.id, needsSecondFactor: outcome.needsSecondFactor };
}

/**
 * The second sign-in step: a TOTP code, or a recovery code (each usable once). A failure counts towards the
 * same lockout as a wrong password; success resets the count.
 */
export async function attemptSecondFactor(db: Kysely<Database>, userId: string, code: string, meta: RequestMeta): Promise<boolean> {
  const failures = await db.transaction().execute(async (trx) => {
    const user = await trx.selectFrom("user").select([...attemptColumns, "totp_last_step"]).where("id", "=", userId).executeTakeFirstOrThrow();
    // 2FA was turned off elsewhere while this half session waited: nothing to guess, nothing to count.
    if (!user.totp_secret) return 0;
    if (!isLocked(attemptsOf(user), clock.now())) {
      const actor = { userId, email: user.email };
      const totp = verifyTotp(user.totp_secret, code, user.totp_last_step);
      if (totp.ok) {
        await trx.updateTable("user").set({ totp_last_step: totp.step, failed_sign_ins: 0, locked_until: null }).where("id", "=", userId).execute();
        await audit(trx, { action: "auth.sign_in", actor, meta, detail: { second_factor: "totp" } });
        return null;
      }
      if (await useRecoveryCode(trx, userId, code)) {
        await trx.updateTable("user").set({ failed_sign_ins: 0, locked_until: null }).where("id", "=", userId).execute();
        await audit(trx, { action: "auth.recovery_code_used", actor, meta });
        await audit(trx, { action: "auth.sign_in", actor, meta, detail: { second_factor: "recovery" } });
        return null;
      }
    }
    return countFailure(trx, user, meta, "auth.second_factor_failed");
  });
  if (failures === null) return true;
  await sleep(failureDelayMs(failures));
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
