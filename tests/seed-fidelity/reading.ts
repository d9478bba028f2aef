// Shared plumbing of the seed-fidelity suites: the seed's lines with the errata applied, the latest committed
// template of an id, and a list of differences that fails with a readable report. Each suite's reading of its
// seed (which cells are which) is its own, written from the seed text and not from the parsers; only this
// plumbing is shared, and it imports nothing from disclosures/ on purpose: "seed + errata = template" must be
// checked by code that shares no step with the generator that made the template.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { ROOT, TEMPLATES_DIR, requireSeeds } from "../helpers/db.js";

export type Erratum = { line: number; found: string; used: string; why: string; item?: string; templates?: string[] };

/** The errata file of a seed (disclosures/errata/<seed without .txt>.json), or none. */
export function errataOf(seed: string): Erratum[] {
  const file = path.join(ROOT, "disclosures/errata", seed.replace(/\.txt$/, ".json"));
  if (!existsSync(file)) return [];
  const data = JSON.parse(readFileSync(file, "utf8")) as { seed: string; errata: Erratum[] };
  if (data.seed !== seed) throw new Error(`${file} names seed ${data.seed}, expected ${seed}`);
  return data.errata;
}

/**
 * The seed's lines (index 0 = line 1), with each erratum's `found` replaced by `used` on its line when `errata`
 * is given. An erratum limited to other templates (`templates`) is left out; a `found` that is not on its line
 * exactly once is an error, as it is for the generator.
 */
export function seedLines(seed: string, errata: Erratum[] = [], template?: { id: string; version: string }): string[] {
  const lines = readFileSync(path.join(requireSeeds(), seed), "utf8").split("\n");
  for (const e of errata) {
    if (e.templates && template && !e.templates.some((t) => t === template.id || t === `${template.id}@${template.version}`)) continue;
    const line = lines[e.line - 1] ?? "";
    const times = line.split(e.found).length - 1;
    if (times !== 1) throw new Error(`erratum at ${seed}:${e.line}: 「${e.found}」 occurs ${times} times on the line`);
    lines[e.line - 1] = line.replace(e.found, () => e.used);
  }
  return lines;
}

/** Whitespace carries no meaning in these Japanese forms (PDF wraps leave spaces anywhere): both sides drop it. */
export const norm = (s: string | undefined): string => (s ?? "").replace(/[\s\u3000]+/g, "");

export type TemplateJson = { id: string; version: string; sections: SectionJson[]; [k: string]: unknown };
export type SectionJson = { key: string; number?: string; title: string; description?: string; notes?: { id: string; text: string }[]; items?: ItemJson[]; sections?: SectionJson[] };
export type ItemJson = {
  key: string;
  number?: string;
  group?: string;
  text: string;
  level: string;
  category?: string;
  perspective?: string;
  noteRefs?: string[];
  checkPoints?: string[];
  references?: { guideline: string; location?: string }[];
  details?: { label: string; text: string }[];
  answer: { kind: string; [k: string]: unknown };
};

// The committed templates; KAIJI_FIDELITY_TEMPLATES points the suites at a copy, to show that a changed word fails.
const TEMPLATES = process.env.KAIJI_FIDELITY_TEMPLATES ?? TEMPLATES_DIR;

const semver = (v: string) => v.split(".").map(Number);
const newer = (a: string, b: string) => {
  const [x, y] = [semver(a), semver(b)];
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] - y[i];
  return 0;
};

/** Every committed version of a template id, oldest first. */
export function versionsOf(id: string): string[] {
  return readdirSync(TEMPLATES)
    .map((f) => f.match(new RegExp(`^${id}@(\\d+\\.\\d+\\.\\d+)\\.json$`))?.[1])
    .filter((v): v is string => v !== undefined)
    .sort(newer);
}

export function loadTemplate(id: string, version: string): TemplateJson {
  return JSON.parse(readFileSync(path.join(TEMPLATES, `${id}@${version}.json`), "utf8")) as TemplateJson;
}

export function latestTemplate(id: string): TemplateJson {
  const versions = versionsOf(id);
  if (!versions.length) throw new Error(`no committed template ${id}`);
  return loadTemplate(id, versions[versions.length - 1]);
}

/**
 * Whether a template was generated with the errata applied. Version 1.0.0 is the one generated before the errata
 * layer existed (the errata make 1.1.0 and later), so its differences at corrected places are expected.
 */
export const hasErrata = (t: TemplateJson) => newer(t.version, "1.0.0") > 0;

export type Placed = { item: ItemJson; section: SectionJson; path: SectionJson[] };

/** Every item of a template with the section that holds it and the sections above, in document order. */
export function placedItems(t: { sections: SectionJson[] }): Placed[] {
  const out: Placed[] = [];
  const walk = (s: SectionJson, above: SectionJson[]) => {
    for (const item of s.items ?? []) out.push({ item, section: s, path: [...above, s] });
    for (const c of s.sections ?? []) walk(c, [...above, s]);
  };
  for (const s of t.sections) walk(s, []);
  return out;
}

export type Difference = { key: string; field: string; expected: unknown; actual: unknown; line?: number };

/** Differences collected over a whole template, reported together (the first 20) rather than one at a time. */
export class Differences {
  readonly list: Difference[] = [];
  constructor(readonly what: string) {}
  add(d: Difference) {
    this.list.push(d);
  }
  /** Compares after whitespace normalisation; records the raw values when they differ. */
  text(key: string, field: string, expected: string | undefined, actual: string | undefined, line?: number) {
    if (norm(expected) !== norm(actual)) this.add({ key, field, expected, actual, line });
  }
  same(key: string, field: string, expected: unknown, actual: unknown, line?: number) {
    if (JSON.stringify(expected) !== JSON.stringify(actual)) this.add({ key, field, expected, actual, line });
  }
  report(): string {
    if (!this.list.length) return "";
    const show = (v: unknown) => (typeof v === "string" ? `「${v.length > 160 ? `${v.slice(0, 160)}…` : v}」` : JSON.stringify(v));
    const lines = this.list.slice(0, 20).map((d) => `  ${d.key} ${d.field}${d.line ? ` (seed line ${d.line})` : ""}: expected ${show(d.expected)}, got ${show(d.actual)}`);
    const more = this.list.length > 20 ? `\n  … and ${this.list.length - 20} more` : "";
    return `${this.what}: ${this.list.length} difference(s) between the seed (with errata) and the template\n${lines.join("\n")}${more}`;
  }
}
