// Answer once, the pure part (disclosures/answer-copy.ts, disclosures/profile-prefill.ts): which items of two
// templates correspond, what a copy would change, what may still be written when it is applied, and what the
// organisation's facts answer. No app, no database: mutation testing covers these.
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  copiedDigest,
  correspondence,
  decideApply,
  planCopy,
  planProposals,
  planSections,
  previewedRevisions,
  responseIn,
  responseLines,
  sameAnswer,
  sameText,
  writes,
  type CopyPlan,
  type Proposal,
} from "../disclosures/answer-copy.js";
import type { DisclosureContent, ItemResponse } from "../disclosures/disclosure-content.js";
import { profileFactLabels, profileProposals, profileRules, type OrganizationFacts } from "../disclosures/profile-prefill.js";
import { loadTemplateFile, walkItems } from "../disclosures/template-loader.js";
import type { Template } from "../disclosures/template-schema.js";
import { TEMPLATES_DIR } from "./helpers/db.js";
import { tinyTemplate } from "./helpers/template-fixture.js";

const load = (file: string) => loadTemplateFile(path.join(TEMPLATES_DIR, file));
const agency = load("agency-disclosure@1.0.0.json");
const checklist = load("minimum-guideline-checklist@1.0.0.json");
const hispro = load("hispro-checksheet@1.0.0.json");
const cyber = load("cybersecurity-checklist@1.0.0.json");

const keysOf = (t: Template) => [...walkItems(t)].filter((e) => e.item.answer.kind !== "derived").map((e) => e.item.key);
const content = (t: Template, responses: Record<string, ItemResponse>): DisclosureContent => ({ templateId: t.id, templateVersion: t.version, responses });
const clone = (t: Template): Template => JSON.parse(JSON.stringify(t));
const itemOf = (t: Template, key: string) => [...walkItems(t)].find((e) => e.item.key === key)!.item;

