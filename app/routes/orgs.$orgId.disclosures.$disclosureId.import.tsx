// /orgs/:orgId/disclosures/:d/import — answers in from a workbook Kaiji wrote (the draft's or a version's
// 「Excel」): upload, a preview of every row (取り込む / 変更なし / 取り込めない / 様式にない項目 / 競合) with the derived
// results before → after and what the file claims that the rules compute otherwise, then the confirmed rows saved
// with the editor's revision rules (app/models/answer-import.server.ts). A file Kaiji did not write — or any file, when
// asked (「自社の様式のファイルを取り込む」) — goes through the layout form first: sheet, heading row and columns, kept per
// organisation and form for the next file (app/models/answer-layout.server.ts). Editors and owners.
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { rowStatusLabels, type AnswerImportPreview, type RowStatus } from "../../disclosures/answer-import";
import { AnswerLayoutForm, type LayoutFormProps } from "~/components/answer-layout-form";
import { FormMessage } from "~/components/form";
import { applyImport, previewImportInto, readUpload } from "~/models/answer-import.server";
import { startOwnLayout, submitLayout } from "~/models/answer-layout.server";
import { getDisclosure } from "~/models/disclosure.server";
import { getTemplate } from "~/models/template.server";
import styles from "~/styles/disclosure.css";
import { db } from "~/utils/db.server";
import { actorOf, requestMeta, requireOrgRole } from "~/utils/permissions.server";
import { readForm } from "~/utils/request-body.server";
import { invariantResponse } from "~/utils/responses.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export const meta: MetaFunction = () => [{ title: "ファイルから回答を取り込む | Kaiji" }];

async function load(request: Request, context: LoaderFunctionArgs["context"], params: LoaderFunctionArgs["params"]) {
  const access = await requireOrgRole(request, context, params.orgId!, "editor");
  const disclosure = await getDisclosure(db, access.organization.id, params.disclosureId!);
  invariantResponse(disclosure, "開示書が見つかりません");
  return { ...access, disclosure, base: `/orgs/${access.organization.id}/disclosures/${disclosure.id}` };
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { disclosure, base } = await load(request, context, params);
  const { template } = (await getTemplate(db, disclosure.template_id, disclosure.template_version))!;
  return json({ base, title: template.title, serviceName: disclosure.service_name });
}

type Reply = { error?: string; success?: string; notice?: string; preview?: AnswerImportPreview; fileName?: string; conflicts?: { key: string; updatedBy: string }[]; layoutForm?: LayoutFormProps };

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { user, organization, disclosure } = await load(request, context, params);
  const form = await readForm(request);
  const intent = form.get("intent");
  if (intent === "apply") {
    let changes: unknown;
    try {
      changes = JSON.parse(String(form.get("changes") ?? ""));
    } catch {
      return json<Reply>({ error: "取り込む内容が正しくありません。ファイルを選び直してください。" }, { status: 400 });
    }
    const result = await applyImport(db, actorOf(user), disclosure, changes, requestMeta(context));
    if ("error" in result) return json<Reply>({ error: result.error }, { status: 400 });
    const conflicts = result.conflicts.map((c) => ({ key: c.key, updatedBy: c.updatedBy }));
    return json<Reply>({ success: `${result.saved.length}項目を取り込みました。${conflicts.length ? `${conflicts.length}項目は確認の後に変更されていたため、取り込んでいません。` : ""}`, conflicts });
  }
  if (intent === "layout-preview" || intent === "layout-refresh") {
    const step = await submitLayout(db, actorOf(user), organization.id, disclosure, form, intent === "layout-refresh", requestMeta(context));
    const { status, ...reply } = step;
    return json<Reply>({ ...reply, fileName: "layoutForm" in step ? step.layoutForm.fileName : undefined }, { status });
  }
  const file = form.get("file");
  if (!(file instanceof File) || file.size === 0) return json<Reply>({ error: "取り込むファイル（.xlsx または .csv）を選んでください。" }, { status: 400 });
  const bytes = Buffer.from(await file.arrayBuffer());
  const fileName = file.name.split(/[\\/]/).pop()!.replace(/\p{Cf}/gu, "");
  const read = await readUpload(bytes, fileName);
  if ("problem" in read) return json<Reply>({ error: read.problem }, { status: 400 });
  let why: string | null = null;
  if (intent !== "own") {
    const preview = await previewImportInto(db, disclosure, read.grid);
    if (!preview.fileProblem) return json<Reply>({ preview, fileName });
    why = preview.fileProblem;
  }
  const { status, ...reply } = await startOwnLayout(db, organization.id, user.id, disclosure, read.grid, bytes, fileName, why);
  return json<Reply>({ ...reply, fileName }, { status });
}

const ORDER: RowStatus[] = ["accepted", "conflict", "invalid", "unknown", "unchanged"];

