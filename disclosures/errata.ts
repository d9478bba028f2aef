// The errata layer: every correction of a seed's text (OCR, typos, tracked-change debris) is data, one file per seed
// (disclosures/errata/<seed without .txt>.json), applied to the seed text line by line BEFORE its parser runs, so the
// parsers stay faithful readers of what they are given and every correction can be reviewed where it is written.
//
// Each erratum must still match the seed exactly (its `found` once on its line): a seed that changed under an erratum
// fails generation, naming the erratum, instead of silently leaving the error in. Which templates an erratum reaches
// is measured, not declared: the seed is parsed once with every erratum and once without each one, and the templates
// that differ are the ones it corrects (a seed may feed several templates or editions). Each generated template lists
// the corrections that reach it (`errata`), so its page can show them.
import { z } from "zod";
import type { ParseResult } from "./parsers/parse-report.js";
import { walkItems } from "./template-loader.js";
import type { Item, Template, TemplateErratum } from "./template-schema.js";

export const erratumSchema = z
  .object({
    /** 1-based line in the seed file as committed. */
    line: z.number().int().positive(),
    /** The text on that line, exactly; it must occur there once. */
    found: z.string().min(1),
    /** The replacement; "" deletes debris. */
    used: z.string(),
    /** Japanese, one sentence: the kind (OCR / 誤字 / 変更履歴の残り / 版の違い) and the evidence. */
    why: z.string().trim().min(1),
    /** The item key whose text the correction reaches; checked to contain `used` after generation. */
    item: z.string().min(1).optional(),
    /** Only these template ids (or id@version), when one seed feeds several and the erratum concerns one. */
    templates: z.array(z.string().min(1)).min(1).optional(),
  })
  .strict();
export type Erratum = z.infer<typeof erratumSchema>;

export const errataFileSchema = z
  .object({ seed: z.string().min(1), errata: z.array(erratumSchema) })
  .strict()
  .superRefine((file, ctx) => {
    // Sorted by line, so a reviewer reads the file in the seed's order and same-line corrections apply top-down.
    file.errata.forEach((e, i) => {
      if (i > 0 && e.line < file.errata[i - 1].line) ctx.addIssue({ code: "custom", path: ["errata", i, "line"], message: `errata must be sorted by line (${e.line} after ${file.errata[i - 1].line})` });
      if (e.found === e.used) ctx.addIssue({ code: "custom", path: ["errata", i, "used"], message: "used is the same as found: not a correction" });
    });
  });
export type ErrataFile = z.infer<typeof errataFileSchema>;

export class ErrataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ErrataError";
  }
}

/** `002_73c1d437a4f740cb.txt` → `002_73c1d437a4f740cb.json`. */
export function errataFileName(seed: string): string {
  return `${seed.replace(/\.txt$/, "")}.json`;
}

/** How an erratum is named in messages: its file, line and the change. */
export function describeErratum(file: string, e: Pick<Erratum, "line" | "found" | "used">): string {
  return `${file}: erratum at line ${e.line} 「${e.found}」→「${e.used}」`;
}

