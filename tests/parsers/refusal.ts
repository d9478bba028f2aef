// The SeedParseError a seed parser refuses a text with: the test fails if the parser accepts the text or throws
// anything else. Shared by every parser suite (each binds its own parser).
import { expect } from "vitest";
import { SeedParseError } from "../../disclosures/parsers/parse-report.js";

export function refusal(parse: (text: string) => unknown, text: string): SeedParseError {
  try {
    parse(text);
  } catch (error) {
    expect(error).toBeInstanceOf(SeedParseError);
    return error as SeedParseError;
  }
  throw new Error("expected a SeedParseError");
}
