// The vendor's list of access requests for one 申請制 disclosure or document (DECISIONS 31, 32): who asked, their
// message, the terms version they accepted with its text, the status, and — for owners — 許可 (with an optional last
// day) / 却下 / 許可を取り消す, posted to the page's own action (app/models/access-actions.server.ts).
import { Form } from "@remix-run/react";
import { ACCESS_STATUS_LABELS } from "~/models/access-request";
import type { AccessRequestStatus } from "../../db/schema";
import { formatDate, formatDateTime } from "~/utils/format";

export type VendorRequest = {
  id: string;
  hospital_name: string;
  requested_by_name: string;
  message: string | null;
  status: AccessRequestStatus;
  created_at: number;
  expires_at: number | null;
  terms_version: number | null;
  terms_accepted_at: number | null;
  terms_text: string | null;
};

export function AccessRequestTable({ requests, canDecide }: { requests: VendorRequest[]; canDecide: boolean }) {
  if (!requests.length) return null;
  return (
    <section className="panel" aria-labelledby="access-requests-heading">
      <h2 id="access-requests-heading">閲覧申請</h2>
      <table className="data-table">
        <thead>
          <tr>
            <th scope="col">医療機関</th>
            <th scope="col">申請者・メッセージ</th>
            <th scope="col">閲覧の条件</th>
            <th scope="col">状態</th>
            <th scope="col">操作</th>
          </tr>
        </thead>
        <tbody>
          {requests.map((r) => (
            <tr key={r.id}>
              <td>{r.hospital_name}</td>
              <td>
                {r.requested_by_name}（{formatDateTime(r.created_at)}）
                <br />
                <span className="preserve-lines">{r.message}</span>
              </td>
              <td>
                {r.terms_version ? (
                  <details>
                    <summary>{`第${r.terms_version}版に同意（${formatDateTime(r.terms_accepted_at!)}）`}</summary>
                    <div className="preserve-lines">{r.terms_text}</div>
                  </details>
                ) : (
                  "条件なし"
                )}
              </td>
              <td>
                {ACCESS_STATUS_LABELS[r.status]}
                {r.status === "approved" && r.expires_at ? `（${formatDate(r.expires_at)}まで）` : ""}
              </td>
              <td>
                {canDecide && r.status === "pending" ? (
                  <Form method="post" className="inline-form">
                    <input type="hidden" name="requestId" value={r.id} />
                    <label>
                      期限 <input type="date" name="expiresOn" />
                    </label>
                    <button type="submit" name="intent" value="approve">
                      許可
                    </button>
                    <button type="submit" name="intent" value="decline" className="button-secondary">
                      却下
                    </button>
                  </Form>
                ) : null}
                {canDecide && r.status === "approved" ? (
                  <Form method="post" className="inline-form">
                    <input type="hidden" name="requestId" value={r.id} />
                    <button type="submit" name="intent" value="revoke" className="button-secondary">
                      許可を取り消す
                    </button>
                  </Form>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
