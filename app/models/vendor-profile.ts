// A vendor's services and profile facts (certifications, where data is stored, foreign law): labels,
// form schemas and pure helpers shared by the server and the browser bundle (a .server module is
// empty in the browser, so nothing a component needs may live there).
import { CONTROL_CHARACTERS, CONTROL_MESSAGE, FORMAT_CHARACTERS, formatCharacterMessage, SINGLE_LINE_CONTROL_CHARACTERS } from "../../disclosures/answers";
import { isRealDate } from "../../disclosures/clock";
import { z } from "zod";
import type { CertificationKind, ServiceKind } from "../../db/schema";
import { nameField } from "../utils/forms";

export type ForeignLaw = "no" | "yes" | "unknown";

export const serviceKinds = ["system", "cloud", "device", "agency", "other"] as const satisfies readonly ServiceKind[];
export const serviceKindLabels: Record<ServiceKind, string> = {
  system: "医療情報システム",
  cloud: "クラウドサービス（ASP・SaaS）",
  device: "医療機器",
  agency: "代行業務",
  other: "その他",
};

export const certificationKinds = ["pmark", "isms", "ismap", "soc2", "cs_gold", "other"] as const satisfies readonly CertificationKind[];
export const certificationKindLabels: Record<CertificationKind, string> = {
  pmark: "Pマーク",
  isms: "ISMS（ISO/IEC 27001）",
  ismap: "ISMAP",
  soc2: "SOC 2",
  cs_gold: "CSゴールドマーク",
  other: "その他",
};

export const foreignLawValues = ["no", "yes", "unknown"] as const satisfies readonly ForeignLaw[];
export const foreignLawQuestion = "外国の法令が適用される可能性";
export const foreignLawLabels: Record<ForeignLaw, string> = { no: "ない", yes: "ある", unknown: "不明" };

/** Countries offered by name; any other ISO 3166-1 alpha-2 code is accepted and shown as the code. */
export const knownCountries: Record<string, string> = {
  JP: "日本",
  US: "米国",
  SG: "シンガポール",
  IE: "アイルランド",
  DE: "ドイツ",
  GB: "英国",
  AU: "オーストラリア",
  KR: "韓国",
  TW: "台湾",
  IN: "インド",
};

export function countryLabel(code: string): string {
  return knownCountries[code] ?? code;
}

/** The name of a certification as people say it: the label, or the free name for 「その他」. */
export function certificationLabel(row: { kind: CertificationKind; name: string | null }): string {
  return row.kind === "other" && row.name ? row.name : certificationKindLabels[row.kind];
}

export function storageLocationLabel(row: { country: string; region: string | null }): string {
  return row.region ? `${countryLabel(row.country)}（${row.region}）` : countryLabel(row.country);
}

/** A certification is valid through its expiry date, a Japanese date (valid for the whole of that day in Japan:
 * pass `todayInJapan()`); no expiry date means it does not expire. */
export function isExpired(row: { expires_on: string | null }, today: string): boolean {
  return row.expires_on !== null && row.expires_on < today;
}

/** The certifications still in force on `today` (YYYY-MM-DD): what hospitals filter on. */
export function activeCertifications<T extends { expires_on: string | null }>(rows: readonly T[], today: string): T[] {
  if (!isRealDate(today)) throw new Error(`activeCertifications: today must be YYYY-MM-DD, got "${today}"`);
  return rows.filter((row) => !isExpired(row, today));
}

// ---- form schemas (the actions re-check every submission with these) ----


/** An optional text: blank becomes null. */
const optionalText = (label: string, max: number, multiline = false) =>
  z
    .string()
    .optional()
    .transform((s) => (multiline ? (s ?? "").replace(/\r\n?/g, "\n") : (s ?? "")).trim())
    .refine((s) => s.length <= max, `${label}は${max}文字以内で入力してください`)
    .refine((s) => !(multiline ? CONTROL_CHARACTERS : SINGLE_LINE_CONTROL_CHARACTERS).test(s), CONTROL_MESSAGE)
    // One-line values are names and numbers (認証の名称, 登録番号, 地域): no invisible format characters, as in nameField.
    .refine((s) => multiline || !FORMAT_CHARACTERS.test(s), (s) => ({ message: formatCharacterMessage(s) }))
    .transform((s) => s || null);

const choice = <T extends readonly [string, ...string[]]>(values: T, message: string) => z.enum(values, { errorMap: () => ({ message }) });

export const SERVICE_NAME_MAX = 200;
export const SERVICE_DESCRIPTION_MAX = 2000;

export const serviceSchema = z.object({
  name: nameField("サービス名", SERVICE_NAME_MAX),
  kind: choice(serviceKinds, "サービスの種別を選んでください"),
  description: optionalText("説明", SERVICE_DESCRIPTION_MAX, true),
});
export type ServiceInput = z.output<typeof serviceSchema>;

export const certificationSchema = z
  .object({
    kind: choice(certificationKinds, "認証の種類を選んでください"),
    name: optionalText("認証の名称", 200),
    number: optionalText("登録番号", 100),
    expiresOn: optionalText("有効期限", 10).refine((s) => s === null || isRealDate(s), "有効期限は実在する日付（YYYY-MM-DD）で入力してください"),
  })
  .superRefine((v, ctx) => {
    if (v.kind === "other" && !v.name) ctx.addIssue({ code: "custom", path: ["name"], message: "「その他」の場合は認証の名称を入力してください" });
  })
  // Only 「その他」 has a free name; the others are named by their kind.
  .transform((v) => ({ kind: v.kind, name: v.kind === "other" ? v.name : null, number: v.number, expiresOn: v.expiresOn }));
export type CertificationInput = z.output<typeof certificationSchema>;

/** ISO 3166-1 alpha-2: two Latin letters. */
export const COUNTRY_CODE = /^[A-Z]{2}$/;

export const storageLocationSchema = z
  .object({
    // A known country from the list, or "other" with the code typed into countryCode.
    country: z.string({ required_error: "国を選んでください" }).trim().min(1, "国を選んでください"),
    countryCode: z.string().optional(),
    region: optionalText("地域", 100),
  })
  .transform((v, ctx) => {
    const code = (v.country === "other" ? (v.countryCode ?? "") : v.country).trim().toUpperCase();
    if (!COUNTRY_CODE.test(code)) {
      ctx.addIssue({ code: "custom", path: ["country"], message: "国は ISO 3166-1 の英字2文字の国コード（例: JP、US）で指定してください" });
      return z.NEVER;
    }
    return { country: code, region: v.region };
  });
export type StorageLocationInput = z.output<typeof storageLocationSchema>;

export const foreignLawSchema = z.object({ foreignLaw: choice(foreignLawValues, `「${foreignLawQuestion}」を選んでください`) });

export const ADDRESS_MAX = 200;
/** 所在地: one line as it is printed on the forms (「東京都千代田区…」); blank removes it. */
export const addressSchema = z.object({ address: optionalText("所在地", ADDRESS_MAX) });
