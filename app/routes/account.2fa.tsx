import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Field, FormMessage } from "~/components/form";
import {
  beginTotpEnrolment,
  confirmTotpEnrolment,
  disableTotp,
  getAccount,
  regenerateRecoveryCodes,
  unusedRecoveryCodeCount,
  verifyCurrentTotp,
} from "~/models/account.server";
import { verifyPassword } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { checkPassword } from "~/utils/password-policy.server";
import { requestMeta, requireUser } from "~/utils/permissions.server";
import { formatManualKey, totpQrSvgDataUrl, totpUri } from "~/utils/totp.server";
import { readForm } from "~/utils/request-body.server";

export const meta: MetaFunction = () => [{ title: "二要素認証 | Kaiji" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = requireUser(request, context);
  const account = await getAccount(db, user.id);
  const pending = !account.totp_secret && account.totp_pending_secret;
  return json({
    enabled: Boolean(account.totp_secret),
    requiredBy: new URL(request.url).searchParams.get("required")?.slice(0, 100) ?? null,
    remainingCodes: account.totp_secret ? await unusedRecoveryCodeCount(db, user.id) : 0,
    enrolment: pending ? { qr: await totpQrSvgDataUrl(totpUri(pending, user.email)), manualKey: formatManualKey(pending) } : null,
  });
}

type ActionData = { error?: string; success?: string; recoveryCodes?: string[] };

export async function action({ request, context }: ActionFunctionArgs) {
  const { user } = requireUser(request, context);
  const form = await readForm(request);
  const code = String(form.get("code") ?? "").slice(0, 64);
  const meta = requestMeta(context);
  const reply = (data: ActionData, status = 200) => json(data, { status });
  switch (form.get("intent")) {
    case "start":
      if (user.twoFactorEnabled) return reply({ error: "二要素認証はすでに有効です" }, 400);
      await beginTotpEnrolment(db, user.id);
      return reply({});
    case "confirm": {
      const codes = await confirmTotpEnrolment(db, user, code, meta);
      if (!codes) return reply({ error: "確認コードが正しくありません。アプリに表示されている最新のコードを入力してください" }, 400);
      return reply({ success: "二要素認証を有効にしました", recoveryCodes: codes });
    }
    case "regenerate": {
      if (!(await verifyCurrentTotp(db, user.id, code))) return reply({ error: "確認コードが正しくありません" }, 400);
      return reply({ success: "リカバリーコードを再発行しました。以前のコードは使えません", recoveryCodes: await regenerateRecoveryCodes(db, user, meta) });
    }
    case "disable": {
      const password = String(form.get("password") ?? "").slice(0, 256);
      const account = await getAccount(db, user.id);
      if (!(await verifyPassword(account.password_hash, password)) || !(await verifyCurrentTotp(db, user.id, code))) {
        return reply({ error: "パスワードまたは確認コードが正しくありません" }, 400);
      }
      // An 8-character password is only allowed with a second factor: it must be replaced first.
      if (checkPassword(password, { email: user.email, hasSecondFactor: false }).length) {
        return reply({ error: "現在のパスワードは二要素認証なしの基準（13文字以上）を満たしていません。先にパスワードを変更してください" }, 400);
      }
      await disableTotp(db, user, meta);
      return reply({ success: "二要素認証を無効にしました" });
    }
    default:
      return reply({ error: "不明な操作です" }, 400);
  }
}

export default function TwoFactor() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionData | undefined;
  return (
    <div className="narrow">
      <h1>二要素認証</h1>
      {data.requiredBy ? <p className="form-error">組織「{data.requiredBy}」では二要素認証が必須です。有効にしてから組織のページを開いてください。</p> : null}
      <FormMessage error={result?.error} success={result?.success} />
      {result?.recoveryCodes ? (
        <section className="panel">
          <h2>リカバリーコード</h2>
          <p>認証アプリを使えなくなったときにサインインするためのコードです。この画面でしか表示されません。安全な場所に保管してください（各コードは1回だけ使えます）。</p>
          <ul className="codes">
            {result.recoveryCodes.map((c) => (
              <li key={c}>{c}</li>
            ))}
          </ul>
        </section>
      ) : null}
      {data.enabled ? (
        <>
          <p>二要素認証は有効です。未使用のリカバリーコード: {data.remainingCodes}個</p>
          <section className="panel">
            <h2>リカバリーコードの再発行</h2>
            <Form method="post">
              <input type="hidden" name="intent" value="regenerate" />
              <Field label="確認コード（6桁）" name="code" autoComplete="one-time-code" inputMode="numeric" required maxLength={64} />
              <button type="submit">再発行する</button>
            </Form>
          </section>
          <section className="panel">
            <h2>二要素認証の無効化</h2>
            <Form method="post">
              <input type="hidden" name="intent" value="disable" />
              <Field label="パスワード" name="password" type="password" autoComplete="current-password" required maxLength={256} />
              <Field label="確認コード（6桁）" name="code" autoComplete="one-time-code" inputMode="numeric" required maxLength={64} />
              <button type="submit" className="button-danger">
                無効にする
              </button>
            </Form>
          </section>
        </>
      ) : data.enrolment ? (
        <section className="panel">
          <h2>認証アプリに登録</h2>
          <p>認証アプリ（Google Authenticator、Microsoft Authenticator など）で QR コードを読み取るか、キーを手入力してください。</p>
          <img className="qr" src={data.enrolment.qr} alt="二要素認証の登録用 QR コード" width={200} height={200} />
          <p>
            キー: <span className="secret">{data.enrolment.manualKey}</span>
          </p>
          <Form method="post">
            <input type="hidden" name="intent" value="confirm" />
            <Field label="アプリに表示された6桁のコード" name="code" autoComplete="one-time-code" inputMode="numeric" required maxLength={64} />
            <button type="submit">有効にする</button>
          </Form>
        </section>
      ) : (
        <section className="panel">
          <p>サインイン時に、パスワードに加えて認証アプリのコードを求めます。有効にするとパスワードは8文字以上で使えます。</p>
          <Form method="post">
            <input type="hidden" name="intent" value="start" />
            <button type="submit">二要素認証を設定する</button>
          </Form>
        </section>
      )}
    </div>
  );
}
