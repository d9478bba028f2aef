import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { DisclosureContent, ItemResponse } from "../disclosures/disclosure-content.js";
import { progressOf, type Counts } from "../disclosures/progress.js";
import { loadTemplateFile } from "../disclosures/template-loader.js";

const TEMPLATES = path.resolve(import.meta.dirname, "../disclosures/templates");

// The raw JSON, walked here by hand so the expected numbers do not come from the code under test.
type RawItem = { key: string; level: string; answer: { kind: string } };
type RawSection = { key: string; title: string; items?: RawItem[]; sections?: RawSection[] };
const raw = (file: string) => JSON.parse(readFileSync(path.join(TEMPLATES, file), "utf8")) as { sections: RawSection[] };

function expectedCounts(section: RawSection, answered: Set<string>): Counts {
  const counts: Counts = { required: 0, requiredAnswered: 0, answered: 0, total: 0 };
  const items = (s: RawSection): RawItem[] => [...(s.items ?? []), ...(s.sections ?? []).flatMap(items)];
  for (const item of items(section)) {
    if (item.answer.kind === "derived") continue;
    counts.total += 1;
    if (answered.has(item.key)) counts.answered += 1;
    if (item.level === "required") {
      counts.required += 1;
      if (answered.has(item.key)) counts.requiredAnswered += 1;
    }
  }
  return counts;
}

function expectedSections(sections: RawSection[], answered: Set<string>, depth = 0): { key: string; title: string; depth: number; counts: Counts }[] {
  return sections.flatMap((s) => [
    { key: s.key, title: s.title, depth, counts: expectedCounts(s, answered) },
    ...expectedSections(s.sections ?? [], answered, depth + 1),
  ]);
}

const sum = (list: Counts[]): Counts =>
  list.reduce((a, c) => ({ required: a.required + c.required, requiredAnswered: a.requiredAnswered + c.requiredAnswered, answered: a.answered + c.answered, total: a.total + c.total }), {
    required: 0,
    requiredAnswered: 0,
    answered: 0,
    total: 0,
  });

const content = (templateId: string, responses: Record<string, ItemResponse>): DisclosureContent => ({ templateId, templateVersion: "1.0.0", responses });

describe("HISPRO チェックシート", () => {
  const hispro = loadTemplateFile(path.join(TEMPLATES, "hispro-checksheet@1.0.0.json"));
  const json = raw("hispro-checksheet@1.0.0.json");

  it("counts 504 items, 429 required, none answered, for an empty disclosure", () => {
    const progress = progressOf(hispro, content("hispro-checksheet", {}));
    expect(progress.overall).toEqual({ required: 429, requiredAnswered: 0, answered: 0, total: 504 });
    expect(progress.overall).toEqual(sum(json.sections.map((s) => expectedCounts(s, new Set()))));
  });

  it("lists every section depth-first with its depth", () => {
    const progress = progressOf(hispro, content("hispro-checksheet", {}));
    expect(progress.sections).toHaveLength(27);
    expect(progress.sections.slice(0, 4).map((s) => [s.key, s.depth])).toEqual([
      ["s1", 0],
      ["s1-1", 1],
      ["s1-1-1", 2],
      ["s1-1-2", 2],
    ]);
    expect(progress.sections.map((s) => s.key)).toEqual(expectedSections(json.sections, new Set()).map((s) => s.key));
  });

  it("counts answers in each section's subtree, required or not", () => {
    // Every third item of 技術的安全性, some other answers elsewhere, and a few that say nothing.
    const technical = json.sections[1].sections![0].sections!.find((s) => s.key === "s2-1-6")!;
    const answered = new Set<string>();
    const responses: Record<string, ItemResponse> = {};
    technical.items!.forEach((item, i) => {
      if (i % 3 === 0) {
        answered.add(item.key);
        responses[item.key] = { value: i % 2 ? { status: "met" } : { status: "notApplicable", reason: "該当なし" } };
      }
    });
    const contract = json.sections[2].sections![0].items!;
    for (const item of contract.slice(0, 5)) {
      answered.add(item.key);
      responses[item.key] = { value: { status: "unmet" }, note: "対応予定" };
    }
    const blank = contract.slice(5, 8);
    responses[blank[0].key] = { note: "確認中" };
    responses[blank[1].key] = { value: { status: "" } };
    responses[blank[2].key] = { evidence: [{ name: "規程集" }] };
    responses["not.in.template"] = { value: { status: "met" } };

    const progress = progressOf(hispro, content("hispro-checksheet", responses));
    expect(answered.size).toBe(Math.ceil(technical.items!.length / 3) + 5);
    expect(progress.sections).toEqual(expectedSections(json.sections, answered));
    expect(progress.overall).toEqual(sum(json.sections.map((s) => expectedCounts(s, answered))));
    expect(progress.overall.answered).toBe(answered.size);
    const s2 = progress.sections.find((s) => s.key === "s2")!;
    expect(s2.counts.answered).toBe(Math.ceil(technical.items!.length / 3));
    expect(progress.sections.find((s) => s.key === "s1")!.counts.answered).toBe(0);
  });
});

