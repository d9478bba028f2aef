// Which seed file feeds which parser, and how the generated files are named. The app never
// reads the seeds; `scripts/templates.ts generate` turns them into the committed JSON files.
import { parseAgency } from "./parsers/agency-parser.js";
import { parseCyber } from "./parsers/cyber-parser.js";
import { parseHispro } from "./parsers/hispro-parser.js";
import type { ParseResult } from "./parsers/parse-report.js";
import { parseResponsibility } from "./parsers/responsibility-parser.js";
import { validateTemplate, templateFileName } from "./template-loader.js";

export type SeedSource = { seed: string; parse: (text: string) => ParseResult & { example?: unknown } };

export const seedSources: SeedSource[] = [
  { seed: "000_088b0be7ba7b2301.txt", parse: parseResponsibility },
  { seed: "002_73c1d437a4f740cb.txt", parse: parseCyber },
  { seed: "003_c63bed95ddf6f747.txt", parse: parseAgency },
  { seed: "004_1778484f1ffe0871.txt", parse: parseHispro },
];

export type GeneratedFile = { path: string; content: string };

/** Parses every seed and returns the files to write (relative to disclosures/), validated. */
export function generateFromSeeds(readSeed: (name: string) => string): { files: GeneratedFile[]; reports: { seed: string; result: ParseResult }[] } {
  const files: GeneratedFile[] = [];
  const reports: { seed: string; result: ParseResult }[] = [];
  for (const source of seedSources) {
    const result = source.parse(readSeed(source.seed));
    for (const template of result.templates) {
      const name = templateFileName(template);
      validateTemplate(template, name);
      files.push({ path: `templates/${name}`, content: `${JSON.stringify(template, null, 2)}\n` });
    }
    if (result.example) {
      const { templateId } = result.example as { templateId: string };
      files.push({ path: `examples/${templateId}.example.json`, content: `${JSON.stringify(result.example, null, 2)}\n` });
    }
    reports.push({ seed: source.seed, result });
  }
  return { files, reports };
}
