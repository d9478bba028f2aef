// Hostile strings in every free-text field that reaches an output (issue 11): markup, spreadsheet formulas
// (ASCII, fullwidth, after whitespace), bidi controls, template and SQL syntax, NUL, lone surrogates and very
// long text, typed through the real input layer (forms and the autosave JSON) into organisation, service,
// shortlist and criteria profile names, service descriptions, shortlist notes and every kind of answer
// (text, multiline, composite and table text, choice extras, 理由, 備考, 根拠資料 names and URLs), then read
// back from every output: the public page, the JSON, the PDF, the comparison screen, CSV, xlsx and PDF, and
// the download file names.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contentDisposition } from "../app/models/pdf-document.server.js";
import { normalizeResponse, type ItemResponse } from "../disclosures/disclosure-content.js";
import { loadTemplateFile, walkItems } from "../disclosures/template-loader.js";
import { Client, publishAllAnswered, STRONG_PASSWORD } from "./helpers/client.js";
import { ROOT, tempDir, TEMPLATES_DIR } from "./helpers/db.js";
import { startApp } from "./helpers/http.js";
import { parseCsv } from "./helpers/csv.js";

const tmp = tempDir("kaiji-hostile-");
process.env.PDF_CACHE_DIR = path.join(tmp, "cache");

const agency = loadTemplateFile(`${TEMPLATES_DIR}/agency-disclosure@1.1.0.json`);
const agencyItems = [...walkItems(agency)].map((e) => e.item);
const example = JSON.parse(readFileSync(path.join(ROOT, "disclosures/examples/agency-disclosure.example.json"), "utf8")) as { answers: Record<string, unknown> };

// ---------------------------------------------------------------------------------------------------------------
// The corpus

const LONG = "長い文字列の試験";
/** Strings a single-line field accepts (a tab is allowed in answers, not in names). */
const LINE = [
  "<script>alert(1)</script>",
  '"><img src=x onerror=alert(1)>',
  '=HYPERLINK("http://evil")',
  "＝1+1",
  " =1+1",
  "\t=1+1",
  "　＝SUM(A1)",
  "+1+1",
  "-1+1",
  "@SUM(A1)",
  "＠SUM(A1)",
  "＋1－1",
  "\u202Eexe.pdf",
  "{{7*7}}${7*7}<%= 7*7 %>",
  "'; DROP TABLE user;--",
  "=cmd|' /C calc'!A0",
];
/** Multiline fields also take line breaks before a formula. */
const MULTI = [...LINE, "\r\n=1+1", "一行目\n=HYPERLINK(\"http://evil\")", "\n＠SUM(A1)"];
/** The strings of a field of at most `max` characters: the corpus and one string of exactly `max`. */
const corpus = (strings: string[], max: number) => [...strings, LONG.repeat(Math.ceil(max / LONG.length)).slice(0, max)];
/** Evidence URLs are checked as http(s) URLs; these pass and still carry markup and formulas. */
const URLS = ['https://example.jp/a?q="><script>alert(1)</script>', 'https://example.jp/=HYPERLINK("http://evil")', "https://example.jp/＝1+1", "http://example.jp/{{7*7}}?x=';DROP TABLE user;--"];

/** Names accepted at input (after trimming): everything but controls, format characters and over-long text. */
const NAMES = [...LINE.filter((s) => !/[\u0000-\u001f\p{Cf}]/u.test(s)), LONG.repeat(12).slice(0, 100)];
/** Names refused at input: bidi overrides and other invisible format characters (Unicode Cf), controls. */
const REFUSED_NAMES: [string, RegExp][] = [
  ["\u202Eexe.pdf", /U\+202E/],
  ["株式会社\u202Dテスト", /U\+202D/],
  ["株式会社\u2066テスト\u2069", /U\+2066/],
  ["株式\u200B会社", /U\+200B/],
  ["株式\uFEFF会社", /U\+FEFF/],
  ["株式\u2060会社", /U\+2060/],
  ["\u061C株式会社", /U\+061C/],
  ["株式\u200F会社", /U\+200F/],
];

/** A spreadsheet would run this as a formula: =, +, -, @ (or fullwidth ＝＋－＠) after any spaces, or a leading tab/CR. */
const FORMULA_START = /^[\s\u00a0\u3000]*[=+\-@＝＋－＠﹦﹢﹣﹫]|^[\t\r]/;
/** Unicode format characters (bidi controls, zero-width characters, BOM …) and C0/C1 controls. */
const INVISIBLE = /[\p{Cf}\u0000-\u001f\u007f-\u009f]/u;

