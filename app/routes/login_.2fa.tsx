import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useSearchParams } from "@remix-run/react";
import { Field, FormMessage } from "~/components/form";
import { attemptSecondFactor, AUTH_FAILED } from "~/models/account.server";
import { startSession } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { requestMeta, safeRedirectPath } from "~/utils/permissions.server";
import { readForm } from "~/utils/request-body.server";

export const meta: MetaFunction = () => [{ title: "二要素認証 | Kaiji" }];

function pendingSession(context: LoaderFunctionArgs["context"]) {
  const auth = context.auth;
  if (!auth) throw redirect("/login");
  if (auth.session.twoFactorVerified) throw redirect("/orgs");
  return auth;
}

export function loader({ context }: LoaderFunctionArgs) {
  pendingSession(context);
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const auth = pendingSession(context);
  const form = await readForm(request);
  const code = String(form.get("code") ?? "").slice(0, 64);
  const meta = requestMeta(context);
  if (!code || !(await attemptSecondFactor(db, auth.user.id, code, meta))) return json({ error: AUTH_FAILED }, { status: 401 });
  const cookie = await startSession(auth.user.id, { twoFactorVerified: true, ...meta, replacing: auth.session.id });
  return redirect(safeRedirectPath(form.get("redirectTo")), { headers: { "Set-Cookie": cookie } });
}

export default function SecondFactor() {
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  return (
    <div className="narrow">
      <h1>二要素認証</h1>
      <p>認証アプリに表示されている6桁のコードを入力してください。アプリを使えない場合はリカバリーコードを入力できます。</p>
      <Form method="post">
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? ""} />
        <FormMessage error={data?.error} />
        <Field label="確認コード" name="code" autoComplete="one-time-code" inputMode="numeric" required maxLength={64} />
        <button type="submit">確認</button>
      </Form>
      <Form method="post" action="/logout">
        <button type="submit" className="button-secondary">
          中止してサインアウト
        </button>
      </Form>
    </div>
  );
}
