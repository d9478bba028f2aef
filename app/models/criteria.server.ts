// Criteria profiles (評価基準) of a hospital organisation: for one template, which items are
// must-haves beyond 必須 (必達), which are left out (対象外とする), and the weight of each status
// item. The comparison and the directory apply a profile to every vendor at once. Every query is
// scoped by organisation id; permission checks are the routes'.
import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.js";
import { CONTROL_MESSAGE, FORMAT_CHARACTERS, formatCharacterMessage, SINGLE_LINE_CONTROL_CHARACTERS } from "../../disclosures/answers.js";
import {
  criteriaItemMatches,
  criteriaItemsSchema,
  DEFAULT_WEIGHT,
  isChangedFromDefault,
  isIgnored,
  isMustHave,
  WEIGHT_MAX,
  type CriteriaFilters,
  type CriteriaItem,
  type CriteriaItems,
} from "../../disclosures/criteria.js";
import { walkItems } from "../../disclosures/template-loader.js";
import { keySchema, type Item, type Level, type Section, type Template } from "../../disclosures/template-schema.js";
import { audit, type AuditActor, type RequestMeta } from "./audit.server.js";
import { getTemplate, latestTemplateVersion, listTemplates } from "./template.server.js";
import { clock } from "../../disclosures/clock.js";

export const CRITERIA_LIMITS = { profiles: 50, nameMax: 100 } as const;
export const CRITERIA_HOSPITAL_ONLY = "評価基準は医療機関の組織で使えます";
export const criteriaModes = ["standard", "must", "ignore"] as const;
export type CriteriaMode = (typeof criteriaModes)[number];

/** A rule of criteria profiles was broken: the message is for the user. `itemKey` names the item at fault. */
export class CriteriaRuleError extends Error {
  constructor(
    message: string,
    readonly itemKey?: string,
  ) {
    super(message);
  }
}

export type CriteriaProfile = { id: string; name: string; templateId: string; items: CriteriaItems };

function checkName(raw: string): string {
  const name = raw.trim();
  if (!name) throw new CriteriaRuleError("評価基準の名前を入力してください");
  if (name.length > CRITERIA_LIMITS.nameMax) throw new CriteriaRuleError(`評価基準の名前は${CRITERIA_LIMITS.nameMax}文字以内で入力してください`);
  if (SINGLE_LINE_CONTROL_CHARACTERS.test(name)) throw new CriteriaRuleError(CONTROL_MESSAGE);
  if (FORMAT_CHARACTERS.test(name)) throw new CriteriaRuleError(formatCharacterMessage(name));
  return name;
}

