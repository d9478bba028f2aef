// Security regressions for sign-in (issue 11, M2 and L2), over HTTP like tests/auth.test.ts:
// M2 — second-factor guesses count towards the same lockout as passwords, across password re-entry, until a
//      successful second factor; L2 — a locked account answers like an unknown address (same message, same
//      Argon2 work, same growing delay), so neither the answer nor its timing tells whether an account exists.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { verify } from "@node-rs/argon2";
import { Client, STRONG_PASSWORD, totpCode, visibleText } from "./helpers/client.js";
import { startApp } from "./helpers/http.js";

// Read by the app when startApp imports it: a delay large enough to tell "delayed" from "answered at once"
// (an Argon2 verification alone takes a few tens of ms), small enough to keep the file quick.
const { DELAY_BASE_MS, THRESHOLD, LOCK_MINUTES } = vi.hoisted(() => {
  const settings = { DELAY_BASE_MS: 25, THRESHOLD: 5, LOCK_MINUTES: 15 };
  process.env.AUTH_DELAY_BASE_MS = String(settings.DELAY_BASE_MS);
  process.env.LOCKOUT_THRESHOLD = String(settings.THRESHOLD);
  process.env.LOCKOUT_MINUTES = String(settings.LOCK_MINUTES);
  return settings;
});

// Counts Argon2 verifications (the built app imports the same module); the real function still runs.
vi.mock("@node-rs/argon2", async (importOriginal) => {
  const real = await importOriginal<typeof import("@node-rs/argon2")>();
  return { ...real, verify: vi.fn(real.verify) };
});
const verifications = () => vi.mocked(verify).mock.calls.length;

const AUTH_FAILED = "認証に失敗しました";
/** The documented policy (DECISIONS.md §8): no delay for two failures, then base, 2×base … at most 16×base. */
const policyDelayMs = (failures: number) => (failures < 3 ? 0 : Math.min(DELAY_BASE_MS * 2 ** (failures - 3), DELAY_BASE_MS * 16));

let app: Awaited<ReturnType<typeof startApp>>;
beforeAll(async () => {
  app = await startApp();
  // Only Date is faked (TOTP steps, the lock's end); timers and performance.now stay real.
  vi.useFakeTimers({ toFake: ["Date"], shouldAdvanceTime: true });
});
afterAll(async () => {
  vi.useRealTimers();
  await app.close();
});

const userRow = (email: string) => app.db.selectFrom("user").selectAll().where("email", "=", email).executeTakeFirstOrThrow();
const auditCount = async (email: string, action: string) =>
  (await app.db.selectFrom("audit_log").select("id").where("actor_email", "=", email).where("action", "=", action).execute()).length;
const failures = async (email: string) => (await userRow(email)).failed_sign_ins;
const isLocked = async (email: string) => ((await userRow(email)).locked_until ?? 0) > Date.now();

async function read(r: Response) {
  return { status: r.status, location: r.headers.get("location"), text: visibleText((await r.text()).replace(/<!-- -->/g, "")) };
}
const signedIn = async (c: Client) => (await c.get("/account")).status === 200;

async function signUp(email: string) {
  const c = new Client(app.base);
  const r = await c.post("/signup", { email, displayName: "試験 花子", password: STRONG_PASSWORD, confirm: STRONG_PASSWORD });
  expect(r.status).toBe(302);
  return c;
}

/** A new account with TOTP enrolled through the pages; returns its secret and recovery codes. */
async function signUpWithTotp(email: string) {
  const c = await signUp(email);
  expect((await c.post("/account/2fa", { intent: "start" })).status).toBe(200);
  const key = /<span class="secret">([^<]+)<\/span>/.exec((await c.text("/account/2fa")).html)?.[1] ?? "";
  const secret = key.replace(/ /g, "");
  const r = await c.post("/account/2fa", { intent: "confirm", code: totpCode(secret) });
  expect(r.status).toBe(200);
  const list = /<ul class="codes">([\s\S]*?)<\/ul>/.exec(await r.text())?.[1] ?? "";
  const recovery = [...list.matchAll(/<li>([^<]+)<\/li>/g)].map((m) => m[1]);
  expect(recovery).toHaveLength(10);
  expect((await c.post("/logout", {})).status).toBe(302);
  return { secret, recovery };
}

