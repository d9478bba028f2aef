// A disclosure's answers as a workbook in its form's layout and back (issue 14): published versions under the
// reading rules, drafts for the vendor's members, the import's preview and apply, and the command line.
import { execFile } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDisclosure, getDisclosure, getDraft, publish, saveDraft } from "../app/models/disclosure.server.js";
import { syncBuiltinTemplates } from "../app/models/template.server.js";
import { canonicalJson } from "../disclosures/canonical-json.js";
import { Client, STRONG_PASSWORD, visibleText } from "./helpers/client.js";
import { ROOT, tempDir } from "./helpers/db.js";
import { startApp } from "./helpers/http.js";
import { tinyTemplate } from "./helpers/template-fixture.js";

const meta = { ip: "127.0.0.1", userAgent: "test" };
const template = tinyTemplate();
let app: Awaited<ReturnType<typeof startApp>>;
let vendor: { org: string; user: string; email: string; client: Client };
let other: Client;
const ids: Record<string, string> = {};

async function signUp(name: string) {
  const client = new Client(app.base);
  const email = `${name}@answers-export.example`;
  expect((await client.post("/signup", { email, displayName: name, password: STRONG_PASSWORD, confirm: STRONG_PASSWORD })).status).toBe(302);
  const org = (await client.post("/orgs", { name: `${name}株式会社`, kind: "vendor" })).headers.get("location")!.split("/").pop()!;
  const user = (await app.db.selectFrom("user").select("id").where("email", "=", email).executeTakeFirstOrThrow()).id;
  return { org, user, email, client };
}

async function disclosure(visibility: "public" | "hospitals") {
  const actor = { userId: vendor.user, email: vendor.email };
  const id = await createDisclosure(app.db, actor, vendor.org, { templateId: template.id, templateVersion: template.version, serviceId: null, visibility }, meta);
  const d = (await getDisclosure(app.db, vendor.org, id))!;
  const responses = {
    name: { value: "=HYPERLINK(\"http://evil.example\")" },
    c1: { value: { status: "planned", month: "2027-04" }, note: "@SUM(A1)", evidence: [{ name: "規程", url: "https://example.jp/rule.pdf" }, { name: "手順書", url: "https://example.jp/proc.pdf" }] },
    c2: { value: { status: "notApplicable", reason: "該当業務なし" } },
  };
  await saveDraft(app.db, actor, d, Object.entries(responses).map(([key, response]) => ({ key, baseRevision: 0, response })), meta);
  await publish(app.db, actor, d, template, meta);
  return id;
}

async function read(bytes: ArrayBuffer | Uint8Array) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as ArrayBuffer);
  return workbook;
}

const rowValues = (sheet: ExcelJS.Worksheet, n: number) => (sheet.getRow(n).values as unknown[]).slice(1).map((v) => (v === undefined || v === null ? "" : String(v)));

beforeAll(async () => {
  app = await startApp();
  const dir = tempDir("kaiji-answers-export-");
  writeFileSync(path.join(dir, `${template.id}@${template.version}.json`), canonicalJson(template));
  await syncBuiltinTemplates(app.db, dir);
  vendor = await signUp("vendor");
  other = (await signUp("other")).client;
  ids.public = await disclosure("public");
  ids.hospitals = await disclosure("hospitals");
});
afterAll(async () => {
  await app?.close();
});

