// Each part of the 代行機関 form (概要 and 別添) prints its own 最終更新日 — the publish date of the version in which that
// part last changed — on the PDF and on the public page (issue 16). Seed 003 dates its two parts a year apart.
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDisclosure, getDisclosure, getDraft, publish, saveDraft } from "../app/models/disclosure.server.js";
import type { DisclosureContent, ItemResponse } from "../disclosures/disclosure-content.js";
import { documentParts, OVERVIEW_PART, partDates } from "../disclosures/document-parts.js";
import { loadTemplateFile, walkItems } from "../disclosures/template-loader.js";
import { Client, visibleText } from "./helpers/client.js";
import { ROOT, tempDir, TEMPLATES_DIR } from "./helpers/db.js";
import { startApp } from "./helpers/http.js";
import { signUpVendor } from "./helpers/tiny-disclosure.js";

const agency = loadTemplateFile(`${TEMPLATES_DIR}/agency-disclosure@1.1.0.json`);
const hispro = loadTemplateFile(`${TEMPLATES_DIR}/hispro-checksheet@1.0.0.json`);
const example = JSON.parse(readFileSync(path.join(ROOT, "disclosures/examples/agency-disclosure.example.json"), "utf8")) as { answers: Record<string, ItemResponse["value"]> };
const meta = { ip: "127.0.0.1", userAgent: "test" };
// Noon in Japan on three days: the dates read the same whatever the hour the suite runs.
const JULY_2025 = Date.UTC(2025, 6, 7, 3);
const MARCH_2026 = Date.UTC(2026, 2, 2, 3);
const JULY_2026 = Date.UTC(2026, 6, 7, 3);

/** The seed-003 answers with everything the form requires filled in. */
function fullAnswers(): Record<string, ItemResponse> {
  const responses: Record<string, ItemResponse> = Object.fromEntries(Object.entries(example.answers).map(([key, value]) => [key, { value }]));
  for (const { item } of walkItems(agency)) {
    if (item.level !== "required" || item.answer.kind === "derived" || item.key in responses) continue;
    responses[item.key] = { value: item.answer.kind === "composite" ? Object.fromEntries(item.answer.fields.map((f) => [f.key, f.type === "number" ? 100 : "—"])) : "99-0001" };
  }
  return responses;
}

const content = (responses: Record<string, ItemResponse>): DisclosureContent => ({ templateId: agency.id, templateVersion: agency.version, responses });

describe("documentParts and partDates", () => {
  it("split the 代行機関 form into its 概要 and its 別添, and leave a one-part form alone", () => {
    expect(documentParts(agency).map((p) => [p.key, p.title])).toEqual([
      [OVERVIEW_PART, agency.title],
      ["appendix", "別添 最低限のガイドライン遵守チェックリスト"],
    ]);
    expect(documentParts(hispro)).toEqual([]);
    expect(partDates(hispro, [{ publishedAt: JULY_2025, content: { templateId: hispro.id, templateVersion: hispro.version, responses: {} } }])).toEqual({});
  });

  it("date each part by the version in which it last changed", () => {
    const v1 = fullAnswers();
    const v2: Record<string, ItemResponse> = { ...v1, tel: { value: "03-0000-0002" } };
    const v3 = { ...v2, "appendix.organizational.1": { value: { status: "planned", month: "2027-04" } } };
    const v4 = { ...v3, "appendix.organizational.1": v2["appendix.organizational.1"] };
    const history = [v1, v2, v3, v4].map((r, i) => ({ publishedAt: [JULY_2025, MARCH_2026, JULY_2026, JULY_2026 + 1][i], content: content(r) }));
    expect(partDates(agency, history.slice(0, 1))).toEqual({ overview: JULY_2025, appendix: JULY_2025 });
    expect(partDates(agency, history.slice(0, 2))).toEqual({ overview: MARCH_2026, appendix: JULY_2025 });
    expect(partDates(agency, history.slice(0, 3))).toEqual({ overview: MARCH_2026, appendix: JULY_2026 });
    // Changed back is a change too: the 別添 of version 4 was last changed in version 4.
    expect(partDates(agency, history)).toEqual({ overview: MARCH_2026, appendix: JULY_2026 + 1 });
  });
});

describe("a 代行機関 disclosure published twice, the second time with a changed 概要", () => {
  let app: Awaited<ReturnType<typeof startApp>>;
  let id = "";
  beforeAll(async () => {
    app = await startApp();
    const { org, actor } = await signUpVendor(app, "vendor@part-dates.example", "部分日付株式会社");
    id = await createDisclosure(app.db, actor, org, { templateId: agency.id, templateVersion: agency.version, serviceId: null, visibility: "public" }, meta);
    const disclosure = (await getDisclosure(app.db, org, id))!;
    await saveDraft(app.db, actor, disclosure, Object.entries(fullAnswers()).map(([key, response]) => ({ key, baseRevision: 0, response })), meta);
    await publish(app.db, actor, disclosure, agency, meta, JULY_2025);
    const revision = (await getDraft(app.db, disclosure)).revisions.tel ?? 0;
    await saveDraft(app.db, actor, disclosure, [{ key: "tel", baseRevision: revision, response: { value: "03-0000-0002" } }], meta);
    await publish(app.db, actor, disclosure, agency, meta, JULY_2026);
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    const { closePdfRenderer } = await import("../app/utils/pdf.server.js");
    await closePdfRenderer();
  });

  it("print the 概要's date at its top and the 別添's own date at the 別添's top in the PDF", async () => {
    const response = await app.get(`/disclosures/${id}/v/2.pdf`);
    expect(response.status).toBe(200);
    const file = path.join(tempDir("kaiji-part-dates-"), "v2.pdf");
    writeFileSync(file, Buffer.from(await response.arrayBuffer()));
    const text = execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" });
    const updated = [...text.matchAll(/更新情報\s+最終更新日\s+(\d{4}年\d{1,2}月\d{1,2}日)/g)].map((m) => m[1]);
    expect(updated).toEqual(["2026年7月7日", "2025年7月7日"]);
    // Version 1: both parts date from it.
    const first = path.join(path.dirname(file), "v1.pdf");
    writeFileSync(first, Buffer.from(await (await app.get(`/disclosures/${id}/v/1.pdf`)).arrayBuffer()));
    const firstText = execFileSync("pdftotext", ["-layout", first, "-"], { encoding: "utf8" });
    expect([...firstText.matchAll(/更新情報\s+最終更新日\s+(\d{4}年\d{1,2}月\d{1,2}日)/g)].map((m) => m[1])).toEqual(["2025年7月7日", "2025年7月7日"]);
  }, 60_000);

  it("list both dates under 最終更新日 on the public page", async () => {
    const { status, html } = await new Client(app.base).text(`/disclosures/${id}/v/2`);
    expect(status).toBe(200);
    const dates = visibleText(html.match(/<ul class="part-dates">[\s\S]*?<\/ul>/)![0]);
    expect(dates).toContain(`${agency.title}: 2026年7月7日`);
    expect(dates).toContain("別添 最低限のガイドライン遵守チェックリスト: 2025年7月7日");
  });
});