describe("correspondence: which items two templates share", () => {
  it("maps the standalone checklist onto the 代行機関 form's 別添: all 90 items, found from the templates", () => {
    const link = correspondence(checklist, agency)!;
    expect(link.via).toEqual({ kind: "targetSection", section: "appendix", title: "別添 最低限のガイドライン遵守チェックリスト" });
    expect(link.pairs).toHaveLength(90);
    expect(link.pairs).toEqual(keysOf(checklist).map((k) => ({ sourceKey: k, targetKey: `appendix.${k}` })));
    expect(link.mismatches).toEqual([]);
    // The 別添 is the only part that corresponds: nothing of 基本情報 is paired.
    expect(link.pairs.some((p) => !p.targetKey.startsWith("appendix."))).toBe(false);
  });

  it("maps the 代行機関 別添 back onto the checklist, in the checklist's order", () => {
    const link = correspondence(agency, checklist)!;
    expect(link.via).toEqual({ kind: "sourceSection", section: "appendix", title: "別添 最低限のガイドライン遵守チェックリスト" });
    expect(link.pairs).toEqual(keysOf(checklist).map((k) => ({ sourceKey: `appendix.${k}`, targetKey: k })));
    expect(link.mismatches).toEqual([]);
  });

  it("pairs every answerable item of the same template with itself, never a derived one", () => {
    const link = correspondence(hispro, hispro)!;
    expect(link.via).toEqual({ kind: "sameKeys" });
    expect(link.pairs).toHaveLength(504);
    expect(link.pairs.every((p) => p.sourceKey === p.targetKey)).toBe(true);
    const agencyLink = correspondence(agency, agency)!;
    expect(agencyLink.pairs.map((p) => p.targetKey)).toEqual(keysOf(agency));
    expect(agencyLink.pairs.map((p) => p.targetKey)).not.toContain("guidelineCompliance");
  });

  it("finds nothing between templates without shared items", () => {
    expect(correspondence(checklist, hispro)).toBeNull();
    expect(correspondence(hispro, agency)).toBeNull();
    expect(correspondence(cyber, checklist)).toBeNull();
  });

  it("does not pair items whose text or kind of answer differs, and says which and why", () => {
    const edited = clone(checklist);
    const first = edited.sections[0].items![0];
    first.text = "別の内容を定めている。";
    edited.sections[0].items![1].answer = { kind: "text" };
    const link = correspondence(edited, agency)!;
    expect(link.pairs).toHaveLength(88);
    expect(link.mismatches).toEqual([
      { sourceKey: "organizational.1", targetKey: "appendix.organizational.1", reason: "text" },
      { sourceKey: "organizational.2", targetKey: "appendix.organizational.2", reason: "answer" },
    ]);
    expect(link.pairs.map((p) => p.sourceKey)).not.toContain("organizational.1");
  });

  it("does not pair status items whose scales mean different things, but ignores different labels", () => {
    const relabelled = clone(checklist);
    relabelled.scales![0].options[0].label = "済";
    expect(correspondence(relabelled, agency)!.pairs).toHaveLength(90);
    const stricter = clone(checklist);
    stricter.scales![0].options[0].requires = "date";
    expect(correspondence(stricter, agency)).toBeNull();
    const moreFields = clone(checklist);
    moreFields.scales![0].fields = [{ key: "checked", label: "確認日", type: "date" }];
    expect(correspondence(moreFields, agency)).toBeNull();
  });

  it("prefers the way of corresponding that pairs the most items", () => {
    // A target with one item at the same key and two under a section "part": the section wins.
    const source = tinyTemplate();
    const target = clone(source);
    target.id = "bigger";
    target.sections = [
      { key: "checklist", title: "同じキー", items: [clone(source).sections[1].items![0]] },
      { key: "part", title: "部分", sections: [{ key: "part.checklist", title: "チェックリスト", items: source.sections[1].items!.map((i) => ({ ...i, key: `part.${i.key}` })) }] },
    ];
    const link = correspondence(source, target)!;
    expect(link.via).toMatchObject({ kind: "targetSection", section: "part" });
    expect(link.pairs).toEqual([
      { sourceKey: "c1", targetKey: "part.c1" },
      { sourceKey: "c2", targetKey: "part.c2" },
    ]);
    // With as many pairs either way, the same keys win (they come first).
    target.sections[1].sections![0].items!.pop();
    expect(correspondence(source, target)!.via).toEqual({ kind: "sameKeys" });
  });

  it("lists pairs and mismatches in the target's form order, whatever the source's order", () => {
    const target = tinyTemplate();
    const source = clone(target);
    source.id = "reversed";
    source.sections[1].items!.reverse();
    source.sections[1].items![0].text = "教育を行っていない"; // c2, now first
    const link = correspondence(source, target)!;
    expect(link.pairs.map((p) => p.targetKey)).toEqual(["name", "c1"]);
    expect(link.mismatches).toEqual([{ sourceKey: "c2", targetKey: "c2", reason: "text" }]);
    const both = clone(source);
    both.sections[1].items![0].text = "教育を行っている";
    both.sections[0].items![0].text = "名称";
    expect(correspondence(both, target)!.pairs.map((p) => p.targetKey)).toEqual(["c1", "c2"]);
    both.sections[0].items![0].text = "機関名";
    for (const item of both.sections[1].items!) item.text += "（改）";
    expect(correspondence(both, target)!.mismatches.map((m) => m.targetKey)).toEqual(["c1", "c2"]);
  });

  it("maps a source section's items only: keys outside it are not cut to fit", () => {
    const target = tinyTemplate();
    const source = clone(target);
    source.id = "wrapped";
    source.sections = [
      { key: "ab", title: "包み", items: target.sections[1].items!.map((i) => ({ ...i, key: `ab.${i.key}` })) },
      { key: "xy", title: "別", items: [{ key: "xy.c1", text: "別の項目", level: "none", answer: { kind: "text" } }] },
    ];
    const link = correspondence(source, target)!;
    expect(link.via).toMatchObject({ kind: "sourceSection", section: "ab" });
    expect(link.pairs).toEqual([
      { sourceKey: "ab.c1", targetKey: "c1" },
      { sourceKey: "ab.c2", targetKey: "c2" },
    ]);
    expect(link.mismatches).toEqual([]);
  });

  it("compares texts without width or spacing differences, and answer kinds by their whole definition", () => {
    expect(sameText("BYOD の実施", "BYODの実施")).toBe(true);
    expect(sameText("ＩＤとパスワード", "IDとパスワード")).toBe(true);
    expect(sameText("施錠している。", "施錠していない。")).toBe(false);
    expect(sameAnswer(agency, { kind: "text" }, agency, { kind: "text" })).toBe(true);
    expect(sameAnswer(agency, { kind: "text" }, agency, { kind: "text", maxLength: 10 })).toBe(false);
    expect(sameAnswer(agency, { kind: "text" }, agency, { kind: "multiline" })).toBe(false);
    expect(sameAnswer(agency, { kind: "status", scale: "minimumGuideline" }, checklist, { kind: "status", scale: "minimumGuideline" })).toBe(true);
    expect(sameAnswer(agency, { kind: "status", scale: "minimumGuideline" }, hispro, { kind: "status", scale: "hispro" })).toBe(false);
  });
});

