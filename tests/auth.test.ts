// Accounts over HTTP: sign-up, sign-in, lockout, TOTP, password changes, sessions, CSRF, redirects, audit.
// Every check looks at what the user gets (status, page text, cookies) and at the database.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { Client, STRONG_PASSWORD, totpCode, visibleText } from "./helpers/client.js";
import { startApp } from "./helpers/http.js";
import { expectNoSecretInAuditLog } from "./helpers/audit-secrets.js";

const AUTH_FAILED = "認証に失敗しました";
const UA = "KaijiAuthTest/1.0 (vitest)";
let app: Awaited<ReturnType<typeof startApp>>;
// Everything secret this file handles; at the end no audit row may contain any of it.
const secrets = new Set<string>([STRONG_PASSWORD]);

/** A browser with a recognisable User-Agent that records every session id it is given. */
class Browser extends Client {
  override async get(path: string, headers: Record<string, string> = {}) {
    return this.note(await super.get(path, { "user-agent": UA, ...headers }));
  }
  override async post(path: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
    return this.note(await super.post(path, fields, { "user-agent": UA, ...headers }));
  }
  private note(response: Response) {
    const id = this.cookies.get("kaiji_session");
    if (id && /^[a-z0-9]{40}$/.test(id)) secrets.add(id); // ids the app issued, not values a test planted
    return response;
  }
  get session() { return this.cookies.get("kaiji_session"); } // prettier-ignore
  /** Another browser replaying this one's cookie. */
  clone() {
    const other = new Browser(this.base);
    for (const [k, v] of this.cookies) other.cookies.set(k, v);
    return other;
  }
}

// Pages that arrived with NUL characters in them (checked by the last test); stripped before reading.
const pagesWithNul: string[] = [];
async function read(r: Response) {
  const html = await r.text();
  if (html.includes("\u0000")) pagesWithNul.push(`${r.url} → ${r.status}`);
  return { status: r.status, location: r.headers.get("location"), text: visibleText(html.replace(/\u0000/g, "").replace(/<!-- -->/g, "")) };
}
const userRow = (email: string) => app.db.selectFrom("user").selectAll().where("email", "=", email).executeTakeFirst();
const sessionsOf = (userId: string) => app.db.selectFrom("session").selectAll().where("user_id", "=", userId).execute();
const auditOf = (email: string, action: string) =>
  app.db.selectFrom("audit_log").selectAll().where("actor_email", "=", email).where("action", "=", action).orderBy("id").execute();

async function signUp(c: Browser, email: string, password = STRONG_PASSWORD) {
  secrets.add(password);
  const r = await c.post("/signup", { email, displayName: "試験 太郎", password, confirm: password });
  expect(r.status).toBe(302);
  return (await userRow(email))!;
}
function signIn(c: Browser, email: string, password: string, redirectTo?: string) {
  secrets.add(password);
  return c.post("/login", { email, password, ...(redirectTo === undefined ? {} : { redirectTo }) });
}
/** Is this browser fully signed in? (/account answers 200, or sends it to sign in.) */
const signedIn = async (c: Browser) => (await c.get("/account")).status === 200;

beforeAll(async () => void (app = await startApp()));
afterAll(() => app.close());

