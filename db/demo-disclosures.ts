// Published demo disclosures of every built-in template for the demo vendors, with realistic answer
// mixes (deterministic, so every fresh database looks the same) and one disclosure with three
// back-dated versions. All names, addresses and numbers are fictional.
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Kysely } from "kysely";
import { createCriteriaProfile, updateCriteriaItems } from "../app/models/criteria.server.js";
import { createDisclosure, getDisclosure, publish, readerScope, saveDraft } from "../app/models/disclosure.server.js";
import { addShortlistEntry, createShortlist, setShortlistNote } from "../app/models/shortlist.server.js";
import { getTemplate, latestTemplateVersion } from "../app/models/template.server.js";
import type { ItemResponse } from "../disclosures/disclosure-content.js";
import { walkItems } from "../disclosures/template-loader.js";
import type { Item, Template } from "../disclosures/template-schema.js";
import type { Database, Visibility } from "./schema.js";
import { clock } from "../disclosures/clock.js";

const meta = { ip: "", userAgent: "db/seed.ts" };

/** A small deterministic generator (mulberry32): the same demo every time. */
export function random(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const evidenceDocs = ["情報セキュリティ基本方針", "運用管理規程 第4章", "ISMS 適用宣言書", "年次内部監査報告書（2026年度）", "事業継続計画書", "バックアップ運用手順書", "アクセス管理手順書"];

/** Status answers by outcome share: mostly met, a few unmet/planned, some not applicable with a reason. */
export function statusAnswers(template: Template, rnd: () => number, shares: { unmet: number; planned: number; notApplicable: number }): Record<string, ItemResponse> {
  const out: Record<string, ItemResponse> = {};
  for (const { item } of walkItems(template)) {
    if (item.answer.kind !== "status") continue;
    // Four draws per item whatever the branch: every version of a disclosure sees the same numbers,
    // so a later version (with smaller shares of unmet items) differs only in the items that improved.
    const [r, rEvidence, rDoc, rPick] = [rnd(), rnd(), rnd(), rnd()];
    const scale = template.scales!.find((sc) => sc.key === (item.answer as { scale: string }).scale)!;
    const option = (outcome: string) => scale.options.find((o) => o.outcome === outcome);
    let chosen = option("met") ?? scale.options[0];
    if (r < shares.notApplicable && option("notApplicable")) chosen = option("notApplicable")!;
    else if (r < shares.notApplicable + shares.planned && option("planned")) chosen = option("planned")!;
    else if (r < shares.notApplicable + shares.planned + shares.unmet && option("unmet")) chosen = option("unmet")!;
    if (scale.key === "responsibility") chosen = scale.options[Math.floor(rPick * 3)];
    const value: Record<string, string> = { status: chosen.value };
    if (chosen.requires === "month") value.month = `2027-0${1 + Math.floor(rPick * 9)}`;
    if (chosen.requires === "reason") value.reason = "当該サービスでは該当する設備・業務がないため";
    if (chosen.requires === "date") value.date = "2026-10-01";
    const response: ItemResponse = { value };
    if (chosen.outcome === "met" && rEvidence < 0.25) response.evidence = [{ name: evidenceDocs[Math.floor(rDoc * evidenceDocs.length)] }];
    if (chosen.outcome === "unmet" && item.level === "recommended") response.note = "次期システム更改（2027年度）で対応を検討中";
    out[item.key] = response;
  }
  return out;
}

/**
 * The seed-003 代行機関 form (disclosures/examples) under fictional names. With `remarks`, the form's own 備考 on its
 * rows are kept (the demo 代行機関 disclosure shows the real answer set as printed); the directory's fictional vendors
 * take only the overview.
 */
export function agencyAnswers(template: Template, { remarks = false } = {}): Record<string, ItemResponse> {
  const example = JSON.parse(readFileSync(path.resolve(import.meta.dirname, "../disclosures/examples/agency-disclosure.example.json"), "utf8")) as { answers: Record<string, unknown>; notes: Record<string, string> };
  const fictional: Record<string, unknown> = {
    name: "デモ健診代行センター株式会社",
    address: "東京都千代田区開示町1-2-3 デモビル5階",
    tel: "03-0000-1234",
    homepage: "https://agency.demo.kaiji.example",
    email: "contact@agency.demo.kaiji.example",
    agencyCode: "99-0001",
    financialInfo: "デモ健診代行センター株式会社 経営企画部 TEL: 03-0000-1235",
  };
  const out: Record<string, ItemResponse> = {};
  const items = new Map([...walkItems(template)].map((e) => [e.item.key, e.item]));
  for (const [key, value] of Object.entries({ ...example.answers, ...fictional })) if (items.has(key)) out[key] = { value: value as ItemResponse["value"] };
  for (const item of items.values()) if (item.level === "required" && item.answer.kind !== "derived" && !out[item.key]) out[item.key] = { value: fill(item) };
  if (remarks) for (const [key, note] of Object.entries(example.notes)) if (out[key]) out[key] = { ...out[key], note };
  return out;
}

/** A plausible value for a required field the example left blank. */
function fill(item: Item): ItemResponse["value"] {
  const a = item.answer;
  if (a.kind === "composite") return Object.fromEntries(a.fields.map((f) => [f.key, f.type === "number" ? 1200 : "—"]));
  if (a.kind === "choice") return { selected: a.multiple ? [a.options[0].value] : a.options[0].value };
  if (a.kind === "number") return 0;
  return "—";
}

type Plan = { vendor: string; templateId: string; visibility: Visibility; service?: string; versions: { at: string; reason?: string; remarks?: boolean; shares: { unmet: number; planned: number; notApplicable: number } }[] };

const plans: Plan[] = [
  {
    vendor: "vendor@demo.kaiji.example",
    templateId: "hispro-checksheet",
    visibility: "public",
    service: "クラウド電子カルテ「デモカルテ」",
    versions: [
      { at: "2025-04-01T10:00:00+09:00", shares: { unmet: 0.12, planned: 0, notApplicable: 0.06 } },
      { at: "2025-10-01T10:00:00+09:00", reason: "アクセスログの保存期間を延長し、該当する項目の回答を見直しました。", shares: { unmet: 0.07, planned: 0, notApplicable: 0.06 } },
      { at: "2026-09-15T10:00:00+09:00", reason: "多要素認証の導入と年次の脆弱性診断の結果を反映しました。", shares: { unmet: 0.03, planned: 0, notApplicable: 0.06 } },
    ],
  },
  { vendor: "vendor@demo.kaiji.example", templateId: "minimum-guideline-checklist", visibility: "public", service: "クラウド電子カルテ「デモカルテ」", versions: [{ at: "2026-06-01T10:00:00+09:00", shares: { unmet: 0, planned: 0.05, notApplicable: 0.04 } }] },
  { vendor: "vendor@demo.kaiji.example", templateId: "responsibility-checklist", visibility: "hospitals", service: "クラウド電子カルテ「デモカルテ」", versions: [{ at: "2026-07-01T10:00:00+09:00", shares: { unmet: 0, planned: 0, notApplicable: 0.05 } }] },
  { vendor: "vendor@demo.kaiji.example", templateId: "cybersecurity-checklist", visibility: "request", versions: [{ at: "2026-08-01T10:00:00+09:00", shares: { unmet: 0.1, planned: 0, notApplicable: 0 } }] },
  // Seed 003 dates its 概要 2025年7月7日 and its 別添 2026年7月7日: published once, then again a year later with the
  // 別添's remarks (「IoT機器ではなくIT機器として回答」), so each part prints the date the real document gives it.
  {
    vendor: "agency@demo.kaiji.example",
    templateId: "agency-disclosure",
    visibility: "public",
    versions: [
      { at: "2025-07-07T09:00:00+09:00", shares: { unmet: 0, planned: 0, notApplicable: 0 } },
      { at: "2026-07-07T09:00:00+09:00", remarks: true, reason: "別添のチェックリストに備考を追記しました。", shares: { unmet: 0, planned: 0, notApplicable: 0 } },
    ],
  },
];

export async function seedDemoDisclosures(db: Kysely<Database>): Promise<number> {
  let published = 0;
  for (const [n, plan] of plans.entries()) {
    const user = await db
      .selectFrom("user")
      .innerJoin("membership", "membership.user_id", "user.id")
      .select(["user.id", "user.email", "membership.organization_id"])
      .where("user.email", "=", plan.vendor)
      .executeTakeFirstOrThrow();
    const actor = { userId: user.id, email: user.email };
    // The latest version of each form: the one a vendor starting today would fill in (older versions stay readable).
    const { template } = (await getTemplate(db, plan.templateId, (await latestTemplateVersion(db, plan.templateId))!))!;
    let serviceId: string | null = null;
    if (plan.service) {
      serviceId = (await db.selectFrom("service").select("id").where("organization_id", "=", user.organization_id).where("name", "=", plan.service).executeTakeFirst())?.id ?? null;
      if (!serviceId) {
        serviceId = `demo-service-${n}`;
        await db.insertInto("service").values({ id: serviceId, organization_id: user.organization_id, name: plan.service, kind: "cloud", description: "中小病院向けのクラウド型電子カルテ（デモ）", created_at: clock.now() }).execute();
      }
    }
    const id = await createDisclosure(db, actor, user.organization_id, { templateId: template.id, templateVersion: template.version, serviceId, visibility: plan.visibility }, meta);
    const disclosure = (await getDisclosure(db, user.organization_id, id))!;
    const revisions: Record<string, number> = {};
    for (const version of plan.versions) {
      // The 代行機関 disclosure is the real seed-003 answer set as printed (its six 「実施予定(対象事項無)」 rows are 対象外
      // with that reason, its remarks kept): the demo shows the official verdict by 注8, 遵守していない (DECISIONS 37).
      const answers = plan.templateId === "agency-disclosure" ? agencyAnswers(template, { remarks: version.remarks }) : statusAnswers(template, random(n * 10), version.shares);
      const changes = Object.entries(answers).map(([key, response]) => ({ key, baseRevision: revisions[key] ?? 0, response }));
      const result = await saveDraft(db, actor, disclosure, changes, meta);
      for (const s of result.saved) revisions[s.key] = s.revision;
      await publish(db, actor, disclosure, template, meta, Date.parse(version.at), { changeReason: version.reason ?? null });
      published++;
    }
  }
  // Profile facts hospitals filter on.
  const cloud = await db.selectFrom("organization").select("id").where("name", "=", "デモ医療クラウド株式会社").executeTakeFirstOrThrow();
  await db
    .insertInto("certification")
    .values([
      { organization_id: cloud.id, kind: "isms", name: null, number: "IS 000000", expires_on: "2027-03-31" },
      { organization_id: cloud.id, kind: "pmark", name: null, number: "00000000(01)", expires_on: "2026-12-31" },
    ])
    .execute();
  await db.insertInto("storage_location").values([{ organization_id: cloud.id, country: "JP", region: "東京" }, { organization_id: cloud.id, country: "JP", region: "大阪" }]).execute();
  await db.updateTable("organization").set({ foreign_law: "no" }).where("id", "=", cloud.id).execute();
  return published;
}

/**
 * The demo hospital's tools: a shortlist of HISPRO disclosures (the demo cloud vendor's and the
 * fictional vendors' given) with a note, and a criteria profile that makes two recommended items
 * must-haves and weighs the backup items, so the comparison shows a ranking out of the box.
 */
export async function seedDemoHospital(db: Kysely<Database>, otherHispro: string[]): Promise<void> {
  const user = await db
    .selectFrom("user")
    .innerJoin("membership", "membership.user_id", "user.id")
    .select(["user.id", "user.email", "membership.organization_id"])
    .where("user.email", "=", "hospital@demo.kaiji.example")
    .executeTakeFirstOrThrow();
  const actor = { userId: user.id, email: user.email };
  const scope = await readerScope(db, { userId: user.id, isAdmin: false });
  const cloud = await db
    .selectFrom("disclosure")
    .innerJoin("organization", "organization.id", "disclosure.organization_id")
    .select("disclosure.id")
    .where("organization.name", "=", "デモ医療クラウド株式会社")
    .where("disclosure.template_id", "=", "hispro-checksheet")
    .executeTakeFirstOrThrow();
  const shortlistId = await createShortlist(db, actor, user.organization_id, "電子カルテ更新の候補（HISPRO）", meta);
  for (const id of [cloud.id, ...otherHispro]) await addShortlistEntry(db, actor, user.organization_id, shortlistId, id, scope, meta);
  await setShortlistNote(db, actor, user.organization_id, shortlistId, cloud.id, "現行ベンダー。2027年度の更新時に継続可否を判断する。", meta);

  const { template } = (await getTemplate(db, "hispro-checksheet", (await latestTemplateVersion(db, "hispro-checksheet"))!))!;
  const profileId = await createCriteriaProfile(db, actor, user.organization_id, { name: "当院の基準（バックアップ重視）", templateId: template.id }, meta);
  const items = [...walkItems(template)].map((e) => e.item);
  const recommended = items.filter((i) => i.level === "recommended").slice(0, 2);
  const backups = items.filter((i) => i.answer.kind === "status" && /バックアップ/.test(i.text));
  const fields: [string, string][] = [...recommended.map((i): [string, string] => [`mode:${i.key}`, "must"]), ...backups.map((i): [string, string] => [`weight:${i.key}`, "5"])];
  await updateCriteriaItems(db, actor, user.organization_id, profileId, fields, meta);
}
