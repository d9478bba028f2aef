// The authorisation matrix: every route file has an entry saying what each kind of visitor gets.
// Adding a route without an entry fails the first test.
import { readdirSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client, publishAllAnswered, STRONG_PASSWORD } from "./helpers/client.js";
import { ROOT, TEMPLATES_DIR } from "./helpers/db.js";
import { startApp } from "./helpers/http.js";

const actors = ["anonymous", "otherOrg", "viewer", "editor", "owner", "admin"] as const;
type Actor = (typeof actors)[number];
type Expect = Record<Actor, number>;
type Ids = { org: string; disclosure: string };
type Entry = { get?: { path: (ids: Ids) => string; expect: Expect }; post?: { path: (ids: Ids) => string; fields: Record<string, string>; expect: Expect }; why?: string };

const all = (status: number): Expect => ({ anonymous: status, otherOrg: status, viewer: status, editor: status, owner: status, admin: status });
const signedIn = (status: number, anonymous = 302): Expect => ({ ...all(status), anonymous });
// Organisation pages: non-members (and administrators, who are not members) get the same 404 as for a missing organisation.
const orgRole = (viewer: number, editor: number, owner: number): Expect => ({ anonymous: 302, otherOrg: 404, viewer, editor, owner, admin: 404 });
const adminOnly = (status: number): Expect => ({ anonymous: 302, otherOrg: 403, viewer: 403, editor: 403, owner: 403, admin: status });
const bogus = { intent: "no-such-intent" };

