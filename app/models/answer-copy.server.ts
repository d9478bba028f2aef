// Answer once (issue 12, item 4): copying answers into a draft from another disclosure of the same
// organisation (the same template, or a template that shares items with it), and filling empty items from the
// organisation's profile. What corresponds and what may be written is decided in disclosures/answer-copy.ts;
// this reads the drafts and versions, writes the draft rows with their revisions and audits every write.
// Callers went through requireOrgRole(…, "editor") for the target's organisation: sources are looked up in
// that same organisation only.
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.js";
import {
  copiedDigest,
  correspondence,
  decideApply,
  planCopy,
  planProposals,
  planSections,
  previewedRevisions,
  writes,
  type CopyCounts,
  type CopyMode,
  type Correspondence,
  type PlanSection,
} from "../../disclosures/answer-copy.js";
import { clock, todayInJapan } from "../../disclosures/clock.js";
import type { DisclosureContent, ItemResponse } from "../../disclosures/disclosure-content.js";
import { profileFactLabels, profileProposals, profileRules, type OrganizationFacts, type ProfileFact } from "../../disclosures/profile-prefill.js";
import { walkItems } from "../../disclosures/template-loader.js";
import type { Template } from "../../disclosures/template-schema.js";
import { formatDate, formatDateTime } from "../utils/format.js";
import { audit, type AuditActor, type RequestMeta } from "./audit.server.js";
import { getDisclosure, getDraft, getVersion } from "./disclosure.server.js";
import { getTemplate } from "./template.server.js";
import { activeCertifications, certificationLabel } from "./vendor-profile.js";
import { listCertifications } from "./vendor-profile.server.js";

type Target = { id: string; organization_id: string; template_id: string; template_version: string };
type Actor = AuditActor & { userId: string };

/** A source as the form names it: 「<disclosure id>:draft」 (its draft) or 「<disclosure id>:v3」 (its 第3版). */
export type SourceRef = { disclosureId: string; from: "draft" | number };
const SOURCE_REF = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}):(?:(draft)|v([1-9][0-9]{0,5}))$/;

export function parseSourceRef(value: unknown): SourceRef | null {
  const m = typeof value === "string" ? SOURCE_REF.exec(value) : null;
  return m ? { disclosureId: m[1], from: m[2] ? "draft" : Number(m[3]) } : null;
}

export const sourceRefValue = (ref: SourceRef) => `${ref.disclosureId}:${ref.from === "draft" ? "draft" : `v${ref.from}`}`;

/** A copy that cannot be made, said so that the user can choose again (the pages answer 400). */
export type CopyRefusal = { error: string };

// Template versions never change: what two of them share is worked out once per process.
const links = new Map<string, Correspondence | null>();
export function linkBetween(source: Template, target: Template): Correspondence | null {
  const key = `${source.id}@${source.version}>${target.id}@${target.version}`;
  if (!links.has(key)) links.set(key, correspondence(source, target));
  return links.get(key)!;
}

const disclosureName = (template: Template, serviceName: string | null) => `${template.shortTitle ?? template.title}（${serviceName ?? "組織全体"}）`;

export type SourceGroup = { label: string; options: { value: string; label: string }[] };

/**
 * The organisation's other disclosures that share items with the target, each offered as its latest published
 * version (reviewed and immutable) and as its draft (the newest work, also of never-published disclosures).
 * Disclosures with the same name (same template and service) are told apart by their creation date.
 */
export async function copySources(db: Kysely<Database>, target: Target): Promise<SourceGroup[]> {
  const targetTemplate = (await getTemplate(db, target.template_id, target.template_version))!.template;
  const rows = await db
    .selectFrom("disclosure")
    .leftJoin("service", "service.id", "disclosure.service_id")
    .leftJoin("disclosure_version", (join) => join.onRef("disclosure_version.disclosure_id", "=", "disclosure.id").onRef("disclosure_version.number", "=", "disclosure.latest_version"))
    .select(["disclosure.id", "service.name as service_name", "disclosure.template_id", "disclosure.template_version", "disclosure.latest_version", "disclosure.withdrawn_at", "disclosure.created_at", "disclosure_version.published_at"])
    .select((eb) => eb.selectFrom("draft_response").select((e) => e.fn.max("draft_response.updated_at").as("u")).whereRef("draft_response.disclosure_id", "=", "disclosure.id").as("draft_updated_at"))
    .where("disclosure.organization_id", "=", target.organization_id)
    .where("disclosure.id", "!=", target.id)
    .orderBy("disclosure.created_at", "desc")
    .execute();
  const sources = [];
  for (const d of rows) {
    const template = (await getTemplate(db, d.template_id, d.template_version))?.template;
    if (template && linkBetween(template, targetTemplate)) sources.push({ ...d, name: disclosureName(template, d.service_name) });
  }
  const named = new Map<string, number>();
  for (const d of sources) named.set(d.name, (named.get(d.name) ?? 0) + 1);
  return sources.map((d) => {
    const options = [];
    if (d.latest_version) {
      const state = d.withdrawn_at ? "取り下げ中" : `公開中、${d.published_at ? formatDate(d.published_at) : ""}公開`;
      options.push({ value: sourceRefValue({ disclosureId: d.id, from: d.latest_version }), label: `第${d.latest_version}版（${state}）` });
    }
    const updated = d.draft_updated_at ? `${formatDateTime(Number(d.draft_updated_at))}更新` : "未入力";
    options.push({ value: sourceRefValue({ disclosureId: d.id, from: "draft" }), label: `下書き（${updated}）` });
    return { label: named.get(d.name)! > 1 ? `${d.name} ${formatDateTime(d.created_at)}作成` : d.name, options };
  });
}

