// Which seed file feeds which parser, and how the generated files are named. The app never
// reads the seeds; `scripts/templates.ts generate` turns them into the committed JSON files.
// Each seed's errata (disclosures/errata/<seed>.json) are applied to its text before its parser runs.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { ErrataError, errataFileName, parseWithErrata, readErrataFile, type Erratum } from "./errata.js";
import { parseAgency } from "./parsers/agency-parser.js";
import { parseCyber } from "./parsers/cyber-parser.js";
import { parseHispro } from "./parsers/hispro-parser.js";
import type { ParseResult } from "./parsers/parse-report.js";
import { parseResponsibility } from "./parsers/responsibility-parser.js";
import type { Template } from "./template-schema.js";
import { compareVersions, validateTemplate, templateFileName } from "./template-loader.js";

export type SeedSource = {
  seed: string;
  parse: (text: string) => ParseResult & { example?: unknown };
  /**
   * The version the generated templates get. Versions are immutable once stored, so corrected text is a new
   * version: 1.0.0 was generated before the errata layer and stays committed as an archived version. Absent when
   * the parser numbers the versions itself (seed 002 holds two editions of one checklist: 1.1.0 and 1.2.0).
   */
  version?: string;
};

export const seedSources: SeedSource[] = [
  { seed: "000_088b0be7ba7b2301.txt", parse: parseResponsibility, version: "1.1.0" },
  { seed: "002_73c1d437a4f740cb.txt", parse: parseCyber },
  { seed: "003_c63bed95ddf6f747.txt", parse: parseAgency, version: "1.1.0" },
  { seed: "004_1778484f1ffe0871.txt", parse: parseHispro, version: "1.1.0" },
];

export type GeneratedFile = { path: string; content: string };

/** Where the committed errata files live. */
export const ERRATA_DIR = path.join(import.meta.dirname, "errata");

/** The errata file of a seed as text, or undefined when the seed has none. */
export function readCommittedErrata(seed: string): string | undefined {
  const file = path.join(ERRATA_DIR, errataFileName(seed));
  return existsSync(file) ? readFileSync(file, "utf8") : undefined;
}

export type SeedReport = { seed: string; result: ParseResult; unusedErrata: Erratum[] };

/** One seed: its errata applied, parsed, versioned, each template listing the corrections that reach it. */
export function generateSeed(source: SeedSource, text: string, errataJson: string | undefined): { result: ParseResult & { example?: unknown }; unusedErrata: Erratum[] } {
  const file = `errata/${errataFileName(source.seed)}`;
  const errata = errataJson === undefined ? undefined : readErrataFile(file, errataJson, source.seed);
  const parse = (t: string) => {
    const result = source.parse(t);
    const versioned = (template: Template): Template => (source.version ? { ...template, version: source.version } : template);
    return { ...result, templates: result.templates.map(versioned) };
  };
  try {
    const { result, unused } = parseWithErrata(text, errata, file, parse);
    return { result, unusedErrata: unused };
  } catch (error) {
    // An erratum that no longer matches usually means the seed changed: name the seed as well as the erratum.
    if (error instanceof ErrataError) throw new ErrataError(`${source.seed}: ${error.message}`);
    throw error;
  }
}

/** Parses every seed and returns the files to write (relative to disclosures/), validated. */
export function generateFromSeeds(
  readSeed: (name: string) => string,
  readErrata: (seed: string) => string | undefined = readCommittedErrata,
): { files: GeneratedFile[]; reports: SeedReport[] } {
  const files: GeneratedFile[] = [];
  const reports: SeedReport[] = [];
  for (const source of seedSources) {
    const { result, unusedErrata } = generateSeed(source, readSeed(source.seed), readErrata(source.seed));
    for (const template of result.templates) {
      const name = templateFileName(template);
      validateTemplate(template, name);
      files.push({ path: `templates/${name}`, content: `${JSON.stringify(template, null, 2)}\n` });
    }
    if (result.example) {
      const { templateId } = result.example as { templateId: string };
      files.push({ path: `examples/${templateId}.example.json`, content: `${JSON.stringify(result.example, null, 2)}\n` });
    }
    reports.push({ seed: source.seed, result, unusedErrata });
  }
  return { files, reports };
}

/**
 * The committed template files that no seed generates any more. Archived: an older version of a template the seeds
 * still generate at a higher version (1.0.0, generated before the errata layer; stored versions never change, so it
 * stays readable). Stale: anything else — an id no seed produces, or a version above what the seeds generate.
 */
export function classifyCommitted(committed: string[], generated: string[]): { archived: string[]; stale: string[] } {
  const latest = new Map<string, string>();
  for (const name of generated) {
    const [id, version] = splitName(name);
    const known = latest.get(id);
    if (!known || compareVersions(version, known) > 0) latest.set(id, version);
  }
  const archived: string[] = [];
  const stale: string[] = [];
  for (const name of committed) {
    if (generated.includes(name)) continue;
    const [id, version] = splitName(name);
    const newest = latest.get(id);
    (newest && version && compareVersions(version, newest) < 0 ? archived : stale).push(name);
  }
  return { archived, stale };
}

function splitName(name: string): [string, string] {
  const m = /^(.+)@(\d+\.\d+\.\d+)\.json$/.exec(name);
  return m ? [m[1], m[2]] : [name, ""];
}
