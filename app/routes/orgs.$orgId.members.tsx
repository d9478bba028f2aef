import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import type { Role } from "../../db/schema";
import { FormMessage } from "~/components/form";
import { changeRole, createInvitation, listMembers, listPendingInvitations, MembershipRuleError, removeMember, revokeInvitation, setRequireTwoFactor } from "~/models/organization.server";
import { roleLabels } from "~/models/organization";
import { db } from "~/utils/db.server";
import { publicOrigin } from "~/utils/env.server";
import { formatDateTime } from "~/utils/format";
import { mailConfigured, sendMail } from "~/utils/mail.server";
import { emailField, parseForm } from "~/utils/forms";
import { actorOf, requestMeta, requireOrgRole, requireRoleAtLeast } from "~/utils/permissions.server";
import { readForm } from "~/utils/request-body.server";

export const meta: MetaFunction = () => [{ title: "メンバーと招待 | Kaiji" }];

const ROLES: Role[] = ["owner", "editor", "viewer"];
const roleField = z.enum(["owner", "editor", "viewer"], { errorMap: () => ({ message: "役割を選んでください" }) });

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { organization, role, user } = await requireOrgRole(request, context, params.orgId!, "viewer");
  const isOwner = role === "owner";
  return json({
    organization: { id: organization.id, name: organization.name, requireTwoFactor: Boolean(organization.require_two_factor) },
    me: user.id,
    isOwner,
    members: await listMembers(db, organization.id),
    // Pending invitations are the owners' business.
    invitations: isOwner ? await listPendingInvitations(db, organization.id) : [],
  });
}

type ActionData = { error?: string; success?: string; inviteLink?: string };

export async function action({ request, context, params }: ActionFunctionArgs) {
  // Leaving needs only membership; everything else here is for owners. Membership is checked before the body is read.
  const { organization, user, role } = await requireOrgRole(request, context, params.orgId!, "viewer");
  const form = await readForm(request);
  const intent = form.get("intent");
  requireRoleAtLeast(role, intent === "leave" ? "viewer" : "owner");
  const meta = requestMeta(context);
  const reply = (data: ActionData, status = 200) => json(data, { status });
  const actor = actorOf(user);
  try {
    switch (intent) {
      case "invite": {
        const parsed = parseForm(form, z.object({ role: roleField, email: z.union([z.literal(""), emailField]).optional() }));
        if (!parsed.ok) return reply({ error: Object.values(parsed.errors)[0] }, 400);
        const invitation = await createInvitation(db, actor, organization.id, { role: parsed.data.role, email: parsed.data.email || null }, meta);
        const origin = publicOrigin();
        const link = `${origin}/invitations/${invitation.token}`;
        const until = formatDateTime(invitation.expiresAt);
        let mailed = "";
        if (parsed.data.email && mailConfigured()) {
          const sent = await sendMail({
            to: parsed.data.email,
            subject: `【Kaiji】${organization.name} への招待`,
            text: `${user.displayName}さんから、Kaiji の組織「${organization.name}」に${roleLabels[parsed.data.role]}として招待されました。\n\n次のリンクから参加してください（${until}まで有効・1回限り）:\n${link}\n\n心当たりがない場合はこのメールを破棄してください。`,
          });
          mailed = sent ? `${parsed.data.email} にメールでも送信しました。` : "メールの送信に失敗しました。リンクをコピーして渡してください。";
        }
        return reply({ success: `招待リンクを作成しました（${until}まで有効・1回限り）。${mailed}このリンクは今だけ表示されます`, inviteLink: link });
      }
      case "revoke":
        return (await revokeInvitation(db, actor, organization.id, String(form.get("invitationId")), meta)) ? reply({ success: "招待を取り消しました" }) : reply({ error: "この招待は取り消せません" }, 400);
      case "changeRole": {
        const parsed = parseForm(form, z.object({ userId: z.string().min(1), role: roleField }));
        if (!parsed.ok) return reply({ error: Object.values(parsed.errors)[0] }, 400);
        await changeRole(db, actor, organization.id, parsed.data.userId, parsed.data.role, meta);
        return reply({ success: "役割を変更しました" });
      }
      case "remove":
        await removeMember(db, actor, organization.id, String(form.get("userId")), meta);
        return reply({ success: "メンバーを削除しました" });
      case "leave":
        await removeMember(db, actor, organization.id, user.id, meta);
        return redirect("/orgs");
      case "requireTwoFactor": {
        const required = form.get("required") === "on";
        if (required && !user.twoFactorEnabled) return reply({ error: "先にご自身の二要素認証を有効にしてください" }, 400);
        await setRequireTwoFactor(db, actor, organization.id, required, meta);
        return reply({ success: required ? "全メンバーに二要素認証を必須にしました" : "二要素認証の必須化を解除しました" });
      }
      default:
        return reply({ error: "不明な操作です" }, 400);
    }
  } catch (error) {
    if (error instanceof MembershipRuleError) return reply({ error: error.message }, 400);
    throw error;
  }
}

