import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { VerificationPanel } from "~/components/verification-panel";
import { listMembers, requestVerification } from "~/models/organization.server";
import { kindLabels, roleLabels, VERIFICATION_TEXT_MAX } from "~/models/organization";
import { db } from "~/utils/db.server";
import { formatDate } from "~/utils/format";
import { nameField, parseForm } from "~/utils/forms";
import { actorOf, requestMeta, requireOrgRole } from "~/utils/permissions.server";
import { readForm } from "~/utils/request-body.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.organization.name ?? "組織"} | Kaiji` }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { organization, role } = await requireOrgRole(request, context, params.orgId!, "viewer");
  const members = await listMembers(db, organization.id);
  return json({
    organization,
    role,
    memberCount: members.length,
    verification: organization.verified_at
      ? null
      : {
          id: organization.id,
          name: organization.name,
          kind: organization.kind,
          verificationRequestedDate: organization.verification_requested_at ? formatDate(organization.verification_requested_at) : null,
          verificationReference: organization.verification_reference,
        },
  });
}

const verificationSchema = z.object({
  intent: z.literal("request-verification", { errorMap: () => ({ message: "操作を選んでください" }) }),
  reference: nameField("確認に使う情報", VERIFICATION_TEXT_MAX),
});

/** An owner asks the administrators to verify the organisation (see VerificationPanel). */
export async function action({ request, context, params }: ActionFunctionArgs) {
  const { organization, user } = await requireOrgRole(request, context, params.orgId!, "owner");
  const form = parseForm(await readForm(request), verificationSchema);
  if (!form.ok) return json({ errors: form.errors, error: form.errors.intent ?? form.errors[""] }, { status: 400 });
  if (organization.verified_at) return json({ error: "この組織は確認済みです" }, { status: 400 });
  await requestVerification(db, actorOf(user), organization.id, form.data.reference, requestMeta(context));
  return json({ success: "確認を依頼しました。運営者が確認するまでお待ちください" });
}

export default function OrganizationOverview() {
  const { organization, role, memberCount, verification } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as { error?: string; success?: string; errors?: Record<string, string> } | undefined;
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
      {verification ? <VerificationPanel organization={verification} isOwner={role === "owner"} result={result} /> : null}
      <ul>
        {organization.kind === "vendor" ? (
          <>
            <li>
              <Link to={`/orgs/${organization.id}/disclosures`}>開示書</Link>
            </li>
            <li>
              <Link to={`/orgs/${organization.id}/documents`}>資料（仕様書・SLA・証明書など）</Link>
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
              <Link to={`/orgs/${organization.id}/watch`}>ウォッチリスト（固定した版と更新）</Link>
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
