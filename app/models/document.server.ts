// Document disclosures (issue 15, item 2): files a vendor keeps — サービス仕様適合開示書, SLA, MDS/SDS workbook,
// 事業者確認用 checklist, certificates and 言明書 — published in immutable, SHA-256-named versions with the same
// visibility levels as structured disclosures. Files are judged by their content, never by their name, and are
// always served as downloads (the route and app/utils/http-middleware.server.ts set the headers).
import { createHash, randomUUID } from "node:crypto";
import type { ExpressionBuilder, Kysely } from "kysely";
import { z } from "zod";
import type { Database, DocumentKind, Visibility } from "../../db/schema.js";
import { clock, isRealDate, todayInJapan } from "../../disclosures/clock.js";
import { checkZip } from "../../disclosures/workbook/zip-guard.js";
import { safeFileName } from "../pdf/file-name.js";
import { formatDateTime } from "../utils/format.js";
import { audit, type AuditActor, type RequestMeta } from "./audit.server.js";
import { readerScope, type Reader, type ReaderScope } from "./disclosure.server.js";

import { DOCUMENT_MAX_BYTES, DOCUMENT_NOTE_MAX, DOCUMENT_TITLE_MAX, LOCKED_DOCUMENT_NOTE } from "./document.js";

export { DOCUMENT_MAX_BYTES, DOCUMENT_NOTE_MAX, DOCUMENT_TITLE_MAX, LOCKED_DOCUMENT_NOTE };

export const documentKinds: DocumentKind[] = ["conformity", "sla", "mds_sds", "checklist", "certificate", "other"];
export const documentKindLabels: Record<DocumentKind, string> = {
  conformity: "サービス仕様適合開示書",
  sla: "SLA（サービスレベル合意書）",
  mds_sds: "MDS/SDS（医療情報セキュリティ開示書）",
  checklist: "サイバーセキュリティ対策チェックリスト（事業者確認用）",
  certificate: "認証の証明書・言明書",
  other: "その他",
};

// ---- the file: its type from its content, its name cleaned ---------------------------------------------------

export type FileType = { ext: "pdf" | "xlsx" | "docx"; contentType: string; label: string };
const PDF: FileType = { ext: "pdf", contentType: "application/pdf", label: "PDF" };
const XLSX: FileType = { ext: "xlsx", contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", label: "Excel ブック（.xlsx）" };
const DOCX: FileType = { ext: "docx", contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", label: "Word 文書（.docx）" };

/** A file that may not be stored, with the reason in Japanese for the person who chose it. */
export class DocumentFileError extends Error {}

const ACCEPTED = "登録できるのは PDF、Excel ブック（.xlsx）、Word 文書（.docx）です";

/**
 * Far more than any real workbook or document expands to, far less than a bomb: checkZip refuses an archive that
 * declares more (or inflates past what it declares). Rows and cells are not our concern here: the file is kept,
 * never parsed.
 */
const ZIP_LIMITS = { maxEntries: 10_000, maxTotalUncompressed: 200 * 1024 * 1024, maxRows: Number.MAX_SAFE_INTEGER, maxCells: Number.MAX_SAFE_INTEGER, maxRowElements: Number.MAX_SAFE_INTEGER };

/** Names of a ZIP's entries from its central directory, or null when it has none we can read. */
function zipEntryNames(buf: Buffer): string[] | null {
  const stop = Math.max(0, buf.length - 22 - 0xffff);
  let eocd = -1;
  for (let i = buf.length - 22; i >= stop; i--) if (buf.readUInt32LE(i) === 0x06054b50) { eocd = i; break; }
  if (eocd < 0) return null;
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50) return null;
    const nameLength = buf.readUInt16LE(p + 28);
    names.push(buf.toString("utf8", p + 46, p + 46 + nameLength));
    p += 46 + nameLength + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
  }
  return names;
}

