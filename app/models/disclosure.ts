// Names shared by the server and the browser bundle.
import type { Visibility } from "../../db/schema";

export const visibilityLabels: Record<Visibility, string> = { public: "一般公開", hospitals: "医療機関のみ（サインイン必須）", request: "申請制（承認した医療機関のみ）" };

export function statusLabel(d: { latest_version: number; withdrawn_at: number | null }): string {
  if (d.withdrawn_at) return `取り下げ済（第${d.latest_version}版まで公開）`;
  return d.latest_version ? `公開中 第${d.latest_version}版` : "下書き（未公開）";
}
