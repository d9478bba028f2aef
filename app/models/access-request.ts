// Words and rules of access requests that the pages show, shared by the server and the browser (the .server module's
// exports are empty in the browser bundle).
import type { AccessRequestStatus } from "../../db/schema.js";

export const ACCESS_STATUS_LABELS: Record<AccessRequestStatus, string> = { pending: "申請中", approved: "許可", declined: "却下", revoked: "取消" };

/** An approval reads while it has no end or its end (the last millisecond of a Japanese day) is not past. */
export function isLiveApproval(request: { status: AccessRequestStatus; expires_at: number | null }, now: number): boolean {
  return request.status === "approved" && (request.expires_at === null || request.expires_at >= now);
}

/** 「許可（期限切れ）」 for an approval past its end, otherwise the status's word. */
export function accessStatusLabel(request: { status: AccessRequestStatus; expires_at: number | null }, now: number): string {
  return request.status === "approved" && !isLiveApproval(request, now) ? "許可（期限切れ）" : ACCESS_STATUS_LABELS[request.status];
}

/** What a request is about, in words: 「開示書」 or 「資料」. */
export const ACCESS_TARGET_NOUNS = { disclosure: "開示書", document: "資料" } as const;
export type AccessTargetKind = keyof typeof ACCESS_TARGET_NOUNS;
