// Sessions and password hashing. The only module that imports lucia (DECISIONS.md §4): the rest
// of the app sees `RequestAuth`, `startSession`, `endSession`… and the session table is ours.
import { hash, verify } from "@node-rs/argon2";
import { Lucia, TimeSpan, type Adapter, type DatabaseSession, type DatabaseUser } from "lucia";
import { db } from "./db.server.js";
import { env } from "./env.server.js";
import { clock } from "../../disclosures/clock.js";

const adapter: Adapter = {
  async getSessionAndUser(sessionId): Promise<[DatabaseSession | null, DatabaseUser | null]> {
    const row = await db
      .selectFrom("session")
      .innerJoin("user", "user.id", "session.user_id")
      .select([
        "session.id as session_id",
        "session.expires_at",
        "session.created_at",
        "session.two_factor_verified",
        "user.id as user_id",
        "user.email",
        "user.display_name",
        "user.is_admin",
        "user.totp_secret",
      ])
      .where("session.id", "=", sessionId)
      .executeTakeFirst();
    if (!row) return [null, null];
    return [
      {
        id: row.session_id,
        userId: row.user_id,
        expiresAt: new Date(row.expires_at),
        attributes: { created_at: row.created_at, two_factor_verified: row.two_factor_verified, ip: null, user_agent: null },
      },
      { id: row.user_id, attributes: { email: row.email, display_name: row.display_name, is_admin: row.is_admin, totp_enabled: row.totp_secret ? 1 : 0 } },
    ];
  },
  // Stryker disable all: lucia calls these three only from getUserSessions, invalidateUserSessions and
  // deleteExpiredSessions, which Kaiji never calls (listSessions and endOtherSessions query the table directly);
  // the Adapter interface requires them.
  async getUserSessions(userId) {
    const rows = await db.selectFrom("session").selectAll().where("user_id", "=", userId).execute();
    return rows.map((r) => ({
      id: r.id,
      userId: r.user_id,
      expiresAt: new Date(r.expires_at),
      attributes: { created_at: r.created_at, two_factor_verified: r.two_factor_verified, ip: r.ip, user_agent: r.user_agent },
    }));
  },
  async deleteUserSessions(userId) {
    await db.deleteFrom("session").where("user_id", "=", userId).execute();
  },
  async deleteExpiredSessions() {
    await db.deleteFrom("session").where("expires_at", "<=", clock.now()).execute();
  },
  // Stryker restore all
  async setSession(session) {
    await db
      .insertInto("session")
      .values({
        id: session.id,
        user_id: session.userId,
        expires_at: session.expiresAt.getTime(),
        created_at: session.attributes.created_at,
        two_factor_verified: session.attributes.two_factor_verified,
        ip: session.attributes.ip,
        user_agent: session.attributes.user_agent,
      })
      .execute();
  },
  async updateSessionExpiration(sessionId, expiresAt) {
    await db.updateTable("session").set({ expires_at: expiresAt.getTime() }).where("id", "=", sessionId).execute();
  },
  async deleteSession(sessionId) {
    await db.deleteFrom("session").where("id", "=", sessionId).execute();
  },
};

const lucia = new Lucia(adapter, {
  // The idle timeout: lucia extends a session used in the second half of its lifetime.
  sessionExpiresIn: new TimeSpan(env.SESSION_IDLE_MINUTES, "m"),
  sessionCookie: {
    name: "kaiji_session",
    // The cookie lives as long as the idle timeout and is renewed with the session (lucia's
    // `expires: false` would mean a 400-day cookie).
    expires: true,
    attributes: { secure: env.NODE_ENV === "production" && !env.PUBLIC_URL?.startsWith("http://"), sameSite: "lax" },
  },
  getSessionAttributes: (attributes) => ({ createdAt: attributes.created_at, twoFactorVerified: attributes.two_factor_verified === 1 }),
  getUserAttributes: (attributes) => ({
    email: attributes.email,
    displayName: attributes.display_name,
    isAdmin: attributes.is_admin === 1,
    twoFactorEnabled: attributes.totp_enabled === 1,
  }),
});

