// Organisations over HTTP: creation, invitations by link, roles, the last-owner rule, required 2FA,
// audit log pages and administrators. Each check looks at the page and at the database.
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client, STRONG_PASSWORD, totpCode, visibleText } from "./helpers/client.js";
import { startApp } from "./helpers/http.js";
import { expectNoSecretInAuditLog } from "./helpers/audit-secrets.js";

let app: Awaited<ReturnType<typeof startApp>>;
const secrets = new Set<string>([STRONG_PASSWORD]);
const pagesWithNul: string[] = [];

/** A browser that records every session id it is given (none may reach the audit log). */
class Browser extends Client {
  override async get(path: string, headers: Record<string, string> = {}) {
    return this.note(await super.get(path, headers));
  }
  override async post(path: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
    return this.note(await super.post(path, fields, headers));
  }
  private note(response: Response) {
    const id = this.cookies.get("kaiji_session");
    if (id && /^[a-z0-9]{40}$/.test(id)) secrets.add(id); // ids the app issued, not values a test planted
    return response;
  }
}

async function read(r: Response) {
  const html = await r.text();
  if (html.includes("\u0000")) pagesWithNul.push(`${r.url} → ${r.status}`);
  // React separates adjacent text with <!-- -->: a reader sees one run of text.
  const clean = html.replace(/\u0000/g, "").replace(/<!-- -->/g, "");
  return { status: r.status, location: r.headers.get("location"), html: clean, text: visibleText(clean) };
}
const page = async (c: Browser, path: string) => read(await c.get(path));
const send = async (c: Browser, path: string, fields: Record<string, string>) => read(await c.post(path, fields));

type User = { id: string; email: string; c: Browser };
async function signUp(email: string, redirectTo?: string): Promise<User> {
  const c = new Browser(app.base);
  const r = await c.post("/signup", { email, displayName: email.split("@")[0], password: STRONG_PASSWORD, confirm: STRONG_PASSWORD, ...(redirectTo ? { redirectTo } : {}) });
  expect(r.status).toBe(302);
  const row = await app.db.selectFrom("user").select("id").where("email", "=", email).executeTakeFirstOrThrow();
  return { id: row.id, email, c };
}
async function createOrg(u: User, name: string, kind: "vendor" | "hospital" = "vendor") {
  const r = await u.c.post("/orgs", { name, kind });
  expect(r.status).toBe(302);
  const id = /^\/orgs\/([0-9a-f-]{36})$/.exec(r.headers.get("location") ?? "")?.[1];
  expect(id).toBeDefined();
  return id!;
}
/** Creates an invitation as `owner` and returns the token from the link shown on the page. */
async function inviteLink(owner: User, orgId: string, role: string, email = "") {
  const p = await send(owner.c, `/orgs/${orgId}/members`, { intent: "invite", role, email });
  expect(p.status).toBe(200);
  const link = /id="invite-link"[^>]*value="([^"]+)"/.exec(p.html)?.[1] ?? "";
  // Links name the site's configured address (PUBLIC_URL, http://localhost:PORT when unset), never the request's Host.
  expect(link.startsWith("http://localhost:3000/invitations/")).toBe(true);
  const token = link.slice("http://localhost:3000/invitations/".length);
  secrets.add(token);
  return token;
}
const invitationOf = (token: string) =>
  app.db.selectFrom("invitation").selectAll().where("token_hash", "=", createHash("sha256").update(token).digest("hex")).executeTakeFirstOrThrow();
const roleOf = async (orgId: string, userId: string) =>
  (await app.db.selectFrom("membership").select("role").where("organization_id", "=", orgId).where("user_id", "=", userId).executeTakeFirst())?.role;
const count = async (table: "invitation" | "membership" | "audit_log") => Number((await app.db.selectFrom(table).select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow()).n);

let owner: User, editor: User, viewer: User, outsider: User;
let orgId: string;
const ORG = "開示テスト医療システム株式会社";

beforeAll(async () => {
  app = await startApp();
  owner = await signUp("owner@vendor.example");
  outsider = await signUp("outsider@elsewhere.example");
});
afterAll(() => app.close());

