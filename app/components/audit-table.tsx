import type { AuditEntry } from "~/models/audit.server";
import { formatDateTime } from "~/utils/format";

export function AuditTable({ entries, showOrganization }: { entries: AuditEntry[]; showOrganization?: boolean }) {
  if (!entries.length) return <p className="muted">記録はありません。</p>;
  return (
    <table className="data-table audit-table">
      <thead>
        <tr>
          <th scope="col">日時</th>
          <th scope="col">操作</th>
          <th scope="col">実行者</th>
          {showOrganization ? <th scope="col">組織</th> : null}
          <th scope="col">対象・詳細</th>
          <th scope="col">IPアドレス／ブラウザ</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((e) => (
          <tr key={e.id}>
            <td>{formatDateTime(e.at)}</td>
            <td>{e.actionLabel}</td>
            <td>{e.actorEmail ?? "—"}</td>
            {showOrganization ? <td>{e.organizationName ?? "—"}</td> : null}
            <td>
              {e.target ?? ""} <span className="muted">{e.detail ?? ""}</span>
            </td>
            <td>
              {e.ip ?? ""}
              <br />
              <span className="muted">{e.userAgent?.slice(0, 60) ?? ""}</span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
