// A vendor's services and profile facts: certifications, data storage locations and whether foreign
// law may apply. Every query is scoped by organisation id, and every change is audited with
// non-secret details; permission checks live in utils/permissions.server.ts.
import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.js";
import { audit, type AuditActor, type RequestMeta } from "./audit.server.js";
import { refreshSearchDocument, refreshServiceSearch } from "./directory-index.server.js";
import {
  certificationKindLabels,
  certificationLabel,
  foreignLawLabels,
  foreignLawQuestion,
  isExpired,
  storageLocationLabel,
  type CertificationInput,
  type ForeignLaw,
  type ServiceInput,
  type StorageLocationInput,
} from "./vendor-profile.js";
import { clock } from "../../disclosures/clock.js";

export { activeCertifications, isExpired } from "./vendor-profile.js";

/** A rule of the profile was broken (a limit, a duplicate): the message is for the user. */
export class VendorProfileRuleError extends Error {}

// Generous caps that keep one organisation from filling the database.
export const LIMITS = { services: 200, certifications: 50, storageLocations: 50 } as const;

async function countRows(db: Kysely<Database>, table: "service" | "certification" | "storage_location", organizationId: string): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("organization_id", "=", organizationId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

// ---- services ----

export async function listServices(db: Kysely<Database>, organizationId: string) {
  const rows = await db
    .selectFrom("service")
    .leftJoin("disclosure", (join) => join.onRef("disclosure.service_id", "=", "service.id").on("disclosure.organization_id", "=", organizationId))
    .select((eb) => ["service.id", "service.name", "service.kind", "service.description", "service.created_at", eb.fn.count<number>("disclosure.id").as("disclosure_count")])
    .where("service.organization_id", "=", organizationId)
    .groupBy("service.id")
    .orderBy("service.name")
    .orderBy("service.created_at")
    .execute();
  return rows.map((r) => ({ ...r, disclosure_count: Number(r.disclosure_count) }));
}

export function getService(db: Kysely<Database>, organizationId: string, serviceId: string) {
  return db
    .selectFrom("service")
    .select(["id", "name", "kind", "description", "created_at"])
    .where("organization_id", "=", organizationId)
    .where("id", "=", serviceId)
    .executeTakeFirst();
}

export async function createService(db: Kysely<Database>, actor: AuditActor, organizationId: string, input: ServiceInput, meta?: RequestMeta): Promise<string> {
  const id = randomUUID();
  await db.transaction().execute(async (trx) => {
    if ((await countRows(trx, "service", organizationId)) >= LIMITS.services) throw new VendorProfileRuleError(`サービスは${LIMITS.services}件まで登録できます`);
    await trx
      .insertInto("service")
      .values({ id, organization_id: organizationId, name: input.name, kind: input.kind, description: input.description, created_at: clock.now() })
      .execute();
    await audit(trx, { action: "service.created", actor, meta, organizationId, target: input.name, detail: { service: id, kind: input.kind } });
  });
  return id;
}

/** False when the organisation has no such service. */
export async function updateService(db: Kysely<Database>, actor: AuditActor, organizationId: string, serviceId: string, input: ServiceInput, meta?: RequestMeta): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const before = await getService(trx, organizationId, serviceId);
    if (!before) return false;
    const changed = (["name", "kind", "description"] as const).filter((k) => before[k] !== input[k]);
    if (!changed.length) return true;
    await trx
      .updateTable("service")
      .set({ name: input.name, kind: input.kind, description: input.description })
      .where("organization_id", "=", organizationId)
      .where("id", "=", serviceId)
      .execute();
    if (before.name !== input.name || before.description !== input.description) await refreshServiceSearch(trx, serviceId);
    await audit(trx, {
      action: "service.updated",
      actor,
      meta,
      organizationId,
      target: input.name,
      detail: { service: serviceId, changed: changed.join(","), ...(before.name !== input.name ? { previous_name: before.name } : {}), kind: input.kind },
    });
    return true;
  });
}

