// A small comparison built in-process for the export and PDF tests: three vendors on a five-item form, with or
// without a criteria profile that ignores one item and makes another a must. The numbers each vendor should get
// are worked out by hand in the tests (never by calling the code under test), so a wrong count shows up.
import { compareDisclosures, defaultFilters, type CompareFilters } from "../../disclosures/compare.js";
import type { CriteriaItems } from "../../disclosures/criteria.js";
import type { ItemResponse } from "../../disclosures/disclosure-content.js";
import type { Template } from "../../disclosures/template-schema.js";
import type { ComparisonColumn, ComparisonPage } from "../../app/models/comparison.server.js";
import { tinyTemplate } from "./template-fixture.js";

/**
 * Form order: name (text, 必須), compliance (derived 「遵守」), c1 and c2 (status, 必須), r1 (status, 推奨).
 * The scale adds 未実施 (unmet) to the tiny template's 実施済 / 実施予定 / 対象外.
 */
export function comparisonTemplate(title = "小さな様式"): Template {
  const t = tinyTemplate();
  t.title = title;
  t.scales![0].options.push({ value: "notImplemented", label: "未実施", outcome: "unmet" });
  t.sections[1].items!.push({ key: "r1", number: "3", text: "訓練を実施している", level: "recommended", answer: { kind: "status", scale: "check" } });
  return t;
}

const done: ItemResponse = { value: { status: "implemented" } };

/**
 * Alpha: name, c1 and c2 実施済, r1 実施予定 (2027-04).
 * Beta:  name, c1 実施済 (with a note), c2 対象外 (with a reason), r1 実施済.
 * Gamma: no name, c1 実施予定 (2027-01), c2 未実施, r1 実施済.
 */
export function vendorResponses(names: { alpha?: string; beta?: string } = {}, notes: { beta?: string } = {}): Record<"alpha" | "beta" | "gamma", Record<string, ItemResponse>> {
  return {
    alpha: { name: { value: names.alpha ?? "アルファ株式会社" }, c1: done, c2: done, r1: { value: { status: "planned", month: "2027-04" } } },
    beta: {
      name: { value: names.beta ?? "ベータ株式会社" },
      c1: { ...done, note: notes.beta ?? "規程 第3条", evidence: [{ name: "規程", url: "https://beta.example/policy" }] },
      c2: { value: { status: "notApplicable", reason: "対象システムなし" } },
      r1: done,
    },
    gamma: { c1: { value: { status: "planned", month: "2027-01" } }, c2: { value: { status: "notImplemented" } }, r1: done },
  };
}

/** The profile of the tests: c2 ignored (対象外とする), r1 a must (必達) with weight 2. */
export const PROFILE: CriteriaItems = { c2: { mode: "ignore" }, r1: { mode: "must", weight: 2 } };

export type FixtureOptions = {
  templateTitle?: string;
  shortlistName?: string | null;
  profileName?: string | null;
  criteria?: CriteriaItems;
  /** Three by default; more repeat Alpha's, Beta's and Gamma's answers in turn. */
  organizations?: string[];
  services?: (string | null)[];
  notes?: (string | null)[];
  answerNames?: { alpha?: string; beta?: string };
  answerNotes?: { beta?: string };
  templateVersion?: string;
  filterLines?: string[];
  notices?: string[];
  /** Gamma answered an older edition (0.9.0) without r1 and without the derived 「遵守」. */
  olderGamma?: boolean;
  filters?: Partial<CompareFilters>;
};

export const PUBLISHED = [Date.parse("2026-11-01T10:00:00+09:00"), Date.parse("2026-10-15T09:00:00+09:00"), Date.parse("2026-09-30T23:30:00+09:00")];

/** A comparison page of the vendors, in input order Alpha, Beta, Gamma … (ranked when `criteria` is given). */
export function comparisonPage(options: FixtureOptions = {}): ComparisonPage {
  const template = comparisonTemplate(options.templateTitle);
  if (options.templateVersion) template.version = options.templateVersion;
  const responses = vendorResponses(options.answerNames, options.answerNotes);
  const older: Template = structuredClone(template);
  older.version = "0.9.0";
  older.derived = [];
  older.sections[0].items = older.sections[0].items!.filter((i) => i.key !== "compliance");
  older.sections[1].items = older.sections[1].items!.filter((i) => i.key !== "r1");
  const templateOf = (k: string) => (k === "gamma" && options.olderGamma ? older : template);
  const organizations = options.organizations ?? ["アルファ株式会社", "ベータ株式会社", "ガンマ株式会社"];
  const inputs = organizations.map((_, i) => {
    const k = (["alpha", "beta", "gamma"] as const)[i % 3];
    const t = templateOf(k);
    return { template: t, content: { templateId: t.id, templateVersion: t.version, responses: responses[k] } };
  });
  const comparison = compareDisclosures(inputs, { ...defaultFilters, ...options.filters }, options.criteria);
  const services = options.services ?? organizations.map((_, i) => ["アルファカルテ", null, "ガンマ連携"][i % 3]);
  const notes = options.notes ?? organizations.map((_, i) => [null, "見積依頼済み", null][i % 3]);
  const inputColumns: ComparisonColumn[] = organizations.map((organizationName, i) => ({
    disclosureId: `d-${i}`,
    organizationName,
    verified: i === 0,
    serviceName: services[i] ?? null,
    release: null,
    templateVersion: inputs[i].template.version,
    version: i + 1,
    publishedAt: PUBLISHED[i % 3],
    withdrawn: i === 2,
    note: notes[i] ?? null,
  }));
  return {
    template: { id: template.id, title: template.title },
    shortlist: options.shortlistName === null ? null : { id: "s-1", name: options.shortlistName ?? "電子カルテ更新 2027", organizationId: "o-h" },
    profile: options.criteria ? { id: "p-1", name: options.profileName ?? "当院の基準" } : null,
    columns: comparison.order.map((i) => inputColumns[i]),
    comparison,
    filterLines: options.filterLines ?? ["すべての項目"],
    notices: options.notices ?? [],
  };
}
