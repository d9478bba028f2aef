// Sessions and password hashing (app/utils/auth.server.ts), in-process so that mutation testing sees them: what
// a cookie is worth (signed in, waiting for the second factor, idle or past its absolute lifetime, tampered), that
// sign-in rotates the session, signing out ends it, "sign out everywhere" keeps only the current one, and that
// passwords are stored as Argon2id with one verification on every path. The HTTP side is in tests/auth.test.ts.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

const { IDLE_MINUTES, ABSOLUTE_HOURS } = await vi.hoisted(async () => {
  const { useFreshDatabase } = await import("./helpers/db.js");
  useFreshDatabase();
  process.env.SESSION_IDLE_MINUTES = "30";
  process.env.SESSION_ABSOLUTE_HOURS = "12";
  return { IDLE_MINUTES: 30, ABSOLUTE_HOURS: 12 };
});

// Counts Argon2 verifications; the real function still runs.
vi.mock("@node-rs/argon2", async (importOriginal) => {
  const real = await importOriginal<typeof import("@node-rs/argon2")>();
  return { ...real, verify: vi.fn(real.verify) };
});

import { verify } from "@node-rs/argon2";
import { authenticate, endOtherSessions, endSession, hashPassword, listSessions, startSession, verifyAgainstNothing, verifyPassword } from "../app/utils/auth.server.js";
import { db } from "../app/utils/db.server.js";

const IDLE_MS = IDLE_MINUTES * 60_000;
const ABSOLUTE_MS = ABSOLUTE_HOURS * 3_600_000;
const T0 = Date.parse("2026-12-02T09:00:00+09:00");
const device = { ip: "203.0.113.9", userAgent: "Mozilla/5.0 (テスト)" };

beforeEach(() => vi.useFakeTimers({ toFake: ["Date"], now: T0 }));
afterEach(() => vi.useRealTimers());

let users = 0;
async function newUser(options: { admin?: boolean; totp?: boolean } = {}) {
  const id = `user-${++users}`;
  await db
    .insertInto("user")
    .values({ id, email: `${id}@example.jp`, display_name: `利用者 ${users}`, password_hash: "x", created_at: T0, password_changed_at: T0, is_admin: options.admin ? 1 : 0, totp_secret: options.totp ? "JBSWY3DPEHPK3PXP" : null })
    .execute();
  return id;
}

/** The cookie a browser sends back for a Set-Cookie value. */
const cookieOf = (setCookie: string) => setCookie.split(";")[0];
const idOf = (setCookie: string) => cookieOf(setCookie).split("=")[1];
const sessionRow = (id: string) => db.selectFrom("session").selectAll().where("id", "=", id).executeTakeFirst();
const at = (ms: number) => vi.setSystemTime(ms);
/** A cleared cookie: empty value, expired at once. */
const isBlank = (setCookie: string | undefined) => Boolean(setCookie && /^kaiji_session=;/.test(setCookie) && /Max-Age=0/i.test(setCookie));

describe("starting a session", () => {
  it("stores who, when, from where, and whether the second factor is done; the cookie is HttpOnly and SameSite=Lax", async () => {
    // Written for: auth.server.ts:143-146 (created_at, two_factor_verified 1/0, ip, user agent cut to 300) and the adapter's setSession.
    const user = await newUser();
    const setCookie = await startSession(user, { twoFactorVerified: true, ip: device.ip, userAgent: "x".repeat(400) });
    expect(setCookie).toMatch(/^kaiji_session=[a-z0-9]+;/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).toMatch(new RegExp(`Max-Age=${IDLE_MS / 1000}`));
    expect(await sessionRow(idOf(setCookie))).toEqual({ id: idOf(setCookie), user_id: user, expires_at: T0 + IDLE_MS, created_at: T0, two_factor_verified: 1, ip: device.ip, user_agent: "x".repeat(300) });
    const half = await startSession(user, { twoFactorVerified: false, ...device });
    expect((await sessionRow(idOf(half)))?.two_factor_verified).toBe(0);
  });

  it("rotates: the session it replaces (the half session before the second factor) ends", async () => {
    // Written for: auth.server.ts:141 (replacing ignored: ConditionalExpression false, BlockStatement).
    const user = await newUser({ totp: true });
    const half = await startSession(user, { twoFactorVerified: false, ...device });
    const full = await startSession(user, { twoFactorVerified: true, ...device, replacing: idOf(half) });
    expect(idOf(full)).not.toBe(idOf(half));
    expect(await sessionRow(idOf(half))).toBeUndefined();
    expect((await authenticate(cookieOf(half))).auth).toBeNull();
    expect((await authenticate(cookieOf(full))).auth?.session.twoFactorVerified).toBe(true);
  });
});

