// The answer scales an administrator can choose when bringing a form in from its spreadsheet:
// the two the official MDS/SDS and 事業者確認用 workbooks use, and those of the built-in templates
// (a test keeps them equal to the built-in files). A template still carries a copy of each scale
// it uses, so a stored template version never depends on this list.
import type { DerivedResultDef, Outcome, Scale } from "./template-schema.js";

/**
 * How the official form shows an option that only the portal offers (対象外 on a form that has 実施済 / 実施予定
 * only), and what that answer counts as under the form's own rule. A convenience must never change the official
 * verdict: the answer is printed as the form would show it and counted as such (DECISIONS 37).
 */
export type OfficialReading = {
  /** The form's option ticked instead, e.g. 実施予定. */
  label: string;
  /** What the option's cell carries, as a real published form wrote it: 「対象事項無」. */
  remark: string;
  /** What the answer counts as in the form's rule. */
  outcome: Outcome;
};

/** The note of an official form that a derived result over a scale implements, in the form's words. */
export type RuleBasis = {
  /** The form the note belongs to. */
  form: string;
  /** As printed: 「注8」. */
  note: string;
  /** The note's words, verbatim from the seed. */
  text: string;
};

export type RegisteredScale = {
  /** Stable id used in import mappings (`{ "registry": "yesNoNotApplicable" }`). */
  id: string;
  /** How the admin UI names it. */
  title: string;
  description: string;
  /** The scale as a template stores it; `key` is the default key inside the template. */
  scale: Scale;
  /**
   * Options the official form does not have, by option value: how the form shows them and counts them. Kept here,
   * not in the template files, so that every template version using the scale (stored versions are immutable)
   * gets the same official verdict.
   */
  official?: Record<string, OfficialReading>;
  /** The note of the official form that an 「全項目」 rule over this scale implements. */
  basis?: RuleBasis;
};

export const scaleRegistry: readonly RegisteredScale[] = [
  {
    id: "yesNoNotApplicable",
    title: "はい／いいえ／対象外（MDS/SDS）",
    description: "JAHIS/JIRA の MDS/SDS の回答。「対象外」は判定から除かれ、「いいえ」は医療機関側のリスク評価が必要な項目になる。備考は各項目のメモに書く。",
    scale: {
      key: "yesNoNotApplicable",
      options: [
        { value: "yes", label: "はい", outcome: "met" },
        { value: "no", label: "いいえ", outcome: "unmet" },
        { value: "notApplicable", label: "対象外", outcome: "notApplicable" },
      ],
    },
  },
  {
    id: "yesNoWithDates",
    title: "はい／いいえ（確認日、いいえは目標日）",
    description: "サイバーセキュリティ対策チェックリスト（事業者確認用）の回答。各項目に確認日を記入し、「いいえ」には目標日（日付）が必須。",
    scale: {
      key: "yesNoWithDates",
      options: [
        { value: "yes", label: "はい", outcome: "met" },
        { value: "no", label: "いいえ", outcome: "unmet", requires: "date", requiresLabel: "目標日" },
      ],
      fields: [{ key: "confirmedOn", label: "確認日", type: "date" }],
    },
  },
  {
    id: "hispro",
    title: "対応済／未対応／対象外（HISPRO）",
    description: "HISPRO チェックシートの回答。「対象外」には理由が必須。",
    scale: {
      key: "hispro",
      options: [
        { value: "met", label: "対応済", outcome: "met" },
        { value: "unmet", label: "未対応", outcome: "unmet" },
        { value: "notApplicable", label: "対象外", outcome: "notApplicable", requires: "reason" },
      ],
    },
  },
  {
    id: "minimumGuideline",
    title: "実施済／実施予定／対象外（最低限のガイドライン）",
    description: "最低限のガイドライン遵守チェックリストの回答。「実施予定」には実施時期（年月）、「対象外」には理由が必須。",
    scale: {
      key: "minimumGuideline",
      options: [
        { value: "implemented", label: "実施済", outcome: "met" },
        { value: "planned", label: "実施予定", outcome: "planned", requires: "month" },
        { value: "notApplicable", label: "対象外", outcome: "notApplicable", requires: "reason" },
      ],
    },
    // The form offers 実施済 / 実施予定 only; the seed-003 vendor wrote 「実施予定(対象事項無)」 for what does not apply.
    official: { notApplicable: { label: "実施予定", remark: "対象事項無", outcome: "planned" } },
    basis: {
      form: "事業運営上開示すべき重要事項の概要［代行機関］",
      note: "注8",
      text: "別添指定様式「医療情報システムの安全管理に関するガイドライン 最低限のガイドライン遵守チェックリスト」に記載すること。チェックリストにおいて全項目「実施済」の場合は「最低限のガイドラインを遵守済」、1項目以上「実施予定」がある場合は「最低限のガイドラインを遵守していない」を選ぶこと。",
    },
  },
  {
    id: "cyber",
    title: "○／×（サイバーセキュリティ対策チェックリスト）",
    description: "○ は実施、× は未実施。",
    scale: {
      key: "cyber",
      options: [
        { value: "yes", label: "○", symbol: "○", outcome: "met" },
        { value: "no", label: "×", symbol: "×", outcome: "unmet" },
      ],
    },
  },
  {
    id: "responsibility",
    title: "医療機関／事業者／共同／対象外（役割分担）",
    description: "役割分担等に関するチェックリストの回答（誰が実施するか）と確認日。",
    scale: {
      key: "responsibility",
      options: [
        { value: "hospital", label: "医療機関", outcome: "assigned" },
        { value: "vendor", label: "事業者", outcome: "assigned" },
        { value: "joint", label: "共同", outcome: "assigned" },
        { value: "notApplicable", label: "対象外", outcome: "notApplicable" },
      ],
      fields: [{ key: "confirmedOn", label: "確認日", type: "date" }],
    },
  },
];