/** The type of a file from its first bytes (and, for ZIPs, their entries): PDF, xlsx or docx; otherwise refused. */
export function detectFileType(bytes: Buffer): FileType {
  if (bytes.length === 0) throw new DocumentFileError("ファイルが空です");
  if (bytes.subarray(0, 5).toString("latin1") === "%PDF-") return PDF;
  if (bytes.length >= 4 && bytes.readUInt32LE(0) === 0x04034b50) {
    const names = zipEntryNames(bytes);
    if (!names) throw new DocumentFileError("ファイルが壊れているため登録できません（ZIP の目録が読めません）");
    const type = names.includes("xl/workbook.xml") ? XLSX : names.includes("word/document.xml") ? DOCX : null;
    if (!type) throw new DocumentFileError(`ZIP ファイルですが、Excel ブックでも Word 文書でもありません。${ACCEPTED}`);
    // The project's zip guard: declared sizes and entry count first, then (for workbooks) every entry inflated
    // with its declared size as a cap. A .docx has no workbook: "notWorkbook" means it passed the header checks.
    const check = checkZip(bytes, ZIP_LIMITS);
    if (!check.ok && !(type === DOCX && check.reason === "notWorkbook")) {
      if (check.reason === "bomb") throw new DocumentFileError(`展開すると極端に大きくなるファイル（ZIP 爆弾の疑い）のため登録できません。${check.detail}`);
      if (check.reason === "encrypted") throw new DocumentFileError("暗号化された ZIP は登録できません");
      throw new DocumentFileError(`ファイルが壊れているため登録できません。${check.detail}`);
    }
    return type;
  }
  throw new DocumentFileError(`ファイルの中身が PDF、Excel ブック、Word 文書のいずれでもありません。${ACCEPTED}`);
}

// C0/C1 controls, format characters (bidi overrides, zero-width, BOM) and lone surrogates.
const INVISIBLE = /[\p{Cc}\p{Cf}]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/gu;

/**
 * The name to keep and offer: its last path part, without invisible characters, at most 120 characters, with the
 * extension of its content. A name whose extension says another accepted type is refused (the wrong file was
 * chosen, most likely); any other extension is kept and the right one added.
 */
export function cleanDocumentFileName(raw: string, type: FileType): string {
  const last = raw.split(/[/\\]/).pop() ?? "";
  let name = safeFileName(last.normalize("NFC").replace(INVISIBLE, "")).replace(/\s+/g, " ").trim().replace(/^\.+/, "");
  const ext = /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase();
  if (ext && ext !== type.ext && ["pdf", "xlsx", "docx", "xls", "doc", "xlsm"].includes(ext))
    throw new DocumentFileError(`ファイルの中身（${type.label}）が名前の拡張子（.${ext}）と合っていません`);
  if (ext === type.ext) name = name.slice(0, -(ext.length + 1));
  const stem = [...name].slice(0, 110).join("").trim() || "資料";
  return `${stem}.${type.ext}`;
}

/** `attachment` with an ASCII fallback and the UTF-8 name (RFC 5987 / 6266), as app/pdf/file-name.ts names PDFs. */
export function attachmentDisposition(fileName: string, fallback: string): string {
  const asciiFallback = fallback.replace(/[^A-Za-z0-9._-]/g, "_");
  const name = safeFileName(fileName) || asciiFallback;
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${asciiFallback}"; filename*=UTF-8''${encoded}`;
}

// ---- the form's metadata ------------------------------------------------------------------------------------------

