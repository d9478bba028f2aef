// Issue 16 item 4: the official verdict of the 最低限のガイドライン遵守チェックリスト follows 注8 of the 代行機関 form
// literally. The form offers 実施済 / 実施予定 only; the portal's 対象外 (with a reason) is printed as the form would show
// it, 「実施予定（対象事項無）」, and counted so: one 対象外 gives 「最低限のガイドラインを遵守していない」. What the result
// would be leaving those items out is shown after the verdict, marked as not the form's. Domain, page, JSON,
// comparison (and CSV), directory filter and PDF; and a version published before this rule (stored outcome codes
// with 対象外) gets the official verdict too.
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDisclosure, getDisclosure, publish, saveDraft } from "../app/models/disclosure.server.js";
import type { Answers } from "../disclosures/answers.js";
import { compareDisclosures, cellText } from "../disclosures/compare.js";
import { computeDerived, type AllMetResult } from "../disclosures/derived.js";
import { canonicalContent, contentHash, type DisclosureContent, type ItemResponse } from "../disclosures/disclosure-content.js";
import { buildContentView } from "../disclosures/disclosure-view.js";
import { allYesOrNotApplicableRule, registeredScale } from "../disclosures/scale-registry.js";
import { passedRules, summarizeVersion } from "../disclosures/summary.js";
import { loadTemplateFile, validateTemplate, walkItems } from "../disclosures/template-loader.js";
import type { Template } from "../disclosures/template-schema.js";
import { Client, STRONG_PASSWORD, visibleText } from "./helpers/client.js";
import { requireSeeds, TEMPLATES_DIR, tempDir } from "./helpers/db.js";
import { startApp } from "./helpers/http.js";

const minimum = loadTemplateFile(`${TEMPLATES_DIR}/minimum-guideline-checklist@1.0.0.json`);
const agency = loadTemplateFile(`${TEMPLATES_DIR}/agency-disclosure@1.0.0.json`);
const statusKeys = (t: Template, prefix = "") => [...walkItems(t)].filter((e) => e.item.answer.kind === "status" && e.item.key.startsWith(prefix)).map((e) => e.item.key);
const minimumKeys = statusKeys(minimum);
const REASON = "紙媒体で情報を持ち出す業務がないため";
const NOT_APPLICABLE = [minimumKeys[3], minimumKeys[50]];

const NOTE_8 =
  "別添指定様式「医療情報システムの安全管理に関するガイドライン 最低限のガイドライン遵守チェックリスト」に記載すること。チェックリストにおいて全項目「実施済」の場合は「最低限のガイドラインを遵守済」、1項目以上「実施予定」がある場合は「最低限のガイドラインを遵守していない」を選ぶこと。";
const PASS = "最低限のガイドラインを遵守済";
const FAIL = "最低限のガイドラインを遵守していない";

/** Every item 実施済, the given ones 対象外 with a reason, as values. */
function answersOf(keys: string[], notApplicable: string[], planned: string[] = []): Answers {
  return Object.fromEntries(
    keys.map((k) => [k, notApplicable.includes(k) ? { status: "notApplicable", reason: REASON } : planned.includes(k) ? { status: "planned", month: "2027-03" } : { status: "implemented" }]),
  );
}
const contentOf = (template: Template, answers: Answers): DisclosureContent => ({
  templateId: template.id,
  templateVersion: template.version,
  responses: Object.fromEntries(Object.entries(answers).map(([k, value]) => [k, { value } as ItemResponse])),
});
const compliance = (template: Template, answers: Answers) => computeDerived(template, answers).guidelineCompliance as AllMetResult;

