// Bringing a form in from its spreadsheet as an administrator (issue 13, item 1), over HTTP: upload → the sheet
// and a first mapping → a preview with every problem → the mapping fixed in the form → publish → the template at
// /templates → a vendor creates, answers and publishes a disclosure on it; the next edition starts from the saved
// mapping; every kind of bad input is refused in Japanese with nothing stored; only the uploading administrator
// reaches an import.
import { readFileSync } from "node:fs";
import path from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formValues } from "../app/models/template-import-form.server.js";
import { walkItems } from "../disclosures/template-loader.js";
import { templateContentHash } from "../disclosures/template-summary.js";
import type { Template } from "../disclosures/template-schema.js";
import { previewImport, readWorkbook, type ImportProblem } from "../disclosures/workbook/index.js";
import { damagedWorkbook, legacyXlsWorkbook, passwordProtectedWorkbook, zipBombLying } from "./fixtures/bad-workbooks.js";
import { FIXTURES_DIR, mdsWorkbook } from "./fixtures/make-workbooks.js";
import { Client, STRONG_PASSWORD } from "./helpers/client.js";
import { startApp } from "./helpers/http.js";

let app: Awaited<ReturnType<typeof startApp>>;
const users = {} as Record<"admin" | "otherAdmin" | "vendor" | "member", Client>;
let vendorOrg = "";
let mdsBytes: Buffer;
const mdsMapping = () => JSON.parse(readFileSync(path.join(FIXTURES_DIR, "mds.mapping.json"), "utf8")) as Record<string, any>;

async function signUp(email: string): Promise<Client> {
  const client = new Client(app.base);
  const response = await client.post("/signup", { email, displayName: email.split("@")[0], password: STRONG_PASSWORD, confirm: STRONG_PASSWORD });
  expect(response.status, `sign-up ${email}`).toBe(302);
  return client;
}

/** Text as a reader sees it: tags dropped, the entities React writes decoded, spaces collapsed. */
function text(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, "")
    .replace(/<[^>]+>/g, " ")
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");
}

const cookie = (client: Client) => [...client.cookies].map(([k, v]) => `${k}=${v}`).join("; ");

/** A multipart upload as the page's form sends it. */
async function upload(client: Client, file: { name: string; bytes: Buffer } | null, fields: Record<string, string> = {}) {
  const form = new FormData();
  form.set("intent", "upload");
  for (const [key, value] of Object.entries(fields)) form.set(key, value);
  if (file) form.set("file", new Blob([new Uint8Array(file.bytes)], { type: "application/octet-stream" }), file.name);
  return fetch(`${app.base}/admin/templates`, { method: "POST", redirect: "manual", headers: { cookie: cookie(client), origin: app.base, "sec-fetch-site": "same-origin" }, body: form });
}

async function uploaded(client: Client, file: { name: string; bytes: Buffer }, fields: Record<string, string> = {}): Promise<string> {
  const response = await upload(client, file, fields);
  expect(response.status, await response.clone().text()).toBe(302);
  const location = response.headers.get("location")!;
  expect(location).toMatch(/^\/admin\/templates\/imports\/[0-9a-f-]{36}$/);
  return location.split("/").pop()!;
}

async function stored(id: string) {
  const row = await app.db.selectFrom("template_import").select(["revision", "mapping", "based_on", "file_name"]).where("id", "=", id).executeTakeFirstOrThrow();
  return { ...row, json: JSON.parse(row.mapping) as Record<string, any> };
}

/** Saves a mapping typed into the JSON field only (as a script or an administrator editing the JSON would). */
async function saveJson(client: Client, id: string, mapping: unknown) {
  const { revision } = await stored(id);
  return client.post(`/admin/templates/imports/${id}`, { intent: "save", revision: String(revision), json: typeof mapping === "string" ? mapping : JSON.stringify(mapping) });
}

/** Submits the mapping form as a browser would: every field as rendered, `changes` applied, unchecked boxes left out. */
async function saveForm(client: Client, id: string, changes: Record<string, string>, json?: unknown) {
  const { revision, mapping } = await stored(id);
  const fields = { ...formValues(JSON.parse(mapping)), ...changes };
  const sent = Object.fromEntries(Object.entries(fields).filter(([key, value]) => !(value === "" && /^(header\.|allMet$|levels\.\d\.merged$)/.test(key))));
  return client.post(`/admin/templates/imports/${id}`, { intent: "save", revision: String(revision), fields: "1", ...sent, json: json === undefined ? mapping : JSON.stringify(json) });
}