const matrix: Record<string, Entry> = {
  "_index.tsx": { get: { path: () => "/", expect: all(200) } },
  "$.tsx": { get: { path: () => "/no/such/page", expect: all(404) } },
  "healthz.ts": { get: { path: () => "/healthz", expect: all(200) } },
  "templates._index.tsx": { get: { path: () => "/templates", expect: all(200) } },
  "templates.$templateId._index.tsx": { get: { path: () => "/templates/hispro-checksheet", expect: all(302) } },
  "templates.$templateId.$version._index.tsx": { get: { path: () => "/templates/cybersecurity-checklist/1.0.0", expect: all(200) } },
  "templates.$templateId.$version.items.$itemKey.tsx": { get: { path: () => "/templates/hispro-checksheet/1.0.0/items/1.1.1.1", expect: all(200) } },
  // Signed-in visitors are sent on to their organisations.
  "signup.tsx": { get: { path: () => "/signup", expect: signedIn(302, 200) }, why: "POST creates accounts: tests/auth.test.ts" },
  "login.tsx": { get: { path: () => "/login", expect: signedIn(302, 200) }, why: "POST signs in: tests/auth.test.ts" },
  "login_.2fa.tsx": { get: { path: () => "/login/2fa", expect: all(302) }, post: { path: () => "/login/2fa", fields: { code: "000000" }, expect: all(302) } },
  "logout.tsx": { get: { path: () => "/logout", expect: all(200) }, why: "POST ends the actor's own session: tests/auth.test.ts" },
  "account._index.tsx": { get: { path: () => "/account", expect: signedIn(200) }, post: { path: () => "/account", fields: {}, expect: signedIn(400) } },
  "account.password.tsx": { get: { path: () => "/account/password", expect: signedIn(200) }, post: { path: () => "/account/password", fields: {}, expect: signedIn(400) } },
  "account.2fa.tsx": { get: { path: () => "/account/2fa", expect: signedIn(200) }, post: { path: () => "/account/2fa", fields: bogus, expect: signedIn(400) } },
  "account.notifications.tsx": { get: { path: () => "/account/notifications", expect: signedIn(200) }, post: { path: () => "/account/notifications", fields: {}, expect: signedIn(400) } },
  "orgs._index.tsx": { get: { path: () => "/orgs", expect: signedIn(200) }, post: { path: () => "/orgs", fields: {}, expect: signedIn(400) } },
  "orgs.$orgId._index.tsx": {
    get: { path: (ids) => `/orgs/${ids.org}`, expect: orgRole(200, 200, 200) },
    // Asking the administrators to verify the organisation is the owner's (tests/security-hospitals.test.ts).
    post: { path: (ids) => `/orgs/${ids.org}`, fields: bogus, expect: orgRole(403, 403, 400) },
  },
  "orgs.$orgId.members.tsx": {
    get: { path: (ids) => `/orgs/${ids.org}/members`, expect: orgRole(200, 200, 200) },
    // Managing members is for owners: the others never reach the intent.
    post: { path: (ids) => `/orgs/${ids.org}/members`, fields: bogus, expect: orgRole(403, 403, 400) },
  },
  "orgs.$orgId.disclosures._index.tsx": {
    get: { path: (ids) => `/orgs/${ids.org}/disclosures`, expect: orgRole(200, 200, 200) },
    post: { path: (ids) => `/orgs/${ids.org}/disclosures`, fields: {}, expect: orgRole(403, 400, 400) },
  },
  "orgs.$orgId.disclosures.$disclosureId._index.tsx": {
    get: { path: (ids) => `/orgs/${ids.org}/disclosures/${ids.disclosure}`, expect: orgRole(200, 200, 200) },
    // Visibility, withdrawal and access decisions are the owner's; publishing is tested in tests/disclosure-pages.test.ts.
    post: { path: (ids) => `/orgs/${ids.org}/disclosures/${ids.disclosure}`, fields: bogus, expect: orgRole(403, 403, 400) },
  },
  // The publish confirmation: editors and owners; it posts to the disclosure page's action (tests/publish-confirmation.test.ts).
  "orgs.$orgId.disclosures.$disclosureId.publish.tsx": { get: { path: (ids) => `/orgs/${ids.org}/disclosures/${ids.disclosure}/publish`, expect: orgRole(403, 200, 200) } },
  // 「組織情報から入力」 posts to the editor (tests/answer-copy.test.ts).
  "orgs.$orgId.disclosures.$disclosureId.edit.tsx": {
    get: { path: (ids) => `/orgs/${ids.org}/disclosures/${ids.disclosure}/edit`, expect: orgRole(403, 200, 200) },
    post: { path: (ids) => `/orgs/${ids.org}/disclosures/${ids.disclosure}/edit`, fields: bogus, expect: orgRole(403, 400, 400) },
  },
  // Copying answers from another disclosure: editors and owners (tests/answer-copy.test.ts).
  "orgs.$orgId.disclosures.$disclosureId.import.tsx": {
    get: { path: (ids) => `/orgs/${ids.org}/disclosures/${ids.disclosure}/import`, expect: orgRole(403, 200, 200) },
    post: { path: (ids) => `/orgs/${ids.org}/disclosures/${ids.disclosure}/import`, fields: bogus, expect: orgRole(403, 400, 400) },
  },
  "orgs.$orgId.disclosures.$disclosureId.edition.tsx": {
    get: { path: (ids) => `/orgs/${ids.org}/disclosures/${ids.disclosure}/edition`, expect: orgRole(403, 200, 200) },
    post: { path: (ids) => `/orgs/${ids.org}/disclosures/${ids.disclosure}/edition`, fields: bogus, expect: orgRole(403, 400, 400) },
  },
  "orgs.$orgId.disclosures.$disclosureId.copy.tsx": {
    get: { path: (ids) => `/orgs/${ids.org}/disclosures/${ids.disclosure}/copy`, expect: orgRole(403, 200, 200) },
    post: { path: (ids) => `/orgs/${ids.org}/disclosures/${ids.disclosure}/copy`, fields: bogus, expect: orgRole(403, 400, 400) },
  },
  // Autosave takes JSON; a form post is malformed (400) once the role check has passed.
  "orgs.$orgId.disclosures.$disclosureId.draft.tsx": {
    get: { path: (ids) => `/orgs/${ids.org}/disclosures/${ids.disclosure}/draft`, expect: all(405) },
    post: { path: (ids) => `/orgs/${ids.org}/disclosures/${ids.disclosure}/draft`, fields: {}, expect: orgRole(403, 400, 400) },
  },
  "orgs.$orgId.services.tsx": { get: { path: (ids) => `/orgs/${ids.org}/services`, expect: orgRole(200, 200, 200) }, post: { path: (ids) => `/orgs/${ids.org}/services`, fields: bogus, expect: orgRole(403, 400, 400) } },
  // Shortlists and criteria profiles are for hospital organisations: the fixture is a vendor
  // organisation, so its own members get the same 404 (before any role check); roles and the
  // hospital side are tested in tests/shortlists.test.ts and tests/criteria-profiles.test.ts.
  "orgs.$orgId.shortlists._index.tsx": {
    get: { path: (ids) => `/orgs/${ids.org}/shortlists`, expect: orgRole(404, 404, 404) },
    post: { path: (ids) => `/orgs/${ids.org}/shortlists`, fields: bogus, expect: orgRole(404, 404, 404) },
    why: "hospital organisations only: members of this vendor fixture get 404 (tests/shortlists.test.ts covers hospital roles)",
  },
  "orgs.$orgId.watch.tsx": {
    get: { path: (ids) => `/orgs/${ids.org}/watch`, expect: orgRole(404, 404, 404) },
    post: { path: (ids) => `/orgs/${ids.org}/watch`, fields: bogus, expect: orgRole(404, 404, 404) },
    why: "hospital organisations only: members of this vendor fixture get 404 (tests/watch-and-pin.test.ts covers hospital roles)",
  },
  // The secret URL is the key: a wrong one is a 404 for everyone (tests/watch-and-pin.test.ts).
  "watch.$token.feed[.atom].tsx": { get: { path: () => "/watch/no-such-token/feed.atom", expect: all(404) } },
  "orgs.$orgId.shortlists.$shortlistId.tsx": {
    get: { path: (ids) => `/orgs/${ids.org}/shortlists/no-such-list`, expect: orgRole(404, 404, 404) },
    post: { path: (ids) => `/orgs/${ids.org}/shortlists/no-such-list`, fields: bogus, expect: orgRole(404, 404, 404) },
    why: "hospital organisations only: members of this vendor fixture get 404 (tests/shortlists.test.ts covers hospital roles)",
  },
  "orgs.$orgId.criteria._index.tsx": {
    get: { path: (ids) => `/orgs/${ids.org}/criteria`, expect: orgRole(404, 404, 404) },
    post: { path: (ids) => `/orgs/${ids.org}/criteria`, fields: bogus, expect: orgRole(404, 404, 404) },
    why: "hospital organisations only: members of this vendor fixture get 404 (tests/criteria-profiles.test.ts covers hospital roles)",
  },
  "orgs.$orgId.criteria.$profileId.tsx": {
    get: { path: (ids) => `/orgs/${ids.org}/criteria/no-such-profile`, expect: orgRole(404, 404, 404) },
    post: { path: (ids) => `/orgs/${ids.org}/criteria/no-such-profile`, fields: bogus, expect: orgRole(404, 404, 404) },
    why: "hospital organisations only: members of this vendor fixture get 404 (tests/criteria-profiles.test.ts covers hospital roles)",
  },
  "orgs.$orgId.profile.tsx": { get: { path: (ids) => `/orgs/${ids.org}/profile`, expect: orgRole(200, 200, 200) }, post: { path: (ids) => `/orgs/${ids.org}/profile`, fields: bogus, expect: orgRole(403, 400, 400) } },
  // Published disclosures: the fixture is public, so everyone reads it (visibility rules: tests/disclosure-reading.test.ts).
  "disclosures.$disclosureId._index.tsx": { get: { path: (ids) => `/disclosures/${ids.disclosure}`, expect: all(302) } },
  "disclosures.$disclosureId.v.$number._index.tsx": { get: { path: (ids) => `/disclosures/${ids.disclosure}/v/1`, expect: all(200) } },
  "disclosures.$disclosureId.v.$number[.json].tsx": { get: { path: (ids) => `/disclosures/${ids.disclosure}/v/1.json`, expect: all(200) } },
  "disclosures.$disclosureId.v.$number[.xlsx].tsx": { get: { path: (ids) => `/disclosures/${ids.disclosure}/v/1.xlsx`, expect: all(200) } },
  "disclosures.$disclosureId.versions.tsx": { get: { path: (ids) => `/disclosures/${ids.disclosure}/versions`, expect: all(200) } },
  "disclosures.$disclosureId.diff.tsx": { get: { path: (ids) => `/disclosures/${ids.disclosure}/diff`, expect: all(200) } },
  "disclosures.$disclosureId.v.$number[.pdf].tsx": { get: { path: (ids) => `/disclosures/${ids.disclosure}/v/1.pdf`, expect: all(200) } },
  "disclosures.$disclosureId.latest[.pdf].tsx": { get: { path: (ids) => `/disclosures/${ids.disclosure}/latest.pdf`, expect: all(302) } },
  // Feeds and the badge hold public disclosures only, the same for every reader (what is left out: tests/feeds-and-badges.test.ts).
  "disclosures.$disclosureId.feed[.atom].tsx": { get: { path: (ids) => `/disclosures/${ids.disclosure}/feed.atom`, expect: all(200) } },
  "disclosures.$disclosureId.badge[.svg].tsx": { get: { path: (ids) => `/disclosures/${ids.disclosure}/badge.svg`, expect: all(200) } },
  "vendors.$orgId.feed[.atom].tsx": { get: { path: (ids) => `/vendors/${ids.org}/feed.atom`, expect: all(200) } },
  // Comparison exports read like the comparison itself: any visitor, only the disclosures they may read.
  "compare[.csv].tsx": {
    get: { path: (ids) => `/compare.csv?d=${ids.disclosure}`, expect: all(400) },
    why: "the fixture has one public disclosure and a comparison needs two: 400 「…2件以上必要です」 for everyone (exports and what each reader gets: tests/comparison-exports.test.ts)",
  },
  "compare[.xlsx].tsx": {
    get: { path: (ids) => `/compare.xlsx?d=${ids.disclosure}`, expect: all(400) },
    why: "the fixture has one public disclosure and a comparison needs two: 400 「…2件以上必要です」 for everyone (exports and what each reader gets: tests/comparison-exports.test.ts)",
  },
  "compare[.pdf].tsx": {
    get: { path: (ids) => `/compare.pdf?d=${ids.disclosure}`, expect: all(400) },
    why: "the fixture has one public disclosure and a comparison needs two: 400 「…2件以上必要です」 for everyone (exports and what each reader gets: tests/comparison-exports.test.ts)",
  },
  // The draft's answers as a workbook: every member may read the draft (tests/answers-export.test.ts).
  "orgs.$orgId.disclosures.$disclosureId.draft[.xlsx].tsx": { get: { path: (ids) => `/orgs/${ids.org}/disclosures/${ids.disclosure}/draft.xlsx`, expect: orgRole(200, 200, 200) } },
  "orgs.$orgId.disclosures.$disclosureId.preview[.pdf].tsx": { get: { path: (ids) => `/orgs/${ids.org}/disclosures/${ids.disclosure}/preview.pdf`, expect: orgRole(403, 200, 200) } },
  // Asking for access exists only for "on request" disclosures: for this public one it is a 404 for everyone signed in.
  "disclosures.$disclosureId.request.tsx": {
    get: { path: (ids) => `/disclosures/${ids.disclosure}/request`, expect: signedIn(404) },
    post: { path: (ids) => `/disclosures/${ids.disclosure}/request`, fields: {}, expect: signedIn(404) },
    why: "who may ask (editors and owners of verified hospitals who meet its 2FA requirement): tests/security-hospitals.test.ts",
  },
  "orgs.$orgId.audit.tsx": { get: { path: (ids) => `/orgs/${ids.org}/audit`, expect: orgRole(403, 403, 200) } },
  "invitations.$token.tsx": {
    get: { path: () => "/invitations/not-a-real-token", expect: all(410) },
    post: { path: () => "/invitations/not-a-real-token", fields: {}, expect: signedIn(410) },
  },
  // Directory and comparison: public pages; what each visitor sees is tested in tests/directory.test.ts.
  "directory._index.tsx": { get: { path: () => "/directory", expect: all(200) } },
  // A vendor's page is public; what each visitor sees on it is tested in tests/vendor-page.test.ts.
  "vendors.$orgId._index.tsx": { get: { path: (ids) => `/vendors/${ids.org}`, expect: all(200) } },
  // Document disclosures: with real documents, visibility and another organisation in tests/documents.test.ts.
  "orgs.$orgId.documents._index.tsx": { get: { path: (ids) => `/orgs/${ids.org}/documents`, expect: orgRole(200, 200, 200) }, post: { path: (ids) => `/orgs/${ids.org}/documents`, fields: bogus, expect: orgRole(403, 400, 400) } },
  "orgs.$orgId.documents.$documentId.tsx": {
    get: { path: (ids) => `/orgs/${ids.org}/documents/no-such-document`, expect: orgRole(404, 404, 404) },
    post: { path: (ids) => `/orgs/${ids.org}/documents/no-such-document`, fields: bogus, expect: orgRole(403, 404, 404) },
  },
  "documents.$documentId._index.tsx": { get: { path: () => "/documents/no-such-document", expect: all(404) } },
  "documents.$documentId.v.$n.file.tsx": { get: { path: () => "/documents/no-such-document/v/1/file", expect: all(404) } },
  // Asking for a 申請制 document: for a missing one a 404 for everyone signed in (the flow: tests/document-access-requests.test.ts).
  "documents.$documentId.request.tsx": {
    get: { path: () => "/documents/no-such-document/request", expect: signedIn(404) },
    post: { path: () => "/documents/no-such-document/request", fields: {}, expect: signedIn(404) },
  },
  // One public disclosure is not enough to compare: a message (200) for everyone, never an error.
  "compare._index.tsx": { get: { path: (ids) => `/compare?d=${ids.disclosure}`, expect: all(200) } },
  "admin._index.tsx": { get: { path: () => "/admin", expect: adminOnly(200) }, post: { path: () => "/admin", fields: { organizationId: "x", intent: "verify" }, expect: adminOnly(400) } },
  "admin.audit.tsx": { get: { path: () => "/admin/audit", expect: adminOnly(200) } },
  // Importing templates from spreadsheets: an upload without a file is a 400 once the administrator check has passed.
  "admin.templates._index.tsx": { get: { path: () => "/admin/templates", expect: adminOnly(200) }, post: { path: () => "/admin/templates", fields: {}, expect: adminOnly(400) } },
  "admin.templates.imports.$importId.tsx": {
    get: { path: () => "/admin/templates/imports/no-such-import", expect: adminOnly(404) },
    post: { path: () => "/admin/templates/imports/no-such-import", fields: bogus, expect: adminOnly(404) },
    why: "an import is its uploader's: another administrator's is the same 404 as a missing one (tests/admin-template-import.test.ts)",
  },
};

