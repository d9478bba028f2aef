// A vendor's public page: the organisation's profile facts and every published disclosure a reader
// may see. Readable disclosures are listed with a link; a 申請制 disclosure the reader may not read is a
// locked entry (template, service, version number, 最終更新日, and the reader's own request), never its
// content; a 医療機関のみ disclosure the reader may not read is not listed at all (DECISIONS 28). Documents the same way
// (DECISIONS 30, 32).
import type { Kysely } from "kysely";
import type { Database, ServiceKind, Visibility } from "../../db/schema.js";
import { clock, todayInJapan } from "../../disclosures/clock.js";
import { isStale } from "./directory.js";
import { readableBy, readerScope, type Reader } from "./disclosure.server.js";
import { requestingHospitals } from "./access-request.server.js";
import { vendorDocuments, type VendorDocument } from "./document.server.js";
import { getTemplate } from "./template.server.js";
import { activeCertifications, certificationLabel, storageLocationLabel, type ForeignLaw } from "./vendor-profile.js";

/** The reader's own request for a locked disclosure: the newest one of any of their hospitals. */
export type OwnRequest = { status: "pending" | "approved" | "expired" | "declined" | "revoked"; hospitalName: string; createdAt: number };

/** Who may ask for a locked disclosure: "login" (anonymous), "hospital" (a member of a hospital: the request page says the rest), "none". */
export type RequestRoute = "login" | "hospital" | "none";

export async function requestRouteOf(db: Kysely<Database>, reader: Reader): Promise<RequestRoute> {
  if (!reader) return "login";
  return (await requestingHospitals(db, reader.userId)).length ? "hospital" : "none";
}

/**
 * For each of these disclosures (or documents, `kind` "document"), the reader's newest request (as on the request
 * page: not through a hospital whose 2FA rule they miss).
 */
export async function ownRequests(db: Kysely<Database>, reader: Reader, targetIds: string[], now = clock.now(), kind: "disclosure" | "document" = "disclosure"): Promise<Map<string, OwnRequest>> {
  const result = new Map<string, OwnRequest>();
  if (!reader || !targetIds.length) return result;
  const hospitals = (await requestingHospitals(db, reader.userId)).filter((h) => h.blocked !== "twoFactor");
  if (!hospitals.length) return result;
  const column = kind === "document" ? "access_request.document_id" : "access_request.disclosure_id";
  const rows = await db
    .selectFrom("access_request")
    .innerJoin("organization", "organization.id", "access_request.organization_id")
    .select([`${column} as target_id`, "access_request.status", "access_request.created_at", "access_request.expires_at", "organization.name as hospital_name"])
    .where(column, "in", targetIds)
    .where("access_request.organization_id", "in", hospitals.map((h) => h.id))
    .orderBy("access_request.created_at", "desc")
    .execute();
  for (const r of rows) {
    if (r.target_id === null || result.has(r.target_id)) continue;
    const status = r.status === "approved" && r.expires_at !== null && r.expires_at < now ? "expired" : r.status;
    result.set(r.target_id, { status, hospitalName: r.hospital_name, createdAt: r.created_at });
  }
  return result;
}

export type VendorDisclosure = {
  disclosureId: string;
  templateId: string;
  templateTitle: string;
  templateVersion: string;
  serviceName: string | null;
  /** 「製品名 バージョン」 on a per-release form; null on a locked entry (it comes from the answers). */
  release: string | null;
  visibility: Visibility;
  version: number;
  publishedAt: number;
  stale: boolean;
  locked: boolean;
  request: OwnRequest | null;
};

export type VendorPage = {
  organization: { id: string; name: string; verified: boolean; foreignLaw: ForeignLaw | null };
  services: { id: string; name: string; kind: ServiceKind; description: string | null }[];
  certifications: { label: string; number: string | null; expiresOn: string | null }[];
  storage: string[];
  disclosures: VendorDisclosure[];
  /** 「資料」: documents not withdrawn the reader may read, and 申請制 ones as locked entries with the reader's own request. */
  documents: (VendorDocument & { request: OwnRequest | null })[];
  requestRoute: RequestRoute;
};

