import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Field, FormMessage } from "~/components/form";
import { getAccount, updateDisplayName } from "~/models/account.server";
import { audit } from "~/models/audit.server";
import { endOtherSessions, endSession, listSessions } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { formatDateTime } from "~/utils/format";
import { nameField, parseForm } from "~/utils/forms";
import { actorOf, requestMeta, requireUser } from "~/utils/permissions.server";
import { readForm } from "~/utils/request-body.server";

export const meta: MetaFunction = () => [{ title: "アカウント | Kaiji" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user, session } = requireUser(request, context);
  const account = await getAccount(db, user.id);
  const sessions = (await listSessions(user.id)).map((s) => ({ id: s.id === session.id ? "current" : "other", createdAt: s.created_at, ip: s.ip, userAgent: s.user_agent }));
  return json({ email: account.email, displayName: account.display_name, twoFactorEnabled: Boolean(account.totp_secret), passwordChangedAt: account.password_changed_at, sessions });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user, session } = requireUser(request, context);
  const form = await readForm(request);
  const meta = requestMeta(context);
  if (form.get("intent") === "signOutEverywhere") {
    // Ends every session, this one included: "everywhere" means everywhere.
    await endOtherSessions(user.id, session.id);
    const cookie = await endSession(session.id);
    await audit(db, { action: "auth.sign_out_everywhere", actor: actorOf(user), meta });
    return redirect("/login", { headers: { "Set-Cookie": cookie } });
  }
  const parsed = parseForm(form, z.object({ displayName: nameField("表示名") }));
  if (!parsed.ok) return json({ errors: parsed.errors, saved: false }, { status: 400 });
  await updateDisplayName(db, user.id, user.email, parsed.data.displayName, meta);
  return json({ errors: {} as Record<string, string>, saved: true });
}

export default function Account() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="narrow">
      <h1>アカウント</h1>
      <section className="panel">
        <h2>プロフィール</h2>
        <p>メールアドレス: {data.email}</p>
        <Form method="post">
          <FormMessage success={result?.saved ? "保存しました" : undefined} />
          <Field label="表示名" name="displayName" defaultValue={data.displayName} error={result?.errors?.displayName} required maxLength={100} />
          <button type="submit">保存</button>
        </Form>
      </section>
      <section className="panel">
        <h2>セキュリティ</h2>
        <ul>
          <li>
            <Link to="/account/password">パスワードの変更</Link>（最終変更: {formatDateTime(data.passwordChangedAt)}）
          </li>
          <li>
            <Link to="/account/2fa">二要素認証</Link>: {data.twoFactorEnabled ? "有効" : "無効"}
          </li>
        </ul>
      </section>
      <section className="panel">
        <h2>サインイン中の端末（{data.sessions.length}）</h2>
        <ul>
          {data.sessions.map((s, i) => (
            <li key={i}>
              {formatDateTime(s.createdAt)} {s.ip ?? ""} <span className="muted">{s.userAgent?.slice(0, 80)}</span>
              {s.id === "current" ? "（この端末）" : ""}
            </li>
          ))}
        </ul>
        <Form method="post">
          <input type="hidden" name="intent" value="signOutEverywhere" />
          <button type="submit" className="button-danger">
            すべての端末からサインアウト
          </button>
        </Form>
      </section>
    </div>
  );
}