describe("planning a copy", () => {
  const link = correspondence(checklist, agency)!;
  const [k1, k2, k3, k4, k5] = keysOf(checklist);
  const source = content(checklist, {
    [k1]: { value: { status: "implemented" } },
    [k2]: { value: { status: "implemented" }, note: "年1回点検", evidence: [{ name: "入退室管理規程", url: "https://example.jp/rule" }] },
    [k3]: { value: { status: "planned", month: "2027-04" } },
    // Incoherent as stored by an older editor: 実施済 with a 実施時期. Copied as a save would store it.
    [k4]: { value: { status: "implemented", month: "2027-01", reason: "古い理由" } },
  });
  const target = content(agency, {
    name: { value: "株式会社代行" },
    [`appendix.${k2}`]: { value: { status: "planned", month: "2026-12" } },
    [`appendix.${k3}`]: { value: { status: "planned", month: "2027-04" } },
    [`appendix.${k5}`]: { value: { status: "notApplicable", reason: "該当なし" } },
  });

  it("fills empty items, keeps answered ones, skips identical ones (fill mode)", () => {
    const plan = planCopy({ target: agency, targetContent: target, sourceContent: source, link, mode: "fill" });
    expect(plan.items.map((i) => [i.key, i.from, i.action])).toEqual([
      [`appendix.${k1}`, k1, "fill"],
      [`appendix.${k2}`, k2, "keep"],
      [`appendix.${k3}`, k3, "identical"],
      [`appendix.${k4}`, k4, "fill"],
    ]);
    expect(plan.counts).toEqual({ fill: 2, overwrite: 0, identical: 1, keep: 1 });
    expect(plan.sourceEmpty).toBe(86);
    expect(plan.mode).toBe("fill");
    expect(plan.items[1].current).toEqual({ value: { status: "planned", month: "2026-12" } });
    expect(plan.items[0]).not.toHaveProperty("current");
  });

  it("overwrites answered items that say something else (overwrite mode), with note and evidence", () => {
    const plan = planCopy({ target: agency, targetContent: target, sourceContent: source, link, mode: "overwrite" });
    expect(plan.counts).toEqual({ fill: 2, overwrite: 1, identical: 1, keep: 0 });
    expect(plan.items[1]).toEqual({
      key: `appendix.${k2}`,
      from: k2,
      action: "overwrite",
      current: { value: { status: "planned", month: "2026-12" } },
      copied: { value: { status: "implemented" }, note: "年1回点検", evidence: [{ name: "入退室管理規程", url: "https://example.jp/rule" }] },
    });
  });

  it("copies values through the same coherence rule as a save", () => {
    const plan = planCopy({ target: agency, targetContent: target, sourceContent: source, link, mode: "fill" });
    expect(plan.items.find((i) => i.from === k4)!.copied).toEqual({ value: { status: "implemented" } });
    const choice = planProposals(agency, content(agency, {}), [{ key: "service.content", from: "x", response: { value: { selected: ["officeCheck"], extra: { other: "選ばれていない" } } } }], "fill");
    expect(choice.items[0].copied).toEqual({ value: { selected: ["officeCheck"] } });
  });

  it("treats a note or evidence alone as something the target says, and the same choices in another order as identical", () => {
    const proposals: Proposal[] = [
      { key: "tel", from: "tel", response: { value: "03-0000-0000" } },
      { key: "service.target", from: "service.target", response: { value: { selected: ["insurers", "checkupProviders"] } } },
      { key: "fax", from: "fax", response: { note: "   ", evidence: [] } },
    ];
    const current = content(agency, { tel: { note: "代表番号は準備中" }, "service.target": { value: { selected: ["checkupProviders", "insurers"] } } });
    const plan = planProposals(agency, current, proposals, "fill");
    expect(plan.items.map((i) => [i.key, i.action])).toEqual([
      ["tel", "keep"],
      ["service.target", "identical"],
    ]);
    // A blank note and no evidence say nothing: nothing to copy.
    expect(plan.sourceEmpty).toBe(1);
  });

  it("never proposes an item the target cannot take: unknown keys and derived items", () => {
    const plan = planProposals(agency, content(agency, {}), [
      { key: "no.such.item", from: "a", response: { value: "x" } },
      { key: "guidelineCompliance", from: "b", response: { value: "最低限のガイドラインを遵守済" } },
    ], "overwrite");
    expect(plan.items).toEqual([]);
    expect(plan.sourceEmpty).toBe(0);
  });

  it("reads responses as stored content holds them: blank parts dropped, anything malformed ignored", () => {
    const c = { templateId: "x", templateVersion: "1", responses: { a: { value: "v", note: " " }, b: "not a response", c: {} } } as unknown as DisclosureContent;
    expect(responseIn(c, "a")).toEqual({ value: "v" });
    expect(responseIn(c, "b")).toBeUndefined();
    expect(responseIn(c, "c")).toBeUndefined();
    expect(responseIn(c, "toString")).toBeUndefined();
    expect(responseIn(c, "__proto__")).toBeUndefined();
    expect(responseIn({ responses: null } as unknown as DisclosureContent, "a")).toBeUndefined();
  });

  it("fingerprints what the copy would write: the same whatever the target holds, different when the source or mode changes", () => {
    const plan = (sourceContent: DisclosureContent, targetContent: DisclosureContent, mode: "fill" | "overwrite" = "fill") => planCopy({ target: agency, targetContent, sourceContent, link, mode });
    const digest = copiedDigest(plan(source, target));
    expect(digest).toMatch(/^[0-9a-f]{64}$/);
    expect(copiedDigest(plan(source, content(agency, {})))).toBe(digest);
    expect(copiedDigest(plan(content(checklist, { ...source.responses, [k1]: { value: { status: "planned", month: "2027-01" } } }), target))).not.toBe(digest);
    expect(copiedDigest(plan(content(checklist, { ...source.responses, [k5]: { value: { status: "implemented" } } }), target))).not.toBe(digest);
    expect(copiedDigest(plan(source, target, "overwrite"))).not.toBe(digest);
  });
});

