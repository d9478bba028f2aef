// What every seed parser reports: the templates it built and each repair it made to
// the messy source text. A row the parser cannot place is an error, never dropped.
import type { Template } from "../template-schema.js";

export type Repair = {
  /** 1-based line number in the seed file. */
  line: number;
  /** Short machine-readable category, e.g. "page-header", "shifted-columns". */
  kind: string;
  message: string;
};

export type ParseResult = {
  templates: Template[];
  repairs: Repair[];
};

export class SeedParseError extends Error {
  constructor(
    readonly seed: string,
    readonly line: number,
    reason: string,
  ) {
    super(`${seed}:${line}: ${reason}`);
    this.name = "SeedParseError";
  }
}

/** Splits seed text into 1-based numbered lines (CRLF tolerant). */
export function numberedLines(text: string): { line: number; text: string }[] {
  return text.split(/\r?\n/).map((t, i) => ({ line: i + 1, text: t }));
}