export default function Members() {
  const { organization, me, isOwner, members, invitations } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionData | undefined;
  return (
    <>
      <nav aria-label="パンくずリスト" className="breadcrumbs">
        <Link to="/orgs">組織</Link> › <Link to={`/orgs/${organization.id}`}>{organization.name}</Link> › メンバー
      </nav>
      <h1>メンバーと招待</h1>
      <FormMessage error={result?.error} success={result?.success} />
      {result?.inviteLink ? (
        <p>
          <label htmlFor="invite-link">招待リンク（コピーして招待する人に渡してください）</label>
          <input id="invite-link" className="copy-field" readOnly value={result.inviteLink} />
        </p>
      ) : null}
      <table className="data-table">
        <thead>
          <tr>
            <th scope="col">名前</th>
            <th scope="col">メールアドレス</th>
            <th scope="col">二要素認証</th>
            <th scope="col">役割</th>
            {isOwner ? <th scope="col">操作</th> : null}
          </tr>
        </thead>
        <tbody>
          {members.map((m) => (
            <tr key={m.id}>
              <td>
                {m.display_name}
                {m.id === me ? "（あなた）" : ""}
              </td>
              <td>{m.email}</td>
              <td>{m.twoFactorEnabled ? "有効" : "無効"}</td>
              <td>
                {isOwner ? (
                  <Form method="post" className="inline-form">
                    <input type="hidden" name="intent" value="changeRole" />
                    <input type="hidden" name="userId" value={m.id} />
                    <select name="role" defaultValue={m.role} aria-label={`${m.display_name}の役割`}>
                      {ROLES.map((r) => (
                        <option key={r} value={r}>
                          {roleLabels[r]}
                        </option>
                      ))}
                    </select>
                    <button type="submit" className="button-secondary">
                      変更
                    </button>
                  </Form>
                ) : (
                  roleLabels[m.role]
                )}
              </td>
              {isOwner ? (
                <td>
                  {m.id !== me ? (
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="intent" value="remove" />
                      <input type="hidden" name="userId" value={m.id} />
                      <button type="submit" className="button-danger">
                        削除
                      </button>
                    </Form>
                  ) : null}
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>

      {isOwner ? (
        <>
          <section className="panel narrow">
            <h2>メンバーを招待</h2>
            <Form method="post">
              <input type="hidden" name="intent" value="invite" />
              <div className="field">
                <label htmlFor="invite-role">役割</label>
                <select id="invite-role" name="role" defaultValue="editor">
                  {ROLES.map((r) => (
                    <option key={r} value={r}>
                      {roleLabels[r]}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor="invite-email">メールアドレス（任意・記録用）</label>
                <input id="invite-email" name="email" type="email" maxLength={254} />
              </div>
              <button type="submit">招待リンクを作成</button>
            </Form>
          </section>
          {invitations.length ? (
            <section className="panel">
              <h2>有効な招待</h2>
              <ul>
                {invitations.map((i) => (
                  <li key={i.id}>
                    {roleLabels[i.role]} {i.email ?? ""}（{formatDateTime(i.expires_at)}まで）
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="intent" value="revoke" />
                      <input type="hidden" name="invitationId" value={i.id} />
                      <button type="submit" className="button-secondary">
                        取り消す
                      </button>
                    </Form>
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          <section className="panel narrow">
            <h2>二要素認証</h2>
            <Form method="post">
              <input type="hidden" name="intent" value="requireTwoFactor" />
              <label>
                <input type="checkbox" name="required" defaultChecked={organization.requireTwoFactor} /> 全メンバーに二要素認証を必須にする
              </label>
              <p>
                <button type="submit">保存</button>
              </p>
            </Form>
          </section>
        </>
      ) : null}
      <section className="panel narrow">
        <h2>組織から退出</h2>
        <Form method="post">
          <input type="hidden" name="intent" value="leave" />
          <button type="submit" className="button-danger">
            この組織から退出する
          </button>
        </Form>
      </section>
    </>
  );
}
