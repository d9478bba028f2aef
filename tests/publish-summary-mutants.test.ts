// The publish summary's counts when only some kinds of change occur (tests/publish-summary.test.ts has one change
// of each kind counted as 1 + 1 = 2, which cannot tell 「変更」 from 「追加 + 削除」). Expected values by hand.
import { describe, expect, it } from "vitest";
import { contentHash, type DisclosureContent, type ItemResponse } from "../disclosures/disclosure-content.js";
import { summarizePublish } from "../disclosures/publish-summary.js";
import { tinyTemplate } from "./helpers/template-fixture.js";

const template = tinyTemplate();
const content = (responses: Record<string, ItemResponse>): DisclosureContent => ({ templateId: "tiny", templateVersion: "1.0.0", responses });

describe("the publish summary's counts", () => {
  // publish-summary.ts 66:38 (`c.change === "changed"` → `!==`: 「変更」 would count the added and removed items).
  it("counts one changed answer as one change, with nothing added or removed", () => {
    const published = content({ name: { value: "A社" }, c1: { value: { status: "implemented" } } });
    const draft = content({ name: { value: "A社（旧B社）" }, c1: { value: { status: "implemented" } } });
    const summary = summarizePublish(template, draft, { number: 1, content: published, contentHash: contentHash(published) });
    expect(summary.counts).toEqual({ added: 0, removed: 0, changed: 1 });
    expect(summary.changes.map((c) => [c.key, c.change])).toEqual([["name", "changed"]]);
  });

  it("counts an answer given and one taken back as one added and one removed, nothing changed", () => {
    const published = content({ name: { value: "A社" } });
    const draft = content({ c1: { value: { status: "implemented" } } });
    const summary = summarizePublish(template, draft, { number: 1, content: published, contentHash: contentHash(published) });
    expect(summary.counts).toEqual({ added: 1, removed: 1, changed: 0 });
  });
});