declare module "lucia" {
  interface Register {
    Lucia: typeof lucia;
    DatabaseSessionAttributes: { created_at: number; two_factor_verified: number; ip: string | null; user_agent: string | null };
    DatabaseUserAttributes: { email: string; display_name: string; is_admin: number; totp_enabled: number };
  }
}

export type AuthUser = { id: string; email: string; displayName: string; isAdmin: boolean; twoFactorEnabled: boolean };
export type AuthSession = { id: string; createdAt: number; expiresAt: number; twoFactorVerified: boolean };
/** Who is asking: null for anonymous requests. A session may still wait for its second factor. */
export type RequestAuth = { user: AuthUser; session: AuthSession } | null;

/**
 * Reads and validates the session cookie. Returns the cookie to set when the session was extended
 * (idle timeout) or has ended (expired, past its absolute lifetime, tampered with).
 */
export async function authenticate(cookieHeader: string | undefined, now = clock.now()): Promise<{ auth: RequestAuth; setCookie?: string }> {
  let sessionId: string | null;
  try {
    sessionId = lucia.readSessionCookie(cookieHeader ?? "");
  } catch {
    // lucia's parser throws on bad percent-encoding in any cookie: a tampered cookie is anonymous.
    return { auth: null, setCookie: lucia.createBlankSessionCookie().serialize() };
  }
  if (!sessionId) return { auth: null };
  const { session, user } = await lucia.validateSession(sessionId);
  if (!session || !user) return { auth: null, setCookie: lucia.createBlankSessionCookie().serialize() };
  if (now - session.createdAt > env.SESSION_ABSOLUTE_HOURS * 3_600_000) {
    await lucia.invalidateSession(session.id);
    return { auth: null, setCookie: lucia.createBlankSessionCookie().serialize() };
  }
  return {
    auth: {
      user: { id: user.id, email: user.email, displayName: user.displayName, isAdmin: user.isAdmin, twoFactorEnabled: user.twoFactorEnabled },
      session: { id: session.id, createdAt: session.createdAt, expiresAt: session.expiresAt.getTime(), twoFactorVerified: session.twoFactorVerified },
    },
    setCookie: session.fresh ? lucia.createSessionCookie(session.id).serialize() : undefined,
  };
}

/** A new session (a new id: sessions rotate at every sign-in step); returns its Set-Cookie value. */
export async function startSession(userId: string, options: { twoFactorVerified: boolean; ip: string; userAgent: string; replacing?: string }): Promise<string> {
  if (options.replacing) await lucia.invalidateSession(options.replacing);
  const session = await lucia.createSession(userId, {
    created_at: clock.now(),
    two_factor_verified: options.twoFactorVerified ? 1 : 0,
    ip: options.ip,
    user_agent: options.userAgent.slice(0, 300),
  });
  return lucia.createSessionCookie(session.id).serialize();
}

/** Ends one session server-side; returns the cookie that clears it in the browser. */
export async function endSession(sessionId: string): Promise<string> {
  await lucia.invalidateSession(sessionId);
  return lucia.createBlankSessionCookie().serialize();
}

/** Ends every session of a user, except optionally the current one. */
export async function endOtherSessions(userId: string, keepSessionId?: string): Promise<void> {
  let query = db.deleteFrom("session").where("user_id", "=", userId);
  if (keepSessionId) query = query.where("id", "!=", keepSessionId);
  await query.execute();
}

/** The user's live sessions, newest first (the session table is ours, so no lucia call is needed). */
export function listSessions(userId: string) {
  return db
    .selectFrom("session")
    .select(["id", "created_at", "ip", "user_agent"])
    .where("user_id", "=", userId)
    .where("expires_at", ">", clock.now())
    .orderBy("created_at", "desc")
    .execute();
}

// Argon2id with the library's defaults (m=19456 KiB, t=2, p=1: OWASP's recommended minimum).
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

export function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  return verify(passwordHash, password).catch(() => false);
}

// Verifying against this when the account does not exist keeps the response time the same,
// so timing does not tell whether an e-mail address has an account. Hashed at start-up, so that the
// first unknown address is not the one answer that also pays for a hash.
const dummyHash = hash("kaiji-timing-equaliser-not-a-password");
export async function verifyAgainstNothing(password: string): Promise<false> {
  await verify(await dummyHash, password).catch(() => false);
  return false;
}