/** Stored JSON that no longer parses is treated as "no criteria" rather than breaking the pages. */
function parseItems(json: string): CriteriaItems {
  try {
    const parsed = criteriaItemsSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

/** The profile (for the comparison and the directory), or undefined when the organisation has none by that id. */
export async function getCriteriaProfile(db: Kysely<Database>, organizationId: string, id: string): Promise<CriteriaProfile | undefined> {
  const row = await db.selectFrom("criteria_profile").select(["id", "name", "template_id", "items"]).where("organization_id", "=", organizationId).where("id", "=", id).executeTakeFirst();
  return row ? { id: row.id, name: row.name, templateId: row.template_id, items: parseItems(row.items) } : undefined;
}

/** A profile of any of the reader's hospitals (any member may apply one), optionally only of one template. */
export async function findReadersCriteriaProfile(db: Kysely<Database>, hospitals: string[], id: string, templateId?: string): Promise<CriteriaProfile | undefined> {
  if (!hospitals.length) return undefined;
  let query = db.selectFrom("criteria_profile").select(["id", "name", "template_id", "items"]).where("organization_id", "in", hospitals).where("id", "=", id);
  if (templateId) query = query.where("template_id", "=", templateId);
  const row = await query.executeTakeFirst();
  return row ? { id: row.id, name: row.name, templateId: row.template_id, items: parseItems(row.items) } : undefined;
}

export type CriteriaProfileSummary = { id: string; name: string; templateId: string; templateTitle: string; updatedAt: number; must: number; ignored: number; weighted: number };

/** Every profile of the organisation (optionally of one template), by template then name. */
export async function listCriteriaProfiles(db: Kysely<Database>, organizationId: string, templateId?: string): Promise<CriteriaProfileSummary[]> {
  let query = db.selectFrom("criteria_profile").select(["id", "name", "template_id", "items", "updated_at"]).where("organization_id", "=", organizationId);
  if (templateId) query = query.where("template_id", "=", templateId);
  const [rows, templates] = await Promise.all([query.orderBy("template_id").orderBy("name").orderBy("id").execute(), listTemplates(db)]);
  const titles = new Map(templates.map((t) => [t.id, t.title]));
  return rows.map((r) => {
    const items = Object.values(parseItems(r.items));
    return {
      id: r.id,
      name: r.name,
      templateId: r.template_id,
      templateTitle: titles.get(r.template_id) ?? r.template_id,
      updatedAt: r.updated_at,
      must: items.filter((i) => i.mode === "must").length,
      ignored: items.filter((i) => i.mode === "ignore").length,
      weighted: items.filter((i) => i.weight !== undefined && i.weight !== DEFAULT_WEIGHT).length,
    };
  });
}

/** The latest version of a template, whose items a profile of it may name. */
export async function criteriaTemplate(db: Kysely<Database>, templateId: string): Promise<Template | undefined> {
  const version = await latestTemplateVersion(db, templateId);
  return version ? (await getTemplate(db, templateId, version))?.template : undefined;
}

export async function createCriteriaProfile(db: Kysely<Database>, actor: AuditActor & { userId: string }, organizationId: string, input: { name: string; templateId: string }, meta?: RequestMeta): Promise<string> {
  const name = checkName(input.name);
  if (!(await latestTemplateVersion(db, input.templateId))) throw new CriteriaRuleError("様式を選んでください");
  const id = randomUUID();
  await db.transaction().execute(async (trx) => {
    const { n } = await trx.selectFrom("criteria_profile").select((eb) => eb.fn.countAll<number>().as("n")).where("organization_id", "=", organizationId).executeTakeFirstOrThrow();
    if (Number(n) >= CRITERIA_LIMITS.profiles) throw new CriteriaRuleError(`評価基準は1つの組織で${CRITERIA_LIMITS.profiles}件まで作成できます`);
    await trx.insertInto("criteria_profile").values({ id, organization_id: organizationId, name, template_id: input.templateId, items: "{}", created_by: actor.userId, updated_at: clock.now() }).execute();
    await audit(trx, { action: "criteria.created", actor, meta, organizationId, target: name, detail: { profile: id, template: input.templateId } });
  });
  return id;
}

/** False when the organisation has no such profile. */
export async function renameCriteriaProfile(db: Kysely<Database>, actor: AuditActor, organizationId: string, id: string, rawName: string, meta?: RequestMeta): Promise<boolean> {
  const name = checkName(rawName);
  return db.transaction().execute(async (trx) => {
    const before = await getCriteriaProfile(trx, organizationId, id);
    if (!before) return false;
    if (before.name === name) return true;
    await trx.updateTable("criteria_profile").set({ name, updated_at: clock.now() }).where("organization_id", "=", organizationId).where("id", "=", id).execute();
    await audit(trx, { action: "criteria.updated", actor, meta, organizationId, target: name, detail: { profile: id, previous_name: before.name } });
    return true;
  });
}

/** False when the organisation has no such profile. */
export async function deleteCriteriaProfile(db: Kysely<Database>, actor: AuditActor, organizationId: string, id: string, meta?: RequestMeta): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const before = await getCriteriaProfile(trx, organizationId, id);
    if (!before) return false;
    await trx.deleteFrom("criteria_profile").where("organization_id", "=", organizationId).where("id", "=", id).execute();
    await audit(trx, { action: "criteria.deleted", actor, meta, organizationId, target: before.name, detail: { profile: id, template: before.templateId } });
    return true;
  });
}

