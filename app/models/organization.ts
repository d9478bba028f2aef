// Names shared by the server and the browser bundle (a .server module is empty in the browser).
import type { OrganizationKind, Role } from "../../db/schema";

export const roleRank: Record<Role, number> = { viewer: 1, editor: 2, owner: 3 };
export const roleLabels: Record<Role, string> = { owner: "オーナー", editor: "編集者", viewer: "閲覧者" };
export const kindLabels: Record<OrganizationKind, string> = { vendor: "事業者", hospital: "医療機関" };

/** The longest "what to check" (owner) and "what was checked" (administrator) text of a verification. */
export const VERIFICATION_TEXT_MAX = 200;

/** Why a member's hospital does not read 医療機関のみ / 申請制 disclosures (yet): see hospitalLimit in organization.server.ts. */
export type HospitalLimitReason = "unverified" | "twoFactor";
export type HospitalLimit = { id: string; name: string; reason: HospitalLimitReason };

/** What a member is told, and where to go about it. */
export function hospitalLimitNotice(limit: HospitalLimit): { text: string; link: { to: string; label: string } } {
  if (limit.reason === "unverified") {
    return {
      text: `「${limit.name}」は、まだ運営者による医療機関の確認を受けていません。確認が済むまでは一般公開の開示書だけを閲覧でき、「医療機関のみ」の開示書の閲覧や「申請制」の開示書への閲覧申請はできません。`,
      link: { to: `/orgs/${limit.id}`, label: "組織のページで確認を依頼する（医療機関コードまたは法人番号）" },
    };
  }
  return {
    text: `「${limit.name}」はメンバー全員に二要素認証を必須にしています。二要素認証を設定するまで、この組織として「医療機関のみ」の開示書を閲覧したり、候補リストや閲覧申請を使ったりすることはできません。`,
    link: { to: "/account/2fa", label: "二要素認証を設定する" },
  };
}
