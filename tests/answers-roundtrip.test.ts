// Export → import of every demo disclosure (issue 14): the workbook the portal writes for a version, read back
// against that version, finds every item unchanged — all five built-in forms, choices and tables included.
import { describe, expect, it } from "vitest";
import { getDisclosure, getVersion } from "../app/models/disclosure.server.js";
import { syncBuiltinTemplates, getTemplate } from "../app/models/template.server.js";
import { answersWorkbook } from "../app/utils/answers-export.server.js";
import { seedDemo } from "../db/demo-data.js";
import { seedDemoDisclosures } from "../db/demo-disclosures.js";
import { previewAnswerImport } from "../disclosures/answer-import.js";
import { readWorkbook } from "../disclosures/workbook/index.js";
import { freshDatabase, TEMPLATES_DIR } from "./helpers/db.js";

describe("the demo disclosures through a workbook and back", () => {
  it("reports every item of every demo disclosure unchanged", async () => {
    const { db } = freshDatabase();
    await syncBuiltinTemplates(db, TEMPLATES_DIR);
    await seedDemo(db, "Roundtrip-Password-2026!");
    await seedDemoDisclosures(db);
    const demo = await db.selectFrom("disclosure").innerJoin("organization", "organization.id", "disclosure.organization_id").select(["disclosure.id", "disclosure.organization_id", "organization.name"]).where("organization.name", "like", "デモ%").where("disclosure.latest_version", ">", 0).execute();
    const results: Record<string, { rows: number; unchanged: number; other: string[] }> = {};
    for (const d of demo) {
      const disclosure = (await getDisclosure(db, d.organization_id, d.id))!;
      const version = (await getVersion(db, d.id, disclosure.latest_version))!;
      const { template } = (await getTemplate(db, version.template_id, version.template_version))!;
      const bytes = await answersWorkbook({ template, content: version.parsed, organizationName: d.name, serviceName: disclosure.service_name, versionLabel: `第${version.number}版`, publishedAt: version.published_at, contentHash: version.content_hash, base: { version: version.number }, now: version.published_at });
      // Read back against the version itself as the draft: nothing may look changed.
      const preview = previewAnswerImport({ grid: await readWorkbook(bytes), template, draft: { content: version.parsed, revisions: {} }, versions: { [version.number]: version.parsed }, today: "2026-12-02" });
      expect(preview.fileProblem).toBeNull();
      results[template.id] = { rows: preview.rows.length, unchanged: preview.totals.unchanged, other: preview.rows.filter((r) => r.status !== "unchanged").map((r) => `${r.key}: ${r.status} ${r.messages.join(" ")}`) };
    }
    expect(Object.keys(results).sort()).toEqual(["agency-disclosure", "cybersecurity-checklist", "hispro-checksheet", "minimum-guideline-checklist", "responsibility-checklist"]);
    for (const [id, r] of Object.entries(results)) {
      expect({ id, other: r.other }).toEqual({ id, other: [] });
      expect(r.unchanged).toBe(r.rows);
    }
    await db.destroy();
  }, 120_000);
});