describe("the session cookie's Secure flag", () => {
  /** The Set-Cookie of a new session with the app loaded under another environment (env is read once, at import). */
  async function cookieUnder(env: { NODE_ENV: string; PUBLIC_URL?: string }) {
    const saved = { NODE_ENV: process.env.NODE_ENV, PUBLIC_URL: process.env.PUBLIC_URL };
    const set = (key: "NODE_ENV" | "PUBLIC_URL", value: string | undefined) => (value === undefined ? delete process.env[key] : ((process.env as Record<string, string | undefined>)[key] = value));
    set("NODE_ENV", env.NODE_ENV);
    set("PUBLIC_URL", env.PUBLIC_URL);
    vi.resetModules();
    try {
      const fresh = await import("../app/utils/auth.server.js");
      const setCookie = await fresh.startSession(await newUser({ totp: true }), { twoFactorVerified: true, ...device });
      return { setCookie, auth: (await fresh.authenticate(cookieOf(setCookie))).auth };
    } finally {
      set("NODE_ENV", saved.NODE_ENV);
      set("PUBLIC_URL", saved.PUBLIC_URL);
      vi.resetModules();
    }
  }

  it("is set in production, unless the site's address is plain http:// (a trusted network without TLS)", async () => {
    // Written for: auth.server.ts:87 (secure: NODE_ENV === "production" && !PUBLIC_URL?.startsWith("http://"):
    // LogicalOperator, EqualityOperator, BooleanLiteral, MethodExpression, OptionalChaining, StringLiteral).
    expect((await cookieUnder({ NODE_ENV: "production", PUBLIC_URL: "https://kaiji.example.jp" })).setCookie).toMatch(/;\s*Secure/i);
    expect((await cookieUnder({ NODE_ENV: "production" })).setCookie).toMatch(/;\s*Secure/i);
    expect((await cookieUnder({ NODE_ENV: "production", PUBLIC_URL: "http://192.0.2.10:3000" })).setCookie).not.toMatch(/Secure/i);
    expect((await cookieUnder({ NODE_ENV: "development", PUBLIC_URL: "https://kaiji.example.jp" })).setCookie).not.toMatch(/Secure/i);
  });

  it("in production: kaiji_session, HttpOnly, SameSite=Lax, for the idle time, and it signs in", async () => {
    // Written for: auth.server.ts:79-96 (the session settings: the cookie's name, expires, sameSite, the idle
    // time's unit, getSessionAttributes and getUserAttributes), which the module reads once, at import.
    const { setCookie, auth } = await cookieUnder({ NODE_ENV: "production", PUBLIC_URL: "https://kaiji.example.jp" });
    const attributes = setCookie.split(";").slice(1).map((a) => a.trim().toLowerCase()).sort();
    expect(setCookie).toMatch(/^kaiji_session=[a-z0-9]+;/);
    expect(attributes).toEqual(["httponly", `max-age=${IDLE_MS / 1000}`, "path=/", "samesite=lax", "secure"]);
    expect(auth?.session).toMatchObject({ createdAt: T0, expiresAt: T0 + IDLE_MS, twoFactorVerified: true });
    expect(auth?.user).toMatchObject({ isAdmin: false, twoFactorEnabled: true, displayName: expect.stringMatching(/^利用者 /) });
  });
});