// ---------------------------------------------------------------------------------------------------------------
// Helpers

/** One connection per request (see comparison-exports.test.ts: long synchronous renders and keep-alive). */
class HostileClient extends Client {
  override get(p: string, headers: Record<string, string> = {}) {
    return super.get(p, { connection: "close", ...headers });
  }
}

let app: Awaited<ReturnType<typeof startApp>>;
let hospital: HostileClient;
let hospitalOrg = "";
const anonymous = () => new HostileClient(app.base);

async function signUp(label: string) {
  const client = new HostileClient(app.base);
  const email = `${label}-${Math.random().toString(36).slice(2)}@hostile.example`;
  const response = await client.post("/signup", { email, displayName: label, password: STRONG_PASSWORD, confirm: STRONG_PASSWORD });
  expect(response.status).toBe(302);
  return client;
}

/** HTML text as a reader sees it: tags dropped, entities decoded. */
function decodeHtml(html: string): string {
  return html
    .replace(/<[^>]+>/g, " ")
    .replace(/&#x([0-9a-f]+);/gi, (_, h) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d) => String.fromCodePoint(Number(d)))
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&");
}
/** Whitespace is layout (wrapping, indentation, line breaks in cells): compare without it. */
const squash = (text: string) => text.replace(/[\s\u3000]+/g, "");
/** What a long string is checked by: its start (a page break may fall inside it in a PDF). */
const probe = (value: string) => squash(value).slice(0, 120);

function pdfFile(pdf: ArrayBuffer): string {
  const file = path.join(tmp, `${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, Buffer.from(pdf));
  return file;
}
const pdfText = (pdf: ArrayBuffer) => execFileSync("pdftotext", ["-raw", pdfFile(pdf), "-"], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
/** A PDF that could act: scripts, launch or form-submit actions. (Links, /URI, are what evidence URLs are.) */
const PDF_ACTIONS = /\/(JavaScript|JS|Launch|SubmitForm|ImportData|RichMedia|OpenAction)\b/;

/** The name a download is saved under: the UTF-8 name of Content-Disposition, and its ASCII fallback. */
function downloadNames(response: Response) {
  const header = response.headers.get("content-disposition") ?? "";
  const m = /^(inline|attachment); filename="([^"]*)"; filename\*=UTF-8''(.+)$/.exec(header);
  expect(m, header).not.toBeNull();
  return { fallback: m![2], name: decodeURIComponent(m![3]) };
}
function expectCleanFileName(response: Response) {
  const { fallback, name } = downloadNames(response);
  expect(fallback).toMatch(/^[A-Za-z0-9._-]+$/);
  expect(name, JSON.stringify(name)).not.toMatch(INVISIBLE);
  expect(name).not.toMatch(/[\/\\:*?"<>|]/);
  return name;
}


/** Every sheet of a workbook as rows of strings; fails on any formula cell. */
async function workbookRows(buffer: ArrayBuffer) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer);
  const sheets: Record<string, string[][]> = {};
  for (const ws of workbook.worksheets) {
    const rows: string[][] = [];
    ws.eachRow({ includeEmpty: true }, (row) => {
      const values: string[] = [];
      for (let c = 1; c <= ws.columnCount; c++) {
        const cell = row.getCell(c);
        expect(cell.type === ExcelJS.ValueType.Formula || cell.formula !== undefined, `${ws.name}!${cell.address}`).toBe(false);
        if (cell.value !== null && cell.value !== undefined) expect([ExcelJS.ValueType.String, ExcelJS.ValueType.Number], `${ws.name}!${cell.address}`).toContain(cell.type);
        values.push(cell.value === null || cell.value === undefined ? "" : String(cell.value));
      }
      rows.push(values);
    });
    sheets[ws.name] = rows;
  }
  const file = path.join(tmp, `${Math.random().toString(36).slice(2)}.xlsx`);
  writeFileSync(file, Buffer.from(buffer));
  const xml = execFileSync("unzip", ["-p", file, "xl/worksheets/*.xml"], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  expect(xml).not.toMatch(/<f[ >]/);
  return sheets;
}

// ---------------------------------------------------------------------------------------------------------------
// The fixture: one vendor per accepted name, each with a service and a published 代行機関 disclosure whose
// every free-text field holds a string of the corpus (rotated, so that across the vendors each kind of field
// gets every string); a hospital with a shortlist and a criteria profile per accepted name.

type Vendor = { client: HostileClient; org: string; name: string; serviceName: string; description: string; disclosure: string; responses: Record<string, ItemResponse> };
const vendors: Vendor[] = [];
const shortlists: { id: string; name: string; profile: string; profileName: string; members: number[]; notes: string[] }[] = [];
let everyone = { id: "", profile: "" };

/** The answers of vendor `i`: the example's, with every free-text part replaced by corpus strings. */
function hostileResponses(i: number): Record<string, ItemResponse> {
  let n = i;
  const line = (max: number) => {
    const strings = corpus(LINE, max);
    return strings[n++ % strings.length];
  };
  const multi = (max: number) => {
    const strings = corpus(MULTI, max);
    return strings[n++ % strings.length];
  };
  const responses: Record<string, ItemResponse> = {};
  for (const item of agencyItems) {
    const answer = item.answer;
    const given = example.answers[item.key] as any;
    switch (answer.kind) {
      case "text":
        responses[item.key] = { value: line(answer.maxLength ?? 1000) };
        break;
      case "multiline":
        responses[item.key] = { value: multi(answer.maxLength ?? 20_000) };
        break;
      case "composite":
        responses[item.key] = { value: Object.fromEntries(answer.fields.map((f) => [f.key, f.type === "number" ? 3 : line(1000)])) };
        break;
      case "table":
        responses[item.key] = {
          value: Object.fromEntries(answer.rows.map((r) => [r.key, Object.fromEntries(answer.columns.map((c) => [c.key, c.type === "number" ? 2 : line(1000)]))])),
        };
        break;
      case "choice": {
        const extras = answer.options.filter((o) => o.extra).map((o) => o.value);
        if (!extras.length) {
          responses[item.key] = { value: given ?? { selected: answer.multiple ? [answer.options[0].value] : answer.options[0].value } };
          break;
        }
        const selected = answer.multiple ? [...new Set([...((given?.selected as string[]) ?? []), ...extras])] : extras[0];
        responses[item.key] = { value: { selected, extra: Object.fromEntries(extras.map((e) => [e, line(500)])) } };
        break;
      }
      case "status": {
        const k = n;
        const value = k % 5 === 0 ? { status: "notApplicable", reason: multi(2000) } : { status: "implemented" };
        responses[item.key] = { value, note: multi(5000), evidence: [{ name: line(300), url: URLS[k % URLS.length] }] };
        break;
      }
      case "derived":
        break;
      default:
        if (given !== undefined) responses[item.key] = { value: given as never };
    }
  }
  return responses;
}

async function createVendor(i: number): Promise<Vendor> {
  const client = await signUp(`vendor${i}`);
  const name = NAMES[i];
  const created = await client.post("/orgs", { name, kind: "vendor" });
  expect(created.status, JSON.stringify(name)).toBe(302);
  const org = created.headers.get("location")!;
  const serviceName = NAMES[(i + 1) % NAMES.length];
  const descriptions = corpus(MULTI, 2000);
  const description = descriptions[i % descriptions.length];
  expect((await client.post(`${org}/services`, { intent: "create", name: serviceName, kind: "agency", description })).status, JSON.stringify(serviceName)).toBe(200);
  const service = await app.db.selectFrom("service").select("id").where("organization_id", "=", org.split("/").pop()!).executeTakeFirstOrThrow();
  const disclosure = (await client.post(`${org}/disclosures`, { template: "agency-disclosure@1.1.0", visibility: "public", serviceId: service.id })).headers.get("location")!.split("/").at(-2)!;
  const responses = hostileResponses(i);
  // Saved against the draft's revisions, as the editor does: creating the disclosure already prefilled 機関名 from
  // the organisation's name (disclosures/profile-prefill.ts).
  const rows = await app.db.selectFrom("draft_response").select(["item_key", "revision"]).where("disclosure_id", "=", disclosure).execute();
  const revisions = new Map(rows.map((r) => [r.item_key, r.revision]));
  const saved = await client.postJson(`${org}/disclosures/${disclosure}/draft`, { changes: Object.entries(responses).map(([key, response]) => ({ key, baseRevision: revisions.get(key) ?? 0, response })) });
  expect(saved.status, await saved.clone().text()).toBe(200);
  expect(((await saved.clone().json()) as { conflicts: unknown[] }).conflicts).toEqual([]);
  const published = await client.post(`${org}/disclosures/${disclosure}`, { intent: "publish" });
  expect(published.status, decodeHtml(await published.clone().text()).replace(/\s+/g, " ").slice(0, 2000)).toBe(200);
  return { client, org, name: name.trim(), serviceName: serviceName.trim(), description: description.replace(/\r\n?/g, "\n").trim(), disclosure, responses };
}

async function createShortlist(name: string, profileName: string, members: number[], notes: string[]) {
  const created = await hospital.post(`${hospitalOrg}/shortlists`, { intent: "create", name });
  expect(created.status, JSON.stringify(name)).toBe(302);
  const id = created.headers.get("location")!.split("/").pop()!;
  for (const [k, v] of members.entries()) {
    expect((await hospital.post(`${hospitalOrg}/shortlists`, { intent: "add", shortlistId: id, disclosureId: vendors[v].disclosure })).status).toBe(302);
    expect((await hospital.post(`${hospitalOrg}/shortlists/${id}`, { intent: "note", disclosureId: vendors[v].disclosure, note: notes[k] })).status).toBe(200);
  }
  const profile = await hospital.post(`${hospitalOrg}/criteria`, { intent: "create", name: profileName, templateId: agency.id });
  expect(profile.status, JSON.stringify(profileName)).toBe(302);
  return { id, name: name.trim(), profile: profile.headers.get("location")!.split("/").pop()!, profileName: profileName.trim(), members, notes: notes.map((s) => s.replace(/\r\n?/g, "\n").trim()) };
}

beforeAll(async () => {
  app = await startApp();
  for (let i = 0; i < NAMES.length; i++) vendors.push(await createVendor(i));
  hospital = await signUp("hospital");
  const created = await hospital.post("/orgs", { name: "試験総合病院", kind: "hospital" });
  hospitalOrg = created.headers.get("location")!;
  // Verified, so that nothing here depends on the verification rules (all disclosures are public anyway).
  await app.db.updateTable("organization").set({ verified_at: Date.now() }).where("id", "=", hospitalOrg.split("/").pop()!).execute();
  const notes = corpus(MULTI, 2000);
  for (let k = 0; k < NAMES.length; k++) {
    shortlists.push(await createShortlist(NAMES[k], NAMES[(k + 2) % NAMES.length], [k, (k + 1) % NAMES.length], [notes[k % notes.length], notes[(k + 7) % notes.length]]));
  }
  const all = await createShortlist("全社比較", NAMES[0], vendors.map((_, v) => v), vendors.map((_, v) => notes[v % notes.length]));
  everyone = { id: all.id, profile: all.profile };
}, 300_000);
afterAll(async () => {
  await app?.close();
});

/** Every string vendor `v` typed in, with what it was typed into. */
function typedStrings(vendor: Vendor): { where: string; value: string }[] {
  const out: { where: string; value: string }[] = [
    { where: "organisation name", value: vendor.name },
    { where: "service name", value: vendor.serviceName },
  ];
  const add = (where: string, value: unknown) => {
    if (typeof value === "string") out.push({ where, value });
    else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) add(`${where}.${k}`, v);
  };
  const kinds = new Map(agencyItems.map((item) => [item.key, item.answer.kind]));
  for (const [key, response] of Object.entries(vendor.responses)) {
    const value = response.value as any;
    const kind = kinds.get(key);
    if (kind === "text" || kind === "multiline" || kind === "composite" || kind === "table") add(key, value);
    else if (kind === "choice" && value?.extra) add(`${key}.extra`, value.extra);
    else if (kind === "status" && value?.reason) add(`${key}.reason`, value.reason);
    if (response.note) add(`${key}.note`, response.note);
    for (const e of response.evidence ?? []) add(`${key}.evidence`, e);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------

describe("names at input", () => {
  it("refuses bidi overrides and other invisible format characters in organisation, service, shortlist and profile names, naming the character", async () => {
    const client = await signUp("names");
    const vendorOrg = (await client.post("/orgs", { name: "書式文字試験株式会社", kind: "vendor" })).headers.get("location")!;
    const hospitalOrgOf = (await client.post("/orgs", { name: "書式文字試験病院", kind: "hospital" })).headers.get("location")!;
    const shortlist = (await client.post(`${hospitalOrgOf}/shortlists`, { intent: "create", name: "候補" })).headers.get("location")!;
    const profile = (await client.post(`${hospitalOrgOf}/criteria`, { intent: "create", name: "基準", templateId: agency.id })).headers.get("location")!;
    const organizations = async () => (await app.db.selectFrom("organization").select("name").execute()).map((o) => o.name);
    for (const [name, codePoint] of REFUSED_NAMES) {
      const attempts: [string, Record<string, string>][] = [
        ["/orgs", { name, kind: "vendor" }],
        [`${vendorOrg}/services`, { intent: "create", name, kind: "system" }],
        [`${hospitalOrgOf}/shortlists`, { intent: "create", name }],
        [shortlist, { intent: "rename", name }],
        [`${hospitalOrgOf}/criteria`, { intent: "create", name, templateId: agency.id }],
        [profile, { intent: "rename", name }],
        ["/account", { displayName: name }],
      ];
      for (const [url, fields] of attempts) {
        const response = await client.post(url, fields);
        const text = decodeHtml(await response.text());
        expect(response.status, `${url} ${JSON.stringify(name)}`).toBe(400);
        expect(text, `${url} ${JSON.stringify(name)}`).toMatch(codePoint);
        expect(text).toMatch(/見えない|書式/);
      }
    }
    // Nothing was stored under any of those names.
    const stored = [
      ...(await organizations()),
      ...(await app.db.selectFrom("service").select("name").execute()).map((r) => r.name),
      ...(await app.db.selectFrom("shortlist").select("name").execute()).map((r) => r.name),
      ...(await app.db.selectFrom("criteria_profile").select("name").execute()).map((r) => r.name),
      ...(await app.db.selectFrom("user").select("display_name").execute()).map((r) => r.display_name),
    ];
    expect(stored.filter((s) => /\p{Cf}/u.test(s))).toEqual([]);
  });

  it("refuses NUL and other controls in names, notes and evidence, lone surrogates in the autosave JSON, and bidi controls in evidence URLs", async () => {
    const client = await signUp("controls");
    const org = (await client.post("/orgs", { name: "制御文字試験株式会社", kind: "vendor" })).headers.get("location")!;
    expect((await client.post("/orgs", { name: "a\u0000b", kind: "vendor" })).status).toBe(400);
    expect((await client.post(`${org}/services`, { intent: "create", name: "a\u0000b", kind: "system" })).status).toBe(400);
    const disclosure = (await client.post(`${org}/disclosures`, { template: "cybersecurity-checklist@1.0.0", visibility: "public" })).headers.get("location")!.split("/").at(-2)!;
    const save = (response: unknown) => client.postJson(`${org}/disclosures/${disclosure}/draft`, { changes: [{ key: "executive.1", baseRevision: 0, response }] });
    const refused: [unknown, RegExp][] = [
      [{ note: "a\u0000b" }, /制御文字/],
      [{ evidence: [{ name: "a\u0000b" }] }, /制御文字/],
      [{ note: "a\uD800b" }, /制御文字/],
      [{ note: "a\uDC00b" }, /制御文字/],
      [{ evidence: [{ name: "\uDBFF" }] }, /制御文字/],
      [{ evidence: [{ url: "https://example.jp/\uD800" }] }, /制御文字/],
      [{ evidence: [{ url: "https://example.jp/a\u0000" }] }, /制御文字/],
      [{ evidence: [{ name: "資料", url: "https://example.jp/\u202Efdp.exe" }] }, /U\+202E/],
    ];
    for (const [response, message] of refused) {
      const answer = await save(response);
      expect(answer.status, JSON.stringify(response)).toBe(400);
      expect(((await answer.json()) as { error: string }).error, JSON.stringify(response)).toMatch(message);
    }
    // A surrogate pair (an emoji, a rare kanji) is a character like any other.
    expect((await save({ note: "𠮷野家 😀" })).status).toBe(200);
    // Answers are kept as typed in a draft, and checked when publishing: a lone surrogate is refused there.
    const other = (await client.post(`${org}/disclosures`, { template: "cybersecurity-checklist@1.0.0", visibility: "public" })).headers.get("location")!.split("/").at(-2)!;
    const filledBy = (value: string, baseRevision: number) => client.postJson(`${org}/disclosures/${other}/draft`, { changes: [{ key: "executive.filledBy", baseRevision, response: { value } }] });
    expect((await filledBy("担当\uD800", 0)).status).toBe(200);
    const template = `${TEMPLATES_DIR}/cybersecurity-checklist@1.0.0.json`;
    await expect(publishAllAnswered(client, org, other, template, "yes")).rejects.toThrow(/publish answered 400/);
    // That was the only problem: with the answer corrected, the same draft publishes.
    expect((await filledBy("担当", 1)).status).toBe(200);
    await publishAllAnswered(client, org, other, template, "yes");
  });
});

describe("download file names", () => {
  it("never carry bidi controls or other format characters, even from names stored before they were refused", async () => {
    const client = await signUp("legacy");
    const org = (await client.post("/orgs", { name: "旧データ株式会社", kind: "vendor" })).headers.get("location")!;
    const disclosure = (await client.post(`${org}/disclosures`, { template: "cybersecurity-checklist@1.0.0", visibility: "public" })).headers.get("location")!.split("/").at(-2)!;
    await publishAllAnswered(client, org, disclosure, `${TEMPLATES_DIR}/cybersecurity-checklist@1.0.0.json`, "yes");
    // A name from before the rule, with every kind of invisible character a file name could hide behind.
    const legacy = "悪意\u202Efdp.exe\u200B\u2066株式\uFEFF会社\u061C\u200F\u2069\u00AD";
    await app.db.updateTable("organization").set({ name: legacy }).where("id", "=", org.split("/").pop()!).execute();

    const published = await anonymous().get(`/disclosures/${disclosure}/v/1.pdf`);
    expect(published.status).toBe(200);
    expect(expectCleanFileName(published)).toBe("悪意fdp.exe株式会社_医療機関のサイバーセキュリティ対策チェックリスト_第1版.pdf");
    const preview = await client.get(`${org}/disclosures/${disclosure}/preview.pdf`);
    expect(preview.status).toBe(200);
    expect(expectCleanFileName(preview)).toMatch(/^下書き_悪意fdp\.exe株式会社_/);
  }, 60_000);

  it("are clean for every export of a comparison of hostile names", async () => {
    for (const ext of ["csv", "xlsx", "pdf"]) {
      const list = ext === "pdf" ? shortlists[0] : { id: everyone.id, profile: everyone.profile };
      const response = await hospital.get(`/compare.${ext}?shortlist=${list.id}&profile=${list.profile}`);
      expect(response.status).toBe(200);
      expect(expectCleanFileName(response)).toMatch(new RegExp(`^比較_事業運営上開示すべき重要事項の概要.*_\\d{8}\\.${ext}$`));
      await response.arrayBuffer();
    }
    for (const v of vendors) expectCleanFileName(await anonymous().get(`/disclosures/${v.disclosure}/v/1.pdf`));
  }, 120_000);

  it("are built without throwing from any string, lone surrogates included", () => {
    const header = contentDisposition("a\uD800b\u202E.pdf", "x.pdf");
    expect(decodeURIComponent(header.split("UTF-8''")[1])).toBe("ab.pdf");
  });
});

describe("the published disclosure", () => {
  it("shows every string escaped on its page: no raw tag, the literal text", async () => {
    for (const vendor of vendors) {
      const response = await anonymous().get(`/disclosures/${vendor.disclosure}/v/1`);
      expect(response.status).toBe(200);
      const html = await response.text();
      expect(html).not.toMatch(/<script[\s>]/i);
      expect(html).not.toMatch(/<img[^>]*onerror/i);
      expect(html).not.toContain("<%=");
      const text = squash(decodeHtml(html));
      for (const { where, value } of typedStrings(vendor)) {
        if (value.includes("<")) expect(html, where).not.toContain(value);
        expect(text.includes(probe(value)), `${where}: ${JSON.stringify(value.slice(0, 60))}`).toBe(true);
      }
    }
  }, 60_000);

  it("publishes JSON that round-trips every string exactly, with a hash that matches", async () => {
    for (const vendor of vendors) {
      const response = await anonymous().get(`/disclosures/${vendor.disclosure}/v/1.json`);
      expect(response.status).toBe(200);
      const body = (await response.json()) as any;
      expect(body.organization.name).toBe(vendor.name);
      expect(body.service).toEqual({ name: vendor.serviceName });
      expect(createHash("sha256").update(body.canonicalContent, "utf8").digest("hex")).toBe(body.contentHash.value);
      expect(JSON.parse(body.canonicalContent)).toEqual(body.content);
      for (const [key, sent] of Object.entries(vendor.responses)) expect(body.content.responses[key], key).toEqual(normalizeResponse(sent));
    }
  });

  it("prints every string as text in its PDF, which carries no script or action", async () => {
    for (const vendor of vendors) {
      const response = await anonymous().get(`/disclosures/${vendor.disclosure}/v/1.pdf`);
      expect(response.status).toBe(200);
      const pdf = await response.arrayBuffer();
      expect(Buffer.from(pdf).toString("latin1")).not.toMatch(PDF_ACTIONS);
      const text = squash(pdfText(pdf).normalize("NFC"));
      // The PDF prints answers, notes, 理由 and evidence names (URLs are links and may be cut), and the names.
      for (const { where, value } of typedStrings(vendor).filter((s) => !s.where.endsWith(".url"))) {
        // A bidi override reorders what follows it on the page: the characters are there, their order is the reader's.
        const want = value.includes("\u202E") ? probe(value.replace(/\u202E/g, "")) : probe(value);
        const found = value.includes("\u202E") ? text.includes(want) || text.includes([...want].reverse().join("")) : text.includes(want);
        expect(found, `${where}: ${JSON.stringify(value.slice(0, 60))}`).toBe(true);
      }
    }
  }, 180_000);
});

describe("the vendor's own pages and the directory", () => {
  it("show service names and descriptions escaped, and search for any string without an error", async () => {
    for (const vendor of vendors) {
      const response = await vendor.client.get(`${vendor.org}/services`);
      expect(response.status).toBe(200);
      const html = await response.text();
      expect(html).not.toMatch(/<img[^>]*onerror/i);
      expect(html).not.toContain("<script>alert(1)");
      const text = squash(decodeHtml(html));
      for (const value of [vendor.name, vendor.serviceName, vendor.description]) expect(text.includes(probe(value)), JSON.stringify(value.slice(0, 60))).toBe(true);
    }
    for (const q of [...LINE, ...NAMES]) {
      const response = await anonymous().get(`/directory?q=${encodeURIComponent(q)}`);
      expect(response.status, JSON.stringify(q)).toBe(200);
      const html = await response.text();
      expect(html).not.toMatch(/<img[^>]*onerror/i);
      expect(html).not.toContain("<script>alert(1)");
    }
  }, 60_000);
});

describe("the comparison", () => {
  const q = () => `?shortlist=${everyone.id}&profile=${everyone.profile}`;

  it("shows names, answers and notes escaped on the screen", async () => {
    const response = await hospital.get(`/compare${q()}`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).not.toMatch(/<img[^>]*onerror/i);
    expect(html).not.toContain("<script>alert(1)");
    const text = squash(decodeHtml(html));
    for (const vendor of vendors) for (const value of [vendor.name, vendor.serviceName, vendor.responses["name"].value as string]) expect(text.includes(probe(value)), JSON.stringify(value)).toBe(true);
  }, 60_000);

  it("writes a CSV in which no cell starts a formula: ASCII, fullwidth or after whitespace, and the text is otherwise intact", async () => {
    const response = await hospital.get(`/compare.csv${q()}`);
    expect(response.status).toBe(200);
    const rows = parseCsv(new TextDecoder("utf-8", { ignoreBOM: true }).decode(await response.arrayBuffer()).slice(1));
    const xlsx = await workbookRows(await (await hospital.get(`/compare.xlsx${q()}`)).arrayBuffer());
    const cells = rows.flat();
    const dangerous = cells.filter((c) => FORMULA_START.test(c) || FORMULA_START.test(c.normalize("NFKC")));
    expect(dangerous.length, `cells a spreadsheet would run, e.g. ${dangerous.slice(0, 5).map((c) => JSON.stringify(c.slice(0, 30))).join(", ")}`).toBe(0);
    // The CSV is the 比較 sheet with a ' before exactly the cells a spreadsheet would run.
    expect(rows.length).toBe(xlsx["比較"].length);
    rows.forEach((row, r) =>
      row.forEach((cell, c) => {
        const plain = xlsx["比較"][r][c];
        expect(cell.replace(/\r\n?/g, "\n"), `row ${r + 1}, column ${c + 1}`).toBe(FORMULA_START.test(plain.normalize("NFKC")) || FORMULA_START.test(plain) ? `'${plain}` : plain);
      }),
    );
    // Each hostile formula of the corpus reached a cell of its own, and is neutralised there.
    for (const formula of ["＝1+1", " =1+1", "\t=1+1", "　＝SUM(A1)", "+1+1", "-1+1", "@SUM(A1)", "＠SUM(A1)", "＋1－1", '=HYPERLINK("http://evil")', "\r\n=1+1", "\n＠SUM(A1)"]) {
      expect(cells, JSON.stringify(formula)).toContain(`'${formula}`);
    }
    // Vendor names that look like formulas head their columns, neutralised too.
    expect(rows[0]).toContain(`'=HYPERLINK("http://evil")　${vendors[NAMES.indexOf('=HYPERLINK("http://evil")')].serviceName}`);
  }, 60_000);

  it("writes an xlsx of strings only: the literal text in every sheet, never a formula", async () => {
    const response = await hospital.get(`/compare.xlsx${q()}`);
    expect(response.status).toBe(200);
    const sheets = await workbookRows(await response.arrayBuffer());
    const cells = new Set(Object.values(sheets).flat(2));
    for (const vendor of vendors) {
      // Single-line answers fill a cell on their own, exactly as typed (up to Excel's cell limit).
      // (XML keeps a line break as LF: a CR LF typed in reads back as LF, as in any xlsx.)
      for (const key of ["name", "address", "agencyCode", "serviceHours.site", "financialInfo"]) {
        const value = (vendor.responses[key].value as string).replace(/\r\n?/g, "\n");
        expect(cells.has(value), `${key} of ${vendor.name}: ${JSON.stringify(value.slice(0, 40))}`).toBe(true);
      }
    }
    const conditions = sheets["条件"].map((r) => r[1]);
    expect(conditions).toContain("全社比較");
    expect(conditions).toContain(NAMES[0]);
    for (const note of corpus(MULTI, 2000).slice(0, vendors.length).map((s) => s.replace(/\r\n?/g, "\n").trim())) expect(sheets["集計"].flat(), JSON.stringify(note.slice(0, 40))).toContain(note);
  }, 60_000);

  it("puts every shortlist and profile name literally in the 条件 sheet and escaped on the screen", async () => {
    for (const list of shortlists) {
      const query = `?shortlist=${list.id}&profile=${list.profile}`;
      const xlsx = await workbookRows(await (await hospital.get(`/compare.xlsx${query}`)).arrayBuffer());
      const conditions = Object.fromEntries(xlsx["条件"].map((r) => [r[0], r[1]]));
      expect(conditions["候補リスト"]).toBe(list.name);
      expect(conditions["評価基準"]).toBe(list.profileName);
      const notes = xlsx["集計"].flat();
      for (const note of list.notes) expect(notes).toContain(note);
      const html = await (await hospital.get(`/compare${query}`)).text();
      expect(html).not.toMatch(/<img[^>]*onerror/i);
      expect(html).not.toContain("<script>alert(1)");
      const text = squash(decodeHtml(html));
      for (const value of [list.name, list.profileName, ...list.notes]) expect(text.includes(probe(value)), JSON.stringify(value)).toBe(true);
      const csv = new TextDecoder().decode(await (await hospital.get(`/compare.csv${query}`)).arrayBuffer());
      const dangerous = parseCsv(csv.slice(1))
        .flat()
        .filter((c) => FORMULA_START.test(c.normalize("NFKC")));
      expect(dangerous.length, `cells a spreadsheet would run, e.g. ${dangerous.slice(0, 5).map((c) => JSON.stringify(c.slice(0, 30))).join(", ")}`).toBe(0);
    }
  }, 120_000);

  it("prints names, answers and notes as text in the comparison PDF, which carries no script or action", async () => {
    const list = shortlists[0];
    const response = await hospital.get(`/compare.pdf?shortlist=${list.id}&profile=${list.profile}`);
    expect(response.status).toBe(200);
    const pdf = await response.arrayBuffer();
    expect(Buffer.from(pdf).toString("latin1")).not.toMatch(PDF_ACTIONS);
    const text = squash(pdfText(pdf).normalize("NFC"));
    for (const value of [list.name, list.profileName, ...list.notes, ...list.members.flatMap((v) => [vendors[v].name, vendors[v].responses["name"].value as string])]) {
      expect(text.includes(probe(value)), JSON.stringify(value.slice(0, 60))).toBe(true);
    }
  }, 60_000);
});
