// Comparison exports end to end: /compare.csv, /compare.xlsx and /compare.pdf hold the cells of the
// comparison (checked against compareDisclosures computed here from the stored versions), apply the
// same filters, neutralise formulas and markup, and skip what the reader may not read.
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDisclosure, getDisclosure, publish, saveDraft } from "../app/models/disclosure.server.js";
import { loadComparison, type ComparisonPage } from "../app/models/comparison.server.js";
import { describeFilters, parseComparisonParams } from "../app/models/comparison.js";
import { columnGroups, renderComparisonDocument } from "../app/pdf/comparison-document.js";
import { comparisonTable, conditionLines, neutralizeFormula, summaryFields, toCsv } from "../app/utils/comparison-export.server.js";
import { compareDisclosures, defaultFilters, cellText, type CompareFilters, type CompareInput } from "../disclosures/compare.js";
import type { DisclosureContent, ItemResponse } from "../disclosures/disclosure-content.js";
import { loadTemplateFile, walkItems } from "../disclosures/template-loader.js";
import { Client, STRONG_PASSWORD, visibleText } from "./helpers/client.js";
import { tempDir, TEMPLATES_DIR } from "./helpers/db.js";
import { startApp } from "./helpers/http.js";
import { parseCsv } from "./helpers/csv.js";

const cyber = loadTemplateFile(`${TEMPLATES_DIR}/cybersecurity-checklist@1.0.0.json`);
const statusKeys = [...walkItems(cyber)].filter((e) => e.item.answer.kind === "status").map((e) => e.item.key);
const meta = { ip: "127.0.0.1", userAgent: "test" };
const HOSTILE_FORMULA = '=HYPERLINK("http://evil")';
const HOSTILE_NOTE = '=HYPERLINK("http://evil","ここをクリック")';
const SCRIPT_NOTE = '<script>alert("x")</script>見積書を参照';
const SECRET_VENDOR = "秘密の事業者株式会社";

const tmp = tempDir("kaiji-compare-");
process.env.PDF_CACHE_DIR = path.join(tmp, "cache");

/**
 * The server runs in this process, so a long synchronous render here also holds back its keep-alive timers:
 * a pooled socket it closes just then would be reused by the next request (ECONNRESET). One connection per GET.
 */
class ExportClient extends Client {
  override get(path: string, headers: Record<string, string> = {}) {
    return super.get(path, { connection: "close", ...headers });
  }
}

let app: Awaited<ReturnType<typeof startApp>>;
let hospital: Client;
const anonymous = () => new ExportClient(app.base);
const ids = { a: "", b: "", c: "", secret: "", many: [] as string[] };
const names = { a: "アルファ医療システム株式会社", b: "ベータ情報サービス株式会社", c: "ガンマ<script>alert(1)</script>株式会社" };

async function vendorOrg(name: string, kind: "vendor" | "hospital" = "vendor") {
  const client = new ExportClient(app.base);
  const email = `${Math.random().toString(36).slice(2)}@compare.example`;
  expect((await client.post("/signup", { email, displayName: "担当", password: STRONG_PASSWORD, confirm: STRONG_PASSWORD })).status).toBe(302);
  const created = await client.post("/orgs", { name, kind });
  expect(created.status).toBe(302);
  const org = created.headers.get("location")!.split("/").pop()!;
  const userId = (await app.db.selectFrom("user").select("id").where("email", "=", email).executeTakeFirstOrThrow()).id;
  return { client, org, actor: { userId, email } };
}

/** A published cybersecurity disclosure: every check ○ unless `changes` says otherwise. */
async function published(owner: Awaited<ReturnType<typeof vendorOrg>>, options: { visibility?: "public" | "hospitals"; serviceId?: string | null; changes?: Record<string, ItemResponse> } = {}) {
  const id = await createDisclosure(app.db, owner.actor, owner.org, { templateId: cyber.id, templateVersion: cyber.version, serviceId: options.serviceId ?? null, visibility: options.visibility ?? "public" }, meta);
  const disclosure = (await getDisclosure(app.db, owner.org, id))!;
  const responses: Record<string, ItemResponse> = Object.fromEntries(statusKeys.map((key) => [key, { value: { status: "yes" } }]));
  Object.assign(responses, options.changes ?? {});
  const saved = await saveDraft(app.db, owner.actor, disclosure, Object.entries(responses).map(([key, response]) => ({ key, baseRevision: 0, response })), meta);
  expect(saved.conflicts).toEqual([]);
  await publish(app.db, owner.actor, disclosure, cyber, meta);
  return id;
}