describe("authenticate", () => {
  it("is anonymous without a cookie, and sets nothing", async () => {
    // Written for: auth.server.ts:118 (cookieHeader ?? "") and :123 (no session id → no Set-Cookie).
    expect(await authenticate(undefined)).toEqual({ auth: null });
    expect(await authenticate("other=1; theme=dark")).toEqual({ auth: null });
  });

  it("returns the user and the session for a valid cookie, among other cookies", async () => {
    // Written for: auth.server.ts:10-36 (getSessionAndUser: the row and its attributes), getSessionAttributes/getUserAttributes and :130-136 (the fields).
    const admin = await newUser({ admin: true, totp: true });
    const setCookie = await startSession(admin, { twoFactorVerified: true, ...device });
    const { auth, setCookie: again } = await authenticate(`theme=dark; ${cookieOf(setCookie)}; lang=ja`);
    expect(auth).toEqual({
      user: { id: admin, email: `${admin}@example.jp`, displayName: expect.stringMatching(/^利用者 /), isAdmin: true, twoFactorEnabled: true },
      session: { id: idOf(setCookie), createdAt: T0, expiresAt: T0 + IDLE_MS, twoFactorVerified: true },
    });
    expect(again).toBeUndefined();

    const plain = await newUser();
    const half = await startSession(plain, { twoFactorVerified: false, ...device });
    const other = (await authenticate(cookieOf(half))).auth!;
    expect(other.user).toMatchObject({ id: plain, isAdmin: false, twoFactorEnabled: false });
    expect(other.session.twoFactorVerified).toBe(false);
  });

  it("clears an unknown or tampered cookie", async () => {
    // Written for: auth.server.ts:121 (the catch: a bad percent-encoding) and :125 (an unknown session id).
    const unknown = await authenticate("kaiji_session=nosuchsession");
    expect(unknown.auth).toBeNull();
    expect(isBlank(unknown.setCookie)).toBe(true);
    const tampered = await authenticate("kaiji_session=%E0%A4%A; x=%");
    expect(tampered.auth).toBeNull();
    expect(isBlank(tampered.setCookie)).toBe(true);
  });

  it("extends a session used in the second half of its idle time, and renews the cookie", async () => {
    // Written for: auth.server.ts:71-73 (updateSessionExpiration) and :135 (session.fresh → a new cookie).
    const user = await newUser();
    const setCookie = await startSession(user, { twoFactorVerified: true, ...device });
    at(T0 + IDLE_MS / 2 - 1000);
    expect((await authenticate(cookieOf(setCookie))).setCookie).toBeUndefined();
    at(T0 + IDLE_MS - 1000);
    const used = await authenticate(cookieOf(setCookie));
    expect(used.auth?.session.expiresAt).toBe(T0 + 2 * IDLE_MS - 1000);
    expect(cookieOf(used.setCookie!)).toBe(cookieOf(setCookie));
    expect(used.setCookie).toMatch(new RegExp(`Max-Age=${IDLE_MS / 1000}`));
    expect((await sessionRow(idOf(setCookie)))?.expires_at).toBe(T0 + 2 * IDLE_MS - 1000);
  });

  it("ends a session idle for the idle timeout: anonymous, cookie cleared, row gone", async () => {
    // Written for: auth.server.ts:74-76 (deleteSession) behind lucia's expiry check.
    const user = await newUser();
    const setCookie = await startSession(user, { twoFactorVerified: true, ...device });
    at(T0 + IDLE_MS);
    const idle = await authenticate(cookieOf(setCookie));
    expect(idle.auth).toBeNull();
    expect(isBlank(idle.setCookie)).toBe(true);
    expect(await sessionRow(idOf(setCookie))).toBeUndefined();
  });

  it("ends a session past its absolute lifetime however active, at the first millisecond after it", async () => {
    // Written for: auth.server.ts:126 (now - createdAt > absolute → >=, -, *, true, false) and :127-128 (invalidate, clear).
    const user = await newUser();
    const setCookie = await startSession(user, { twoFactorVerified: true, ...device });
    // Kept in use all day: only its idle expiry moves on.
    await db.updateTable("session").set({ expires_at: T0 + 2 * ABSOLUTE_MS }).where("id", "=", idOf(setCookie)).execute();
    at(T0 + ABSOLUTE_MS);
    expect((await authenticate(cookieOf(setCookie))).auth?.user.id).toBe(user);
    at(T0 + ABSOLUTE_MS + 1);
    const ended = await authenticate(cookieOf(setCookie));
    expect(ended.auth).toBeNull();
    expect(isBlank(ended.setCookie)).toBe(true);
    expect(await sessionRow(idOf(setCookie))).toBeUndefined();
  });

  it("takes the instant it is given for the absolute lifetime", async () => {
    // Written for: auth.server.ts:115 (the `now` parameter) with :126.
    const user = await newUser();
    const setCookie = await startSession(user, { twoFactorVerified: true, ...device });
    expect((await authenticate(cookieOf(setCookie), T0 + ABSOLUTE_MS + 1)).auth).toBeNull();
  });
});

