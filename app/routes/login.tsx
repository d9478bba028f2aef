import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { Field, FormMessage } from "~/components/form";
import { attemptSignIn, AUTH_FAILED } from "~/models/account.server";
import { startSession } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { parseForm } from "~/utils/forms";
import { requestMeta, safeRedirectPath } from "~/utils/permissions.server";
import { readForm } from "~/utils/request-body.server";

export const meta: MetaFunction = () => [{ title: "サインイン | Kaiji" }];

const schema = z.object({ email: z.string().max(254), password: z.string().max(256), redirectTo: z.string().optional() });

export function loader({ context }: LoaderFunctionArgs) {
  if (context.auth?.session.twoFactorVerified) throw redirect("/orgs");
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = parseForm(await readForm(request), schema);
  // Malformed or over-long input gets the same answer as a wrong password.
  if (!form.ok || !form.data.email || !form.data.password) return json({ error: AUTH_FAILED }, { status: 400 });
  const meta = requestMeta(context);
  const result = await attemptSignIn(db, form.data, meta);
  if (!result.ok) return json({ error: AUTH_FAILED }, { status: 401 });
  const redirectTo = safeRedirectPath(form.data.redirectTo);
  // A new session id at every step (no fixation); a half session until the second factor is given.
  const cookie = await startSession(result.userId, { twoFactorVerified: !result.needsSecondFactor, ...meta, replacing: context.auth?.session.id });
  const next = result.needsSecondFactor ? `/login/2fa?redirectTo=${encodeURIComponent(redirectTo)}` : redirectTo;
  return redirect(next, { headers: { "Set-Cookie": cookie } });
}

export default function SignIn() {
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  return (
    <div className="narrow">
      <h1>サインイン</h1>
      <Form method="post">
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? ""} />
        <FormMessage error={data?.error} />
        <Field label="メールアドレス" name="email" type="email" autoComplete="username" required maxLength={254} />
        <Field label="パスワード" name="password" type="password" autoComplete="current-password" required maxLength={256} />
        <button type="submit">サインイン</button>
      </Form>
      <p>
        はじめての方は <Link to="/signup">アカウント作成</Link>
      </p>
    </div>
  );
}