function RowLine({ row }: { row: AnswerImportPreview["rows"][number] }) {
  return (
    <li>
      {`${row.row}行目 ${row.number ?? ""} ${row.text}`}
      {row.messages.map((m) => (
        <span key={m} className="muted">{` — ${m}`}</span>
      ))}
    </li>
  );
}

function Preview({ preview, fileName }: { preview: AnswerImportPreview; fileName: string }) {
  const accepted = preview.rows.filter((r) => r.status === "accepted").map((r) => ({ key: r.key, baseRevision: r.baseRevision, response: r.response }));
  // Unchanged rows are not listed, except those with something to check (an item worded differently, a word read as another).
  const noted = preview.rows.filter((r) => r.status === "unchanged" && r.messages.length);
  return (
    <>
      <section className="panel">
        <h2>{`「${fileName}」の内容`}</h2>
        <ul className="import-totals">
          {ORDER.map((status) => (
            <li key={status}>{`${rowStatusLabels[status]}: ${preview.totals[status]}行`}</li>
          ))}
        </ul>
        {preview.claims.map((claim) => (
          <p key={claim} className="notice" role="note">
            {claim}
          </p>
        ))}
        {preview.derived.length ? (
          <table className="import-derived">
            <caption>自動判定（現在 → 取り込んだ後）</caption>
            <tbody>
              {preview.derived.map((d) => (
                <tr key={d.title}>
                  <th scope="row">{d.title}</th>
                  <td>{`${d.before} → ${d.after}`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>
      {ORDER.filter((status) => status !== "unchanged" && preview.totals[status]).map((status) => (
        <section key={status} className="panel">
          <h2>{`${rowStatusLabels[status]}（${preview.totals[status]}行）`}</h2>
          <ul>
            {preview.rows
              .filter((r) => r.status === status)
              .map((r) => (
                <RowLine key={`${r.row}-${r.key}`} row={r} />
              ))}
          </ul>
        </section>
      ))}
      {noted.length ? (
        <section className="panel">
          <details>
            <summary>{`変更なしの行の確認事項（${noted.length}行）`}</summary>
            <ul>
              {noted.map((r) => (
                <RowLine key={`${r.row}-${r.key}`} row={r} />
              ))}
            </ul>
          </details>
        </section>
      ) : null}
      {accepted.length ? (
        <Form method="post" className="panel narrow">
          <input type="hidden" name="intent" value="apply" />
          <input type="hidden" name="changes" value={JSON.stringify(accepted)} />
          <p>確認した後に画面で変更された項目は上書きせず、競合として示します。</p>
          <button type="submit">{`${accepted.length}項目を下書きに取り込む`}</button>
        </Form>
      ) : (
        <p>取り込む変更はありません。</p>
      )}
    </>
  );
}

export default function ImportAnswersPage() {
  const { base, title, serviceName } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const own = useSearchParams()[0].get("own") === "1";
  return (
    <>
      <nav aria-label="パンくずリスト" className="breadcrumbs">
        <Link to={base}>{title}</Link> › ファイルから回答を取り込む
      </nav>
      <h1>ファイルから回答を取り込む</h1>
      <p>{`${title}（${serviceName ?? "組織全体"}）の下書きに、Kaiji から書き出した Excel の回答、または自社の様式で書いた回答のファイルを取り込みます。取り込む前に、行ごとの結果を確認できます。`}</p>
      <FormMessage error={result?.error} success={result?.success} />
      {result?.notice ? (
        <p className="notice" role="status">
          {result.notice}
        </p>
      ) : null}
      {result?.conflicts?.length ? (
        <ul>
          {result.conflicts.map((c) => (
            <li key={c.key}>{`${c.key}: ${c.updatedBy}さんが変更していました`}</li>
          ))}
        </ul>
      ) : null}
      {result?.preview ? <Preview preview={result.preview} fileName={result.fileName ?? ""} /> : null}
      {result?.layoutForm ? <AnswerLayoutForm view={result.layoutForm} /> : null}
      <Form method="post" encType="multipart/form-data" className="panel narrow">
        {own ? <h2>自社の様式のファイルを取り込む</h2> : null}
        {own ? <input type="hidden" name="intent" value="own" /> : null}
        <label htmlFor="import-file">ファイル（.xlsx または .csv、10 MB まで）</label>
        <input id="import-file" type="file" name="file" accept=".xlsx,.csv" required />
        <button type="submit">{own ? "列の対応を指定する" : "内容を確認する"}</button>
      </Form>
      <p>
        {own ? <Link to="?">Kaiji から書き出したファイルを取り込む</Link> : <Link to="?own=1">自社の様式のファイルを取り込む</Link>}・<a href={`${base}/draft.xlsx`}>いまの下書きを Excel で書き出す</a>・
        <Link to={`${base}/edit`}>下書きの編集に戻る</Link>
      </p>
    </>
  );
}