describe("the verdict, as 注8 states it", () => {
  it("the standalone checklist: any 対象外 gives 遵守していない, by 注8 in the words of the seed", () => {
    const result = compliance(minimum, answersOf(minimumKeys, NOT_APPLICABLE));
    expect(result).toMatchObject({ state: "fail", label: FAIL, notMet: NOT_APPLICABLE, notApplicable: 0, applicable: 90 });
    expect(result.basis).toEqual({ label: "注8による判定", note: "注8", form: "事業運営上開示すべき重要事項の概要［代行機関］", text: NOTE_8 });
    // The note's words: those of the 代行機関 template's 注8 and of the seed (whose text breaks the line inside it).
    const agencyNote = agency.sections.flatMap((s) => s.notes ?? []).find((n) => n.id === "注8")!;
    expect(agencyNote.text).toBe(NOTE_8);
    const seed = readFileSync(path.join(requireSeeds(), "003_c63bed95ddf6f747.txt"), "utf8").replace(/\s/g, "");
    expect(seed).toContain(`注8)${NOTE_8.replace(/\s/g, "")}`);
  });

  it("the 代行機関 別添: the same, and the overview's 「ガイドラインの遵守」 row says it", () => {
    const appendixKeys = statusKeys(agency, "appendix.");
    const na = [appendixKeys[10]];
    const result = compliance(agency, answersOf(appendixKeys, na));
    expect(result).toMatchObject({ state: "fail", label: FAIL, notMet: na, basis: { label: "注8による判定" } });
    const view = buildContentView(agency, contentOf(agency, answersOf(appendixKeys, na)));
    const row = view.sections.flatMap((s) => s.items).find((i) => i.derived)!;
    expect(row).toMatchObject({ answer: FAIL, outcome: "unmet" });
    expect(compliance(agency, answersOf(appendixKeys, [])).state).toBe("pass");
  });

  it("says, separately, what the result would be leaving the 対象事項無 items out", () => {
    expect(compliance(minimum, answersOf(minimumKeys, NOT_APPLICABLE)).excludingOfficial).toEqual({
      count: 2,
      remark: "対象事項無",
      state: "pass",
      label: PASS,
      text: `対象事項無の2項目を除くと、${PASS}`,
    });
    // With a real 実施予定 as well, even leaving them out it is not met.
    const withPlanned = compliance(minimum, answersOf(minimumKeys, NOT_APPLICABLE, [minimumKeys[7]]));
    expect(withPlanned.excludingOfficial?.text).toBe(`対象事項無の2項目を除くと、${FAIL}`);
    expect(withPlanned.notMet).toEqual([NOT_APPLICABLE[0], minimumKeys[7], NOT_APPLICABLE[1]]);
    // Nothing answered 対象外: no secondary line at all.
    expect(compliance(minimum, answersOf(minimumKeys, [])).excludingOfficial).toBeNull();
  });

  it("an unanswered item still makes it incomplete, unless an 対象外 already fails it", () => {
    const answers = answersOf(minimumKeys, []);
    delete answers[minimumKeys[0]];
    expect(compliance(minimum, answers).state).toBe("incomplete");
    answers[minimumKeys[1]] = { status: "notApplicable", reason: REASON };
    expect(compliance(minimum, answers)).toMatchObject({ state: "fail", excludingOfficial: { state: "incomplete" } });
  });

  it("a form that has 対象外 itself (MDS/SDS, GL 7.0 別紙) still leaves it out: no official reading, no note", () => {
    const mds = validateTemplate(
      {
        id: "mds-mini",
        version: "1.0.0",
        title: "MDS（小）",
        language: "ja",
        source: { document: "MDS", edition: "5.0" },
        scales: [registeredScale("yesNoNotApplicable")],
        derived: [allYesOrNotApplicableRule("all")],
        sections: [{ key: "s", title: "s", items: ["a", "b"].map((key) => ({ key, text: key, level: "required", answer: { kind: "status", scale: "yesNoNotApplicable" } })) }],
      },
      "mds-mini",
    );
    const result = computeDerived(mds, { a: { status: "yes" }, b: { status: "notApplicable" } }).all as AllMetResult;
    expect(result).toMatchObject({ state: "pass", notApplicable: 1, basis: null, countedAsOfficial: [], excludingOfficial: null });
  });
});

