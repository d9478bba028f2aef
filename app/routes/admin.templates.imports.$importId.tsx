import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { DeletePanel, FormMessage } from "~/components/form";
import { CrosswalkReview } from "~/components/template-import/crosswalk-review";
import { ImportPreviewPanel } from "~/components/template-import/import-preview";
import { MappingForm } from "~/components/template-import/mapping-form";
import { SheetGrid } from "~/components/template-import/sheet-grid";
import { CROSSWALK_INTENTS, crosswalkView, decide, importCrosswalk, type CrosswalkIntent } from "~/models/template-import-crosswalk.server";
import { applyForm, formValues, parseMappingText } from "~/models/template-import-form.server";
import { columnOptions, previewView, scaleChoices, sheetSummaries, sheetView } from "~/models/template-import-view.server";
import { deleteImport, getImport, importPreview, publishImport, saveImportCrosswalk, saveImportMapping, type TemplateImportRow } from "~/models/template-import.server";
import styles from "~/styles/template-import.css";
import { db } from "~/utils/db.server";
import { formatDateTime } from "~/utils/format";
import { actorOf, requestMeta, requireAdmin } from "~/utils/permissions.server";
import { readForm } from "~/utils/request-body.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];
export const meta: MetaFunction = () => [{ title: "様式の取込 | Kaiji" }];

async function loadImport(request: Request, context: LoaderFunctionArgs["context"], importId: string) {
  const auth = requireAdmin(request, context);
  const row = await getImport(db, importId, auth.user.id);
  if (!row) throw new Response("取込が見つかりません", { status: 404 });
  return { ...auth, row };
}

/** The crosswalk from the previous edition when the preview makes a new edition of a stored template. */
async function editionOf(row: TemplateImportRow) {
  const { preview } = await importPreview(db, row);
  const clean = preview.template && !preview.problems.some((p) => p.kind === "error");
  return clean ? importCrosswalk(db, preview.template!, row.crosswalk) : null;
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { row } = await loadImport(request, context, params.importId!);
  const { grid, preview } = await importPreview(db, row);
  const mapping = JSON.parse(row.mapping) as unknown;
  const values = formValues(mapping);
  const url = new URL(request.url);
  const shown = url.searchParams.get("sheet") ?? values.sheet;
  const view = sheetView(grid, shown, Number(url.searchParams.get("from")) || 1, values, preview.problems);
  return json({
    importId: row.id,
    fileName: row.file_name,
    fileSize: row.file_size,
    uploadedAt: row.uploaded_at,
    basedOn: row.based_on,
    revision: row.revision,
    mappingText: row.mapping,
    values,
    sheets: sheetSummaries(grid),
    view,
    columns: columnOptions(grid, values),
    scales: scaleChoices,
    preview: previewView(preview),
    crosswalk: await editionOf(row).then((edition) => (edition ? crosswalkView(edition) : null)),
  });
}

