import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, isRouteErrorResponse, Link, Links, Meta, Outlet, Scripts, ScrollRestoration, useLocation, useMatches, useRouteError, useRouteLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { useNonce } from "./components/nonce";
import { unreadCount } from "./models/notification.server";
import styles from "./styles/app.css";
import { db } from "./utils/db.server";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export async function loader({ context }: LoaderFunctionArgs) {
  const auth = context.auth;
  // A session still waiting for its second factor is not signed in yet.
  const user = auth?.session.twoFactorVerified ? { displayName: auth.user.displayName, isAdmin: auth.user.isAdmin, unread: await unreadCount(db, auth.user.id) } : null;
  return json({ user });
}

function AccountNav() {
  const data = useRouteLoaderData<typeof loader>("root");
  if (!data?.user)
    return (
      <nav aria-label="アカウント" className="account-nav">
        <Link to="/login">サインイン</Link>
        <Link to="/signup">アカウント作成</Link>
      </nav>
    );
  return (
    <nav aria-label="アカウント" className="account-nav">
      <Link to="/orgs">組織</Link>
      <Link to="/account/notifications" className={data.user.unread ? "unread-count" : undefined}>
        {data.user.unread ? `お知らせ（${data.user.unread}）` : "お知らせ"}
      </Link>
      {data.user.isAdmin ? <Link to="/admin">管理</Link> : null}
      <Link to="/account">{data.user.displayName}</Link>
      <Form method="post" action="/logout">
        <button type="submit" className="link-button">
          サインアウト
        </button>
      </Form>
    </nav>
  );
}

/**
 * Pages that work without JavaScript can opt out of hydration (`handle.hydrate = false`): no inline scripts, so
 * their HTML is the same for every anonymous reader and can be cached whole.
 */
function useHydrates(): boolean {
  return !useMatches().some((m) => (m.handle as { hydrate?: boolean } | undefined)?.hydrate === false);
}

function Document({ children, title }: { children: ReactNode; title?: string }) {
  const nonce = useNonce();
  const hydrate = useHydrates();
  return (
    <html lang="ja">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        {title ? <title>{title}</title> : null}
        <Meta />
        <Links />
      </head>
      <body>
        <a className="skip-link" href="#main">
          本文へ移動
        </a>
        <header className="site-header">
          <Link to="/" className="brand">
            Kaiji <span lang="ja">開示</span>
          </Link>
          {/* On a phone the navigation folds behind 「メニュー」: a checkbox and CSS, so it works on pages without scripts. */}
          <input type="checkbox" id="menu-toggle" className="menu-toggle" />
          <label htmlFor="menu-toggle" className="menu-button">
            メニュー
          </label>
          <div className="site-menu">
            <nav aria-label="サイト">
              <Link to="/directory">事業者を探す</Link>
              <Link to="/templates">様式・チェックリスト</Link>
            </nav>
            <AccountNav />
          </div>
        </header>
        <main id="main">{children}</main>
        <footer className="site-footer">
          <p>Kaiji — 医療情報システム・サービス事業者の開示書ポータル</p>
        </footer>
        {hydrate ? (
          <>
            <ScrollRestoration nonce={nonce} />
            <Scripts nonce={nonce} />
          </>
        ) : null}
      </body>
    </html>
  );
}

export default function App() {
  // A page without hydration is a plain document: when React renders it in the browser anyway (after a
  // client-side navigation from a hydrated page), each navigation and form submission mounts it afresh, as a
  // page load would — otherwise its uncontrolled inputs keep showing the values from before.
  const location = useLocation();
  const hydrates = useHydrates();
  return (
    <Document>
      <Outlet key={hydrates ? undefined : location.key} />
    </Document>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const heading =
    status === 404 ? "ページが見つかりません" : status === 403 ? "このページを表示する権限がありません" : status === 429 ? "リクエストが多すぎます" : "エラーが発生しました";
  // Only messages we threw ourselves are shown; a stack trace never reaches the page.
  const detail = isRouteErrorResponse(error) && typeof error.data === "string" && error.data !== heading ? error.data : null;
  return (
    <Document title={`${heading} | Kaiji`}>
      <section className="error-page">
        <p className="error-status">{status}</p>
        <h1>{heading}</h1>
        {detail ? <p>{detail}</p> : null}
        <p>
          <Link to="/">トップページへ戻る</Link>
        </p>
      </section>
    </Document>
  );
}
