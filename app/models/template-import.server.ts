// Templates brought in from spreadsheets by administrators (issue 13): an import in progress is a working area
// (the uploaded file and the mapping being written); nothing becomes a template until it is published, which goes
// through the same validation and immutability as the built-in templates and keeps the mapping with the version.
import { createHash, randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.js";
import { canonicalJson, sha256Hex } from "../../disclosures/canonical-json.js";
import { clock } from "../../disclosures/clock.js";
import { compareVersions, validateTemplate } from "../../disclosures/template-loader.js";
import { previewImport, readWorkbook, type ImportPreview, type ImportProblem, type WorkbookGrid } from "../../disclosures/workbook/index.js";

export { WORKBOOK_LIMITS, WorkbookError } from "../../disclosures/workbook/index.js";
import { audit, type AuditActor, type RequestMeta } from "./audit.server.js";
import { importCrosswalk, previousEdition, storedCrosswalk, type StoredDecisions } from "./template-import-crosswalk.server.js";
import { displayFileName, initialMapping, nextEditionMapping } from "./template-import-form.server.js";

export type TemplateImportRow = {
  id: string;
  file_name: string;
  file_size: number;
  file_sha256: string;
  uploaded_by: string;
  uploaded_at: number;
  mapping: string;
  revision: number;
  updated_at: number;
  based_on: string | null;
  /** The administrator's decisions on the crosswalk from the previous edition (template-import-crosswalk.server.ts). */
  crosswalk: string | null;
};

const IMPORT_COLUMNS = ["id", "file_name", "file_size", "file_sha256", "uploaded_by", "uploaded_at", "mapping", "revision", "updated_at", "based_on", "crosswalk"] as const;

// ---- the parsed grids, kept between changes of the mapping -----------------------------------------------

/**
 * Parsed grids by import id, least recently used first out, each with the preview of the import's current
 * mapping revision. A 5,000-row workbook takes ~0.45 s of CPU to read and ~0.3 s to preview (1.2 s and 0.8 s wall
 * on the busy 2-core machine), its grid ~3.4 MB of heap; without the cache each change of the mapping would read
 * the file again and each page view would preview again. Bounded by entries and by an estimate of the heap held
 * (the entry just read stays even when it alone is larger). An import's file never changes, so an entry is only
 * dropped (publish, delete, eviction), never stale; a preview is kept per revision of the mapping.
 */
export const GRID_CACHE_LIMITS = { entries: 4, bytes: 64 * 1024 * 1024 } as const;

type CacheEntry = { grid: WorkbookGrid; bytes: number; preview?: { revision: number; result: ImportPreview } };
const grids = new Map<string, CacheEntry>();

/**
 * A rough size of a grid in V8's heap: each row an array of pointers, each non-empty cell its (two-byte) string,
 * times 1.5 for what this count misses — calibrated on the 5,000-row MDS-shaped benchmark workbook, whose grid
 * measured 3.4 MB of heap against 2.3 MB counted.
 */
export function estimateGridBytes(grid: WorkbookGrid): number {
  let bytes = 0;
  for (const sheet of grid.sheets)
    for (const row of sheet.rows) {
      bytes += 32 + row.length * 8;
      for (const cell of row) if (cell) bytes += 24 + cell.length * 2;
    }
  return Math.round(bytes * 1.5);
}

function remember(id: string, grid: WorkbookGrid): CacheEntry {
  const entry: CacheEntry = { grid, bytes: estimateGridBytes(grid) };
  grids.delete(id);
  grids.set(id, entry);
  let total = [...grids.values()].reduce((n, e) => n + e.bytes, 0);
  for (const [key, old] of grids) {
    if (grids.size <= GRID_CACHE_LIMITS.entries && total <= GRID_CACHE_LIMITS.bytes) break;
    if (key === id) continue;
    grids.delete(key);
    total -= old.bytes;
  }
  return entry;
}

function cached(id: string): CacheEntry | undefined {
  const entry = grids.get(id);
  if (entry) {
    grids.delete(id);
    grids.set(id, entry);
  }
  return entry;
}

export function forgetImport(id: string) {
  grids.delete(id);
}

/** For tests and the benchmark: what the cache holds. */
export function gridCacheStats() {
  return { entries: grids.size, bytes: [...grids.values()].reduce((n, e) => n + e.bytes, 0), ids: [...grids.keys()] };
}

// One workbook is read at a time: exceljs's garbage is collected lazily, and two 10 MB reads at once would more
// than double the peak (DECISIONS 21). Readers wait their turn.
let reading: Promise<unknown> = Promise.resolve();
function readOneAtATime(bytes: Buffer, fileName: string): Promise<WorkbookGrid> {
  const next = reading.then(() => readWorkbook(bytes, { fileName }));
  reading = next.catch(() => undefined);
  return next;
}

// ---- imports ----------------------------------------------------------------------------------------

/** An import of this administrator's: another administrator's import is as unknown as a missing one. */
export async function getImport(db: Kysely<Database>, id: string, userId: string): Promise<TemplateImportRow | undefined> {
  return db.selectFrom("template_import").select(IMPORT_COLUMNS).where("id", "=", id).where("uploaded_by", "=", userId).executeTakeFirst();
}

export async function importGrid(db: Kysely<Database>, row: Pick<TemplateImportRow, "id" | "file_name">): Promise<WorkbookGrid> {
  const hit = cached(row.id);
  if (hit) return hit.grid;
  const stored = await db.selectFrom("template_import").select(["file_bytes"]).where("id", "=", row.id).executeTakeFirstOrThrow();
  const grid = await readOneAtATime(Buffer.from(stored.file_bytes), row.file_name);
  remember(row.id, grid);
  return grid;
}

const ENGLISH_MESSAGES: [RegExp, string][] = [
  [/key must be ASCII letters\/digits separated by \. _ -/, "半角英数字と . _ - だけで書いてください（例: mds-sample）。"],
  [/version must look like 1\.0\.0/, "1.0.0 のように数字を . で3つ区切って書いてください。"],
  [/Expected array, received \w+/, "一覧（[ ] で囲んだ値）で指定してください。"],
  [/Expected object, received \w+/, "{ } で囲んだ値で指定してください。"],
  [/Expected string, received \w+/, "文字列で指定してください。"],
  [/Expected number, received \w+/, "数値で指定してください。"],
  [/Invalid enum value\. Expected (.+), received '(.*)'$/, "使える値は $1 です（指定された値: $2）。"],
  [/Number must be greater than 0/, "1以上の数を指定してください。"],
  [/Expected integer, received float/, "整数で指定してください。"],
];

/** A few messages of the schemas underneath are English (zod's defaults): the administrator reads Japanese. */
function inJapanese(problem: ImportProblem): ImportProblem {
  for (const [pattern, replacement] of ENGLISH_MESSAGES) if (pattern.test(problem.message)) return { ...problem, message: problem.message.replace(pattern, replacement) };
  return problem;
}

/** The preview of an import's current mapping; computed once per revision of the mapping. */
export async function importPreview(db: Kysely<Database>, row: TemplateImportRow): Promise<{ grid: WorkbookGrid; preview: ImportPreview }> {
  const grid = await importGrid(db, row);
  const entry = cached(row.id);
  if (entry?.preview?.revision === row.revision) return { grid, preview: entry.preview.result };
  const raw = previewImport(grid, JSON.parse(row.mapping));
  const preview = { ...raw, problems: raw.problems.map(inJapanese) };
  if (entry) entry.preview = { revision: row.revision, result: preview };
  return { grid, preview };
}

export type ImportListEntry = { id: string; fileName: string; fileSize: number; uploadedBy: string | null; uploadedAt: number; updatedAt: number; target: string | null; basedOn: string | null };

/** The administrator's own imports in progress, latest change first. */
export async function listImports(db: Kysely<Database>, userId: string): Promise<ImportListEntry[]> {
  const rows = await db
    .selectFrom("template_import")
    .leftJoin("user", "user.id", "template_import.uploaded_by")
    .select(["template_import.id", "template_import.file_name", "template_import.file_size", "template_import.uploaded_at", "template_import.updated_at", "template_import.mapping", "template_import.based_on", "user.email"])
    .where("template_import.uploaded_by", "=", userId)
    .orderBy("template_import.updated_at", "desc")
    .execute();
  return rows.map((r) => {
    let target: string | null = null;
    try {
      const t = (JSON.parse(r.mapping) as { template?: { id?: unknown; version?: unknown } }).template;
      if (typeof t?.id === "string" && t.id) target = typeof t.version === "string" && t.version ? `${t.id}@${t.version}` : t.id;
    } catch {
      target = null;
    }
    return { id: r.id, fileName: displayFileName(r.file_name), fileSize: r.file_size, uploadedBy: r.email, uploadedAt: r.uploaded_at, updatedAt: r.updated_at, target, basedOn: r.based_on };
  });
}

// ---- the registry as administrators see it ------------------------------------------------------------

export type RegistryEntry = {
  id: string;
  title: string;
  versions: { version: string; title: string; origin: "builtin" | "import"; contentHash: string; createdAt: number; hasMapping: boolean }[];
};

export async function listTemplateRegistry(db: Kysely<Database>): Promise<RegistryEntry[]> {
  const rows = await db.selectFrom("template_version").select(["template_id", "version", "title", "origin", "content_hash", "created_at", "mapping"]).execute();
  const byId = new Map<string, typeof rows>();
  for (const row of rows) byId.set(row.template_id, [...(byId.get(row.template_id) ?? []), row]);
  return [...byId.entries()]
    .map(([id, versions]) => {
      versions.sort((a, b) => compareVersions(b.version, a.version));
      return {
        id,
        title: versions[0].title,
        versions: versions.map((v) => ({ version: v.version, title: v.title, origin: v.origin === "import" ? ("import" as const) : ("builtin" as const), contentHash: v.content_hash, createdAt: v.created_at, hasMapping: v.mapping !== null })),
      };
    })
    .sort((a, b) => a.id.localeCompare(b.id));
}

/** The latest imported version of a template that has a saved mapping, with that mapping. */
export async function latestImportedMapping(db: Kysely<Database>, templateId: string): Promise<{ version: string; mapping: string } | undefined> {
  const rows = await db
    .selectFrom("template_version")
    .select(["version", "mapping"])
    .where("template_id", "=", templateId)
    .where("origin", "=", "import")
    .where("mapping", "is not", null)
    .execute();
  const latest = rows.sort((a, b) => compareVersions(a.version, b.version)).at(-1);
  return latest ? { version: latest.version, mapping: latest.mapping! } : undefined;
}

// ---- upload, change, delete, publish ------------------------------------------------------------------

/**
 * Reads the uploaded workbook (throws WorkbookError, nothing stored) and keeps it as a new import, its mapping
 * a first guess from the sheet or the previous edition's mapping with the version raised.
 */
export async function createImport(
  db: Kysely<Database>,
  actor: AuditActor & { userId: string },
  upload: { fileName: string; bytes: Buffer; basedOn?: string },
  meta: RequestMeta,
): Promise<string> {
  const fileName = displayFileName(upload.fileName);
  const grid = await readOneAtATime(upload.bytes, fileName);
  const base = upload.basedOn ? await latestImportedMapping(db, upload.basedOn) : undefined;
  const mapping = base ? nextEditionMapping(base.mapping) : initialMapping(grid, fileName);
  const id = randomUUID();
  const now = clock.now();
  const sha256 = createHash("sha256").update(upload.bytes).digest("hex");
  const basedOn = base ? `${upload.basedOn}@${base.version}` : null;
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto("template_import")
      .values({ id, file_name: fileName, file_size: upload.bytes.length, file_sha256: sha256, file_bytes: upload.bytes, uploaded_by: actor.userId, uploaded_at: now, mapping: JSON.stringify(mapping, null, 2), updated_at: now, based_on: basedOn })
      .execute();
    await audit(trx, { action: "template.import_uploaded", actor, meta, target: id, detail: { file: fileName, size: upload.bytes.length, sha256, ...(basedOn ? { based_on: basedOn } : {}) } }, now);
  });
  remember(id, grid);
  return id;
}

