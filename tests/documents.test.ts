// Document disclosures (issue 15, item 2) over HTTP: PDF and xlsx files uploaded by a vendor, listed, downloaded with
// the exact bytes and download-only headers, versioned by SHA-256, withdrawn with history kept; files refused by their
// content (never their name) with nothing stored; names cleaned; the reading rule of disclosures (医療機関のみ, 申請制
// locked); roles and another organisation.
import { createHash } from "node:crypto";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { Client, STRONG_PASSWORD, visibleText } from "./helpers/client.js";
import { zipArchive, zipBombLying } from "./fixtures/bad-workbooks.js";
import { startApp } from "./helpers/http.js";

// 01:30 on 2 December in Japan, still 1 December in UTC: an expiry rule on the UTC date answers differently.
const NOW = Date.parse("2026-12-02T01:30:00+09:00");
vi.useFakeTimers({ toFake: ["Date"], now: NOW });

let app: Awaited<ReturnType<typeof startApp>>;
const c = {} as Record<"owner" | "editor" | "viewer" | "other" | "hospital" | "anonymous", Client>;
let org = "";
let otherOrg = "";

const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

/** A minimal valid one-page PDF, with a correct cross-reference table; `label` makes each one different. */
function tinyPdf(label: string): Buffer {
  const objects = ["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>", `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Label (${label}) >>`];
  let out = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out);
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("")}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, "latin1");
}

async function tinyXlsx(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet("SDS").addRow(["項目", "回答"]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function signUp(email: string): Promise<Client> {
  const client = new Client(app.base);
  expect((await client.post("/signup", { email, displayName: email.split("@")[0], password: STRONG_PASSWORD, confirm: STRONG_PASSWORD })).status).toBe(302);
  return client;
}

async function createOrg(client: Client, name: string, kind: "vendor" | "hospital"): Promise<string> {
  const response = await client.post("/orgs", { name, kind });
  expect(response.status).toBe(302);
  return response.headers.get("location")!.split("/").pop()!;
}

async function join(owner: Client, member: Client, role: string) {
  const html = await (await owner.post(`/orgs/${org}/members`, { intent: "invite", role })).text();
  const link = html.match(/id="invite-link"[^>]*value="([^"]+)"/)![1];
  expect((await member.post(new URL(link).pathname, {})).status).toBe(302);
}

/** A multipart POST as the page's form sends it. */
async function postFile(client: Client, path: string, fields: Record<string, string>, file: { name: string; bytes: Buffer } | null) {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) form.set(key, value);
  if (file) form.set("file", new Blob([new Uint8Array(file.bytes)], { type: "application/octet-stream" }), file.name);
  return fetch(app.base + path, { method: "POST", redirect: "manual", headers: { cookie: client.cookieHeader(), origin: app.base, "sec-fetch-site": "same-origin" }, body: form });
}

const meta = (over: Record<string, string> = {}) => ({ intent: "upload", title: "資料", kind: "conformity", visibility: "public", createdOn: "2026-11-01", expiresOn: "", note: "", serviceId: "", ...over });

/** Uploads a new document as `client` and returns its id. */
async function uploadDocument(client: Client, fields: Record<string, string>, file: { name: string; bytes: Buffer }): Promise<string> {
  const response = await postFile(client, `/orgs/${org}/documents`, meta(fields), file);
  expect(response.status, await response.clone().text()).toBe(302);
  const location = response.headers.get("location")!;
  expect(location).toMatch(new RegExp(`^/orgs/${org}/documents/[0-9a-f-]{36}\\?uploaded=1$`));
  return location.split("/").pop()!.split("?")[0];
}

async function counts() {
  const n = async (table: "document" | "document_version" | "document_file") => Number((await app.db.selectFrom(table).select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow()).n);
  return { documents: await n("document"), versions: await n("document_version"), files: await n("document_file") };
}

async function page(client: Client, path: string) {
  const response = await client.text(path);
  return { ...response, text: visibleText(response.html) };
}

/** The 「資料」 entries of the vendor page, by document id. */
async function vendorDocuments(client: Client) {
  const { html } = await page(client, `/vendors/${org}`);
  const section = html.slice(html.indexOf('id="vendor-documents"'));
  return new Map(
    section
      .split("<li ")
      .slice(1)
      .map((part) => {
        const body = part.slice(0, part.indexOf("</li>"));
        return [/data-document-id="([^"]+)"/.exec(body)?.[1] ?? "", { locked: body.includes("locked-entry"), text: visibleText(body) }] as const;
      }),
  );
}