let app: Awaited<ReturnType<typeof startApp>>;
const clients = {} as Record<Actor, Client>;
const ids: Ids = { org: "", disclosure: "" };

async function signUp(email: string): Promise<Client> {
  const client = new Client(app.base);
  const response = await client.post("/signup", { email, displayName: email.split("@")[0], password: STRONG_PASSWORD, confirm: STRONG_PASSWORD });
  expect(response.status, `sign-up ${email}`).toBe(302);
  return client;
}

async function createOrg(client: Client, name: string): Promise<string> {
  const response = await client.post("/orgs", { name, kind: "vendor" });
  return response.headers.get("location")!.split("/").pop()!;
}

async function join(owner: Client, member: Client, role: string) {
  const html = await (await owner.post(`/orgs/${ids.org}/members`, { intent: "invite", role })).text();
  const link = html.match(/id="invite-link"[^>]*value="([^"]+)"/)![1];
  expect((await member.post(new URL(link).pathname, {})).status).toBe(302);
}

beforeAll(async () => {
  app = await startApp();
  clients.anonymous = new Client(app.base);
  clients.owner = await signUp("owner@a.example");
  clients.viewer = await signUp("viewer@a.example");
  clients.editor = await signUp("editor@a.example");
  clients.otherOrg = await signUp("owner@b.example");
  clients.admin = await signUp("admin@kaiji.example");
  ids.org = await createOrg(clients.owner, "組織A");
  await createOrg(clients.otherOrg, "組織B");
  await join(clients.owner, clients.viewer, "viewer");
  await join(clients.owner, clients.editor, "editor");
  const created = await clients.owner.post(`/orgs/${ids.org}/disclosures`, { template: "cybersecurity-checklist@1.0.0", visibility: "public" });
  ids.disclosure = created.headers.get("location")!.split("/").at(-2)!;
  await publishAllAnswered(clients.owner, `/orgs/${ids.org}`, ids.disclosure, `${TEMPLATES_DIR}/cybersecurity-checklist@1.0.0.json`, "yes");
  await app.db.updateTable("user").set({ is_admin: 1 }).where("email", "=", "admin@kaiji.example").execute();
});
afterAll(() => app?.close());