describe("organisations and invitations", () => {
  it("creates an organisation with its creator as owner, and refuses an unknown kind", async () => {
    orgId = await createOrg(owner, ORG);
    const org = await app.db.selectFrom("organization").selectAll().where("id", "=", orgId).executeTakeFirstOrThrow();
    expect([org.name, org.kind, org.verified_at, org.require_two_factor]).toEqual([ORG, "vendor", null, 0]);
    expect(await roleOf(orgId, owner.id)).toBe("owner");
    const overview = await page(owner.c, `/orgs/${orgId}`);
    expect(overview.status).toBe(200);
    expect(overview.text).toContain(ORG);
    expect(overview.text).toContain("オーナー");

    const before = await app.db.selectFrom("organization").select("id").execute();
    const bad = await send(owner.c, "/orgs", { name: "種別なし", kind: "pharmacy" });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain("種別を選んでください");
    expect(await app.db.selectFrom("organization").select("id").execute()).toHaveLength(before.length);
  });

  it("lets an invited person sign up from the link and join with the invited role, once", async () => {
    const token = await inviteLink(owner, orgId, "editor", "editor@vendor.example");
    const invitation = await invitationOf(token);
    expect([invitation.role, invitation.email, invitation.accepted_at]).toEqual(["editor", "editor@vendor.example", null]);
    expect(invitation.token_hash).not.toBe(token);

    const anonymous = await page(new Browser(app.base), `/invitations/${token}`);
    expect(anonymous.status).toBe(200);
    expect(anonymous.text).toContain(`「${ORG}」に編集者として招待されています`);
    const here = encodeURIComponent(`/invitations/${token}`);
    expect(anonymous.html).toContain(`href="/login?redirectTo=${here}"`);
    expect(anonymous.html).toContain(`href="/signup?redirectTo=${here}"`);

    editor = await signUp("editor@vendor.example", `/invitations/${token}`);
    const signedIn = await page(editor.c, `/invitations/${token}`);
    expect(signedIn.text).toContain("招待を受けて参加する");
    const joined = await editor.c.post(`/invitations/${token}`, {});
    expect(joined.status).toBe(302);
    expect(joined.headers.get("location")).toBe(`/orgs/${orgId}`);
    expect(await roleOf(orgId, editor.id)).toBe("editor");
    const used = await invitationOf(token);
    expect(used.accepted_by).toBe(editor.id);
    expect(used.accepted_at).not.toBeNull();

    // An invitation cannot raise the role of someone already in the organisation.
    const ownerInvite = await inviteLink(owner, orgId, "owner");
    const member = await send(editor.c, `/invitations/${ownerInvite}`, {});
    expect(member.status).toBe(410);
    expect(member.text).toContain("すでにこの組織のメンバーです");
    expect(await roleOf(orgId, editor.id)).toBe("editor");
    expect((await invitationOf(ownerInvite)).accepted_at).toBeNull();
    expect((await send(owner.c, `/orgs/${orgId}/members`, { intent: "revoke", invitationId: (await invitationOf(ownerInvite)).id })).status).toBe(200);

    const late = await signUp("late@vendor.example");
    const again = await send(late.c, `/invitations/${token}`, {});
    expect(again.status).toBe(410);
    expect(again.text).toContain("この招待リンクはすでに使用されています");
    expect(await roleOf(orgId, late.id)).toBeUndefined();
    expect((await page(late.c, `/invitations/${token}`)).status).toBe(410);
  });

  it("answers an expired, a revoked and an unknown invitation with 410 and the reason, without naming the organisation", async () => {
    viewer = await signUp("viewer@vendor.example");
    const expired = await inviteLink(owner, orgId, "viewer");
    await app.db.updateTable("invitation").set({ expires_at: Date.now() - 1000 }).where("id", "=", (await invitationOf(expired)).id).execute();
    const expiredPage = await page(viewer.c, `/invitations/${expired}`);
    expect(expiredPage.status).toBe(410);
    expect(expiredPage.text).toContain("この招待リンクは有効期限が切れています");
    expect(expiredPage.text).not.toContain(ORG);
    expect((await viewer.c.post(`/invitations/${expired}`, {})).status).toBe(410);

    const revoked = await inviteLink(owner, orgId, "viewer");
    const revoke = await send(owner.c, `/orgs/${orgId}/members`, { intent: "revoke", invitationId: (await invitationOf(revoked)).id });
    expect(revoke.status).toBe(200);
    expect(revoke.text).toContain("招待を取り消しました");
    expect((await invitationOf(revoked)).revoked_at).not.toBeNull();
    const revokedPage = await page(viewer.c, `/invitations/${revoked}`);
    expect(revokedPage.status).toBe(410);
    expect(revokedPage.text).toContain("この招待は取り消されました");
    expect((await viewer.c.post(`/invitations/${revoked}`, {})).status).toBe(410);

    const unknown = await page(viewer.c, "/invitations/not-a-real-token-0123456789abcdefghijklmno");
    expect(unknown.status).toBe(410);
    expect(unknown.text).toContain("この招待リンクは無効です");
    expect(await roleOf(orgId, viewer.id)).toBeUndefined();

    const valid = await inviteLink(owner, orgId, "viewer");
    expect((await viewer.c.post(`/invitations/${valid}`, {})).status).toBe(302);
    expect(await roleOf(orgId, viewer.id)).toBe("viewer");
  });
});