describe("sign-up", () => {
  const cases: [string, Record<string, string>, string][] = [
    ["malformed e-mail", { email: "not-an-email", password: STRONG_PASSWORD }, "メールアドレスの形式が正しくありません"],
    ["101-character display name", { email: "long.name@example.jp", displayName: "あ".repeat(101), password: STRONG_PASSWORD }, "表示名は100文字以内で入力してください"],
    ["short password", { email: "short.pw@example.jp", password: "Ab1!xyz" }, "パスワードは13文字以上にしてください"],
    ["common password", { email: "common.pw@example.jp", password: "2026!!sunshine!!2026" }, "よく使われるパスワードは使えません"],
    ["password with the e-mail local part", { email: "yamada.hanako@example.jp", password: "Yamada.hanako-2026!" }, "メールアドレスの一部を含むパスワードは使えません"],
    ["mismatched confirmation", { email: "mismatch@example.jp", password: STRONG_PASSWORD, confirm: STRONG_PASSWORD + "x" }, "確認用のパスワードが一致しません"],
  ];
  for (const [name, fields, message] of cases) {
    it(`refuses a ${name} with 400 and creates no account`, async () => {
      const form: Record<string, string> = { displayName: "試験 太郎", confirm: fields.password, ...fields };
      secrets.add(form.password);
      const c = new Browser(app.base);
      const page = await read(await c.post("/signup", form));
      expect([page.status, page.text]).toEqual([400, expect.stringContaining(message)]);
      expect(c.session).toBeUndefined();
      expect(await userRow(form.email.toLowerCase())).toBeUndefined();
    });
  }

  it("creates the account with an Argon2id hash, signs in, and refuses the same e-mail again", async () => {
    const c = new Browser(app.base);
    const r = await c.post("/signup", { email: "New.User@Example.jp", displayName: "新規 利用者", password: STRONG_PASSWORD, confirm: STRONG_PASSWORD });
    expect([r.status, r.headers.get("location")]).toEqual([302, "/orgs"]);
    const user = (await userRow("new.user@example.jp"))!;
    expect(user.display_name).toBe("新規 利用者");
    expect(user.password_hash.startsWith("$argon2id$")).toBe(true);
    expect(user.password_hash).not.toContain(STRONG_PASSWORD);
    expect(await signedIn(c)).toBe(true);
    expect(await sessionsOf(user.id)).toHaveLength(1);

    const again = await read(await new Browser(app.base).post("/signup", { email: "NEW.USER@example.jp", displayName: "別人", password: STRONG_PASSWORD, confirm: STRONG_PASSWORD }));
    expect([again.status, again.text]).toEqual([400, expect.stringContaining("このメールアドレスは登録済みです")]);
    expect(await app.db.selectFrom("user").select("id").where("email", "=", "new.user@example.jp").execute()).toHaveLength(1);
  });
});

describe("sign-in", () => {
  let userId: string;
  beforeAll(async () => void (userId = (await signUp(new Browser(app.base), "signin@example.jp")).id));

  it("signs in, and answers a wrong password and an unknown account identically", async () => {
    const c = new Browser(app.base);
    expect((await signIn(c, "SignIn@example.jp", STRONG_PASSWORD)).headers.get("location")).toBe("/orgs");
    expect(await signedIn(c)).toBe(true);

    const wrong = await read(await signIn(new Browser(app.base), "signin@example.jp", "Wrong-password-2026!"));
    const unknown = await read(await signIn(new Browser(app.base), "nobody@example.jp", "Wrong-password-2026!"));
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.text).toContain(AUTH_FAILED);
    expect(unknown.text).toBe(wrong.text);
    expect((await userRow("signin@example.jp"))!.failed_sign_ins).toBe(1);
  });

  it("gives a new session id at sign-in (a planted or earlier cookie is not kept)", async () => {
    const c = new Browser(app.base);
    c.cookies.set("kaiji_session", "plantedbyanattacker000000000000000000000");
    expect((await signIn(c, "signin@example.jp", STRONG_PASSWORD)).status).toBe(302);
    const first = c.session!;
    expect(first).not.toBe("plantedbyanattacker000000000000000000000");
    const old = c.clone();
    expect((await signIn(c, "signin@example.jp", STRONG_PASSWORD)).status).toBe(302);
    expect(c.session).not.toBe(first);
    expect(await signedIn(c)).toBe(true);
    expect(await signedIn(old)).toBe(false);
    expect((await sessionsOf(userId)).map((s) => s.id)).not.toContain(first);
  });

  it("answers over-long input with the generic message", async () => {
    for (const [email, password] of [["a".repeat(250) + "@example.jp", STRONG_PASSWORD], ["signin@example.jp", "x".repeat(257)]]) {
      const page = await read(await signIn(new Browser(app.base), email, password));
      expect([400, 401]).toContain(page.status);
      expect(page.text).toContain(AUTH_FAILED);
    }
  });

  it("locks the account after LOCKOUT_THRESHOLD failures, and unlocks when the lock ends", async () => {
    const email = "lockout@example.jp";
    const user = await signUp(new Browser(app.base), email);
    for (let i = 0; i < 5; i++) {
      const page = await read(await signIn(new Browser(app.base), email, `Wrong-password-${i}-2026!`));
      expect([page.status, page.text]).toEqual([401, expect.stringContaining(AUTH_FAILED)]);
    }
    expect((await userRow(email))!.locked_until).toBeGreaterThan(Date.now() + 10 * 60_000);
    expect(await auditOf(email, "auth.locked")).toHaveLength(1);

    const c = new Browser(app.base);
    const locked = await read(await signIn(c, email, STRONG_PASSWORD));
    expect([locked.status, locked.text]).toEqual([401, expect.stringContaining(AUTH_FAILED)]);
    expect(c.session).toBeUndefined();
    expect(await sessionsOf(user.id)).toHaveLength(1); // only the sign-up session

    await app.db.updateTable("user").set({ locked_until: Date.now() - 1000 }).where("id", "=", user.id).execute();
    expect((await signIn(c, email, STRONG_PASSWORD)).status).toBe(302);
    expect(await signedIn(c)).toBe(true);
  });
});