describe("authorisation matrix", () => {
  it("has an entry for every route file", () => {
    const routes = readdirSync(path.join(ROOT, "app/routes")).filter((f) => /\.(tsx?|jsx?)$/.test(f)).sort();
    expect(Object.keys(matrix).sort()).toEqual(routes);
    for (const [file, entry] of Object.entries(matrix)) expect(entry.get || entry.post, file).toBeTruthy();
  });

  for (const [file, entry] of Object.entries(matrix)) {
    for (const actor of actors) {
      if (entry.get) {
        it(`GET ${file} as ${actor} → ${entry.get.expect[actor]}`, async () => {
          const response = await clients[actor].get(entry.get!.path(ids));
          expect(response.status).toBe(entry.get!.expect[actor]);
          if (response.status === 302 && entry.get!.expect.anonymous === 302 && actor === "anonymous" && !file.startsWith("templates") && !file.startsWith("disclosures.")) {
            expect(response.headers.get("location")).toMatch(/^\/login/);
          }
        });
      }
      if (entry.post) {
        it(`POST ${file} as ${actor} → ${entry.post.expect[actor]}`, async () => {
          const response = await clients[actor].post(entry.post!.path(ids), entry.post!.fields);
          expect(response.status).toBe(entry.post!.expect[actor]);
        });
      }
    }
  }

  it("answers a non-member exactly as for an organisation that does not exist", async () => {
    const real = await clients.otherOrg.text(`/orgs/${ids.org}`);
    const missing = await clients.otherOrg.text("/orgs/00000000-0000-0000-0000-000000000000");
    expect(real.status).toBe(404);
    expect(missing.status).toBe(404);
    const main = (html: string) => html.match(/<main[\s\S]*<\/main>/)![0];
    expect(main(real.html)).toBe(main(missing.html));
    expect(real.html).not.toContain("組織A");
  });
});
