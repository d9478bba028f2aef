// What the publish page shows before a vendor publishes: the version number, what changed item by item in
// words, the derived results before → after, and the 改版理由 rule (optional for 第1版, required from 第2版 on).
import { describe, expect, it } from "vitest";
import { contentHash, type DisclosureContent, type ItemResponse } from "../disclosures/disclosure-content.js";
import { buildDiffView } from "../disclosures/disclosure-view.js";
import { CHANGE_REASON_REQUIRED_MESSAGE, derivedChanges, parseChangeReason, summarizePublish } from "../disclosures/publish-summary.js";
import { tinyTemplate } from "./helpers/template-fixture.js";

const template = tinyTemplate();
const content = (responses: Record<string, ItemResponse>): DisclosureContent => ({ templateId: "tiny", templateVersion: "1.0.0", responses });

describe("改版理由", () => {
  it("is optional for 第1版 and required from 第2版 on", () => {
    expect(parseChangeReason("", 1)).toEqual({ ok: true, reason: null });
    expect(parseChangeReason(undefined, 1)).toEqual({ ok: true, reason: null });
    expect(parseChangeReason(" \r\n ", 2)).toEqual({ ok: false, error: CHANGE_REASON_REQUIRED_MESSAGE });
    expect(CHANGE_REASON_REQUIRED_MESSAGE).toBe("第2版以降を公開するときは改版理由を入力してください");
    expect(parseChangeReason(null, 3)).toEqual({ ok: false, error: "第2版以降を公開するときは改版理由を入力してください" });
  });

  it("keeps line breaks as \\n and trims the ends", () => {
    expect(parseChangeReason("  体制変更\r\n委託先の追加\r旧項目の削除  ", 2)).toEqual({ ok: true, reason: "体制変更\n委託先の追加\n旧項目の削除" });
    expect(parseChangeReason("\t誤記の訂正\n", 1)).toEqual({ ok: true, reason: "誤記の訂正" });
  });

  it("counts characters, not UTF-16 units, up to 1000", () => {
    expect(parseChangeReason("あ".repeat(1000), 2)).toEqual({ ok: true, reason: "あ".repeat(1000) });
    expect(parseChangeReason("あ".repeat(1001), 2)).toEqual({ ok: false, error: "改版理由は1000文字以内で入力してください" });
    // 1000 characters outside the BMP are 2000 UTF-16 units, and still within the limit.
    expect(parseChangeReason("𠮷".repeat(1000), 2)).toMatchObject({ ok: true });
  });

  it("refuses control characters", () => {
    expect(parseChangeReason("理由\u0007", 2)).toEqual({ ok: false, error: "改版理由に制御文字は使えません" });
    expect(parseChangeReason("一行目\n\t二行目", 2)).toEqual({ ok: true, reason: "一行目\n\t二行目" });
  });
});

describe("derived results before → after", () => {
  it("has no before for 第1版", () => {
    expect(derivedChanges(template, null, content({ c1: { value: { status: "implemented" } }, c2: { value: { status: "implemented" } } }))).toEqual([
      { key: "compliance", title: "遵守", before: null, after: "遵守済", changed: true },
    ]);
  });

  it("says whether the result changed", () => {
    const planned = content({ c1: { value: { status: "implemented" } }, c2: { value: { status: "planned", month: "2027-03" } } });
    const done = content({ c1: { value: { status: "implemented" } }, c2: { value: { status: "implemented" } } });
    expect(derivedChanges(template, planned, done)).toEqual([{ key: "compliance", title: "遵守", before: "遵守していない", after: "遵守済", changed: true }]);
    expect(derivedChanges(template, done, content({ ...done.responses, name: { value: "改称" } }))).toEqual([
      { key: "compliance", title: "遵守", before: "遵守済", after: "遵守済", changed: false },
    ]);
    expect(derivedChanges(template, done, content({}))).toEqual([{ key: "compliance", title: "遵守", before: "遵守済", after: "未回答あり", changed: true }]);
  });
});

