// A 申請制 disclosure (or document) the reader may not read, in a list (the directory, a vendor's page): marked in
// words, with the way to ask for it and the reader's own request. Never anything from its content.
import { Link } from "@remix-run/react";
import { STALE_LABEL } from "~/models/directory";

export type LockedRequest = { status: "pending" | "approved" | "expired" | "declined" | "revoked"; hospitalName: string; date: string };
export type RequestRoute = "login" | "hospital" | "none";

const statusLabels: Record<LockedRequest["status"], string> = { pending: "申請中", approved: "許可済", expired: "許可（期限切れ）", declined: "却下", revoked: "取消" };

export function LockedBadge() {
  return <span className="badge badge-locked">申請制</span>;
}

export function StaleFlag() {
  return <span className="badge badge-stale">{STALE_LABEL}</span>;
}

/** For a 申請制 disclosure (`disclosureId`) or a 申請制 document (`documentId`): each has its request page. */
export function LockedRequestLine(props: ({ disclosureId: string } | { documentId: string }) & { route: RequestRoute; request: LockedRequest | null }) {
  const { route, request } = props;
  const requestPath = "documentId" in props ? `/documents/${encodeURIComponent(props.documentId)}/request` : `/disclosures/${encodeURIComponent(props.disclosureId)}/request`;
  const asked = request && (request.status === "pending" || request.status === "approved");
  return (
    <p className="locked-request">
      <span>内容は、事業者が承認した医療機関のみ閲覧できます。</span>
      {request ? <span className="locked-request-status">{`あなたの申請: ${statusLabels[request.status]}（${request.hospitalName}・${request.date}）`}</span> : null}
      {route === "login" ? (
        <Link to={`/login?redirectTo=${encodeURIComponent(requestPath)}`}>ログインして申請</Link>
      ) : route === "hospital" ? (
        <Link to={requestPath}>{asked ? "申請の状況を見る" : "閲覧を申請"}</Link>
      ) : (
        <span className="muted">閲覧の申請は医療機関の組織から行えます。</span>
      )}
    </p>
  );
}