describe("a published version as a workbook", () => {
  it("has the header facts, one row per item with its answer, and nothing a spreadsheet would run", async () => {
    const response = await app.get(`/disclosures/${ids.public}/v/1.xlsx`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="answers-[0-9a-f]{8}\.xlsx"; filename\*=UTF-8''%E5%9B%9E%E7%AD%94_vendor/);
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    const workbook = await read(await response.arrayBuffer());
    expect(workbook.worksheets.map((s) => s.name)).toEqual(["回答", "自動判定", "説明"]);
    const sheet = workbook.getWorksheet("回答")!;
    expect(rowValues(sheet, 2)).toEqual(["", "事業者名", "vendor株式会社"]);
    expect(rowValues(sheet, 6)).toEqual(["", "版", "第1版"]);
    expect(rowValues(sheet, 5)).toEqual(["", "様式ID", "tiny@1.0.0"]);
    expect(rowValues(sheet, 11)).toEqual(["キー", "章・節", "番号", "項目", "区分", "回答", "実施時期・日付", "理由", "備考", "根拠資料（名称）", "根拠資料（URL）", "基準"]);
    expect([12, 13, 14, 15].map((n) => rowValues(sheet, n))).toEqual([
      ["name", "基本情報", "", "機関名", "必須", `'=HYPERLINK("http://evil.example")`, "", "", "", "", "", "v1"],
      ["compliance", "基本情報", "", "遵守状況", "", "遵守していない（自動判定）", "", "", "", "", "", "v1"],
      ["c1", "チェックリスト", "1", "方針を定めている", "必須", "実施予定", "2027-04", "", "'@SUM(A1)", "規程\n手順書", "https://example.jp/rule.pdf\nhttps://example.jp/proc.pdf", "v1"],
      ["c2", "チェックリスト", "2", "教育を行っている", "必須", "対象外", "", "該当業務なし", "", "", "", "v1"],
    ]);
    expect(sheet.rowCount).toBe(15);
    expect(sheet.getColumn(1).hidden).toBe(true);
    expect(sheet.getColumn(12).hidden).toBe(true);
    // The scale's words as a drop-down on every status answer, and on nothing else.
    expect(sheet.getCell("F14").dataValidation).toMatchObject({ type: "list", formulae: ['"実施済,実施予定,対象外"'] });
    expect(sheet.getCell("F12").dataValidation).toBeUndefined();
    // Values only: no cell holds a formula.
    workbook.eachSheet((s) => s.eachRow((row) => row.eachCell((cell) => expect(cell.type).not.toBe(ExcelJS.ValueType.Formula))));
    expect(rowValues(workbook.getWorksheet("自動判定")!, 2)).toEqual(["遵守", "遵守していない", "対象 1項目・満たす 0・満たさない 1・未回答 0・対象外 1"]);
  });

  it("follows the reading rules: a 医療機関のみ version is a 404 for an anonymous reader, like an unknown one", async () => {
    expect((await app.get(`/disclosures/${ids.hospitals}/v/1.xlsx`)).status).toBe(404);
    expect((await app.get(`/disclosures/${ids.public}/v/2.xlsx`)).status).toBe(404);
    expect((await app.get(`/disclosures/no-such/v/1.xlsx`)).status).toBe(404);
  });
});

describe("the draft as a workbook", () => {
  it("is for the vendor's members: another organisation gets 404, anonymous is sent to sign in", async () => {
    const mine = await vendor.client.get(`/orgs/${vendor.org}/disclosures/${ids.hospitals}/draft.xlsx`);
    expect(mine.status).toBe(200);
    const sheet = (await read(await mine.arrayBuffer())).getWorksheet("回答")!;
    expect(rowValues(sheet, 6)).toEqual(["", "版", "下書き"]);
    expect(rowValues(sheet, 7)).toEqual(["", "最終更新日", "未公開（下書き）"]);
    // Each row says which revision of the draft it was written from.
    expect(rowValues(sheet, 14).at(-1)).toBe("r1");
    expect((await other.get(`/orgs/${vendor.org}/disclosures/${ids.hospitals}/draft.xlsx`)).status).toBe(404);
    expect((await new Client(app.base).get(`/orgs/${vendor.org}/disclosures/${ids.hospitals}/draft.xlsx`)).status).toBe(302);
  });
});

