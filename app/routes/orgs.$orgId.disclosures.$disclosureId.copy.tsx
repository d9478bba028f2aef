// /orgs/:orgId/disclosures/:d/copy — copy answers into this draft from another disclosure of the organisation
// (the same template, or one that shares items: the 代行機関 別添 ↔ the 最低限 checklist). GET ?source=…&mode=…
// shows what would change; the POST applies exactly what was shown, item by item against the revisions shown.
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import type { CopyMode } from "../../disclosures/answer-copy";
import { CopyOutcomeView, CopyPreviewView, SourcePicker } from "~/components/answer-copy";
import { FormMessage } from "~/components/form";
import { applyCopy, copySources, parseSourceRef, previewCopy, type CopyOutcome } from "~/models/answer-copy.server";
import { getDisclosure } from "~/models/disclosure.server";
import { getTemplate } from "~/models/template.server";
import copyStyles from "~/styles/answer-copy.css";
import styles from "~/styles/disclosure.css";
import { db } from "~/utils/db.server";
import { parseForm } from "~/utils/forms";
import { actorOf, requestMeta, requireOrgRole } from "~/utils/permissions.server";
import { readForm } from "~/utils/request-body.server";
import { invariantResponse } from "~/utils/responses.server";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "stylesheet", href: copyStyles },
];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `回答のコピー | ${data?.templateTitle ?? "開示書"} | Kaiji` }];

async function targetOf(request: Request, context: LoaderFunctionArgs["context"], params: LoaderFunctionArgs["params"]) {
  const { organization, user } = await requireOrgRole(request, context, params.orgId!, "editor");
  const disclosure = await getDisclosure(db, organization.id, params.disclosureId!);
  invariantResponse(disclosure, "開示書が見つかりません");
  const { template } = (await getTemplate(db, disclosure.template_id, disclosure.template_version))!;
  return { organization, user, disclosure, template, base: `/orgs/${organization.id}/disclosures/${disclosure.id}` };
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { disclosure, template, base } = await targetOf(request, context, params);
  const url = new URL(request.url);
  const mode: CopyMode = url.searchParams.get("mode") === "overwrite" ? "overwrite" : "fill";
  const selected = url.searchParams.get("source");
  const ref = selected === null ? null : parseSourceRef(selected);
  const result = selected === null ? null : ref ? await previewCopy(db, disclosure, template, ref, mode) : { error: "コピー元の開示書を一覧から選んでください" };
  const error = result && "error" in result ? result.error : null;
  return json(
    {
      base,
      templateTitle: template.title,
      serviceName: disclosure.service_name,
      sources: await copySources(db, disclosure),
      selected,
      mode,
      preview: result && !("error" in result) ? result : null,
      error,
    },
    { status: error ? 400 : 200 },
  );
}

const BAD_PREVIEW = "確認した内容の形式が正しくありません。変更内容を確認し直してください";

const applySchema = z.object({
  intent: z.literal("apply", { errorMap: () => ({ message: "不明な操作です" }) }),
  source: z.string({ required_error: "コピー元の開示書を一覧から選んでください" }).refine((s) => parseSourceRef(s) !== null, "コピー元の開示書を一覧から選んでください"),
  mode: z.enum(["fill", "overwrite"], { errorMap: () => ({ message: "入力済みの項目の扱いを選んでください" }) }),
  // The revisions of the items the preview showed as written, and a fingerprint of what it showed.
  previewed: z
    .string({ required_error: "確認した内容がありません。変更内容を確認してからコピーしてください" })
    .max(200_000)
    .transform((s, ctx) => {
      try {
        return JSON.parse(s) as unknown;
      } catch {
        ctx.addIssue({ code: "custom", message: BAD_PREVIEW });
        return z.NEVER;
      }
    })
    .pipe(z.record(z.string().max(200, BAD_PREVIEW), z.number({ invalid_type_error: BAD_PREVIEW }).int(BAD_PREVIEW).min(0, BAD_PREVIEW), { errorMap: () => ({ message: BAD_PREVIEW }) })),
  digest: z.string({ required_error: "確認した内容がありません。変更内容を確認してからコピーしてください" }).regex(/^[0-9a-f]{64}$/, BAD_PREVIEW),
});

type ActionData = { error?: string; outcome?: CopyOutcome };

export async function action({ request, context, params }: ActionFunctionArgs) {
  // Viewers and other organisations are refused before the body is read.
  const { user, disclosure, template } = await targetOf(request, context, params);
  const parsed = parseForm(await readForm(request), applySchema);
  if (!parsed.ok) return json<ActionData>({ error: Object.values(parsed.errors)[0] }, { status: 400 });
  const { source, mode, previewed, digest } = parsed.data;
  const result = await applyCopy(db, actorOf(user), disclosure, template, { ref: parseSourceRef(source)!, mode, previewed, digest }, requestMeta(context));
  if ("error" in result) return json<ActionData>({ error: result.error }, { status: 400 });
  if ("stale" in result) {
    return json<ActionData>(
      { error: "コピー元の内容が確認の後に変わったため、何もコピーしていません。最新の内容で確認し直した結果を下に表示しています。確かめてから、もう一度コピーしてください。" },
      { status: 409 },
    );
  }
  return json<ActionData>({ outcome: result });
}

export default function CopyAnswersPage() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionData | undefined;
  return (
    <>
      <nav aria-label="パンくずリスト" className="breadcrumbs">
        <Link to={data.base}>{data.templateTitle}</Link> › <Link to={`${data.base}/edit`}>編集</Link> › 回答のコピー
      </nav>
      <h1>他の開示書から回答をコピー</h1>
      <p className="muted">
        {`この下書き（${data.serviceName ?? "組織全体"}）に、同じ組織の開示書の回答をコピーします。コピーする前に、変わる内容を項目ごとに確認できます。公開中の版（確定した内容）か、下書き（最新の入力）を選べます。`}
      </p>
      {result?.outcome ? <CopyOutcomeView base={data.base} outcome={result.outcome} /> : null}
      <FormMessage error={result?.error ?? data.error ?? undefined} />
      <SourcePicker base={data.base} groups={data.sources} selected={data.selected} mode={data.mode} />
      {data.preview ? <CopyPreviewView base={data.base} preview={data.preview} /> : null}
      <p>
        <Link to={`${data.base}/edit`}>下書きの編集に戻る</Link>
      </p>
    </>
  );
}