/** Stores a changed mapping if the import is still at `revision`; false when someone changed it meanwhile. */
export async function saveImportMapping(db: Kysely<Database>, id: string, revision: number, mapping: object): Promise<boolean> {
  const result = await db
    .updateTable("template_import")
    .set({ mapping: JSON.stringify(mapping, null, 2), revision: revision + 1, updated_at: clock.now() })
    .where("id", "=", id)
    .where("revision", "=", revision)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Stores the administrator's decisions on the crosswalk if the import is still at `revision` (the revision is
 * raised as for any change); false when someone changed it meanwhile. The mapping is unchanged, so the kept
 * preview moves to the new revision.
 */
export async function saveImportCrosswalk(db: Kysely<Database>, id: string, revision: number, decisions: StoredDecisions): Promise<boolean> {
  const result = await db
    .updateTable("template_import")
    .set({ crosswalk: JSON.stringify(decisions), revision: revision + 1, updated_at: clock.now() })
    .where("id", "=", id)
    .where("revision", "=", revision)
    .executeTakeFirst();
  const saved = Number(result.numUpdatedRows) === 1;
  const entry = grids.get(id);
  if (saved && entry?.preview?.revision === revision) entry.preview = { ...entry.preview, revision: revision + 1 };
  return saved;
}

export async function deleteImport(db: Kysely<Database>, actor: AuditActor, row: TemplateImportRow, meta: RequestMeta): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom("template_import").where("id", "=", row.id).execute();
    await audit(trx, { action: "template.import_deleted", actor, meta, target: row.id, detail: { file: displayFileName(row.file_name) } });
  });
  forgetImport(row.id);
}