/** The comparison computed here, from the stored versions, as the screen computes it. */
async function expected(disclosureIds: string[], filters: Partial<CompareFilters> = {}) {
  const inputs: CompareInput[] = [];
  for (const id of disclosureIds) {
    const version = await app.db.selectFrom("disclosure_version").select("content").where("disclosure_id", "=", id).orderBy("number", "desc").executeTakeFirstOrThrow();
    inputs.push({ template: cyber, content: JSON.parse(version.content) as DisclosureContent });
  }
  const comparison = compareDisclosures(inputs, { ...defaultFilters, ...filters });
  // [番号, 項目, answers…] per row, in display order.
  const rows = comparison.sections.flatMap((s) => s.rows.map((r) => [r.number ?? "", r.text, ...r.cells.map(cellText)]));
  return { comparison, rows };
}


/**
 * What a spreadsheet should see in a CSV cell: a leading ' before anything it would run as a formula — = + - @
 * (or fullwidth ＝＋－＠) as the first visible character, or a leading tab or CR.
 */
const csvSafe = (value: string) => (/^[\s\u200b\ufeff]*[=+\-@＝＋－＠]|^[\t\r]/.test(value) ? `'${value}` : value);

const HEADER_ROWS = 2;
const ITEM_COLUMNS = 5; // 章, 番号, 項目, 区分, 差異・不足
/** [番号, 項目, answers…] of a parsed export, like `expected().rows`. */
const itemCells = (rows: string[][], vendors: number) => rows.slice(HEADER_ROWS).map((r) => [r[1], r[2], ...r.slice(ITEM_COLUMNS, ITEM_COLUMNS + vendors)]);

const query = (disclosureIds: string[], extra = "") => `?${disclosureIds.map((d) => `d=${d}`).join("&")}${extra}`;

async function csvOf(client: Client, q: string) {
  const response = await client.get(`/compare.csv${q}`);
  expect(response.status).toBe(200);
  return { response, text: new TextDecoder("utf-8", { ignoreBOM: true }).decode(await response.arrayBuffer()) };
}

async function xlsxRows(buffer: ArrayBuffer, sheet = "比較") {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer);
  const ws = workbook.getWorksheet(sheet)!;
  const rows: string[][] = [];
  ws.eachRow({ includeEmpty: true }, (row) => {
    const values: string[] = [];
    for (let c = 1; c <= ws.columnCount; c++) {
      const cell = row.getCell(c);
      // Never a formula: a plain string in a cell formatted as text.
      expect(cell.type === ExcelJS.ValueType.Formula || cell.formula !== undefined, `${sheet}!${cell.address}`).toBe(false);
      values.push(cell.value === null || cell.value === undefined ? "" : String(cell.value));
    }
    rows.push(values);
  });
  return { workbook, ws, rows };
}

