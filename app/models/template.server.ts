// The template registry in the database: built-in templates synced from disclosures/templates,
// and (later) imported ones. A stored template version is immutable.
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.js";
import { canonicalJson, sha256Hex } from "../../disclosures/canonical-json.js";
import { proposeCrosswalk, type Crosswalk } from "../../disclosures/crosswalk.js";
import { compareVersions, loadTemplateDirectory } from "../../disclosures/template-loader.js";
import type { Template } from "../../disclosures/template-schema.js";
import { clock } from "../../disclosures/clock.js";

export type SyncReport = { added: string[]; unchanged: string[] };

/**
 * Validates every file in `dir` and stores the versions not stored yet, in one transaction:
 * one broken file or one changed published version and nothing is written.
 */
export async function syncBuiltinTemplates(db: Kysely<Database>, dir: string, now = clock.now()): Promise<SyncReport> {
  const templates = loadTemplateDirectory(dir);
  return db.transaction().execute(async (trx) => {
    const report: SyncReport = { added: [], unchanged: [] };
    for (const template of templates) {
      const label = `${template.id}@${template.version}`;
      const json = canonicalJson(template);
      const hash = sha256Hex(json);
      const stored = await trx
        .selectFrom("template_version")
        .select(["content_hash"])
        .where("template_id", "=", template.id)
        .where("version", "=", template.version)
        .executeTakeFirst();
      if (stored) {
        if (stored.content_hash !== hash) {
          throw new Error(`${label}: the stored version differs from the file. Published template versions are immutable: give the changed template a new version.`);
        }
        report.unchanged.push(label);
        continue;
      }
      await trx
        .insertInto("template_version")
        .values({ template_id: template.id, version: template.version, title: template.title, definition: json, content_hash: hash, origin: "builtin", created_at: now })
        .execute();
      report.added.push(label);
    }
    return report;
  });
}

export type TemplateListEntry = { id: string; version: string; title: string; versions: string[] };

/** One entry per template id: its latest version, plus all versions newest first. */
export async function listTemplates(db: Kysely<Database>): Promise<TemplateListEntry[]> {
  const rows = await db.selectFrom("template_version").select(["template_id", "version", "title"]).execute();
  const byId = new Map<string, typeof rows>();
  for (const row of rows) byId.set(row.template_id, [...(byId.get(row.template_id) ?? []), row]);
  return [...byId.values()]
    .map((versions) => {
      versions.sort((a, b) => compareVersions(b.version, a.version));
      return { id: versions[0].template_id, version: versions[0].version, title: versions[0].title, versions: versions.map((v) => v.version) };
    })
    .sort((a, b) => a.id.localeCompare(b.id));
}

// Stored versions never change, so a parsed definition can be cached for the process lifetime.
const cache = new Map<string, { template: Template; contentHash: string }>();

export async function getTemplate(db: Kysely<Database>, id: string, version: string): Promise<{ template: Template; contentHash: string } | undefined> {
  const cacheKey = `${id}@${version}`;
  const cached = cache.get(cacheKey);
  if (cached) return cached;
  const row = await db
    .selectFrom("template_version")
    .select(["definition", "content_hash"])
    .where("template_id", "=", id)
    .where("version", "=", version)
    .executeTakeFirst();
  if (!row) return undefined;
  const entry = { template: JSON.parse(row.definition) as Template, contentHash: row.content_hash };
  cache.set(cacheKey, entry);
  return entry;
}

export async function latestTemplateVersion(db: Kysely<Database>, id: string): Promise<string | undefined> {
  const rows = await db.selectFrom("template_version").select(["version"]).where("template_id", "=", id).execute();
  return rows.map((r) => r.version).sort(compareVersions).at(-1);
}

// Both versions are immutable, and so is a crosswalk stored with the newer one (it is written in the same
// insert as the version): computed or read once per pair for the process lifetime. A pair whose newer version
// does not exist yet is not cached.
const crosswalks = new Map<string, Crosswalk>();

/** The crosswalk stored with an imported edition (`template_version.crosswalk`): from which version, and its pairs. */
export type StoredCrosswalk = Pick<Crosswalk, "matches" | "removed" | "added"> & { from: string };

/**
 * Which items of version `to` continue which of version `from` (disclosures/crosswalk.ts): the crosswalk an
 * administrator confirmed when `to` was imported, if it was made from `from`; otherwise proposed from the two
 * stored versions, by number and similar text. Undefined when either version is unknown.
 */
export async function crosswalkBetween(db: Kysely<Database>, id: string, from: string, to: string): Promise<Crosswalk | undefined> {
  const cacheKey = `${id}@${from}→${to}`;
  const cached = crosswalks.get(cacheKey);
  if (cached) return cached;
  const [older, newer, row] = await Promise.all([
    getTemplate(db, id, from),
    getTemplate(db, id, to),
    db.selectFrom("template_version").select(["crosswalk"]).where("template_id", "=", id).where("version", "=", to).executeTakeFirst(),
  ]);
  if (!older || !newer) return undefined;
  const stored = row?.crosswalk ? (JSON.parse(row.crosswalk) as StoredCrosswalk) : undefined;
  const crosswalk: Crosswalk =
    stored?.from === from
      ? { templateId: id, fromVersion: from, toVersion: to, matches: stored.matches, removed: stored.removed, added: stored.added }
      : proposeCrosswalk(older.template, newer.template);
  crosswalks.set(cacheKey, crosswalk);
  return crosswalk;
}

/** The newest version of the template when it is newer than `version`, else null. */
export async function newerTemplateVersion(db: Kysely<Database>, id: string, version: string): Promise<string | null> {
  const newest = await latestTemplateVersion(db, id);
  return newest && compareVersions(newest, version) > 0 ? newest : null;
}

/** A template's metadata for pages that send the items separately (smaller loader data). */
export function withoutSections(template: Template): Omit<Template, "sections"> {
  const { sections: _sections, ...meta } = template;
  return meta;
}
