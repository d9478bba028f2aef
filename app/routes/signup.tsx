import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { Field, FormMessage, NewPasswordFields } from "~/components/form";
import { createUser, emailTaken } from "~/models/account.server";
import { startSession } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { emailField, nameField, parseForm, passwordField } from "~/utils/forms";
import { newPasswordErrors } from "~/utils/password-policy.server";
import { requestMeta, safeRedirectPath } from "~/utils/permissions.server";
import { readForm } from "~/utils/request-body.server";

export const meta: MetaFunction = () => [{ title: "アカウント作成 | Kaiji" }];

const schema = z.object({ email: emailField, displayName: nameField("表示名"), password: passwordField, confirm: z.string(), redirectTo: z.string().optional() });

export function loader({ context }: LoaderFunctionArgs) {
  if (context.auth?.session.twoFactorVerified) throw redirect("/orgs");
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = parseForm(await readForm(request), schema);
  if (!form.ok) return json({ errors: form.errors }, { status: 400 });
  const { email, displayName, password, confirm, redirectTo } = form.data;
  const passwordErrors = newPasswordErrors(password, confirm, { email, hasSecondFactor: false });
  if (passwordErrors) return json({ errors: passwordErrors }, { status: 400 });
  // Saying that an address is registered is unavoidable on sign-up; sign-in never says it.
  if (await emailTaken(db, email)) return json({ errors: { email: "このメールアドレスは登録済みです。サインインしてください" } as Record<string, string> }, { status: 400 });
  const meta = requestMeta(context);
  const userId = await createUser(db, { email, displayName, password }, meta);
  const cookie = await startSession(userId, { twoFactorVerified: true, ...meta, replacing: context.auth?.session.id });
  return redirect(safeRedirectPath(redirectTo), { headers: { "Set-Cookie": cookie } });
}

export default function SignUp() {
  const data = useActionData<typeof action>();
  const errors: Record<string, string | undefined> = data?.errors ?? {};
  const [params] = useSearchParams();
  return (
    <div className="narrow">
      <h1>アカウント作成</h1>
      <Form method="post" noValidate>
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? ""} />
        <FormMessage error={errors[""]} />
        <Field label="メールアドレス" name="email" type="email" autoComplete="email" error={errors.email} required maxLength={254} />
        <Field label="表示名" name="displayName" autoComplete="name" error={errors.displayName} required maxLength={100} hint="組織のメンバーと監査ログに表示されます" />
        <NewPasswordFields label="パスワード" errors={errors} twoFactorEnabled={false} />
        <button type="submit">アカウントを作成</button>
      </Form>
      <p>
        アカウントをお持ちの方は <Link to={`/login${params.get("redirectTo") ? `?redirectTo=${encodeURIComponent(params.get("redirectTo")!)}` : ""}`}>サインイン</Link>
      </p>
    </div>
  );
}
