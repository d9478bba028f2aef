// The directory benchmark's seed (db/directory-seed.ts) writes what publish writes, so the
// figures measured on it hold for published data: versions with verifiable hashes, summaries that match
// their content, a full-text row per disclosure.
import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { syncBuiltinTemplates, getTemplate } from "../app/models/template.server.js";
import type { Database } from "../db/schema.js";
import { contentHash, type DisclosureContent } from "../disclosures/disclosure-content.js";
import { validateForPublish } from "../disclosures/publish-validation.js";
import { summarizeVersion } from "../disclosures/summary.js";
import { seedDirectoryBench, type DirectoryBenchSeed } from "../db/directory-seed.js";
import { freshDatabase, TEMPLATES_DIR } from "./helpers/db.js";

describe("directory benchmark seed", () => {
  let db: Kysely<Database>;
  let seeded: DirectoryBenchSeed;
  const now = Date.parse("2026-11-01T00:00:00+09:00");

  beforeAll(async () => {
    db = freshDatabase().db;
    await syncBuiltinTemplates(db, TEMPLATES_DIR);
    seeded = await seedDirectoryBench(db, { vendors: 20, seed: 7, now });
  });
  afterAll(() => db.destroy());

  it("publishes one version of every built-in template for each of 20 vendors", async () => {
    const disclosures = await db.selectFrom("disclosure").select(["id", "latest_version", "withdrawn_at", "template_id"]).execute();
    expect(seeded.disclosures).toBe(100);
    expect(disclosures).toHaveLength(100);
    expect(disclosures.every((d) => d.latest_version === 1 && d.withdrawn_at === null)).toBe(true);
    expect(new Set(disclosures.map((d) => d.template_id)).size).toBe(5);
    const vendors = await db.selectFrom("organization").select(["name", "kind"]).execute();
    expect(vendors).toHaveLength(20);
    expect(new Set(vendors.map((v) => v.name)).size).toBe(20);
    expect(seeded.publicHispro.length).toBeGreaterThan(10);
  });

  it("stores contents whose hash verifies, that pass publish validation, with summaries matching the content", async () => {
    const versions = await db
      .selectFrom("disclosure_version")
      .innerJoin("version_summary", (join) => join.onRef("version_summary.disclosure_id", "=", "disclosure_version.disclosure_id").onRef("version_summary.number", "=", "disclosure_version.number"))
      .selectAll("version_summary")
      .select(["disclosure_version.content", "disclosure_version.content_hash", "disclosure_version.template_id", "disclosure_version.template_version", "disclosure_version.published_at as version_published_at"])
      .execute();
    expect(versions).toHaveLength(100);
    for (const v of versions) {
      const content = JSON.parse(v.content) as DisclosureContent;
      expect(contentHash(content)).toBe(v.content_hash);
      const { template } = (await getTemplate(db, v.template_id, v.template_version))!;
      expect(validateForPublish(template, content)).toEqual([]);
      const s = summarizeVersion(template, content);
      expect({
        requiredApplicable: v.required_applicable,
        requiredMet: v.required_met,
        recommendedApplicable: v.recommended_applicable,
        recommendedMet: v.recommended_met,
        planned: v.planned,
        unmet: v.unmet,
        notApplicable: v.not_applicable,
        unanswered: v.unanswered,
        outcomes: v.outcomes,
        release: v.release,
      }).toEqual(s);
      expect(v.published_at).toBe(v.version_published_at);
      expect(v.published_at).toBeLessThanOrEqual(now);
    }
  });

  it("indexes every disclosure for full-text search", async () => {
    const rows = await db
      .selectFrom("disclosure")
      .innerJoin("search_document", "search_document.disclosure_id", "disclosure.id")
      .innerJoin("disclosure_search", "disclosure_search.rowid", "search_document.id")
      .select(["disclosure.id"])
      .execute();
    expect(rows).toHaveLength(100);
  });

  it("is deterministic: the same seed gives the same data", async () => {
    const again = freshDatabase().db;
    await syncBuiltinTemplates(again, TEMPLATES_DIR);
    const second = await seedDirectoryBench(again, { vendors: 20, seed: 7, now });
    const hashes = (k: Kysely<Database>) => k.selectFrom("disclosure_version").select(["disclosure_id", "content_hash"]).orderBy("disclosure_id").execute();
    expect(second).toEqual(seeded);
    expect(await hashes(again)).toEqual(await hashes(db));
    await again.destroy();
  });
});