type LoadedSource = { template: Template; content: DisclosureContent; label: string; link: Correspondence };

async function loadSource(db: Kysely<Database>, target: Target, targetTemplate: Template, ref: SourceRef): Promise<LoadedSource | CopyRefusal> {
  if (ref.disclosureId === target.id) return { error: "この開示書自身からはコピーできません。別の開示書を選んでください" };
  const disclosure = await getDisclosure(db, target.organization_id, ref.disclosureId);
  if (!disclosure) return { error: "コピー元の開示書が見つかりません。一覧から選び直してください" };
  const { template } = (await getTemplate(db, disclosure.template_id, disclosure.template_version))!;
  const link = linkBetween(template, targetTemplate);
  if (!link) return { error: `コピー元の様式「${template.title}」とこの開示書の様式「${targetTemplate.title}」には共通の項目がないため、コピーできません` };
  const name = disclosureName(template, disclosure.service_name);
  if (ref.from === "draft") return { template, link, content: (await getDraft(db, disclosure)).content, label: `${name}の下書き` };
  const version = ref.from <= disclosure.latest_version ? await getVersion(db, disclosure.id, ref.from) : undefined;
  if (!version) return { error: "コピー元の版が見つかりません。一覧から選び直してください" };
  return { template, link, content: version.parsed, label: `${name}の第${version.number}版` };
}

export type CopyPreview = {
  source: { value: string; label: string };
  /** How the items correspond: every item of the same template, or the items a section shares. */
  link: { kind: Correspondence["via"]["kind"]; sectionTitle: string | null; shared: number; mismatched: number };
  mode: CopyMode;
  counts: CopyCounts;
  sourceEmpty: number;
  sections: PlanSection[];
  /** Sent back with the apply: the revision of each item the preview shows as written. */
  previewed: Record<string, number>;
  digest: string;
};

/** What copying from `ref` would do to the target's draft now. */
export async function previewCopy(db: Kysely<Database>, target: Target, targetTemplate: Template, ref: SourceRef, mode: CopyMode): Promise<CopyPreview | CopyRefusal> {
  const source = await loadSource(db, target, targetTemplate, ref);
  if ("error" in source) return source;
  const draft = await getDraft(db, target);
  const plan = planCopy({ target: targetTemplate, targetContent: draft.content, sourceContent: source.content, link: source.link, mode });
  return {
    source: { value: sourceRefValue(ref), label: source.label },
    link: { kind: source.link.via.kind, sectionTitle: source.link.via.kind === "sameKeys" ? null : source.link.via.title, shared: source.link.pairs.length, mismatched: source.link.mismatches.length },
    mode,
    counts: plan.counts,
    sourceEmpty: plan.sourceEmpty,
    sections: planSections(targetTemplate, plan),
    previewed: previewedRevisions(plan, draft.revisions),
    digest: copiedDigest(plan),
  };
}

export type ChangedItem = { key: string; number: string | null; text: string; updatedBy: string; updatedAt: string };
export type CopyOutcome = { written: { fill: number; overwrite: number }; changedSince: ChangedItem[] };
/** The source changed after the preview: nothing was written; the page shows a fresh preview. */
export type StaleCopy = { stale: true };

/** One write per item, each with the revision it was decided on (checked in the same transaction). */
async function writeRows(trx: Kysely<Database>, actor: Actor, disclosureId: string, rows: { key: string; baseRevision: number; response: ItemResponse }[]) {
  const now = clock.now();
  for (const w of rows) {
    const row = { response: JSON.stringify(w.response), revision: w.baseRevision + 1, updated_at: now, updated_by: actor.userId };
    if (w.baseRevision === 0) await trx.insertInto("draft_response").values({ disclosure_id: disclosureId, item_key: w.key, ...row }).execute();
    else await trx.updateTable("draft_response").set(row).where("disclosure_id", "=", disclosureId).where("item_key", "=", w.key).where("revision", "=", w.baseRevision).execute();
  }
}

/**
 * Applies a copy the user previewed: in one transaction, the plan is worked out again from the source and the
 * draft as they are now. If the source changed since the preview, nothing is written (`stale`). Otherwise only the
 * items the preview showed as written are written, and those someone changed since the preview are left as
 * they are and reported (`changedSince`).
 */
