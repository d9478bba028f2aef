// What every print layout needs: the template, the content (trusted for nothing: shapes are
// checked where they are read), derived results computed from the answers, and the document meta.
import type { AnswerValue } from "../../disclosures/answers";
import { computeDerived, type DerivedResult } from "../../disclosures/derived";
import type { DisclosureContent } from "../../disclosures/disclosure-content";
import { answersOf, evidenceView, type EvidenceView } from "../../disclosures/disclosure-view";
import { canonicalJson } from "../../disclosures/canonical-json";
import type { Scale, Template } from "../../disclosures/template-schema";
import { formatDate, formatDateTime } from "../utils/format";

export type PrintMeta = {
  vendorName: string;
  serviceName: string | null;
  /** null = draft */
  versionNumber: number | null;
  /** ms; the publish time of the version */
  lastUpdated: number | null;
  /** Forms in several parts (代行機関 概要 and 別添): when each part last changed (disclosures/document-parts.ts). */
  partDates?: Record<string, number>;
  contentHash: string | null;
  publicUrl: string | null;
  /** 改版理由 of a published version; absent or null when none was given. */
  changeReason?: string | null;
  draft: boolean;
  generatedAt: number;
};

export type PrintResponse = { value: AnswerValue | undefined; note: string | null; evidence: EvidenceView[] };

export type PrintContext = {
  template: Template;
  content: DisclosureContent;
  meta: PrintMeta;
  derived: Record<string, DerivedResult>;
  response(key: string): PrintResponse;
  scale(key: string): Scale | undefined;
};

export const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

export const isBlank = (v: unknown): boolean => v === undefined || v === null || (typeof v === "string" && v.trim() === "");

/** Any value as text: strings as they are, anything else as JSON, so nothing is hidden. */
export function asText(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  try {
    return canonicalJson(value) ?? String(value);
  } catch {
    return String(value);
  }
}

export function createPrintContext(input: { template: Template; content: DisclosureContent; meta: PrintMeta }): PrintContext {
  const { template, content, meta } = input;
  const responses: unknown = content?.responses;
  const safeContent: DisclosureContent = isPlainObject(responses) ? content : { ...content, responses: {} };
  const derived = computeDerived(template, answersOf(safeContent));
  return {
    template,
    content: safeContent,
    meta,
    derived,
    response(key) {
      const all = safeContent.responses as Record<string, unknown>;
      const raw = Object.prototype.hasOwnProperty.call(all, key) ? all[key] : undefined;
      if (!isPlainObject(raw)) return { value: undefined, note: null, evidence: [] };
      const note = isBlank(raw.note) ? null : asText(raw.note);
      return { value: isBlank(raw.value) ? undefined : (raw.value as AnswerValue), note, evidence: evidenceView(raw.evidence) };
    },
    scale(key) {
      return template.scales?.find((s) => s.key === key);
    },
  };
}

/** 「第3版」, or 「下書き」 for a draft. */
export function versionLabel(meta: PrintMeta): string {
  return meta.draft || meta.versionNumber === null ? "下書き" : `第${meta.versionNumber}版`;
}

/** 「2025年7月7日」 in Japan time. */
/** The version's 最終更新日, or with `part` the date that part of the form last changed. */
export function lastUpdatedLabel(meta: PrintMeta, part?: string): string {
  const date = (part === undefined ? undefined : meta.partDates?.[part]) ?? meta.lastUpdated;
  if (date !== null && Number.isFinite(date)) return formatDate(date);
  return meta.draft ? "未公開（下書き）" : "—";
}

export function generatedAtLabel(meta: PrintMeta): string {
  return Number.isFinite(meta.generatedAt) ? formatDateTime(meta.generatedAt) : "—";
}

/** 「2024-10-01」 → 「2024年10月1日」; 「2027-03」 → 「2027年3月」; anything else unchanged. */
export function formatDateText(value: string): string {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (d) return `${d[1]}年${Number(d[2])}月${Number(d[3])}日`;
  const m = /^(\d{4})-(\d{2})$/.exec(value);
  if (m) return `${m[1]}年${Number(m[2])}月`;
  return value;
}
