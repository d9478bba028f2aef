// Template tooling.
//   npx tsx scripts/templates.ts generate [--verbose]  seeds (../shared/seeds or SEEDS_DIR) → disclosures/templates/*.json
//   npx tsx scripts/templates.ts check                 regenerate in memory; fail if the committed files differ
//   npx tsx scripts/templates.ts summary               JSON summary of the committed templates on stdout
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { loadTemplateDirectory } from "../disclosures/template-loader.js";
import { summarizeTemplate } from "../disclosures/template-summary.js";
import { generateFromSeeds } from "../disclosures/seeds.js";

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
  // Everything is parsed and validated before anything is written: a bad seed changes nothing.
  const { files, reports } = generateFromSeeds(readSeed);
  for (const { seed, result } of reports) {
    const byKind = new Map<string, number>();
    for (const r of result.repairs) byKind.set(r.kind, (byKind.get(r.kind) ?? 0) + 1);
    const kinds = [...byKind].map(([k, n]) => `${k} ×${n}`).join(", ");
    process.stderr.write(`${seed}: ${result.templates.map((t) => t.id).join(", ")}; ${result.repairs.length} repair(s)${kinds ? `: ${kinds}` : ""}\n`);
    if (verbose) for (const r of result.repairs) process.stderr.write(`  ${seed}:${r.line} [${r.kind}] ${r.message}\n`);
  }
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
  const generated = new Set(files.filter((f) => f.path.startsWith("templates/")).map((f) => path.basename(f.path)));
  // A built-in template file no seed produces any more is stale (imported ones live in the database).
  const stale = readdirSync(TEMPLATES).filter((f) => f.endsWith(".json") && !generated.has(f));
  if (write) {
    process.stdout.write(differing.length ? `wrote ${differing.join(", ")}\n` : "templates up to date\n");
    if (stale.length) process.stdout.write(`not produced by any seed (left in place): ${stale.join(", ")}\n`);
    return 0;
  }
  if (differing.length || stale.length) {
    process.stderr.write(`generated templates differ from the committed files: ${[...differing, ...stale].join(", ")}\nrun: npx tsx scripts/templates.ts generate\n`);
    return 1;
  }
  process.stdout.write(`${files.length} generated file(s) match the seeds\n`);
  return 0;
}

function summary(): number {
  const templates = loadTemplateDirectory(TEMPLATES).map(summarizeTemplate);
  process.stdout.write(`${JSON.stringify({ templates })}\n`);
  return 0;
}

const [command, ...flags] = process.argv.slice(2);
try {
  const code =
    command === "generate" ? generate(true, flags.includes("--verbose")) : command === "check" ? generate(false, flags.includes("--verbose")) : command === "summary" ? summary() : -1;
  if (code === -1) {
    process.stderr.write("usage: npx tsx scripts/templates.ts generate [--verbose] | check | summary\n");
    process.exitCode = 2;
  } else process.exitCode = code;
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