/** A problem as its table row reads: sheet, row(s), column, message (empty cells leave no text). */
const line = (p: ImportProblem) => ` ${[p.sheet, p.row ? (p.lastRow ? `${p.row}〜${p.lastRow}` : p.row) : "", p.column ?? "", p.message].filter(Boolean).join(" ")} `;

const page = async (client: Client, id: string, query = "") => client.text(`/admin/templates/imports/${id}${query}`);
const counts = async () => ({
  imports: Number((await app.db.selectFrom("template_import").select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow()).n),
  versions: Number((await app.db.selectFrom("template_version").select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow()).n),
  audit: Number((await app.db.selectFrom("audit_log").select((eb) => eb.fn.countAll().as("n")).where("action", "like", "template.%").executeTakeFirstOrThrow()).n),
});

beforeAll(async () => {
  app = await startApp();
  users.admin = await signUp("importer@kaiji.example");
  users.otherAdmin = await signUp("second-admin@kaiji.example");
  users.vendor = await signUp("vendor@import.example");
  users.member = await signUp("member@import.example");
  await app.db.updateTable("user").set({ is_admin: 1 }).where("email", "in", ["importer@kaiji.example", "second-admin@kaiji.example"]).execute();
  vendorOrg = (await users.vendor.post("/orgs", { name: "取込様式テスト株式会社", kind: "vendor" })).headers.get("location")!;
  mdsBytes = await mdsWorkbook();
});
afterAll(() => app?.close());