const modeField = "mode:";
const weightField = "weight:";
/** The names of the editor's form fields for one item. */
export const criteriaFieldNames = (key: string) => ({ mode: `${modeField}${key}`, weight: `${weightField}${key}` });

const itemLabel = (item: Item) => item.number ?? item.key;

/**
 * Reads the editor's submission (`mode:<key>` = standard | must | ignore, `weight:<key>` = 0–10 for
 * status items; other fields are ignored) into the changes it makes. Items not submitted keep
 * their stored criteria. Any unknown item, repeated field, bad mode or weight refuses the whole
 * submission (CriteriaRuleError), so nothing half-valid is stored.
 */
export function readCriteriaSubmission(template: Template, fields: Iterable<[string, string]>): Map<string, CriteriaItem> {
  const items = new Map<string, Item>();
  for (const { item } of walkItems(template)) items.set(item.key, item);
  const seen = new Set<string>();
  const changes = new Map<string, CriteriaItem>();
  for (const [name, raw] of fields) {
    const kind = name.startsWith(modeField) ? "mode" : name.startsWith(weightField) ? "weight" : null;
    if (!kind) continue;
    const key = name.slice(kind === "mode" ? modeField.length : weightField.length);
    const item = items.get(key);
    if (!item) throw new CriteriaRuleError(keySchema.safeParse(key).success && key.length <= 100 ? `様式にない項目が指定されました（${key}）` : "様式にない項目が指定されました");
    if (seen.has(name)) throw new CriteriaRuleError(`同じ項目が二度指定されました（${itemLabel(item)}）`, key);
    seen.add(name);
    const change = changes.get(key) ?? {};
    const value = raw.trim();
    if (kind === "mode") {
      if (!(criteriaModes as readonly string[]).includes(value)) throw new CriteriaRuleError(`項目 ${itemLabel(item)} の扱いは「標準」「必達」「対象外とする」から選んでください`, key);
      change.mode = value === "standard" ? undefined : (value as "must" | "ignore");
    } else {
      if (item.answer.kind !== "status") throw new CriteriaRuleError(`項目 ${itemLabel(item)} には重みを付けられません（重みは評価の回答がある項目だけです）`, key);
      const weight = value === "" ? DEFAULT_WEIGHT : /^[0-9]{1,2}$/.test(value) ? Number(value) : NaN;
      if (!(weight >= 0 && weight <= WEIGHT_MAX)) throw new CriteriaRuleError(`項目 ${itemLabel(item)} の重みは0〜${WEIGHT_MAX}の整数で入力してください`, key);
      change.weight = weight;
    }
    changes.set(key, change);
  }
  return changes;
}

/** Drops what equals the default (standard mode, weight 1) so a profile stores only its choices. */
function compact(entry: CriteriaItem): CriteriaItem | undefined {
  const out: CriteriaItem = {};
  if (entry.mode) out.mode = entry.mode;
  if (entry.weight !== undefined && entry.weight !== DEFAULT_WEIGHT) out.weight = entry.weight;
  return out.mode || out.weight !== undefined ? out : undefined;
}

export type CriteriaCounts = { must: number; mustRequired: number; mustAdded: number; ignored: number; weighted: number };

/** 必達 = required items not left out, plus the items the profile adds; 対象外 = items left out. */
export function countCriteria(template: Template, items: CriteriaItems): CriteriaCounts {
  const counts: CriteriaCounts = { must: 0, mustRequired: 0, mustAdded: 0, ignored: 0, weighted: 0 };
  for (const { item } of walkItems(template)) {
    if (isIgnored(items, item.key)) counts.ignored++;
    else if (isMustHave(items, item)) {
      counts.must++;
      if (item.level === "required") counts.mustRequired++;
      else counts.mustAdded++;
    }
    const weight = items[item.key]?.weight;
    if (item.answer.kind === "status" && weight !== undefined && weight !== DEFAULT_WEIGHT) counts.weighted++;
  }
  return counts;
}

