// A vendor's documents (PDF, xlsx, docx files it publishes): the list and the upload form. Editors upload, owners
// withdraw (on each document's page), viewers read. The file is judged by its content in app/models/document.server.ts.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { VersionFields } from "~/components/document-form";
import { FormMessage } from "~/components/form";
import { visibilityLabels } from "~/models/disclosure";
import { createDocument, DocumentFileError, documentKindLabels, documentKinds, documentSchema, isExpired, japaneseDate, listDocuments, uploadOf } from "~/models/document.server";
import { DOCUMENT_MAX_BYTES, DOCUMENT_NOTE_MAX, DOCUMENT_TITLE_MAX } from "~/models/document";
import { listServices } from "~/models/vendor-profile.server";
import { db } from "~/utils/db.server";
import { type FieldErrors, parseForm } from "~/utils/forms";
import { actorOf, requestMeta, requireOrgRole } from "~/utils/permissions.server";
import { readForm } from "~/utils/request-body.server";

export const meta: MetaFunction = () => [{ title: "資料 | Kaiji" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { organization, role } = await requireOrgRole(request, context, params.orgId!, "viewer");
  const [documents, services] = await Promise.all([listDocuments(db, organization.id), listServices(db, organization.id)]);
  return json({
    organization: { id: organization.id, name: organization.name },
    canEdit: role !== "viewer",
    services: services.map((s) => ({ id: s.id, name: s.name })),
    kinds: documentKinds.map((k) => ({ value: k, label: documentKindLabels[k] })),
    documents: documents.map((d) => ({
      id: d.id,
      title: d.title,
      kindLabel: documentKindLabels[d.kind],
      serviceName: d.service_name,
      visibilityLabel: visibilityLabels[d.visibility],
      version: d.latest_version,
      withdrawn: d.withdrawn_at !== null,
      createdOn: japaneseDate(d.created_on),
      expiresOn: d.expires_on ? japaneseDate(d.expires_on) : null,
      expired: isExpired(d.expires_on),
      fileName: d.file_name,
      sha256: d.sha256,
      pendingRequests: Number(d.pending_requests ?? 0),
    })),
  });
}

type Reply = { error?: string; errors?: FieldErrors; values?: Record<string, string> };

export async function action({ request, context, params }: ActionFunctionArgs) {
  // Uploading is for editors and owners: a viewer's body is never read.
  const { organization, user } = await requireOrgRole(request, context, params.orgId!, "editor");
  const form = await readForm(request);
  if (form.get("intent") !== "upload") return json<Reply>({ error: "不明な操作です" }, { status: 400 });
  const values: Record<string, string> = {};
  for (const [k, v] of form) if (typeof v === "string" && k !== "intent") values[k] = v;
  const parsed = parseForm(form, documentSchema);
  if (!parsed.ok) return json<Reply>({ error: Object.values(parsed.errors)[0], errors: parsed.errors, values }, { status: 400 });
  const serviceId = parsed.data.serviceId || null;
  if (serviceId && !(await listServices(db, organization.id)).some((s) => s.id === serviceId)) return json<Reply>({ error: "サービスが見つかりません", values }, { status: 400 });
  const upload = await uploadOf(form);
  if (typeof upload === "string") return json<Reply>({ error: upload, values }, { status: 400 });
  try {
    const id = await createDocument(db, actorOf(user), organization.id, { ...parsed.data, serviceId }, upload, requestMeta(context));
    return redirect(`/orgs/${organization.id}/documents/${id}?uploaded=1`);
  } catch (error) {
    if (error instanceof DocumentFileError) return json<Reply>({ error: `登録できませんでした: ${error.message}`, values }, { status: 400 });
    throw error;
  }
}

export default function Documents() {
  const { organization, canEdit, services, kinds, documents } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const values = result?.values ?? {};
  const errors = result?.errors ?? {};
  return (
    <>
      <nav aria-label="パンくずリスト" className="breadcrumbs">
        <Link to="/orgs">組織</Link> › <Link to={`/orgs/${organization.id}`}>{organization.name}</Link> › 資料
      </nav>
      <h1>資料</h1>
      <p className="muted">サービス仕様適合開示書、SLA、MDS/SDS のブック、認証の証明書などのファイルを公開します。新しいファイルは新しい版として残り、以前の版も読めます。</p>
      {documents.length ? (
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">資料</th>
              <th scope="col">種類</th>
              <th scope="col">作成日</th>
              <th scope="col">有効期限</th>
              <th scope="col">公開範囲</th>
              <th scope="col">版</th>
              <th scope="col">申請中</th>
            </tr>
          </thead>
          <tbody>
            {documents.map((d) => (
              <tr key={d.id} data-document-id={d.id}>
                <td>
                  <Link to={`/orgs/${organization.id}/documents/${d.id}`}>{d.title}</Link>
                  {d.serviceName ? <span className="muted">（{d.serviceName}）</span> : null}
                  <br />
                  <span className="muted">
                    {d.fileName} SHA-256 <code>{d.sha256}</code>
                  </span>
                </td>
                <td>{d.kindLabel}</td>
                <td>{d.createdOn}</td>
                <td>
                  {d.expiresOn ?? "なし"}
                  {d.expired ? <span className="badge badge-warning">有効期限切れ</span> : null}
                </td>
                <td>{d.visibilityLabel}</td>
                <td>{d.withdrawn ? `取り下げ済（第${d.version}版まで）` : `第${d.version}版`}</td>
                <td className="num">{d.pendingRequests ? <strong>{`${d.pendingRequests}件`}</strong> : "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="empty">登録された資料はありません。</p>
      )}
      {canEdit ? (
        <section aria-labelledby="document-upload">
          <h2 id="document-upload">資料を登録</h2>
          <FormMessage error={result?.error} />
          <Form method="post" encType="multipart/form-data" className="stack">
            <input type="hidden" name="intent" value="upload" />
            <div className="field">
              <label htmlFor="document-title">資料名</label>
              <input id="document-title" name="title" required maxLength={DOCUMENT_TITLE_MAX} defaultValue={values.title} />
              {errors.title ? <p className="field-error">{errors.title}</p> : null}
            </div>
            <div className="field">
              <label htmlFor="document-kind">種類</label>
              <select id="document-kind" name="kind" defaultValue={values.kind ?? "conformity"}>
                {kinds.map((k) => (
                  <option key={k.value} value={k.value}>
                    {k.label}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="document-service">サービス（任意）</label>
              <select id="document-service" name="serviceId" defaultValue={values.serviceId ?? ""}>
                <option value="">指定しない（組織全体）</option>
                {services.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="document-visibility">公開範囲</label>
              <select id="document-visibility" name="visibility" defaultValue={values.visibility ?? "public"}>
                {(["public", "hospitals", "request"] as const).map((v) => (
                  <option key={v} value={v}>
                    {visibilityLabels[v]}
                  </option>
                ))}
              </select>
              <p className="field-hint">申請制の資料は、一覧に「申請制」として表示されます。医療機関は閲覧を申請でき、オーナーが資料のページで許可（期限も指定可）・却下・取り消しを行います。申請時には、開示書と共通の「閲覧の条件」への同意が求められます。</p>
            </div>
            <VersionFields errors={errors} values={values} noteMax={DOCUMENT_NOTE_MAX} maxMb={DOCUMENT_MAX_BYTES / 1024 / 1024} />
            <button type="submit">登録する</button>
          </Form>
        </section>
      ) : null}
    </>
  );
}