describe("the form's own columns beside the items", () => {
  it("are written after the answer columns: HISPRO's 対象GL, GLでの参照箇所 and 確認項目, as the sheet orders them", async () => {
    const actor = { userId: vendor.user, email: vendor.email };
    const id = await createDisclosure(app.db, actor, vendor.org, { templateId: "hispro-checksheet", templateVersion: "1.0.0", serviceId: null, visibility: "public" }, meta);
    const sheet = (await read(await (await vendor.client.get(`/orgs/${vendor.org}/disclosures/${id}/draft.xlsx`)).arrayBuffer())).getWorksheet("回答")!;
    expect(rowValues(sheet, 11).slice(11)).toEqual(["基準", "対象GL", "GLでの参照箇所", "確認項目"]);
    expect(rowValues(sheet, 12).slice(0, 4)).toEqual(["1.1.1.1", "1 設備・運用 > 1-1 一般的条件 > 1-1-1 組織・運用への対策項目", "1-1-1-1", expect.stringContaining("経営陣は、情報セキュリティに関する組織的取組")]);
    expect(rowValues(sheet, 12).slice(12)).toEqual(["総務省ASP-GL", "II. 1. 1. 1", "情報セキュリティへの取り組みに関する基本方針が定められ、文書化されているか\nその基本方針文書は経営陣から承認され、署名されているか"]);
    expect(sheet.rowCount).toBe(11 + 504);
  });
});

describe("the command line", () => {
  it("writes the same workbook for a version, and says what is wrong with a missing one", async () => {
    const out = path.join(tempDir("kaiji-answers-cli-"), "v1.xlsx");
    const run = (args: string[]) => promisify(execFile)("npx", ["tsx", "scripts/answers.ts", ...args], { cwd: ROOT, env: { ...process.env, DATABASE_PATH: process.env.DATABASE_PATH } });
    const { stdout } = await run(["export", "--disclosure", ids.public, "--version", "1", "--out", out]);
    expect(stdout).toContain("(tiny@1.0.0, 第1版)");
    const sheet = (await read(readFileSync(out))).getWorksheet("回答")!;
    expect(rowValues(sheet, 14).slice(0, 7)).toEqual(["c1", "チェックリスト", "1", "方針を定めている", "必須", "実施予定", "2027-04"]);
    await expect(run(["export", "--disclosure", ids.public, "--version", "9", "--out", out])).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining("has no published version 9 (latest: 1)") });
    await expect(run(["export", "--out", out])).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining("usage:") });
  });
});

/** A same-origin multipart POST of one file, as the browser sends the import form. */
async function upload(client: Client, url: string, bytes: Uint8Array<ArrayBuffer>, name = "answers.xlsx") {
  const body = new FormData();
  body.set("file", new Blob([bytes]), name);
  return fetch(app.base + url, { method: "POST", redirect: "manual", body, headers: { cookie: client.cookieHeader(), origin: app.base, "sec-fetch-site": "same-origin" } });
}

