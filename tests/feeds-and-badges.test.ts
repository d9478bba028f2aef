// Atom feeds and the embeddable badge (issue 15, items 6–7), through HTTP: strict XML, what is public, stable ids,
// caching (ETag/304, the published-page cache forgetting the badge on publish and withdrawal), escaping, and the
// 「自社サイトに掲載」 snippet on the vendor's own page.
import { SaxesParser } from "saxes";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDisclosure, getDisclosure, publish, saveDraft, setVisibility, setWithdrawn } from "../app/models/disclosure.server.js";
import { loadTemplateFile, walkItems } from "../disclosures/template-loader.js";
import { Client, STRONG_PASSWORD } from "./helpers/client.js";
import { TEMPLATES_DIR } from "./helpers/db.js";
import { startApp } from "./helpers/http.js";

const cyber = loadTemplateFile(`${TEMPLATES_DIR}/cybersecurity-checklist@1.0.0.json`);
const keys = [...walkItems(cyber)].filter((e) => e.item.answer.kind === "status").map((e) => e.item.key);
const meta = { ip: "127.0.0.1", userAgent: "test" };
// 2026-10-31 16:00 UTC is already 1 November in Tokyo; v2 a fortnight later.
const V1_AT = Date.UTC(2026, 9, 31, 16, 0);
const V2_AT = Date.UTC(2026, 10, 14, 3, 0);
const ATOM = "http://www.w3.org/2005/Atom";
// A vendor name with markup, an ampersand, quotes and characters XML 1.0 forbids.
const HOSTILE = `悪意<script>alert(1)</script> & "株式会社" 'x' \u0001\u0008\u001F]]>`;

type Element = { name: string; attributes: Record<string, string>; children: Element[]; text: string };

/** A strict, namespace-aware parse (saxes rejects anything not well-formed); the document element as a tree. */
function parseXml(xml: string): Element {
  const parser = new SaxesParser({ xmlns: true });
  const stack: Element[] = [];
  let root: Element | undefined;
  parser.on("error", (error) => {
    throw error;
  });
  parser.on("opentag", (tag) => {
    const element: Element = { name: `{${tag.uri}}${tag.local}`, attributes: Object.fromEntries(Object.values(tag.attributes).map((a) => [a.local, a.value])), children: [], text: "" };
    if (stack.length) stack.at(-1)!.children.push(element);
    else root = element;
    stack.push(element);
  });
  parser.on("text", (text) => {
    if (stack.length) stack.at(-1)!.text += text;
  });
  parser.on("closetag", () => void stack.pop());
  parser.write(xml).close();
  return root!;
}

const child = (e: Element, local: string) => e.children.filter((c) => c.name === `{${ATOM}}${local}`);
const one = (e: Element, local: string) => {
  const found = child(e, local);
  expect(found, `exactly one <${local}>`).toHaveLength(1);
  return found[0];
};
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;

/** The checks of RFC 4287 a reader relies on: required elements, dates, absolute links, ids. */
function checkAtom(xml: string) {
  const feed = parseXml(xml);
  expect(feed.name).toBe(`{${ATOM}}feed`);
  for (const name of ["id", "title", "updated"]) one(feed, name);
  expect(one(feed, "updated").text).toMatch(RFC3339);
  expect(child(one(feed, "author"), "name")).toHaveLength(1);
  expect(child(feed, "link").some((l) => l.attributes.rel === "self" && l.attributes.href.startsWith(publicOrigin()))).toBe(true);
  const entries = child(feed, "entry").map((entry) => {
    const id = one(entry, "id").text;
    expect(() => new URL(id)).not.toThrow();
    const updated = one(entry, "updated").text;
    expect(updated).toMatch(RFC3339);
    const links = child(entry, "link").map((l) => l.attributes);
    for (const link of links) expect(link.href.startsWith(`${publicOrigin()}/`), link.href).toBe(true);
    return { id, title: one(entry, "title").text, updated, summary: one(entry, "summary").text, links };
  });
  // RFC 4287 §4.1.1: no two entries with the same id (and the same updated).
  expect(new Set(entries.map((e) => e.id)).size).toBe(entries.length);
  return { feed, entries, title: one(feed, "title").text, author: child(one(feed, "author"), "name")[0].text };
}

