import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { ImportList, TemplateRegistryTable, UploadForm } from "~/components/template-import/registry";
import { createImport, latestImportedMapping, listImports, listTemplateRegistry, WORKBOOK_LIMITS, WorkbookError } from "~/models/template-import.server";
import styles from "~/styles/template-import.css";
import { db } from "~/utils/db.server";
import { actorOf, requestMeta, requireAdmin } from "~/utils/permissions.server";
import { readForm } from "~/utils/request-body.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];
export const meta: MetaFunction = () => [{ title: "様式の管理 | Kaiji" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = requireAdmin(request, context);
  const [registry, imports] = await Promise.all([listTemplateRegistry(db), listImports(db, user.id)]);
  const url = new URL(request.url);
  // Only a version that exists is announced: the query string alone cannot make the page claim anything.
  const published = url.searchParams.get("published");
  const announced = registry.flatMap((t) => t.versions.filter((v) => v.origin === "import" && `${t.id}@${v.version}` === published).map((v) => ({ id: t.id, version: v.version, title: v.title })))[0] ?? null;
  const bases = registry
    .map((t) => ({ id: t.id, title: t.title, version: t.versions.find((v) => v.origin === "import" && v.hasMapping)?.version }))
    .filter((b): b is { id: string; title: string; version: string } => Boolean(b.version));
  return json({ registry, imports, bases, announced, deleted: url.searchParams.get("deleted") === "1", maxBytes: WORKBOOK_LIMITS.maxBytes });
}

const mb = (bytes: number) => `${(Math.ceil((bytes / 1024 / 1024) * 10) / 10).toLocaleString("ja-JP")} MB`;

type Reply = { error: string };

export async function action({ request, context }: ActionFunctionArgs) {
  const { user } = requireAdmin(request, context);
  const form = await readForm(request);
  if (form.get("intent") !== "upload") return json<Reply>({ error: "操作を選んでください" }, { status: 400 });
  const file = form.get("file");
  if (typeof file === "string" || file === null || (file.size === 0 && !file.name)) return json<Reply>({ error: "取り込むファイル（.xlsx または .csv）を選んでください" }, { status: 400 });
  // The size first: nothing larger than the limit is parsed.
  if (file.size > WORKBOOK_LIMITS.maxBytes)
    return json<Reply>({ error: `ファイルが大きすぎます（${mb(file.size)}、上限 ${mb(WORKBOOK_LIMITS.maxBytes)}）。不要なシートや画像を削除してから取り込んでください。` }, { status: 400 });
  const basedOn = form.get("basedOn");
  if (typeof basedOn === "string" && basedOn && !(await latestImportedMapping(db, basedOn)))
    return json<Reply>({ error: "選んだ様式には、マッピングを保存した取込の版がありません" }, { status: 400 });
  try {
    const bytes = Buffer.from(await file.arrayBuffer());
    const id = await createImport(db, actorOf(user), { fileName: file.name, bytes, basedOn: typeof basedOn === "string" && basedOn ? basedOn : undefined }, requestMeta(context));
    return redirect(`/admin/templates/imports/${id}`);
  } catch (error) {
    if (error instanceof WorkbookError) return json<Reply>({ error: `取り込めませんでした: ${error.message}` }, { status: 400 });
    throw error;
  }
}

export default function AdminTemplates() {
  const { registry, imports, bases, announced, deleted, maxBytes } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      <nav aria-label="パンくずリスト" className="breadcrumbs">
        <Link to="/admin">管理</Link> › 様式
      </nav>
      <h1>様式の管理</h1>
      <p className="lead">
        MDS/SDS や事業者確認用チェックリストなどの公式の様式を、Excel ブック（.xlsx）または CSV から取り込みます。取り込んだ内容は、「公開」するまで様式として使われません。
      </p>
      <p className="notice">公式の MDS/SDS・チェックリストの項目文は Kaiji には含まれていません。公式のブックをお持ちの管理者が取り込んでください。</p>
      {announced ? (
        <p className="form-success" role="status">
          {`「${announced.title}」（${announced.id} 版 ${announced.version}）を公開しました。`} <Link to={`/templates/${announced.id}/${announced.version}`}>様式のページを開く</Link>
        </p>
      ) : null}
      {deleted ? (
        <p className="form-success" role="status">
          取込を削除しました。
        </p>
      ) : null}
      <UploadForm bases={bases} maxBytes={maxBytes} error={result?.error} />
      <ImportList imports={imports} />
      <TemplateRegistryTable registry={registry} />
    </>
  );
}
