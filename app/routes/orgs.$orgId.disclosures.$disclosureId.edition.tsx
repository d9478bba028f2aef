// /orgs/:orgId/disclosures/:d/edition — moving the draft to the newest edition of its form: what carries over,
// what needs a look (reworded items, answers the new item cannot hold), what is new and what has no place any
// more; then, on confirmation, the move (app/models/edition.server.ts). Published versions stay as they are.
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import type { ReviewReason } from "../../disclosures/crosswalk";
import { walkItems } from "../../disclosures/template-loader";
import type { Template } from "../../disclosures/template-schema";
import { FormMessage } from "~/components/form";
import { getDisclosure } from "~/models/disclosure.server";
import { moveToEdition, planEditionMove, type EditionMove } from "~/models/edition.server";
import styles from "~/styles/disclosure.css";
import { db } from "~/utils/db.server";
import { actorOf, requestMeta, requireOrgRole } from "~/utils/permissions.server";
import { readForm } from "~/utils/request-body.server";
import { invariantResponse } from "~/utils/responses.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export const meta: MetaFunction = () => [{ title: "新しい版の様式への移行 | Kaiji" }];

type ItemLine = { key: string; number: string | null; text: string; before?: string };

const reviewLabels: Record<ReviewReason, string> = { textChanged: "項目の文言が変わりました", answerNotCarried: "回答の形式が変わったため、回答を引き継げません（備考・根拠資料は引き継ぎます）" };

/** What the page shows of a plan: plain data, item texts from both editions. */
function describe(plan: EditionMove) {
  const items = (template: Template) => new Map([...walkItems(template)].map((e) => [e.item.key, e.item]));
  const olds = items(plan.from);
  const news = items(plan.to);
  const line = (template: Map<string, { number?: string; text: string }>, key: string): ItemLine => ({ key, number: template.get(key)?.number ?? null, text: template.get(key)?.text ?? key });
  return {
    from: { version: plan.from.version, edition: plan.from.source.edition },
    to: { version: plan.to.version, edition: plan.to.source.edition, title: plan.to.title },
    token: plan.token,
    matched: plan.matched,
    carried: plan.result.carried.length,
    review: plan.result.review.map((r) => ({ ...line(news, r.key), reason: reviewLabels[r.reason] })),
    added: plan.result.added.map((key) => line(news, key)),
    dropped: plan.result.dropped.map((key) => line(olds, key)),
  };
}

async function load(request: Request, context: LoaderFunctionArgs["context"], params: LoaderFunctionArgs["params"]) {
  const access = await requireOrgRole(request, context, params.orgId!, "editor");
  const disclosure = await getDisclosure(db, access.organization.id, params.disclosureId!);
  invariantResponse(disclosure, "開示書が見つかりません");
  return { ...access, disclosure, base: `/orgs/${access.organization.id}/disclosures/${disclosure.id}` };
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { disclosure, base } = await load(request, context, params);
  const plan = await planEditionMove(db, disclosure);
  return json({ base, serviceName: disclosure.service_name, plan: plan ? describe(plan) : null });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { user, disclosure } = await load(request, context, params);
  const form = await readForm(request);
  const version = form.get("version");
  const token = form.get("token");
  if (typeof version !== "string" || typeof token !== "string" || !version || !token) return json({ error: "移行する版が指定されていません。確認の画面からやり直してください。", moved: null }, { status: 400 });
  const outcome = await moveToEdition(db, actorOf(user), disclosure, version, token, requestMeta(context));
  if (outcome.kind === "stale") return json({ error: "確認した後に下書きか様式の版が変わりました。最新の内容を確認してから、もう一度移行してください。", moved: null }, { status: 409 });
  return json({ error: null, moved: describe(outcome.plan) });
}

function ItemList({ items, base, edit }: { items: (ItemLine & { reason?: string })[]; base: string; edit: boolean }) {
  return (
    <ul className="edition-items">
      {items.map((item) => (
        <li key={item.key}>
          {item.number ? <span className="item-number">{item.number}</span> : null} {edit ? <Link to={`${base}/edit?item=${encodeURIComponent(item.key)}`}>{item.text}</Link> : item.text}
          {item.reason ? <span className="muted">{` — ${item.reason}`}</span> : null}
        </li>
      ))}
    </ul>
  );
}

export default function EditionPage() {
  const { base, serviceName, plan } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const moved = result?.moved;
  const shown = moved ?? plan;
  return (
    <>
      <nav aria-label="パンくずリスト" className="breadcrumbs">
        <Link to={base}>開示書</Link> › 新しい版の様式への移行
      </nav>
      <h1>新しい版の様式への移行</h1>
      <FormMessage error={result?.error ?? undefined} success={moved ? `下書きを${moved.to.edition}（${moved.to.version}）に移行しました。${moved.review.length ? `次の${moved.review.length}項目の回答を確認してください。` : ""}` : undefined} />
      {!shown ? (
        <p>この開示書の様式は最新の版です。移行するものはありません。</p>
      ) : (
        <>
          <dl className="facts">
            <div>
              <dt>様式</dt>
              <dd>{shown.to.title}</dd>
            </div>
            <div>
              <dt>対象</dt>
              <dd>{serviceName ?? "組織全体"}</dd>
            </div>
            <div>
              <dt>版</dt>
              <dd>{`${shown.from.edition}（${shown.from.version}） → ${shown.to.edition}（${shown.to.version}）`}</dd>
            </div>
          </dl>
          <ul className="edition-counts">
            <li>{`回答を引き継ぐ項目: ${shown.carried}`}</li>
            <li>{`確認が必要な項目: ${shown.review.length}`}</li>
            <li>{`新しい項目（未回答になります）: ${shown.added.length}`}</li>
            <li>{`新しい版にない項目の回答（引き継がれません）: ${shown.dropped.length}`}</li>
          </ul>
          {shown.review.length ? (
            <section className="panel">
              <h2>確認が必要な項目</h2>
              <ItemList items={shown.review} base={base} edit={Boolean(moved)} />
            </section>
          ) : null}
          {shown.added.length ? (
            <section className="panel">
              <h2>新しい項目</h2>
              <ItemList items={shown.added} base={base} edit={Boolean(moved)} />
            </section>
          ) : null}
          {shown.dropped.length ? (
            <section className="panel">
              <h2>新しい版にない項目（回答は引き継がれません）</h2>
              <ItemList items={shown.dropped} base={base} edit={false} />
            </section>
          ) : null}
          {moved ? (
            <p>
              <Link className="button-link" to={`${base}/edit`}>
                下書きの編集へ
              </Link>
            </p>
          ) : (
            <section className="panel narrow">
              <h2>移行</h2>
              <p>下書きを新しい版の様式に移します。公開済みの版は元の版の様式のまま残り、次に公開する版から新しい版の様式になります。</p>
              <Form method="post">
                <input type="hidden" name="version" value={shown.to.version} />
                <input type="hidden" name="token" value={shown.token} />
                <button type="submit">{`${shown.to.edition}（${shown.to.version}）に移行する`}</button>
              </Form>
            </section>
          )}
        </>
      )}
      <p>
        <Link to={base}>開示書に戻る</Link>
      </p>
    </>
  );
}
