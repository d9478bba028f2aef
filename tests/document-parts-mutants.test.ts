// Forms printed as several parts, each with its own 最終更新日 (documentParts, partDates), on a small hand-made form:
// which sections become parts (an 「全項目」 rule scoped to a top-level section only), the 概要 left out when nothing
// is outside the 別添, and the date of each part across a history — changes, changes back, items in sub-sections,
// answers the form does not have. tests/part-dates.test.ts checks the real 代行機関 form, but the file starts the
// built app, so mutation runs leave it out. Expected values by hand; dates are fixed instants (JST noon).
import { describe, expect, it } from "vitest";
import type { DisclosureContent, ItemResponse } from "../disclosures/disclosure-content.js";
import { documentParts, OVERVIEW_PART, partDates } from "../disclosures/document-parts.js";
import type { Template } from "../disclosures/template-schema.js";
import { tinyTemplate } from "./helpers/template-fixture.js";

const labels = { pass: "遵守済", fail: "遵守していない", incomplete: "未回答あり" };

/** tinyTemplate whose rule is scoped to the checklist (the 別添), with c3 in a sub-section of it and a third 章. */
function form(): Template {
  const t = tinyTemplate();
  t.derived = [{ rule: "allMet", key: "compliance", title: "遵守", scope: "checklist", labels }];
  t.sections[1].sections = [{ key: "sub", title: "小節", items: [{ key: "c3", number: "3", text: "記録を残している", level: "required", answer: { kind: "status", scale: "check" } }] }];
  t.sections.push({ key: "contact", title: "連絡先", items: [{ key: "tel", text: "電話番号", level: "none", answer: { kind: "tel" } }] });
  return t;
}
const at = (day: number) => Date.UTC(2026, 0, day, 3); // 12:00 JST
const version = (day: number, responses: Record<string, ItemResponse>) => ({ publishedAt: at(day), content: { templateId: "tiny", templateVersion: "1.0.0", responses } as DisclosureContent });

describe("the parts of a form", () => {
  // document-parts.ts 21–28: the 別添 is the section an 「全項目」 rule is scoped to; the 概要 is the rest, titled as the form.
  it("makes the section a verdict is computed from a part of its own, after the 概要 holding the rest", () => {
    expect(documentParts(form())).toEqual([
      { key: OVERVIEW_PART, title: "小さな様式", sections: ["basic", "contact"] },
      { key: "checklist", title: "チェックリスト", sections: ["checklist"] },
    ]);
  });

  it("is one part (no list) without such a rule: unscoped, a tally, or scoped to a sub-section", () => {
    const unscoped = tinyTemplate();
    expect(documentParts(unscoped)).toEqual([]);
    expect(documentParts({ ...form(), derived: [{ rule: "tally", key: "count", title: "件数", scope: "checklist" }] })).toEqual([]);
    expect(documentParts({ ...form(), derived: [{ rule: "allMet", key: "sub", title: "小節", scope: "sub", labels }] })).toEqual([]);
    expect(documentParts({ ...form(), derived: undefined })).toEqual([]);
  });

  it("has no 概要 when every section is a 別添", () => {
    const t = form();
    t.sections = [t.sections[1]];
    expect(documentParts(t)).toEqual([{ key: "checklist", title: "チェックリスト", sections: ["checklist"] }]);
  });
});

describe("the date of each part", () => {
  // document-parts.ts 38–56: the earliest version from which the part's answers stay as they are in the last one.
  it("is when the part last changed: the 概要 and the 別添 apart, sub-sections with their 章", () => {
    const history = [
      version(5, { name: { value: "A社" }, c1: { value: { status: "implemented" } } }),
      version(12, { name: { value: "A社（旧B社）" }, c1: { value: { status: "implemented" } } }),
      version(19, { name: { value: "A社（旧B社）" }, c1: { value: { status: "implemented" } }, c3: { value: { status: "implemented" } } }),
      version(26, { name: { value: "A社（旧B社）" }, c1: { value: { status: "implemented" } }, c3: { value: { status: "implemented" } }, tel: { value: "03-0000-0000" } }),
    ];
    expect(partDates(form(), history.slice(0, 1))).toEqual({ overview: at(5), checklist: at(5) });
    expect(partDates(form(), history.slice(0, 2))).toEqual({ overview: at(12), checklist: at(5) });
    expect(partDates(form(), history.slice(0, 3))).toEqual({ overview: at(12), checklist: at(19) });
    expect(partDates(form(), history)).toEqual({ overview: at(26), checklist: at(19) });
  });

  it("counts a change and its undoing as changes, and ignores answers the form does not have", () => {
    const history = [
      version(5, { c1: { value: { status: "implemented" } } }),
      version(12, { c1: { value: { status: "planned", month: "2026-06" } }, gone: { value: "旧項目" } }),
      version(19, { c1: { value: { status: "implemented" } } }),
    ];
    expect(partDates(form(), history)).toEqual({ overview: at(5), checklist: at(19) });
  });

  it("is nothing for a one-part form or an empty history", () => {
    expect(partDates(tinyTemplate(), [version(5, {})])).toEqual({});
    expect(partDates(form(), [])).toEqual({});
  });
});