describe("from upload to a published template and a vendor's disclosure on it", () => {
  let id = "";
  const hostileName = "../..\\C:\\fakepath\\<img src=x onerror=alert(1)>\u202Egpj.xlsx";

  it("uploads a workbook and shows its sheets, the grid with column letters and row numbers, and a first mapping", async () => {
    const before = await counts();
    id = await uploaded(users.admin, { name: hostileName, bytes: mdsBytes });
    const after = await counts();
    expect(after).toEqual({ imports: before.imports + 1, versions: before.versions, audit: before.audit + 1 });
    const { status, html } = await page(users.admin, id);
    expect(status).toBe(200);
    const seen = text(html);
    // Both sheets, the longest one chosen; 20 rows from row 1; the hidden column H marked.
    expect(seen).toContain("記入要領");
    expect(html).toMatch(/<a[^>]*aria-current="page"[^>]*>MDS<\/a>/);
    expect(seen).toMatch(/シート「MDS」の 1〜20 行目（全 \d+ 行）/);
    expect(html).toMatch(/<th scope="col" class="hidden-col">H<span class="mark">非表示<\/span>/);
    expect(html).toMatch(/<th scope="row">10<span class="mark">見出し行<\/span><\/th>/);
    expect(seen).toContain("質問項目");
    // The first guess: the heading row, the columns by their headings, merged chapter rows, はい／いいえ／対象外.
    const { json } = await stored(id);
    expect(json.headerRows).toEqual([10]);
    expect(json.columns).toEqual({ number: "A", text: "B", level: "C", references: "F", checkPoints: "G" });
    expect(json.sections).toEqual([expect.objectContaining({ from: "row", column: "A", merged: true })]);
    expect(json.scales).toEqual([{ registry: "yesNoNotApplicable" }]);
    // The source edition is the administrator's to say: a problem until then, named in Japanese.
    expect(seen).toMatch(/マッピング（出典の版） 出典の版（template\.source\.edition） が空です。/);
    expect(seen).toMatch(/問題 \d+件/);
    expect(seen).toContain("プレビューに問題がある間は公開できません");
  });

  it("shows the file name without its path, tags or invisible characters, as text", async () => {
    const { html } = await page(users.admin, id);
    expect((await stored(id)).file_name).toBe("<img src=x onerror=alert(1)>gpj.xlsx");
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;gpj.xlsx");
    expect(html).not.toContain("<img src=x");
    expect(html).not.toContain("\u202E");
    expect(html).not.toContain("fakepath");
    const list = await users.admin.text("/admin/templates");
    expect(list.html).toContain("&lt;img src=x onerror=alert(1)&gt;gpj.xlsx");
    expect(list.html).not.toContain("<img src=x");
  });

  it("lists every problem with its sheet, row and column, stores no template and refuses to publish", async () => {
    // The level read from the references column: every item row has an unknown 区分 word.
    const wrong = { ...mdsMapping(), columns: { ...mdsMapping().columns, level: "F" } };
    const saved = await saveJson(users.admin, id, wrong);
    expect(saved.status).toBe(302);
    const expected = previewImport(await readWorkbook(mdsBytes), wrong).problems;
    const errors = expected.filter((p: ImportProblem) => p.kind === "error");
    // Every item row, and every chapter that is left without items.
    expect(errors.length).toBe(39 + 13);
    const seen = text((await page(users.admin, id)).html);
    for (const p of errors) expect(seen).toContain(line(p));
    expect(errors[1].message).toMatch(/^区分「企画管理編 1\.1」は対応表にありません（使える語: 必須、◎/);
    expect(seen).toContain(`問題 ${errors.length}件`);
    // Skipped rows are listed apart, as information.
    const skipped = expected.filter((p) => p.kind === "skipped");
    expect(skipped.length).toBeGreaterThan(0);
    expect(seen).toContain(`読み飛ばした行（${skipped.length}件、参考）`);
    for (const p of skipped) expect(seen).toContain(line(p));
    const before = await counts();
    const publish = await users.admin.post(`/admin/templates/imports/${id}`, { intent: "publish", revision: String((await stored(id)).revision) });
    expect(publish.status).toBe(400);
    expect(text(await publish.text())).toContain(`問題が${errors.length}件あるため公開できません`);
    expect(await counts()).toEqual(before);
  });

  it("applies the form's changed fields to the mapping and keeps what was typed into the JSON", async () => {
    const current = (await stored(id)).json;
    // Typed into the JSON: a short title. Changed in the form: the level column. The form's short-title field
    // still shows the old value, so it must not undo the JSON edit.
    const response = await saveForm(users.admin, id, { "columns.level": "C", "header.vendorName": "on" }, { ...current, template: { ...current.template, shortTitle: "MDS 取込テスト" } });
    expect(response.status).toBe(302);
    const { json, revision } = await stored(id);
    expect(json.columns.level).toBe("C");
    expect(json.template.shortTitle).toBe("MDS 取込テスト");
    // 事業者名 was already a header field of the fixture's mapping: checking it again adds nothing.
    expect(json.headerFields.fields.map((f: { text: string }) => f.text)).toEqual(["事業者名", "製品名", "バージョン", "作成日", "連絡先", "対象ガイドライン版"]);
    expect(revision).toBeGreaterThan(2);
    const seen = text((await page(users.admin, id)).html);
    expect(seen).toContain("問題 なし");
    expect(seen).toContain("このまま公開できます: 「製造業者による医療情報セキュリティ開示書（MDS）構造サンプル」");
    // The section tree with item counts, the first items with number, level and answer.
    expect(seen).toContain("1 規程類 3項目");
    expect(seen).toContain("13 外部攻撃 3項目");
    expect(seen).toMatch(/番号 項目 区分 回答 1\.1 （項目文サンプル）MDS-1\.1 (必須|推奨|—) はい／いいえ／対象外/);
    expect(seen).toContain("全項目が「はい」または「対象外」");
  });

  it("turns the form's choices into the mapping: scale, header fields, the allMet rule, section levels", async () => {
    const original = (await stored(id)).json;
    expect((await saveForm(users.admin, id, { scale: "yesNoWithDates", "header.contact": "", allMet: "", "levels.0.title": "none" })).status).toBe(302);
    let json = (await stored(id)).json;
    expect(json.scales).toEqual([{ registry: "yesNoWithDates" }]);
    expect(json.answer.default).toEqual({ kind: "status", scale: "yesNoWithDates" });
    expect(json.headerFields.fields.map((f: { text: string }) => f.text)).not.toContain("連絡先");
    expect(json.derived).toBeUndefined();
    expect(json.sections[0].titlePattern).toBeUndefined();
    const seen = text((await page(users.admin, id)).html);
    expect(seen).toMatch(/（項目文サンプル）MDS-1\.1 (必須|推奨|—) はい／いいえ 1\.2 /);
    expect(seen).toContain("1．規程類 3項目");
    // And back, through the JSON: editing it directly works too.
    expect((await saveJson(users.admin, id, { ...original, columns: { ...original.columns, level: "C" } })).status).toBe(302);
    json = (await stored(id)).json;
    expect(json).toEqual({ ...original, columns: { ...original.columns, level: "C" } });
  });

  it("refuses a form rendered from an older mapping (409) and JSON that does not parse (400), changing nothing", async () => {
    const { revision, mapping } = await stored(id);
    const stale = await users.admin.post(`/admin/templates/imports/${id}`, { intent: "save", revision: String(revision - 1), json: mapping });
    expect(stale.status).toBe(409);
    expect(text(await stale.text())).toContain("別の画面で変更されました");
    const broken = await users.admin.post(`/admin/templates/imports/${id}`, { intent: "save", revision: String(revision), json: '{ "format": "kaiji.template-workbook-mapping", }' });
    expect(broken.status).toBe(400);
    const html = await broken.text();
    expect(text(html)).toMatch(/マッピングのJSONを読めません（1行目 \d+文字目付近）/);
    // What was typed is shown again to be fixed, not lost.
    expect(html).toContain("{ &quot;format&quot;: &quot;kaiji.template-workbook-mapping&quot;, }</textarea>");
    const notObject = await users.admin.post(`/admin/templates/imports/${id}`, { intent: "save", revision: String(revision), json: "[1, 2]" });
    expect(notObject.status).toBe(400);
    expect(text(await notObject.text())).toContain("マッピングは { } で囲んだJSONのオブジェクトにしてください");
    const deep = await users.admin.post(`/admin/templates/imports/${id}`, { intent: "save", revision: String(revision), json: `{"items": ${"[".repeat(30)}${"]".repeat(30)}}` });
    expect(deep.status).toBe(400);
    expect(text(await deep.text())).toContain("マッピングのJSONの入れ子が深すぎます（24段まで）。");
    const badRows = await saveForm(users.admin, id, { headerRows: "十行目" });
    expect(badRows.status).toBe(400);
    expect(text(await badRows.text())).toContain("見出し行は行番号を数字で入力してください");
    expect(await stored(id)).toMatchObject({ revision, mapping });
  });

  let template: Template;
  it("publishes: the version is stored with origin import, its hash and the mapping; the import and its file are gone; audited", async () => {
    const { revision, json } = await stored(id);
    const expected = previewImport(await readWorkbook(mdsBytes), json);
    expect(expected.template).not.toBeNull();
    const response = await users.admin.post(`/admin/templates/imports/${id}`, { intent: "publish", revision: String(revision) });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/admin/templates?published=mds-structure-sample%401.0.0");
    const row = await app.db.selectFrom("template_version").selectAll().where("template_id", "=", "mds-structure-sample").where("version", "=", "1.0.0").executeTakeFirstOrThrow();
    template = JSON.parse(row.definition);
    expect(row.origin).toBe("import");
    expect(row.content_hash).toBe(expected.contentHash);
    expect(row.content_hash).toBe(templateContentHash(template));
    expect(JSON.parse(row.mapping!)).toEqual(expected.mapping);
    expect(await app.db.selectFrom("template_import").select("id").where("id", "=", id).executeTakeFirst()).toBeUndefined();
    const log = await app.db.selectFrom("audit_log").select(["action", "target", "detail", "actor_email"]).where("action", "like", "template.%").orderBy("id").execute();
    expect(log.map((l) => l.action)).toEqual(["template.import_uploaded", "template.imported"]);
    expect(log[1]).toMatchObject({ target: "mds-structure-sample@1.0.0", actor_email: "importer@kaiji.example" });
    expect(JSON.parse(log[1].detail!)).toMatchObject({ template: "mds-structure-sample@1.0.0", items: 39, sha256: row.content_hash });
    // The announcement names what was published; the registry lists it as imported, with its hash.
    const list = text((await users.admin.text(response.headers.get("location")!)).html);
    expect(list).toContain("「製造業者による医療情報セキュリティ開示書（MDS）構造サンプル」（mds-structure-sample 版 1.0.0）を公開しました。");
    expect(list).toMatch(new RegExp(`1\\.0\\.0 取込 マッピング保存済み ${row.content_hash}`));
    expect(list).toMatch(/1\.0\.0 組み込み [0-9a-f]{64}/);
    expect(list).toContain("取込中のファイルはありません。");
    // An announcement for a version that does not exist is not shown.
    expect(text((await users.admin.text("/admin/templates?published=hispro-checksheet%409.9.9")).html)).not.toContain("を公開しました");
    // Publishing the same import again: it is gone.
    expect((await users.admin.post(`/admin/templates/imports/${id}`, { intent: "publish", revision: String(revision) })).status).toBe(404);
  });

  it("appears at /templates and its own page like any template", async () => {
    const index = text((await new Client(app.base).text("/templates")).html);
    expect(index).toContain("製造業者による医療情報セキュリティ開示書（MDS）構造サンプル");
    const own = await new Client(app.base).text("/templates/mds-structure-sample/1.0.0");
    expect(own.status).toBe(200);
    expect(text(own.html)).toContain("（項目文サンプル）MDS-13.3");
  });

  it("can be chosen by a vendor, answered and published", async () => {
    const created = await users.vendor.post(`${vendorOrg}/disclosures`, { template: "mds-structure-sample@1.0.0", visibility: "public" });
    expect(created.status).toBe(302);
    const edit = created.headers.get("location")!;
    expect(edit).toMatch(/\/edit$/);
    const disclosure = edit.split("/").at(-2)!;
    expect((await users.vendor.text(edit)).status).toBe(200);
    const values: Record<string, unknown> = { vendorName: "取込様式テスト株式会社", productName: "テスト電子カルテ", productVersion: "5.1", writtenOn: "2026-12-01", contact: "情報セキュリティ室\n03-0000-0000", guidelineEdition: "第6.0版" };
    const changes = [...walkItems(template)].map(({ item }) => ({ key: item.key, baseRevision: 0, response: { value: item.answer.kind === "status" ? { status: item.key === "1.2" ? "notApplicable" : "yes" } : values[item.key] } }));
    expect(changes.filter((c) => c.response.value === undefined)).toEqual([]);
    const saved = await users.vendor.postJson(`${vendorOrg}/disclosures/${disclosure}/draft`, { changes });
    expect(saved.status).toBe(200);
    const published = await users.vendor.post(`${vendorOrg}/disclosures/${disclosure}`, { intent: "publish", reason: "初版" });
    expect(published.status).toBe(200);
    const version = await new Client(app.base).text(`/disclosures/${disclosure}/v/1`);
    expect(version.status).toBe(200);
    const seen = text(version.html);
    expect(seen).toContain("全項目が「はい」または「対象外」");
    expect(seen).toContain("テスト電子カルテ");
  });
});

