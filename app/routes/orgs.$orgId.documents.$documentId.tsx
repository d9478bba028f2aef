// One of a vendor's documents: its versions (each with its SHA-256), a new version (editors and owners), withdrawal
// (owners; every version stays readable at its URL to those who could read it), and for a 申請制 document the access
// requests (editors and owners read them, owners decide) and the organisation's terms for them (owners; DECISIONS 32).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { AccessRequestTable } from "~/components/access-request-table";
import { AccessTermsForm } from "~/components/access-terms-form";
import { VersionFields } from "~/components/document-form";
import { FormMessage } from "~/components/form";
import { decideFromForm, saveTermsFromForm } from "~/models/access-actions.server";
import { listAccessRequests } from "~/models/access-request.server";
import { latestTerms } from "~/models/access-terms.server";
import { visibilityLabels } from "~/models/disclosure";
import { addDocumentVersion, DocumentFileError, documentKindLabels, getDocument, documentVersionView, listDocumentVersions, uploadOf, versionMetaSchema, withdrawDocument } from "~/models/document.server";
import { DOCUMENT_MAX_BYTES, DOCUMENT_NOTE_MAX } from "~/models/document";
import { db } from "~/utils/db.server";
import { formatDateTime } from "~/utils/format";
import { type FieldErrors, parseForm } from "~/utils/forms";
import { actorOf, requestMeta, requireOrgRole, requireRoleAtLeast } from "~/utils/permissions.server";
import { readForm } from "~/utils/request-body.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.document.title ?? "資料"} | 資料 | Kaiji` }];

const NOT_FOUND = "指定された資料は見つかりません";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { organization, role } = await requireOrgRole(request, context, params.orgId!, "viewer");
  const document = await getDocument(db, organization.id, params.documentId!);
  if (!document) throw new Response(NOT_FOUND, { status: 404 });
  const versions = await listDocumentVersions(db, document.id);
  return json({
    organization: { id: organization.id, name: organization.name },
    canEdit: role !== "viewer",
    isOwner: role === "owner",
    uploaded: new URL(request.url).searchParams.get("uploaded") === "1",
    document: {
      id: document.id,
      title: document.title,
      kindLabel: documentKindLabels[document.kind],
      serviceName: document.service_name,
      visibilityLabel: visibilityLabels[document.visibility],
      onRequest: document.visibility === "request",
      withdrawnAt: document.withdrawn_at ? formatDateTime(document.withdrawn_at) : null,
    },
    versions: versions.map(documentVersionView),
    // Requests for this document (all of them, whatever its visibility now), as on a disclosure's page.
    requests: role === "viewer" ? [] : await listAccessRequests(db, { documentId: document.id }),
    // The organisation's terms for access requests (all its 申請制 disclosures and documents); owners write them here too.
    terms: role === "owner" ? ((await latestTerms(db, organization.id)) ?? null) : null,
  });
}

type Reply = { intent?: string; error?: string; success?: string; errors?: FieldErrors; values?: Record<string, string> };

export async function action({ request, context, params }: ActionFunctionArgs) {
  // Viewers never reach the form; withdrawal needs an owner (checked once the intent is known).
  const { organization, user, role } = await requireOrgRole(request, context, params.orgId!, "editor");
  const document = await getDocument(db, organization.id, params.documentId!);
  if (!document) throw new Response(NOT_FOUND, { status: 404 });
  const form = await readForm(request);
  const intent = String(form.get("intent") ?? "");
  const values: Record<string, string> = {};
  for (const [k, v] of form) if (typeof v === "string" && k !== "intent") values[k] = v;
  if (intent === "withdraw") {
    requireRoleAtLeast(role, "owner");
    if (document.withdrawn_at) return json<Reply>({ intent, error: "この資料は取り下げ済みです" }, { status: 400 });
    await withdrawDocument(db, actorOf(user), document, requestMeta(context));
    return json<Reply>({ intent, success: "資料を取り下げました。これまでの版は、読める人には引き続き表示されます" });
  }
  if (intent === "approve" || intent === "decline" || intent === "revoke") {
    // Deciding who reads is the owner's, as for disclosures (app/models/access-actions.server.ts).
    requireRoleAtLeast(role, "owner");
    const { reply, status } = await decideFromForm(db, actorOf(user), form, intent, { documentId: document.id, vendorOrganizationId: organization.id }, requestMeta(context));
    return json<Reply>({ intent, ...reply }, { status });
  }
  if (intent === "terms" || intent === "terms-off") {
    requireRoleAtLeast(role, "owner");
    const { reply, status } = await saveTermsFromForm(db, actorOf(user), form, intent, organization.id, requestMeta(context));
    return json<Reply>({ intent, ...reply }, { status });
  }
  if (intent !== "version") return json<Reply>({ intent, error: "不明な操作です" }, { status: 400 });
  if (document.withdrawn_at) return json<Reply>({ intent, error: "取り下げた資料には新しい版を登録できません" }, { status: 400 });
  const parsed = parseForm(form, versionMetaSchema);
  if (!parsed.ok) return json<Reply>({ intent, error: Object.values(parsed.errors)[0], errors: parsed.errors, values }, { status: 400 });
  const upload = await uploadOf(form);
  if (typeof upload === "string") return json<Reply>({ intent, error: upload, values }, { status: 400 });
  try {
    const number = await addDocumentVersion(db, actorOf(user), document, parsed.data, upload, requestMeta(context));
    return json<Reply>({ intent, success: `第${number}版を登録しました` });
  } catch (error) {
    if (error instanceof DocumentFileError) return json<Reply>({ intent, error: `登録できませんでした: ${error.message}`, values }, { status: 400 });
    throw error;
  }
}

