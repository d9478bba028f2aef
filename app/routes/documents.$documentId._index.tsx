// GET /documents/:id — a document's page: the vendor, type, service, and its versions (作成日, 有効期限, SHA-256,
// download) for readers who may read it (the rule of disclosures: app/models/document.server.ts). A 申請制 document
// the reader may not read shows what a locked entry shows and no file, with 「閲覧を申請」 (DECISIONS 32); anything else
// unreadable is the same 404 as a missing one. The reader's hospitals' requests for a 申請制 document are listed.
// Depends on the reader, so never cached.
import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { AccessRequestStatuses } from "~/components/access-request-panel";
import { LockedBadge } from "~/components/locked-entry";
import { requestingHospitals, requestsOfHospitals } from "~/models/access-request.server";
import { visibilityLabels } from "~/models/disclosure";
import { LOCKED_DOCUMENT_NOTE } from "~/models/document";
import { DOCUMENT_NOT_FOUND, documentKindLabels, documentVersionView, listDocumentVersions, loadReadableDocument } from "~/models/document.server";
import { readerOf } from "~/models/reading.server";
import { requestRouteOf } from "~/models/vendor-page.server";
import { db } from "~/utils/db.server";
import { formatDateTime } from "~/utils/format";
import { cacheHeaders, cachingHeadersOf } from "~/utils/page-cache.server";
import { clock } from "../../disclosures/clock";

export async function loader({ params, context }: LoaderFunctionArgs) {
  const reader = readerOf(context);
  const now = clock.now();
  const found = await loadReadableDocument(db, reader, params.documentId!, now);
  if (!found) throw new Response(DOCUMENT_NOT_FOUND, { status: 404 });
  const { document, readable } = found;
  const versions = await listDocumentVersions(db, document.id);
  // 申請制: the requests of the reader's hospitals (not through one whose 2FA rule they miss), and how they may ask.
  const onRequest = document.visibility === "request";
  const hospitals = onRequest && reader ? (await requestingHospitals(db, reader.userId)).filter((h) => h.blocked !== "twoFactor") : [];
  // A locked document reveals its latest dates only: no file name, hash, size or note.
  const shown = readable ? versions : versions.slice(0, 1).map((v) => ({ ...v, file_name: "", sha256: "", size: 0, note: null }));
  return json(
    {
      locked: !readable,
      // A withdrawn document is no longer offered: it cannot be asked for (its request page is a 404).
      requestable: onRequest && !document.withdrawn_at,
      requestRoute: await requestRouteOf(db, reader),
      requests: await requestsOfHospitals(db, { documentId: document.id }, hospitals.map((h) => h.id)),
      now,
      document: {
        id: document.id,
        title: document.title,
        organizationId: document.organization_id,
        organizationName: document.organization_name,
        kindLabel: documentKindLabels[document.kind],
        serviceName: document.service_name,
        visibility: document.visibility,
        visibilityLabel: visibilityLabels[document.visibility],
        latestVersion: document.latest_version,
        withdrawnAt: document.withdrawn_at ? formatDateTime(document.withdrawn_at) : null,
      },
      versions: shown.map(documentVersionView),
    },
    { headers: cacheHeaders(false) },
  );
}

export const headers: HeadersFunction = ({ loaderHeaders }) => cachingHeadersOf(loaderHeaders);

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.document.title} | ${data.document.organizationName} | 資料 | Kaiji` : "資料が見つかりません | Kaiji" }];

export default function PublicDocument() {
  const { locked, requestable, requestRoute, requests, now, document, versions } = useLoaderData<typeof loader>();
  const requestPath = `/documents/${encodeURIComponent(document.id)}/request`;
  return (
    <>
      <nav aria-label="パンくずリスト" className="breadcrumbs">
        <Link to={`/vendors/${encodeURIComponent(document.organizationId)}`}>{document.organizationName}</Link> › 資料
      </nav>
      <h1>
        {document.title}
        {locked ? <LockedBadge /> : document.visibility !== "public" ? <span className="badge">{document.visibilityLabel}</span> : null}
      </h1>
      {document.withdrawnAt ? (
        <p className="notice" role="status">
          この資料は {document.withdrawnAt} に取り下げられました。以下は取り下げ前の版です。
        </p>
      ) : null}
      <dl className="vendor-facts">
        <dt>事業者</dt>
        <dd>{document.organizationName}</dd>
        <dt>種類</dt>
        <dd>{document.kindLabel}</dd>
        <dt>サービス</dt>
        <dd>{document.serviceName ?? "指定なし"}</dd>
        <dt>最新の版</dt>
        <dd>{`第${document.latestVersion}版`}</dd>
      </dl>
      {locked ? <p className="locked-request">{LOCKED_DOCUMENT_NOTE}</p> : null}
      {requests.length ? (
        <section aria-labelledby="document-requests">
          <h2 id="document-requests">閲覧申請の状況</h2>
          <AccessRequestStatuses requests={requests} now={now} />
        </section>
      ) : null}
      {locked && requestable ? (
        <p className="locked-request">
          {requestRoute === "login" ? (
            <Link to={`/login?redirectTo=${encodeURIComponent(requestPath)}`}>ログインして申請</Link>
          ) : requestRoute === "hospital" ? (
            <Link className="button-link" to={requestPath}>
              閲覧を申請
            </Link>
          ) : (
            <span className="muted">閲覧の申請は医療機関の組織から行えます。</span>
          )}
        </p>
      ) : null}
      <h2>{locked ? "最新の版" : "版"}</h2>
      <ol className="document-versions" reversed>
        {versions.map((v) => (
          <li key={v.number} data-version={v.number}>
            <p>
              <strong>{`第${v.number}版`}</strong>
              {locked ? null : (
                <>
                  {" "}
                  <a href={`/documents/${encodeURIComponent(document.id)}/v/${v.number}/file`} download>
                    {v.fileName}
                  </a>
                  （{v.size.toLocaleString("ja-JP")} バイト）
                </>
              )}
            </p>
            <p>
              作成日 {v.createdOn}・有効期限 {v.expiresOn ?? "なし"}
              {v.expired ? <span className="badge badge-warning">有効期限切れ</span> : null}・登録 {v.uploadedAt}
            </p>
            {locked ? null : (
              <p className="muted">
                SHA-256 <code>{v.sha256}</code>
              </p>
            )}
            {v.note ? <p className="document-note">{v.note}</p> : null}
          </li>
        ))}
      </ol>
    </>
  );
}
