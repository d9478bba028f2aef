import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { AuditTable } from "~/components/audit-table";
import { listAudit } from "~/models/audit.server";
import { db } from "~/utils/db.server";
import { requireOrgRole } from "~/utils/permissions.server";

export const meta: MetaFunction = () => [{ title: "監査ログ | Kaiji" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { organization } = await requireOrgRole(request, context, params.orgId!, "owner");
  const before = Number(new URL(request.url).searchParams.get("before")) || undefined;
  const entries = await listAudit(db, { organizationId: organization.id, before });
  return json({ organization: { id: organization.id, name: organization.name }, entries });
}

export default function OrganizationAudit() {
  const { organization, entries } = useLoaderData<typeof loader>();
  return (
    <>
      <nav aria-label="パンくずリスト" className="breadcrumbs">
        <Link to="/orgs">組織</Link> › <Link to={`/orgs/${organization.id}`}>{organization.name}</Link> › 監査ログ
      </nav>
      <h1>監査ログ</h1>
      <p className="muted">この組織のメンバー・招待・設定の変更履歴です（新しい順）。記録は変更・削除できません。</p>
      <AuditTable entries={entries} />
      {entries.length === 200 ? <Link to={`?before=${entries.at(-1)!.id}`}>さらに古い記録</Link> : null}
    </>
  );
}