describe("代行機関 開示様式", () => {
  const agency = loadTemplateFile(path.join(TEMPLATES, "agency-disclosure@1.0.0.json"));
  const json = raw("agency-disclosure@1.0.0.json");

  it("leaves the derived ガイドラインの遵守 out of every count", () => {
    const progress = progressOf(agency, content("agency-disclosure", {}));
    // 119 required items on the form, one of them derived; 6 optional ones.
    expect(progress.overall).toEqual({ required: 118, requiredAnswered: 0, answered: 0, total: 124 });
    expect(progress.sections.find((s) => s.key === "facilities")!.counts).toEqual({ required: 8, requiredAnswered: 0, answered: 0, total: 8 });
  });

  it("counts typed fields, choices, composites and tables by what is filled", () => {
    const responses: Record<string, ItemResponse> = {
      name: { value: "株式会社テスト" },
      fax: { value: "03-1234-5678" }, // optional
      address: { value: "  " }, // blank
      staff: { value: { allStaff: { partners: 0 } } }, // one cell: answered (0 is a value)
      feeAmounts: { value: { initialCost: { insurer: "" } } }, // no cell filled
      sites: { value: { prefectures: "東京都" } },
      systemEngineers: { value: {} },
      "service.target": { value: { selected: ["insurers"] } },
      "service.content": { value: { selected: [] } },
      trackRecord: { value: { selected: "no" } },
      guidelineCompliance: { note: "別添のとおり" }, // derived: never counted
      "appendix.physical.2": { value: { status: "planned", month: "2027-03" } },
      "appendix.physical.3": { value: { status: "planned" } }, // invalid, but something is said
    };
    const answered = new Set(["name", "fax", "staff", "sites", "service.target", "trackRecord", "appendix.physical.2", "appendix.physical.3"]);
    const progress = progressOf(agency, content("agency-disclosure", responses));
    expect(progress.sections).toEqual(expectedSections(json.sections, answered));
    expect(progress.overall).toEqual({ required: 118, requiredAnswered: 7, answered: 8, total: 124 });
    expect(progress.sections.find((s) => s.key === "appendix")!.counts).toEqual({ required: 90, requiredAnswered: 2, answered: 2, total: 90 });
    expect(progress.sections.find((s) => s.key === "appendix.physical")).toEqual({
      key: "appendix.physical",
      title: "物理的安全対策",
      depth: 1,
      counts: { required: 6, requiredAnswered: 2, answered: 2, total: 6 },
    });
  });
});

describe("役割分担 チェックリスト", () => {
  it("has totals but no required items", () => {
    const template = loadTemplateFile(path.join(TEMPLATES, "responsibility-checklist@1.0.0.json"));
    const json = raw("responsibility-checklist@1.0.0.json");
    const first = json.sections[0].items?.[0] ?? json.sections[0].sections![0].items![0];
    const progress = progressOf(template, content("responsibility-checklist", { [first.key]: { value: { status: "vendor" } } }));
    expect(progress.overall).toEqual({ required: 0, requiredAnswered: 0, answered: 1, total: 53 });
    expect(progress.sections).toEqual(expectedSections(json.sections, new Set([first.key])));
  });
});
