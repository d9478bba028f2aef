// Validates template definitions: the zod schema first, then the references the schema
// cannot express (unique keys, scales, notes, derived results). Every error names the
// file, the path inside it and what is wrong, so a broken template fails start-up clearly.
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import type { ZodIssue } from "zod";
import { templateSchema, type Item, type Note, type Section, type Template } from "./template-schema.js";

export class TemplateError extends Error {
  constructor(
    readonly file: string,
    readonly problems: { path: string; message: string }[],
  ) {
    super(`${file}: ${problems.length} problem(s)\n` + problems.map((p) => `  at ${p.path || "(root)"}: ${p.message}`).join("\n"));
    this.name = "TemplateError";
  }
}

/** Template versions in order: "1.10.0" after "1.9.2" (numeric parts compare as numbers). */
export function compareVersions(a: string, b: string): number {
  return a.localeCompare(b, "en", { numeric: true });
}

export type ItemEntry = { item: Item; path: string; sections: Section[] };

/** Every item in form order with the sections above it and its JSON path. */
export function* walkItems(template: Template): Generator<ItemEntry> {
  function* walk(sections: Section[], base: string, trail: Section[]): Generator<ItemEntry> {
    for (const [i, section] of sections.entries()) {
      const here = `${base}[${i}]`;
      const chain = [...trail, section];
      for (const [j, item] of (section.items ?? []).entries()) yield { item, path: `${here}.items[${j}]`, sections: chain };
      yield* walk(section.sections ?? [], `${here}.sections`, chain);
    }
  }
  yield* walk(template.sections, "sections", []);
}

export function* walkSections(sections: Section[], base = "sections"): Generator<{ section: Section; path: string }> {
  for (const [i, section] of sections.entries()) {
    yield { section, path: `${base}[${i}]` };
    yield* walkSections(section.sections ?? [], `${base}[${i}].sections`);
  }
}

/**
 * The note an item refers to: the innermost enclosing section that defines it wins, then the
 * template. Scoped because one template may hold two forms whose notes both start at 注1.
 */
export function resolveNote(template: Template, entry: Pick<ItemEntry, "sections">, id: string): Note | undefined {
  for (const section of [...entry.sections].reverse()) {
    const note = section.notes?.find((n) => n.id === id);
    if (note) return note;
  }
  return template.notes?.find((n) => n.id === id);
}

/**
 * Whether an item lies in a derived result's or a comparison's scope: a section (the item is in it or below
 * it), a subset (the item is listed in it), or no scope at all (the whole template).
 */
export function inScope(template: Template, entry: Pick<ItemEntry, "item" | "sections">, scope: string | undefined): boolean {
  if (!scope) return true;
  const subset = template.subsets?.find((s) => s.key === scope);
  if (subset) return subset.items.includes(entry.item.key);
  return entry.sections.some((s) => s.key === scope);
}

export function findSection(template: Template, key: string): Section | undefined {
  for (const { section } of walkSections(template.sections)) if (section.key === key) return section;
  return undefined;
}

function formatPath(p: (string | number)[]): string {
  return p.reduce<string>((acc, part) => (typeof part === "number" ? `${acc}[${part}]` : acc ? `${acc}.${part}` : part), "");
}

/** Checks a parsed JSON value; returns the typed template or throws TemplateError naming `file`. */
export function validateTemplate(data: unknown, file: string): Template {
  const parsed = templateSchema.safeParse(data);
  if (!parsed.success) {
    throw new TemplateError(
      file,
      parsed.error.issues.map((issue: ZodIssue) => ({ path: formatPath(issue.path), message: issue.message })),
    );
  }
  const template = parsed.data;
  const problems = crossCheck(template);
  if (problems.length) throw new TemplateError(file, problems);
  return template;
}

