// The editor's form state and the stored response convert both ways without loss, for every
// answer kind the built-in templates use (the real seed-003 answers cover them all).
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { toFormItem, toResponse } from "../app/components/editor/form-values.js";
import { normalizeResponse, type ItemResponse } from "../disclosures/disclosure-content.js";
import { loadTemplateFile, walkItems } from "../disclosures/template-loader.js";
import { ROOT, TEMPLATES_DIR } from "./helpers/db.js";

const agency = loadTemplateFile(`${TEMPLATES_DIR}/agency-disclosure@1.1.0.json`);
const example = JSON.parse(readFileSync(path.join(ROOT, "disclosures/examples/agency-disclosure.example.json"), "utf8")) as { answers: Record<string, ItemResponse["value"]> };

describe("editor form values", () => {
  const items = [...walkItems(agency)].map((e) => e.item);

  it("round-trips every answer of the real example", () => {
    const kinds = new Set<string>();
    for (const item of items) {
      const value = example.answers[item.key];
      if (value === undefined) continue;
      kinds.add(item.answer.kind);
      const response: ItemResponse = { value, note: "備考", evidence: [{ name: "規程", url: "https://example.jp/a" }] };
      expect(toResponse(item, toFormItem(item, response)), item.key).toEqual(normalizeResponse(response));
    }
    expect([...kinds].sort()).toEqual(expect.arrayContaining(["choice", "composite", "status", "table", "text", "tel", "url", "email", "date"]));
  });

  it("turns an untouched form into an empty response, and numbers into numbers", () => {
    for (const item of items) expect(toResponse(item, toFormItem(item, undefined)), item.key).toEqual({});
    const staff = items.find((i) => i.answer.kind === "table")!;
    const form = toFormItem(staff, undefined);
    const firstRow = Object.keys(form.value)[0];
    const firstColumn = Object.keys((form.value as Record<string, Record<string, string>>)[firstRow])[0];
    (form.value as Record<string, Record<string, string>>)[firstRow][firstColumn] = "12";
    expect(toResponse(staff, form).value).toEqual({ [firstRow]: { [firstColumn]: 12 } });
  });

  it("keeps only the extra text of chosen options and drops blank evidence rows", () => {
    const choice = items.find((i) => i.answer.kind === "choice" && i.answer.options.some((o) => o.extra))!;
    const withExtra = choice.answer.kind === "choice" ? choice.answer.options.find((o) => o.extra)! : undefined;
    const other = choice.answer.kind === "choice" ? choice.answer.options.find((o) => o !== withExtra)! : undefined;
    const form = toFormItem(choice, undefined);
    form.value = { selected: choice.answer.kind === "choice" && choice.answer.multiple ? [other!.value] : other!.value, extra: { [withExtra!.value]: "選ばれていない" } };
    form.evidence = [{ name: " ", url: "" }];
    expect(toResponse(choice, form)).toEqual({ value: { selected: choice.answer.kind === "choice" && choice.answer.multiple ? [other!.value] : other!.value } });
  });
});