/**
 * Applies the editor's submission to a profile: validated against the template's latest version
 * and `criteriaItemsSchema`, stored in one transaction, audited with the resulting counts.
 * Only the items submitted change: a filtered view of the editor posts only the rows it shows, and
 * every other item keeps its stored criteria. Keys the latest version no longer has are dropped.
 * False when the organisation has no such profile.
 */
export async function updateCriteriaItems(db: Kysely<Database>, actor: AuditActor, organizationId: string, id: string, fields: Iterable<[string, string]>, meta?: RequestMeta): Promise<boolean> {
  return applyCriteriaChanges(db, actor, organizationId, id, meta, (template) => ({ changes: readCriteriaSubmission(template, fields) }));
}

/** The top-level sections of a template: the editor's chapters (章). */
export function criteriaChapters(template: Template): Section[] {
  return template.sections;
}

/**
 * 「この章に設定」: gives every item of one chapter (a top-level section, with its sub-sections) the
 * same mode and/or weight. An empty mode or weight leaves that part as it is; weights go to status
 * items only. Stored and audited like the editor's submission. Returns the number of items of the
 * chapter, or false when the organisation has no such profile.
 */
export async function setChapterCriteria(
  db: Kysely<Database>,
  actor: AuditActor,
  organizationId: string,
  id: string,
  input: { chapter: string; mode: string; weight: string },
  meta?: RequestMeta,
): Promise<number | false> {
  const mode = input.mode.trim();
  const weight = input.weight.trim();
  if (!mode && !weight) throw new CriteriaRuleError("章に設定する扱いか重みを選んでください");
  let count = 0;
  const done = await applyCriteriaChanges(db, actor, organizationId, id, meta, (template) => {
    const chapter = criteriaChapters(template).find((s) => s.key === input.chapter);
    if (!chapter) throw new CriteriaRuleError("章を選んでください");
    const fields: [string, string][] = [];
    for (const { item } of walkItems({ ...template, sections: [chapter] })) {
      count++;
      if (mode) fields.push([criteriaFieldNames(item.key).mode, mode]);
      if (weight && item.answer.kind === "status") fields.push([criteriaFieldNames(item.key).weight, weight]);
    }
    try {
      return { changes: readCriteriaSubmission(template, fields), detail: { chapter: chapter.key } };
    } catch (error) {
      // The per-item message would name the chapter's first item; the user chose for the chapter.
      if (error instanceof CriteriaRuleError) throw new CriteriaRuleError(error.message.replace(/^項目 \S+ の/, "章の"));
      throw error;
    }
  });
  return done && count;
}

async function applyCriteriaChanges(
  db: Kysely<Database>,
  actor: AuditActor,
  organizationId: string,
  id: string,
  meta: RequestMeta | undefined,
  read: (template: Template) => { changes: Map<string, CriteriaItem>; detail?: Record<string, string> },
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const profile = await getCriteriaProfile(trx, organizationId, id);
    if (!profile) return false;
    const template = await criteriaTemplate(trx, profile.templateId);
    if (!template) throw new CriteriaRuleError("この評価基準の様式が見つかりません");
    const { changes, detail } = read(template);
    const next: CriteriaItems = {};
    for (const { item } of walkItems(template)) {
      const merged = compact({ ...profile.items[item.key], ...changes.get(item.key) });
      if (merged) next[item.key] = merged;
    }
    const checked = criteriaItemsSchema.safeParse(next);
    if (!checked.success) throw new CriteriaRuleError("評価基準の内容が正しくありません");
    const json = JSON.stringify(checked.data);
    if (json === JSON.stringify(profile.items)) return true;
    await trx.updateTable("criteria_profile").set({ items: json, updated_at: clock.now() }).where("organization_id", "=", organizationId).where("id", "=", id).execute();
    const counts = countCriteria(template, checked.data);
    await audit(trx, { action: "criteria.updated", actor, meta, organizationId, target: profile.name, detail: { profile: id, template: profile.templateId, ...detail, must: counts.must, ignored: counts.ignored, weighted: counts.weighted } });
    return true;
  });
}

