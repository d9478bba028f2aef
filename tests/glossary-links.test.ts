// The 役割分担 checklist's 用語の解説 linked to the items its terms belong to (issue 16, item 7): by the 記載場所 the
// glossary prints (「Part2 A.2」), and by the items whose words use the term. The seed's glossary was written for
// another draft of the list: a place with no item in this one is printed as it is and links nowhere.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDisclosure } from "../app/models/disclosure.server.js";
import { canonicalContent, contentHash, type DisclosureContent } from "../disclosures/disclosure-content.js";
import { glossaryOf, itemGuidance } from "../disclosures/item-guidance.js";
import { loadTemplateDirectory, walkItems } from "../disclosures/template-loader.js";
import { Client, visibleText } from "./helpers/client.js";
import { TEMPLATES_DIR } from "./helpers/db.js";
import { startApp } from "./helpers/http.js";
import { signUpVendor } from "./helpers/tiny-disclosure.js";

const versions = loadTemplateDirectory(TEMPLATES_DIR).filter((t) => t.id === "responsibility-checklist");
const latest = versions.sort((a, b) => (a.version < b.version ? 1 : -1))[0];
const entry = (term: string) => latest.help!.find((h) => h.term.startsWith(term))!;

describe("the glossary of the latest 役割分担 checklist", () => {
  it("keeps each term's 記載場所 as printed and links the items they name", () => {
    expect(latest.version).not.toBe("1.0.0");
    expect(entry("クラウドサービス")).toMatchObject({ places: ["Part2 A.2"], items: expect.arrayContaining(["p2.a.2"]) });
    expect(entry("記憶装置")).toMatchObject({ places: ["Part1 B.7①"], items: ["p1.b.7-1"] });
    expect(entry("オープンソースソフトウェア").places).toEqual(["Part2 B.10", "Part2 C.1"]);
    expect(entry("オープンソースソフトウェア").items).toContain("p2.c.1");
  });

  it("links a term whose place this list has no item for only where its words are used, and never invents a link", () => {
    // Part2 has B.1–B.6: 「Part2 B.7」 and 「Part2 B.8」 name nothing here.
    const keys = new Set([...walkItems(latest)].map((e) => e.item.key));
    expect(keys.has("p2.b.7")).toBe(false);
    expect(entry("ウイルス定義ファイル")).toMatchObject({ places: ["Part2 B.7"], items: ["p2.inspection.4"] });
    expect(entry("冗長化").places).toEqual(["Part2 B.8"]);
    expect(entry("冗長化").items).toBeUndefined();
    for (const h of latest.help!) for (const key of h.items ?? []) expect(keys.has(key), `${h.term} → ${key}`).toBe(true);
  });

  it("names each item's terms beside it, and lists every term with its items", () => {
    const item = [...walkItems(latest)].find((e) => e.item.key === "p2.inspection.4")!.item;
    expect(itemGuidance(latest, item).find((b) => b.label === "用語の解説")?.lines).toEqual(expect.arrayContaining(["ウイルス定義ファイル (パターンファイル)"]));
    const glossary = glossaryOf(latest);
    expect(glossary).toHaveLength(latest.help!.length);
    expect(glossary.find((g) => g.term.startsWith("記憶装置"))!.items).toEqual([{ key: "p1.b.7-1", number: "B 7①", text: expect.any(String) }]);
  });
});

describe("the published page", () => {
  let app: Awaited<ReturnType<typeof startApp>>;
  let id = "";
  beforeAll(async () => {
    app = await startApp();
    const { org, actor } = await signUpVendor(app, "vendor@glossary.example", "用語株式会社");
    const userId = actor.userId;
    const meta = { ip: "127.0.0.1", userAgent: "test" };
    id = await createDisclosure(app.db, actor, org, { templateId: latest.id, templateVersion: latest.version, serviceId: null, visibility: "public" }, meta);
    const content: DisclosureContent = { templateId: latest.id, templateVersion: latest.version, responses: {} };
    await app.db.insertInto("disclosure_version").values({ disclosure_id: id, number: 1, template_id: latest.id, template_version: latest.version, content: canonicalContent(content), content_hash: contentHash(content), published_at: Date.UTC(2026, 10, 1, 3), published_by: userId }).execute();
    await app.db.updateTable("disclosure").set({ latest_version: 1 }).where("id", "=", id).execute();
  });
  afterAll(() => app?.close());

  it("ends with 用語の解説: explanation, 記載場所 and links to the items on the page", async () => {
    const { status, html } = await new Client(app.base).text(`/disclosures/${id}/v/1`);
    expect(status).toBe(200);
    const glossary = html.match(/<section id="glossary"[\s\S]*?<\/section>/)![0];
    const virus = glossary.match(/<dt>ウイルス定義ファイル[\s\S]*?<\/dd>/)![0];
    expect(visibleText(virus)).toContain("記載場所: Part2 B.7");
    expect(virus).toContain(`href="#item-p2.inspection.4"`);
    expect(html).toContain(`<tr id="item-p2.inspection.4">`);
    const redundancy = glossary.match(/<dt>冗長化[\s\S]*?<\/dd>/)![0];
    expect(visibleText(redundancy)).toContain("記載場所: Part2 B.8");
    expect(redundancy).not.toContain("href=");
  });

  it("and the template's own page links each term to the items' pages", async () => {
    const { status, html } = await new Client(app.base).text(`/templates/${latest.id}/${latest.version}`);
    expect(status).toBe(200);
    const memory = html.match(/<dt>記憶装置<\/dt>[\s\S]*?<\/dd>/)![0];
    expect(visibleText(memory)).toContain("記載場所: Part1 B.7①");
    expect(memory).toContain(`href="/templates/${latest.id}/${latest.version}/items/p1.b.7-1"`);
  });
});