describe("roles", () => {
  it("lets the owner change a role", async () => {
    const r = await send(owner.c, `/orgs/${orgId}/members`, { intent: "changeRole", userId: viewer.id, role: "editor" });
    expect(r.status).toBe(200);
    expect(r.text).toContain("役割を変更しました");
    expect(await roleOf(orgId, viewer.id)).toBe("editor");
    expect((await send(owner.c, `/orgs/${orgId}/members`, { intent: "changeRole", userId: viewer.id, role: "viewer" })).status).toBe(200);
    expect(await roleOf(orgId, viewer.id)).toBe("viewer");
    const notMember = await send(owner.c, `/orgs/${orgId}/members`, { intent: "changeRole", userId: outsider.id, role: "owner" });
    expect(notMember.status).toBe(400);
    expect(await roleOf(orgId, outsider.id)).toBeUndefined();
  });

  it("refuses role changes, invitations and removals by editors and viewers with 403", async () => {
    const invitations = await count("invitation");
    for (const u of [editor, viewer]) {
      expect((await page(u.c, `/orgs/${orgId}/members`)).status).toBe(200);
      for (const fields of <Record<string, string>[]>[
        { intent: "changeRole", userId: u.id, role: "owner" },
        { intent: "changeRole", userId: owner.id, role: "viewer" },
        { intent: "invite", role: "owner", email: "" },
        { intent: "remove", userId: owner.id },
        { intent: "requireTwoFactor", required: "" },
      ]) {
        const r = await send(u.c, `/orgs/${orgId}/members`, fields);
        expect(r.status, `${fields.intent} by ${u.email}`).toBe(403);
        expect(r.text).toContain("この操作を行う権限がありません");
      }
    }
    expect(await count("invitation")).toBe(invitations);
    expect([await roleOf(orgId, owner.id), await roleOf(orgId, editor.id), await roleOf(orgId, viewer.id)]).toEqual(["owner", "editor", "viewer"]);
  });

  it("gives a non-member the same 404 for an existing organisation as for one that does not exist", async () => {
    const missing = "00000000-0000-4000-8000-000000000000";
    const answers = [];
    for (const path of [`/orgs/${orgId}`, `/orgs/${orgId}/members`, `/orgs/${orgId}/audit`, `/orgs/${missing}`, `/orgs/${missing}/members`]) {
      const p = await page(outsider.c, path);
      expect(p.status, path).toBe(404);
      expect(p.text).toContain("組織が見つかりません");
      expect(p.text).not.toContain(ORG);
      answers.push(p.text);
    }
    expect(new Set(answers).size).toBe(1);
    const invitations = await count("invitation");
    for (const id of [orgId, missing]) {
      const r = await send(outsider.c, `/orgs/${id}/members`, { intent: "invite", role: "owner", email: "" });
      expect(r.status).toBe(404);
      expect(r.text).toContain("組織が見つかりません");
      expect(r.text).not.toContain(ORG);
    }
    expect(await count("invitation")).toBe(invitations);
  });

  it("keeps the last owner: no leaving or demotion until another owner exists", async () => {
    const solo = await createOrg(owner, "ひとり医院", "hospital");
    const token = await inviteLink(owner, solo, "viewer");
    expect((await viewer.c.post(`/invitations/${token}`, {})).status).toBe(302);

    const leave = await send(owner.c, `/orgs/${solo}/members`, { intent: "leave" });
    expect(leave.status).toBe(400);
    expect(leave.text).toContain("最後のオーナーは組織から外れることができません");
    const demote = await send(owner.c, `/orgs/${solo}/members`, { intent: "changeRole", userId: owner.id, role: "editor" });
    expect(demote.status).toBe(400);
    expect(demote.text).toContain("最後のオーナーの役割は変更できません");
    expect(await roleOf(solo, owner.id)).toBe("owner");

    expect((await send(owner.c, `/orgs/${solo}/members`, { intent: "changeRole", userId: viewer.id, role: "owner" })).status).toBe(200);
    expect((await send(owner.c, `/orgs/${solo}/members`, { intent: "changeRole", userId: owner.id, role: "editor" })).status).toBe(200);
    expect(await roleOf(solo, owner.id)).toBe("editor");
    const left = await owner.c.post(`/orgs/${solo}/members`, { intent: "leave" });
    expect(left.status).toBe(302);
    expect(left.headers.get("location")).toBe("/orgs");
    expect(await roleOf(solo, owner.id)).toBeUndefined();
    expect((await page(owner.c, `/orgs/${solo}`)).status).toBe(404);
    const last = await send(viewer.c, `/orgs/${solo}/members`, { intent: "leave" });
    expect(last.status).toBe(400);
    expect(await roleOf(solo, viewer.id)).toBe("owner");
  });
});