const dateField = (label: string) =>
  z
    .string({ required_error: `${label}を入力してください` })
    .trim()
    .min(1, `${label}を入力してください`)
    .refine((v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && isRealDate(v), `${label}は YYYY-MM-DD の形の日付で入力してください`);

export const versionMetaSchema = z
  .object({
    createdOn: dateField("作成日"),
    expiresOn: z.union([z.literal(""), dateField("有効期限")]).optional(),
    note: z.string().max(DOCUMENT_NOTE_MAX, `メモは${DOCUMENT_NOTE_MAX}文字以内にしてください`).optional(),
  })
  .refine((v) => !v.expiresOn || v.expiresOn >= v.createdOn, { message: "有効期限は作成日以降の日付にしてください", path: ["expiresOn"] });

export const documentSchema = z
  .object({
    title: z.string({ required_error: "資料名を入力してください" }).trim().min(1, "資料名を入力してください").max(DOCUMENT_TITLE_MAX, `資料名は${DOCUMENT_TITLE_MAX}文字以内にしてください`),
    kind: z.enum(documentKinds as [DocumentKind, ...DocumentKind[]], { errorMap: () => ({ message: "資料の種類を選んでください" }) }),
    visibility: z.enum(["public", "hospitals", "request"], { errorMap: () => ({ message: "公開範囲を選んでください" }) }),
    serviceId: z.string().trim().max(100).optional(),
  })
  .and(versionMetaSchema);

export type VersionMeta = { createdOn: string; expiresOn?: string; note?: string };
export type Upload = { fileName: string; bytes: Buffer };

// ---- storing --------------------------------------------------------------------------------------------------------

function checkedFile(upload: Upload) {
  if (upload.bytes.length > DOCUMENT_MAX_BYTES) throw new DocumentFileError(`ファイルが大きすぎます（上限 ${DOCUMENT_MAX_BYTES / 1024 / 1024} MB）`);
  const type = detectFileType(upload.bytes);
  const fileName = cleanDocumentFileName(upload.fileName, type);
  return { type, fileName, sha256: createHash("sha256").update(upload.bytes).digest("hex") };
}

async function addVersion(trx: Kysely<Database>, documentId: string, number: number, actor: AuditActor & { userId: string }, upload: Upload, meta: VersionMeta, now: number) {
  const file = checkedFile(upload);
  await trx.insertInto("document_file").values({ sha256: file.sha256, size: upload.bytes.length, bytes: upload.bytes }).onConflict((oc) => oc.column("sha256").doNothing()).execute();
  await trx
    .insertInto("document_version")
    .values({
      document_id: documentId,
      number,
      file_name: file.fileName,
      content_type: file.type.contentType,
      size: upload.bytes.length,
      sha256: file.sha256,
      created_on: meta.createdOn,
      expires_on: meta.expiresOn || null,
      note: meta.note?.trim() ? meta.note.replace(/\r\n?/g, "\n").trim() : null,
      uploaded_at: now,
      uploaded_by: actor.userId,
    })
    .execute();
  await trx.updateTable("document").set({ latest_version: number }).where("id", "=", documentId).execute();
  return file;
}

/** A new document with its first version; throws DocumentFileError (nothing stored) for a file that may not be kept. */
export async function createDocument(
  db: Kysely<Database>,
  actor: AuditActor & { userId: string },
  organizationId: string,
  input: { title: string; kind: DocumentKind; visibility: Visibility; serviceId: string | null } & VersionMeta,
  upload: Upload,
  meta: RequestMeta,
): Promise<string> {
  checkedFile(upload); // before anything is written
  const id = randomUUID();
  const now = clock.now();
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto("document")
      .values({ id, organization_id: organizationId, service_id: input.serviceId, kind: input.kind, title: input.title, visibility: input.visibility, created_at: now, created_by: actor.userId })
      .execute();
    const file = await addVersion(trx, id, 1, actor, upload, input, now);
    await audit(trx, { action: "document.uploaded", actor, meta, organizationId, target: id, detail: { kind: input.kind, visibility: input.visibility, file: file.fileName, size: upload.bytes.length, sha256: file.sha256 } }, now);
  });
  return id;
}

export async function addDocumentVersion(db: Kysely<Database>, actor: AuditActor & { userId: string }, document: { id: string; organization_id: string }, input: VersionMeta, upload: Upload, meta: RequestMeta): Promise<number> {
  checkedFile(upload);
  const now = clock.now();
  return db.transaction().execute(async (trx) => {
    const current = await trx.selectFrom("document").select("latest_version").where("id", "=", document.id).executeTakeFirstOrThrow();
    const number = current.latest_version + 1;
    const file = await addVersion(trx, document.id, number, actor, upload, input, now);
    await audit(trx, { action: "document.version_uploaded", actor, meta, organizationId: document.organization_id, target: document.id, detail: { version: number, file: file.fileName, size: upload.bytes.length, sha256: file.sha256 } }, now);
    return number;
  });
}

/** Withdrawal keeps every version readable at its URL to those who could read it; the document is no longer offered. */
export async function withdrawDocument(db: Kysely<Database>, actor: AuditActor, document: { id: string; organization_id: string }, meta: RequestMeta) {
  await db.updateTable("document").set({ withdrawn_at: clock.now() }).where("id", "=", document.id).where("withdrawn_at", "is", null).execute();
  await audit(db, { action: "document.withdrawn", actor, meta, organizationId: document.organization_id, target: document.id });
}

// ---- reading --------------------------------------------------------------------------------------------------------

const DOCUMENT_COLUMNS = ["document.id", "document.organization_id", "document.service_id", "service.name as service_name", "document.kind", "document.title", "document.visibility", "document.latest_version", "document.withdrawn_at", "document.created_at"] as const;

/** A document of this organisation, or undefined (never another organisation's). */
export function getDocument(db: Kysely<Database>, organizationId: string, id: string) {
  return db.selectFrom("document").leftJoin("service", "service.id", "document.service_id").select(DOCUMENT_COLUMNS).where("document.organization_id", "=", organizationId).where("document.id", "=", id).executeTakeFirst();
}

export type DocumentVersionRow = { number: number; file_name: string; content_type: string; size: number; sha256: string; created_on: string; expires_on: string | null; note: string | null; uploaded_at: number };