describe("two-factor authentication (TOTP)", () => {
  const email = "second.factor@example.jp";
  let b: Browser;
  let c: Browser;
  let userId: string;
  let secret: string;
  let recovery: string[];
  const EIGHT = "Kj7!xQ2#";
  const LATER = "Zweites-Kennwort-2026#開示";
  /** The authenticator's code 30 s later (time moves on, as on a phone). */
  const nextCode = () => {
    vi.setSystemTime(Date.now() + 30_000);
    const code = totpCode(secret);
    secrets.add(code);
    return code;
  };
  beforeAll(() => vi.useFakeTimers({ toFake: ["Date"], shouldAdvanceTime: true }));
  afterAll(() => vi.useRealTimers());

  it("enrols with the manual key shown on the page and shows ten recovery codes once", async () => {
    b = new Browser(app.base);
    userId = (await signUp(b, email)).id;
    expect((await b.post("/account/2fa", { intent: "start" })).status).toBe(200);
    const html = (await b.text("/account/2fa")).html;
    const key = /<span class="secret">([^<]+)<\/span>/.exec(html)?.[1] ?? "";
    expect(key).toMatch(/^([A-Z2-7]{4} )+[A-Z2-7]{1,4}$/);
    secret = key.replace(/ /g, "");
    secrets.add(secret);
    expect((await userRow(email))!.totp_pending_secret).toBe(secret);

    const wrong = await read(await b.post("/account/2fa", { intent: "confirm", code: "000000" === totpCode(secret) ? "111111" : "000000" }));
    expect(wrong.status).toBe(400);
    expect((await userRow(email))!.totp_secret).toBeNull();

    const code = totpCode(secret);
    secrets.add(code);
    const r = await b.post("/account/2fa", { intent: "confirm", code });
    expect(r.status).toBe(200);
    const body = await r.text();
    expect(visibleText(body)).toContain("二要素認証を有効にしました");
    const list = /<ul class="codes">([\s\S]*?)<\/ul>/.exec(body)?.[1] ?? "";
    recovery = [...list.matchAll(/<li>([^<]+)<\/li>/g)].map((m) => m[1]);
    recovery.forEach((code) => secrets.add(code));
    expect(recovery).toHaveLength(10);
    for (const code of recovery) expect(code).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
    const user = (await userRow(email))!;
    expect(user.totp_secret).toBe(secret);
    expect(user.totp_pending_secret).toBeNull();
    const stored = await app.db.selectFrom("recovery_code").selectAll().where("user_id", "=", userId).execute();
    expect(stored).toHaveLength(10);
    for (const row of stored) expect(recovery).not.toContain(row.code_hash);
    // Shown once: the page no longer lists them.
    expect((await b.text("/account/2fa")).html).not.toContain(recovery[0]);
  });

  it("asks for the second step after the password, and accepts a correct code with a new session id", async () => {
    expect((await b.post("/logout", {})).status).toBe(302);
    c = new Browser(app.base);
    const r = await signIn(c, email, STRONG_PASSWORD);
    expect([r.status, r.headers.get("location")]).toEqual([302, "/login/2fa?redirectTo=%2Forgs"]);
    const half = c.session!;
    expect((await sessionsOf(userId)).find((s) => s.id === half)?.two_factor_verified).toBe(0);
    const orgs = await c.get("/orgs");
    expect([orgs.status, orgs.headers.get("location")]).toEqual([302, "/login/2fa"]);

    const done = await c.post("/login/2fa", { code: nextCode(), redirectTo: "/orgs" });
    expect([done.status, done.headers.get("location")]).toEqual([302, "/orgs"]);
    expect(c.session).not.toBe(half);
    const rows = await sessionsOf(userId);
    expect(rows.map((s) => s.id)).not.toContain(half);
    expect(rows.find((s) => s.id === c.session)?.two_factor_verified).toBe(1);
    expect((await c.get("/orgs")).status).toBe(200);
  });

  it("shows the code form on the second-step page, and the generic message after a wrong code", async () => {
    const d = new Browser(app.base);
    expect((await signIn(d, email, STRONG_PASSWORD)).status).toBe(302);
    const page = await read(await d.get("/login/2fa?redirectTo=%2Forgs"));
    expect([page.status, page.text]).toEqual([200, expect.stringContaining("認証アプリに表示されている6桁のコードを入力してください")]);
    expect(page.text).toContain("確認コード");
    const wrong = await read(await d.post("/login/2fa", { code: "12345", redirectTo: "/orgs" }));
    expect([wrong.status, wrong.text]).toEqual([401, expect.stringContaining(AUTH_FAILED)]);
  });

  it("never accepts the same TOTP code twice", async () => {
    const used = totpCode(secret);
    const failuresBefore = (await auditOf(email, "auth.second_factor_failed")).length;
    expect((await c.post("/logout", {})).status).toBe(302);
    expect((await signIn(c, email, STRONG_PASSWORD)).status).toBe(302);
    expect((await c.post("/login/2fa", { code: used, redirectTo: "/orgs" })).status).toBe(401);
    expect((await c.get("/orgs")).headers.get("location")).toBe("/login/2fa");
    expect(await auditOf(email, "auth.second_factor_failed")).toHaveLength(failuresBefore + 1);
  });

  it("accepts a recovery code once", async () => {
    const first = await c.post("/login/2fa", { code: recovery[0], redirectTo: "/orgs" });
    expect(first.status).toBe(302);
    expect(await signedIn(c)).toBe(true);
    const used = await app.db.selectFrom("recovery_code").select("used_at").where("user_id", "=", userId).where("used_at", "is not", null).execute();
    expect(used).toHaveLength(1);

    expect((await c.post("/logout", {})).status).toBe(302);
    expect((await signIn(c, email, STRONG_PASSWORD)).status).toBe(302);
    expect((await c.post("/login/2fa", { code: recovery[0], redirectTo: "/orgs" })).status).toBe(401);
    expect(await signedIn(c)).toBe(false);
    // Typed by hand: upper case, spaces instead of hyphens.
    expect((await c.post("/login/2fa", { code: recovery[1].toUpperCase().replace(/-/g, " "), redirectTo: "/orgs" })).status).toBe(302);
    expect(await signedIn(c)).toBe(true);
    expect(await auditOf(email, "auth.recovery_code_used")).toHaveLength(2);
  });

  it("allows an 8-character password with 2FA, but refuses to disable 2FA while it is one", async () => {
    secrets.add(EIGHT).add(LATER);
    const changed = await read(await c.post("/account/password", { current: STRONG_PASSWORD, password: EIGHT, confirm: EIGHT }));
    expect([changed.status, changed.text]).toEqual([200, expect.stringContaining("パスワードを変更しました")]);
    expect((await signIn(new Browser(app.base), email, EIGHT)).status).toBe(302);

    const refused = await read(await c.post("/account/2fa", { intent: "disable", password: EIGHT, code: nextCode() }));
    expect([refused.status, refused.text]).toEqual([400, expect.stringContaining("13文字以上")]);
    expect((await userRow(email))!.totp_secret).toBe(secret);

    expect((await c.post("/account/password", { current: EIGHT, password: LATER, confirm: LATER })).status).toBe(200);
    const disabled = await read(await c.post("/account/2fa", { intent: "disable", password: LATER, code: nextCode() }));
    expect([disabled.status, disabled.text]).toEqual([200, expect.stringContaining("二要素認証を無効にしました")]);
    expect((await userRow(email))!.totp_secret).toBeNull();
    expect(await app.db.selectFrom("recovery_code").select("id").where("user_id", "=", userId).execute()).toHaveLength(0);
    expect((await signIn(new Browser(app.base), email, LATER)).headers.get("location")).toBe("/orgs");
  });
});