describe("required two-factor authentication", () => {
  it("needs the owner's own 2FA first, then sends members without 2FA to set it up", async () => {
    const refused = await send(owner.c, `/orgs/${orgId}/members`, { intent: "requireTwoFactor", required: "on" });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain("先にご自身の二要素認証を有効にしてください");
    expect((await app.db.selectFrom("organization").select("require_two_factor").where("id", "=", orgId).executeTakeFirstOrThrow()).require_two_factor).toBe(0);

    expect((await owner.c.post("/account/2fa", { intent: "start" })).status).toBe(200);
    const key = /<span class="secret">([^<]+)<\/span>/.exec((await page(owner.c, "/account/2fa")).html)?.[1] ?? "";
    secrets.add(key.replace(/ /g, ""));
    const code = totpCode(key);
    secrets.add(code);
    expect((await owner.c.post("/account/2fa", { intent: "confirm", code })).status).toBe(200);

    const on = await send(owner.c, `/orgs/${orgId}/members`, { intent: "requireTwoFactor", required: "on" });
    expect(on.status).toBe(200);
    expect(on.text).toContain("全メンバーに二要素認証を必須にしました");
    expect((await app.db.selectFrom("organization").select("require_two_factor").where("id", "=", orgId).executeTakeFirstOrThrow()).require_two_factor).toBe(1);
    expect((await page(owner.c, `/orgs/${orgId}`)).status).toBe(200);

    const target = `/account/2fa?required=${encodeURIComponent(ORG)}`;
    for (const path of [`/orgs/${orgId}`, `/orgs/${orgId}/members`]) {
      const r = await editor.c.get(path);
      expect(r.status, path).toBe(302);
      expect(r.headers.get("location")).toBe(target);
    }
    expect((await page(editor.c, target)).text).toContain(`組織「${ORG}」では二要素認証が必須です`);

    expect((await send(owner.c, `/orgs/${orgId}/members`, { intent: "requireTwoFactor" })).status).toBe(200);
    expect((await editor.c.get(`/orgs/${orgId}`)).status).toBe(200);
  });
});

