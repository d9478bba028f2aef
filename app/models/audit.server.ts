// The audit log: append-only (database triggers refuse UPDATE/DELETE), who did what and when.
// Callers pass only non-secret details; `detail` keys that look like secrets are refused so a
// password, token or code can never end up here by accident.
import { sql, type Kysely } from "kysely";
import { isPostgres } from "../../db/dialect.js";
import type { Database, OrganizationKind, Role } from "../../db/schema.js";
import { kindLabels, roleLabels } from "./organization.js";
import { certificationKindLabels, countryLabel, foreignLawLabels, serviceKindLabels } from "./vendor-profile.js";
import { clock } from "../../disclosures/clock.js";

export type AuditActor = { userId: string | null; email: string | null };
export type RequestMeta = { ip: string; userAgent: string };

export const auditActions = {
  "auth.sign_up": "アカウント作成",
  "auth.sign_in": "サインイン",
  "auth.sign_in_failed": "サインイン失敗",
  "auth.second_factor_failed": "二要素認証の失敗",
  "auth.locked": "アカウントのロック",
  "auth.sign_out": "サインアウト",
  "auth.sign_out_everywhere": "すべての端末からサインアウト",
  "auth.password_changed": "パスワード変更",
  "auth.recovery_code_used": "リカバリーコードの使用",
  "two_factor.enabled": "二要素認証の有効化",
  "two_factor.disabled": "二要素認証の無効化",
  "two_factor.recovery_codes_regenerated": "リカバリーコードの再発行",
  "account.updated": "プロフィール変更",
  "organization.created": "組織の作成",
  "organization.two_factor_required": "二要素認証の必須化設定",
  "organization.verification_requested": "組織の確認の依頼",
  "organization.verified": "組織の確認",
  "organization.unverified": "組織の確認取消",
  "member.invited": "招待の作成",
  "member.invitation_revoked": "招待の取消",
  "member.joined": "招待の受諾",
  "member.role_changed": "役割の変更",
  "member.removed": "メンバーの削除",
  "member.left": "組織からの退出",
  "disclosure.created": "開示書の作成",
  "disclosure.edited": "開示書の編集",
  "disclosure.edition_moved": "開示書の様式を新しい版に移行",
  "disclosure.answers_imported": "開示書への回答の取り込み（ファイル）",
  "disclosure.answer_layout_saved": "回答ファイルの自社様式（列の対応）の保存",
  "disclosure.answers_copied": "開示書への回答のコピー",
  "disclosure.prefilled": "組織情報からの入力",
  "disclosure.published": "開示書の公開",
  "disclosure.withdrawn": "開示書の取り下げ",
  "disclosure.reinstated": "開示書の取り下げ解除",
  "disclosure.visibility_changed": "公開範囲の変更",
  "document.uploaded": "資料の登録（ファイルのアップロード）",
  "document.version_uploaded": "資料の新しい版のアップロード",
  "document.withdrawn": "資料の取り下げ",
  "service.created": "サービスの登録",
  "service.updated": "サービスの変更",
  "service.deleted": "サービスの削除",
  "profile.updated": "組織プロフィールの変更",
  "access.requested": "閲覧申請",
  "access.approved": "閲覧申請の承認",
  "access.declined": "閲覧申請の却下",
  "access.revoked": "閲覧許可の取消",
  "access.terms_accepted": "閲覧申請の条件への同意",
  "access_terms.changed": "閲覧申請の条件の変更",
  "access_terms.disabled": "閲覧申請の条件の廃止",
  "shortlist.created": "候補リストの作成",
  "shortlist.renamed": "候補リストの名前変更",
  "shortlist.deleted": "候補リストの削除",
  "shortlist.entry_added": "候補リストへの追加",
  "shortlist.entry_removed": "候補リストからの削除",
  "shortlist.note_changed": "候補リストのメモ変更",
  "watch.added": "ウォッチの開始",
  "watch.removed": "ウォッチの終了",
  "watch.pinned": "承認した版の固定",
  "watch.feed_issued": "ウォッチリストの非公開フィードの発行",
  "criteria.created": "評価基準の作成",
  "criteria.updated": "評価基準の変更",
  "criteria.deleted": "評価基準の削除",
  "template.import_uploaded": "様式の取込（ファイルのアップロード）",
  "template.import_deleted": "様式の取込の削除",
  "template.imported": "取り込んだ様式の版の公開",
  "admin.granted": "管理者権限の付与",
  "admin.revoked": "管理者権限の削除",
  "mail.retried": "送信をあきらめたメールの再送",
} as const;
export type AuditAction = keyof typeof auditActions;

