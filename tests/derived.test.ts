import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { answerSchema, type Answers } from "../disclosures/answers.js";
import { computeDerived, type AllMetResult, type TallyResult } from "../disclosures/derived.js";
import { loadTemplateFile, walkItems } from "../disclosures/template-loader.js";
import { ROOT, TEMPLATES_DIR } from "./helpers/db.js";

const agency = loadTemplateFile(path.join(TEMPLATES_DIR, "agency-disclosure@1.1.0.json"));
const checklistKeys = [...walkItems(agency)].filter((e) => e.sections.some((s) => s.key === "appendix")).map((e) => e.item.key);
const allImplemented = (): Answers => Object.fromEntries(checklistKeys.map((k) => [k, { status: "implemented" }]));
const compliance = (answers: Answers) => computeDerived(agency, answers).guidelineCompliance as AllMetResult;

describe("代行機関「ガイドラインの遵守」", () => {
  it("is 遵守済 when every checklist item is 実施済", () => {
    const result = compliance(allImplemented());
    expect(checklistKeys.length).toBeGreaterThan(30);
    expect(result).toMatchObject({ state: "pass", label: "最低限のガイドラインを遵守済", met: checklistKeys.length, notMet: [] });
  });

  it("is 遵守していない as soon as one item is 実施予定", () => {
    const answers = allImplemented();
    answers[checklistKeys[3]] = { status: "planned", month: "2027-03" };
    expect(compliance(answers)).toMatchObject({ state: "fail", label: "最低限のガイドラインを遵守していない", notMet: [checklistKeys[3]] });
  });

  // 注8 (issue 16 item 4): the form has 実施済 / 実施予定 only; 対象外 is printed as 「実施予定（対象事項無）」 and counted so.
  it("counts an item marked 対象外 as the form shows it, 実施予定: 遵守していない (注8)", () => {
    const answers = allImplemented();
    answers[checklistKeys[0]] = { status: "notApplicable", reason: "該当する設備がない" };
    expect(compliance(answers)).toMatchObject({
      state: "fail",
      label: "最低限のガイドラインを遵守していない",
      notApplicable: 0,
      applicable: checklistKeys.length,
      notMet: [checklistKeys[0]],
      countedAsOfficial: [{ key: checklistKeys[0], reading: { label: "実施予定", remark: "対象事項無", outcome: "planned" } }],
      excludingOfficial: { count: 1, state: "pass", text: "対象事項無の1項目を除くと、最低限のガイドラインを遵守済" },
    });
  });

  it("is incomplete while items are unanswered, but 実施予定 still wins", () => {
    const answers = allImplemented();
    delete answers[checklistKeys[1]];
    expect(compliance(answers)).toMatchObject({ state: "incomplete", unanswered: [checklistKeys[1]] });
    answers[checklistKeys[2]] = { status: "planned", month: "2027-03" };
    expect(compliance(answers).state).toBe("fail");
  });

  it("ignores answers to the overview: only the 別添 checklist is in scope", () => {
    const answers = allImplemented();
    answers["unrelated"] = { status: "planned" };
    expect(compliance(answers).state).toBe("pass");
  });

  // The real form from seed 003: it declares 遵守済, and six checklist rows are ticked 「実施予定(対象事項無)」.
  const example = JSON.parse(readFileSync(path.join(ROOT, "disclosures/examples/agency-disclosure.example.json"), "utf8")) as {
    answers: Answers;
    declared: { guidelineCompliance: string };
  };
  const sixNotApplicable = Object.entries(example.answers).filter(([, v]) => (v as { status?: string })?.status === "notApplicable");

  it("read as printed (実施予定), the real example is 遵守していない, contradicting what it declares", () => {
    expect(sixNotApplicable).toHaveLength(6);
    const asPrinted: Answers = { ...example.answers };
    for (const [key] of sixNotApplicable) asPrinted[key] = { status: "planned" };
    expect(example.declared.guidelineCompliance).toBe("最低限のガイドラインを遵守済");
    expect(compliance(asPrinted)).toMatchObject({ state: "fail", notMet: sixNotApplicable.map(([k]) => k) });
  });

  it("with those rows answered 対象外, as the portal asks, the official verdict is still 遵守していない; 遵守済 only leaving them out", () => {
    expect(compliance(example.answers)).toMatchObject({
      state: "fail",
      notApplicable: 0,
      unanswered: [],
      notMet: sixNotApplicable.map(([k]) => k),
      excludingOfficial: { count: 6, state: "pass", text: "対象事項無の6項目を除くと、最低限のガイドラインを遵守済" },
    });
  });

  it("every answer of the real example is valid for its item", () => {
    const items = new Map([...walkItems(agency)].map((e) => [e.item.key, e.item]));
    for (const [key, value] of Object.entries(example.answers)) {
      const item = items.get(key);
      expect(item, key).toBeDefined();
      const schema = answerSchema(item!.answer, agency);
      expect(schema, key).not.toBeNull();
      const result = schema!.safeParse(value);
      expect(result.success, `${key}: ${JSON.stringify(value)} ${result.error?.message ?? ""}`).toBe(true);
    }
  });
});

describe("サイバーセキュリティ対策チェックリスト: 視点別集計", () => {
  const cyber = loadTemplateFile(path.join(TEMPLATES_DIR, "cybersecurity-checklist@1.0.0.json"));
  const tallies = () => Object.values(computeDerived(cyber, {})) as TallyResult[];

  it("counts nothing met for a blank answer set", () => {
    expect(tallies().length).toBeGreaterThanOrEqual(3);
    for (const tally of tallies()) for (const group of tally.groups) expect(group.met).toBe(0);
  });

  it("counts ○ answers per 視点 and ignores ×", () => {
    const entries = [...walkItems(cyber)].filter((e) => e.item.answer.kind === "status");
    const first = entries[0];
    const second = entries[1];
    const answers: Answers = { [first.item.key]: { status: "yes" }, [second.item.key]: { status: "no" } };
    const tally = Object.values(computeDerived(cyber, answers)).find((t) => (t as TallyResult).groups.some((g) => g.met > 0)) as TallyResult;
    expect(tally.groups.find((g) => g.perspective === first.item.perspective)?.met).toBe(1);
    expect(tally.groups.reduce((n, g) => n + g.met, 0)).toBe(1);
  });
});