describe("applying a previewed copy", () => {
  const plan: CopyPlan = {
    mode: "overwrite",
    items: [
      { key: "a", from: "a", action: "fill", copied: { value: "A" } },
      { key: "b", from: "b", action: "overwrite", current: { value: "old" }, copied: { value: "B" } },
      { key: "c", from: "c", action: "identical", current: { value: "C" }, copied: { value: "C" } },
      { key: "d", from: "d", action: "keep", current: { value: "mine" }, copied: { value: "D" } },
      { key: "e", from: "e", action: "fill", copied: { value: "E" } },
    ],
    counts: { fill: 2, overwrite: 1, identical: 1, keep: 1 },
    sourceEmpty: 0,
  };

  it("remembers the revision of every item the preview shows as written (0 for items without a row)", () => {
    expect(previewedRevisions(plan, { b: 4, c: 2, d: 7 })).toEqual({ a: 0, b: 4, e: 0 });
    expect(writes("fill")).toBe(true);
    expect(writes("overwrite")).toBe(true);
    expect(writes("identical")).toBe(false);
    expect(writes("keep")).toBe(false);
  });

  it("writes what the preview showed, based on the revisions it showed", () => {
    expect(decideApply(plan, { a: 0, b: 4, e: 0 }, { b: 4 })).toEqual({
      writes: [
        { key: "a", baseRevision: 0, response: { value: "A" } },
        { key: "b", baseRevision: 4, response: { value: "B" } },
        { key: "e", baseRevision: 0, response: { value: "E" } },
      ],
      changedSince: [],
    });
  });

  it("leaves items changed since the preview as they are and reports them", () => {
    expect(decideApply(plan, { a: 0, b: 4, e: 0 }, { a: 1, b: 5 })).toEqual({ writes: [{ key: "e", baseRevision: 0, response: { value: "E" } }], changedSince: ["a", "b"] });
  });

  it("writes nothing the preview did not show, and nothing it showed as kept, whatever is posted", () => {
    expect(decideApply(plan, { b: 4 }, { b: 4 }).writes.map((w) => w.key)).toEqual(["b"]);
    // A kept item (fill mode at preview time) posted with its revision is still not overwritten.
    expect(decideApply(plan, { d: 7 }, { d: 7 })).toEqual({ writes: [], changedSince: [] });
    expect(decideApply(plan, { zz: 0, toString: 0 } as Record<string, number>, {})).toEqual({ writes: [], changedSince: [] });
  });

  it("does not call it a conflict when the item meanwhile came to say what the copy would write", () => {
    expect(decideApply(plan, { c: 1 }, { c: 2 })).toEqual({ writes: [], changedSince: [] });
  });
});

