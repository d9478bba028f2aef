import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { FormMessage } from "~/components/form";
import { VerificationQueue } from "~/components/verification-queue";
import { getOrganization, listAllOrganizations, listVerificationQueue, setVerified } from "~/models/organization.server";
import { kindLabels, VERIFICATION_TEXT_MAX } from "~/models/organization";
import { db } from "~/utils/db.server";
import { formatDate, formatDateTime } from "~/utils/format";
import { mailConfigured } from "~/utils/mail.server";
import { audit } from "~/models/audit.server";
import { outboxState, retryFailedMail } from "~/models/notification.server";
import { parseForm } from "~/utils/forms";
import { actorOf, requestMeta, requireAdmin } from "~/utils/permissions.server";
import { readForm } from "~/utils/request-body.server";
import { CONTROL_MESSAGE, SINGLE_LINE_CONTROL_CHARACTERS } from "../../disclosures/answers";

export const meta: MetaFunction = () => [{ title: "管理 | Kaiji" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireAdmin(request, context);
  const [queue, organizations, outbox] = await Promise.all([listVerificationQueue(db), listAllOrganizations(db), outboxState(db)]);
  return json({ queue, organizations, outbox, mail: mailConfigured() });
}

const schema = z.object({
  organizationId: z.string().min(1, "組織が見つかりません"),
  intent: z.enum(["verify", "unverify"], { errorMap: () => ({ message: "操作を選んでください" }) }),
  checked: z
    .string()
    .trim()
    .max(VERIFICATION_TEXT_MAX, `確認した内容は${VERIFICATION_TEXT_MAX}文字以内で入力してください`)
    .refine((s) => !SINGLE_LINE_CONTROL_CHARACTERS.test(s), CONTROL_MESSAGE)
    .optional(),
});

type Reply = { error?: string; success?: string };

export async function action({ request, context }: ActionFunctionArgs) {
  const { user } = requireAdmin(request, context);
  const body = await readForm(request);
  if (body.get("intent") === "retry-mail") {
    const n = await retryFailedMail(db);
    await audit(db, { action: "mail.retried", actor: actorOf(user), meta: requestMeta(context), detail: { messages: n } });
    return json<Reply>({ success: `送信をあきらめたメール ${n} 件を、もう一度送ります` });
  }
  const form = parseForm(body, schema);
  if (!form.ok) return json<Reply>({ error: Object.values(form.errors)[0] }, { status: 400 });
  const organization = await getOrganization(db, form.data.organizationId);
  if (!organization) return json<Reply>({ error: "組織が見つかりません" }, { status: 400 });
  const verify = form.data.intent === "verify";
  // A hospital's verification opens restricted disclosures to its members: what was checked is recorded (DECISIONS 16).
  const checked = form.data.checked || null;
  if (verify && organization.kind === "hospital" && !checked) {
    return json<Reply>({ error: `「${organization.name}」を確認済にするには、確認した内容（医療機関コード・法人番号と照合した一覧など）を入力してください` }, { status: 400 });
  }
  await setVerified(db, actorOf(user), organization.id, verify, requestMeta(context), verify ? checked : null);
  return json<Reply>({ success: `「${organization.name}」を${verify ? "確認済にしました" : "未確認に戻しました"}` });
}

export default function Admin() {
  const { queue, organizations, outbox, mail } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      <h1>管理</h1>
      <p>
        <Link to="/admin/audit">監査ログ（全体）</Link>
        {"　"}
        <Link to="/admin/templates">様式の管理（スプレッドシートから取込）</Link>
      </p>
      <FormMessage error={result?.error} success={result?.success} />
      <VerificationQueue queue={queue} />
      <h2>メールの送信</h2>
      {mail ? (
        <>
          <p>
            送信待ち {outbox.waiting} 件{outbox.oldestWaitingAt !== null ? `（最も古いもの: ${formatDateTime(outbox.oldestWaitingAt)}）` : ""}、送信をあきらめたもの {outbox.failed} 件。
            {outbox.lastError ? `最後の失敗の理由: ${outbox.lastError}` : ""}
          </p>
          {outbox.failed ? (
            <Form method="post">
              <button type="submit" name="intent" value="retry-mail">
                あきらめたメールをもう一度送る
              </button>
            </Form>
          ) : null}
        </>
      ) : (
        <p className="muted">SMTP_URL が設定されていないため、お知らせはアプリ内だけに届きます。</p>
      )}
      <h2>すべての組織</h2>
      <p className="muted">確認済の組織には「確認済」バッジが付き、確認済の医療機関のメンバーは「医療機関のみ」の開示書を閲覧できます。</p>
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
                {o.verified_at ? (
                  <Form method="post" className="inline-form">
                    <input type="hidden" name="organizationId" value={o.id} />
                    <span className="badge badge-verified">確認済</span>
                    <button type="submit" name="intent" value="unverify" className="button-secondary">
                      取消
                    </button>
                  </Form>
                ) : (
                  <span className="muted">確認待ち</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
