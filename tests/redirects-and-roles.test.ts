// Who may do what (app/utils/permissions.server.ts), in-process so that mutation testing sees it: where a
// sign-in may send the browser back to (never off the site, whatever the encoding), sign-in and second-factor
// redirects, administrators, and organisation roles (viewer < editor < owner; a foreign organisation is a 404
// exactly like a missing one; the 2FA requirement). The route-by-route matrix is in tests/authorization.test.ts.
import type { AppLoadContext } from "@remix-run/node";
import { describe, expect, it, vi } from "vitest";

await vi.hoisted(async () => {
  const { useFreshDatabase } = await import("./helpers/db.js");
  useFreshDatabase();
});

import type { Role } from "../db/schema.js";
import type { RequestAuth } from "../app/utils/auth.server.js";
import { db } from "../app/utils/db.server.js";
import { actorOf, requestMeta, requireAdmin, requireOrgRole, requireRoleAtLeast, requireUser, safeRedirectPath } from "../app/utils/permissions.server.js";

/** What a loader throws: a redirect or an error response. */
async function thrown(run: () => unknown): Promise<Response> {
  try {
    await run();
  } catch (error) {
    if (error instanceof Response) return error;
    throw error;
  }
  throw new Error("expected a thrown Response");
}
const where = (r: Response) => ({ status: r.status, location: r.headers.get("location") });

describe("safeRedirectPath", () => {
  it("keeps same-site paths, with their query and fragment, percent-encoded for the Location header", () => {
    // Written for: permissions.server.ts:43 (pathname + search + hash: ArithmeticOperator/StringLiteral) and :45 (the result).
    expect(safeRedirectPath("/orgs/abc/disclosures")).toBe("/orgs/abc/disclosures");
    expect(safeRedirectPath("/directory?q=暗号化&level=required#results")).toBe("/directory?q=%E6%9A%97%E5%8F%B7%E5%8C%96&level=required#results");
    expect(safeRedirectPath("/a/b/../c")).toBe("/a/c");
    // Encoded slashes stay encoded: one path segment on our site, not a host.
    expect(safeRedirectPath("/%2F%2Fevil.example")).toBe("/%2F%2Fevil.example");
    expect(safeRedirectPath("/%5C%5Cevil.example")).toBe("/%5C%5Cevil.example");
  });

  it("answers the fallback for anything that is not a path on this site", () => {
    // Written for: permissions.server.ts:35 (each condition: typeof, startsWith("/"), "//", "/\\", the control-character
    // pattern; ConditionalExpression false, LogicalOperator || → &&, StringLiteral, Regex) and the default fallback.
    const hostile = [
      "//evil.example",
      "//evil.example/orgs",
      "/\\evil.example",
      "/\\/evil.example",
      "https://evil.example/",
      "http:evil.example",
      "javascript:alert(1)",
      "evil.example",
      "orgs",
      "",
      " /orgs",
      "\\\\evil.example",
      // Tabs and line breaks are dropped by URL parsers: "/\t/evil.example" would become "//evil.example".
      "/\t/evil.example",
      "/\n/evil.example",
      "/\r/evil.example",
      "/orgs\u0000",
      "/\u001f/evil.example",
    ];
    for (const to of hostile) expect(safeRedirectPath(to), JSON.stringify(to)).toBe("/orgs");
    expect(safeRedirectPath(null)).toBe("/orgs");
    expect(safeRedirectPath(undefined)).toBe("/orgs");
    expect(safeRedirectPath(new File(["/orgs/x"], "x.txt"))).toBe("/orgs");
    expect(safeRedirectPath("//evil.example", "/account")).toBe("/account");
    expect(safeRedirectPath("/account", "")).toBe("/account");
  });

  it("never lets dot segments turn a path into another host (a bug this test found)", () => {
    // Written for the fix at permissions.server.ts:45 (!path.startsWith("//")): "/..//evil.example" resolved to
    // "//evil.example", which a browser follows to evil.example.
    for (const to of ["/..//evil.example", "/.//evil.example", "/a/..//evil.example", "/%2e%2e//evil.example", "/../\\evil.example", "/./\\evil.example/x?y#z"]) {
      expect(safeRedirectPath(to), to).toBe("/orgs");
    }
  });
});