type Reply = { error?: string; fieldErrors?: Record<string, string>; json?: string };

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { user, row } = await loadImport(request, context, params.importId!);
  const form = await readForm(request);
  const intent = form.get("intent");
  const stale = () => json<Reply>({ error: "この取込は別の画面で変更されました。最新の内容を表示しています。もう一度確かめてから操作してください。" }, { status: 409 });

  if (intent === "delete") {
    if (form.get("confirm") !== "yes") return json<Reply>({ error: "削除することを確認してください" }, { status: 400 });
    await deleteImport(db, actorOf(user), row, requestMeta(context));
    return redirect("/admin/templates?deleted=1");
  }
  if (Number(form.get("revision")) !== row.revision) return stale();

  if (intent === "publish") {
    const crosswalkFrom = form.get("crosswalkFrom");
    const result = await publishImport(db, actorOf(user), row, requestMeta(context), typeof crosswalkFrom === "string" ? { crosswalkFrom } : {});
    if (!result.ok) return json<Reply>({ error: result.message }, { status: result.status });
    return redirect(`/admin/templates?published=${encodeURIComponent(`${result.templateId}@${result.version}`)}`);
  }
  if (typeof intent === "string" && CROSSWALK_INTENTS.includes(intent)) {
    const edition = await editionOf(row);
    if (!edition) return json<Reply>({ error: "前の版との対応表はありません（登録済みの様式の新しい版で、プレビューに問題がないときに示します）" }, { status: 400 });
    const decided = decide(edition, intent as CrosswalkIntent, { from: String(form.get("from") ?? ""), to: String(form.get("to") ?? "") });
    if (!decided.ok) return json<Reply>({ error: decided.message }, { status: 400 });
    if (!(await saveImportCrosswalk(db, row.id, row.revision, decided.decisions))) return stale();
    return redirect(`/admin/templates/imports/${row.id}${new URL(request.url).search}#crosswalk`);
  }
  if (intent !== "save") return json<Reply>({ error: "操作を選んでください" }, { status: 400 });

  const text = String(form.get("json") ?? "");
  const parsed = parseMappingText(text);
  if (!parsed.ok) return json<Reply>({ error: parsed.message, json: text }, { status: 400 });
  let mapping: object = parsed.json;
  // The form's fields, when they were sent: only those the administrator changed are written into the JSON.
  if (form.get("fields") === "1") {
    const submitted: Record<string, string> = {};
    for (const [key, value] of form) if (typeof value === "string" && key !== "json") submitted[key] = value;
    const applied = applyForm(parsed.json, submitted, formValues(JSON.parse(row.mapping)));
    if (applied.errors.length)
      return json<Reply>({ error: "入力を確かめてください", fieldErrors: Object.fromEntries(applied.errors.map((e) => [e.field, e.message])), json: text }, { status: 400 });
    mapping = applied.mapping;
  }
  if (!(await saveImportMapping(db, row.id, row.revision, mapping))) return stale();
  const url = new URL(request.url);
  return redirect(`/admin/templates/imports/${row.id}${url.search}`);
}

export default function TemplateImport() {
  const data = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  return (
    <>
      <nav aria-label="パンくずリスト" className="breadcrumbs">
        <Link to="/admin">管理</Link> › <Link to="/admin/templates">様式</Link> › 取込
      </nav>
      <h1>様式の取込: {data.fileName}</h1>
      <p className="muted">
        {`${Math.max(1, Math.ceil(data.fileSize / 1024)).toLocaleString("ja-JP")} KB、${formatDateTime(data.uploadedAt)} にアップロード。`}
        {data.basedOn ? `前の版 ${data.basedOn} のマッピングから始めました。版の番号と出典の版を新しい版に合わせてください。` : null}
        公開するまで、様式としては使われません。
      </p>
      <FormMessage error={reply?.error} />
      <SheetGrid importId={data.importId} sheets={data.sheets} view={data.view} />
      <div className="import-workspace">
        <MappingForm
          key={data.revision}
          revision={data.revision}
          values={data.values}
          mappingText={reply?.json ?? data.mappingText}
          sheets={data.sheets.map((s) => s.name)}
          columns={data.columns}
          scales={data.scales}
          fieldErrors={reply?.fieldErrors ?? (reply?.json !== undefined && reply.error ? { json: reply.error } : {})}
        />
        <ImportPreviewPanel preview={data.preview} />
      </div>
      {data.crosswalk ? <CrosswalkReview crosswalk={data.crosswalk} revision={data.revision} /> : null}
      <section className="panel" aria-labelledby="publish-heading">
        <h2 id="publish-heading">公開</h2>
        {data.preview.ok && data.crosswalk?.problems.length ? (
          <p className="muted">前の版との対応表に問題がある間は公開できません。上の「前の版との対応表」を直してください。</p>
        ) : data.preview.ok ? (
          <>
            <p>
              {`表示中のプレビュー（保存済みのマッピング）を、様式「${data.preview.title}」の版 ${data.values["template.version"]} として登録します。登録した版は変更・削除できません。`}
            </p>
            <Form method="post">
              <input type="hidden" name="intent" value="publish" />
              <input type="hidden" name="revision" value={data.revision} />
              <input type="hidden" name="crosswalkFrom" value={data.crosswalk?.fromVersion ?? ""} />
              <button type="submit">この版を公開する</button>
            </Form>
          </>
        ) : (
          <p className="muted">プレビューに問題がある間は公開できません。上の「読み取れなかった行と問題」を直してください。</p>
        )}
      </section>
      <DeletePanel title="この取込を削除" name={data.fileName} what="取込" explanation="アップロードしたファイルと作成中のマッピングを削除します。登録済みの様式には影響しません。" />
    </>
  );
}
