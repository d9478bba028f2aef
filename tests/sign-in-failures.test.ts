// Failed sign-ins for an address without an account are counted in the database (DECISIONS 47): two app
// processes on one database — here two connections, each as a process has its own — add up to one count, the
// address itself is not stored, and a count left alone for a day is forgotten.
import { createHash } from "node:crypto";
import { afterEach, describe, expect, it, vi } from "vitest";

const SETTINGS = await vi.hoisted(async () => {
  const { useFreshDatabase } = await import("./helpers/db.js");
  useFreshDatabase();
  process.env.LOCKOUT_THRESHOLD = "3";
  process.env.AUTH_DELAY_BASE_MS = "1";
  return { threshold: 3 };
});

import { attemptSignIn } from "../app/models/account.server.js";
import { openDatabase, databaseLocation } from "../db/connection.js";
import { clock } from "../disclosures/clock.js";

const processA = openDatabase(databaseLocation());
const processB = openDatabase(databaseLocation());
const meta = { ip: "192.0.2.1", userAgent: "test" };
const NOON_JST = Date.parse("2026-12-03T03:00:00Z");

afterEach(() => {
  vi.restoreAllMocks();
});

const rowOf = (email: string) =>
  processA.selectFrom("sign_in_failure").selectAll().where("email_hash", "=", createHash("sha256").update(email).digest("hex")).executeTakeFirst();

describe("failed sign-ins for an address without an account", () => {
  it("add up across processes and lock at the threshold, as an account's do", async () => {
    vi.spyOn(clock, "now").mockReturnValue(NOON_JST);
    const email = "nobody@example.jp";
    expect(await attemptSignIn(processA, { email, password: "x" }, meta)).toEqual({ ok: false });
    expect(await attemptSignIn(processB, { email, password: "x" }, meta)).toEqual({ ok: false });
    expect(await rowOf(email)).toMatchObject({ failures: 2, locked_until: null });
    await attemptSignIn(processA, { email: " NoBody@Example.jp ", password: "x" }, meta);
    expect(await rowOf(email)).toMatchObject({ failures: SETTINGS.threshold, locked_until: NOON_JST + 15 * 60_000 });
    // Only the hash is kept.
    const stored = JSON.stringify(await processB.selectFrom("sign_in_failure").selectAll().execute());
    expect(stored).not.toContain("nobody");
  });

  it("forgets a count left alone for a day, and keeps one touched within it", async () => {
    const now = vi.spyOn(clock, "now").mockReturnValue(NOON_JST);
    await attemptSignIn(processA, { email: "old@example.jp", password: "x" }, meta);
    now.mockReturnValue(NOON_JST + 23 * 60 * 60_000);
    await attemptSignIn(processB, { email: "recent@example.jp", password: "x" }, meta);
    expect(await rowOf("old@example.jp")).toMatchObject({ failures: 1 });
    now.mockReturnValue(NOON_JST + 24 * 60 * 60_000 + 1);
    await attemptSignIn(processB, { email: "recent@example.jp", password: "x" }, meta);
    expect(await rowOf("old@example.jp")).toBeUndefined();
    expect(await rowOf("recent@example.jp")).toMatchObject({ failures: 2 });
  });
});
