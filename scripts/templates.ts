// Template tooling.
//   npx tsx scripts/templates.ts generate [--verbose]  seeds (../shared/seeds or SEEDS_DIR) → disclosures/templates/*.json
//   npx tsx scripts/templates.ts check                 regenerate in memory; fail if the committed files differ
//   npx tsx scripts/templates.ts summary               JSON summary of the committed templates on stdout
//   npx tsx scripts/templates.ts export <templateId> [--version V] [--from DIR] --out FILE.xlsx
//                                                      a template as a workbook + FILE.mapping.json that reads it back
//   npx tsx scripts/templates.ts import FILE.xlsx|FILE.csv --mapping MAP.json [--dry-run] [--out DIR] [--verbose]
//                                                      a workbook → a checked template; --dry-run prints its summary,
//                                                      --out writes DIR/<id>@<version>.json (the database is the admin UI's job)
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { compareVersions, loadTemplateDirectory, templateFileName } from "../disclosures/template-loader.js";
import { summarizeTemplateVersion, templateContentHash } from "../disclosures/template-summary.js";
import { classifyCommitted, generateFromSeeds } from "../disclosures/seeds.js";
import { exportTemplate, formatProblem, previewImport, readWorkbook, WORKBOOK_LIMITS, WorkbookError } from "../disclosures/workbook/index.js";

const ROOT = path.resolve(import.meta.dirname, "..");
const OUT = path.join(ROOT, "disclosures");
const TEMPLATES = path.join(OUT, "templates");
const SEEDS = path.resolve(process.env.SEEDS_DIR ?? path.join(ROOT, "../shared/seeds"));

function readSeed(name: string): string {
  const file = path.join(SEEDS, name);
  if (!existsSync(file)) throw new Error(`seed file ${name} not found in ${SEEDS} (set SEEDS_DIR to the folder holding the seeds)`);
  return readFileSync(file, "utf8");
}

function generate(write: boolean, verbose: boolean): number {
  // Everything is parsed and validated before anything is written: a bad seed or errata file changes nothing.
  const { files, reports } = generateFromSeeds(readSeed);
  for (const { seed, result } of reports) {
    const byKind = new Map<string, number>();
    for (const r of result.repairs) byKind.set(r.kind, (byKind.get(r.kind) ?? 0) + 1);
    const kinds = [...byKind].map(([k, n]) => `${k} ×${n}`).join(", ");
    const names = result.templates.map((t) => `${t.id}@${t.version}`).join(", ");
    process.stderr.write(`${seed}: ${names}; ${result.repairs.length} repair(s)${kinds ? `: ${kinds}` : ""}\n`);
    if (verbose) for (const r of result.repairs) process.stderr.write(`  ${seed}:${r.line} [${r.kind}] ${r.message}\n`);
  }
  for (const { seed, unusedErrata } of reports)
    for (const e of unusedErrata) process.stderr.write(`warning: ${seed}:${e.line} erratum 「${e.found}」→「${e.used}」 changes no generated template\n`);
  const differing: string[] = [];
  for (const file of files) {
    const target = path.join(OUT, file.path);
    const current = existsSync(target) ? readFileSync(target, "utf8") : undefined;
    if (current === file.content) continue;
    differing.push(file.path);
    if (write) {
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, file.content);
    }
  }
  const generated = files.filter((f) => f.path.startsWith("templates/")).map((f) => path.basename(f.path));
  const { archived, stale } = classifyCommitted(readdirSync(TEMPLATES).filter((f) => f.endsWith(".json")), generated);
  if (write) {
    process.stdout.write(differing.length ? `wrote ${differing.join(", ")}\n` : "templates up to date\n");
    if (archived.length) process.stdout.write(`archived versions kept as committed: ${archived.join(", ")}\n`);
    if (stale.length) process.stdout.write(`not produced by any seed (left in place): ${stale.join(", ")}\n`);
    return 0;
  }
  if (differing.length || stale.length) {
    process.stderr.write(`generated templates differ from the committed files: ${[...differing, ...stale].join(", ")}\nrun: npx tsx scripts/templates.ts generate\n`);
    return 1;
  }
  process.stdout.write(`${files.length} generated file(s) match the seeds${archived.length ? `; ${archived.length} archived version(s) kept: ${archived.join(", ")}` : ""}\n`);
  return 0;
}

function summary(): number {
  const templates = loadTemplateDirectory(TEMPLATES).map(summarizeTemplateVersion);
  process.stdout.write(`${JSON.stringify({ templates })}\n`);
  return 0;
}

/** `--name value`; undefined when absent. */
function flag(flags: string[], name: string): string | undefined {
  const i = flags.indexOf(`--${name}`);
  if (i < 0) return undefined;
  const value = flags[i + 1];
  if (value === undefined || value.startsWith("--")) throw new UsageError(`--${name} needs a value`);
  return value;
}

class UsageError extends Error {}