describe("everything that reads a verdict reads the official one", () => {
  const content = contentOf(minimum, answersOf(minimumKeys, NOT_APPLICABLE));
  const allMet = contentOf(minimum, answersOf(minimumKeys, []));

  it("the directory's stored outcome codes keep 対象外, and the rule they pass is the official one", () => {
    const summary = summarizeVersion(minimum, content);
    expect([...summary.outcomes].filter((c) => c === "n")).toHaveLength(2);
    expect(passedRules(minimum, summary.outcomes)).toEqual([]);
    expect(passedRules(minimum, summarizeVersion(minimum, allMet).outcomes)).toEqual(["guidelineCompliance"]);
  });

  it("the page marks each such item with how the form shows and counts it", () => {
    const view = buildContentView(minimum, content);
    const item = view.sections.flatMap((s) => s.items).find((i) => i.key === NOT_APPLICABLE[0])!;
    expect(item.answer).toBe(`対象外（理由: ${REASON}）`);
    expect(item.flags).toEqual(["様式上は「実施予定（対象事項無）」: 注8の判定では実施予定として数えます"]);
    expect(view.derived[0]).toMatchObject({ text: FAIL, state: "fail", secondary: `対象事項無の2項目を除くと、${PASS}`, basis: { label: "注8による判定" } });
  });

  it("the comparison shows the answer as the form does, counts it as 実施予定 and a missing must-have", () => {
    const comparison = compareDisclosures([
      { template: minimum, content },
      { template: minimum, content: allMet },
    ]);
    const row = comparison.sections.flatMap((s) => s.rows).find((r) => r.key === NOT_APPLICABLE[0])!;
    expect(row.cells[0].state).toBe("planned");
    expect(cellText(row.cells[0])).toBe(`実施予定（対象事項無、理由: ${REASON}）`);
    expect(row.gap).toBe(true);
    const [a, b] = comparison.summaries;
    expect(a).toMatchObject({ planned: 2, notApplicable: 0, requiredMet: 88, requiredApplicable: 90 });
    expect(a.score.mustMissing).toBe(2);
    expect(a.derived[0]).toMatchObject({ text: FAIL, secondary: `対象事項無の2項目を除くと、${PASS}` });
    expect(b.derived[0]).toMatchObject({ text: PASS, basis: { label: "注8による判定" } });
    expect(b.derived[0].secondary).toBeUndefined();
  });
});

// ---- over HTTP --------------------------------------------------------------------------------

const meta = { ip: "127.0.0.1", userAgent: "test" };
const PUBLISHED_AT = Date.UTC(2026, 9, 31, 3, 0);
let app: Awaited<ReturnType<typeof startApp>>;
const ids: Record<"compliant" | "notApplicable" | "before", string> = { compliant: "", notApplicable: "", before: "" };

async function vendor(name: string) {
  const client = new Client(app.base);
  const email = `${encodeURIComponent(name).replace(/%/g, "").toLowerCase().slice(0, 20)}@verdict.example`;
  expect((await client.post("/signup", { email, displayName: "vendor", password: STRONG_PASSWORD, confirm: STRONG_PASSWORD })).status).toBe(302);
  const org = (await client.post("/orgs", { name, kind: "vendor" })).headers.get("location")!.split("/").pop()!;
  const userId = (await app.db.selectFrom("user").select("id").where("email", "=", email).executeTakeFirstOrThrow()).id;
  return { client, org, actor: { userId, email } };
}

async function published(name: string, answers: Answers) {
  const { org, actor } = await vendor(name);
  const id = await createDisclosure(app.db, actor, org, { templateId: minimum.id, templateVersion: minimum.version, serviceId: null, visibility: "public" }, meta);
  const disclosure = (await getDisclosure(app.db, org, id))!;
  await saveDraft(app.db, actor, disclosure, Object.entries(answers).map(([key, value]) => ({ key, baseRevision: 0, response: { value } as ItemResponse })), meta);
  await publish(app.db, actor, disclosure, minimum, meta, PUBLISHED_AT);
  return id;
}

/**
 * A version on 1.0.0 as the portal stored it before this rule: the same canonical content and the summary row the
 * directory reads, written here by hand (outcome codes 「n」 for the two 対象外) rather than by today's publish.
 */
async function publishedBefore(name: string, answers: Answers) {
  const { org, actor } = await vendor(name);
  const content = contentOf(minimum, answers);
  const id = await createDisclosure(app.db, actor, org, { templateId: minimum.id, templateVersion: minimum.version, serviceId: null, visibility: "public" }, meta);
  await app.db
    .insertInto("disclosure_version")
    .values({ disclosure_id: id, number: 1, template_id: minimum.id, template_version: minimum.version, content: canonicalContent(content), content_hash: contentHash(content), published_at: PUBLISHED_AT, published_by: actor.userId })
    .execute();
  await app.db.updateTable("disclosure").set({ latest_version: 1 }).where("id", "=", id).execute();
  const outcomes = minimumKeys.map((k) => (NOT_APPLICABLE.includes(k) ? "n" : "m")).join("");
  await app.db
    .insertInto("version_summary")
    .values({ disclosure_id: id, number: 1, published_at: PUBLISHED_AT, required_applicable: 88, required_met: 88, recommended_applicable: 0, recommended_met: 0, planned: 0, unmet: 0, not_applicable: 2, unanswered: 0, outcomes, release: null })
    .execute();
  return id;
}