export async function applyCopy(
  db: Kysely<Database>,
  actor: Actor,
  target: Target,
  targetTemplate: Template,
  input: { ref: SourceRef; mode: CopyMode; previewed: Record<string, number>; digest: string },
  meta: RequestMeta,
): Promise<CopyOutcome | StaleCopy | CopyRefusal> {
  return db.transaction().execute(async (trx) => {
    const source = await loadSource(trx, target, targetTemplate, input.ref);
    if ("error" in source) return source;
    const draft = await getDraft(trx, target);
    const plan = planCopy({ target: targetTemplate, targetContent: draft.content, sourceContent: source.content, link: source.link, mode: input.mode });
    if (copiedDigest(plan) !== input.digest) return { stale: true } as const;
    const decision = decideApply(plan, input.previewed, draft.revisions);
    await writeRows(trx, actor, target.id, decision.writes);
    const actions = new Map(plan.items.map((i) => [i.key, i.action]));
    const overwrite = decision.writes.filter((w) => actions.get(w.key) === "overwrite").length;
    const written = { fill: decision.writes.length - overwrite, overwrite };
    await audit(trx, {
      action: "disclosure.answers_copied",
      actor,
      meta,
      organizationId: target.organization_id,
      target: target.id,
      detail: { disclosure: input.ref.disclosureId, ...(input.ref.from === "draft" ? { draft: true } : { version: input.ref.from }), items: decision.writes.length, overwritten: overwrite, skipped: decision.changedSince.length },
    });
    return { written, changedSince: await describeChanged(trx, target, targetTemplate, decision.changedSince) };
  });
}

async function describeChanged(db: Kysely<Database>, target: Target, template: Template, keys: string[]): Promise<ChangedItem[]> {
  if (!keys.length) return [];
  const rows = await db
    .selectFrom("draft_response")
    .innerJoin("user", "user.id", "draft_response.updated_by")
    .select(["draft_response.item_key", "draft_response.updated_at", "user.display_name"])
    .where("draft_response.disclosure_id", "=", target.id)
    .where("draft_response.item_key", "in", keys)
    .execute();
  const by = new Map(rows.map((r) => [r.item_key, r]));
  const items = new Map([...walkItems(template)].map((e) => [e.item.key, e.item]));
  return keys.map((key) => ({
    key,
    number: items.get(key)?.number ?? null,
    text: items.get(key)?.text ?? key,
    updatedBy: by.get(key)?.display_name ?? "",
    updatedAt: by.get(key) ? formatDateTime(by.get(key)!.updated_at) : "",
  }));
}

// ---- organisation facts -----------------------------------------------------------------------------------

export async function organizationFacts(db: Kysely<Database>, organizationId: string): Promise<OrganizationFacts> {
  const org = await db.selectFrom("organization").select(["name", "address"]).where("id", "=", organizationId).executeTakeFirstOrThrow();
  const certifications = activeCertifications(await listCertifications(db, organizationId), todayInJapan());
  return { name: org.name, address: org.address, certifications: certifications.map((c) => ({ kind: c.kind, label: certificationLabel(c), number: c.number })) };
}

export type PrefillItem = { key: string; number: string | null; text: string; fact: string };

function prefillItems(template: Template, facts: OrganizationFacts, content: DisclosureContent) {
  const plan = planProposals(template, content, profileProposals(template, facts), "fill");
  const items = new Map([...walkItems(template)].map((e) => [e.item.key, e.item]));
  return plan.items
    .filter((i) => writes(i.action))
    .map((i) => ({ planned: i, item: { key: i.key, number: items.get(i.key)!.number ?? null, text: items.get(i.key)!.text, fact: profileFactLabels[i.from as ProfileFact] } }));
}

/** The empty items the organisation's facts would fill in this draft (what 「組織情報から入力」 offers). */
export async function pendingPrefill(db: Kysely<Database>, organizationId: string, template: Template, content: DisclosureContent): Promise<PrefillItem[]> {
  if (!profileRules.some((r) => r.template === template.id)) return [];
  return prefillItems(template, await organizationFacts(db, organizationId), content).map((p) => p.item);
}

/**
 * Fills the draft's empty items that the organisation's facts answer (never an item holding anything), in one
 * transaction, and audits it: when a disclosure is created, and when an editor asks for it.
 */
export async function prefillFromProfile(db: Kysely<Database>, actor: Actor, target: Target, template: Template, meta: RequestMeta, occasion: "created" | "requested"): Promise<PrefillItem[]> {
  return db.transaction().execute(async (trx) => {
    const draft = await getDraft(trx, target);
    const filled = prefillItems(template, await organizationFacts(trx, target.organization_id), draft.content);
    if (!filled.length) return [];
    await writeRows(
      trx,
      actor,
      target.id,
      filled.map((f) => ({ key: f.planned.key, baseRevision: draft.revisions[f.planned.key] ?? 0, response: f.planned.copied })),
    );
    await audit(trx, {
      action: "disclosure.prefilled",
      actor,
      meta,
      organizationId: target.organization_id,
      target: target.id,
      detail: { items: filled.length, facts: [...new Set(filled.map((f) => f.item.fact))].join("、"), on_create: occasion === "created" },
    });
    return filled.map((f) => f.item);
  });
}
