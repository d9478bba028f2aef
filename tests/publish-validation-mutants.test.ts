// Publish checks (validateForPublish) on the edges the main suite does not reach: the message naming every field a
// response must not have, and a leftover key holding nothing at all.
import { describe, expect, it } from "vitest";
import type { DisclosureContent, ItemResponse } from "../disclosures/disclosure-content.js";
import { UNKNOWN_MESSAGE, validateForPublish } from "../disclosures/publish-validation.js";
import { tinyTemplate } from "./helpers/template-fixture.js";

const template = tinyTemplate();
const content = (responses: Record<string, ItemResponse>): DisclosureContent => ({ templateId: "tiny", templateVersion: "1.0.0", responses });
const answered: Record<string, ItemResponse> = { name: { value: "A社" }, c1: { value: { status: "implemented" } }, c2: { value: { status: "implemented" } } };

describe("validateForPublish", () => {
  // publish-validation.ts 60 (`join("、")` → `join("")`): the user must be able to read which fields are wrong.
  it("names every field a status answer must not have, separated by 「、」", () => {
    const problems = validateForPublish(template, content({ ...answered, c1: { value: { status: "implemented", colour: "red", size: "L" } as never } }));
    expect(problems).toEqual([{ key: "c1", number: "1", text: "方針を定めている", sectionTitle: "チェックリスト", kind: "invalid", message: "この項目にない欄があります（colour、size）" }]);
  });

  // publish-validation.ts 124 (`r !== undefined` → true): a key the template does not have, holding nothing (an
  // entry cleared in the editor), would not be published, so it is no problem; one holding a value is.
  it("reports a key the template does not have only when it holds something", () => {
    expect(validateForPublish(template, content({ ...answered, gone: undefined as unknown as ItemResponse, blank: { note: " " } }))).toEqual([]);
    expect(validateForPublish(template, content({ ...answered, gone: { value: "x" }, old: "text" as unknown as ItemResponse }))).toEqual([
      { key: "gone", text: "gone", sectionTitle: "", kind: "unknown", message: UNKNOWN_MESSAGE },
      { key: "old", text: "old", sectionTitle: "", kind: "unknown", message: UNKNOWN_MESSAGE },
    ]);
  });
});