describe("the next edition starts from the saved mapping", () => {
  it("offers the imported template, raises the version, and publishes 1.1.0 beside 1.0.0", async () => {
    const list = await users.admin.text("/admin/templates");
    expect(list.html).toMatch(/<option value="mds-structure-sample">[^<]*最新の取込版 1\.0\.0/);
    // Built-in templates have no saved mapping to start from.
    expect(list.html).not.toContain('<option value="hispro-checksheet">');
    const id = await uploaded(users.admin, { name: "mds-2027.xlsx", bytes: mdsBytes }, { basedOn: "mds-structure-sample" });
    const savedWith = JSON.parse((await app.db.selectFrom("template_version").select("mapping").where("template_id", "=", "mds-structure-sample").where("version", "=", "1.0.0").executeTakeFirstOrThrow()).mapping!);
    const { json, based_on } = await stored(id);
    expect(based_on).toBe("mds-structure-sample@1.0.0");
    expect(json).toEqual({ ...savedWith, template: { ...savedWith.template, version: "1.1.0" } });
    const seen = text((await page(users.admin, id)).html);
    expect(seen).toContain("前の版 mds-structure-sample@1.0.0 のマッピングから始めました。");
    expect(seen).toContain("このまま公開できます");
    // Set back to 1.0.0, it is refused: a stored version never changes.
    expect((await saveForm(users.admin, id, { "template.version": "1.0.0" })).status).toBe(302);
    const before = await counts();
    const refused = await users.admin.post(`/admin/templates/imports/${id}`, { intent: "publish", revision: String((await stored(id)).revision) });
    expect(refused.status).toBe(409);
    expect(text(await refused.text())).toContain("様式「mds-structure-sample」の版 1.0.0 は既に登録されています（取込）。登録済みの版は変更できないため、版の番号を上げてください。");
    expect(await counts()).toEqual(before);
    expect((await saveForm(users.admin, id, { "template.version": "1.1.0", "template.source.edition": "構造サンプル 2027年版" })).status).toBe(302);
    expect((await users.admin.post(`/admin/templates/imports/${id}`, { intent: "publish", revision: String((await stored(id)).revision) })).status).toBe(302);
    const versions = await app.db.selectFrom("template_version").select(["version", "origin"]).where("template_id", "=", "mds-structure-sample").orderBy("version").execute();
    expect(versions).toEqual([
      { version: "1.0.0", origin: "import" },
      { version: "1.1.0", origin: "import" },
    ]);
    expect((await new Client(app.base).text("/templates/mds-structure-sample/1.1.0")).status).toBe(200);
    expect((await users.admin.text("/admin/templates")).html).toMatch(/<option value="mds-structure-sample">[^<]*最新の取込版 1\.1\.0/);
  });
});