const ids = { pdf: "", xlsx: "", hospitals: "", onRequest: "" };
const files: Record<"pdf1" | "pdf2" | "xlsx", Buffer> = { pdf1: tinyPdf("v1"), pdf2: tinyPdf("v2"), xlsx: Buffer.alloc(0) };

beforeAll(async () => {
  app = await startApp();
  c.anonymous = new Client(app.base);
  c.owner = await signUp("owner@documents.example");
  c.editor = await signUp("editor@documents.example");
  c.viewer = await signUp("viewer@documents.example");
  c.other = await signUp("other@documents.example");
  c.hospital = await signUp("hospital@documents.example");
  org = await createOrg(c.owner, "資料テスト株式会社", "vendor");
  otherOrg = await createOrg(c.other, "別の事業者株式会社", "vendor");
  const hospitalOrg = await createOrg(c.hospital, "検証済病院", "hospital");
  await app.db.updateTable("organization").set({ verified_at: NOW }).where("id", "=", hospitalOrg).execute();
  await join(c.owner, c.editor, "editor");
  await join(c.owner, c.viewer, "viewer");
  await app.db.insertInto("service").values({ id: "svc-doc", organization_id: org, name: "資料クラウド", kind: "cloud", description: null, created_at: NOW }).execute();
  files.xlsx = await tinyXlsx();
});
afterAll(async () => {
  await app?.close();
  vi.useRealTimers();
});