export function listDocumentVersions(db: Kysely<Database>, documentId: string): Promise<DocumentVersionRow[]> {
  return db
    .selectFrom("document_version")
    .select(["number", "file_name", "content_type", "size", "sha256", "created_on", "expires_on", "note", "uploaded_at"])
    .where("document_id", "=", documentId)
    .orderBy("number", "desc")
    .execute();
}

/** Every document of an organisation with its latest version's dates and pending access requests (the vendor's own list). */
export function listDocuments(db: Kysely<Database>, organizationId: string) {
  return db
    .selectFrom("document")
    .leftJoin("service", "service.id", "document.service_id")
    .innerJoin("document_version as v", (j) => j.onRef("v.document_id", "=", "document.id").onRef("v.number", "=", "document.latest_version"))
    .select([...DOCUMENT_COLUMNS, "v.created_on", "v.expires_on", "v.file_name", "v.sha256", "v.size"])
    // Access requests waiting for the owner's decision (申請制 documents).
    .select((eb) =>
      eb
        .selectFrom("access_request")
        .select((e) => e.fn.countAll<number>().as("n"))
        .whereRef("access_request.document_id", "=", "document.id")
        .where("access_request.status", "=", "pending")
        .as("pending_requests"),
    )
    .where("document.organization_id", "=", organizationId)
    .orderBy("document.created_at", "desc")
    .execute();
}

/**
 * Who may read a document, as a condition on the `document` table. The same reading rule as disclosures
 * (`readableBy` in disclosure.server.ts), over the same ReaderScope (`readerScope`: 2FA requirements, verified
 * hospitals), so the hard part is not written twice: public to anyone, 医療機関のみ to members of a verified hospital,
 * 申請制 to members of a verified hospital whose access request for this document is approved and not past its end
 * (the last millisecond of the Japanese day it was approved until: `endOfJapanDay`), the vendor's own members and
 * administrators always (DECISIONS 30, 32).
 */
export function documentReadableBy(scope: ReaderScope, now = clock.now()) {
  return (eb: ExpressionBuilder<Database, "document">) => {
    if (scope.isAdmin) return eb.lit(true);
    const rules = [eb("document.visibility", "=", "public")];
    if (scope.memberOf.length) rules.push(eb("document.organization_id", "in", scope.memberOf));
    if (scope.verifiedHospitals.length) {
      rules.push(eb("document.visibility", "=", "hospitals"));
      rules.push(
        eb.and([
          eb("document.visibility", "=", "request"),
          eb.exists(
            eb
              .selectFrom("access_request")
              .select("access_request.id")
              .whereRef("access_request.document_id", "=", "document.id")
              .where("access_request.organization_id", "in", scope.verifiedHospitals)
              .where("access_request.status", "=", "approved")
              .where((e) => e.or([e("access_request.expires_at", "is", null), e("access_request.expires_at", ">=", now)])),
          ),
        ]),
      );
    }
    return eb.or(rules);
  };
}

/**
 * What a reader may learn of a document: readable (everything), locked (a 申請制 document the reader may not read:
 * its type, title, service, version number and dates, never the file, its name, hash or note), or nothing (404,
 * the same as a missing one).
 */
export async function loadReadableDocument(db: Kysely<Database>, reader: Reader, id: string, now = clock.now()) {
  const scope = await readerScope(db, reader);
  const document = await db
    .selectFrom("document")
    .innerJoin("organization", "organization.id", "document.organization_id")
    .leftJoin("service", "service.id", "document.service_id")
    .select([...DOCUMENT_COLUMNS, "organization.name as organization_name", (eb) => documentReadableBy(scope, now)(eb as never).as("readable")])
    .where("document.id", "=", id)
    .where("document.latest_version", ">", 0)
    .executeTakeFirst();
  if (!document) return undefined;
  const readable = Boolean(document.readable);
  if (!readable && document.visibility !== "request") return undefined;
  return { document, readable };
}

/** What a hospital may know about a 申請制 document before access (the request page): who, which document, no file. */
export function requestableDocument(db: Kysely<Database>, id: string) {
  return db
    .selectFrom("document")
    .innerJoin("organization", "organization.id", "document.organization_id")
    .leftJoin("service", "service.id", "document.service_id")
    .select(["document.id", "document.organization_id", "document.kind", "document.title", "organization.name as vendor_name", "service.name as service_name"])
    .where("document.id", "=", id)
    .where("document.visibility", "=", "request")
    .where("document.latest_version", ">", 0)
    .where("document.withdrawn_at", "is", null)
    .executeTakeFirst();
}

