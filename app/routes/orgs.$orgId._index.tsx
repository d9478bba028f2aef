import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { listMembers } from "~/models/organization.server";
import { kindLabels, roleLabels } from "~/models/organization";
import { db } from "~/utils/db.server";
import { formatDate } from "~/utils/format";
import { requireOrgRole } from "~/utils/permissions.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.organization.name ?? "組織"} | Kaiji` }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { organization, role } = await requireOrgRole(request, context, params.orgId!, "viewer");
  const members = await listMembers(db, organization.id);
  return json({ organization, role, memberCount: members.length });
}

export default function OrganizationOverview() {
  const { organization, role, memberCount } = useLoaderData<typeof loader>();
  return (
    <>
      <nav aria-label="パンくずリスト" className="breadcrumbs">
        <Link to="/orgs">組織</Link> › {organization.name}
      </nav>
      <h1>
        {organization.name} {organization.verified_at ? <span className="badge badge-verified">確認済</span> : null}
      </h1>
      <dl className="facts">
        <div>
          <dt>種別</dt>
          <dd>{kindLabels[organization.kind]}</dd>
        </div>
        <div>
          <dt>あなたの役割</dt>
          <dd>{roleLabels[role]}</dd>
        </div>
        <div>
          <dt>メンバー</dt>
          <dd>{memberCount}人</dd>
        </div>
        <div>
          <dt>作成日</dt>
          <dd>{formatDate(organization.created_at)}</dd>
        </div>
        <div>
          <dt>二要素認証</dt>
          <dd>{organization.require_two_factor ? "全メンバーに必須" : "任意"}</dd>
        </div>
      </dl>
      <ul>
        {organization.kind === "vendor" ? (
          <>
            <li>
              <Link to={`/orgs/${organization.id}/disclosures`}>開示書</Link>
            </li>
            <li>
              <Link to={`/orgs/${organization.id}/services`}>サービス・製品</Link>
            </li>
            <li>
              <Link to={`/orgs/${organization.id}/profile`}>組織プロフィール（認証・データの保管場所）</Link>
            </li>
          </>
        ) : (
          <>
            <li>
              <Link to={`/orgs/${organization.id}/shortlists`}>候補リスト</Link>
            </li>
            <li>
              <Link to={`/orgs/${organization.id}/criteria`}>評価基準</Link>
            </li>
          </>
        )}
        <li>
          <Link to={`/orgs/${organization.id}/members`}>メンバーと招待</Link>
        </li>
        {role === "owner" ? (
          <li>
            <Link to={`/orgs/${organization.id}/audit`}>監査ログ</Link>
          </li>
        ) : null}
      </ul>
    </>
  );
}
