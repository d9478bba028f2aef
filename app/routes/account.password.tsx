import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Field, FormMessage, NewPasswordFields } from "~/components/form";
import { getAccount, setPassword } from "~/models/account.server";
import { endOtherSessions, verifyPassword } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { parseForm, passwordField } from "~/utils/forms";
import { newPasswordErrors } from "~/utils/password-policy.server";
import { requestMeta, requireUser } from "~/utils/permissions.server";
import { readForm } from "~/utils/request-body.server";

export const meta: MetaFunction = () => [{ title: "パスワードの変更 | Kaiji" }];

const schema = z.object({ current: passwordField, password: passwordField, confirm: z.string() });

export function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = requireUser(request, context);
  return json({ twoFactorEnabled: user.twoFactorEnabled });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user, session } = requireUser(request, context);
  const form = parseForm(await readForm(request), schema);
  if (!form.ok) return json({ errors: form.errors, changed: false }, { status: 400 });
  const account = await getAccount(db, user.id);
  if (!(await verifyPassword(account.password_hash, form.data.current))) return json({ errors: { current: "現在のパスワードが正しくありません" } as Record<string, string>, changed: false }, { status: 400 });
  const passwordErrors = newPasswordErrors(form.data.password, form.data.confirm, { email: user.email, hasSecondFactor: Boolean(account.totp_secret) });
  if (passwordErrors) return json({ errors: passwordErrors, changed: false }, { status: 400 });
  await setPassword(db, user, form.data.password, requestMeta(context));
  // Anyone who knew the old password is signed out; this session stays.
  await endOtherSessions(user.id, session.id);
  return json({ errors: {} as Record<string, string>, changed: true });
}

export default function ChangePassword() {
  const { twoFactorEnabled } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors: Record<string, string | undefined> = result?.errors ?? {};
  return (
    <div className="narrow">
      <h1>パスワードの変更</h1>
      <Form method="post">
        <FormMessage success={result?.changed ? "パスワードを変更しました。他の端末はサインアウトされました" : undefined} />
        <Field label="現在のパスワード" name="current" type="password" autoComplete="current-password" error={errors.current} required maxLength={256} />
        <NewPasswordFields label="新しいパスワード" errors={errors} twoFactorEnabled={twoFactorEnabled} />
        <button type="submit">変更する</button>
      </Form>
    </div>
  );
}
