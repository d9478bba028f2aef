import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { FormMessage } from "~/components/form";
import { getOrganization, listAllOrganizations, setVerified } from "~/models/organization.server";
import { kindLabels } from "~/models/organization";
import { db } from "~/utils/db.server";
import { formatDate } from "~/utils/format";
import { actorOf, requestMeta, requireAdmin } from "~/utils/permissions.server";

export const meta: MetaFunction = () => [{ title: "管理 | Kaiji" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireAdmin(request, context);
  return json({ organizations: await listAllOrganizations(db) });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user } = requireAdmin(request, context);
  const form = await request.formData();
  const organization = await getOrganization(db, String(form.get("organizationId") ?? ""));
  if (!organization) return json<{ error?: string; success?: string }>({ error: "組織が見つかりません" }, { status: 400 });
  const verified = form.get("intent") === "verify";
  await setVerified(db, actorOf(user), organization.id, verified, requestMeta(context));
  return json<{ error?: string; success?: string }>({ success: `「${organization.name}」を${verified ? "確認済にしました" : "未確認に戻しました"}` });
}

export default function Admin() {
  const { organizations } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      <h1>管理</h1>
      <p>
        <Link to="/admin/audit">監査ログ（全体）</Link>
      </p>
      <FormMessage error={result?.error} success={result?.success} />
      <h2>組織の確認</h2>
      <p className="muted">実在と連絡先を確認した組織に「確認済」バッジを付けます。</p>
      <table className="data-table">
        <thead>
          <tr>
            <th scope="col">組織名</th>
            <th scope="col">種別</th>
            <th scope="col" className="num">メンバー</th>
            <th scope="col">作成日</th>
            <th scope="col">確認</th>
          </tr>
        </thead>
        <tbody>
          {organizations.map((o) => (
            <tr key={o.id}>
              <td>{o.name}</td>
              <td>{kindLabels[o.kind]}</td>
              <td className="num">{o.members}</td>
              <td>{formatDate(o.created_at)}</td>
              <td>
                <Form method="post" className="inline-form">
                  <input type="hidden" name="organizationId" value={o.id} />
                  {o.verified_at ? (
                    <>
                      <span className="badge badge-verified">確認済</span>
                      <button type="submit" name="intent" value="unverify" className="button-secondary">
                        取消
                      </button>
                    </>
                  ) : (
                    <button type="submit" name="intent" value="verify">
                      確認済にする
                    </button>
                  )}
                </Form>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