/** Another edition was stored between the check and the transaction: rolls the transaction back. */
class EditionChanged extends Error {}

export type PublishResult = { ok: true; templateId: string; version: string } | { ok: false; status: number; message: string };

/**
 * Publishes the import's template version: the preview must have no error, the template passes validateTemplate
 * (as every built-in does), and id@version must be new. One transaction stores the version (origin "import", its
 * content hash and the mapping with its defaults filled in), removes the import and writes the audit entry. A new
 * edition of a stored template also keeps its crosswalk from the previous edition, the proposal as the
 * administrator corrected it, which must pass checkCrosswalk; `crosswalkFrom` is the previous edition the page
 * showed ("" for none): when another edition has been published since, the administrator looks again (409).
 */
export async function publishImport(db: Kysely<Database>, actor: AuditActor, row: TemplateImportRow, meta: RequestMeta, options: { crosswalkFrom?: string } = {}): Promise<PublishResult> {
  const { preview } = await importPreview(db, row);
  const errors = preview.problems.filter((p) => p.kind === "error").length;
  if (!preview.template || !preview.mapping || errors) return { ok: false, status: 400, message: `問題が${errors || 1}件あるため公開できません。プレビューの問題を直してください。` };
  const template = validateTemplate(preview.template, `${preview.template.id}@${preview.template.version}`);
  const definition = canonicalJson(template);
  const contentHash = sha256Hex(definition);
  const label = `${template.id}@${template.version}`;
  const edition = await importCrosswalk(db, template, row.crosswalk);
  if (edition?.problems.length) return { ok: false, status: 400, message: `対応表に問題が${edition.problems.length}件あるため公開できません。前の版との対応表の問題を直してください。` };
  const changedEdition = { ok: false as const, status: 409, message: "この様式に別の版が登録されたため、前の版との対応表が変わりました。対応表を確かめてから公開してください。" };
  if (options.crosswalkFrom !== undefined && options.crosswalkFrom !== (edition?.from.version ?? "")) return changedEdition;
  const outcome = await db.transaction().execute(async (trx): Promise<PublishResult> => {
    const existing = await trx.selectFrom("template_version").select(["origin"]).where("template_id", "=", template.id).where("version", "=", template.version).executeTakeFirst();
    if (existing)
      return { ok: false, status: 409, message: `様式「${template.id}」の版 ${template.version} は既に登録されています（${existing.origin === "import" ? "取込" : "組み込み"}）。登録済みの版は変更できないため、版の番号を上げてください。` };
    const removed = await trx.deleteFrom("template_import").where("id", "=", row.id).where("revision", "=", row.revision).executeTakeFirst();
    if (Number(removed.numDeletedRows) !== 1) return { ok: false, status: 409, message: "この取込は別の画面で変更または削除されました。最新の内容を確かめてから公開してください。" };
    if ((await previousEdition(trx, template.id, template.version))?.version !== edition?.from.version) throw new EditionChanged();
    await trx
      .insertInto("template_version")
      .values({
        template_id: template.id,
        version: template.version,
        title: template.title,
        definition,
        content_hash: contentHash,
        origin: "import",
        created_at: clock.now(),
        mapping: JSON.stringify(preview.mapping),
        crosswalk: edition ? JSON.stringify(storedCrosswalk(edition)) : null,
      })
      .execute();
    // How far the administrator changed the proposal: pairs kept as proposed, taken apart, and their own.
    const crosswalk: Record<string, string | number> = edition
      ? {
          crosswalk_from: `${template.id}@${edition.from.version}`,
          crosswalk_pairs: edition.crosswalk.matches.length,
          crosswalk_confirmed: edition.counts.confirmed,
          crosswalk_rejected: edition.counts.rejected,
          crosswalk_added: edition.counts.added,
        }
      : {};
    await audit(trx, { action: "template.imported", actor, meta, target: label, detail: { template: label, items: preview.itemCount, sha256: contentHash, file: displayFileName(row.file_name), ...crosswalk } });
    return { ok: true, templateId: template.id, version: template.version };
  }).catch((error: unknown) => {
    if (error instanceof EditionChanged) return changedEdition;
    throw error;
  });
  if (outcome.ok) forgetImport(row.id);
  return outcome;
}