describe("the changes since the last version, in words", () => {
  const before = content({
    name: { value: "旧社名株式会社" },
    c1: { value: { status: "planned", month: "2027-03" }, evidence: [{ name: "規程", url: "https://example.jp/rule" }] },
    c2: { value: { status: "notApplicable", reason: "該当なし" } },
  });
  const after = content({
    name: { value: "新社名株式会社", note: "2026年4月に社名変更" },
    c1: { value: { status: "implemented" } },
    "old.key": { value: "様式にない回答" },
  });

  it("lists each changed field with both sides, removed and added items, and keys the form does not have", () => {
    expect(buildDiffView(template, before, after)).toEqual([
      {
        key: "name",
        number: null,
        text: "機関名",
        sectionTitle: "基本情報",
        change: "changed",
        changeLabel: "変更",
        known: true,
        fields: [
          { field: "value", label: "回答", before: ["旧社名株式会社"], after: ["新社名株式会社"] },
          { field: "note", label: "備考", before: [], after: ["2026年4月に社名変更"] },
        ],
      },
      {
        key: "c1",
        number: "1",
        text: "方針を定めている",
        sectionTitle: "チェックリスト",
        change: "changed",
        changeLabel: "変更",
        known: true,
        fields: [
          { field: "value", label: "回答", before: ["実施予定（実施時期: 2027年3月）"], after: ["実施済"] },
          { field: "evidence", label: "根拠資料", before: ["規程 — https://example.jp/rule"], after: [] },
        ],
      },
      {
        key: "c2",
        number: "2",
        text: "教育を行っている",
        sectionTitle: "チェックリスト",
        change: "removed",
        changeLabel: "回答を削除",
        known: true,
        fields: [{ field: "value", label: "回答", before: ["対象外（理由: 該当なし）"], after: [] }],
      },
      {
        key: "old.key",
        number: null,
        text: "old.key",
        sectionTitle: "",
        change: "added",
        changeLabel: "回答を追加",
        known: false,
        fields: [{ field: "value", label: "回答", before: [], after: ["様式にない回答"] }],
      },
    ]);
  });

  it("shows a blank value of a key the form does not have as an empty line, not as nothing", () => {
    expect(buildDiffView(template, content({}), content({ "old.key": { value: " " } })).map((d) => d.fields)).toEqual([[{ field: "value", label: "回答", before: [], after: [""] }]]);
  });

  it("summarises a publish after 第2版: number, counts, problems and derived results", () => {
    const summary = summarizePublish(template, after, { number: 2, content: before, contentHash: contentHash(before) });
    expect(summary.number).toBe(3);
    expect(summary.unchanged).toBe(false);
    expect(summary.counts).toEqual({ added: 1, removed: 1, changed: 2 });
    expect(summary.changes.map((c) => [c.key, c.change])).toEqual([
      ["name", "changed"],
      ["c1", "changed"],
      ["c2", "removed"],
      ["old.key", "added"],
    ]);
    // c2 (required) is no longer answered, and old.key is not on the form.
    expect(summary.problems.map((p) => [p.key, p.kind])).toEqual([
      ["c2", "missing"],
      ["old.key", "unknown"],
    ]);
    // name and c1 answered of name, c1, c2 (the derived item is not counted).
    expect([summary.answered, summary.itemCount]).toEqual([2, 3]);
    expect(summary.derived).toEqual([{ key: "compliance", title: "遵守", before: "遵守していない", after: "未回答あり", changed: true }]);
  });

  it("for 第1版: no changes listed, nothing before", () => {
    const summary = summarizePublish(template, before, null);
    expect(summary).toMatchObject({ number: 1, unchanged: false, changes: [], counts: { added: 0, removed: 0, changed: 0 }, answered: 3, itemCount: 3, problems: [] });
    expect(summary.derived).toEqual([{ key: "compliance", title: "遵守", before: null, after: "遵守していない", changed: true }]);
  });

  it("takes the draft as publishing does: a leftover 実施時期 on 実施済 is no change", () => {
    const published = content({ name: { value: "A社" }, c1: { value: { status: "implemented" } }, c2: { value: { status: "implemented" } } });
    const draft = content({ name: { value: "A社" }, c1: { value: { status: "implemented", month: "2027-03" } }, c2: { value: { status: "implemented" } } });
    const summary = summarizePublish(template, draft, { number: 1, content: published, contentHash: contentHash(published) });
    expect(summary).toMatchObject({ number: 2, unchanged: true, changes: [], counts: { added: 0, removed: 0, changed: 0 } });
  });
});
