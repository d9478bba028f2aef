// Answers in from the vendor's OWN workbook (issue 14, item 2(b)), over HTTP as a browser without JavaScript sends
// it: a file Kaiji did not write brings up the layout form (sheet, heading row, columns named by their headings),
// the preview through that layout, apply, the layout saved per organisation and form for the next file, who may do
// it, and the command line with --mapping.
import { execFile } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadTemplateFile, walkItems } from "../disclosures/template-loader.js";
import { Client, STRONG_PASSWORD, visibleText } from "./helpers/client.js";
import { ROOT, TEMPLATES_DIR, tempDir } from "./helpers/db.js";
import { startApp } from "./helpers/http.js";

const hispro = loadTemplateFile(path.join(TEMPLATES_DIR, "hispro-checksheet@1.0.0.json"));
const textOf = (key: string) => [...walkItems(hispro)].find((e) => e.item.key === key)!.item.text;

let app: Awaited<ReturnType<typeof startApp>>;
let owner: Client;
let viewer: Client;
let other: Client;
let org = "";
let otherOrg = "";
let disclosure = "";
let otherDisclosure = "";
let file: Uint8Array<ArrayBuffer>;

async function signUp(email: string, displayName: string) {
  const client = new Client(app.base);
  expect((await client.post("/signup", { email, displayName, password: STRONG_PASSWORD, confirm: STRONG_PASSWORD })).status).toBe(302);
  return client;
}

async function create(client: Client, orgPath: string): Promise<string> {
  const response = await client.post(`${orgPath}/disclosures`, { template: "hispro-checksheet@1.0.0", visibility: "public" });
  expect(response.status).toBe(302);
  return response.headers.get("location")!.split("/").at(-2)!;
}

/** The vendor's own check sheet: a title row, headings in row 2 in their order, chapter rows, a note, a cover sheet. */
async function vendorWorkbook(): Promise<Uint8Array<ArrayBuffer>> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet("回答一覧");
  const rows = [
    ["HISPRO チェックシート 回答（当社版 2026年度）"],
    ["回答", "No.", "備考", "確認項目", "予定時期", "理由"],
    ["", "", "", "1 組織的取組"],
    ["済", "1-1-1-1", "", textOf("1.1.1.1")],
    ["○", "１－１－１－２", "年1回見直し", textOf("1.1.1.2")],
    ["△", "1-1-1-3", "", textOf("1.1.1.3"), "令和9年4月"],
    ["対象外", "1-1-1-4", "", textOf("1.1.1.4"), "", "外部委託なし"],
    ["実施済み", "1-1-1-5", "", "セキュリティ手順を文書にしている（当社表記）"],
    ["済", "9-9-9", "", "当社独自の確認項目"],
    ["", "", "", "2 物理的対策"],
    ["", "", "", "※ 本表は社外秘です"],
  ];
  for (const row of rows) sheet.addRow(row);
  book.addWorksheet("注意事項").addRow(["この表は当社の社内用です"]);
  return new Uint8Array((await book.xlsx.writeBuffer()) as ArrayBuffer);
}

/** A same-origin multipart POST of one file, as the browser sends the import form. */
async function upload(client: Client, url: string, bytes: Uint8Array<ArrayBuffer>, fields: Record<string, string> = {}) {
  const body = new FormData();
  for (const [k, v] of Object.entries(fields)) body.set(k, v);
  body.set("file", new Blob([bytes]), "当社チェックシート.xlsx");
  const response = await fetch(app.base + url, { method: "POST", redirect: "manual", body, headers: { cookie: client.cookieHeader(), origin: app.base, "sec-fetch-site": "same-origin" } });
  return { status: response.status, html: await response.text() };
}

const importPath = (orgPath = org, id = disclosure) => `${orgPath}/disclosures/${id}/import`;
const decode = (s: string) => s.replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
const tokenOf = (html: string) => html.match(/name="token" value="([^"]+)"/)![1];