describe("password change", () => {
  const email = "pw.change@example.jp";
  const NEW = "Neues-Kennwort-2026#開示";
  it("requires the current password, ends the other sessions and keeps this one", async () => {
    secrets.add(NEW);
    const a = new Browser(app.base);
    const other = new Browser(app.base);
    const user = await signUp(a, email);
    expect((await signIn(other, email, STRONG_PASSWORD)).status).toBe(302);

    const wrong = await read(await a.post("/account/password", { current: "Not-the-password-2026!", password: NEW, confirm: NEW }));
    expect([wrong.status, wrong.text]).toEqual([400, expect.stringContaining("現在のパスワードが正しくありません")]);
    expect((await userRow(email))!.password_hash).toBe(user.password_hash);

    const short = await read(await a.post("/account/password", { current: STRONG_PASSWORD, password: "Kj7!xQ2#", confirm: "Kj7!xQ2#" }));
    expect([short.status, short.text]).toEqual([400, expect.stringContaining("パスワードは13文字以上にしてください")]);

    const ok = await read(await a.post("/account/password", { current: STRONG_PASSWORD, password: NEW, confirm: NEW }));
    expect([ok.status, ok.text]).toEqual([200, expect.stringContaining("パスワードを変更しました")]);
    expect(await signedIn(a)).toBe(true);
    expect(await signedIn(other)).toBe(false);
    expect((await sessionsOf(user.id)).map((s) => s.id)).toEqual([a.session]);
    expect((await signIn(new Browser(app.base), email, STRONG_PASSWORD)).status).toBe(401);
    expect((await signIn(new Browser(app.base), email, NEW)).status).toBe(302);
  });
});

