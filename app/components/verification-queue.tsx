import { Form } from "@remix-run/react";
import { kindLabels, VERIFICATION_TEXT_MAX } from "~/models/organization";
import { formatDate } from "~/utils/format";
import type { OrganizationKind } from "../../db/schema";

type Waiting = { id: string; name: string; kind: OrganizationKind; created_at: number; verification_requested_at: number | null; verification_reference: string | null };

/** /admin: organisations waiting for verification, each with a field for what was checked. */
export function VerificationQueue({ queue }: { queue: Waiting[] }) {
  return (
    <section id="verification-queue" aria-labelledby="verification-queue-heading">
      <h2 id="verification-queue-heading">{`確認待ちの組織（${queue.length}件）`}</h2>
      <p className="muted">
        医療機関は、確認が済むまで一般公開の開示書しか閲覧できず、閲覧申請もできません。医療機関コードは地方厚生局の保険医療機関・保険薬局の一覧で、法人番号は国税庁法人番号公表サイトで名称と所在地を照合し、確認した内容を記録してください（監査ログに残ります）。
      </p>
      {queue.length ? (
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">組織名</th>
              <th scope="col">種別</th>
              <th scope="col">確認の依頼</th>
              <th scope="col">作成日</th>
              <th scope="col">確認した内容</th>
            </tr>
          </thead>
          <tbody>
            {queue.map((o) => (
              <tr key={o.id}>
                <td>{o.name}</td>
                <td>{kindLabels[o.kind]}</td>
                <td>{o.verification_requested_at ? `${formatDate(o.verification_requested_at)}: ${o.verification_reference ?? ""}` : "依頼なし"}</td>
                <td>{formatDate(o.created_at)}</td>
                <td>
                  <Form method="post" className="inline-form">
                    <input type="hidden" name="organizationId" value={o.id} />
                    <input
                      name="checked"
                      aria-label={`「${o.name}」で確認した内容`}
                      required={o.kind === "hospital"}
                      maxLength={VERIFICATION_TEXT_MAX}
                      placeholder={o.kind === "hospital" ? "例: 医療機関コード 1312345678（厚生局の一覧と照合）" : "例: 法人番号 1234567890123（任意）"}
                    />
                    <button type="submit" name="intent" value="verify">
                      確認済にする
                    </button>
                  </Form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>確認待ちの組織はありません。</p>
      )}
    </section>
  );
}
