// Runs the dated migrations. They are listed here explicitly (not discovered with a dynamic
// import of .ts files), so tsx, vitest and bundlers all load them the same way; a test checks
// that every file in db/migrations is listed.
import { Migrator, type Kysely, type Migration } from "kysely";
import * as templateVersions from "./migrations/2026-11-22T0000-template-versions.js";
import * as accounts from "./migrations/2026-11-22T0100-accounts.js";
import * as disclosures from "./migrations/2026-11-22T0200-disclosures.js";
import * as directory from "./migrations/2026-11-23T0000-directory.js";
import * as organizationVerification from "./migrations/2026-12-02T0000-organization-verification.js";
import * as versionChangeReason from "./migrations/2026-12-02T0100-version-change-reason.js";
import * as organizationAddress from "./migrations/2026-12-03T0000-organization-address.js";
import * as templateImports from "./migrations/2026-12-03T0200-template-imports.js";
import * as templateCrosswalk from "./migrations/2026-12-04T0000-template-crosswalk.js";
import * as versionRelease from "./migrations/2026-12-04T0100-version-release.js";
import * as answerLayouts from "./migrations/2026-12-04T0200-answer-layouts.js";
import * as watches from "./migrations/2026-12-04T0300-watches.js";
import * as documents from "./migrations/2026-12-04T0400-documents.js";
import * as accessTerms from "./migrations/2026-12-04T0500-access-terms.js";
import * as notifications from "./migrations/2026-12-04T0600-notifications.js";
import * as documentAccessRequests from "./migrations/2026-12-04T0700-document-access-requests.js";
import * as organizationReading from "./migrations/2026-12-04T0800-organization-reading.js";
import * as rateLimits from "./migrations/2026-12-05T0000-rate-limits.js";
import * as signInFailures from "./migrations/2026-12-05T0100-sign-in-failures.js";
import * as keptUploads from "./migrations/2026-12-05T0200-kept-uploads.js";
import { isPostgres, postgresSchema } from "./dialect.js";
import type { Database } from "./schema.js";

export const migrations: Record<string, Migration> = {
  "2026-11-22T0000-template-versions": templateVersions,
  "2026-11-22T0100-accounts": accounts,
  "2026-11-22T0200-disclosures": disclosures,
  "2026-11-23T0000-directory": directory,
  "2026-12-02T0000-organization-verification": organizationVerification,
  "2026-12-02T0100-version-change-reason": versionChangeReason,
  "2026-12-03T0000-organization-address": organizationAddress,
  "2026-12-03T0200-template-imports": templateImports,
  "2026-12-04T0000-template-crosswalk": templateCrosswalk,
  "2026-12-04T0100-version-release": versionRelease,
  "2026-12-04T0200-answer-layouts": answerLayouts,
  "2026-12-04T0300-watches": watches,
  "2026-12-04T0400-documents": documents,
  "2026-12-04T0500-access-terms": accessTerms,
  "2026-12-04T0600-notifications": notifications,
  "2026-12-04T0700-document-access-requests": documentAccessRequests,
  "2026-12-04T0800-organization-reading": organizationReading,
  "2026-12-05T0000-rate-limits": rateLimits,
  "2026-12-05T0100-sign-in-failures": signInFailures,
  "2026-12-05T0200-kept-uploads": keptUploads,
};

export function createMigrator(db: Kysely<Database>): Migrator {
  // The migrations are written in SQLite's types; on PostgreSQL the plugin widens them (db/dialect.ts).
  return new Migrator({ db: isPostgres(db) ? db.withPlugin(postgresSchema) : db, provider: { getMigrations: async () => migrations } });
}

/** Migrates to the latest version; throws with the failing migration's name. */
export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  const { error, results } = await createMigrator(db).migrateToLatest();
  const failed = results?.find((r) => r.status === "Error");
  if (error || failed) throw new Error(`migration ${failed?.migrationName ?? ""} failed: ${String(error)}`);
  return (results ?? []).map((r) => r.migrationName);
}