export function findRegisteredScale(id: string): RegisteredScale | undefined {
  return scaleRegistry.find((s) => s.id === id);
}

/** A scale's options and fields, for telling whether a stored scale is still exactly the registered one. */
function shapeOf(scale: Scale): string {
  const options = scale.options.map((o) => [o.value, o.label, o.symbol ?? null, o.outcome, o.requires ?? null, o.requiresLabel ?? null]);
  const fields = (scale.fields ?? []).map((f) => [f.key, f.label ?? null, f.type, f.unit ?? null, f.prefix ?? null, f.placeholder ?? null, f.maxLength ?? null, f.min ?? null, f.max ?? null, f.integer ?? null]);
  return JSON.stringify([options, fields]);
}

const registeredShapes = new Map(scaleRegistry.map((r) => [r.id, shapeOf(r.scale)]));

/**
 * The registry entry a template's scale is: stored under the registry's id as its key (the default when a built-in
 * template or an import takes a registered scale) with exactly its options and fields. A template's own scale that
 * merely looks alike (a test's 「check」, a form with other words) is not the official form's scale.
 */
export function registeredScaleOf(scale: Scale): RegisteredScale | undefined {
  const shape = registeredShapes.get(scale.key);
  return shape !== undefined && shape === shapeOfCached(scale) ? findRegisteredScale(scale.key) : undefined;
}

// Asked per item and per answer (a 10-vendor comparison asks thousands of times); template versions are immutable
// and loaded once, so a scale object's shape is computed once. A scale changed in place (only tests build them so)
// would keep its first shape: the cache is keyed by the object, and templates are never mutated after loading.
const shapes = new WeakMap<Scale, string>();
function shapeOfCached(scale: Scale): string {
  let shape = shapes.get(scale);
  if (shape === undefined) shapes.set(scale, (shape = shapeOf(scale)));
  return shape;
}

/** How the official form shows and counts an answer with this option; undefined when the form has the option itself. */
export function officialReadingOf(scale: Scale | undefined, optionValue: string): OfficialReading | undefined {
  if (!scale) return undefined;
  const official = registeredScaleOf(scale)?.official;
  return official && Object.prototype.hasOwnProperty.call(official, optionValue) ? official[optionValue] : undefined;
}

/** A registered scale under the key a template gives it (a deep copy: templates never share objects). */
export function registeredScale(id: string, key?: string): Scale | undefined {
  const found = findRegisteredScale(id);
  return found ? { ...structuredClone(found.scale), key: key ?? found.scale.key } : undefined;
}

/**
 * The GL 7.0 別紙 rule as a derived result: pass when every item in scope is はい or 対象外
 * (allMet leaves notApplicable out and fails on any いいえ); each いいえ tells hospitals to assess the risk themselves.
 */
export function allYesOrNotApplicableRule(key: string, scope?: string): DerivedResultDef {
  return {
    rule: "allMet",
    key,
    title: "全項目が「はい」または「対象外」",
    ...(scope ? { scope } : {}),
    labels: { pass: "全項目が「はい」または「対象外」", fail: "「いいえ」の項目があります", incomplete: "未回答の項目があります" },
    unmetNote: "医療機関側のリスク評価が必要",
  };
}