/** The authenticator's code 30 s later (each step is accepted once). */
function nextCode(secret: string) {
  vi.setSystemTime(Date.now() + 30_000);
  return totpCode(secret);
}
/** A well-formed code that is none of the codes the server could accept around now. */
function wrongCode(secret: string) {
  const near = new Set([-2, -1, 0, 1, 2].map((d) => totpCode(secret, Date.now() + d * 30_000)));
  return ["000000", "111111", "222222", "333333", "444444", "555555"].find((code) => !near.has(code))!;
}

/** Enters the correct password in a new browser and lands on the second-factor page. */
async function passwordStep(email: string) {
  const c = new Client(app.base);
  const r = await c.post("/login", { email, password: STRONG_PASSWORD });
  expect([r.status, r.headers.get("location")]).toEqual([302, "/login/2fa?redirectTo=%2Forgs"]);
  return c;
}
async function expectCodeRefused(c: Client, code: string) {
  const page = await read(await c.post("/login/2fa", { code, redirectTo: "/orgs" }));
  expect([page.status, page.text]).toEqual([401, expect.stringContaining(AUTH_FAILED)]);
}

describe("second-factor guessing locks the account (M2)", () => {
  it("counts wrong codes across password re-entry, locks at LOCKOUT_THRESHOLD, and refuses everything until the lock ends", async () => {
    const email = "totp.guessing@example.jp";
    const { secret } = await signUpWithTotp(email);
    expect(await failures(email)).toBe(0);

    // Five wrong codes in all, spread over three password entries: the correct password resets nothing.
    const plan = [2, 2, 1];
    expect(plan.reduce((a, b) => a + b)).toBe(THRESHOLD);
    let wrong = 0;
    let pending: Client | undefined;
    for (const guesses of plan) {
      pending = await passwordStep(email);
      expect(await failures(email)).toBe(wrong);
      for (let i = 0; i < guesses; i++) {
        expect(await isLocked(email)).toBe(false);
        await expectCodeRefused(pending, wrongCode(secret));
        wrong++;
        if (wrong < THRESHOLD) expect(await failures(email)).toBe(wrong); // each mistake counted once
      }
    }
    expect(await isLocked(email)).toBe(true);
    expect((await userRow(email)).locked_until).toBeGreaterThan(Date.now() + (LOCK_MINUTES - 1) * 60_000);
    expect(await auditCount(email, "auth.locked")).toBe(1);
    expect(await auditCount(email, "auth.second_factor_failed")).toBe(THRESHOLD);
    expect(await auditCount(email, "auth.sign_in_failed")).toBe(0);

    // Locked: a correct code on the waiting half session, and the correct password, are both refused.
    await expectCodeRefused(pending!, nextCode(secret));
    expect(await signedIn(pending!)).toBe(false);
    const fresh = new Client(app.base);
    const refused = await read(await fresh.post("/login", { email, password: STRONG_PASSWORD }));
    expect([refused.status, refused.text]).toEqual([401, expect.stringContaining(AUTH_FAILED)]);
    expect(fresh.cookies.get("kaiji_session")).toBeUndefined();
    expect(await auditCount(email, "auth.locked")).toBe(1);

    // After the lock: password and a correct code sign in, and the counter starts again.
    vi.setSystemTime(Date.now() + (LOCK_MINUTES + 1) * 60_000);
    const after = await passwordStep(email);
    const done = await after.post("/login/2fa", { code: totpCode(secret), redirectTo: "/orgs" });
    expect([done.status, done.headers.get("location")]).toEqual([302, "/orgs"]);
    expect(await signedIn(after)).toBe(true);
    expect(await failures(email)).toBe(0);
    expect((await userRow(email)).locked_until).toBeNull();
  });

  it("loses no count when wrong codes arrive at the same time", async () => {
    const email = "totp.burst@example.jp";
    const { secret } = await signUpWithTotp(email);
    const c = await passwordStep(email);
    const burst = THRESHOLD + 3;
    const answers = await Promise.all(Array.from({ length: burst }, () => c.post("/login/2fa", { code: wrongCode(secret), redirectTo: "/orgs" })));
    expect(answers.map((r) => r.status)).toEqual(Array(burst).fill(401));
    expect(await isLocked(email)).toBe(true);
    expect(await failures(email)).toBe(burst);
    expect(await auditCount(email, "auth.second_factor_failed")).toBe(burst);
    expect(await auditCount(email, "auth.locked")).toBe(1);
  });

  it("resets the counter on a successful code or recovery code, not on the password alone", async () => {
    const email = "totp.reset@example.jp";
    const { secret, recovery } = await signUpWithTotp(email);

    for (const secondFactor of [() => nextCode(secret), () => recovery[0]]) {
      const first = await passwordStep(email);
      for (let i = 0; i < THRESHOLD - 1; i++) await expectCodeRefused(first, wrongCode(secret));
      expect(await failures(email)).toBe(THRESHOLD - 1);

      const second = await passwordStep(email);
      expect(await failures(email)).toBe(THRESHOLD - 1);
      const done = await second.post("/login/2fa", { code: secondFactor(), redirectTo: "/orgs" });
      expect(done.status).toBe(302);
      expect(await signedIn(second)).toBe(true);
      expect(await failures(email)).toBe(0);
    }

    // THRESHOLD - 1 more mistakes after the reset do not lock.
    const again = await passwordStep(email);
    for (let i = 0; i < THRESHOLD - 1; i++) await expectCodeRefused(again, wrongCode(secret));
    expect(await isLocked(email)).toBe(false);
    expect((await again.post("/login/2fa", { code: nextCode(secret), redirectTo: "/orgs" })).status).toBe(302);
    expect(await auditCount(email, "auth.locked")).toBe(0);
  });

  it("still resets the counter on a correct password for an account without a second factor", async () => {
    const email = "password.only@example.jp";
    await signUp(email);
    const attempt = (password: string) => new Client(app.base).post("/login", { email, password });
    for (let i = 0; i < THRESHOLD - 1; i++) expect((await attempt(`Wrong-password-${i}-2026!`)).status).toBe(401);
    expect(await failures(email)).toBe(THRESHOLD - 1);
    expect((await attempt(STRONG_PASSWORD)).status).toBe(302);
    expect(await failures(email)).toBe(0);
    for (let i = 0; i < THRESHOLD - 1; i++) expect((await attempt(`Wrong-password-${i}-2026!`)).status).toBe(401);
    expect(await isLocked(email)).toBe(false);
    expect((await attempt(STRONG_PASSWORD)).status).toBe(302);
  });
});