/** Parses and validates an errata file's text; every problem names the file and the path inside it. */
export function readErrataFile(file: string, json: string, seed: string): ErrataFile {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (error) {
    throw new ErrataError(`${file}: not valid JSON: ${(error as Error).message}`);
  }
  const parsed = errataFileSchema.safeParse(data);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  at ${i.path.map((p) => (typeof p === "number" ? `[${p}]` : `.${p}`)).join("").replace(/^\./, "") || "(root)"}: ${i.message}`);
    throw new ErrataError(`${file}: ${problems.length} problem(s)\n${problems.join("\n")}`);
  }
  if (parsed.data.seed !== seed) throw new ErrataError(`${file}: "seed" is "${parsed.data.seed}", expected "${seed}"`);
  return parsed.data;
}

function occurrences(line: string, found: string): number {
  let n = 0;
  for (let at = line.indexOf(found); at >= 0; at = line.indexOf(found, at + 1)) n++;
  return n;
}

/**
 * The seed text with the corrections applied, in file order (two on one line apply top-down). Strict: an erratum
 * whose `found` is not on its line exactly once throws, naming it. Lenient (used only to measure what one erratum
 * changes, with the others applied) skips such an erratum instead.
 */
export function applyErrata(text: string, errata: Erratum[], file: string, options: { lenient?: boolean } = {}): string {
  const lines = text.split("\n");
  for (const e of errata) {
    const current = lines[e.line - 1];
    if (current === undefined) {
      if (options.lenient) continue;
      throw new ErrataError(`${describeErratum(file, e)}: the seed has only ${lines.length} lines; the erratum no longer matches the seed`);
    }
    const n = occurrences(current, e.found);
    if (n !== 1) {
      if (options.lenient) continue;
      throw new ErrataError(
        `${describeErratum(file, e)}: 「${e.found}」 occurs ${n} times on the line (expected exactly once); the erratum no longer matches the seed: line ${e.line} reads 「${current.trim().slice(0, 60)}」`,
      );
    }
    lines[e.line - 1] = current.replace(e.found, () => e.used);
  }
  return lines.join("\n");
}

/** The item a key names in a template: the key itself, or the one item whose key ends in `.<key>` (「appendix.1.1」 for 「1.1」). */
export function resolveItem(template: Template, key: string): Item | undefined {
  const items = [...walkItems(template)].map((e) => e.item);
  const exact = items.find((i) => i.key === key);
  if (exact) return exact;
  const suffixed = items.filter((i) => i.key.endsWith(`.${key}`));
  return suffixed.length === 1 ? suffixed[0] : undefined;
}

/** Every text of an item (statement, 確認項目, details, references, labels) with all whitespace removed. */
function itemTexts(item: Item): string {
  const out: string[] = [];
  const walk = (value: unknown, key?: string) => {
    if (typeof value === "string") {
      if (key !== "key") out.push(value);
    } else if (Array.isArray(value)) value.forEach((v) => walk(v));
    else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) walk(v, k);
  };
  walk(item);
  return out.join("\u0000").replace(/\s+/g, "");
}

const sameTemplate = (a: Template, b: Template) => JSON.stringify(a) === JSON.stringify(b);

/** The template with its corrections listed right after `source`, where a reader of the JSON file looks for provenance. */
function withErrata(template: Template, errata: TemplateErratum[]): Template {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(template)) {
    if (key === "errata") continue;
    out[key] = value;
    if (key === "source") out.errata = errata;
  }
  return out as Template;
}

export type CorrectedParse<R extends ParseResult> = {
  result: R;
  /** Errata that apply but change no template (text no parser reads): reported, listed on no page. */
  unused: Erratum[];
};

/**
 * Applies a seed's errata, parses the corrected text, and returns the templates each listing the corrections that
 * reach them. Fails (ErrataError) when an erratum no longer matches the seed, or names an item that no template it
 * reaches has, or whose text does not contain `used` after the correction.
 */
export function parseWithErrata<R extends ParseResult>(text: string, errataFile: ErrataFile | undefined, file: string, parse: (text: string) => R): CorrectedParse<R> {
  const errata = errataFile?.errata ?? [];
  const result = parse(applyErrata(text, errata, file));
  const lists = result.templates.map((): TemplateErratum[] => []);
  const unused: Erratum[] = [];
  const repairs = [...result.repairs];

  errata.forEach((erratum, index) => {
    const label = describeErratum(file, erratum);
    // What the templates would be without this one correction: those that differ are the ones it reaches.
    let without: R | undefined;
    try {
      without = parse(applyErrata(text, errata.filter((_, i) => i !== index), file, { lenient: true }));
    } catch {
      without = undefined; // without it the seed does not parse at all: it reaches every template
    }
    let reached = result.templates
      .map((template, i) => ({ template, i }))
      .filter(({ template, i }) => !without || without.templates.length !== result.templates.length || !sameTemplate(template, without.templates[i]));
    if (erratum.templates) {
      const listed = (t: Template) => erratum.templates!.some((name) => name === t.id || name === `${t.id}@${t.version}`);
      const unknown = erratum.templates.filter((name) => !result.templates.some((t) => name === t.id || name === `${t.id}@${t.version}`));
      if (unknown.length) throw new ErrataError(`${label}: "templates" names ${unknown.join(", ")}, which this seed does not generate (${result.templates.map((t) => `${t.id}@${t.version}`).join(", ")})`);
      reached = reached.filter(({ template }) => listed(template));
    }
    if (!reached.length) {
      unused.push(erratum);
      repairs.push({ line: erratum.line, kind: "erratum-unused", message: `${label} changes no generated template (text no parser reads): listed on no page` });
      return;
    }
    let itemFound = false;
    for (const { template, i } of reached) {
      const entry: TemplateErratum = { line: erratum.line, found: erratum.found, used: erratum.used, why: erratum.why };
      if (erratum.item) {
        const item = resolveItem(template, erratum.item);
        if (item) {
          itemFound = true;
          if (erratum.used && !itemTexts(item).includes(erratum.used.replace(/\s+/g, ""))) {
            throw new ErrataError(`${label}: item ${erratum.item} of ${template.id}@${template.version} does not contain 「${erratum.used}」 after the correction: the erratum names the wrong item`);
          }
          entry.item = item.key;
        }
      }
      lists[i].push(entry);
      repairs.push({ line: erratum.line, kind: "erratum", message: `「${erratum.found}」→「${erratum.used}」 in ${template.id}@${template.version}${entry.item ? ` ${entry.item}` : ""}: ${erratum.why}` });
    }
    if (erratum.item && !itemFound) {
      throw new ErrataError(`${label}: names item ${erratum.item}, which is not in ${reached.map(({ template }) => `${template.id}@${template.version}`).join(", ")} (the templates the correction reaches)`);
    }
  });

  repairs.sort((a, b) => a.line - b.line);
  const templates = result.templates.map((t, i) => withErrata(t, lists[i]));
  return { result: { ...result, templates, repairs }, unused };
}