let app: Awaited<ReturnType<typeof startApp>>;
// The configured origin (PUBLIC_URL); env.server is imported after startApp has chosen this file's database.
let origin = "";
const publicOrigin = () => origin;
let anonymous: Client;
let vendor: Client;
let userId = "";
let orgId = "";
let hostileOrgId = "";
const actor = () => ({ userId, email: "vendor@feeds.example" });

async function published(options: { org?: string; visibility?: "public" | "hospitals" | "request"; at?: number } = {}) {
  const org = options.org ?? orgId;
  const id = await createDisclosure(app.db, actor(), org, { templateId: cyber.id, templateVersion: cyber.version, serviceId: null, visibility: options.visibility ?? "public" }, meta);
  const disclosure = (await getDisclosure(app.db, org, id))!;
  await saveDraft(app.db, actor(), disclosure, keys.map((key) => ({ key, baseRevision: 0, response: { value: { status: "yes" } } })), meta);
  await publish(app.db, actor(), disclosure, cyber, meta, options.at ?? V1_AT);
  return disclosure;
}

/** 第2版: one answer changed, with a 改版理由. */
async function publishV2(disclosure: { id: string; organization_id: string; template_id: string; template_version: string }, reason: string, at = V2_AT) {
  const row = await app.db.selectFrom("draft_response").select("revision").where("disclosure_id", "=", disclosure.id).where("item_key", "=", keys[0]).executeTakeFirstOrThrow();
  await saveDraft(app.db, actor(), disclosure, [{ key: keys[0], baseRevision: row.revision, response: { value: { status: "no" } } }], meta);
  await publish(app.db, actor(), disclosure, cyber, meta, at, { changeReason: reason });
}