describe("bad input: a clear Japanese message and nothing stored", () => {
  async function refused(file: { name: string; bytes: Buffer } | null, message: string | RegExp, status = 400, fields: Record<string, string> = {}) {
    const before = await counts();
    const response = await upload(users.admin, file, fields);
    expect(response.status).toBe(status);
    const body = text(await response.text());
    if (typeof message === "string") expect(body).toContain(message);
    else expect(body).toMatch(message);
    expect(await counts()).toEqual(before);
    return body;
  }

  it("no file", async () => {
    await refused(null, "取り込むファイル（.xlsx または .csv）を選んでください");
  });

  it("not a workbook: an image named .xlsx, a binary file, an empty file", async () => {
    const png = Buffer.from("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489", "hex");
    await refused({ name: "form.xlsx", bytes: png }, "取り込めませんでした: Excel ブック（.xlsx）ではありません。ファイルの中身が拡張子と合っていません。");
    await refused({ name: "form.bin", bytes: png }, "Excel ブック（.xlsx）または CSV ファイルではありません。");
    await refused({ name: "empty.xlsx", bytes: Buffer.alloc(0) }, "ファイルが空です。");
  });

  it("corrupt, password-protected, .xls and a ZIP bomb", async () => {
    await refused({ name: "broken.xlsx", bytes: damagedWorkbook(mdsBytes) }, /ファイルが壊れているため読み込めません。.*Excel で開いて保存し直してください。/);
    await refused({ name: "secret.xlsx", bytes: passwordProtectedWorkbook() }, "パスワードで保護されたブックは読み込めません。Excel でパスワードを解除して保存し直してから取り込んでください。");
    await refused({ name: "old.xls", bytes: legacyXlsWorkbook() }, "Excel 97-2003 形式（.xls）には対応していません。");
    await refused({ name: "bomb.xlsx", bytes: zipBombLying(200) }, "展開すると大きくなりすぎるため、読み込みを中止しました。");
  });

  it("larger than 10 MB: refused before it is parsed, in words; far larger, refused before it is read", async () => {
    const limit = 10 * 1024 * 1024;
    // Not a workbook at all: if it were parsed, the message would say so instead.
    await refused({ name: "large.xlsx", bytes: Buffer.alloc(limit + 1, 0x41) }, "ファイルが大きすぎます（10.1 MB、上限 10 MB）。不要なシートや画像を削除してから取り込んでください。");
    await refused({ name: "huge.xlsx", bytes: Buffer.alloc(limit + 600 * 1024, 0x41) }, "送信された内容が大きすぎます", 413);
  });

  it("more than 5,000 rows", async () => {
    const csv = Buffer.from(["番号,項目", ...Array.from({ length: 5_001 }, (_, i) => `${i + 1},項目${i + 1}`)].join("\r\n"));
    await refused({ name: "long.csv", bytes: csv }, "シート「CSV」の行数が上限を超えています（5,002 行、上限 5,000 行）。");
  });

  it("an unknown form to start from", async () => {
    await refused({ name: "mds.xlsx", bytes: mdsBytes }, "選んだ様式には、マッピングを保存した取込の版がありません", 400, { basedOn: "hispro-checksheet" });
  });

  describe("problems of a mapping, listed in the preview and never published", () => {
    const csv = Buffer.from(
      ["番号,項目,区分", "1,（項目文サンプル）一,必須", "2,（項目文サンプル）二,推奨", "2,（項目文サンプル）三,最重要", "4,,必須", "5,（項目文サンプル）五,○"].join("\r\n"),
    );
    const mapping = {
      format: "kaiji.template-workbook-mapping",
      formatVersion: 1,
      template: { id: "csv-sample", version: "1.0.0", title: "CSV のサンプル", source: { document: "CSV のサンプル", edition: "テスト" } },
      sheet: "CSV",
      headerRows: [1],
      columns: { number: "A", text: "B", level: "C" },
      answer: { default: { kind: "status", scale: "yesNoNotApplicable" } },
      scales: [{ registry: "yesNoNotApplicable" }],
    };
    let id = "";
    beforeAll(async () => {
      id = await uploaded(users.admin, { name: "sample.csv", bytes: csv });
    });

    it("duplicate numbers, unknown level words and an empty text, each with row and column", async () => {
      expect((await saveJson(users.admin, id, mapping)).status).toBe(302);
      const seen = text((await page(users.admin, id)).html);
      expect(seen).toContain(" CSV 4 C 区分「最重要」は対応表にありません（使える語: 必須、◎、●、推奨、○、任意、－、-、―）。 ");
      expect(seen).toContain(" CSV 5 B 項目文が空です。 ");
      // Row 4's level word is unknown, so the row is not an item: the duplicate is found once it reads.
      const fixed = { ...mapping, levelWords: { 必須: "required", 推奨: "recommended", 最重要: "required", "○": "recommended" } };
      expect((await saveJson(users.admin, id, fixed)).status).toBe(302);
      const again = text((await page(users.admin, id)).html);
      expect(again).toContain(" CSV 4 A 番号「2」が 3 行目と重複しています。 ");
      expect(again).toContain("プレビューに問題がある間は公開できません");
    });

    it("required fields left unmapped, and messages of the schema in Japanese", async () => {
      const { columns: _columns, ...withoutColumns } = mapping;
      expect((await saveJson(users.admin, id, { ...withoutColumns, columns: { number: "A" }, template: { ...mapping.template, id: "日本語ID", version: "1.0" } })).status).toBe(302);
      const seen = text((await page(users.admin, id)).html);
      expect(seen).toContain("マッピング（項目文の列） 項目文の列（columns.text） が指定されていません。");
      expect(seen).toContain("マッピング（様式ID） 様式ID（template.id）: 半角英数字と . _ - だけで書いてください（例: mds-sample）。");
      expect(seen).toContain("マッピング（版） 様式の版（template.version）: 1.0.0 のように数字を . で3つ区切って書いてください。");
      expect(seen).not.toMatch(/must|Expected/);
      const before = await counts();
      const publish = await users.admin.post(`/admin/templates/imports/${id}`, { intent: "publish", revision: String((await stored(id)).revision) });
      expect(publish.status).toBe(400);
      expect(await counts()).toEqual(before);
    });
  });
});