const pdfText = (pdf: ArrayBuffer) => {
  const file = path.join(tempDir("kaiji-verdict-"), "v.pdf");
  writeFileSync(file, Buffer.from(pdf));
  return execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" });
};
const directoryNames = (html: string) => [...html.matchAll(/class="directory-vendor"[^>]*>([^<]+)<\/a>/g)].map((m) => m[1]);

beforeAll(async () => {
  app = await startApp();
  ids.compliant = await published("全項目実施済株式会社", answersOf(minimumKeys, []));
  ids.notApplicable = await published("対象事項無株式会社", answersOf(minimumKeys, NOT_APPLICABLE));
  ids.before = await publishedBefore("以前公開株式会社", answersOf(minimumKeys, NOT_APPLICABLE));
}, 60_000);
afterAll(() => app?.close());

describe("over HTTP", () => {
  it("the published page shows the official verdict first, with 注8, and the 対象事項無 line after it, as secondary", async () => {
    for (const id of [ids.notApplicable, ids.before]) {
      const { status, html } = await new Client(app.base).text(`/disclosures/${id}/v/1`);
      expect(status).toBe(200);
      expect(html).toContain(`data-derived-state="fail">${FAIL}</span>`);
      expect(html).not.toContain('data-derived-state="pass"');
      const text = visibleText(html);
      const verdict = text.indexOf(`ガイドラインの遵守: ${FAIL} （注8による判定）`);
      const secondary = text.indexOf(`参考（様式の判定ではありません）: 対象事項無の2項目を除くと、${PASS}`);
      expect(verdict).toBeGreaterThan(0);
      expect(secondary).toBeGreaterThan(verdict);
      expect(text).toContain(`注8）${NOTE_8}（事業運営上開示すべき重要事項の概要［代行機関］）`);
      expect(text).toContain("様式上は「実施予定（対象事項無）」: 注8の判定では実施予定として数えます");
    }
    const compliant = visibleText((await new Client(app.base).text(`/disclosures/${ids.compliant}/v/1`)).html);
    expect(compliant).toContain(`ガイドラインの遵守: ${PASS} （注8による判定）`);
    expect(compliant).not.toContain("参考（様式の判定ではありません）");
  });

  it("the vendor's editor never says 遵守済 where the form would not, and shows the same two lines", async () => {
    const { client, org, actor } = await vendor("編集中株式会社");
    const id = await createDisclosure(app.db, actor, org, { templateId: minimum.id, templateVersion: minimum.version, serviceId: null, visibility: "public" }, meta);
    const disclosure = (await getDisclosure(app.db, org, id))!;
    const answers = answersOf(minimumKeys, [minimumKeys[0]]);
    await saveDraft(app.db, actor, disclosure, Object.entries(answers).map(([key, value]) => ({ key, baseRevision: 0, response: { value } as ItemResponse })), meta);
    const page = await client.text(`/orgs/${org}/disclosures/${id}/edit`);
    expect(page.status).toBe(200);
    const text = visibleText(page.html);
    expect(text).toContain(`ガイドラインの遵守: ${FAIL}`);
    expect(text).toContain("（注8による判定）");
    expect(text).toContain(`参考（様式の判定ではありません）: 対象事項無の1項目を除くと、${PASS}`);
    expect(page.html).not.toContain('data-derived-state="pass"');
    // The autosave answer the editor redraws from: the same verdict.
    const saved = await client.postJson(`/orgs/${org}/disclosures/${id}/draft`, { changes: [{ key: minimumKeys[1], baseRevision: 1, response: { value: { status: "implemented" } } }] });
    expect(saved.status).toBe(200);
    const body = (await saved.json()) as { derived: { label: string; state: string; basis: { label: string } | null }[] };
    expect(body.derived[0]).toMatchObject({ label: FAIL, state: "fail", basis: { label: "注8による判定" } });
  });

  it("the JSON carries the official verdict, its note and the secondary line", async () => {
    for (const id of [ids.notApplicable, ids.before]) {
      const response = await new Client(app.base).get(`/disclosures/${id}/v/1.json`);
      expect(response.status).toBe(200);
      const body = (await response.json()) as { derived: { key: string; text: string; state: string; basis: { note: string; text: string } | null; secondary: string | null }[] };
      expect(body.derived).toEqual([
        {
          key: "guidelineCompliance",
          title: "ガイドラインの遵守",
          text: FAIL,
          state: "fail",
          groups: [],
          basis: { label: "注8による判定", form: "事業運営上開示すべき重要事項の概要［代行機関］", note: "注8", text: NOTE_8 },
          secondary: `対象事項無の2項目を除くと、${PASS}`,
        },
      ]);
    }
  });

  it("the comparison and its CSV show 実施予定（対象事項無） and the official verdict", async () => {
    const query = `?d=${ids.compliant}&d=${ids.notApplicable}&d=${ids.before}`;
    const page = await new Client(app.base).text(`/compare${query}`);
    expect(page.status).toBe(200);
    const text = visibleText(page.html);
    expect(text).toContain(`実施予定（対象事項無、理由: ${REASON}）`);
    expect(text.split(`${FAIL} （注8による判定）`)).toHaveLength(3);
    expect(text).toContain(`${PASS} （注8による判定）`);
    const csv = await (await new Client(app.base).get(`/compare.csv${query}`)).text();
    expect(csv).toContain(`実施予定（対象事項無、理由: ${REASON}）`);
    expect(csv).not.toContain("対象外");
    // The spreadsheet's 集計 sheet: one row per vendor, the verdict in the 「ガイドラインの遵守（自動判定）」 column.
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await (await new Client(app.base).get(`/compare.xlsx${query}`)).arrayBuffer()) as never);
    const sheet = workbook.getWorksheet("集計")!;
    const header = (sheet.getRow(1).values as unknown[]).map(String);
    const column = header.indexOf("ガイドラインの遵守（自動判定）");
    expect(column).toBeGreaterThan(0);
    expect([2, 3, 4].map((r) => String(sheet.getRow(r).getCell(column).value))).toEqual([
      `${PASS}（注8による判定）`,
      `${FAIL}（注8による判定）／参考（様式の判定ではありません）: 対象事項無の2項目を除くと、${PASS}`,
      `${FAIL}（注8による判定）／参考（様式の判定ではありません）: 対象事項無の2項目を除くと、${PASS}`,
    ]);
  });

  it("the directory's 「様式の判定」 filter lists only the vendor whose form gives 遵守済", async () => {
    const all = await new Client(app.base).text("/directory?template=minimum-guideline-checklist");
    expect(directoryNames(all.html).sort()).toEqual(["以前公開株式会社", "全項目実施済株式会社", "対象事項無株式会社"].sort());
    const passing = await new Client(app.base).text("/directory?template=minimum-guideline-checklist&rule=minimum-guideline-checklist:guidelineCompliance");
    expect(passing.status).toBe(200);
    expect(directoryNames(passing.html)).toEqual(["全項目実施済株式会社"]);
  });

  it("the template pages state the rule as 注8 does, and how 対象外 is printed and counted", async () => {
    for (const id of ["minimum-guideline-checklist", "agency-disclosure"]) {
      const { status, html } = await new Client(app.base).text(`/templates/${id}/1.0.0`);
      expect(status).toBe(200);
      const text = visibleText(html);
      expect(text).toContain(`ガイドラインの遵守 : 注8による判定（事業運営上開示すべき重要事項の概要［代行機関］ 注8「${NOTE_8}」）。`);
      expect(text).toMatch(/(チェックリスト|「別添 最低限のガイドライン遵守チェックリスト」)の全項目が実施済のとき「最低限のガイドラインを遵守済」、1項目でも実施予定があれば「最低限のガイドラインを遵守していない」。/);
      expect(text).toContain("「対象外」は様式にない選択肢のため、様式どおり「実施予定（対象事項無）」と印刷し、実施予定として判定します。");
      expect(text).not.toContain("の対象外を除く全項目が実施済");
    }
  });

  it("the PDF prints the 対象外 item as the form would (実施予定, 対象事項無 and the reason) and the official verdict", async () => {
    const response = await fetch(`${app.base}/disclosures/${ids.before}/v/1.pdf`);
    expect(response.status).toBe(200);
    const text = pdfText(await response.arrayBuffer());
    const row = text.split("\n").filter((line) => line.includes("（対象事項無）"));
    expect(row).toHaveLength(2);
    for (const line of row) expect(line).toMatch(/□\s+■\s*（対象事項無）/);
    expect(text).toContain(`対象事項無：${REASON}`);
    expect(text).not.toContain("対象外");
    expect(text).toMatch(new RegExp(`□\\s*${PASS}\\s*■\\s*${FAIL}`));
    expect(text).toContain("（チェックリストから注8による判定）");
    expect(text.replace(/\s/g, "")).toContain(`注8）${NOTE_8}`.replace(/\s/g, ""));
  }, 60_000);
});