export default function DocumentPage() {
  const { organization, canEdit, isOwner, uploaded, document, versions, requests, terms } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      <nav aria-label="パンくずリスト" className="breadcrumbs">
        <Link to="/orgs">組織</Link> › <Link to={`/orgs/${organization.id}`}>{organization.name}</Link> › <Link to={`/orgs/${organization.id}/documents`}>資料</Link> › {document.title}
      </nav>
      <h1>{document.title}</h1>
      {uploaded && !result ? <FormMessage success="資料を登録しました" /> : null}
      <FormMessage error={result?.error} success={result?.success} />
      <dl className="vendor-facts">
        <dt>種類</dt>
        <dd>{document.kindLabel}</dd>
        <dt>サービス</dt>
        <dd>{document.serviceName ?? "指定なし"}</dd>
        <dt>公開範囲</dt>
        <dd>{document.visibilityLabel}</dd>
        <dt>状態</dt>
        <dd>{document.withdrawnAt ? `取り下げ済（${document.withdrawnAt}）` : "公開中"}</dd>
      </dl>
      <p>
        <Link to={`/documents/${document.id}`}>公開ページを開く</Link>
      </p>
      <h2>版</h2>
      <ol className="document-versions" reversed>
        {versions.map((v) => (
          <li key={v.number} data-version={v.number}>
            <p>
              <strong>{`第${v.number}版`}</strong> <a href={`/documents/${document.id}/v/${v.number}/file`}>{v.fileName}</a>（{v.size.toLocaleString("ja-JP")} バイト）
            </p>
            <p>
              作成日 {v.createdOn}・有効期限 {v.expiresOn ?? "なし"}
              {v.expired ? <span className="badge badge-warning">有効期限切れ</span> : null}・登録 {v.uploadedAt}
            </p>
            <p className="muted">
              SHA-256 <code>{v.sha256}</code>
            </p>
            {v.note ? <p className="document-note">{v.note}</p> : null}
          </li>
        ))}
      </ol>
      {canEdit && !document.withdrawnAt ? (
        <section aria-labelledby="document-new-version">
          <h2 id="document-new-version">新しい版を登録</h2>
          <Form method="post" encType="multipart/form-data" className="stack">
            <input type="hidden" name="intent" value="version" />
            <VersionFields errors={result?.errors ?? {}} values={result?.values ?? {}} noteMax={DOCUMENT_NOTE_MAX} maxMb={DOCUMENT_MAX_BYTES / 1024 / 1024} />
            <button type="submit">新しい版を登録する</button>
          </Form>
        </section>
      ) : null}
      <AccessRequestTable requests={requests} canDecide={isOwner} />
      {isOwner && (document.onRequest || terms?.text) ? <AccessTermsForm terms={terms} /> : null}
      {isOwner && !document.withdrawnAt ? (
        <section aria-labelledby="document-withdraw">
          <h2 id="document-withdraw">取り下げ</h2>
          <p>取り下げると、事業者のページに表示されなくなります。これまでの版は削除されず、読める人はそのまま読めます。</p>
          <Form method="post">
            <input type="hidden" name="intent" value="withdraw" />
            <button type="submit" className="button-danger">
              資料を取り下げる
            </button>
          </Form>
        </section>
      ) : null}
    </>
  );
}