// ---- signed-in users and roles -------------------------------------------------------------------

const T = Date.parse("2026-12-02T09:00:00+09:00");
const request = new Request("http://localhost/orgs/o-1/members?tab=invitations");
const contextOf = (auth: RequestAuth): AppLoadContext => ({ auth, cspNonce: "n", ip: "192.0.2.1", userAgent: "roles-test" });
function signedIn(user: { id: string; isAdmin?: boolean; twoFactorEnabled?: boolean }, twoFactorVerified = true): AppLoadContext {
  return contextOf({
    user: { id: user.id, email: `${user.id}@example.jp`, displayName: user.id, isAdmin: user.isAdmin ?? false, twoFactorEnabled: user.twoFactorEnabled ?? false },
    session: { id: `s-${user.id}`, createdAt: T, expiresAt: T + 1_800_000, twoFactorVerified },
  });
}

let seeded = false;
async function seed() {
  if (seeded) return;
  seeded = true;
  for (const id of ["owner", "editor", "viewer", "outsider"]) {
    await db.insertInto("user").values({ id, email: `${id}@example.jp`, display_name: id, password_hash: "x", created_at: T, password_changed_at: T }).execute();
  }
  await db.insertInto("organization").values([
    { id: "o-1", name: "病院＆<テスト>", kind: "hospital", created_at: T, verified_at: T, require_two_factor: 0 },
    { id: "o-2", name: "他社", kind: "vendor", created_at: T, verified_at: null, require_two_factor: 0 },
    { id: "o-2fa", name: "二要素必須 病院", kind: "hospital", created_at: T, verified_at: T, require_two_factor: 1 },
  ]).execute();
  await db.insertInto("membership").values([
    { organization_id: "o-1", user_id: "owner", role: "owner", created_at: T },
    { organization_id: "o-1", user_id: "editor", role: "editor", created_at: T },
    { organization_id: "o-1", user_id: "viewer", role: "viewer", created_at: T },
    { organization_id: "o-2", user_id: "outsider", role: "owner", created_at: T },
    { organization_id: "o-2fa", user_id: "editor", role: "owner", created_at: T },
  ]).execute();
}

describe("requireUser / requireAdmin", () => {
  it("sends anonymous visitors to sign in, and back to where they were", async () => {
    // Written for: permissions.server.ts:50-51 (signInRedirect: pathname + search, encoded) and :56.
    expect(where(await thrown(() => requireUser(request, contextOf(null))))).toEqual({ status: 302, location: "/login?redirectTo=%2Forgs%2Fo-1%2Fmembers%3Ftab%3Dinvitations" });
  });

  it("sends a half-signed-in user (second factor pending) to the second step", async () => {
    // Written for: permissions.server.ts:57 (twoFactorVerified check: ConditionalExpression false, BooleanLiteral).
    expect(where(await thrown(() => requireUser(request, signedIn({ id: "owner" }, false))))).toEqual({ status: 302, location: "/login/2fa" });
  });

  it("returns the signed-in user's auth", () => {
    const context = signedIn({ id: "owner" });
    expect(requireUser(request, context)).toBe(context.auth);
  });

  it("lets administrators in and answers others 403", async () => {
    // Written for: permissions.server.ts:63 (isAdmin check) and its message.
    const admin = signedIn({ id: "admin", isAdmin: true });
    expect(requireAdmin(request, admin)).toBe(admin.auth);
    const refused = await thrown(() => requireAdmin(request, signedIn({ id: "owner" })));
    expect(refused.status).toBe(403);
    expect(await refused.text()).toBe("このページを表示する権限がありません");
    expect(where(await thrown(() => requireAdmin(request, contextOf(null)))).status).toBe(302);
  });
});