describe("escaping: cell texts and sheet names are text, never markup", () => {
  it("shows a hostile sheet name and cells as escaped text", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("<img src=x onerror=alert(1)>");
    ws.getRow(1).values = ["番号", "項目"];
    ws.getRow(2).values = ["1", '<script>alert("cell")</script>'];
    ws.getRow(3).values = ["2", "<iframe src=//evil.example>"];
    const id = await uploaded(users.admin, { name: "hostile.xlsx", bytes: Buffer.from(await wb.xlsx.writeBuffer()) });
    const { html } = await page(users.admin, id);
    expect(html).not.toContain("<img src=x");
    expect(html).not.toContain('<script>alert("cell")');
    expect(html).not.toContain("<iframe");
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(html).toContain("&lt;script&gt;alert(&quot;cell&quot;)&lt;/script&gt;");
    expect(html).not.toContain("dangerouslySetInnerHTML");
  });
});

describe("who may import", () => {
  let id = "";
  beforeAll(async () => {
    id = await uploaded(users.admin, { name: "mds.xlsx", bytes: mdsBytes });
  });

  it("non-administrators get 403 on every page and action, and their upload stores nothing", async () => {
    for (const client of [users.vendor, users.member]) {
      expect((await client.get("/admin/templates")).status).toBe(403);
      expect((await client.get(`/admin/templates/imports/${id}`)).status).toBe(403);
      expect((await client.post(`/admin/templates/imports/${id}`, { intent: "delete", confirm: "yes" })).status).toBe(403);
      const before = await counts();
      expect((await upload(client, { name: "mds.xlsx", bytes: mdsBytes })).status).toBe(403);
      expect(await counts()).toEqual(before);
    }
  });

  it("anonymous visitors are sent to sign in", async () => {
    const anonymous = new Client(app.base);
    for (const url of ["/admin/templates", `/admin/templates/imports/${id}`]) {
      const response = await anonymous.get(url);
      expect(response.status).toBe(302);
      expect(response.headers.get("location")).toBe(`/login?redirectTo=${encodeURIComponent(url)}`);
    }
    const before = await counts();
    expect((await upload(anonymous, { name: "mds.xlsx", bytes: mdsBytes })).status).toBe(302);
    expect(await counts()).toEqual(before);
  });

  it("another administrator's import, and one that does not exist, are 404 alike", async () => {
    for (const target of [id, "00000000-0000-0000-0000-000000000000", "no-such-import"]) {
      const shown = await users.otherAdmin.text(`/admin/templates/imports/${target}`);
      expect(shown.status).toBe(404);
      expect(shown.html).not.toContain("mds.xlsx");
      expect((await users.otherAdmin.post(`/admin/templates/imports/${target}`, { intent: "delete", confirm: "yes" })).status).toBe(404);
    }
    expect(text((await users.otherAdmin.text("/admin/templates")).html)).toContain("取込中のファイルはありません。");
    expect((await stored(id)).file_name).toBe("mds.xlsx");
  });

  it("deleting asks for confirmation, then removes the import and its file; audited", async () => {
    const unconfirmed = await users.admin.post(`/admin/templates/imports/${id}`, { intent: "delete" });
    expect(unconfirmed.status).toBe(400);
    const response = await users.admin.post(`/admin/templates/imports/${id}`, { intent: "delete", confirm: "yes" });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/admin/templates?deleted=1");
    expect(await app.db.selectFrom("template_import").select("id").where("id", "=", id).executeTakeFirst()).toBeUndefined();
    const last = await app.db.selectFrom("audit_log").select(["action", "target", "detail"]).orderBy("id", "desc").executeTakeFirstOrThrow();
    expect(last).toMatchObject({ action: "template.import_deleted", target: id });
    expect(JSON.parse(last.detail!)).toEqual({ file: "mds.xlsx" });
    expect((await users.admin.get(`/admin/templates/imports/${id}`)).status).toBe(404);
  });
});