/** The template as a workbook and its mapping; written only after the workbook has been read back to the same hash. */
async function exportCommand(flags: string[]): Promise<number> {
  const [id] = flags;
  const out = flag(flags, "out");
  if (!id || id.startsWith("--") || !out) throw new UsageError("export needs a template id and --out FILE.xlsx");
  const from = path.resolve(flag(flags, "from") ?? TEMPLATES);
  const wanted = flag(flags, "version");
  const versions = loadTemplateDirectory(from).filter((t) => t.id === id);
  if (!versions.length) throw new Error(`template "${id}" not found in ${from}`);
  const template = wanted ? versions.find((t) => t.version === wanted) : versions.sort((a, b) => compareVersions(a.version, b.version)).at(-1);
  if (!template) throw new Error(`template "${id}" has no version ${wanted} in ${from} (versions: ${versions.map((t) => t.version).join(", ")})`);

  const { workbook, mapping } = await exportTemplate(template);
  const back = previewImport(await readWorkbook(workbook, { fileName: out }), JSON.parse(JSON.stringify(mapping)));
  const hash = templateContentHash(template);
  if (back.contentHash !== hash) {
    for (const p of back.problems) process.stderr.write(`${formatProblem(p)}\n`);
    throw new Error(`${templateFileName(template)}: the workbook does not read back to the same template (a bug in the exporter); nothing written`);
  }
  const mappingFile = `${out.replace(/\.xlsx$/i, "")}.mapping.json`;
  mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
  writeFileSync(out, workbook);
  writeFileSync(mappingFile, `${JSON.stringify(mapping, null, 2)}\n`);
  process.stdout.write(`wrote ${out} and ${mappingFile}: ${template.id}@${template.version}, ${back.itemCount} items; read back to the same content hash ${hash}\n`);
  return 0;
}

async function importCommand(flags: string[]): Promise<number> {
  const [file] = flags;
  const mappingFile = flag(flags, "mapping");
  if (!file || file.startsWith("--") || !mappingFile) throw new UsageError("import needs a workbook file and --mapping MAP.json");
  const out = flag(flags, "out");
  const dryRun = flags.includes("--dry-run");
  // Refuse an oversized file before reading it into memory.
  if (statSync(file).size > WORKBOOK_LIMITS.maxBytes) throw new WorkbookError("tooLarge", `ファイルが大きすぎます（上限 ${WORKBOOK_LIMITS.maxBytes / 1024 / 1024} MB）。`);
  let mapping: unknown;
  try {
    mapping = JSON.parse(readFileSync(mappingFile, "utf8"));
  } catch (error) {
    throw new Error(`${mappingFile}: not valid JSON: ${(error as Error).message}`);
  }
  const preview = previewImport(await readWorkbook(readFileSync(file), { fileName: file }), mapping);
  const errors = preview.problems.filter((p) => p.kind === "error");
  const skipped = preview.problems.filter((p) => p.kind === "skipped");
  for (const p of errors) process.stderr.write(`error: ${formatProblem(p)}\n`);
  if (flags.includes("--verbose")) for (const p of skipped) process.stderr.write(`skipped: ${formatProblem(p)}\n`);
  else if (skipped.length) process.stderr.write(`${skipped.length} run(s) of rows skipped (blank, repeated headings, notes, hidden); --verbose lists them\n`);
  if (!preview.template) {
    process.stderr.write(`${file}: not imported (${errors.length} problem(s))\n`);
    return 1;
  }
  const template = preview.template;
  const name = templateFileName(template);
  process.stderr.write(`${file}: ${template.id}@${template.version}, ${preview.itemCount} items in ${preview.sectionCount} sections from ${preview.rowsRead} rows; content hash ${preview.contentHash}\n`);
  if (dryRun) {
    process.stdout.write(`${JSON.stringify({ templates: [summarizeTemplateVersion(template)] })}\n`);
    return 0;
  }
  if (!out) {
    process.stdout.write(`would write ${name}; pass --out DIR to write it (storing it in the database is done in the admin UI)\n`);
    return 0;
  }
  const dir = path.resolve(out);
  if (dir === TEMPLATES) throw new Error(`${TEMPLATES} holds the templates generated from the seeds (checked by \`templates.ts check\`): import into another folder`);
  const target = path.join(dir, name);
  if (existsSync(target)) {
    const existing = loadTemplateDirectory(dir).find((t) => t.id === template.id && t.version === template.version);
    if (existing && templateContentHash(existing) === templateContentHash(template)) {
      process.stdout.write(`${target} unchanged\n`);
      return 0;
    }
    throw new Error(`${target} already holds a different ${template.id}@${template.version}: a template version never changes, give the new one a new version (template.version in the mapping)`);
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(target, `${JSON.stringify(template, null, 2)}\n`);
  process.stdout.write(`wrote ${target}\n`);
  return 0;
}

const USAGE = `usage: npx tsx scripts/templates.ts generate [--verbose] | check | summary
       npx tsx scripts/templates.ts export <templateId> [--version V] [--from DIR] --out FILE.xlsx
       npx tsx scripts/templates.ts import FILE.xlsx --mapping MAP.json [--dry-run] [--out DIR] [--verbose]
`;

const [command, ...flags] = process.argv.slice(2);
try {
  const code =
    command === "generate"
      ? generate(true, flags.includes("--verbose"))
      : command === "check"
        ? generate(false, flags.includes("--verbose"))
        : command === "summary"
          ? summary()
          : command === "export"
            ? await exportCommand(flags)
            : command === "import"
              ? await importCommand(flags)
              : -1;
  if (code === -1) {
    process.stderr.write(USAGE);
    process.exitCode = 2;
  } else process.exitCode = code;
} catch (error) {
  if (error instanceof UsageError) {
    process.stderr.write(`${error.message}\n${USAGE}`);
    process.exitCode = 2;
  } else {
    process.stderr.write(`${error instanceof WorkbookError ? "error: " : ""}${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}
