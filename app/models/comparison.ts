// The comparison's URL (which disclosures, which template, which filters): parsed, written back
// and described in words, shared by the server and the browser bundle. A malformed filter falls
// back to its default; the set of vendors is checked on the server.
import { defaultFilters, type CompareFilters } from "../../disclosures/compare";

export const levelFilterLabels: Record<CompareFilters["level"], string> = { all: "すべての項目", required: "必須項目のみ", recommended: "推奨項目のみ" };

export type ComparisonParams = {
  /** Disclosure ids given directly (`d=…&d=…`), in the order given. */
  disclosures: string[];
  shortlist: string | null;
  template: string | null;
  profile: string | null;
  filters: CompareFilters;
};

const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
const id = (raw: string | null) => (raw && ID.test(raw) ? raw : null);
// Far more than a comparison takes: enough to say "too many" without reading an unbounded list.
const RAW_LIMIT = 100;

export function parseComparisonParams(params: URLSearchParams): ComparisonParams {
  const level = params.get("level");
  return {
    disclosures: [...new Set(params.getAll("d").slice(0, RAW_LIMIT).filter((d) => ID.test(d)))],
    shortlist: id(params.get("shortlist")),
    template: id(params.get("template")),
    profile: id(params.get("profile")),
    filters: {
      level: level === "required" || level === "recommended" ? level : defaultFilters.level,
      subset: id(params.get("subset")),
      differences: params.get("diff") === "1",
      gaps: params.get("gaps") === "1",
      section: id(params.get("section")),
      q: (params.get("q") ?? "").slice(0, 200).trim(),
    },
  };
}

/** The parameters as a query string (defaults left out): the stable URL of a comparison. */
export function comparisonQuery(p: ComparisonParams, change: Partial<CompareFilters> = {}): string {
  const params = new URLSearchParams();
  if (p.shortlist) params.set("shortlist", p.shortlist);
  for (const d of p.disclosures) params.append("d", d);
  if (p.template) params.set("template", p.template);
  if (p.profile) params.set("profile", p.profile);
  const f = { ...p.filters, ...change };
  if (f.level !== "all") params.set("level", f.level);
  if (f.subset) params.set("subset", f.subset);
  if (f.differences) params.set("diff", "1");
  if (f.gaps) params.set("gaps", "1");
  if (f.section) params.set("section", f.section);
  if (f.q) params.set("q", f.q);
  return `?${params.toString()}`;
}

/** The filters in words, for the page, the PDF's first page and the spreadsheets. */
export function describeFilters(filters: CompareFilters, sectionTitle: string | null, profileName: string | null, subsetTitle: string | null = null): string[] {
  const lines = [`表示: ${levelFilterLabels[filters.level]}`];
  if (subsetTitle) lines.push(`対象: ${subsetTitle}の項目のみ`);
  if (filters.differences) lines.push("回答に違いのある項目のみ");
  if (filters.gaps) lines.push("不足（未対応・実施予定・未回答）のある必須・必達項目のみ");
  if (sectionTitle) lines.push(`章: ${sectionTitle}`);
  if (filters.q) lines.push(`キーワード: ${filters.q}`);
  if (profileName) lines.push(`評価基準: ${profileName}`);
  return lines;
}