describe("answers back in from the workbook", () => {
  const importPath = () => `/orgs/${vendor.org}/disclosures/${ids.hospitals}/import`;
  const draftFile = async () => new Uint8Array(await (await vendor.client.get(`/orgs/${vendor.org}/disclosures/${ids.hospitals}/draft.xlsx`)).arrayBuffer());

  it("finds every item unchanged in the file it just wrote", async () => {
    const page = visibleText(await (await upload(vendor.client, importPath(), await draftFile())).text());
    expect(page).toContain("取り込む: 0行 競合: 0行 取り込めない: 0行 様式にない項目: 0行 変更なし: 3行");
    expect(page).toContain("取り込む変更はありません。");
  });

  it("previews an edited file with the derived results it would give, and saves the accepted rows once confirmed", async () => {
    const workbook = await read(await draftFile());
    const sheet = workbook.getWorksheet("回答")!;
    sheet.getCell("F14").value = "実施済み";
    sheet.getCell("G14").value = "";
    const edited = new Uint8Array(await workbook.xlsx.writeBuffer() as ArrayBuffer);
    const preview = await (await upload(vendor.client, importPath(), edited)).text();
    const text = visibleText(preview);
    expect(text).toContain("取り込む: 1行");
    expect(text).toContain("「実施済み」を「実施済」として読みました");
    expect(text).toContain("自動判定（現在 → 取り込んだ後） 遵守 遵守していない → 遵守済");
    const changes = preview.match(/name="changes" value="([^"]+)"/)![1].replace(/&quot;/g, '"').replace(/&amp;/g, "&");
    const applied = await vendor.client.post(importPath(), { intent: "apply", changes });
    expect(applied.status).toBe(200);
    expect(visibleText(await applied.text())).toContain("1項目を取り込みました。");
    const d = (await getDisclosure(app.db, vendor.org, ids.hospitals))!;
    expect((await getDraft(app.db, d)).content.responses.c1).toEqual({ value: { status: "implemented" }, note: "@SUM(A1)", evidence: [{ name: "規程", url: "https://example.jp/rule.pdf" }, { name: "手順書", url: "https://example.jp/proc.pdf" }] });
    const logged = await app.db.selectFrom("audit_log").select("detail").where("action", "=", "disclosure.answers_imported").where("target", "=", ids.hospitals).executeTakeFirstOrThrow();
    expect(JSON.parse(logged.detail!)).toEqual({ items: 1, conflicts: 0 });
  });

  it("overwrites nothing that changed in the portal after the file was written", async () => {
    const file = await draftFile();
    const d = (await getDisclosure(app.db, vendor.org, ids.hospitals))!;
    const { revisions } = await getDraft(app.db, d);
    await saveDraft(app.db, { userId: vendor.user, email: vendor.email }, d, [{ key: "c2", baseRevision: revisions.c2, response: { value: { status: "implemented" } } }], meta);
    const workbook = await read(file);
    workbook.getWorksheet("回答")!.getCell("F15").value = "実施予定";
    workbook.getWorksheet("回答")!.getCell("G15").value = "2027-09";
    const text = visibleText(await (await upload(vendor.client, importPath(), new Uint8Array(await workbook.xlsx.writeBuffer() as ArrayBuffer))).text());
    expect(text).toContain("競合: 1行");
    expect(text).toContain("ファイルを書き出した後に、この項目が Kaiji で変更されています");
    expect((await getDraft(app.db, d)).content.responses.c2).toEqual({ value: { status: "implemented" } });
  });

  it("refuses what is not a workbook of this form, and is for editors only", async () => {
    const notAWorkbook = await upload(vendor.client, importPath(), new TextEncoder().encode("%PDF-1.4"), "answers.xlsx");
    expect(notAWorkbook.status).toBe(400);
    expect((await other.get(importPath())).status).toBe(404);
    expect((await upload(other, importPath(), await draftFile())).status).toBe(404);
  });

  it("imports from the command line with a JSON report, and exits 1 when nothing could be imported", async () => {
    const dir = tempDir("kaiji-answers-import-");
    const file = path.join(dir, "draft.xlsx");
    writeFileSync(file, await draftFile());
    const run = (args: string[]) => promisify(execFile)("npx", ["tsx", "scripts/answers.ts", ...args], { cwd: ROOT, env: { ...process.env, DATABASE_PATH: process.env.DATABASE_PATH } });
    const failed = await run(["import", "--disclosure", ids.hospitals, "--file", file, "--as", vendor.email, "--dry-run"]).catch((e) => e);
    expect(failed.code).toBe(1);
    const report = JSON.parse(failed.stdout);
    expect({ accepted: report.accepted.length, unchanged: report.unchanged.length, invalid: report.invalid.length, unknown: report.unknown.length, conflicts: report.conflicts.length }).toEqual({ accepted: 0, unchanged: 3, invalid: 0, unknown: 0, conflicts: 0 });
  });
});