describe("the preview in words", () => {
  const link = correspondence(agency, checklist)!;
  const [k1, k2, k3] = keysOf(checklist);
  const plan = planCopy({
    target: checklist,
    targetContent: content(checklist, { [k2]: { value: { status: "implemented" } }, [k3]: { value: { status: "planned", month: "2027-01" } } }),
    sourceContent: content(agency, {
      [`appendix.${k1}`]: { value: { status: "planned", month: "2027-03" }, note: "<b>計画中</b>" },
      [`appendix.${k2}`]: { value: { status: "implemented" } },
      [`appendix.${k3}`]: { value: { status: "notApplicable", reason: "対象事項無" }, evidence: [{ name: "説明資料", url: "https://example.jp/a" }, { url: "https://example.jp/b" }] },
      "appendix.physical.1": { value: { status: "implemented" } },
    }),
    link,
    mode: "overwrite",
  });

  it("groups by the target's sections in form order, counts per section, and lists all but identical items", () => {
    const sections = planSections(checklist, plan);
    expect(sections.map((s) => [s.key, s.trail, s.counts])).toEqual([
      ["organizational", ["組織的安全管理対策"], { fill: 1, overwrite: 1, identical: 1, keep: 0 }],
      ["physical", ["物理的安全対策"], { fill: 1, overwrite: 0, identical: 0, keep: 0 }],
    ]);
    expect(sections[0].rows).toEqual([
      { key: k1, number: "1", text: itemOf(checklist, k1).text, action: "fill", current: [], copied: ["実施予定（実施時期: 2027年3月）", "備考: <b>計画中</b>"] },
      {
        key: k3,
        number: "3",
        text: itemOf(checklist, k3).text,
        action: "overwrite",
        current: ["実施予定（実施時期: 2027年1月）"],
        copied: ["対象外（理由: 対象事項無）", "根拠資料: 説明資料 — https://example.jp/a", "根拠資料: https://example.jp/b"],
      },
    ]);
  });

  it("shows trails of nested sections and items without a number", () => {
    const nested = planSections(agency, planProposals(agency, content(agency, {}), [{ key: "appendix.physical.2", from: "x", response: { value: { status: "implemented" } } }, { key: "name", from: "name", response: { value: "機関" } }], "fill"));
    expect(nested.map((s) => s.trail)).toEqual([["基本情報"], ["別添 最低限のガイドライン遵守チェックリスト", "物理的安全対策"]]);
    expect(nested[0].rows[0]).toMatchObject({ key: "name", number: null, current: [], copied: ["機関"] });
    expect(responseLines(agency, itemOf(agency, "name"), undefined)).toEqual([]);
    expect(responseLines(agency, itemOf(agency, "name"), { note: "備考だけ" })).toEqual(["備考: 備考だけ"]);
  });
});

