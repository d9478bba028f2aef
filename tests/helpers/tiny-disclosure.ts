// A vendor and its published disclosures of the tiny fixture form, for HTTP suites that need something published
// and do not care how it was written (the editor and the publish page have their own suites).
import { writeFileSync } from "node:fs";
import path from "node:path";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.js";
import { canonicalJson } from "../../disclosures/canonical-json.js";
import type { ItemResponse } from "../../disclosures/disclosure-content.js";
import { Client, STRONG_PASSWORD } from "./client.js";
import { tempDir } from "./db.js";
import { tinyTemplate } from "./template-fixture.js";

const meta = { ip: "127.0.0.1", userAgent: "test" };

/** Puts the tiny form (tiny@1.0.0) into the app's template registry. */
export async function registerTinyTemplate(db: Kysely<Database>): Promise<void> {
  const dir = tempDir("kaiji-tiny-");
  writeFileSync(path.join(dir, "tiny@1.0.0.json"), canonicalJson(tinyTemplate()));
  const { syncBuiltinTemplates } = await import("../../app/models/template.server.js");
  await syncBuiltinTemplates(db, dir);
}

export type Vendor = { client: Client; org: string; actor: { userId: string; email: string } };

/** Signs up `email` and creates a vendor organisation `name` (with its フリガナ when given) through the pages. */
export async function signUpVendor(app: { base: string; db: Kysely<Database> }, email: string, name: string, reading?: string): Promise<Vendor> {
  const client = new Client(app.base);
  await client.post("/signup", { email, displayName: name, password: STRONG_PASSWORD, confirm: STRONG_PASSWORD });
  const org = (await client.post("/orgs", { name, kind: "vendor", ...(reading ? { reading } : {}) })).headers.get("location")!.split("/").pop()!;
  const userId = (await app.db.selectFrom("user").select("id").where("email", "=", email).executeTakeFirstOrThrow()).id;
  return { client, org, actor: { userId, email } };
}

export const implemented: ItemResponse = { value: { status: "implemented" } };
/** Every item of the tiny form answered: the name, c1 and c2 実施済. */
export const allImplemented = (name: string): Record<string, ItemResponse> => ({ name: { value: name }, c1: implemented, c2: implemented });

/** Publishes 第1版 of a new tiny disclosure of the vendor with these answers; gives its id. */
export async function publishTiny(
  db: Kysely<Database>,
  vendor: Pick<Vendor, "org" | "actor">,
  options: { responses: Record<string, ItemResponse>; visibility?: "public" | "hospitals" | "request"; serviceId?: string | null; at?: number },
): Promise<string> {
  const { createDisclosure, getDisclosure, publish, saveDraft } = await import("../../app/models/disclosure.server.js");
  const template = tinyTemplate();
  const id = await createDisclosure(db, vendor.actor, vendor.org, { templateId: template.id, templateVersion: template.version, serviceId: options.serviceId ?? null, visibility: options.visibility ?? "public" }, meta);
  const draft = (await getDisclosure(db, vendor.org, id))!;
  await saveDraft(db, vendor.actor, draft, Object.entries(options.responses).map(([key, response]) => ({ key, baseRevision: 0, response })), meta);
  await publish(db, vendor.actor, draft, template, meta, options.at);
  return id;
}