const SECRET_KEY = /pass|token|secret|code|otp|hash|cookie|session/i;

export async function audit(
  db: Kysely<Database>,
  entry: {
    action: AuditAction;
    actor: AuditActor;
    meta?: RequestMeta;
    organizationId?: string | null;
    target?: string | null;
    detail?: Record<string, string | number | boolean | null>;
  },
  now = clock.now(),
): Promise<void> {
  for (const key of Object.keys(entry.detail ?? {})) {
    if (SECRET_KEY.test(key)) throw new Error(`audit detail key "${key}" looks like a secret and is not allowed`);
  }
  // PostgreSQL: numbered from the high-water mark, so that a rolled-back transaction leaves no gap (the migration
  // 2026-11-22T0100-accounts says why). Every transaction there holds the one transaction lock (db/connection.ts),
  // so two entries never get the same number; an entry outside a transaction gets its own.
  if (isPostgres(db) && !db.isTransaction) return db.transaction().execute((trx) => audit(trx, entry, now));
  await db
    .insertInto("audit_log")
    .values({
      ...(isPostgres(db) ? { id: sql<number>`(select id + 1 from audit_log_high_water)` } : {}),
      at: now,
      actor_user_id: entry.actor.userId,
      actor_email: entry.actor.email,
      organization_id: entry.organizationId ?? null,
      action: entry.action,
      target: entry.target ?? null,
      detail: entry.detail ? JSON.stringify(entry.detail) : null,
      ip: entry.meta?.ip ?? null,
      user_agent: entry.meta?.userAgent?.slice(0, 300) ?? null,
    })
    .execute();
}

export type AuditEntry = {
  id: number;
  at: number;
  actorEmail: string | null;
  organizationId: string | null;
  organizationName: string | null;
  action: string;
  actionLabel: string;
  target: string | null;
  detail: string | null;
  ip: string | null;
  userAgent: string | null;
};

const visibilityLabels: Record<string, string> = { public: "一般公開", hospitals: "医療機関のみ", request: "申請制" };
const reasonLabels: Record<string, string> = { unknown_account: "未登録のアカウント", locked: "ロック中" };