describe("sessions", () => {
  const email = "sessions@example.jp";
  let userId: string;
  beforeAll(async () => void (userId = (await signUp(new Browser(app.base), email)).id));
  async function fresh() {
    const c = new Browser(app.base);
    expect((await signIn(c, email, STRONG_PASSWORD)).status).toBe(302);
    return c;
  }
  async function expectSentToSignIn(c: Browser, id: string) {
    const r = await c.get("/account");
    expect([r.status, r.headers.get("location")]).toEqual([302, "/login?redirectTo=%2Faccount"]);
    expect(c.session).toBeUndefined();
    expect(await app.db.selectFrom("session").select("id").where("id", "=", id).execute()).toHaveLength(0);
  }

  it("sets an HttpOnly, SameSite=Lax session cookie that does not outlive the session", async () => {
    const r = await signIn(new Browser(app.base), email, STRONG_PASSWORD);
    const cookie = r.headers.getSetCookie().find((line) => line.startsWith("kaiji_session="))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    // auth.server.ts calls it "a browser-session cookie"; at most it may outlive the browser as long as a session can (12 h).
    const maxAge = /Max-Age=(\d+)/i.exec(cookie)?.[1];
    expect(maxAge === undefined || Number(maxAge) <= 12 * 3600, cookie).toBe(true);
    expect(cookie).not.toMatch(/Expires=/i);
  });

  it("signs out server-side: the old cookie does not work when replayed", async () => {
    const c = await fresh();
    const replay = c.clone();
    const r = await c.post("/logout", {});
    expect(r.status).toBe(302);
    expect(c.session).toBeUndefined();
    await expectSentToSignIn(replay, replay.session!);
  });

  it("signs out everywhere: every browser of the account is signed out", async () => {
    const a = await fresh();
    const b = await fresh();
    const r = await a.post("/account", { intent: "signOutEverywhere" });
    expect([r.status, r.headers.get("location")]).toEqual([302, "/login"]);
    expect(await signedIn(a)).toBe(false);
    expect(await signedIn(b)).toBe(false);
    expect(await sessionsOf(userId)).toHaveLength(0);
  });

  it("ends a session idle for longer than the idle timeout, and extends an active one", async () => {
    const active = await fresh();
    await app.db.updateTable("session").set({ expires_at: Date.now() + 5 * 60_000 }).where("id", "=", active.session!).execute();
    expect(await signedIn(active)).toBe(true);
    const row = await app.db.selectFrom("session").select("expires_at").where("id", "=", active.session!).executeTakeFirstOrThrow();
    expect(row.expires_at).toBeGreaterThan(Date.now() + 25 * 60_000);

    const c = await fresh();
    const id = c.session!;
    await app.db.updateTable("session").set({ expires_at: Date.now() - 1000 }).where("id", "=", id).execute();
    await expectSentToSignIn(c, id);
  });

  it("ends a session past its absolute lifetime even while it is active", async () => {
    const c = await fresh();
    const id = c.session!;
    await app.db.updateTable("session").set({ created_at: Date.now() - 12 * 3_600_000 - 60_000 }).where("id", "=", id).execute();
    await expectSentToSignIn(c, id);
  });

  it("treats a tampered cookie as anonymous, never as a server error", async () => {
    for (const value of ["0123456789abcdefghijklmnopqrstuvwxyz0123", "%E0%A4%A", "%", "a=b"]) {
      const c = new Browser(app.base);
      c.cookies.set("kaiji_session", value);
      const r = await c.get("/account");
      expect(r.status, `cookie ${JSON.stringify(value)}`).toBe(302);
      expect(r.headers.get("location")).toBe("/login?redirectTo=%2Faccount");
    }
    // Another cookie on the same site with a stray "%" must not break the site either.
    const other = new Browser(app.base);
    other.cookies.set("theme", "50%");
    expect((await other.get("/")).status).toBe(200);
  });
});

