// The hospital's side of an access request, the same for a 申請制 disclosure and a 申請制 document (DECISIONS 32):
// its hospitals' requests with their status, why a hospital cannot ask, and the form (message, the vendor's terms to
// accept). The form posts to the page's own action (app/models/access-actions.server.ts).
import { Form, Link } from "@remix-run/react";
import { FormMessage } from "~/components/form";
import { HospitalLimits } from "~/components/hospital-limits";
import { accessStatusLabel, isLiveApproval } from "~/models/access-request";
import type { AccessRequestStatus } from "../../db/schema";
import type { HospitalLimitReason } from "~/models/organization";
import { formatDate, formatDateTime } from "~/utils/format";

export type HospitalRequest = { id: string; hospital_name: string; status: AccessRequestStatus; created_at: number; expires_at: number | null };
type Hospital = { id: string; name: string; blocked: HospitalLimitReason | "role" | null };
type Terms = { version: number; text: string; created_at: number } | null;

/** Each request of the reader's hospitals: 申請中, 許可（…まで）with a link to read while it lasts, 許可（期限切れ）, 却下, 取消. */
export function AccessRequestStatuses({ requests, now, read }: { requests: HospitalRequest[]; now: number; read?: { to: string; label: string } }) {
  if (!requests.length) return null;
  return (
    <ul className="access-requests">
      {requests.map((r) => (
        <li key={r.id}>
          {`${r.hospital_name}: ${accessStatusLabel(r, now)}（${formatDateTime(r.created_at)}）${r.status === "approved" && r.expires_at ? ` ${formatDate(r.expires_at)}まで` : ""}`}
          {/* An approval past its end date reads nothing: no link, and a new request may be made. */}
          {read && isLiveApproval(r, now) ? (
            <>
              {" "}
              <Link to={read.to}>{read.label}</Link>
            </>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

export function AccessRequestPanel({ hospitals, requests, now, terms, result, read }: { hospitals: Hospital[]; requests: HospitalRequest[]; now: number; terms: Terms; result?: { error?: string; success?: string; message?: string }; read: { to: string; label: string } }) {
  const allowed = hospitals.filter((h) => !h.blocked);
  const limits = hospitals.flatMap((h) => (h.blocked && h.blocked !== "role" ? [{ id: h.id, name: h.name, reason: h.blocked }] : []));
  return (
    <>
      <FormMessage error={result?.error} success={result?.success} />
      <AccessRequestStatuses requests={requests} now={now} read={read} />
      <HospitalLimits limits={limits} />
      {hospitals
        .filter((h) => h.blocked === "role")
        .map((h) => (
          <p key={h.id} className="notice" role="note">
            {`「${h.name}」でのあなたの役割は閲覧者です。閲覧の申請は、組織の編集者またはオーナーが行えます。`}
          </p>
        ))}
      {allowed.length ? <RequestForm hospitals={allowed} terms={terms} message={result?.error ? result.message : undefined} /> : null}
    </>
  );
}

function RequestForm({ hospitals, terms, message }: { hospitals: { id: string; name: string }[]; terms: Terms; message?: string }) {
  return (
    // The key starts the form afresh when the terms change, so a tick given to older terms does not carry over.
    <Form method="post" key={terms?.version ?? 0}>
      <div className="field">
        <label htmlFor="hospitalId">申請する医療機関</label>
        <select id="hospitalId" name="hospitalId">
          {hospitals.map((h) => (
            <option key={h.id} value={h.id}>
              {h.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="message">メッセージ（任意）</label>
        <textarea id="message" name="message" rows={4} maxLength={1000} defaultValue={message} placeholder="例: 電子カルテ更新の比較検討のため、閲覧を希望します。" />
      </div>
      {terms ? (
        <section className="panel" aria-labelledby="terms-heading">
          <h2 id="terms-heading">閲覧の条件</h2>
          <p>{`事業者が定めた条件（第${terms.version}版、${formatDate(terms.created_at)}）です。申請するには同意が必要です。同意した版と日時は申請とともに記録され、事業者に表示されます。`}</p>
          <div className="preserve-lines">{terms.text}</div>
          <input type="hidden" name="termsVersion" value={terms.version} />
          <label className="block-label">
            <input type="checkbox" name="acceptTerms" value="1" required /> 上記の条件に同意します
          </label>
        </section>
      ) : null}
      <button type="submit">申請する</button>
    </Form>
  );
}
