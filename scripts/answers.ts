// A disclosure's answers as a workbook in its form's layout (issue 14), from the command line:
//   npx tsx scripts/answers.ts export --disclosure ID [--version N] --out FILE.xlsx
// Without --version: the draft. Reads DATABASE_PATH (default data/kaiji.sqlite); the same workbook as
// /disclosures/:d/v/:n.xlsx and /orgs/:o/disclosures/:d/draft.xlsx.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { getDraft, getVersion } from "../app/models/disclosure.server.js";
import { getTemplate } from "../app/models/template.server.js";
import { answersWorkbook, type AnswerWorkbookInput } from "../app/utils/answers-export.server.js";
import { DEFAULT_DATABASE_PATH, openDatabase } from "../db/connection.js";
import { migrateToLatest } from "../db/migrator.js";
import { clock } from "../disclosures/clock.js";

const USAGE = "usage: npx tsx scripts/answers.ts export --disclosure ID [--version N] --out FILE.xlsx";

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { disclosure: { type: "string" }, version: { type: "string" }, out: { type: "string" } },
});
const db = openDatabase(process.env.DATABASE_PATH || DEFAULT_DATABASE_PATH);
try {
  await migrateToLatest(db);
  if (positionals[0] !== "export" || !values.disclosure || !values.out) throw new Error(USAGE);
  const disclosure = await db
    .selectFrom("disclosure")
    .innerJoin("organization", "organization.id", "disclosure.organization_id")
    .leftJoin("service", "service.id", "disclosure.service_id")
    .select(["disclosure.id", "disclosure.template_id", "disclosure.template_version", "disclosure.latest_version", "organization.name as organization_name", "service.name as service_name"])
    .where("disclosure.id", "=", values.disclosure)
    .executeTakeFirst();
  if (!disclosure) throw new Error(`no disclosure ${values.disclosure}`);
  let input: AnswerWorkbookInput;
  const common = { organizationName: disclosure.organization_name, serviceName: disclosure.service_name, now: clock.now() };
  if (values.version !== undefined) {
    const number = Number(values.version);
    const version = Number.isInteger(number) && number >= 1 ? await getVersion(db, disclosure.id, number) : undefined;
    if (!version) throw new Error(`disclosure ${disclosure.id} has no published version ${values.version} (latest: ${disclosure.latest_version || "none"})`);
    const template = (await getTemplate(db, version.template_id, version.template_version))!.template;
    input = { ...common, template, content: version.parsed, versionLabel: `第${number}版`, publishedAt: version.published_at, contentHash: version.content_hash };
  } else {
    const template = (await getTemplate(db, disclosure.template_id, disclosure.template_version))!.template;
    input = { ...common, template, content: (await getDraft(db, disclosure)).content, versionLabel: "下書き", publishedAt: null, contentHash: null };
  }
  writeFileSync(values.out, await answersWorkbook(input));
  console.log(`wrote ${path.resolve(values.out)} (${input.template.id}@${input.template.version}, ${input.versionLabel})`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = error instanceof Error && error.message === USAGE ? 2 : 1;
} finally {
  await db.destroy();
}