describe("cross-site requests and redirects", () => {
  const email = "csrf@example.jp";
  it("refuses a cross-site sign-in and a cross-site profile change with 403, changing nothing", async () => {
    const user = await signUp(new Browser(app.base), email);
    const auditBefore = (await app.db.selectFrom("audit_log").select("id").execute()).length;
    const sessionsBefore = (await sessionsOf(user.id)).length;
    const c = new Browser(app.base);
    const login = await c.post("/login", { email, password: STRONG_PASSWORD }, { "sec-fetch-site": "cross-site" });
    expect(login.status).toBe(403);
    expect(await login.text()).toContain("他のサイトからの送信は受け付けません");
    expect(c.session).toBeUndefined();
    expect(await sessionsOf(user.id)).toHaveLength(sessionsBefore);
    expect(await app.db.selectFrom("audit_log").select("id").execute()).toHaveLength(auditBefore);

    expect((await signIn(c, email, STRONG_PASSWORD)).status).toBe(302);
    // An older browser: no Sec-Fetch-Site, only an Origin of another site.
    const r = await fetch(app.base + "/account", {
      method: "POST",
      redirect: "manual",
      headers: { cookie: `kaiji_session=${c.session}`, origin: "https://evil.example", "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ displayName: "乗っ取り" }).toString(),
    });
    expect(r.status).toBe(403);
    expect((await userRow(email))!.display_name).toBe("試験 太郎");
    expect((await c.post("/account", { displayName: "正規の変更" })).status).toBe(200);
    expect((await userRow(email))!.display_name).toBe("正規の変更");
  });

  it("only follows same-site redirectTo paths after sign-in and sign-up", async () => {
    for (const target of ["//evil.example", "https://evil.example", "/\\evil.example", "/\t/evil.example"]) {
      const r = await signIn(new Browser(app.base), email, STRONG_PASSWORD, target);
      expect(r.headers.get("location"), target).toBe("/orgs");
    }
    expect((await signIn(new Browser(app.base), email, STRONG_PASSWORD, "/account")).headers.get("location")).toBe("/account");
    const up = await new Browser(app.base).post("/signup", { email: "redirect@example.jp", displayName: "R", password: STRONG_PASSWORD, confirm: STRONG_PASSWORD, redirectTo: "//evil.example" });
    expect(up.headers.get("location")).toBe("/orgs");
  });
});

describe("audit log", () => {
  it("records sign-in, failure, lockout, 2FA, password and sign-out events with IP and browser", async () => {
    const expected: [string, string][] = [
      ["signin@example.jp", "auth.sign_in"],
      ["signin@example.jp", "auth.sign_in_failed"],
      ["lockout@example.jp", "auth.locked"],
      ["second.factor@example.jp", "two_factor.enabled"],
      ["second.factor@example.jp", "two_factor.disabled"],
      ["pw.change@example.jp", "auth.password_changed"],
      ["sessions@example.jp", "auth.sign_out"],
      ["sessions@example.jp", "auth.sign_out_everywhere"],
    ];
    for (const [email, action] of expected) {
      const rows = await auditOf(email, action);
      expect(rows.length, `${action} for ${email}`).toBeGreaterThan(0);
      for (const row of rows) {
        expect(row.ip).toMatch(/127\.0\.0\.1/);
        expect(row.user_agent).toBe(UA);
      }
    }
    const unknown = await auditOf("nobody@example.jp", "auth.sign_in_failed");
    expect(unknown).toHaveLength(1);
    expect(unknown[0].actor_user_id).toBeNull();
  });

  it("contains no password, TOTP secret or code, recovery code or session id used in this file", async () => {
    expect(secrets.size).toBeGreaterThan(30);
    await expectNoSecretInAuditLog(app.db, secrets);
  });
});

it("sends pages without NUL characters (React 18 streaming pads split multi-byte characters with zero bytes)", () => {
  expect(pagesWithNul).toEqual([]);
});
