// Issue 19, item 2: each 章 of a published disclosure as one bar of its answers by outcome, counted from the page's
// own view (derived results left out), on the public page above the items, each 章 linking to the page filtered to it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildContentView, chapterOutcomes } from "../disclosures/disclosure-view.js";
import { Client } from "./helpers/client.js";
import { startApp } from "./helpers/http.js";
import { publishTiny, registerTinyTemplate, signUpVendor } from "./helpers/tiny-disclosure.js";
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
    await registerTinyTemplate(app.db);
    const vendor = await signUpVendor(app, "bars@vendor.example", "棒グラフ株式会社");
    url = `/disclosures/${await publishTiny(app.db, vendor, { responses: content.responses })}/v/1`;
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