function crossCheck(template: Template): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  const scales = new Map<string, string>();
  for (const [i, scale] of (template.scales ?? []).entries()) {
    if (scales.has(scale.key)) problems.push({ path: `scales[${i}].key`, message: `duplicate scale key "${scale.key}"` });
    scales.set(scale.key, `scales[${i}]`);
    duplicates(scale.options.map((o) => o.value)).forEach((v) =>
      problems.push({ path: `scales[${i}].options`, message: `duplicate option value "${v}"` }),
    );
  }

  const sectionKeys = new Set<string>();
  for (const { section, path } of walkSections(template.sections)) {
    if (sectionKeys.has(section.key)) problems.push({ path: `${path}.key`, message: `duplicate section key "${section.key}"` });
    sectionKeys.add(section.key);
    duplicates((section.notes ?? []).map((n) => n.id)).forEach((id) => problems.push({ path: `${path}.notes`, message: `duplicate note "${id}"` }));
    if (!section.items?.length && !section.sections?.length) problems.push({ path, message: `section "${section.key}" has no items and no sections` });
  }

  const derivedKeys = new Set((template.derived ?? []).map((d) => d.key));
  const itemKeys = new Set<string>();
  for (const entry of walkItems(template)) {
    const { item, path } = entry;
    if (itemKeys.has(item.key)) problems.push({ path: `${path}.key`, message: `duplicate item key "${item.key}"` });
    itemKeys.add(item.key);
    const answer = item.answer;
    if (answer.kind === "status" && !scales.has(answer.scale)) problems.push({ path: `${path}.answer.scale`, message: `unknown scale "${answer.scale}"` });
    if (answer.kind === "derived" && !derivedKeys.has(answer.result)) problems.push({ path: `${path}.answer.result`, message: `unknown derived result "${answer.result}"` });
    if (answer.kind === "choice") duplicates(answer.options.map((o) => o.value)).forEach((v) => problems.push({ path: `${path}.answer.options`, message: `duplicate option value "${v}"` }));
    if (answer.kind === "composite") duplicates(answer.fields.map((f) => f.key)).forEach((v) => problems.push({ path: `${path}.answer.fields`, message: `duplicate field key "${v}"` }));
    if (answer.kind === "table") {
      duplicates(answer.rows.map((r) => r.key)).forEach((v) => problems.push({ path: `${path}.answer.rows`, message: `duplicate row key "${v}"` }));
      duplicates(answer.columns.map((c) => c.key)).forEach((v) => problems.push({ path: `${path}.answer.columns`, message: `duplicate column key "${v}"` }));
    }
    for (const ref of item.noteRefs ?? [])
      if (!resolveNote(template, entry, ref)) problems.push({ path: `${path}.noteRefs`, message: `note "${ref}" is not defined in an enclosing section or the template` });
  }

  for (const [i, entry] of (template.help ?? []).entries())
    for (const key of entry.items ?? []) if (!itemKeys.has(key)) problems.push({ path: `help[${i}].items`, message: `unknown item "${key}"` });

  const subsetKeys = new Set<string>();
  for (const [i, subset] of (template.subsets ?? []).entries()) {
    const at = `subsets[${i}]`;
    if (subsetKeys.has(subset.key) || sectionKeys.has(subset.key)) problems.push({ path: `${at}.key`, message: `subset key "${subset.key}" is already a section or subset key` });
    subsetKeys.add(subset.key);
    for (const key of subset.items) if (!itemKeys.has(key)) problems.push({ path: `${at}.items`, message: `unknown item "${key}"` });
    duplicates(subset.items).forEach((v) => problems.push({ path: `${at}.items`, message: `item "${v}" listed twice` }));
  }

  for (const [i, rule] of (template.derived ?? []).entries()) {
    const at = `derived[${i}]`;
    if (rule.scope && !sectionKeys.has(rule.scope) && !subsetKeys.has(rule.scope)) {
      problems.push({ path: `${at}.scope`, message: `unknown section or subset "${rule.scope}"` });
      continue;
    }
    const scoped = [...walkItems(template)].filter((e) => inScope(template, e, rule.scope));
    const assessed = scoped.filter((e) => e.item.answer.kind === "status");
    if (!assessed.length) problems.push({ path: at, message: `derived result "${rule.key}" has no status items in its scope` });
    if (rule.rule === "tally" && rule.groupBy) {
      const missing = assessed.find((e) => !e.item.perspective);
      if (missing) problems.push({ path: `${missing.path}.perspective`, message: `item in the scope of tally "${rule.key}" has no perspective` });
    }
  }
  duplicates((template.derived ?? []).map((d) => d.key)).forEach((v) => problems.push({ path: "derived", message: `duplicate derived result key "${v}"` }));
  for (const part of ["product", "version"] as const) {
    const key = template.release?.[part];
    if (key === undefined) continue;
    const item = [...walkItems(template)].find((e) => e.item.key === key)?.item;
    if (!item || item.answer.kind !== "text" || item.level !== "required") problems.push({ path: `release.${part}`, message: `release ${part} "${key}" must be a required text item` });
  }
  return problems;
}

function duplicates(values: string[]): string[] {
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const v of values) (seen.has(v) ? dup : seen).add(v);
  return [...dup];
}

/** Reads a JSON template file; JSON syntax errors are reported like schema errors. */
export function loadTemplateFile(file: string): Template {
  const label = path.basename(file);
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new TemplateError(label, [{ path: "", message: `not valid JSON: ${(error as Error).message}` }]);
  }
  const template = validateTemplate(data, label);
  const expected = templateFileName(template);
  if (label !== expected) throw new TemplateError(label, [{ path: "id", message: `file name must be "${expected}" for id "${template.id}" version "${template.version}"` }]);
  return template;
}

export function templateFileName(template: Pick<Template, "id" | "version">): string {
  return `${template.id}@${template.version}.json`;
}

/** Loads every `*.json` in a folder; collects all errors so one run reports every broken file. */
export function loadTemplateDirectory(dir: string): Template[] {
  const files = readdirSync(dir).filter((f) => f.endsWith(".json")).sort();
  const templates: Template[] = [];
  const errors: TemplateError[] = [];
  for (const file of files) {
    try {
      templates.push(loadTemplateFile(path.join(dir, file)));
    } catch (error) {
      if (error instanceof TemplateError) errors.push(error);
      else throw error;
    }
  }
  if (errors.length) throw new Error(`Invalid template file(s) in ${dir}:\n${errors.map((e) => e.message).join("\n")}`);
  return templates;
}