describe("uploading and reading documents", () => {
  it("an editor uploads a PDF: listed with its hash, downloadable with the exact bytes as an attachment only", async () => {
    ids.pdf = await uploadDocument(c.editor, { title: "サービス仕様適合開示書 2026年版", serviceId: "svc-doc", expiresOn: "2026-12-01", note: "<b>太字ではない</b>メモ" }, { name: "仕様適合開示書.pdf", bytes: files.pdf1 });
    const list = await page(c.viewer, `/orgs/${org}/documents`);
    expect(list.status).toBe(200);
    expect(list.text).toContain("サービス仕様適合開示書 2026年版");
    expect(list.text).toContain(sha256(files.pdf1));

    const shown = await page(c.anonymous, `/documents/${ids.pdf}`);
    expect(shown.status).toBe(200);
    expect(shown.text).toContain(sha256(files.pdf1));
    expect(shown.text).toContain("作成日 2026年11月1日");
    expect(shown.text).toContain("資料クラウド");
    // The note is text, never markup.
    expect(shown.html).toContain("&lt;b&gt;太字ではない&lt;/b&gt;メモ");

    const file = await c.anonymous.get(`/documents/${ids.pdf}/v/1/file`);
    expect(file.status).toBe(200);
    expect(Buffer.from(await file.arrayBuffer()).equals(files.pdf1)).toBe(true);
    expect(file.headers.get("content-type")).toBe("application/pdf");
    expect(file.headers.get("content-disposition")).toBe(`attachment; filename="document-v1.pdf"; filename*=UTF-8''${encodeURIComponent("仕様適合開示書.pdf")}`);
    expect(file.headers.get("x-content-type-options")).toBe("nosniff");
    expect(file.headers.get("content-security-policy")).toBe("default-src 'none'; sandbox");

    const audit = await app.db.selectFrom("audit_log").select(["action", "detail"]).where("target", "=", ids.pdf).execute();
    expect(audit.map((a) => a.action)).toEqual(["document.uploaded"]);
    expect(JSON.parse(audit[0].detail!).sha256).toBe(sha256(files.pdf1));
  });

  it("an xlsx built with exceljs is kept as a workbook; the vendor page lists both with 有効期限切れ on the past date only", async () => {
    ids.xlsx = await uploadDocument(c.owner, { title: "SDS 5.0", kind: "mds_sds", expiresOn: "2026-12-02" }, { name: "sds.xlsx", bytes: files.xlsx });
    const file = await c.anonymous.get(`/documents/${ids.xlsx}/v/1/file`);
    expect(file.status).toBe(200);
    expect(file.headers.get("content-type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    expect(file.headers.get("content-disposition")).toMatch(/^attachment; /);
    expect(Buffer.from(await file.arrayBuffer()).equals(files.xlsx)).toBe(true);

    const entries = await vendorDocuments(c.anonymous);
    // Expired yesterday in Japan (it is still 1 December in UTC): flagged.
    expect(entries.get(ids.pdf)?.text).toContain("サービス仕様適合開示書・第1版 作成日 2026年11月1日・有効期限 2026年12月1日");
    expect(entries.get(ids.pdf)?.text).toContain("有効期限切れ");
    // Valid through today.
    expect(entries.get(ids.xlsx)?.text).toContain("有効期限 2026年12月2日");
    expect(entries.get(ids.xlsx)?.text).not.toContain("有効期限切れ");
  });

  it("a docx (a ZIP with word/document.xml) is accepted as a Word document", async () => {
    const docx = zipArchive([
      { name: "[Content_Types].xml", data: Buffer.from("<Types/>") },
      { name: "word/document.xml", data: Buffer.from("<w:document/>") },
    ]);
    const id = await uploadDocument(c.editor, { title: "SLA", kind: "sla" }, { name: "sla.docx", bytes: docx });
    const file = await c.anonymous.get(`/documents/${id}/v/1/file`);
    expect(file.headers.get("content-type")).toBe("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    expect(Buffer.from(await file.arrayBuffer()).equals(docx)).toBe(true);
  });

  it("a new upload makes a second, immutable version; both stay downloadable with their own hashes", async () => {
    const response = await postFile(c.editor, `/orgs/${org}/documents/${ids.pdf}`, { intent: "version", createdOn: "2026-12-01", expiresOn: "2027-11-30", note: "" }, { name: "仕様適合開示書-改訂.pdf", bytes: files.pdf2 });
    expect(response.status).toBe(200);
    expect(visibleText(await response.text())).toContain("第2版を登録しました");
    const shown = await page(c.anonymous, `/documents/${ids.pdf}`);
    expect(shown.text).toContain("第2版");
    expect(shown.text).toContain(sha256(files.pdf1));
    expect(shown.text).toContain(sha256(files.pdf2));
    expect(Buffer.from(await (await c.anonymous.get(`/documents/${ids.pdf}/v/1/file`)).arrayBuffer()).equals(files.pdf1)).toBe(true);
    expect(Buffer.from(await (await c.anonymous.get(`/documents/${ids.pdf}/v/2/file`)).arrayBuffer()).equals(files.pdf2)).toBe(true);
    expect((await c.anonymous.get(`/documents/${ids.pdf}/v/3/file`)).status).toBe(404);
    // The vendor page shows the latest version's dates (no longer expired).
    const entry = (await vendorDocuments(c.anonymous)).get(ids.pdf)!;
    expect(entry.text).toContain("第2版 作成日 2026年12月1日・有効期限 2027年11月30日");
    expect(entry.text).not.toContain("有効期限切れ");
    const actions = await app.db.selectFrom("audit_log").select("action").where("target", "=", ids.pdf).orderBy("id").execute();
    expect(actions.map((a) => a.action)).toEqual(["document.uploaded", "document.version_uploaded"]);
  });

  it("withdrawal is the owner's; it keeps every version readable and takes the document off the vendor page", async () => {
    expect((await c.editor.post(`/orgs/${org}/documents/${ids.pdf}`, { intent: "withdraw" })).status).toBe(403);
    expect((await c.viewer.post(`/orgs/${org}/documents/${ids.pdf}`, { intent: "withdraw" })).status).toBe(403);
    expect((await vendorDocuments(c.anonymous)).has(ids.pdf)).toBe(true);
    const withdrawn = await c.owner.post(`/orgs/${org}/documents/${ids.pdf}`, { intent: "withdraw" });
    expect(withdrawn.status).toBe(200);
    expect((await vendorDocuments(c.anonymous)).has(ids.pdf)).toBe(false);
    const shown = await page(c.anonymous, `/documents/${ids.pdf}`);
    expect(shown.status).toBe(200);
    expect(shown.text).toContain("取り下げられました");
    expect(shown.text).toContain(sha256(files.pdf1));
    expect((await c.anonymous.get(`/documents/${ids.pdf}/v/1/file`)).status).toBe(200);
    expect(await app.db.selectFrom("document_version").select("number").where("document_id", "=", ids.pdf).execute()).toHaveLength(2);
    const refused = await postFile(c.owner, `/orgs/${org}/documents/${ids.pdf}`, { intent: "version", createdOn: "2026-12-02" }, { name: "x.pdf", bytes: tinyPdf("v3") });
    expect(refused.status).toBe(400);
    const actions = await app.db.selectFrom("audit_log").select("action").where("target", "=", ids.pdf).orderBy("id").execute();
    expect(actions.map((a) => a.action)).toEqual(["document.uploaded", "document.version_uploaded", "document.withdrawn"]);
  });
});

describe("files are judged by their content, with nothing stored when refused", () => {
  const refusals: [string, () => { name: string; bytes: Buffer }, RegExp][] = [
    ["an HTML page named .pdf", () => ({ name: "report.pdf", bytes: Buffer.from("<!DOCTYPE html><html><body><script>alert(1)</script></body></html>") }), /PDF、Excel ブック、Word 文書のいずれでもありません/],
    ["a Windows program renamed .pdf", () => ({ name: "setup.pdf", bytes: Buffer.concat([Buffer.from("MZ\x90\x00\x03\x00\x00\x00", "latin1"), Buffer.alloc(512, 1)]) }), /PDF、Excel ブック、Word 文書のいずれでもありません/],
    ["a zip bomb renamed .xlsx", () => ({ name: "sds.xlsx", bytes: zipBombLying(50) }), /ZIP 爆弾/],
    ["a ZIP that is neither a workbook nor a document", () => ({ name: "a.xlsx", bytes: zipArchive([{ name: "readme.txt", data: Buffer.from("hi") }]) }), /Excel ブックでも Word 文書でもありません/],
    ["a PDF named .xlsx", () => ({ name: "book.xlsx", bytes: tinyPdf("x") }), /中身（PDF）が名前の拡張子（\.xlsx）と合っていません/],
    ["a file over 20 MB", () => ({ name: "big.pdf", bytes: Buffer.concat([tinyPdf("big"), Buffer.alloc(20 * 1024 * 1024)]) }), /ファイルが大きすぎます（20 MB、上限 20 MB）|ファイルが大きすぎます（[\d.]+ MB、上限 20 MB）/],
    ["an empty file", () => ({ name: "empty.pdf", bytes: Buffer.alloc(0) }), /ファイル/],
  ];
  for (const [what, file, message] of refusals) {
    it(`refuses ${what} in Japanese`, async () => {
      const before = { ...(await counts()), audits: (await app.db.selectFrom("audit_log").select("id").where("action", "like", "document.%").execute()).length };
      const response = await postFile(c.editor, `/orgs/${org}/documents`, meta({ title: what }), file());
      expect(response.status).toBe(400);
      expect(visibleText(await response.text())).toMatch(message);
      expect({ ...(await counts()), audits: (await app.db.selectFrom("audit_log").select("id").where("action", "like", "document.%").execute()).length }).toEqual(before);
    });
  }

  it("refuses a body far over the limit before reading it (413)", async () => {
    const before = await counts();
    const response = await postFile(c.editor, `/orgs/${org}/documents`, meta(), { name: "huge.pdf", bytes: Buffer.concat([tinyPdf("huge"), Buffer.alloc(22 * 1024 * 1024)]) }).catch(() => null);
    // The server answers and closes without reading the body; a client may see the answer or the closed socket.
    if (response) expect(response.status).toBe(413);
    expect(await counts()).toEqual(before);
  });

  it("keeps a name without its path parts, bidi overrides or other invisible characters", async () => {
    const id = await uploadDocument(c.editor, { title: "名前の確認" }, { name: "..\\..\\secret/設定\u202Egpj\u200B\u0085.pdf", bytes: tinyPdf("name") });
    const row = await app.db.selectFrom("document_version").select("file_name").where("document_id", "=", id).executeTakeFirstOrThrow();
    expect(row.file_name).toBe("設定gpj.pdf");
    const file = await c.anonymous.get(`/documents/${id}/v/1/file`);
    expect(file.headers.get("content-disposition")).toContain(`filename*=UTF-8''${encodeURIComponent("設定gpj.pdf")}`);
    expect(file.headers.get("content-disposition")).not.toMatch(/%E2%80%AE|secret/);
  });
});

describe("who may read and change documents", () => {
  it("a hospitals-only document is a 404 like a missing one to anonymous readers and other vendors, read by verified hospitals and members", async () => {
    ids.hospitals = await uploadDocument(c.owner, { title: "医療機関向け SLA", kind: "sla", visibility: "hospitals" }, { name: "sla.pdf", bytes: tinyPdf("hospitals") });
    const missing = await c.anonymous.text("/documents/00000000-0000-0000-0000-000000000000");
    for (const client of [c.anonymous, c.other]) {
      const hidden = await client.text(`/documents/${ids.hospitals}`);
      expect(hidden.status).toBe(404);
      expect(hidden.html.match(/<main[\s\S]*<\/main>/)?.[0]).toBe(missing.html.match(/<main[\s\S]*<\/main>/)?.[0]);
      expect((await client.get(`/documents/${ids.hospitals}/v/1/file`)).status).toBe(404);
    }
    expect((await vendorDocuments(c.anonymous)).has(ids.hospitals)).toBe(false);
    expect((await c.hospital.get(`/documents/${ids.hospitals}`)).status).toBe(200);
    expect((await vendorDocuments(c.hospital)).get(ids.hospitals)?.locked).toBe(false);
    expect((await c.hospital.get(`/documents/${ids.hospitals}/v/1/file`)).status).toBe(200);
    expect((await c.viewer.get(`/documents/${ids.hospitals}/v/1/file`)).status).toBe(200);
  });

  it("a 申請制 document is listed as locked, with the way to ask for it, to everyone outside the vendor, and its file is never served to them", async () => {
    const secretName = "秘密の言明書.pdf";
    ids.onRequest = await uploadDocument(c.owner, { title: "ISMS 言明書", kind: "certificate", visibility: "request", note: "社外秘のメモ" }, { name: secretName, bytes: tinyPdf("request") });
    const hash = sha256(tinyPdf("request"));
    // How each may ask (the flow itself: tests/document-access-requests.test.ts).
    const ways = new Map([
      [c.anonymous, "ログインして申請"],
      [c.hospital, "閲覧を申請"],
      [c.other, "閲覧の申請は医療機関の組織から行えます。"],
    ]);
    for (const [client, way] of ways) {
      const entry = (await vendorDocuments(client)).get(ids.onRequest);
      expect(entry?.locked).toBe(true);
      expect(entry?.text).toContain("申請制");
      expect(entry?.text).toContain(way);
      expect(entry?.text).not.toContain("直接お問い合わせ");
      const shown = await page(client, `/documents/${ids.onRequest}`);
      expect(shown.status).toBe(200);
      expect(shown.text).toContain("事業者が閲覧を承認した医療機関のみ閲覧できます");
      expect(shown.text).toContain(way);
      expect(shown.text).toContain("ISMS 言明書");
      expect(shown.text).not.toContain(hash);
      expect(shown.text).not.toContain("秘密の言明書");
      expect(shown.text).not.toContain("社外秘のメモ");
      expect(shown.html).not.toContain("/v/1/file");
      expect((await client.get(`/documents/${ids.onRequest}/v/1/file`)).status).toBe(404);
    }
    // The vendor's own members read it.
    expect((await vendorDocuments(c.viewer)).get(ids.onRequest)?.locked).toBe(false);
    expect((await page(c.viewer, `/documents/${ids.onRequest}`)).text).toContain(hash);
    expect((await c.viewer.get(`/documents/${ids.onRequest}/v/1/file`)).status).toBe(200);
  });

  it("viewers read the list but cannot upload; nothing is stored", async () => {
    expect((await c.viewer.get(`/orgs/${org}/documents`)).status).toBe(200);
    const before = await counts();
    expect((await postFile(c.viewer, `/orgs/${org}/documents`, meta(), { name: "v.pdf", bytes: tinyPdf("viewer") })).status).toBe(403);
    expect((await postFile(c.viewer, `/orgs/${org}/documents/${ids.xlsx}`, { intent: "version", createdOn: "2026-12-02" }, { name: "v.pdf", bytes: tinyPdf("viewer") })).status).toBe(403);
    expect(await counts()).toEqual(before);
  });

  it("another organisation can neither see nor touch a vendor's documents through its own pages", async () => {
    const before = await counts();
    expect((await c.other.get(`/orgs/${org}/documents`)).status).toBe(404);
    expect((await c.other.get(`/orgs/${org}/documents/${ids.xlsx}`)).status).toBe(404);
    // Through its own organisation's URL, the other vendor's document does not exist.
    expect((await c.other.get(`/orgs/${otherOrg}/documents/${ids.xlsx}`)).status).toBe(404);
    expect((await postFile(c.other, `/orgs/${otherOrg}/documents/${ids.xlsx}`, { intent: "version", createdOn: "2026-12-02" }, { name: "o.pdf", bytes: tinyPdf("other") })).status).toBe(404);
    expect((await c.other.post(`/orgs/${otherOrg}/documents/${ids.xlsx}`, { intent: "withdraw" })).status).toBe(404);
    expect((await postFile(c.other, `/orgs/${org}/documents`, meta(), { name: "o.pdf", bytes: tinyPdf("other") })).status).toBe(404);
    expect(await counts()).toEqual(before);
    const doc = await app.db.selectFrom("document").select(["withdrawn_at", "latest_version"]).where("id", "=", ids.xlsx).executeTakeFirstOrThrow();
    expect(doc).toEqual({ withdrawn_at: null, latest_version: 1 });
  });
});
