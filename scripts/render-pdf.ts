// Renders a disclosure PDF from the command line, for vendors who automate.
//   From the database (DATABASE_PATH), a published version:
//     npx tsx scripts/render-pdf.ts --disclosure <id> [--version <n>] --out sheet.pdf
//   From an answer file against a built-in template (no database needed). The file has the shape of
//   `content` in the published JSON: { "templateId", "templateVersion", "responses": { key: { value, note, evidence } } }
//     npx tsx scripts/render-pdf.ts --answers answers.json --vendor "株式会社〇〇" [--service "…"] [--date 2026-11-01] [--draft] --out sheet.pdf
// Exit codes: 0 written, 1 failed, 2 usage.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { clock, isRealDate, startOfJapanDay } from "../disclosures/clock.js";

const args = process.argv.slice(2);
const option = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const flag = (name: string) => args.includes(`--${name}`);
const out = option("out");

function usage(message: string): never {
  process.stderr.write(`${message}\nusage: npx tsx scripts/render-pdf.ts (--disclosure <id> [--version <n>] | --answers <file.json> --vendor <name> [--service <name>] [--date YYYY-MM-DD] [--draft]) --out <file.pdf>\n`);
  process.exit(2);
}

if (!out) usage("--out is required");
const dateOption = option("date");
if (dateOption !== undefined && !isRealDate(dateOption)) usage(`--date must be a date YYYY-MM-DD, got "${dateOption}"`);
const { closePdfRenderer } = await import("../app/utils/pdf.server.js");
const { contentHash, normalizeContent } = await import("../disclosures/disclosure-content.js");
const { draftPdf, publishedPdf } = await import("../app/models/pdf-document.server.js");

try {
  let pdf: Buffer;
  if (option("disclosure")) {
    const { db } = await import("../app/utils/db.server.js");
    const { getVersion } = await import("../app/models/disclosure.server.js");
    const { loadVersionTemplate } = await import("../app/models/reading.server.js");
    const disclosure = await db
      .selectFrom("disclosure")
      .innerJoin("organization", "organization.id", "disclosure.organization_id")
      .leftJoin("service", "service.id", "disclosure.service_id")
      .select(["disclosure.id", "disclosure.latest_version", "organization.name as vendor", "service.name as service"])
      .where("disclosure.id", "=", option("disclosure")!)
      .executeTakeFirst();
    if (!disclosure || !disclosure.latest_version) throw new Error(`no published disclosure ${option("disclosure")}`);
    const number = option("version") ? Number(option("version")) : disclosure.latest_version;
    const version = await getVersion(db, disclosure.id, number);
    if (!version) throw new Error(`disclosure ${disclosure.id} has no version ${number}`);
    const template = await loadVersionTemplate(db, version);
    const base = (await import("../app/utils/env.server.js")).publicOrigin();
    ({ pdf } = await publishedPdf(template, { vendorName: disclosure.vendor, serviceName: disclosure.service, versionNumber: number, lastUpdated: version.published_at, contentHash: version.content_hash, publicUrl: `${base}/disclosures/${disclosure.id}/v/${number}`, changeReason: version.change_reason }, () => version.parsed));
    await db.destroy();
  } else if (option("answers")) {
    const { loadTemplateFile } = await import("../disclosures/template-loader.js");
    const { validateForPublish } = await import("../disclosures/publish-validation.js");
    const content = JSON.parse(readFileSync(option("answers")!, "utf8"));
    if (!content?.templateId || !content?.templateVersion || typeof content.responses !== "object") throw new Error("the answer file needs templateId, templateVersion and responses");
    const template = loadTemplateFile(path.resolve(import.meta.dirname, `../disclosures/templates/${content.templateId}@${content.templateVersion}.json`));
    const vendorName = option("vendor") ?? usage("--vendor is required with --answers");
    const problems = validateForPublish(template, content);
    for (const p of problems) process.stderr.write(`warning: ${p.number ?? p.key} ${p.message}\n`);
    if (flag("draft") || problems.length) {
      if (!flag("draft")) process.stderr.write("the answers are incomplete: rendering as a draft (watermarked 下書き)\n");
      ({ pdf } = await draftPdf(template, content, { vendorName, serviceName: option("service") ?? null, publicUrl: null }));
    } else {
      const date = dateOption ? startOfJapanDay(dateOption) : clock.now();
      if (Number.isNaN(date)) usage("--date must be YYYY-MM-DD");
      ({ pdf } = await publishedPdf(template, { vendorName, serviceName: option("service") ?? null, versionNumber: null, lastUpdated: date, contentHash: contentHash(content), publicUrl: null, changeReason: null }, () => normalizeContent(content)));
    }
  } else usage("give --disclosure or --answers");
  writeFileSync(out!, pdf);
  process.stdout.write(`${out}: ${pdf.length} bytes\n`);
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
} finally {
  await closePdfRenderer();
}