describe("ending sessions", () => {
  it("signing out ends the session server-side and clears the cookie", async () => {
    // Written for: auth.server.ts:153-154 (endSession: invalidate, blank cookie).
    const user = await newUser();
    const setCookie = await startSession(user, { twoFactorVerified: true, ...device });
    expect(isBlank(await endSession(idOf(setCookie)))).toBe(true);
    expect(await sessionRow(idOf(setCookie))).toBeUndefined();
    expect((await authenticate(cookieOf(setCookie))).auth).toBeNull();
  });

  it("signing out everywhere keeps the current session only, and touches no other user", async () => {
    // Written for: auth.server.ts:159-161 (endOtherSessions: the user, the kept id: != → =, condition removed).
    const user = await newUser();
    const other = await newUser();
    const [current, laptop, phone] = [await startSession(user, { twoFactorVerified: true, ...device }), await startSession(user, { twoFactorVerified: true, ...device }), await startSession(user, { twoFactorVerified: true, ...device })];
    const theirs = await startSession(other, { twoFactorVerified: true, ...device });
    await endOtherSessions(user, idOf(current));
    expect((await authenticate(cookieOf(current))).auth?.user.id).toBe(user);
    expect((await authenticate(cookieOf(laptop))).auth).toBeNull();
    expect((await authenticate(cookieOf(phone))).auth).toBeNull();
    expect((await authenticate(cookieOf(theirs))).auth?.user.id).toBe(other);
    // Without a session to keep (a password reset): all of them.
    await endOtherSessions(user);
    expect((await authenticate(cookieOf(current))).auth).toBeNull();
    expect((await authenticate(cookieOf(theirs))).auth?.user.id).toBe(other);
  });

  it("lists a user's live sessions, newest first", async () => {
    // Written for: auth.server.ts:166-172 (listSessions: the user, expires_at > now, order by created_at desc).
    const user = await newUser();
    const first = await startSession(user, { twoFactorVerified: true, ip: "192.0.2.1", userAgent: "一台目" });
    at(T0 + 60_000);
    const second = await startSession(user, { twoFactorVerified: true, ip: "192.0.2.2", userAgent: "二台目" });
    await startSession(await newUser(), { twoFactorVerified: true, ...device });
    expect(await listSessions(user)).toEqual([
      { id: idOf(second), created_at: T0 + 60_000, ip: "192.0.2.2", user_agent: "二台目" },
      { id: idOf(first), created_at: T0, ip: "192.0.2.1", user_agent: "一台目" },
    ]);
    // The first one's idle time is over (exactly at its expiry): no longer listed.
    at(T0 + IDLE_MS);
    expect((await listSessions(user)).map((s) => s.id)).toEqual([idOf(second)]);
  });
});

describe("passwords", () => {
  it("are stored as Argon2id with OWASP's minimum parameters, salted, and verified", async () => {
    // Written for: auth.server.ts:176-182 (hashPassword / verifyPassword).
    const hash = await hashPassword("パスワード は 長い 文 2026");
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await hashPassword("パスワード は 長い 文 2026")).not.toBe(hash);
    expect(await verifyPassword(hash, "パスワード は 長い 文 2026")).toBe(true);
    expect(await verifyPassword(hash, "パスワード は 長い 文 2025")).toBe(false);
  });

  it("a damaged stored hash refuses instead of throwing", async () => {
    // Written for: auth.server.ts:181 (.catch(() => false): ArrowFunction → () => undefined, BooleanLiteral).
    await expect(verifyPassword("not-a-hash", "whatever")).resolves.toBe(false);
  });

  it("an unknown address costs one real Argon2 verification too, and never succeeds", async () => {
    // Written for: auth.server.ts:188-190 (verifyAgainstNothing: BlockStatement, the verification removed, return true).
    vi.mocked(verify).mockClear();
    expect(await verifyAgainstNothing("kaiji-timing-equaliser-not-a-password")).toBe(false);
    expect(await verifyAgainstNothing("anything")).toBe(false);
    expect(vi.mocked(verify).mock.calls).toHaveLength(2);
    // Against a real hash with the production parameters, like an existing account's.
    expect(vi.mocked(verify).mock.calls[0][0]).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });
});