describe("requireOrgRole", () => {
  it("lets each role do what its rank allows and no more (viewer < editor < owner)", async () => {
    // Written for: permissions.server.ts:76 (roleRank[role] < roleRank[minimum] → <=, >=, true, false) and :77 (the result).
    await seed();
    const allowed: Record<Role, Role[]> = { viewer: ["viewer"], editor: ["viewer", "editor"], owner: ["viewer", "editor", "owner"] };
    for (const member of ["viewer", "editor", "owner"] as Role[]) {
      for (const minimum of ["viewer", "editor", "owner"] as Role[]) {
        const run = () => requireOrgRole(request, signedIn({ id: member }), "o-1", minimum);
        if (allowed[member].includes(minimum)) {
          const granted = await run();
          expect(granted, `${member} as ${minimum}`).toMatchObject({ role: member, user: { id: member }, organization: { id: "o-1", name: "病院＆<テスト>", kind: "hospital" } });
        } else {
          const refused = await thrown(run);
          expect(refused.status, `${member} as ${minimum}`).toBe(403);
          expect(await refused.text()).toBe("この操作を行う権限がありません");
        }
      }
    }
  });

  it("answers a foreign organisation exactly like a missing one: 404", async () => {
    // Written for: permissions.server.ts:70 (no membership → 404: ConditionalExpression false, the message).
    await seed();
    const foreign = await thrown(() => requireOrgRole(request, signedIn({ id: "outsider" }), "o-1", "viewer"));
    const missing = await thrown(() => requireOrgRole(request, signedIn({ id: "outsider" }), "no-such-org", "viewer"));
    expect([foreign.status, await foreign.text()]).toEqual([404, "組織が見つかりません"]);
    expect([missing.status, await missing.text()]).toEqual([404, "組織が見つかりません"]);
    // Another organisation's owner is nobody here, even for the lowest role.
    expect((await thrown(() => requireOrgRole(request, signedIn({ id: "owner" }), "o-2", "viewer"))).status).toBe(404);
  });

  it("asks members of an organisation that requires 2FA to enrol first", async () => {
    // Written for: permissions.server.ts:73-75 (meetsTwoFactorRule: ConditionalExpression false, the redirect and its name).
    await seed();
    expect(where(await thrown(() => requireOrgRole(request, signedIn({ id: "editor" }), "o-2fa", "viewer")))).toEqual({
      status: 302,
      location: `/account/2fa?required=${encodeURIComponent("二要素必須 病院")}`,
    });
    expect(await requireOrgRole(request, signedIn({ id: "editor", twoFactorEnabled: true }), "o-2fa", "owner")).toMatchObject({ role: "owner" });
  });

  it("sends anonymous and half-signed-in visitors to sign in before looking at the organisation", async () => {
    await seed();
    expect(where(await thrown(() => requireOrgRole(request, contextOf(null), "o-1", "viewer"))).location).toMatch(/^\/login\?redirectTo=/);
    expect(where(await thrown(() => requireOrgRole(request, signedIn({ id: "owner" }, false), "o-1", "viewer"))).location).toBe("/login/2fa");
  });
});

describe("requireRoleAtLeast", () => {
  it("orders viewer < editor < owner", async () => {
    // Written for: permissions.server.ts:85 (roleRank[role] < roleRank[minimum] → <=, >=, true, false) and its message.
    const roles: Role[] = ["viewer", "editor", "owner"];
    for (const [i, role] of roles.entries()) {
      for (const [j, minimum] of roles.entries()) {
        if (i >= j) expect(() => requireRoleAtLeast(role, minimum), `${role} ≥ ${minimum}`).not.toThrow();
        else {
          const refused = await thrown(() => requireRoleAtLeast(role, minimum));
          expect([refused.status, await refused.text()], `${role} < ${minimum}`).toEqual([403, "この操作を行う権限がありません"]);
        }
      }
    }
  });
});

describe("request facts for the audit log", () => {
  it("takes the address and browser from the context, and the actor from the user", () => {
    // Written for: permissions.server.ts:23 and :27 (ObjectLiteral → {}).
    const context = signedIn({ id: "owner" });
    expect(requestMeta(context)).toEqual({ ip: "192.0.2.1", userAgent: "roles-test" });
    expect(actorOf(context.auth!.user)).toEqual({ userId: "owner", email: "owner@example.jp" });
  });
});