/** The options of a select of the layout form, and the one selected. */
function select(html: string, id: string) {
  const block = html.match(new RegExp(`<select[^>]*id="${id}"[^>]*>([\\s\\S]*?)</select>`))![1];
  const options = [...block.matchAll(/<option([^>]*)>([^<]*)<\/option>/g)].map((m) => ({ value: m[1].match(/value="([^"]*)"/)![1], label: decode(m[2]), selected: /selected/.test(m[1]) }));
  return { labels: options.map((o) => o.label), selected: options.find((o) => o.selected)?.value ?? "" };
}

/** The list under each heading of the preview: 「取り込む（3行）」 → its rows' text. */
function sections(html: string): Record<string, string[]> {
  const found: Record<string, string[]> = {};
  for (const part of html.split(/<h2>|<summary>/).slice(1)) {
    const title = visibleText(part.slice(0, part.search(/<\/h2>|<\/summary>/)));
    found[title] = [...part.matchAll(/<li>([\s\S]*?)<\/li>/g)].map((m) => visibleText(m[1]).trim());
  }
  return found;
}

const LAYOUT = { sheet: "回答一覧", headingRow: "2", "column.number": "B", "column.answer": "A", "column.note": "C", "column.text": "D", "column.when": "E", "column.reason": "F" };

async function stored(id = disclosure) {
  const rows = await app.db.selectFrom("draft_response").select(["item_key", "response"]).where("disclosure_id", "=", id).orderBy("item_key").execute();
  return Object.fromEntries(rows.filter((r) => r.response).map((r) => [r.item_key, JSON.parse(r.response!)]));
}

const savedLayouts = async () => (await app.db.selectFrom("answer_layout").select(["organization_id", "template_id", "layout"]).orderBy("organization_id").execute()).map((r) => ({ ...r, layout: JSON.parse(r.layout) }));

beforeAll(async () => {
  app = await startApp();
  owner = await signUp("owner@own-layout.example", "所有者");
  viewer = await signUp("viewer@own-layout.example", "閲覧者");
  other = await signUp("editor@other-layout.example", "他社");
  org = (await owner.post("/orgs", { name: "自社様式株式会社", kind: "vendor" })).headers.get("location")!;
  otherOrg = (await other.post("/orgs", { name: "別の事業者", kind: "vendor" })).headers.get("location")!;
  const invite = await (await owner.post(`${org}/members`, { intent: "invite", role: "viewer" })).text();
  expect((await viewer.post(new URL(invite.match(/id="invite-link"[^>]*value="([^"]+)"/)![1]).pathname, {})).status).toBe(302);
  disclosure = await create(owner, org);
  otherDisclosure = await create(other, otherOrg);
  // Already answered in the portal: the file's 「実施済み」 for it is unchanged.
  const saved = await owner.postJson(`${org}/disclosures/${disclosure}/draft`, { changes: [{ key: "1.1.1.5", baseRevision: 0, response: { value: { status: "met" } } }] });
  expect(saved.status).toBe(200);
  file = await vendorWorkbook();
});
afterAll(async () => {
  await app?.close();
});

describe("a vendor's own workbook on the import page", () => {
  let token = "";

  it("brings up the layout form, not a bare error: the file's sheets and its columns named by their headings", async () => {
    const page = await owner.text(importPath());
    expect(page.html).toContain(`href="${importPath()}?own=1"`);
    expect(visibleText(page.html)).toContain("自社の様式のファイルを取り込む");
    const { status, html } = await upload(owner, importPath(), file);
    expect(status).toBe(200);
    const text = visibleText(html);
    expect(text).toContain("自社の様式の列を指定する");
    expect(text).toContain("自社の様式のファイルであれば、回答が書かれたシート・見出しの行・列を指定してください。");
    expect(text).not.toContain("取り込む:");
    expect(select(html, "layout-sheet")).toEqual({ labels: ["回答一覧", "注意事項"], selected: "回答一覧" });
    expect(html).toMatch(/id="layout-heading-row"[^>]*value="2"/);
    // Every column with its heading from row 2; only 番号 and 回答 are guessed.
    expect(select(html, "layout-column-number")).toEqual({ labels: ["（使わない）", "A: 回答", "B: No.", "C: 備考", "D: 確認項目", "E: 予定時期", "F: 理由"], selected: "B" });
    expect(select(html, "layout-column-answer").selected).toBe("A");
    expect(select(html, "layout-column-note").selected).toBe("");
    for (const f of ["text", "when", "reason", "note", "evidenceNames", "evidenceUrls"]) expect(select(html, `layout-column-${f}`)).toEqual({ labels: select(html, "layout-column-number").labels, selected: "" });
    expect(await savedLayouts()).toEqual([]);
    token = tokenOf(html);
  });

  it("reads the headings of another row on request, without previewing or saving", async () => {
    const response = await owner.post(importPath(), { ...LAYOUT, headingRow: "1", token, intent: "layout-refresh" });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(select(html, "layout-column-number").labels.slice(0, 3)).toEqual(["（使わない）", "A: HISPRO チェックシート 回答（当社版 2026年度）", "B: （見出しなし）"]);
    expect(visibleText(html)).not.toContain("取り込む:");
    expect(await savedLayouts()).toEqual([]);
  });

  it("says what is wrong with a layout in Japanese (400), and saves nothing", async () => {
    const response = await owner.post(importPath(), { ...LAYOUT, "column.number": "", token, intent: "layout-preview" });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(visibleText(html)).toContain("「番号」の列を指定してください（行と様式の項目を番号で対応づけます）。");
    expect(visibleText(html)).not.toContain("取り込む:");
    expect(await savedLayouts()).toEqual([]);
    expect(await stored()).toEqual({ "1.1.1.5": { value: { status: "met" } } });
  });

  it("previews through the layout: each row by its number, words read as the scale's, the differently worded item", async () => {
    const response = await owner.post(importPath(), { ...LAYOUT, token, intent: "layout-preview" });
    expect(response.status).toBe(200);
    const html = await response.text();
    const text = visibleText(html);
    expect(text).toContain("取り込む: 3行 競合: 0行 取り込めない: 1行 様式にない項目: 1行 変更なし: 1行");
    const clip = (s: string) => (s.length > 60 ? `${s.slice(0, 60)}…` : s);
    expect(sections(html)).toMatchObject({
      "取り込む（3行）": [`4行目 1-1-1-1 ${textOf("1.1.1.1")} — 「済」を「対応済」として読みました`, `5行目 １－１－１－２ ${textOf("1.1.1.2")} — 「○」を「対応済」として読みました`, `7行目 1-1-1-4 ${textOf("1.1.1.4")}`],
      "取り込めない（1行）": [`6行目 1-1-1-3 ${textOf("1.1.1.3")} — 回答「△」は選択肢（対応済・未対応・対象外）のどれとも読めません`],
      "様式にない項目（1行）": ["9行目 9-9-9 当社独自の確認項目 — 番号「9-9-9」の項目はこの様式にありません"],
      "変更なしの行の確認事項（1行）": [`8行目 1-1-1-5 セキュリティ手順を文書にしている（当社表記） — 項目の文言がこの様式と異なります（様式: 「${clip(textOf("1.1.1.5"))}」） — 「実施済み」を「対応済」として読みました`],
    });
    expect(text).toContain("この列の対応を保存しました。");
    // The layout form stays, with what was sent.
    expect(select(html, "layout-column-note").selected).toBe("C");
    const [saved] = await savedLayouts();
    expect(saved).toEqual({ organization_id: org.split("/").pop(), template_id: "hispro-checksheet", layout: { sheet: "回答一覧", headingRow: 2, columns: { number: "B", answer: "A", note: "C", text: "D", when: "E", reason: "F" } } });
    const logged = await app.db.selectFrom("audit_log").select(["detail", "target", "actor_email"]).where("action", "=", "disclosure.answer_layout_saved").execute();
    expect(logged.map((l) => ({ ...l, detail: JSON.parse(l.detail!) }))).toEqual([{ target: "hispro-checksheet", actor_email: "owner@own-layout.example", detail: { templateId: "hispro-checksheet" } }]);
    // Nothing is saved as answers before apply.
    expect(await stored()).toEqual({ "1.1.1.5": { value: { status: "met" } } });

    const changes = decode(html.match(/name="changes" value="([^"]+)"/)![1]);
    const applied = await owner.post(importPath(), { intent: "apply", changes });
    expect(applied.status).toBe(200);
    expect(visibleText(await applied.text())).toContain("3項目を取り込みました。");
    expect(await stored()).toEqual({
      "1.1.1.1": { value: { status: "met" } },
      "1.1.1.2": { value: { status: "met" }, note: "年1回見直し" },
      "1.1.1.4": { value: { status: "notApplicable", reason: "外部委託なし" } },
      "1.1.1.5": { value: { status: "met" } },
    });
  });

  it("uses the saved layout for the next file: prefilled, previewed at once, every imported row now unchanged", async () => {
    const { status, html } = await upload(owner, importPath(), file);
    expect(status).toBe(200);
    const text = visibleText(html);
    expect(text).toContain("この組織で前回保存した自社の様式（列の対応）で読みました。");
    expect(text).toContain("取り込む: 0行 競合: 0行 取り込めない: 1行 様式にない項目: 1行 変更なし: 4行");
    expect(text).toContain("取り込む変更はありません。");
    expect(text).toContain("この組織で前回保存した列の対応を表示しています。");
    expect(Object.fromEntries(["number", "answer", "note", "text", "when", "reason", "evidenceNames"].map((f) => [f, select(html, `layout-column-${f}`).selected]))).toEqual({ number: "B", answer: "A", note: "C", text: "D", when: "E", reason: "F", evidenceNames: "" });
    expect(sections(html)["変更なしの行の確認事項（3行）"]).toHaveLength(3);
  });

  it("takes any file through the layout form when asked, even one Kaiji wrote", async () => {
    const draft = new Uint8Array(await (await owner.get(`${org}/disclosures/${disclosure}/draft.xlsx`)).arrayBuffer());
    const plain = await upload(owner, importPath(), draft);
    expect(visibleText(plain.html)).not.toContain("自社の様式の列を指定する");
    const asOwn = await upload(owner, importPath(), draft, { intent: "own" });
    expect(asOwn.status).toBe(200);
    // The saved layout does not fit this file (no 「回答一覧」 sheet): the form, with the saved columns, and no preview.
    expect(visibleText(asOwn.html)).toContain("自社の様式の列を指定する");
    expect(visibleText(asOwn.html)).not.toContain("取り込む:");
    expect(select(asOwn.html, "layout-sheet")).toEqual({ labels: ["回答", "自動判定", "説明"], selected: "回答" });
    expect(select(asOwn.html, "layout-column-note").selected).toBe("C");
  });

  it("is for the organisation's editors: a viewer gets 403, and nothing is kept or saved for them", async () => {
    const { html } = await upload(owner, importPath(), file);
    const mine = tokenOf(html);
    expect((await viewer.get(importPath())).status).toBe(403);
    expect((await upload(viewer, importPath(), file)).status).toBe(403);
    expect((await viewer.post(importPath(), { ...LAYOUT, token: mine, intent: "layout-preview" })).status).toBe(403);
  });

  it("never lets another organisation use the first one's kept file or saved layout", async () => {
    const { html } = await upload(owner, importPath(), file);
    const mine = tokenOf(html);
    // On the first organisation's page: not theirs (404, as the page is today).
    expect((await other.post(importPath(), { ...LAYOUT, token: mine, intent: "layout-preview" })).status).toBe(404);
    // On their own disclosure: the token is not theirs, so it is as if there were none.
    const theirs = await other.post(importPath(otherOrg, otherDisclosure), { ...LAYOUT, token: mine, intent: "layout-preview" });
    expect(theirs.status).toBe(400);
    expect(visibleText(await theirs.text())).toContain("取り込むファイルが見つかりません");
    expect((await other.post(importPath(otherOrg, otherDisclosure), { ...LAYOUT, token: mine, intent: "layout-refresh" })).status).toBe(400);
    // Their own upload of the same file starts from a guess, not from the first organisation's layout.
    const upload2 = await upload(other, importPath(otherOrg, otherDisclosure), file);
    expect(upload2.status).toBe(200);
    expect(visibleText(upload2.html)).not.toContain("前回保存");
    expect(visibleText(upload2.html)).not.toContain("取り込む:");
    expect(select(upload2.html, "layout-column-note").selected).toBe("");
    expect(await stored(otherDisclosure)).toEqual({});
    expect((await savedLayouts()).map((l) => l.organization_id)).toEqual([org.split("/").pop()]);
  });
});

describe("the command line with --mapping", () => {
  const run = (args: string[]) => promisify(execFile)("npx", ["tsx", "scripts/answers.ts", ...args], { cwd: ROOT, env: { ...process.env, DATABASE_PATH: process.env.DATABASE_PATH } });
  const dir = () => tempDir("kaiji-own-layout-cli-");

  it("previews and applies the vendor's file through a layout file, with the same JSON report", async () => {
    const d = dir();
    const workbook = path.join(d, "own.xlsx");
    const mapping = path.join(d, "map.json");
    writeFileSync(workbook, file);
    writeFileSync(mapping, JSON.stringify({ sheet: "回答一覧", headingRow: 2, columns: { number: "B", answer: "A", note: "C", text: "D", when: "E", reason: "F" } }));
    const fresh = await create(owner, org);
    const { stdout } = await run(["import", "--disclosure", fresh, "--file", workbook, "--as", "owner@own-layout.example", "--mapping", mapping]);
    const report = JSON.parse(stdout);
    expect(Object.keys(report)).toEqual(["accepted", "unchanged", "invalid", "unknown", "conflicts", "derived", "claims", "saved", "conflictsOnSave"]);
    expect(report.accepted.map((r: { row: number; key: string; messages: string[] }) => [r.row, r.key, r.messages])).toEqual([
      [4, "1.1.1.1", ["「済」を「対応済」として読みました"]],
      [5, "1.1.1.2", ["「○」を「対応済」として読みました"]],
      [7, "1.1.1.4", []],
      [8, "1.1.1.5", [expect.stringMatching(/^項目の文言がこの様式と異なります/), "「実施済み」を「対応済」として読みました"]],
    ]);
    expect(report.invalid.map((r: { row: number }) => r.row)).toEqual([6]);
    expect(report.unknown.map((r: { number: string }) => r.number)).toEqual(["9-9-9"]);
    expect(report.saved).toBe(4);
    expect(Object.keys(await stored(fresh))).toEqual(["1.1.1.1", "1.1.1.2", "1.1.1.4", "1.1.1.5"]);
    // The command line does not save the layout for the page.
    expect((await savedLayouts()).map((l) => l.layout.columns.note)).toEqual(["C"]);
  });

  it("refuses a layout without 番号 with the Japanese message, and the file without a layout as not Kaiji's", async () => {
    const d = dir();
    const workbook = path.join(d, "own.xlsx");
    const mapping = path.join(d, "map.json");
    writeFileSync(workbook, file);
    writeFileSync(mapping, JSON.stringify({ sheet: "回答一覧", headingRow: 2, columns: { answer: "A" } }));
    const args = ["import", "--disclosure", disclosure, "--file", workbook, "--as", "owner@own-layout.example", "--dry-run"];
    await expect(run([...args, "--mapping", mapping])).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining("「番号」の列を指定してください") });
    writeFileSync(mapping, JSON.stringify({ sheet: "回答一覧", columns: { number: "B" } }));
    await expect(run([...args, "--mapping", mapping])).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining("not a layout") });
    await expect(run(args)).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining("「回答」シートがありません") });
  });
});