describe("audit log and administrators", () => {
  const OTHER = "別組織ホールディングス";
  let other: User;
  let otherOrg: string;
  let admin: User;
  beforeAll(async () => {
    other = await signUp("other.owner@other.example");
    otherOrg = await createOrg(other, OTHER);
    await inviteLink(other, otherOrg, "viewer", "hidden.invitee@other.example");
  });

  it("shows an owner the organisation's own entries only; editors get 403", async () => {
    const log = await page(owner.c, `/orgs/${orgId}/audit`);
    expect(log.status).toBe(200);
    for (const label of ["組織の作成", "招待の作成", "招待の受諾", "役割の変更", "招待の取消", "二要素認証の必須化設定"]) expect(log.text).toContain(label);
    expect(log.text).toContain("editor@vendor.example");
    expect(log.text).not.toContain(OTHER);
    expect(log.text).not.toContain("hidden.invitee@other.example");
    expect(log.text).not.toContain("ひとり医院");
    const actions = (await app.db.selectFrom("audit_log").select("action").where("organization_id", "=", orgId).execute()).map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(["member.invited", "member.joined", "member.role_changed"]));

    for (const u of [editor, viewer]) {
      const denied = await page(u.c, `/orgs/${orgId}/audit`);
      expect(denied.status).toBe(403);
      expect(denied.text).not.toContain("招待の受諾");
    }
    expect((await page(other.c, `/orgs/${otherOrg}/audit`)).text).not.toContain(ORG);
  });

  it("does not let an owner revoke another organisation's invitation through their own", async () => {
    const foreign = await app.db.selectFrom("invitation").select(["id", "revoked_at"]).where("organization_id", "=", otherOrg).executeTakeFirstOrThrow();
    const r = await send(owner.c, `/orgs/${orgId}/members`, { intent: "revoke", invitationId: foreign.id });
    expect(r.status).toBe(400);
    expect(r.text).toContain("この招待は取り消せません");
    expect((await app.db.selectFrom("invitation").select("revoked_at").where("id", "=", foreign.id).executeTakeFirstOrThrow()).revoked_at).toBeNull();
  });

  it("refuses the admin pages to non-administrators", async () => {
    const audits = await count("audit_log");
    for (const path of ["/admin", "/admin/audit"]) expect((await page(owner.c, path)).status, path).toBe(403);
    const r = await send(owner.c, "/admin", { organizationId: orgId, intent: "verify" });
    expect(r.status).toBe(403);
    expect((await app.db.selectFrom("organization").select("verified_at").where("id", "=", orgId).executeTakeFirstOrThrow()).verified_at).toBeNull();
    expect(await count("audit_log")).toBe(audits);
    expect((await page(owner.c, "/orgs")).text).not.toContain("確認済");
  });

  it("shows an administrator every entry and lets them verify an organisation", async () => {
    admin = await signUp("admin@kaiji.example");
    await app.db.updateTable("user").set({ is_admin: 1 }).where("id", "=", admin.id).execute();
    const log = await page(admin.c, "/admin/audit");
    expect(log.status).toBe(200);
    for (const text of [ORG, OTHER, "ひとり医院", "hidden.invitee@other.example", "アカウント作成", "招待の受諾"]) expect(log.text).toContain(text);

    const verified = await send(admin.c, "/admin", { organizationId: orgId, intent: "verify" });
    expect(verified.status).toBe(200);
    expect(verified.text).toContain(`「${ORG}」を確認済にしました`);
    expect((await app.db.selectFrom("organization").select("verified_at").where("id", "=", orgId).executeTakeFirstOrThrow()).verified_at).not.toBeNull();
    const verifiedEntries = await app.db.selectFrom("audit_log").selectAll().where("action", "=", "organization.verified").execute();
    expect(verifiedEntries.map((e) => [e.organization_id, e.actor_email])).toEqual([[orgId, admin.email]]);

    for (const u of [owner, editor, viewer]) {
      const list = await page(u.c, "/orgs");
      const row = list.html.split("<tr").find((tr) => tr.includes(ORG)) ?? "";
      expect(visibleText(row), u.email).toContain("確認済");
    }
    expect((await page(other.c, "/orgs")).text).not.toContain("確認済");
  });
});

it("keeps invitation tokens, passwords, TOTP secrets and codes and session ids out of the audit log", async () => {
  await expectNoSecretInAuditLog(app.db, secrets);
});

it("sends pages without NUL characters (React 18 streaming pads split multi-byte characters with zero bytes)", () => {
  expect(pagesWithNul).toEqual([]);
});