function pdfFile(pdf: ArrayBuffer): string {
  const file = path.join(tmp, `${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, Buffer.from(pdf));
  return file;
}
const pdfText = (file: string, ...args: string[]) => execFileSync("pdftotext", ["-layout", ...args, file, "-"], { encoding: "utf8" });

async function pageOf(q: string, reader: Parameters<typeof loadComparison>[1] = null): Promise<ComparisonPage> {
  const outcome = await loadComparison(app.db, reader, parseComparisonParams(new URLSearchParams(q)));
  if (outcome.kind !== "ok") throw new Error(`comparison: ${outcome.kind}`);
  return outcome.page;
}

beforeAll(async () => {
  app = await startApp();
  const a = await vendorOrg(names.a);
  const b = await vendorOrg(names.b);
  const c = await vendorOrg(names.c);
  const secret = await vendorOrg(SECRET_VENDOR);
  const many = await vendorOrg("量産テスト株式会社");
  const clinic = await vendorOrg("比較テスト病院", "hospital");
  hospital = clinic.client;
  // Hospitals-only disclosures are for verified hospitals (issue 11).
  await app.db.updateTable("organization").set({ verified_at: Date.now() }).where("id", "=", clinic.org).execute();
  await app.db.updateTable("organization").set({ verified_at: Date.now() }).where("id", "=", a.org).execute();
  await app.db.insertInto("service").values({ id: "svc-compare-a", organization_id: a.org, name: "クラウド電子カルテ Alpha", kind: "cloud", description: null, created_at: Date.now() }).execute();

  ids.a = await published(a, { serviceId: "svc-compare-a", changes: { "executive.filledBy": { value: "情報システム部" } } });
  ids.b = await published(b, {
    changes: {
      ...Object.fromEntries(statusKeys.slice(0, 5).map((key) => [key, { value: { status: "no" } }])),
      [statusKeys[6]]: { value: { status: "yes" }, note: HOSTILE_NOTE, evidence: [{ name: "運用規程", url: "https://example.jp/rules.pdf" }] },
    },
  });
  ids.c = await published(c, {
    changes: {
      ...Object.fromEntries(statusKeys.slice(3, 10).map((key) => [key, { value: { status: "no" } }])),
      "executive.filledBy": { value: HOSTILE_FORMULA },
      [statusKeys[0]]: { value: { status: "yes" }, note: SCRIPT_NOTE },
    },
  });
  ids.secret = await published(secret, { visibility: "hospitals" });
  for (let i = 1; i <= 21; i++) {
    const serviceId = `svc-many-${i}`;
    await app.db.insertInto("service").values({ id: serviceId, organization_id: many.org, name: `サービス${String(i).padStart(2, "0")}`, kind: "cloud", description: null, created_at: Date.now() }).execute();
    ids.many.push(await published(many, { serviceId, changes: Object.fromEntries(statusKeys.filter((_, k) => (k + i) % 7 === 0).map((key) => [key, { value: { status: "no" } }])) }));
  }
}, 120_000);
afterAll(async () => {
  await app?.close();
});

describe("CSV", () => {
  it("is UTF-8 with a BOM and CRLF, under a Japanese file name, never cached, with the cells of the comparison", async () => {
    const { response, text } = await csvOf(anonymous(), query([ids.a, ids.b, ids.c]));
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("cache-control")).toBe("public, max-age=0, must-revalidate") // anonymous: public disclosures only, kept by URL;
    const disposition = response.headers.get("content-disposition")!;
    const stamp = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Tokyo" }).format(new Date()).replace(/-/g, "");
    expect(disposition).toMatch(/^attachment; filename="comparison-cybersecurity-checklist-\d{8}\.csv"; filename\*=UTF-8''/);
    expect(decodeURIComponent(disposition.split("UTF-8''")[1])).toBe(`比較_医療機関のサイバーセキュリティ対策チェックリスト_${stamp}.csv`);
    expect(text.startsWith("\uFEFF")).toBe(true);
    expect(text.endsWith("\r\n")).toBe(true);
    expect(text.replace(/"[^"]*"/g, "").match(/(?<!\r)\n/)).toBeNull();

    const rows = parseCsv(text.slice(1));
    const { comparison, rows: want } = await expected([ids.a, ids.b, ids.c]);
    expect(rows[0].slice(0, ITEM_COLUMNS)).toEqual(["章", "番号", "項目", "区分", "差異・不足"]);
    expect(rows[0].slice(ITEM_COLUMNS, ITEM_COLUMNS + 3)).toEqual([`${names.a}　クラウド電子カルテ Alpha`, names.b, names.c]);
    expect(rows[1][ITEM_COLUMNS]).toMatch(/^第1版・最終更新日 \d{4}年\d{1,2}月\d{1,2}日$/);
    expect(rows.every((r) => r.length === rows[0].length)).toBe(true);
    expect(rows.length - HEADER_ROWS).toBe(comparison.rowCount);
    expect(itemCells(rows, 3)).toEqual(want.map((r) => r.map(csvSafe)));
    // The answers differ where the vendors answered differently.
    expect(new Set(rows.slice(HEADER_ROWS).map((r) => r[ITEM_COLUMNS + 1]))).toEqual(new Set(["○", "×", "未回答"]));
  });

  it("neutralises formulas: a hostile answer or note starts with ' and no cell starts with = + - @", async () => {
    const { text } = await csvOf(anonymous(), query([ids.a, ids.b, ids.c]));
    const rows = parseCsv(text.slice(1));
    const cells = rows.flat();
    expect(cells).toContain(`'${HOSTILE_FORMULA}`);
    expect(cells.some((c) => c.startsWith(`'${HOSTILE_NOTE}`))).toBe(true);
    expect(cells.some((c) => c.includes("根拠資料: 運用規程 https://example.jp/rules.pdf"))).toBe(true);
    expect(cells.filter((c) => /^[=+\-@\t\r]/.test(c))).toEqual([]);
    expect(cells.filter((c) => csvSafe(c) !== c && !c.startsWith("'"))).toEqual([]);
  });

  it("neutralises every formula start: = + - @, fullwidth ＝＋－＠, after spaces, line breaks or zero-width characters, and a leading tab or CR", () => {
    const formulas = ["=1+1", "+1+1", "-1+1", "@SUM(A1)", "\t1", "\r1", "＝1+1", "＋1", "－1", "＠SUM(A1)", "﹦1", " =1+1", "　＝1+1", "\u00a0@A1", "\n=1", "\r\n+1", "\u200b=1", "\ufeff-1", '=HYPERLINK("http://evil")', "=cmd|' /C calc'!A0"];
    for (const value of formulas) expect(neutralizeFormula(value), JSON.stringify(value)).toBe(`'${value}`);
    for (const value of ["", "対応済", "1-2", "a=b", "'=1", "−1", "𠮷=1", "根拠資料: =1", "  x=1"]) expect(neutralizeFormula(value), JSON.stringify(value)).toBe(value);
  });

  it("applies the filters of the screen (必須項目のみ, 回答に違いのある項目のみ)", async () => {
    const { text } = await csvOf(anonymous(), query([ids.a, ids.b, ids.c], "&level=required&diff=1"));
    const rows = parseCsv(text.slice(1));
    const all = await expected([ids.a, ids.b, ids.c]);
    const { comparison, rows: want } = await expected([ids.a, ids.b, ids.c], { level: "required", differences: true });
    expect(comparison.rowCount).toBeGreaterThan(0);
    expect(comparison.rowCount).toBeLessThan(all.comparison.rowCount);
    expect(itemCells(rows, 3)).toEqual(want.map((r) => r.map(csvSafe)));
    for (const row of rows.slice(HEADER_ROWS)) {
      expect(row[3]).toBe("必須");
      expect(row[4]).toContain("差異");
    }
  });
});

