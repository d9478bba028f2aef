import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../db/connection.js";
import { computeDerived, type AllMetResult } from "../disclosures/derived.js";
import type { DisclosureContent } from "../disclosures/disclosure-content.js";
import { answersOf } from "../disclosures/disclosure-view.js";
import { loadTemplateFile } from "../disclosures/template-loader.js";
import { databaseEnv, freshDatabasePath, ROOT } from "./helpers/db.js";

const seed = (file: string, env: Record<string, string> = {}) =>
  spawnSync(process.execPath, ["--import", "tsx", "db/seed.ts"], { cwd: ROOT, encoding: "utf8", timeout: 60_000, env: { ...process.env, ...databaseEnv(file), ...env } });

describe("npm run seed", () => {
  it("loads templates and demo data once; a second run changes nothing", async () => {
    const file = freshDatabasePath();
    const first = seed(file);
    expect(first.status).toBe(0);
    // Every version of the five forms: the archived 1.0.0, the corrected 1.1.0, and the cybersecurity checklist's 1.2.0.
    expect(first.stdout).toContain("templates: 11 added");
    const password = first.stdout.match(/vendor@demo\.kaiji\.example\s+(\S+)/)![1];
    const db = openDatabase(file);
    const users = await db.selectFrom("user").select(["email", "password_hash", "is_admin"]).execute();
    const demo = users.filter((u) => u.email.endsWith("@demo.kaiji.example"));
    expect(demo.map((u) => u.email).sort()).toEqual(["admin@demo.kaiji.example", "agency@demo.kaiji.example", "hospital@demo.kaiji.example", "vendor@demo.kaiji.example"]);
    expect(demo.every((u) => u.password_hash.startsWith("$argon2id$") && !u.password_hash.includes(password))).toBe(true);
    // The fictional vendors of the demo directory cannot sign in: their hash is not a hash.
    const fictional = users.filter((u) => !u.email.endsWith("@demo.kaiji.example"));
    expect(fictional).toHaveLength(40);
    expect(fictional.every((u) => u.email.endsWith("@fictional.kaiji.example") && !u.password_hash.startsWith("$argon2"))).toBe(true);
    expect(users.filter((u) => u.is_admin).map((u) => u.email)).toEqual(["admin@demo.kaiji.example"]);
    const orgs = await db.selectFrom("organization").select(["name", "kind"]).orderBy("name").execute();
    expect(orgs).toHaveLength(43);
    expect(first.stdout).toContain("demo directory: 40 fictional vendors, 200 disclosures");
    // The demo hospital has a shortlist and a criteria profile to try the comparison with.
    expect(await db.selectFrom("shortlist_entry").select("disclosure_id").execute()).toHaveLength(4);
    expect(await db.selectFrom("criteria_profile").select("id").execute()).toHaveLength(1);
    // Every built-in template has a published demo disclosure; the HISPRO one has three versions, the 代行機関 one two.
    expect(first.stdout).toContain("demo disclosures: 8 versions published");
    const published = await db
      .selectFrom("disclosure")
      .innerJoin("organization", "organization.id", "disclosure.organization_id")
      .select(["template_id", "template_version", "latest_version"])
      .where("organization.name", "like", "デモ%")
      .orderBy("template_id")
      .execute();
    // On the latest version of each form, as a vendor starting today would fill it in.
    expect(published.map((d) => [d.template_id, d.template_version, d.latest_version])).toEqual([
      ["agency-disclosure", "1.1.0", 2],
      ["cybersecurity-checklist", "1.2.0", 1],
      ["hispro-checksheet", "1.1.0", 3],
      ["minimum-guideline-checklist", "1.1.0", 1],
      ["responsibility-checklist", "1.1.0", 1],
    ]);

    // The demo 代行機関 disclosure is the seed-003 answer set as printed, under fictional names (issue 16 item 5): its
    // six 「実施予定(対象事項無)」 rows, its remarks, and so the official verdict by 注8, 遵守していない.
    const agencyVersions = await db
      .selectFrom("disclosure_version")
      .innerJoin("disclosure", "disclosure.id", "disclosure_version.disclosure_id")
      .select(["disclosure_version.disclosure_id", "disclosure_version.number", "disclosure_version.content", "disclosure_version.published_at"])
      .where("disclosure.template_id", "=", "agency-disclosure")
      .where("disclosure.organization_id", "in", db.selectFrom("organization").select("id").where("name", "=", "デモ健診代行センター株式会社"))
      .orderBy("disclosure_version.number")
      .execute();
    const agencyVersion = agencyVersions.at(-1)!;
    // As seed 003 dates its parts: the 概要 2025年7月7日, the 別添 (with its remarks) 2026年7月7日 (DECISIONS 43).
    const { partDates } = await import("../disclosures/document-parts.js");
    const dates = partDates(loadTemplateFile(path.join(ROOT, "disclosures/templates/agency-disclosure@1.1.0.json")), agencyVersions.map((v) => ({ publishedAt: v.published_at, content: JSON.parse(v.content) as DisclosureContent })));
    expect(Object.fromEntries(Object.entries(dates).map(([part, at]) => [part, new Date(at + 9 * 3_600_000).toISOString().slice(0, 10)]))).toEqual({ overview: "2025-07-07", appendix: "2026-07-07" });
    const agencyContent = JSON.parse(agencyVersion.content) as DisclosureContent;
    const example = JSON.parse(readFileSync(path.join(ROOT, "disclosures/examples/agency-disclosure.example.json"), "utf8")) as { answers: Record<string, unknown>; notes: Record<string, string> };
    for (const [key, value] of Object.entries(example.answers).filter(([k]) => k.startsWith("appendix."))) expect(agencyContent.responses[key]?.value, key).toEqual(value);
    for (const [key, note] of Object.entries(example.notes)) expect(agencyContent.responses[key]?.note, key).toBe(note);
    expect(agencyVersion.content).not.toMatch(/エヌ・ティ・ティ|nttba/);
    const agencyTemplate = loadTemplateFile(path.join(ROOT, "disclosures/templates/agency-disclosure@1.1.0.json"));
    const verdict = computeDerived(agencyTemplate, answersOf(agencyContent)).guidelineCompliance as AllMetResult;
    expect(verdict).toMatchObject({ label: "最低限のガイドラインを遵守していない", excludingOfficial: { count: 6, text: "対象事項無の6項目を除くと、最低限のガイドラインを遵守済" } });
    expect(verdict.countedAsOfficial.map((c) => c.key)).toEqual([
      "appendix.takeout.1",
      "appendix.takeout.2",
      "appendix.takeout.10",
      "appendix.externalExchange.7",
      "appendix.externalExchange.8",
      "appendix.externalExchange.11",
    ]);

    const second = seed(file);
    expect(second.status).toBe(0);
    expect(second.stdout).toContain("templates: 0 added, 11 unchanged");
    expect(second.stdout).toContain("demo accounts: already present");
    expect(second.stdout).not.toContain(password);
    expect(await db.selectFrom("user").select("id").execute()).toHaveLength(44);
    expect(await db.selectFrom("disclosure_version").select("number").execute()).toHaveLength(208);
    await db.destroy();
  }, 120_000); // two seed processes of ~8 s each, on a 2-core machine busy with other suites

  it("skips demo accounts with SEED_DEMO=0", async () => {
    const file = freshDatabasePath();
    expect(seed(file, { SEED_DEMO: "0" }).status).toBe(0);
    const db = openDatabase(file);
    expect(await db.selectFrom("user").select("id").execute()).toHaveLength(0);
    await db.destroy();
  });
});