beforeAll(async () => {
  app = await startApp();
  origin = (await import("../app/utils/env.server.js")).publicOrigin();
  expect(origin).toMatch(/^https?:\/\//);
  anonymous = new Client(app.base);
  vendor = new Client(app.base);
  const email = "vendor@feeds.example";
  expect((await vendor.post("/signup", { email, displayName: "vendor", password: STRONG_PASSWORD, confirm: STRONG_PASSWORD })).status).toBe(302);
  orgId = (await vendor.post("/orgs", { name: "フィード株式会社", kind: "vendor" })).headers.get("location")!.split("/").pop()!;
  hostileOrgId = (await vendor.post("/orgs", { name: "仮の名前", kind: "vendor" })).headers.get("location")!.split("/").pop()!;
  // The form would refuse control characters; a hand-edited database (or an older import) might hold them.
  await app.db.updateTable("organization").set({ name: HOSTILE }).where("id", "=", hostileOrgId).execute();
  userId = (await app.db.selectFrom("user").select("id").where("email", "=", email).executeTakeFirstOrThrow()).id;
});
afterAll(() => app?.close());

describe("the disclosure feed", () => {
  it("is Atom with the public versions newest first, stable ids, the 改版理由 in the summary and links to the page and PDF", async () => {
    const disclosure = await published();
    await publishV2(disclosure, "多要素認証の対応状況を更新 <b>&</b>");
    const response = await anonymous.get(`/disclosures/${disclosure.id}/feed.atom`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/atom+xml; charset=utf-8");
    expect(response.headers.get("cache-control")).toBe("public, max-age=300");
    const xml = await response.text();
    const { entries, feed } = checkAtom(xml);
    const page = (n: number) => `${publicOrigin()}/disclosures/${disclosure.id}/v/${n}`;
    expect(entries.map((e) => e.id)).toEqual([page(2), page(1)]);
    expect(entries.map((e) => e.updated)).toEqual([new Date(V2_AT).toISOString(), new Date(V1_AT).toISOString()]);
    expect(one(feed, "updated").text).toBe(new Date(V2_AT).toISOString());
    expect(entries[0].summary).toBe("改版理由：多要素認証の対応状況を更新 <b>&</b>");
    expect(xml).toContain("多要素認証の対応状況を更新 &lt;b&gt;&amp;&lt;/b&gt;");
    expect(entries[0].title).toContain("第2版");
    expect(entries[0].links).toEqual([
      { rel: "alternate", type: "text/html", href: page(2) },
      { rel: "alternate", type: "application/pdf", href: `${page(2)}.pdf` },
    ]);
    // The same ids on the next request, and a 304 for the same tag.
    const etag = response.headers.get("etag")!;
    expect(etag).toMatch(/^"atom-/);
    const again = await anonymous.get(`/disclosures/${disclosure.id}/feed.atom`);
    expect(checkAtom(await again.text()).entries.map((e) => e.id)).toEqual([page(2), page(1)]);
    expect((await anonymous.get(`/disclosures/${disclosure.id}/feed.atom`, { "if-none-match": etag })).status).toBe(304);
  });

  it("uses the configured public origin, never the request's Host", async () => {
    const disclosure = await published();
    const xml = await (await anonymous.get(`/disclosures/${disclosure.id}/feed.atom`, { host: "evil.example", "x-forwarded-host": "evil.example" })).text();
    expect(xml).not.toContain("evil.example");
    expect(xml).toContain(`${publicOrigin()}/disclosures/${disclosure.id}/v/1`);
  });

  it("is a 404 for hospitals-only, 申請制, unpublished and unknown disclosures, the same as a missing one", async () => {
    const missing = await anonymous.get("/disclosures/no-such-disclosure/feed.atom");
    expect(missing.status).toBe(404);
    const missingBody = await missing.text();
    const hospitals = await published({ visibility: "hospitals" });
    const request = await published({ visibility: "request" });
    const draft = await createDisclosure(app.db, actor(), orgId, { templateId: cyber.id, templateVersion: cyber.version, serviceId: null, visibility: "public" }, meta);
    for (const id of [hospitals.id, request.id, draft]) {
      for (const client of [anonymous, vendor]) {
        const response = await client.get(`/disclosures/${id}/feed.atom`);
        expect(response.status, id).toBe(404);
        expect(await response.text()).toBe(missingBody);
      }
    }
  });

  it("follows a change of visibility at once", async () => {
    const disclosure = await published();
    expect((await anonymous.get(`/disclosures/${disclosure.id}/feed.atom`)).status).toBe(200);
    await setVisibility(app.db, actor(), disclosure, "hospitals", meta);
    expect((await anonymous.get(`/disclosures/${disclosure.id}/feed.atom`)).status).toBe(404);
  });

  it("tells of a withdrawal with an entry of its own, and keeps the versions", async () => {
    const disclosure = await published();
    await setWithdrawn(app.db, actor(), disclosure, true, meta);
    const { entries } = checkAtom(await (await anonymous.get(`/disclosures/${disclosure.id}/feed.atom`)).text());
    expect(entries).toHaveLength(2);
    expect(entries[0].title).toContain("取り下げ");
    expect(entries[0].summary).toContain("取り下げられました");
    expect(entries[1].id).toBe(`${publicOrigin()}/disclosures/${disclosure.id}/v/1`);
  });
});

describe("the vendor feed", () => {
  it("holds every public version of the organisation's public disclosures, and nothing else", async () => {
    const vendorOrg = (await vendor.post("/orgs", { name: "ベンダー別株式会社", kind: "vendor" })).headers.get("location")!.split("/").pop()!;
    expect((await anonymous.get(`/vendors/${vendorOrg}/feed.atom`)).status).toBe(404);
    const first = await published({ org: vendorOrg, at: V1_AT });
    const second = await published({ org: vendorOrg, at: V1_AT + 3_600_000 });
    await publishV2(first, "第2版の理由", V2_AT);
    const hidden = await published({ org: vendorOrg, visibility: "request", at: V2_AT + 1 });
    const response = await anonymous.get(`/vendors/${vendorOrg}/feed.atom`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/atom+xml; charset=utf-8");
    const xml = await response.text();
    const { entries, author } = checkAtom(xml);
    const page = (id: string, n: number) => `${publicOrigin()}/disclosures/${id}/v/${n}`;
    expect(entries.map((e) => e.id)).toEqual([page(first.id, 2), page(second.id, 1), page(first.id, 1)]);
    expect(author).toBe("ベンダー別株式会社");
    expect(xml).not.toContain(hidden.id);
    expect((await anonymous.get(`/vendors/${vendorOrg}/feed.atom`, { "if-none-match": response.headers.get("etag")! })).status).toBe(304);
  });

  it("is a 404 for an unknown organisation and for one with nothing public", async () => {
    expect((await anonymous.get("/vendors/no-such-org/feed.atom")).status).toBe(404);
    const quiet = (await vendor.post("/orgs", { name: "非公開株式会社", kind: "vendor" })).headers.get("location")!.split("/").pop()!;
    await published({ org: quiet, visibility: "hospitals" });
    expect((await vendor.get(`/vendors/${quiet}/feed.atom`)).status).toBe(404);
  });

  it("escapes a hostile vendor name and drops characters XML forbids", async () => {
    await published({ org: hostileOrgId });
    const xml = await (await anonymous.get(`/vendors/${hostileOrgId}/feed.atom`)).text();
    const { author, title, entries } = checkAtom(xml);
    const clean = HOSTILE.replace(/[\u0001\u0008\u001F]/g, "");
    expect(author).toBe(clean);
    expect(title).toContain(clean);
    expect(entries[0].title).toContain(clean);
    expect(xml).not.toContain("<script>");
    expect(xml).not.toMatch(/[\u0001\u0008\u001F]/);
  });
});

describe("the badge", () => {
  const svgOf = (text: string) => {
    const root = parseXml(text);
    expect(root.name).toBe("{http://www.w3.org/2000/svg}svg");
    return root;
  };
  const textsOf = (e: { text: string; children: Element[] }): string => e.text + e.children.map(textsOf).join("");

  it("is a well-formed SVG saying 第N版 and the date, with its own headers, a dark variant and 304s", async () => {
    const disclosure = await published();
    const response = await anonymous.get(`/disclosures/${disclosure.id}/badge.svg`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("image/svg+xml");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("content-security-policy")).toBe("default-src 'none'; style-src 'unsafe-inline'");
    expect(response.headers.get("cross-origin-resource-policy")).toBe("cross-origin");
    expect(response.headers.get("cache-control")).toBe("public, max-age=300");
    const svg = await response.text();
    const root = svgOf(svg);
    expect(textsOf(root)).toContain("開示書");
    expect(textsOf(root)).toContain("第1版 ・ 最終更新日 2026年11月1日");
    expect(root.attributes["aria-label"]).toBe("開示書 第1版 ・ 最終更新日 2026年11月1日");
    expect(svg).not.toMatch(/<script|href=|url\(|@import|<image|<foreignObject/i);

    const dark = await anonymous.get(`/disclosures/${disclosure.id}/badge.svg?theme=dark`);
    expect(dark.status).toBe(200);
    const darkSvg = await dark.text();
    svgOf(darkSvg);
    expect(darkSvg).not.toBe(svg);
    expect(dark.headers.get("etag")).not.toBe(response.headers.get("etag"));

    const etag = response.headers.get("etag")!;
    // Twice: the first revalidation may be answered by the route, the second by the page cache.
    for (let i = 0; i < 2; i++) expect((await anonymous.get(`/disclosures/${disclosure.id}/badge.svg`, { "if-none-match": etag })).status).toBe(304);
    const hit = await anonymous.get(`/disclosures/${disclosure.id}/badge.svg`);
    expect(await hit.text()).toBe(svg);
    expect(hit.headers.get("content-security-policy")).toBe("default-src 'none'; style-src 'unsafe-inline'");
    expect(hit.headers.get("cross-origin-resource-policy")).toBe("cross-origin");
    expect(hit.headers.get("content-type")).toBe("image/svg+xml");
  });

  it("changes as soon as 第2版 is published (the cached copy is forgotten), and is a 404 once withdrawn", async () => {
    const disclosure = await published();
    const before = await (await anonymous.get(`/disclosures/${disclosure.id}/badge.svg`)).text();
    const beforeDark = await (await anonymous.get(`/disclosures/${disclosure.id}/badge.svg?theme=dark`)).text();
    // Served again from the cache: the same bytes.
    expect(await (await anonymous.get(`/disclosures/${disclosure.id}/badge.svg`)).text()).toBe(before);
    await publishV2(disclosure, "理由");
    const after = await (await anonymous.get(`/disclosures/${disclosure.id}/badge.svg`)).text();
    expect(after).not.toBe(before);
    expect(after).toContain("第2版 ・ 最終更新日 2026年11月14日");
    expect(await (await anonymous.get(`/disclosures/${disclosure.id}/badge.svg?theme=dark`)).text()).not.toBe(beforeDark);
    await setWithdrawn(app.db, actor(), disclosure, true, meta);
    const withdrawn = await anonymous.get(`/disclosures/${disclosure.id}/badge.svg`);
    expect(withdrawn.status).toBe(404);
    expect(withdrawn.headers.get("content-security-policy")).toBe("default-src 'none'; style-src 'unsafe-inline'");
    expect((await anonymous.get(`/disclosures/${disclosure.id}/badge.svg?theme=dark`)).status).toBe(404);
  });

  it("is a 404 for hospitals-only, 申請制, unpublished and unknown disclosures, and after a change of visibility", async () => {
    const hospitals = await published({ visibility: "hospitals" });
    const request = await published({ visibility: "request" });
    const draft = await createDisclosure(app.db, actor(), orgId, { templateId: cyber.id, templateVersion: cyber.version, serviceId: null, visibility: "public" }, meta);
    for (const id of [hospitals.id, request.id, draft, "no-such-disclosure"]) {
      expect((await anonymous.get(`/disclosures/${id}/badge.svg`)).status, id).toBe(404);
      expect((await vendor.get(`/disclosures/${id}/badge.svg`)).status, id).toBe(404);
    }
    const visible = await published();
    expect((await anonymous.get(`/disclosures/${visible.id}/badge.svg`)).status).toBe(200);
    await setVisibility(app.db, actor(), visible, "request", meta);
    expect((await anonymous.get(`/disclosures/${visible.id}/badge.svg`)).status).toBe(404);
  });
});

describe("links to the feeds and the embed snippet", () => {
  it("the public version page links the disclosure and vendor feeds", async () => {
    const disclosure = await published();
    const html = await (await anonymous.get(`/disclosures/${disclosure.id}/v/1`)).text();
    expect(html).toMatch(new RegExp(`<link rel="alternate" type="application/atom\\+xml" title="[^"]*" href="/disclosures/${disclosure.id}/feed.atom"/>`));
    expect(html).toContain(`href="/disclosures/${disclosure.id}/feed.atom" type="application/atom+xml">更新情報（Atom）</a>`);
    expect(html).toContain(`href="/vendors/${orgId}/feed.atom"`);
  });

  it("the vendor's page offers plain HTML with absolute public URLs and no script, for public published disclosures only", async () => {
    const disclosure = await published();
    const html = await (await vendor.get(`/orgs/${orgId}/disclosures/${disclosure.id}`)).text();
    expect(html).toContain("自社サイトに掲載");
    const snippet = html.match(/<textarea id="embed-snippet"[^>]*>([\s\S]*?)<\/textarea>/)![1].replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&amp;/g, "&");
    const base = `${publicOrigin()}/disclosures/${disclosure.id}`;
    expect(snippet).toContain(`<a href="${base}"><img src="${base}/badge.svg" alt="開示書 第1版 ・ 最終更新日 2026年11月1日" width="`);
    expect(snippet).toMatch(/width="\d+" height="22">/);
    expect(snippet).toContain(`<a href="${base}/latest.pdf" type="application/pdf">`);
    expect(snippet).not.toMatch(/script|on\w+=/i);
    // The badge preview on the page.
    expect(html).toContain(`<img src="/disclosures/${disclosure.id}/badge.svg"`);

    const hidden = await published({ visibility: "hospitals" });
    expect(await (await vendor.get(`/orgs/${orgId}/disclosures/${hidden.id}`)).text()).not.toContain("自社サイトに掲載");
    await setWithdrawn(app.db, actor(), disclosure, true, meta);
    expect(await (await vendor.get(`/orgs/${orgId}/disclosures/${disclosure.id}`)).text()).not.toContain("自社サイトに掲載");
  });
});