describe("xlsx", () => {
  it("has the same cells as the CSV on 比較 (strings, never formulas), the summary on 集計 and the filters on 条件", async () => {
    const q = query([ids.a, ids.b, ids.c], "&level=required&diff=1");
    const response = await anonymous().get(`/compare.xlsx${q}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    expect(response.headers.get("cache-control")).toBe("public, max-age=0, must-revalidate") // anonymous: public disclosures only, kept by URL;
    expect(decodeURIComponent(response.headers.get("content-disposition")!.split("UTF-8''")[1])).toMatch(/^比較_医療機関のサイバーセキュリティ対策チェックリスト_\d{8}\.xlsx$/);
    const buffer = await response.arrayBuffer();
    const { workbook, ws, rows } = await xlsxRows(buffer);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(["比較", "集計", "条件"]);
    const { rows: want } = await expected([ids.a, ids.b, ids.c], { level: "required", differences: true });
    expect(itemCells(rows, 3)).toEqual(want);
    // The CSV is the same table, but for the ' before formulas.
    const csv = parseCsv((await csvOf(anonymous(), q)).text.slice(1));
    expect(csv).toEqual(rows.map((r) => r.map(csvSafe)));
    expect(ws.views[0]).toMatchObject({ state: "frozen", xSplit: 3, ySplit: HEADER_ROWS });
    expect(ws.getCell("C3").alignment?.wrapText).toBe(true);
    expect(ws.getColumn(3).width).toBeGreaterThan(20);

    const summary = (await xlsxRows(buffer, "集計")).rows;
    expect(summary[0]).toEqual(expect.arrayContaining(["事業者・サービス", "必須項目 対応", "推奨項目 対応", "実施予定", "未対応", "未回答", "経営層 視点別集計（自動判定）"]));
    const column = (label: string) => summary[0].indexOf(label);
    const { comparison } = await expected([ids.a, ids.b, ids.c]);
    comparison.summaries.forEach((s, i) => {
      expect(summary[i + 1][column("必須項目 対応")]).toBe(`${s.requiredMet}/${s.requiredApplicable}`);
      expect(summary[i + 1][column("推奨項目 対応")]).toBe("—");
      expect(summary[i + 1][column("未対応")]).toBe(String(s.unmet));
      for (const d of s.derived) expect(summary[i + 1][column(`${d.title}（自動判定）`)]).toBe(d.text);
    });
    expect(comparison.summaries.map((s) => s.unmet)).toEqual([0, 5, 7]);
    const conditions = (await xlsxRows(buffer, "条件")).rows.map((r) => r.join(" "));
    expect(conditions).toContain("表示条件 表示: 必須項目のみ");
    expect(conditions).toContain("表示条件 回答に違いのある項目のみ");
  });

  it("writes a hostile answer as text: the same string, a text-formatted cell, no formula in the file", async () => {
    const response = await anonymous().get(`/compare.xlsx${query([ids.a, ids.b, ids.c])}`);
    const buffer = await response.arrayBuffer();
    const { ws, rows } = await xlsxRows(buffer);
    const r = rows.findIndex((row) => row.includes(HOSTILE_FORMULA));
    expect(r).toBeGreaterThan(1);
    const cell = ws.getRow(r + 1).getCell(rows[r].indexOf(HOSTILE_FORMULA) + 1);
    expect(cell.type).toBe(ExcelJS.ValueType.String);
    expect(cell.numFmt).toBe("@");
    expect(rows.flat().some((c) => c.startsWith(HOSTILE_NOTE))).toBe(true);
    const file = path.join(tmp, "hostile.xlsx");
    writeFileSync(file, Buffer.from(buffer));
    const sheetXml = execFileSync("unzip", ["-p", file, "xl/worksheets/sheet1.xml"], { encoding: "utf8" });
    expect(sheetXml).not.toMatch(/<f[ >]/);
  });
});

describe("PDF", () => {
  it("is A4 landscape; page 1 states the template, the vendors, the filters and the summary", async () => {
    const response = await anonymous().get(`/compare.pdf${query([ids.a, ids.b, ids.c], "&level=required&diff=1")}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/pdf");
    expect(response.headers.get("cache-control")).toBe("public, max-age=0, must-revalidate") // anonymous: public disclosures only, kept by URL;
    expect(response.headers.get("content-disposition")).toMatch(/^inline; filename="comparison-cybersecurity-checklist-\d{8}\.pdf"; filename\*=UTF-8''/);
    const file = pdfFile(await response.arrayBuffer());
    const [width, height] = /Page size:\s+([\d.]+) x ([\d.]+)/.exec(execFileSync("pdfinfo", [file], { encoding: "utf8" }))!.slice(1).map(Number);
    expect(width).toBeGreaterThan(height);
    const first = pdfText(file, "-f", "1", "-l", "1");
    for (const words of ["開示書の比較", "医療機関のサイバーセキュリティ対策チェックリスト", "表示: 必須項目のみ", "回答に違いのある項目のみ", "出力日", names.a, names.b, "集計", "必須項目", "未回答", "● 対応済", "1 / "]) {
      expect(first).toContain(words);
    }
    expect(first).toContain("ガンマ<script>alert(1)</script>株式会社");
    const { comparison } = await expected([ids.a, ids.b, ids.c], { level: "required", differences: true });
    expect(first).toContain(`${comparison.rowCount}項目を表示`);
    expect(first).toMatch(/第1版/);
    const all = pdfText(file);
    expect(all).toMatch(/比較表/);
    expect(all).toMatch(/[●×]\s*[○×]/);
  }, 60_000);

  it("prints the rows of the filtered comparison, with escaped markup", async () => {
    const q = query([ids.a, ids.b, ids.c], "&level=required&diff=1");
    const page = await pageOf(q);
    const { html } = renderComparisonDocument(page);
    const { comparison } = await expected([ids.a, ids.b, ids.c], { level: "required", differences: true });
    const rowKeys = comparison.sections.flatMap((s) => s.rows.map((r) => r.key));
    expect([...html.matchAll(/<tr[^>]* data-item="([^"]+)"/g)].map((m) => m[1])).toEqual(rowKeys);
    const full = renderComparisonDocument(await pageOf(query([ids.a, ids.b, ids.c])));
    expect(full.html).not.toMatch(/<script/i);
    expect(full.html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;見積書を参照");
    expect(html).not.toContain("<script>alert(1)");
    expect(html).toContain("ガンマ&lt;script&gt;alert(1)&lt;/script&gt;株式会社");
  });

  it("splits twenty vendors into tables of at most six, each repeating the item columns", async () => {
    expect(columnGroups(2)).toEqual([[0, 1]]);
    expect(columnGroups(6).length).toBe(1);
    expect(columnGroups(7).map((g) => g.length)).toEqual([4, 3]);
    expect(columnGroups(20).map((g) => g.length)).toEqual([5, 5, 5, 5]);
    expect(columnGroups(13).flat()).toEqual([...Array(13).keys()]);

    const q = query(ids.many.slice(0, 20));
    const { html } = renderComparisonDocument(await pageOf(q));
    const tables = html.split('<table class="cmp-matrix">').slice(1);
    expect(tables.length).toBe(4);
    for (const table of tables) {
      const head = table.slice(table.indexOf("<thead>"), table.indexOf("</thead>"));
      expect(head.match(/<th>/g)!.length).toBe(3 + 5);
      expect(head).toContain("番号");
      expect(head).toContain("項目");
    }
    const response = await anonymous().get(`/compare.pdf${q}`);
    expect(response.status).toBe(200);
    const file = pdfFile(await response.arrayBuffer());
    const text = pdfText(file);
    expect(text).toContain("比較表（事業者 1〜5／全20社）");
    expect(text).toContain("比較表（事業者 16〜20／全20社）");
    expect(text).toContain("サービス20");
  }, 90_000);
});

describe("who may export what", () => {
  it("skips a restricted disclosure for an anonymous reader in every export, without its name", async () => {
    const q = query([ids.a, ids.secret, ids.b, ids.c]);
    const csv = (await csvOf(anonymous(), q)).text;
    expect(csv).not.toContain(SECRET_VENDOR);
    expect(parseCsv(csv.slice(1))[0].slice(ITEM_COLUMNS, ITEM_COLUMNS + 3)).toEqual([`${names.a}　クラウド電子カルテ Alpha`, names.b, names.c]);
    expect(itemCells(parseCsv(csv.slice(1)), 3)).toEqual((await expected([ids.a, ids.b, ids.c])).rows.map((r) => r.map(csvSafe)));

    const xlsx = await (await anonymous().get(`/compare.xlsx${q}`)).arrayBuffer();
    for (const sheet of ["比較", "集計", "条件"]) expect((await xlsxRows(xlsx, sheet)).rows.flat().join("\n")).not.toContain(SECRET_VENDOR);
    expect((await xlsxRows(xlsx, "条件")).rows.flat().join("\n")).toContain("1件の開示書は、見つからないか閲覧する権限がないため比較から除きました");

    const pdf = await anonymous().get(`/compare.pdf${q}`);
    expect(pdf.status).toBe(200);
    const text = pdfText(pdfFile(await pdf.arrayBuffer()));
    expect(text).not.toContain(SECRET_VENDOR);
    expect(text).toContain("閲覧する権限がないため比較から除きました");

    // A signed-in hospital may read it, so it is compared.
    const forHospital = parseCsv((await csvOf(hospital, q)).text.slice(1));
    expect(forHospital[0]).toContain(SECRET_VENDOR);
  }, 60_000);

  it("answers 400 with the reason when fewer than two or more than twenty disclosures remain, 404 for a stranger's shortlist", async () => {
    for (const ext of ["csv", "xlsx", "pdf"]) {
      const tooMany = await anonymous().get(`/compare.${ext}${query(ids.many)}`);
      expect(tooMany.status).toBe(400);
      expect(tooMany.headers.get("content-type")).toBe("text/plain; charset=utf-8");
      expect(tooMany.headers.get("cache-control")).toBe("private, no-store");
      expect(await tooMany.text()).toContain("一度に比較できるのは20社までです（指定された開示書: 21件）");

      const alone = await anonymous().get(`/compare.${ext}${query([ids.a, ids.secret])}`);
      expect(alone.status).toBe(400);
      const body = await alone.text();
      expect(body).toContain("2件以上必要です");
      expect(body).not.toContain(SECRET_VENDOR);

      expect((await anonymous().get(`/compare.${ext}?shortlist=no-such-list`)).status).toBe(404);
    }
  }, 60_000);

  it("is GET only", async () => {
    const response = await hospital.post(`/compare.csv${query([ids.a, ids.b])}`, {});
    expect(response.status).toBe(405);
  });
});

describe("the page", () => {
  it("renders every row of a 20-vendor comparison, sent as one complete document without scripts", async () => {
    const response = await anonymous().get(`/compare${query(ids.many.slice(0, 20))}`);
    expect(response.status).toBe(200);
    const html = await response.text();
    const shown = Number(/(\d+)項目を表示中/.exec(html)?.[1]);
    expect(shown).toBeGreaterThan(50);
    expect(html.match(/<tr[^>]* id="item-/g)?.length).toBe(shown);
    // Every row has a cell per vendor; nothing pending, nothing moved by script.
    const row = html.match(/<tr[^>]* id="item-[^"]+">[\s\S]*?<\/tr>/)![0];
    expect(row.match(/<td class="cell-/g)).toHaveLength(20);
    expect(html).not.toContain("<!--$?-->");
    expect(html).not.toMatch(/\$RC|<template|<script/);
  });
});

describe("the table and the document, in process", () => {
  // Two editions of the minimum-guideline checklist (the newer one has an extra item), answers with
  // details (実施時期, 理由), a shortlist and a criteria profile: what the HTTP fixture above lacks.
  const older = loadTemplateFile(`${TEMPLATES_DIR}/minimum-guideline-checklist@1.0.0.json`);
  const newer = structuredClone(older);
  newer.version = "1.1.0";
  newer.sections[0].items!.push({ ...structuredClone(older.sections[0].items![0]), key: "organizational.extra", number: "6", text: "新しい版だけにある項目" });
  const keys = [...walkItems(older)].filter((e) => e.item.answer.kind === "status").map((e) => e.item.key);
  const content = (template: typeof older, responses: Record<string, ItemResponse>): DisclosureContent => ({
    templateId: template.id,
    templateVersion: template.version,
    responses: { ...Object.fromEntries(keys.map((k) => [k, { value: { status: "implemented" } }])), ...responses },
  });
  const inputs: CompareInput[] = [
    { template: older, content: content(older, { [keys[0]]: { value: { status: "planned", month: "2027-03" } }, [keys[1]]: { value: { status: "notApplicable", reason: "院内にサーバを置かない" }, note: '料金, "税別"\n2行目' } }) },
    { template: newer, content: content(newer, {}) },
  ];
  const comparison = compareDisclosures(inputs, defaultFilters, {});
  const base = { verified: false, serviceName: null, release: null, version: 1, publishedAt: Date.UTC(2026, 9, 31, 16), withdrawn: false, note: null };
  const columns = [
    { ...base, disclosureId: "d-old", organizationName: "旧版株式会社", templateVersion: "1.0.0" },
    { ...base, disclosureId: "d-new", organizationName: "新版株式会社", templateVersion: "1.1.0", withdrawn: true, note: "=候補メモ" },
  ];
  const page: ComparisonPage = {
    template: { id: older.id, title: older.title },
    shortlist: { id: "s1", name: "電子カルテ更新の候補", organizationId: "h1" },
    profile: { id: "p1", name: "当院の基準" },
    columns: comparison.order.map((i) => columns[i]),
    comparison,
    filterLines: describeFilters(defaultFilters, null, "当院の基準"),
    notices: [],
  };

  it("writes cellText with its details, ranks the vendors and says which editions were compared", () => {
    expect(comparison.editions).toMatchObject({ mixed: true, excludedCount: 1 });
    const table = comparisonTable(page);
    // Ranked: the vendor with everything done comes first.
    expect(table.header[0].slice(5, 7)).toEqual(["新版株式会社", "旧版株式会社"]);
    expect(table.header[1][5]).toBe("1位・第1版・最終更新日 2026年11月1日・様式 1.1.0版・取り下げ済");
    const first = table.rows[0];
    expect(first.slice(0, 4)).toEqual(["組織的安全管理対策", "1", older.sections[0].items![0].text, "必須"]);
    expect(first.slice(5, 7)).toEqual(["実施済", "実施予定（実施時期: 2027年3月）"]);
    // 対象外 on the 最低限 checklist is shown as the form shows it (issue 16 item 4, 注8).
    expect(table.rows[1][6]).toBe("実施予定（対象事項無、理由: 院内にサーバを置かない）");
    expect(table.rows[1][8]).toBe('料金, "税別"\n2行目');
    expect(table.rows.map((r) => r.slice(5, 7))).toEqual(comparison.sections.flatMap((s) => s.rows.map((r) => r.cells.map(cellText))));
    expect(table.rows.some((r) => r[2] === "新しい版だけにある項目")).toBe(false);

    const csv = toCsv(table);
    expect(csv).toContain('"料金, ""税別""\n2行目"');
    const lines = conditionLines(page, Date.UTC(2026, 10, 22, 15, 30));
    expect(lines).toContainEqual({ label: "出力日", value: "2026年11月23日" });
    expect(lines.find((l) => l.label === "様式の版")!.value).toMatch(/^異なる版の様式が含まれるため、共通する90項目のみ比較しています.*共通しない1項目は除外/);
    expect(summaryFields(page, 0).slice(0, 3)).toEqual([
      { label: "順位", value: "1位" },
      { label: "スコア", value: "100点" },
      { label: "必達の不足", value: "0/90" },
    ]);
    // The official verdict, the note it follows, then (secondary) the result without the 対象事項無 item (issue 16 item 4).
    expect(summaryFields(page, 1).find((f) => f.label === "ガイドラインの遵守（自動判定）")!.value).toBe(
      "最低限のガイドラインを遵守していない（注8による判定）／参考（様式の判定ではありません）: 対象事項無の1項目を除くと、最低限のガイドラインを遵守していない",
    );

    const { html } = renderComparisonDocument(page);
    const text = visibleText(html);
    for (const words of ["電子カルテ更新の候補", "評価基準: 当院の基準", "異なる版の様式が含まれるため、共通する90項目のみ比較", "取り下げ済", "=候補メモ", "△", "実施予定（実施時期: 2027年3月）", "スコア", "1位"]) {
      expect(text).toContain(words);
    }
  });
});

// The screen at /compare (built separately) and the exports show the same strings in the same cells.
describe("the screen at /compare", () => {
  const decode = (html: string) =>
    html
      .replace(/<[^>]+>/g, "")
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">")
      .replace(/&quot;/g, '"')
      .replace(/&#x27;/g, "'")
      .replace(/&amp;/g, "&")
      .trim();
  /** The answer cells of the screen's matrix, row by row: the answer without its mark and its notes (folded or shown). */
  function screenCells(html: string, vendors: number): string[][] {
    const cells = [...html.matchAll(/<td class="cell-[a-zA-Z]+">([\s\S]*?)<\/td>/g)].map((m) =>
      decode(m[1].replace(/<details[\s\S]*?<\/details>|<p>[\s\S]*?<\/p>/g, "")).replace(/^[●×△－◆○？] /, ""),
    );
    return Array.from({ length: cells.length / vendors }, (_, r) => cells.slice(r * vendors, (r + 1) * vendors));
  }

  for (const extra of ["", "&level=required&diff=1"]) {
    it(`shows the cells the CSV and xlsx hold (${extra || "no filter"})`, async () => {
      const q = query([ids.a, ids.b, ids.c], extra);
      const page = await anonymous().text(`/compare${q}`);
      expect(page.status).toBe(200);
      const csv = parseCsv((await csvOf(anonymous(), q)).text.slice(1));
      const screen = screenCells(page.html, 3);
      expect(screen.length).toBe(csv.length - HEADER_ROWS);
      // No answer here has a detail (実施時期, 理由), so the screen's cell is exactly cellText.
      expect(screen.map((r) => r.map(csvSafe))).toEqual(csv.slice(HEADER_ROWS).map((r) => r.slice(ITEM_COLUMNS, ITEM_COLUMNS + 3)));
      if (!extra) expect(screen.flat()).toContain(HOSTILE_FORMULA);
      expect(visibleText(page.html)).toContain(`${csv.length - HEADER_ROWS}項目を表示中`);
    });
  }
});