/** Disclosures about the service stay, without a service (the foreign key sets it null). False when not found. */
export async function deleteService(db: Kysely<Database>, actor: AuditActor, organizationId: string, serviceId: string, meta?: RequestMeta): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const before = await getService(trx, organizationId, serviceId);
    if (!before) return false;
    const affected = await trx.selectFrom("disclosure").select("id").where("service_id", "=", serviceId).execute();
    await trx.deleteFrom("service").where("organization_id", "=", organizationId).where("id", "=", serviceId).execute();
    for (const { id } of affected) await refreshSearchDocument(trx, id);
    await audit(trx, { action: "service.deleted", actor, meta, organizationId, target: before.name, detail: { service: serviceId, kind: before.kind } });
    return true;
  });
}

// ---- profile: certifications, storage locations, foreign law ----

export function listCertifications(db: Kysely<Database>, organizationId: string) {
  return db
    .selectFrom("certification")
    .select(["id", "kind", "name", "number", "expires_on"])
    .where("organization_id", "=", organizationId)
    .orderBy("id")
    .execute();
}

export function listStorageLocations(db: Kysely<Database>, organizationId: string) {
  return db.selectFrom("storage_location").select(["id", "country", "region"]).where("organization_id", "=", organizationId).orderBy("id").execute();
}

export async function getForeignLaw(db: Kysely<Database>, organizationId: string): Promise<ForeignLaw | null> {
  const row = await db.selectFrom("organization").select("foreign_law").where("id", "=", organizationId).executeTakeFirst();
  return row?.foreign_law ?? null;
}

export async function getAddress(db: Kysely<Database>, organizationId: string): Promise<string | null> {
  const row = await db.selectFrom("organization").select("address").where("id", "=", organizationId).executeTakeFirst();
  return row?.address ?? null;
}

/** Everything a profile page shows; `expired` is decided on `today` (YYYY-MM-DD, Japan). */
export async function getVendorProfile(db: Kysely<Database>, organizationId: string, today: string) {
  const [certifications, storageLocations, foreignLaw, address] = await Promise.all([
    listCertifications(db, organizationId),
    listStorageLocations(db, organizationId),
    getForeignLaw(db, organizationId),
    getAddress(db, organizationId),
  ]);
  return { certifications: certifications.map((c) => ({ ...c, expired: isExpired(c, today) })), storageLocations, foreignLaw, address };
}

function certificationSummary(c: { kind: CertificationInput["kind"]; name: string | null; number: string | null; expires_on: string | null }) {
  return [certificationLabel(c), c.number ? `番号 ${c.number}` : "", c.expires_on ? `有効期限 ${c.expires_on}` : ""].filter(Boolean).join(" ");
}

export async function addCertification(db: Kysely<Database>, actor: AuditActor, organizationId: string, input: CertificationInput, meta?: RequestMeta): Promise<number> {
  return db.transaction().execute(async (trx) => {
    if ((await countRows(trx, "certification", organizationId)) >= LIMITS.certifications) throw new VendorProfileRuleError(`認証は${LIMITS.certifications}件まで登録できます`);
    const row = { organization_id: organizationId, kind: input.kind, name: input.name, number: input.number, expires_on: input.expiresOn };
    const { id } = await trx.insertInto("certification").values(row).returning("id").executeTakeFirstOrThrow();
    await audit(trx, {
      action: "profile.updated",
      actor,
      meta,
      organizationId,
      target: `認証の追加: ${certificationSummary(row)}`,
      detail: { field: "certification", change: "added", certification: id, kind: input.kind, expires_on: input.expiresOn },
    });
    return id;
  });
}

/** False when the organisation has no such certification. */
export async function removeCertification(db: Kysely<Database>, actor: AuditActor, organizationId: string, certificationId: number, meta?: RequestMeta): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom("certification")
      .select(["id", "kind", "name", "number", "expires_on"])
      .where("organization_id", "=", organizationId)
      .where("id", "=", certificationId)
      .executeTakeFirst();
    if (!before) return false;
    await trx.deleteFrom("certification").where("organization_id", "=", organizationId).where("id", "=", certificationId).execute();
    await audit(trx, {
      action: "profile.updated",
      actor,
      meta,
      organizationId,
      target: `認証の削除: ${certificationSummary(before)}`,
      detail: { field: "certification", change: "removed", certification: certificationId, kind: before.kind },
    });
    return true;
  });
}

