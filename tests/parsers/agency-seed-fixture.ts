// The real 代行機関 seed (seed 003) and one-line edits of it, for the parser suites of
// disclosures/parsers/agency-parser.ts: where a line is, the seed with a line changed, and the parser's refusal with
// its whole message. Shared by agency-damaged-seeds and the *-mutants suites (issue 20).
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect } from "vitest";
import { parseAgency } from "../../disclosures/parsers/agency-parser.js";
import { walkItems } from "../../disclosures/template-loader.js";
import type { Item, Template } from "../../disclosures/template-schema.js";
import { requireSeeds } from "../helpers/db.js";
import { refusal } from "./refusal.js";

export const SEED = "003_c63bed95ddf6f747.txt";
export const text = readFileSync(path.join(requireSeeds(), SEED), "utf8");
export const lines = text.split("\n");

/** 1-based number of the first line containing `needle` (after line `after`). */
export function lineOf(needle: string, after = 0): number {
  const i = lines.findIndex((l, n) => n >= after && l.includes(needle));
  if (i < 0) throw new Error(`no line contains ${needle}`);
  return i + 1;
}
/** The seed with line `at` replaced by `by` (a string, several lines, or nothing). */
export function changed(at: number, by: string | string[] | null): string {
  const out = [...lines];
  out.splice(at - 1, 1, ...(by === null ? [] : Array.isArray(by) ? by : [by]));
  return out.join("\n");
}
/** The seed with `from` replaced by `to` on the first line containing `needle`. */
export function edit(needle: string, from: string | RegExp, to: string, after = 0): string {
  const at = lineOf(needle, after);
  const next = lines[at - 1].replace(from, to);
  expect(next, `edit of line ${at}`).not.toBe(lines[at - 1]);
  return changed(at, next);
}
export const insertAfter = (at: number, ...added: string[]) => changed(at, [lines[at - 1], ...added]);

export const failure = (text: string) => refusal(parseAgency, text);
/** The whole message, file and line included: what `scripts/templates.ts generate` prints. */
export const expectFailure = (seed: string, line: number, reason: string) => {
  const error = failure(seed);
  expect(error.line).toBe(line);
  expect(error.message).toBe(`${SEED}:${line}: ${reason}`);
};
export const itemsOf = (t: Template): Item[] => [...walkItems(t)].map((e) => e.item);
export const item = (t: Template, key: string) => itemsOf(t).find((i) => i.key === key)!;
export const agencyOf = (seed: string) => parseAgency(seed).templates[0];
export const answersOf = (seed: string) => parseAgency(seed).example.answers;
export const repairsAt = (seed: string, line: number) => parseAgency(seed).repairs.filter((r) => r.line === line).map((r) => `${r.kind} ${r.message}`);
export const repairsOf = (seed: string, kind: string) => parseAgency(seed).repairs.filter((r) => r.kind === kind).map((r) => `${r.line} ${r.message}`);