describe("a locked account answers like an unknown address (L2)", () => {
  it("gives the same message, one Argon2 verification and at least the policy's delay for every attempt", async () => {
    const known = "locked.timing@example.jp";
    const unknown = "nobody.timing@example.jp";
    await signUp(known);

    async function attempt(email: string, password: string) {
      const before = verifications();
      const started = performance.now();
      const c = new Client(app.base);
      const page = await read(await c.post("/login", { email, password }));
      return { ...page, ms: performance.now() - started, verifications: verifications() - before, cookie: c.cookies.get("kaiji_session") };
    }

    // Three attempts past the lock with wrong passwords, then the right one while locked.
    const attempts = THRESHOLD + 4;
    for (let n = 1; n <= attempts; n++) {
      const password = n === attempts ? STRONG_PASSWORD : `Wrong-password-${n}-2026!`;
      const a = await attempt(known, password);
      const b = await attempt(unknown, password);
      const label = `attempt ${n}${n > THRESHOLD ? " (account locked)" : ""}`;
      for (const r of [a, b]) {
        expect([r.status, r.text], label).toEqual([401, expect.stringContaining(AUTH_FAILED)]);
        expect(r.cookie, label).toBeUndefined();
        expect(r.verifications, `${label}: Argon2 verifications`).toBe(1);
        // A lower bound only: setTimeout never fires early by more than its 1 ms rounding, and load only adds time.
        expect(r.ms, `${label}: ${r.ms.toFixed(0)} ms`).toBeGreaterThanOrEqual(policyDelayMs(n) - 2);
      }
      expect(a.text, label).toBe(b.text);
      expect(await isLocked(known), label).toBe(n >= THRESHOLD);
    }
    // One lock, audited once; every attempt audited once.
    expect(await auditCount(known, "auth.locked")).toBe(1);
    expect(await auditCount(known, "auth.sign_in_failed")).toBe(attempts);
    expect(await auditCount(unknown, "auth.sign_in_failed")).toBe(attempts);
  });
});