/** The bytes of a version the reader may read, or undefined (missing, or not readable: the same 404). */
export async function readableDocumentFile(db: Kysely<Database>, reader: Reader, id: string, number: number) {
  const found = await loadReadableDocument(db, reader, id);
  if (!found?.readable) return undefined;
  const version = await db
    .selectFrom("document_version")
    .innerJoin("document_file", "document_file.sha256", "document_version.sha256")
    .select(["document_version.number", "document_version.file_name", "document_version.content_type", "document_version.sha256", "document_file.bytes"])
    .where("document_version.document_id", "=", id)
    .where("document_version.number", "=", number)
    .executeTakeFirst();
  return version && { ...version, documentId: id };
}

export type VendorDocument = { id: string; kind: DocumentKind; kindLabel: string; title: string; serviceName: string | null; visibility: Visibility; version: number; createdOn: string; expiresOn: string | null; expired: boolean; locked: boolean };

/** The vendor page's 「資料」: documents not withdrawn that the reader may read, and 申請制 ones as locked entries. */
export async function vendorDocuments(db: Kysely<Database>, reader: Reader, organizationId: string, now = clock.now()): Promise<VendorDocument[]> {
  const scope = await readerScope(db, reader);
  const rows = await db
    .selectFrom("document")
    .leftJoin("service", "service.id", "document.service_id")
    .innerJoin("document_version as v", (j) => j.onRef("v.document_id", "=", "document.id").onRef("v.number", "=", "document.latest_version"))
    .select(["document.id", "document.kind", "document.title", "service.name as service_name", "document.visibility", "document.latest_version", "v.created_on", "v.expires_on", (eb) => documentReadableBy(scope, now)(eb as never).as("readable")])
    .where("document.organization_id", "=", organizationId)
    .where("document.withdrawn_at", "is", null)
    .where((eb) => eb.or([documentReadableBy(scope, now)(eb), eb("document.visibility", "=", "request")]))
    .orderBy("document.kind")
    .orderBy("document.created_at", "desc")
    .execute();
  const today = todayInJapan(now);
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    kindLabel: documentKindLabels[r.kind] ?? r.kind,
    title: r.title,
    serviceName: r.service_name,
    visibility: r.visibility,
    version: r.latest_version,
    createdOn: r.created_on,
    expiresOn: r.expires_on,
    expired: isExpired(r.expires_on, today),
    locked: !r.readable,
  }));
}

/** Valid through its 有効期限 (a Japanese calendar date) inclusive; past it from the next day in Japan. */
export function isExpired(expiresOn: string | null, today = todayInJapan()): boolean {
  return Boolean(expiresOn && expiresOn < today);
}

/** A version as the vendor's and the readers' pages show it: dates in Japanese, 有効期限切れ by Japan's date. */
export function documentVersionView(v: Awaited<ReturnType<typeof listDocumentVersions>>[number]) {
  return {
    number: v.number,
    fileName: v.file_name,
    size: v.size,
    sha256: v.sha256,
    createdOn: japaneseDate(v.created_on),
    expiresOn: v.expires_on ? japaneseDate(v.expires_on) : null,
    expired: isExpired(v.expires_on),
    note: v.note,
    uploadedAt: formatDateTime(v.uploaded_at),
  };
}

/** 「2026年12月2日」 from YYYY-MM-DD (the date as written, no time zone involved). */
export function japaneseDate(date: string): string {
  const [y, m, d] = date.split("-").map(Number);
  return `${y}年${m}月${d}日`;
}

/**
 * The chosen file of a form, or a Japanese reason. The size is checked before the bytes are read (the body as a
 * whole is bounded before Remix sees it: app/utils/http-middleware.server.ts).
 */
export async function uploadOf(form: FormData): Promise<Upload | string> {
  const file = form.get("file");
  if (typeof file === "string" || file === null || (file.size === 0 && !file.name)) return "登録するファイル（PDF、.xlsx、.docx）を選んでください";
  if (file.size > DOCUMENT_MAX_BYTES) return `ファイルが大きすぎます（${(Math.ceil((file.size / 1024 / 1024) * 10) / 10).toLocaleString("ja-JP")} MB、上限 ${DOCUMENT_MAX_BYTES / 1024 / 1024} MB）`;
  return { fileName: file.name, bytes: Buffer.from(await file.arrayBuffer()) };
}

export const DOCUMENT_NOT_FOUND = "指定された資料は見つかりません";