/** Replaces all certifications at once (imports, seeds): one audit entry with the new count. */
export async function replaceCertifications(db: Kysely<Database>, actor: AuditActor, organizationId: string, inputs: CertificationInput[], meta?: RequestMeta): Promise<void> {
  if (inputs.length > LIMITS.certifications) throw new VendorProfileRuleError(`認証は${LIMITS.certifications}件まで登録できます`);
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom("certification").where("organization_id", "=", organizationId).execute();
    if (inputs.length) {
      await trx
        .insertInto("certification")
        .values(inputs.map((c) => ({ organization_id: organizationId, kind: c.kind, name: c.name, number: c.number, expires_on: c.expiresOn })))
        .execute();
    }
    const kinds = inputs.map((c) => certificationKindLabels[c.kind]).join("、");
    await audit(trx, {
      action: "profile.updated",
      actor,
      meta,
      organizationId,
      target: `認証の置き換え: ${kinds || "なし"}`,
      detail: { field: "certification", change: "replaced", count: inputs.length },
    });
  });
}

export async function addStorageLocation(db: Kysely<Database>, actor: AuditActor, organizationId: string, input: StorageLocationInput, meta?: RequestMeta): Promise<number> {
  return db.transaction().execute(async (trx) => {
    if ((await countRows(trx, "storage_location", organizationId)) >= LIMITS.storageLocations) throw new VendorProfileRuleError(`保管場所は${LIMITS.storageLocations}件まで登録できます`);
    const existing = await listStorageLocations(trx, organizationId);
    if (existing.some((l) => l.country === input.country && (l.region ?? "") === (input.region ?? ""))) {
      throw new VendorProfileRuleError(`保管場所「${storageLocationLabel(input)}」はすでに登録されています`);
    }
    const { id } = await trx
      .insertInto("storage_location")
      .values({ organization_id: organizationId, country: input.country, region: input.region })
      .returning("id")
      .executeTakeFirstOrThrow();
    await audit(trx, {
      action: "profile.updated",
      actor,
      meta,
      organizationId,
      target: `保管場所の追加: ${storageLocationLabel(input)}`,
      detail: { field: "storage_location", change: "added", country: input.country, region: input.region },
    });
    return id;
  });
}

/** False when the organisation has no such location. */
export async function removeStorageLocation(db: Kysely<Database>, actor: AuditActor, organizationId: string, locationId: number, meta?: RequestMeta): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom("storage_location")
      .select(["country", "region"])
      .where("organization_id", "=", organizationId)
      .where("id", "=", locationId)
      .executeTakeFirst();
    if (!before) return false;
    await trx.deleteFrom("storage_location").where("organization_id", "=", organizationId).where("id", "=", locationId).execute();
    await audit(trx, {
      action: "profile.updated",
      actor,
      meta,
      organizationId,
      target: `保管場所の削除: ${storageLocationLabel(before)}`,
      detail: { field: "storage_location", change: "removed", country: before.country, region: before.region },
    });
    return true;
  });
}

export async function setForeignLaw(db: Kysely<Database>, actor: AuditActor, organizationId: string, value: ForeignLaw, meta?: RequestMeta): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const before = await getForeignLaw(trx, organizationId);
    if (before === value) return;
    await trx.updateTable("organization").set({ foreign_law: value }).where("id", "=", organizationId).execute();
    await audit(trx, {
      action: "profile.updated",
      actor,
      meta,
      organizationId,
      target: `${foreignLawQuestion}: ${before ? foreignLawLabels[before] : "未回答"} → ${foreignLawLabels[value]}`,
      detail: { field: "foreign_law", value, previous: before },
    });
  });
}

/** `null` removes the address. */
export async function setAddress(db: Kysely<Database>, actor: AuditActor, organizationId: string, value: string | null, meta?: RequestMeta): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const before = await getAddress(trx, organizationId);
    if (before === value) return;
    await trx.updateTable("organization").set({ address: value }).where("id", "=", organizationId).execute();
    await audit(trx, { action: "profile.updated", actor, meta, organizationId, target: `所在地: ${before ?? "未設定"} → ${value ?? "未設定"}`, detail: { field: "address" } });
  });
}
