// Notification kinds and their words, shared by the server and the browser bundle.
import type { NotificationKind } from "../../db/schema";

export const notificationKinds = ["version_published", "access_requested", "access_decided", "expiring_soon", "freshness_reminder"] as const satisfies readonly NotificationKind[];

/** What the user chooses to hear about, in the words of the preferences page. */
export const notificationKindLabels: Record<NotificationKind, { title: string; who: string }> = {
  version_published: { title: "ウォッチ中の開示書の新しい版", who: "医療機関のメンバー" },
  access_requested: { title: "閲覧申請の受付", who: "事業者のオーナー" },
  access_decided: { title: "閲覧申請の承認・却下・取消", who: "申請した医療機関" },
  expiring_soon: { title: "認証・資料の有効期限が近い", who: "事業者のオーナー、ウォッチ中の医療機関" },
  freshness_reminder: { title: "開示書の更新（最終更新から11か月）", who: "事業者のオーナー" },
};

export const NOTIFICATION_LIMITS = { listed: 100 } as const;
