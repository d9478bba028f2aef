// A disclosure's answers in and out of workbooks in its form's layout (issue 14), from the command line:
//   npx tsx scripts/answers.ts export --disclosure ID [--version N] --out FILE.xlsx
//   npx tsx scripts/answers.ts import --disclosure ID --file FILE.xlsx --as EMAIL [--mapping MAP.json] [--dry-run]
// export without --version: the draft (the same workbook as /orgs/:o/disclosures/:d/draft.xlsx; with it, as
// /disclosures/:d/v/:n.xlsx). import prints the preview as JSON ({accepted, unchanged, invalid, unknown, conflicts},
// each a list of rows), then — unless --dry-run — saves the accepted rows as EMAIL (an editor or owner of the
// vendor), exactly as /orgs/:o/disclosures/:d/import does; it exits 1 when nothing could be imported. With --mapping,
// FILE is the vendor's own workbook read through MAP.json, an AnswerLayout (disclosures/answer-import.ts:
// {"sheet": "…", "headingRow": 2, "columns": {"number": "B", "answer": "A", …}}); it is not saved for the page.
// Reads DATABASE_URL (PostgreSQL) or DATABASE_PATH (default data/kaiji.sqlite).
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { getDraft, getVersion } from "../app/models/disclosure.server.js";
import { normalizeEmail } from "../app/models/account.server.js";
import { applyImport, previewImportInto } from "../app/models/answer-import.server.js";
import { parseLayout } from "../app/models/answer-layout.server.js";
import { getTemplate } from "../app/models/template.server.js";
import { layoutProblem, type AnswerLayout, type RowStatus } from "../disclosures/answer-import.js";
import { readWorkbook } from "../disclosures/workbook/index.js";
import { answersWorkbook, type AnswerWorkbookInput } from "../app/utils/answers-export.server.js";
import { databaseLocation, openDatabase } from "../db/connection.js";
import { migrateToLatest } from "../db/migrator.js";
import { clock } from "../disclosures/clock.js";

const USAGE = "usage: npx tsx scripts/answers.ts export --disclosure ID [--version N] --out FILE.xlsx | import --disclosure ID --file FILE.xlsx --as EMAIL [--mapping MAP.json] [--dry-run]";

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { disclosure: { type: "string" }, version: { type: "string" }, out: { type: "string" }, file: { type: "string" }, as: { type: "string" }, mapping: { type: "string" }, "dry-run": { type: "boolean" } },
});
const db = openDatabase(databaseLocation());
try {
  await migrateToLatest(db);
  const command = positionals[0];
  if (!values.disclosure || !((command === "export" && values.out) || (command === "import" && values.file && values.as))) throw new Error(USAGE);
  const disclosure = await db
    .selectFrom("disclosure")
    .innerJoin("organization", "organization.id", "disclosure.organization_id")
    .leftJoin("service", "service.id", "disclosure.service_id")
    .select(["disclosure.id", "disclosure.template_id", "disclosure.template_version", "disclosure.latest_version", "organization.name as organization_name", "service.name as service_name"])
    .where("disclosure.id", "=", values.disclosure)
    .executeTakeFirst();
  if (!disclosure) throw new Error(`no disclosure ${values.disclosure}`);
  if (command === "import") {
    await importAnswers(disclosure.id, values.file!, values.as!, values["dry-run"] ?? false, values.mapping);
  } else {
    await exportAnswers(disclosure, values.version, values.out!);
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = error instanceof Error && error.message === USAGE ? 2 : 1;
} finally {
  await db.destroy();
}

async function exportAnswers(disclosure: { id: string; template_id: string; template_version: string; latest_version: number; organization_name: string; service_name: string | null }, requested: string | undefined, out: string) {
  let input: AnswerWorkbookInput;
  const common = { organizationName: disclosure.organization_name, serviceName: disclosure.service_name, now: clock.now() };
  if (requested !== undefined) {
    const number = Number(requested);
    const version = Number.isInteger(number) && number >= 1 ? await getVersion(db, disclosure.id, number) : undefined;
    if (!version) throw new Error(`disclosure ${disclosure.id} has no published version ${requested} (latest: ${disclosure.latest_version || "none"})`);
    const template = (await getTemplate(db, version.template_id, version.template_version))!.template;
    input = { ...common, template, content: version.parsed, versionLabel: `第${number}版`, publishedAt: version.published_at, contentHash: version.content_hash, base: { version: number } };
  } else {
    const template = (await getTemplate(db, disclosure.template_id, disclosure.template_version))!.template;
    const draft = await getDraft(db, disclosure);
    input = { ...common, template, content: draft.content, versionLabel: "下書き", publishedAt: null, contentHash: null, base: { revisions: draft.revisions } };
  }
  writeFileSync(out, await answersWorkbook(input));
  console.log(`wrote ${path.resolve(out)} (${input.template.id}@${input.template.version}, ${input.versionLabel})`);
}

/** The AnswerLayout in a --mapping file, or an error saying what is wrong with it. */
function readLayout(file: string): AnswerLayout {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new Error(`--mapping ${file}: not JSON (${error instanceof Error ? error.message : error})`);
  }
  const layout = parseLayout(value);
  if (!layout) throw new Error(`--mapping ${file}: not a layout like {"sheet": "回答一覧", "headingRow": 2, "columns": {"number": "B", "answer": "A"}} (columns: number, text, answer, when, reason, note, evidenceNames, evidenceUrls as column letters)`);
  return layout;
}

async function importAnswers(disclosureId: string, file: string, email: string, dryRun: boolean, mapping: string | undefined) {
  const layout = mapping === undefined ? undefined : readLayout(mapping);
  const user = await db.selectFrom("user").select(["id", "email"]).where("email", "=", normalizeEmail(email)).executeTakeFirst();
  const disclosure = await db.selectFrom("disclosure").selectAll().where("id", "=", disclosureId).executeTakeFirstOrThrow();
  const membership = user && (await db.selectFrom("membership").select("role").where("user_id", "=", user.id).where("organization_id", "=", disclosure.organization_id).executeTakeFirst());
  if (!user || !membership || membership.role === "viewer") throw new Error(`${email} is not an editor or owner of the vendor that owns ${disclosureId}`);
  const grid = await readWorkbook(readFileSync(file), { fileName: path.basename(file) });
  const problem = layout && layoutProblem(grid, layout);
  if (problem) throw new Error(problem);
  const preview = await previewImportInto(db, disclosure, grid, { layout });
  if (preview.fileProblem) throw new Error(preview.fileProblem);
  const rows = (status: RowStatus) => preview.rows.filter((r) => r.status === status).map(({ row, key, number, text, messages }) => ({ row, key, number, text, messages }));
  const report = { accepted: rows("accepted"), unchanged: rows("unchanged"), invalid: rows("invalid"), unknown: rows("unknown"), conflicts: rows("conflict"), derived: preview.derived, claims: preview.claims };
  const accepted = preview.rows.filter((r) => r.status === "accepted").map((r) => ({ key: r.key, baseRevision: r.baseRevision, response: r.response }));
  if (!dryRun && accepted.length) {
    const result = await applyImport(db, { userId: user.id, email: user.email }, disclosure, accepted, { ip: "", userAgent: "scripts/answers.ts" });
    if ("error" in result) throw new Error(result.error);
    Object.assign(report, { saved: result.saved.length, conflictsOnSave: result.conflicts.map((c) => c.key) });
  }
  console.log(JSON.stringify(report, null, 2));
  if (!accepted.length) process.exitCode = 1;
}
