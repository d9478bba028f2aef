// Issue 19, item 2: each 章 of a published disclosure as one bar of its answers by outcome, counted from the page's
// own view (derived results left out), on the public page above the items, each 章 linking to the page filtered to it.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { canonicalJson } from "../disclosures/canonical-json.js";
import { buildContentView, chapterOutcomes } from "../disclosures/disclosure-view.js";
import { Client, STRONG_PASSWORD } from "./helpers/client.js";
import { tempDir } from "./helpers/db.js";
import { startApp } from "./helpers/http.js";
import { tinyTemplate } from "./helpers/template-fixture.js";

const content = {
  templateId: "tiny",
  templateVersion: "1.0.0",
  responses: { name: { value: "事業者" }, c1: { value: { status: "implemented" } }, c2: { value: { status: "planned", month: "2027-04" } } },
};

describe("chapterOutcomes", () => {
  it("counts each 章's answerable items by outcome, without the derived results", () => {
    const template = tinyTemplate();
    const chapters = chapterOutcomes(buildContentView(template, { ...content, templateId: template.id, templateVersion: template.version }));
    expect(chapters.map((c) => [c.title, c.counts])).toEqual([
      [template.sections[0].title, { met: 0, unmet: 0, planned: 0, notApplicable: 0, assigned: 0, answered: 1, unanswered: 0 }],
      [template.sections[1].title, { met: 1, unmet: 0, planned: 1, notApplicable: 0, assigned: 0, answered: 0, unanswered: 0 }],
    ]);
  });
});

describe("on the public page", () => {
  let app: Awaited<ReturnType<typeof startApp>>;
  let url = "";
  beforeAll(async () => {
    app = await startApp();
    const dir = tempDir("kaiji-chapters-");
    writeFileSync(path.join(dir, "tiny@1.0.0.json"), canonicalJson(tinyTemplate()));
    const { syncBuiltinTemplates } = await import("../app/models/template.server.js");
    await syncBuiltinTemplates(app.db, dir);
    const client = new Client(app.base);
    await client.post("/signup", { email: "bars@vendor.example", displayName: "棒", password: STRONG_PASSWORD, confirm: STRONG_PASSWORD });
    const org = (await client.post("/orgs", { name: "棒グラフ株式会社", kind: "vendor" })).headers.get("location")!.split("/").pop()!;
    const user = (await app.db.selectFrom("user").select("id").where("email", "=", "bars@vendor.example").executeTakeFirstOrThrow()).id;
    const { createDisclosure, getDisclosure, publish, saveDraft } = await import("../app/models/disclosure.server.js");
    const actor = { userId: user, email: "bars@vendor.example" };
    const meta = { ip: "127.0.0.1", userAgent: "test" };
    const template = tinyTemplate();
    const id = await createDisclosure(app.db, actor, org, { templateId: template.id, templateVersion: template.version, serviceId: null, visibility: "public" }, meta);
    const draft = (await getDisclosure(app.db, org, id))!;
    await saveDraft(app.db, actor, draft, Object.entries(content.responses).map(([key, response]) => ({ key, baseRevision: 0, response })), meta);
    await publish(app.db, actor, draft, template, meta);
    url = `/disclosures/${id}/v/1`;
  });
  afterAll(async () => {
    await app?.close();
  });

  it("shows one bar per 章 with its numbers in its name and beside it, linking to the page filtered to the 章", async () => {
    const html = await (await new Client(app.base).get(url)).text();
    const template = tinyTemplate();
    const bars = [...html.matchAll(/<svg class="outcome-bar"[^>]*aria-label="([^"]+)"/g)].map((m) => m[1]);
    expect(bars).toEqual([`${template.sections[0].title}: 対応済 0、未対応 0、実施予定 0、対象外 0、未回答 0、その他 1（計 1）`, `${template.sections[1].title}: 対応済 1、未対応 0、実施予定 1、対象外 0、未回答 0、その他 0（計 2）`]);
    expect(html).toContain("対応済 1・実施予定 1");
    expect(html).toContain(`href="${url}?chapter=${template.sections[1].key}"`);
  });
});