export type CriteriaEditorRow = { key: string; number: string | null; text: string; level: Level; weighted: boolean; mode: CriteriaMode; weight: number; changed: boolean };
export type CriteriaEditorSection = { key: string; number: string | null; title: string; depth: number; rows: CriteriaEditorRow[] };
/** One chapter's totals over all its items, whatever the filters: 必達 as `countCriteria` counts it. */
export type CriteriaChapterSummary = { key: string; number: string | null; title: string; items: number; required: number; must: number; ignored: number; changed: number; shown: number };
export type CriteriaEditorView = { sections: CriteriaEditorSection[]; chapters: CriteriaChapterSummary[]; shown: number; total: number; filtered: boolean };

const filtersActive = (f: CriteriaFilters) => !!f.q || f.level !== "all" || !!f.chapter || f.changed;

/**
 * The editor's table: sections in form order with the items the filters keep and the profile's
 * current choices (with no filter, every section, empty ones too, for structure; filtered, only
 * sections that hold a kept item or a sub-section that does), and per-chapter totals.
 */
export function criteriaEditorView(template: Template, items: CriteriaItems, filters: CriteriaFilters): CriteriaEditorView {
  const filtered = filtersActive(filters);
  const chapterKey = filters.chapter && template.sections.some((s) => s.key === filters.chapter) ? filters.chapter : null;
  const keep = (item: Item) =>
    (filters.level === "all" || item.level === filters.level) && (!filters.changed || isChangedFromDefault(items, item.key)) && criteriaItemMatches(item, filters.q);
  const sections: CriteriaEditorSection[] = [];
  const chapters: CriteriaChapterSummary[] = [];
  let shown = 0;
  let total = 0;
  const walk = (list: Section[], depth: number, chapter: CriteriaChapterSummary, inScope: boolean): number => {
    let kept = 0;
    for (const section of list) {
      const rows: CriteriaEditorRow[] = [];
      for (const item of section.items ?? []) {
        total++;
        chapter.items++;
        if (item.level === "required") chapter.required++;
        if (isIgnored(items, item.key)) chapter.ignored++;
        else if (isMustHave(items, item)) chapter.must++;
        const changed = isChangedFromDefault(items, item.key);
        if (changed) chapter.changed++;
        if (!inScope || !keep(item)) continue;
        rows.push({
          key: item.key,
          number: item.number ?? null,
          text: item.text,
          level: item.level,
          weighted: item.answer.kind === "status",
          mode: items[item.key]?.mode ?? "standard",
          weight: items[item.key]?.weight ?? DEFAULT_WEIGHT,
          changed,
        });
      }
      const at = sections.length;
      sections.push({ key: section.key, number: section.number ?? null, title: section.title, depth, rows });
      const below = walk(section.sections ?? [], depth + 1, chapter, inScope);
      kept += rows.length + below;
      if (filtered && !rows.length && !below) sections.splice(at, 1);
    }
    return kept;
  };
  for (const top of template.sections) {
    const chapter: CriteriaChapterSummary = { key: top.key, number: top.number ?? null, title: top.title, items: 0, required: 0, must: 0, ignored: 0, changed: 0, shown: 0 };
    chapter.shown = walk([top], 0, chapter, !chapterKey || chapterKey === top.key);
    shown += chapter.shown;
    chapters.push(chapter);
  }
  return { sections, chapters, shown, total, filtered };
}