/** Undefined for an unknown organisation or a hospital: the same 404. */
export async function loadVendorPage(db: Kysely<Database>, reader: Reader, organizationId: string, now = clock.now()): Promise<VendorPage | undefined> {
  const organization = await db
    .selectFrom("organization")
    .select(["id", "name", "verified_at", "foreign_law"])
    .where("id", "=", organizationId)
    .where("kind", "=", "vendor")
    .executeTakeFirst();
  if (!organization) return undefined;
  const scope = await readerScope(db, reader);
  const [services, certifications, locations, rows, readable, requestRoute, documents] = await Promise.all([
    db.selectFrom("service").select(["id", "name", "kind", "description"]).where("organization_id", "=", organization.id).orderBy("name").orderBy("created_at").execute(),
    db.selectFrom("certification").select(["kind", "name", "number", "expires_on"]).where("organization_id", "=", organization.id).orderBy("id").execute(),
    db.selectFrom("storage_location").select(["country", "region"]).where("organization_id", "=", organization.id).orderBy("id").execute(),
    db
      .selectFrom("disclosure")
      .innerJoin("version_summary", (join) => join.onRef("version_summary.disclosure_id", "=", "disclosure.id").onRef("version_summary.number", "=", "disclosure.latest_version"))
      .leftJoin("service", (join) => join.onRef("service.id", "=", "disclosure.service_id").onRef("service.organization_id", "=", "disclosure.organization_id"))
      .select(["disclosure.id", "disclosure.template_id", "disclosure.template_version", "disclosure.visibility", "disclosure.latest_version", "service.name as service_name", "version_summary.published_at", "version_summary.release"])
      .where("disclosure.organization_id", "=", organization.id)
      .where("disclosure.latest_version", ">", 0)
      // As in the directory: a withdrawn disclosure is no longer offered (its pages stay readable to those who could read them).
      .where("disclosure.withdrawn_at", "is", null)
      .execute(),
    db.selectFrom("disclosure").select("disclosure.id").where("disclosure.organization_id", "=", organization.id).where(readableBy(scope, now)).execute(),
    requestRouteOf(db, reader),
    vendorDocuments(db, reader, organization.id, now),
  ]);
  const documentRequests = await ownRequests(db, reader, documents.filter((d) => d.locked).map((d) => d.id), now, "document");
  const readableIds = new Set(readable.map((r) => r.id));
  const listed = rows.filter((r) => readableIds.has(r.id) || r.visibility === "request");
  const requests = await ownRequests(db, reader, listed.filter((r) => !readableIds.has(r.id)).map((r) => r.id), now);
  const titles = new Map<string, string>();
  for (const r of listed) {
    const key = `${r.template_id}@${r.template_version}`;
    if (!titles.has(key)) titles.set(key, (await getTemplate(db, r.template_id, r.template_version))?.template.title ?? r.template_id);
  }
  const collator = new Intl.Collator("ja");
  const disclosures: VendorDisclosure[] = listed
    .map((r) => {
      const locked = !readableIds.has(r.id);
      return {
        disclosureId: r.id,
        templateId: r.template_id,
        templateTitle: titles.get(`${r.template_id}@${r.template_version}`)!,
        templateVersion: r.template_version,
        serviceName: r.service_name,
        release: locked ? null : r.release,
        visibility: r.visibility,
        version: r.latest_version,
        publishedAt: r.published_at,
        stale: isStale(r.published_at, now),
        locked,
        request: requests.get(r.id) ?? null,
      };
    })
    .sort((a, b) => collator.compare(a.templateTitle, b.templateTitle) || collator.compare(a.serviceName ?? "", b.serviceName ?? "") || (a.disclosureId < b.disclosureId ? -1 : 1));
  return {
    organization: { id: organization.id, name: organization.name, verified: organization.verified_at !== null, foreignLaw: organization.foreign_law },
    services,
    certifications: activeCertifications(certifications, todayInJapan(now)).map((c) => ({ label: certificationLabel(c), number: c.number, expiresOn: c.expires_on })),
    storage: locations.map(storageLocationLabel),
    disclosures,
    documents: documents.map((d) => ({ ...d, request: documentRequests.get(d.id) ?? null })),
    requestRoute,
  };
}