/** The detail of an entry in words: 「役割: 編集者 → 閲覧者」 rather than JSON. */
export function describeDetail(detail: string | null): string | null {
  if (!detail) return null;
  let data: Record<string, unknown>;
  try {
    data = JSON.parse(detail);
  } catch {
    return detail;
  }
  const role = (r: unknown) => roleLabels[r as Role] ?? String(r);
  const parts: string[] = [];
  if ("from" in data && "to" in data) parts.push(`役割: ${role(data.from)} → ${role(data.to)}`);
  else if ("role" in data) parts.push(`役割: ${role(data.role)}`);
  if ("kind" in data) {
    const kind = String(data.kind);
    const labels: Record<string, string> = { ...kindLabels, ...serviceKindLabels, ...certificationKindLabels };
    parts.push(`種別: ${labels[kind as OrganizationKind] ?? kind}`);
  }
  if ("changed" in data) parts.push(`変更: ${String(data.changed)}`);
  if ("reference" in data) parts.push(`確認に使う情報: ${String(data.reference)}`);
  if ("checked" in data) parts.push(`確認した内容: ${String(data.checked)}`);
  if ("previous_name" in data) parts.push(`旧名称: ${String(data.previous_name)}`);
  if ("change" in data) parts.push({ added: "追加", removed: "削除", replaced: "置き換え" }[String(data.change)] ?? String(data.change));
  if ("country" in data) parts.push(`国: ${countryLabel(String(data.country))}${data.region ? `（${String(data.region)}）` : ""}`);
  if ("expires_on" in data && data.expires_on) parts.push(`有効期限: ${String(data.expires_on)}`);
  if ("vendor" in data) parts.push(`事業者: ${String(data.vendor)}`);
  if ("disclosure" in data) parts.push(`開示書ID: ${String(data.disclosure).slice(0, 8)}`);
  if (data.unreadable === true) parts.push("閲覧できなくなった開示書");
  if ("count" in data) parts.push(`${data.count}件`);
  if ("characters" in data) parts.push(data.characters ? `メモ: ${data.characters}文字` : "メモを消去");
  if ("must" in data) parts.push(`必達: ${data.must}件、対象外: ${data.ignored ?? 0}件、重み変更: ${data.weighted ?? 0}件`);
  if (data.field === "foreign_law") parts.push(`外国法の適用可能性: ${foreignLawLabels[String(data.previous) as keyof typeof foreignLawLabels] ?? "未設定"} → ${foreignLawLabels[String(data.value) as keyof typeof foreignLawLabels] ?? String(data.value)}`);
  if ("failures" in data) parts.push(`連続失敗: ${data.failures}回`);
  if ("minutes" in data) parts.push(`ロック: ${data.minutes}分`);
  if ("reason" in data) parts.push(`理由: ${reasonLabels[String(data.reason)] ?? String(data.reason)}`);
  if ("second_factor" in data) parts.push(`二要素: ${data.second_factor === "totp" ? "認証アプリ" : "リカバリーコード"}`);
  if ("required" in data) parts.push(data.required ? "必須にした" : "任意にした");
  if ("invitation" in data) parts.push(`招待ID: ${String(data.invitation).slice(0, 8)}`);
  if ("template" in data) parts.push(`様式: ${String(data.template)}`);
  if ("items" in data) parts.push(`${data.items}項目`);
  if (data.draft === true) parts.push("コピー元: 下書き");
  if ("overwritten" in data) parts.push(`うち上書き${data.overwritten}項目`);
  if (data.skipped) parts.push(`確認後に変更されていた${data.skipped}項目はコピーせず`);
  if ("file" in data) parts.push(`ファイル: ${String(data.file)}${typeof data.size === "number" ? `（${Math.ceil(data.size / 1024).toLocaleString("ja-JP")} KB）` : ""}`);
  if ("based_on" in data) parts.push(`前の版のマッピング: ${String(data.based_on)}`);
  if ("facts" in data) parts.push(`組織情報: ${String(data.facts)}`);
  if (data.field === "address") parts.push("所在地の変更");
  if ("version" in data) parts.push(`第${data.version}版`);
  if ("sha256" in data) parts.push(`SHA-256: ${String(data.sha256).slice(0, 12)}…`);
  if ("visibility" in data) parts.push(`公開範囲: ${visibilityLabels[String(data.visibility)] ?? String(data.visibility)}`);
  if (!parts.length && "shortlist" in data) parts.push(`候補リストID: ${String(data.shortlist).slice(0, 8)}`);
  return parts.length ? parts.join("、") : detail;
}

/** Newest first; one organisation's entries, or everything for administrators. */
export async function listAudit(db: Kysely<Database>, options: { organizationId?: string; limit?: number; before?: number }): Promise<AuditEntry[]> {
  let query = db
    .selectFrom("audit_log")
    .leftJoin("organization", "organization.id", "audit_log.organization_id")
    .select([
      "audit_log.id",
      "audit_log.at",
      "audit_log.actor_email",
      "audit_log.organization_id",
      "organization.name as organization_name",
      "audit_log.action",
      "audit_log.target",
      "audit_log.detail",
      "audit_log.ip",
      "audit_log.user_agent",
    ])
    .orderBy("audit_log.id", "desc")
    .limit(options.limit ?? 200);
  if (options.organizationId) query = query.where("audit_log.organization_id", "=", options.organizationId);
  if (options.before) query = query.where("audit_log.id", "<", options.before);
  const rows = await query.execute();
  return rows.map((r) => ({
    id: r.id,
    at: r.at,
    actorEmail: r.actor_email,
    organizationId: r.organization_id,
    organizationName: r.organization_name,
    action: r.action,
    actionLabel: auditActions[r.action as AuditAction] ?? r.action,
    target: r.target,
    detail: describeDetail(r.detail),
    ip: r.ip,
    userAgent: r.user_agent,
  }));
}
