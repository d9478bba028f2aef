// The directory's query (what the search form and its links carry) and its labels, shared by the
// server and the browser bundle. Anything malformed falls back to its default: a URL someone
// edited by hand still gives a page, never an error.
import type { CertificationKind, ServiceKind } from "../../db/schema";
import { certificationKinds, serviceKinds } from "./vendor-profile";
import { withinMonthsSince } from "../../disclosures/clock";

export const PAGE_SIZE = 50;
export const QUERY_MAX = 200;

export const coverageOptions = { all: "必須項目がすべて対応済", "90": "必須項目の90%以上が対応済" } as const;
export type Coverage = keyof typeof coverageOptions;
export const freshnessOptions = [3, 6, 12, 24] as const;
export type Freshness = (typeof freshnessOptions)[number];
export const sortLabels = { name: "事業者名順", fresh: "更新が新しい順", coverage: "必須項目の対応率順", rank: "評価基準の順位" } as const;
export type DirectorySort = keyof typeof sortLabels;
export const DOMESTIC_ONLY = "jp-only";

/** A disclosure whose latest version is older than this many calendar months (Japanese dates) is flagged. */
export const STALE_MONTHS = 12;
export const STALE_LABEL = "12か月以上更新なし";
/** Not updated within STALE_MONTHS: the opposite of the directory's 「12か月以内」 filter, at the same boundary. */
export function isStale(latestPublishedAt: number, now: number): boolean {
  return latestPublishedAt < withinMonthsSince(STALE_MONTHS, now);
}

/** A 申請制 disclosure the reader may not read: listed with what it reveals, never its content. */
export const LOCKED_LABEL = "申請制（承認された医療機関のみ閲覧可）";

export type DirectoryQuery = {
  q: string;
  template: string | null;
  /** A service kind, or "none" for disclosures about the whole organisation. */
  kind: ServiceKind | "none" | null;
  /** Every one must be held and not expired. */
  certs: CertificationKind[];
  /** DOMESTIC_ONLY (every location in Japan) or a country code (some location there). */
  storage: string | null;
  verified: boolean;
  coverage: Coverage | null;
  /** A derived result (`templateId:ruleKey`) the latest version must pass, e.g. GL 7.0's 別紙 rule. */
  rule: string | null;
  months: Freshness | null;
  sort: DirectorySort;
  /** A criteria profile of the reader's hospital: ranks the vendors on its template. */
  profile: string | null;
  /** "vendor": entries listed under each vendor's name. */
  group: "vendor" | null;
  page: number;
};

const oneOf = <T extends string>(values: readonly T[], raw: string | null): T | null => (raw !== null && (values as readonly string[]).includes(raw) ? (raw as T) : null);

export function parseDirectoryQuery(params: URLSearchParams): DirectoryQuery {
  const months = Number(params.get("months"));
  const page = Number(params.get("page"));
  const storage = params.get("storage");
  const id = (raw: string | null) => (raw && /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/.test(raw) ? raw : null);
  return {
    q: (params.get("q") ?? "").slice(0, QUERY_MAX).trim(),
    template: id(params.get("template")),
    kind: oneOf([...serviceKinds, "none"] as const, params.get("kind")),
    certs: [...new Set(params.getAll("cert"))].filter((c): c is CertificationKind => oneOf(certificationKinds, c) !== null),
    storage: storage === DOMESTIC_ONLY || (storage && /^[A-Z]{2}$/.test(storage)) ? storage : null,
    verified: params.get("verified") === "1",
    coverage: oneOf(Object.keys(coverageOptions) as Coverage[], params.get("coverage")),
    rule: /^[A-Za-z0-9._-]{1,100}:[A-Za-z0-9._-]{1,100}$/.test(params.get("rule") ?? "") ? params.get("rule") : null,
    months: (freshnessOptions as readonly number[]).includes(months) ? (months as Freshness) : null,
    sort: oneOf(Object.keys(sortLabels) as DirectorySort[], params.get("sort")) ?? "name",
    profile: id(params.get("profile")),
    group: params.get("group") === "vendor" ? "vendor" : null,
    page: Number.isInteger(page) && page >= 1 && page <= 10_000 ? page : 1,
  };
}

/** The query as URL parameters (defaults left out), for links that change one thing. */
export function directoryParams(query: DirectoryQuery, change: Partial<DirectoryQuery> = {}): string {
  const q = { ...query, page: 1, ...change };
  const params = new URLSearchParams();
  if (q.q) params.set("q", q.q);
  if (q.template) params.set("template", q.template);
  if (q.kind) params.set("kind", q.kind);
  for (const cert of q.certs) params.append("cert", cert);
  if (q.storage) params.set("storage", q.storage);
  if (q.verified) params.set("verified", "1");
  if (q.coverage) params.set("coverage", q.coverage);
  if (q.rule) params.set("rule", q.rule);
  if (q.months) params.set("months", String(q.months));
  if (q.sort !== "name") params.set("sort", q.sort);
  if (q.profile) params.set("profile", q.profile);
  if (q.group) params.set("group", q.group);
  if (q.page > 1) params.set("page", String(q.page));
  const s = params.toString();
  return s ? `?${s}` : "";
}