describe("the parsed grids are kept, a few at a time", () => {
  // The module as the test process loads it (the server has its own copy): same code, its own cache.
  it("keeps the last 4 grids and the preview of the current revision; an evicted grid is read again from the stored file", async () => {
    const model = await import("../app/models/template-import.server.js");
    const user = await app.db.selectFrom("user").select(["id", "email"]).where("email", "=", "importer@kaiji.example").executeTakeFirstOrThrow();
    const actor = { userId: user.id, email: user.email };
    const meta = { ip: "127.0.0.1", userAgent: "test" };
    const csv = (n: number) => Buffer.from(`番号,項目\r\n${n},（項目文サンプル）${n}\r\n`);
    const ids: string[] = [];
    for (let n = 1; n <= 5; n++) ids.push(await model.createImport(app.db, actor, { fileName: `cache-${n}.csv`, bytes: csv(n) }, meta));
    expect(model.GRID_CACHE_LIMITS.entries).toBe(4);
    expect(model.gridCacheStats().ids).toEqual(ids.slice(1));
    const first = (await model.getImport(app.db, ids[0], user.id))!;
    const grid = await model.importGrid(app.db, first);
    expect(grid).toEqual(await readWorkbook(csv(1), { fileName: "cache-1.csv" }));
    expect(model.gridCacheStats().ids).toEqual([...ids.slice(2), ids[0]]);
    // The preview of one revision is computed once; a saved change of the mapping makes a new one.
    const once = await model.importPreview(app.db, first);
    expect((await model.importPreview(app.db, first)).preview).toBe(once.preview);
    expect(await model.saveImportMapping(app.db, first.id, first.revision, { ...JSON.parse(first.mapping), headerRows: [1] })).toBe(true);
    expect(await model.saveImportMapping(app.db, first.id, first.revision, JSON.parse(first.mapping))).toBe(false);
    const changed = (await model.getImport(app.db, ids[0], user.id))!;
    const again = await model.importPreview(app.db, changed);
    expect(again.preview).not.toBe(once.preview);
    expect(again.grid).toBe(grid);
    await model.deleteImport(app.db, actor, changed, meta);
    expect(model.gridCacheStats().ids).not.toContain(ids[0]);
  });
});