describe("organisation facts that answer items", () => {
  const facts: OrganizationFacts = {
    name: "  株式会社開示  ",
    address: "東京都千代田区霞が関1-2-2",
    certifications: [
      { kind: "pmark", label: "Pマーク", number: "10012345" },
      { kind: "soc2", label: "SOC 2", number: null },
      { kind: "isms", label: "ISMS（ISO/IEC 27001）", number: null },
    ],
  };

  it("answers the 代行機関 form's 機関名 and 所在地(住所) with the organisation's name and address", () => {
    expect(profileProposals(agency, facts)).toEqual([
      { key: "name", from: "name", response: { value: "株式会社開示" } },
      { key: "address", from: "address", response: { value: "東京都千代田区霞が関1-2-2" } },
    ]);
    expect(profileProposals(agency, { ...facts, address: null })).toEqual([{ key: "name", from: "name", response: { value: "株式会社開示" } }]);
    expect(profileProposals(agency, { ...facts, address: "   " }).map((p) => p.key)).toEqual(["name"]);
    expect(profileFactLabels.address).toBe("所在地");
  });

  it("answers HISPRO 1-1-1-37 (a third-party certification) as 対応済 with Pマーク/ISMS in force as evidence", () => {
    expect(profileProposals(hispro, facts)).toEqual([
      {
        key: "1.1.1.37",
        from: "certification",
        response: { value: { status: "met" }, evidence: [{ name: "Pマーク（登録番号 10012345）" }, { name: "ISMS（ISO/IEC 27001）" }] },
      },
    ]);
    // Other certifications do not answer it: nothing is said rather than something guessed.
    expect(profileProposals(hispro, { ...facts, certifications: [{ kind: "soc2", label: "SOC 2", number: null }] })).toEqual([]);
    expect(profileProposals(hispro, { ...facts, certifications: [] })).toEqual([]);
  });

  it("answers nothing in templates without a matching field", () => {
    expect(profileProposals(checklist, facts)).toEqual([]);
    // A template of its own with an item called "name" is not the 代行機関 form: the rules name their template.
    expect(profileProposals(tinyTemplate(), facts)).toEqual([]);
    expect(profileProposals(cyber, facts)).toEqual([]);
  });

  it("skips a rule whose item is missing, of another kind, or would not take the value", () => {
    const template = tinyTemplate();
    const rule = (item: string, fact: "name" | "certification") => ({ ...profileRules.find((r) => r.fact === fact)!, template: "tiny", item });
    expect(profileProposals(template, facts, [rule("name", "name")])).toEqual([{ key: "name", from: "name", response: { value: "株式会社開示" } }]);
    expect(profileProposals(template, facts, [rule("nothing", "name")])).toEqual([]);
    expect(profileProposals(template, facts, [rule("c1", "name")])).toEqual([]);
    expect(profileProposals(template, facts, [rule("name", "certification")])).toEqual([]);
    expect(profileProposals(template, { ...facts, name: "改行\nのある名前" }, [rule("name", "name")])).toEqual([]);
    // Only text items take a name or an address, even one that would pass as a telephone number.
    expect(profileProposals(agency, { ...facts, name: "03-1234-5678" }, [{ ...rule("tel", "name"), template: "agency-disclosure" }])).toEqual([]);
    // A scale without a "met" option that needs nothing more: no answer rather than a half one.
    const noPlainMet = clone(template);
    noPlainMet.scales![0].options[0].requires = "date";
    expect(profileProposals(noPlainMet, facts, [rule("c1", "certification")])).toEqual([]);
    expect(profileProposals(template, facts, [rule("c1", "certification")])[0].response).toEqual({
      value: { status: "implemented" },
      evidence: [{ name: "Pマーク（登録番号 10012345）" }, { name: "ISMS（ISO/IEC 27001）" }],
    });
    expect(profileProposals(template, { ...facts, certifications: Array.from({ length: 30 }, () => facts.certifications[0]) }, [rule("c1", "certification")])[0].response!.evidence).toHaveLength(20);
  });

  it("fills only what is empty: a typed value is never replaced", () => {
    const typed = content(agency, { name: { value: "株式会社開示 代行センター" } });
    const plan = planProposals(agency, typed, profileProposals(agency, facts), "fill");
    expect(plan.items.map((i) => [i.key, i.action])).toEqual([
      ["name", "keep"],
      ["address", "fill"],
    ]);
  });
});
