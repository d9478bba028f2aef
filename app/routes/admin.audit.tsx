import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { AuditTable } from "~/components/audit-table";
import { listAudit } from "~/models/audit.server";
import { db } from "~/utils/db.server";
import { requireAdmin } from "~/utils/permissions.server";

export const meta: MetaFunction = () => [{ title: "監査ログ（全体） | Kaiji" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireAdmin(request, context);
  const before = Number(new URL(request.url).searchParams.get("before")) || undefined;
  return json({ entries: await listAudit(db, { before }) });
}

export default function AdminAudit() {
  const { entries } = useLoaderData<typeof loader>();
  return (
    <>
      <nav aria-label="パンくずリスト" className="breadcrumbs">
        <Link to="/admin">管理</Link> › 監査ログ
      </nav>
      <h1>監査ログ（全体）</h1>
      <p className="muted">サインイン、ロック、二要素認証、メンバーと役割の変更などの記録です（新しい順）。記録は変更・削除できません。</p>
      <AuditTable entries={entries} showOrganization />
      {entries.length === 200 ? <Link to={`?before=${entries.at(-1)!.id}`}>さらに古い記録</Link> : null}
    </>
  );
}
