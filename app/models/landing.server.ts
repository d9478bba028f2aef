// What the landing page shows a first-time visitor (issue 19, item 3): how much the portal holds and what changed
// lately — counted over what anyone may see (public disclosures; 申請制 ones are listed in the directory as locked
// entries, so they count as disclosures but show no content), never 医療機関のみ ones.
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.js";
import { feedVersions } from "./feeds.server.js";
import { listTemplates } from "./template.server.js";

export const LATEST_SHOWN = 6;

export async function landingFacts(db: Kysely<Database>) {
  const listed = db
    .selectFrom("disclosure")
    .where("disclosure.latest_version", ">", 0)
    .where("disclosure.withdrawn_at", "is", null)
    .where("disclosure.visibility", "in", ["public", "request"]);
  const [counts, latest, templates] = await Promise.all([
    listed.select((eb) => [eb.fn.countAll<number>().as("disclosures"), eb.fn.count<number>("disclosure.organization_id").distinct().as("vendors")]).executeTakeFirstOrThrow(),
    feedVersions(db).where("disclosure.visibility", "=", "public").where("disclosure.withdrawn_at", "is", null).limit(LATEST_SHOWN).execute(),
    listTemplates(db),
  ]);
  const titles = new Map(templates.map((t) => [t.id, t.title]));
  return {
    counts: { vendors: Number(counts.vendors), disclosures: Number(counts.disclosures), templates: templates.length },
    latest: latest.map((v) => ({ disclosureId: v.disclosureId, number: v.number, publishedAt: v.publishedAt, organizationId: v.organizationId, organizationName: v.organizationName, serviceName: v.serviceName, templateTitle: titles.get(v.templateId) ?? v.templateId, changeReason: v.changeReason })),
    templates,
  };
}
