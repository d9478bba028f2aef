// The user's notifications (issue 15, item 5): the in-app list, newest first, and which events reach them by
// e-mail and in the app. Opening one marks it read and goes to what it is about.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import type { NotificationKind } from "../../db/schema";
import { FormMessage } from "~/components/form";
import { notificationKindLabels, notificationKinds } from "~/models/notification";
import { listNotifications, markAllRead, openNotification, setUserPreferences, userPreferences, type Preference } from "~/models/notification.server";
import { db } from "~/utils/db.server";
import { formatDateTime } from "~/utils/format";
import { mailConfigured } from "~/utils/mail.server";
import { requireUser } from "~/utils/permissions.server";
import { readForm } from "~/utils/request-body.server";

export const meta: MetaFunction = () => [{ title: "お知らせ | Kaiji" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = requireUser(request, context);
  const [notifications, preferences] = await Promise.all([listNotifications(db, user.id), userPreferences(db, user.id)]);
  return json({ notifications, preferences, mail: mailConfigured() });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user } = requireUser(request, context);
  const form = await readForm(request);
  switch (form.get("intent")) {
    case "open": {
      const link = await openNotification(db, user.id, String(form.get("id") ?? ""));
      if (!link) return json({ error: "このお知らせは見つかりません", saved: false }, { status: 404 });
      return redirect(link);
    }
    case "read-all":
      await markAllRead(db, user.id);
      return json({ error: null, saved: false });
    case "preferences": {
      // An unticked box is absent from the form: absent means off.
      const chosen = Object.fromEntries(notificationKinds.map((kind) => [kind, { email: form.get(`${kind}.email`) === "on", inApp: form.get(`${kind}.inApp`) === "on" }])) as Record<NotificationKind, Preference>;
      await setUserPreferences(db, user.id, chosen);
      return json({ error: null, saved: true });
    }
    default:
      return json({ error: "不明な操作です", saved: false }, { status: 400 });
  }
}

export default function Notifications() {
  const { notifications, preferences, mail } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const unread = notifications.filter((n) => n.read_at === null).length;
  return (
    <div className="narrow">
      <h1>お知らせ</h1>
      <FormMessage error={result?.error ?? undefined} success={result?.saved ? "お知らせの受け取り方を保存しました" : undefined} />
      <section className="panel" aria-labelledby="list-heading">
        <h2 id="list-heading">お知らせ一覧{unread ? `（未読 ${unread} 件）` : ""}</h2>
        {notifications.length === 0 ? (
          <p>お知らせはまだありません。ウォッチした開示書の新しい版、閲覧申請とその結果、有効期限が近い認証・資料などをお知らせします。</p>
        ) : (
          <>
            {unread ? (
              <Form method="post">
                <button type="submit" name="intent" value="read-all" className="button-secondary">
                  すべて既読にする
                </button>
              </Form>
            ) : null}
            <ul className="notification-list">
              {notifications.map((n) => (
                <li key={n.id} className={n.read_at === null ? "unread" : undefined}>
                  <Form method="post">
                    <input type="hidden" name="id" value={n.id} />
                    <button type="submit" name="intent" value="open" className="link-button">
                      {n.read_at === null ? <span className="badge">未読</span> : null} {n.subject.replace(/^【Kaiji】/, "")}
                    </button>
                  </Form>
                  <p className="notification-meta">{formatDateTime(n.created_at)}</p>
                  <p className="notification-body">{n.body}</p>
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
      <section className="panel" aria-labelledby="preferences-heading">
        <h2 id="preferences-heading">受け取るお知らせ</h2>
        {mail ? null : <p>このサイトではメールの送信が設定されていないため、お知らせはアプリ内だけに届きます。</p>}
        <Form method="post">
          <table className="data-table notification-preferences">
            <thead>
              <tr>
                <th scope="col">お知らせ</th>
                <th scope="col">対象</th>
                <th scope="col">メール</th>
                <th scope="col">アプリ内</th>
              </tr>
            </thead>
            <tbody>
              {notificationKinds.map((kind) => (
                <tr key={kind}>
                  <th scope="row">{notificationKindLabels[kind].title}</th>
                  <td>{notificationKindLabels[kind].who}</td>
                  <td>
                    <input type="checkbox" name={`${kind}.email`} defaultChecked={preferences[kind].email} aria-label={`${notificationKindLabels[kind].title}: メール`} />
                  </td>
                  <td>
                    <input type="checkbox" name={`${kind}.inApp`} defaultChecked={preferences[kind].inApp} aria-label={`${notificationKindLabels[kind].title}: アプリ内`} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <button type="submit" name="intent" value="preferences">
            保存
          </button>
        </Form>
      </section>
    </div>
  );
}
