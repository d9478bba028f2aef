// Issue 13's end-to-end proof, over HTTP only, as the people who use Kaiji do it: an administrator imports the
// structural MDS, SDS and 事業者確認用-shaped fixture workbooks at /admin/templates with the committed mappings
// (the SDS one given GL 7.0's 別紙 as a subset with its rule, typed into the mapping's JSON); two vendors answer
// the SDS in the editor's autosave and publish through the confirmation; the 事業者確認用 form refuses a いいえ
// without its 目標日; a verified hospital compares the two SDS vendors, limits the comparison to the 別紙, sees
// 「医療機関側のリスク評価が必要」 beside the いいえ, filters the directory on the 別紙 rule and exports the comparison;
// an MDS disclosure shows its 製品名 and バージョン. The database is read only to check what happened and to look
// up ids; every step under test is a request a browser (or the administrators' CLI) makes.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FIXTURES_DIR, mdsWorkbook, sdsWorkbook, vendorChecklistWorkbook } from "./fixtures/make-workbooks.js";
import { Client, STRONG_PASSWORD, visibleText } from "./helpers/client.js";
import { parseCsv } from "./helpers/csv.js";
import { ROOT } from "./helpers/db.js";
import { startApp } from "./helpers/http.js";

let app: Awaited<ReturnType<typeof startApp>>;

/** What a reader sees: visibleText, with the entities React writes in text decoded too. */
const seen = (html: string) => visibleText(html).replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">");

type Account = { client: Client; email: string; org: string };

async function signUp(email: string): Promise<Client> {
  const client = new Client(app.base);
  const response = await client.post("/signup", { email, displayName: email.split("@")[0], password: STRONG_PASSWORD, confirm: STRONG_PASSWORD });
  expect(response.status, `sign-up ${email}`).toBe(302);
  return client;
}

async function withOrganization(email: string, name: string, kind: "vendor" | "hospital"): Promise<Account> {
  const client = await signUp(email);
  const created = await client.post("/orgs", { name, kind });
  expect(created.status).toBe(302);
  return { client, email, org: created.headers.get("location")!.split("/").pop()! };
}

// ---- the three forms -----------------------------------------------------------------------------------------

const committed = (file: string) => JSON.parse(readFileSync(path.join(FIXTURES_DIR, file), "utf8")) as Record<string, any>;

/** The SDS items GL 7.0's 別紙 picks (structural stand-in: five items from five chapters, keys = the SDS numbers). */
const BETSUSHI = ["1", "6", "11", "30", "52"];
const SDS_RULE = "betsushiRule";

/** The committed SDS mapping, plus what an administrator types into its JSON for the 別紙: the subset and its rule. */
function sdsMapping() {
  const mapping = committed("sds.mapping.json");
  mapping.template.subsets = [{ key: "betsushi", title: "別紙 セキュリティ確認事項", source: "ガイドライン 第7.0版 保守委託機関編 別紙（構造サンプル）", items: BETSUSHI }];
  mapping.derived.push({
    rule: "allMet",
    key: SDS_RULE,
    title: "別紙の確認事項",
    scope: "betsushi",
    labels: { pass: "別紙の全項目が「はい」または「対象外」", fail: "別紙に「いいえ」の項目あり", incomplete: "別紙に未回答の項目あり" },
    unmetNote: "医療機関側のリスク評価が必要",
  });
  return mapping;
}

const FORMS = [
  { name: "MDS", file: "mds-structure-sample.xlsx", workbook: mdsWorkbook, mapping: () => committed("mds.mapping.json"), id: "mds-structure-sample", chapter: "1 規程類 3項目", items: 39, chapters: 13 },
  { name: "SDS", file: "sds-structure-sample.xlsx", workbook: sdsWorkbook, mapping: sdsMapping, id: "sds-structure-sample", chapter: "1 規程類 4項目", items: 52, chapters: 13 },
  {
    name: "事業者確認用",
    file: "vendor-checklist-structure-sample.xlsx",
    workbook: vendorChecklistWorkbook,
    mapping: () => committed("vendor-checklist.mapping.json"),
    id: "vendor-checklist-structure-sample",
    chapter: "1 （章見出しサンプル） 5項目",
    items: 15,
    chapters: 3,
  },
] as const;

const titleOf = (form: (typeof FORMS)[number]) => form.mapping().template.title as string;

// ---- actors --------------------------------------------------------------------------------------------------

let admin: Client;
let alpha: Account;
let beta: Account;
let hospital: Account;

beforeAll(async () => {
  app = await startApp();
  admin = await signUp("importer@e2e.example");
  // Administrators are made from the command line only (README): the same command here.
  execFileSync(process.execPath, ["--import", "tsx", "scripts/admin.ts", "grant", "importer@e2e.example"], { cwd: ROOT, env: { ...process.env }, stdio: "pipe" });
  alpha = await withOrganization("alpha@e2e.example", "アルファ医療クラウド株式会社", "vendor");
  beta = await withOrganization("beta@e2e.example", "ベータシステムズ株式会社", "vendor");
  hospital = await withOrganization("hospital@e2e.example", "イーツーイー総合病院", "hospital");
}, 60_000);
afterAll(async () => {
  await app?.close();
});

// ---- 1. the administrator imports the three forms ------------------------------------------------------------

/** The upload form of /admin/templates, as the browser sends it (multipart). */
async function upload(client: Client, name: string, bytes: Buffer) {
  const form = new FormData();
  form.set("intent", "upload");
  form.set("file", new Blob([new Uint8Array(bytes)], { type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" }), name);
  return fetch(`${app.base}/admin/templates`, { method: "POST", redirect: "manual", headers: { cookie: client.cookieHeader(), origin: app.base, "sec-fetch-site": "same-origin" }, body: form });
}

/** The revision the import page's forms carry. */
const revisionIn = (html: string) => html.match(/name="revision" value="(\d+)"/)![1];

describe("1. an administrator imports the MDS, SDS and 事業者確認用-shaped workbooks", () => {
  it("says on the import screen that no official item text ships with Kaiji", async () => {
    const page = await admin.text("/admin/templates");
    expect(page.status).toBe(200);
    expect(seen(page.html)).toContain("公式の MDS/SDS・チェックリストの項目文は Kaiji には含まれていません。公式のブックをお持ちの管理者が取り込んでください。");
  });

  for (const form of FORMS) {
    it(`${form.name}: upload, the committed mapping through the JSON field, a preview without problems, publish`, async () => {
      const uploaded = await upload(admin, form.file, await form.workbook());
      expect(uploaded.status, await uploaded.clone().text()).toBe(302);
      const location = uploaded.headers.get("location")!;
      expect(location).toMatch(/^\/admin\/templates\/imports\/[0-9a-f-]{36}$/);

      const first = await admin.text(location);
      expect(first.status).toBe(200);
      expect(seen(first.html)).toContain(`様式の取込: ${form.file}`);
      expect(seen(first.html)).toContain("公開するまで、様式としては使われません。");

      // The mapping's JSON field alone (a post without the form's marker is JSON only; DECISIONS 25).
      const saved = await admin.post(location, { intent: "save", revision: revisionIn(first.html), json: JSON.stringify(form.mapping(), null, 2) });
      expect(saved.status, seen(await saved.clone().text()).slice(0, 500)).toBe(302);

      const preview = await admin.text(location);
      const text = seen(preview.html);
      // The counts of the preview: items of the table (the header fields are added as a section of their own).
      expect(text).toMatch(new RegExp(`項目 ${form.items} 見出し（章） ${form.chapters} 問題 なし`));
      expect(text).not.toContain("プレビューに問題がある間は公開できません");
      expect(text).toContain(`このまま公開できます: 「${titleOf(form)}」`);
      expect(text).toContain(form.chapter);
      expect(text).toContain("（項目文サンプル）");

      const published = await admin.post(location, { intent: "publish", revision: revisionIn(preview.html) });
      expect(published.status).toBe(302);
      expect(published.headers.get("location")).toBe(`/admin/templates?published=${form.id}%401.0.0`);
      const row = await app.db.selectFrom("template_version").select(["origin", "content_hash"]).where("template_id", "=", form.id).where("version", "=", "1.0.0").executeTakeFirstOrThrow();
      expect(row.origin).toBe("import");

      const registry = seen((await admin.text(published.headers.get("location")!)).html);
      expect(registry).toContain(`「${titleOf(form)}」（${form.id} 版 1.0.0）を公開しました。`);
      // Listed as imported (取込), with the mapping kept for the next edition and its content hash.
      expect(registry).toContain(`1.0.0 取込 マッピング保存済み ${row.content_hash}`);
    });
  }

  it("lists the three forms at /templates as structural samples, never as the official texts", async () => {
    const list = await new Client(app.base).text("/templates");
    expect(list.status).toBe(200);
    const text = seen(list.html);
    for (const form of FORMS) {
      const { title, source } = form.mapping().template;
      expect(text).toContain(title);
      expect(title).toContain("構造サンプル");
      expect(text).toContain(`${source.document} ${source.edition} ／${source.publisher}`);
      expect(source.edition).toBe("構造サンプル（公式の項目文を含まない）");
    }
  });

  it("shows the SDS's 別紙 and its rule for hospitals on the form's page", async () => {
    const page = await new Client(app.base).text("/templates/sds-structure-sample/1.0.0");
    expect(page.status).toBe(200);
    const text = seen(page.html);
    expect(text).toContain(`項目の範囲 別紙 セキュリティ確認事項（${BETSUSHI.length}項目）— ガイドライン 第7.0版 保守委託機関編 別紙（構造サンプル）`);
    expect(text).toContain("満たされていない項目には「医療機関側のリスク評価が必要」と示します。");
    expect(text).toContain("（項目文サンプル）SDS-13-4");
  });
});

// ---- 2. two vendors answer the SDS and publish -----------------------------------------------------------------

type Disclosure = { id: string; base: string };
const sds: Record<"alpha" | "beta", Disclosure> = {} as never;

async function createDisclosure(vendor: Account, template: string, visibility: "public" | "hospitals"): Promise<Disclosure> {
  const list = await vendor.client.text(`/orgs/${vendor.org}/disclosures`);
  expect(list.status).toBe(200);
  // The imported form is offered to vendors at once.
  expect(list.html).toContain(`value="${template}"`);
  const created = await vendor.client.post(`/orgs/${vendor.org}/disclosures`, { template, visibility });
  expect(created.status).toBe(302);
  const edit = created.headers.get("location")!;
  expect(edit).toMatch(/\/edit$/);
  const id = edit.split("/").at(-2)!;
  return { id, base: `/orgs/${vendor.org}/disclosures/${id}` };
}

type Change = { key: string; baseRevision: number; response: { value?: unknown; note?: string } | null };

/** The editor's autosave: only changed items, each with the revision it was based on. */
async function autosave(vendor: Account, disclosure: Disclosure, changes: Change[]) {
  const response = await vendor.client.postJson(`${disclosure.base}/draft`, { changes });
  expect(response.status).toBe(200);
  return (await response.json()) as { saved: { key: string; revision: number }[]; conflicts: { key: string }[]; derived: { key: string; label: string }[] };
}

/** Through the confirmation page: what it shows, then its form (version reviewed, 改版理由) posted to the disclosure page. */
async function publishThroughConfirmation(vendor: Account, disclosure: Disclosure, reason: string) {
  const confirmation = await vendor.client.text(`${disclosure.base}/publish`);
  expect(confirmation.status).toBe(200);
  const version = confirmation.html.match(/name="version" value="(\d+)"/)?.[1];
  // Without a form on the page (something prevents publishing), the post a stale or scripted client would send.
  const response = await vendor.client.post(disclosure.base, { intent: "publish", ...(version ? { version } : {}), reason });
  return { confirmation: seen(confirmation.html), version, status: response.status, text: seen(await response.text()) };
}

const SDS_HEADER = (vendor: string, service: string) => [
  { key: "vendorName", value: vendor },
  { key: "serviceName", value: service },
  { key: "serviceVersion", value: "2026.1" },
  { key: "writtenOn", value: "2026-11-20" },
  { key: "contact", value: "情報セキュリティ室\n03-0000-0000" },
  { key: "guidelineEdition", value: "第7.0版" },
];
const SDS_NUMBERS = Array.from({ length: 52 }, (_, i) => String(i + 1));

function sdsAnswers(vendor: string, service: string, status: (key: string) => string): Change[] {
  return [
    ...SDS_HEADER(vendor, service).map(({ key, value }) => ({ key, baseRevision: 0, response: { value } })),
    ...SDS_NUMBERS.map((key) => ({ key, baseRevision: 0, response: { value: { status: status(key) } } })),
  ];
}

describe("2. two vendors answer the imported SDS in the editor and publish it", () => {
  it("Alpha: every 別紙 item はい or 対象外 (one いいえ outside the 別紙), public, 第1版 without a 改版理由", async () => {
    sds.alpha = await createDisclosure(alpha, "sds-structure-sample@1.0.0", "public");
    const editor = await alpha.client.text(`${sds.alpha.base}/edit`);
    expect(editor.status).toBe(200);
    expect(seen(editor.html)).toContain("サービス事業者による医療情報セキュリティ開示書（SDS）構造サンプル");
    // 30 (別紙) is 対象外; 2 (not in the 別紙) is いいえ; the rest はい.
    const result = await autosave(alpha, sds.alpha, sdsAnswers("アルファ医療クラウド株式会社", "アルファ電子カルテ クラウド", (key) => (key === "30" ? "notApplicable" : key === "2" ? "no" : "yes")));
    expect(result.conflicts).toEqual([]);
    expect(result.saved).toHaveLength(58);
    expect(result.saved.every((s) => s.revision === 1)).toBe(true);
    expect(result.derived.map((d) => [d.key, d.label])).toEqual([
      ["allYesOrNotApplicable", "「いいえ」の項目があります"],
      [SDS_RULE, "別紙の全項目が「はい」または「対象外」"],
    ]);

    const published = await publishThroughConfirmation(alpha, sds.alpha, "");
    expect(published.confirmation).toContain("第1版として公開する内容の確認");
    expect(published.confirmation).toContain("初めての公開です。58項目中58項目に回答しています。");
    expect(published.confirmation).toContain("改版理由（任意）");
    expect(published.confirmation).not.toContain("公開できません");
    expect(published.version).toBe("1");
    expect(published.status).toBe(200);
    expect(published.text).toContain("第1版を公開しました（SHA-256: ");
  });

  it("Beta: hospitals only; 第1版 all はい, then 第2版 with a いいえ in the 別紙, which needs a 改版理由", async () => {
    sds.beta = await createDisclosure(beta, "sds-structure-sample@1.0.0", "hospitals");
    expect((await beta.client.text(`${sds.beta.base}/edit`)).status).toBe(200);
    const first = await autosave(beta, sds.beta, sdsAnswers("ベータシステムズ株式会社", "ベータ地域連携サービス", () => "yes"));
    expect(first.saved).toHaveLength(58);
    const v1 = await publishThroughConfirmation(beta, sds.beta, "初版");
    expect(v1.status).toBe(200);
    expect(v1.text).toContain("第1版を公開しました");

    // 6 is a 別紙 item. A save from a stale revision is a conflict, not an overwrite; the current one is saved.
    const stale = await autosave(beta, sds.beta, [{ key: "6", baseRevision: 0, response: { value: { status: "no" } } }]);
    expect(stale.saved).toEqual([]);
    expect(stale.conflicts.map((c) => c.key)).toEqual(["6"]);
    const changed = await autosave(beta, sds.beta, [{ key: "6", baseRevision: 1, response: { value: { status: "no" }, note: "次回更新で対応予定" } }]);
    expect(changed.saved).toEqual([{ key: "6", revision: 2 }]);
    expect(changed.derived.find((d) => d.key === SDS_RULE)?.label).toBe("別紙に「いいえ」の項目あり");

    const withoutReason = await publishThroughConfirmation(beta, sds.beta, "  ");
    expect(withoutReason.confirmation).toContain("第2版として公開する内容の確認");
    expect(withoutReason.confirmation).toContain("改版理由（必須）");
    expect(withoutReason.confirmation).toContain("1項目に違いがあります（変更 1・回答を追加 0・回答を削除 0）");
    expect(withoutReason.confirmation).toContain("別紙の全項目が「はい」または「対象外」 → 別紙に「いいえ」の項目あり");
    expect(withoutReason.status).toBe(400);
    expect(withoutReason.text).toContain("第2版以降を公開するときは改版理由を入力してください");
    expect(await app.db.selectFrom("disclosure_version").select("number").where("disclosure_id", "=", sds.beta.id).execute()).toEqual([{ number: 1 }]);

    const v2 = await publishThroughConfirmation(beta, sds.beta, "別紙 6 の回答を見直しました");
    expect(v2.version).toBe("2");
    expect(v2.status).toBe(200);
    expect(v2.text).toContain("第2版を公開しました");
  });

  it("shows each vendor's 別紙 result on its published page, and the note beside Beta's いいえ only", async () => {
    const alphaPage = seen((await new Client(app.base).text(`/disclosures/${sds.alpha.id}/v/1`)).html);
    expect(alphaPage).toContain("別紙の確認事項: 別紙の全項目が「はい」または「対象外」");
    // Alpha's いいえ (item 2) is outside the 別紙, but the committed mapping's whole-form rule flags it.
    expect(alphaPage.match(/⚠ 医療機関側のリスク評価が必要/g)).toHaveLength(1);
    // Beta's page is for verified hospitals only.
    expect((await new Client(app.base).get(`/disclosures/${sds.beta.id}/v/2`)).status).not.toBe(200);
    const betaPage = seen((await beta.client.text(`/disclosures/${sds.beta.id}/v/2`)).html);
    expect(betaPage).toContain("別紙の確認事項: 別紙に「いいえ」の項目あり");
    // The item's guideline reference is folded under its text (「参照」), then the level and the answer with the note.
    expect(betaPage).toMatch(/6 （項目文サンプル）SDS-2-2 参照 参照 安全管理GL 6\.0版 企画管理編 2 推奨 × いいえ ⚠ 医療機関側のリスク評価が必要 次回更新で対応予定/);
    // The whole-form rule and the 別紙 rule both flag it; the reader is told once.
    expect(betaPage.match(/⚠ 医療機関側のリスク評価が必要/g)).toHaveLength(1);
    // The 改版理由 is in the list of versions.
    expect(seen((await beta.client.text(`/disclosures/${sds.beta.id}/versions`)).html)).toContain("別紙 6 の回答を見直しました");
  });
});

// ---- 3. the 事業者確認用 form: いいえ needs its 目標日 ---------------------------------------------------------

describe("3. the 事業者確認用-shaped form refuses a いいえ without its 目標日, and takes it with one", () => {
  it("refuses to publish in the form's words, then publishes with the 目標日 and shows it", async () => {
    const checklist = await createDisclosure(alpha, "vendor-checklist-structure-sample@1.0.0", "public");
    const editor = await alpha.client.text(`${checklist.base}/edit`);
    expect(editor.status).toBe(200);
    const header = [
      { key: "vendorName", value: "アルファ医療クラウド株式会社" },
      { key: "hospitalName", value: "イーツーイー総合病院" },
      { key: "system", value: "電子カルテ（クラウド）" },
      { key: "filledBy", value: "情報セキュリティ室 山田" },
    ];
    const keys = [1, 2, 3].flatMap((s) => [1, 2, 3, 4, 5].map((k) => `${s}-${k}`));
    const saved = await autosave(alpha, checklist, [
      ...header.map(({ key, value }) => ({ key, baseRevision: 0, response: { value } })),
      ...keys.map((key) => ({ key, baseRevision: 0, response: { value: { status: key === "2-3" ? "no" : "yes", fields: { confirmedOn: "2026-11-25" } } } })),
    ]);
    expect(saved.saved).toHaveLength(19);
    // The editor, opened on the section, asks for the 目標日 under the いいえ in the form's word, and for each 確認日.
    const section = seen((await alpha.client.text(`${checklist.base}/edit?section=s2`)).html);
    expect(section).toContain("（項目文サンプル）事業者確認用-2-(3)");
    expect(section.match(/目標日（必須）/g)).toHaveLength(1);
    expect(section).toContain("確認日");

    const refused = await publishThroughConfirmation(alpha, checklist, "");
    expect(refused.confirmation).toContain("公開できません。次の1項目を確認してください");
    expect(refused.confirmation).toMatch(/2-\(3\) （項目文サンプル）事業者確認用-2-\(3\) （ ?（章見出しサンプル） ?）: 目標日を入力してください/);
    // No publish form while something prevents it; a post anyway is refused with the same words.
    expect(refused.version).toBeUndefined();
    expect(refused.status).toBe(400);
    expect(refused.text).toContain("公開できません。次の1項目を確認してください");
    expect(refused.text).toContain("目標日を入力してください");
    expect(await app.db.selectFrom("disclosure_version").select("number").where("disclosure_id", "=", checklist.id).execute()).toEqual([]);

    const fixed = await autosave(alpha, checklist, [{ key: "2-3", baseRevision: 1, response: { value: { status: "no", date: "2027-03-31", fields: { confirmedOn: "2026-11-25" } } } }]);
    expect(fixed.saved).toEqual([{ key: "2-3", revision: 2 }]);
    const accepted = await publishThroughConfirmation(alpha, checklist, "");
    expect(accepted.confirmation).not.toContain("公開できません");
    expect(accepted.status).toBe(200);
    expect(accepted.text).toContain("第1版を公開しました");

    const page = seen((await new Client(app.base).text(`/disclosures/${checklist.id}/v/1`)).html);
    expect(page).toContain("2-(3) （項目文サンプル）事業者確認用-2-(3) 必須 × いいえ（目標日: 2027年3月31日）（確認日: 2026年11月25日）");
    expect(page).toContain("2-(4) （項目文サンプル）事業者確認用-2-(4) 必須 ● はい（確認日: 2026年11月25日）");
    expect(page).toContain("「いいえ」の項目があります（目標日を確認）");
  });
});

// ---- 4. a verified hospital compares the two SDS vendors ---------------------------------------------------

const compareQuery = () => `?d=${sds.alpha.id}&d=${sds.beta.id}&template=sds-structure-sample`;
const vendorNames = (html: string) => [...html.matchAll(/class="directory-vendor"[^>]*>([^<]+)<\/a>/g)].map((m) => m[1]);

describe("4. a verified hospital compares the two SDS vendors on the 別紙", () => {
  it("reads only the public vendor before an administrator has verified the hospital", async () => {
    const page = await hospital.client.text(`/compare${compareQuery()}`);
    const text = seen(page.html);
    expect(text).toContain("1件の開示書は、見つからないか閲覧する権限がないため比較から除きました。");
    expect(text).toContain("比較するには、閲覧できる同じ様式の開示書が2件以上必要です（現在: 1件）。");
    expect(text).not.toContain("ベータシステムズ株式会社");
  });

  it("is verified: its owner asks, an administrator checks and records what was checked", async () => {
    const asked = await hospital.client.post(`/orgs/${hospital.org}`, { intent: "request-verification", reference: "医療機関コード 1312345678" });
    expect(asked.status).toBe(200);
    expect(seen(await asked.text())).toContain("確認を依頼しました");
    const queue = seen((await admin.text("/admin")).html);
    expect(queue).toContain("イーツーイー総合病院");
    expect(queue).toContain("医療機関コード 1312345678");
    const verified = await admin.post("/admin", { intent: "verify", organizationId: hospital.org, checked: "医療機関コード 1312345678（厚生局の一覧と照合）" });
    expect(verified.status).toBe(200);
    expect(seen(await verified.text())).toContain("「イーツーイー総合病院」を確認済にしました");
  });

  it("compares both vendors on every item, then on the 別紙 only, with the note beside Beta's いいえ", async () => {
    const all = await hospital.client.text(`/compare${compareQuery()}`);
    expect(all.status).toBe(200);
    const allText = seen(all.html);
    expect(allText).toContain("アルファ医療クラウド株式会社");
    expect(allText).toContain("ベータシステムズ株式会社");
    expect(allText).toContain("（項目文サンプル）SDS-1-2");
    expect(all.html).toMatch(new RegExp(`<option value="betsushi"[^>]*>別紙 セキュリティ確認事項（${BETSUSHI.length}項目）</option>`));

    const limited = await hospital.client.text(`/compare${compareQuery()}&subset=betsushi`);
    expect(limited.status).toBe(200);
    const text = seen(limited.html);
    expect(text).toMatch(new RegExp(`${BETSUSHI.length}項目を表示中（比較対象 \\d+項目）`));
    expect(limited.html).toMatch(/<option value="betsushi" selected="">別紙 セキュリティ確認事項/);
    // Only the 別紙 items: 1.1 of chapter 1 is in it, 1.2 (Alpha's いいえ) is not.
    expect(text).toContain("（項目文サンプル）SDS-1-1");
    expect(text).toContain("（項目文サンプル）SDS-8-2");
    expect(text).not.toContain("（項目文サンプル）SDS-1-2");
    expect(text).not.toContain("アルファ電子カルテ クラウド");
    // Beta's いいえ on 別紙 item 6 (SDS-2-2), with the form's note for hospitals beside it — once.
    const row6 = limited.html.match(/id="item-6"[\s\S]*?<\/tr>/)?.[0] ?? "";
    expect(seen(row6)).toMatch(/いいえ[\s\S]*⚠ 医療機関側のリスク評価が必要/);
    expect(seen(row6)).toContain("次回更新で対応予定");
    expect(text.match(/⚠ 医療機関側のリスク評価が必要/g)).toHaveLength(1);
    // Alpha's 対象外 on 別紙 item 30 is not flagged.
    const row30 = seen(limited.html.match(/id="item-30"[\s\S]*?<\/tr>/)?.[0] ?? "");
    expect(row30).toContain("対象外");
    expect(row30).not.toContain("医療機関側のリスク評価が必要");
  });

  it("filters the directory on the 別紙 rule: only Alpha passes", async () => {
    const all = await hospital.client.text("/directory?template=sds-structure-sample");
    expect(all.status).toBe(200);
    expect(vendorNames(all.html).sort()).toEqual(["アルファ医療クラウド株式会社", "ベータシステムズ株式会社"]);
    expect(seen(all.html)).toContain("SDS 構造サンプル: 別紙の全項目が「はい」または「対象外」 （1）");
    const passing = await hospital.client.text(`/directory?template=sds-structure-sample&rule=sds-structure-sample:${SDS_RULE}`);
    expect(passing.status).toBe(200);
    expect(vendorNames(passing.html)).toEqual(["アルファ医療クラウド株式会社"]);
    // The committed whole-form rule: neither passes (Alpha answered いいえ outside the 別紙).
    const whole = await hospital.client.text("/directory?template=sds-structure-sample&rule=sds-structure-sample:allYesOrNotApplicable");
    expect(vendorNames(whole.html)).toEqual([]);
  });

  it("exports the 別紙 comparison as CSV and xlsx with the same cells", async () => {
    const query = `${compareQuery()}&subset=betsushi`;
    const csvResponse = await hospital.client.get(`/compare.csv${query}`);
    expect(csvResponse.status).toBe(200);
    const csv = parseCsv((await csvResponse.text()).replace(/^\uFEFF/, ""));
    const header = csv[0];
    const alphaColumn = header.findIndex((h) => h.startsWith("アルファ医療クラウド株式会社"));
    const betaColumn = header.findIndex((h) => h.startsWith("ベータシステムズ株式会社"));
    expect(alphaColumn).toBeGreaterThan(0);
    expect(betaColumn).toBeGreaterThan(0);
    const body = csv.slice(2).filter((row) => row.length > 2);
    expect(body.map((row) => row[2])).toEqual(["（項目文サンプル）SDS-1-1", "（項目文サンプル）SDS-2-2", "（項目文サンプル）SDS-3-3", "（項目文サンプル）SDS-8-2", "（項目文サンプル）SDS-13-4\n（2行目のサンプル）"]);
    // The answers as the screen's cells show them, the note beside Beta's いいえ included; notes in their own columns.
    expect(body.map((row) => [row[1], row[alphaColumn], row[betaColumn]])).toEqual([
      ["1", "はい", "はい"],
      ["6", "はい", "いいえ\n⚠ 医療機関側のリスク評価が必要"],
      ["11", "はい", "はい"],
      ["30", "対象外", "はい"],
      ["52", "はい", "はい"],
    ]);
    expect(body.find((row) => row[1] === "6")).toContain("次回更新で対応予定");
    expect(csv.slice(2).some((row) => row.join("").includes("SDS-1-2"))).toBe(false);

    const xlsxResponse = await hospital.client.get(`/compare.xlsx${query}`);
    expect(xlsxResponse.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await xlsxResponse.arrayBuffer()) as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet("比較")!;
    const rows: string[][] = [];
    sheet.eachRow((row) => rows.push(Array.from({ length: header.length }, (_, i) => String(row.getCell(i + 1).text ?? ""))));
    // The same table, cell for cell, as the CSV (header rows and item rows alike).
    const nonEmpty = (table: string[][]) => table.filter((row) => row.some((c) => c !== ""));
    expect(nonEmpty(rows)).toEqual(nonEmpty(csv));
  });
});

// ---- 5. MDS: 製品名 and バージョン on the published page ------------------------------------------------------

describe("5. an MDS disclosure answers the header fields 製品名 and バージョン, shown when published", () => {
  it("shows 製品名 and バージョン on the published page", async () => {
    const mds = await createDisclosure(alpha, "mds-structure-sample@1.0.0", "public");
    expect((await alpha.client.text(`${mds.base}/edit`)).status).toBe(200);
    const header = [
      { key: "vendorName", value: "アルファ医療クラウド株式会社" },
      { key: "productName", value: "アルファ電子カルテ オンプレミス" },
      { key: "productVersion", value: "5.1.2" },
      { key: "writtenOn", value: "2026-11-28" },
      { key: "contact", value: "品質保証部\n03-1111-2222" },
      { key: "guidelineEdition", value: "第6.0版" },
    ];
    const numbers = Array.from({ length: 13 }, (_, c) => [1, 2, 3].map((k) => `${c + 1}.${k}`)).flat();
    const saved = await autosave(alpha, mds, [
      ...header.map(({ key, value }) => ({ key, baseRevision: 0, response: { value } })),
      ...numbers.map((key) => ({ key, baseRevision: 0, response: { value: { status: key === "9.2" ? "notApplicable" : "yes" } } })),
    ]);
    expect(saved.saved).toHaveLength(45);
    const published = await publishThroughConfirmation(alpha, mds, "");
    expect(published.status).toBe(200);
    expect(published.text).toContain("第1版を公開しました");
    const page = seen((await new Client(app.base).text(`/disclosures/${mds.id}/v/1`)).html);
    expect(page).toContain("製品名 必須 ○ アルファ電子カルテ オンプレミス");
    expect(page).toContain("バージョン 必須 ○ 5.1.2");
    expect(page).toContain("全項目が「はい」または「対象外」");
    mdsReleases.push({ id: mds.id, release: "アルファ電子カルテ オンプレミス 5.1.2" });
  });

  // MDS is answered per product release (the mapping's template.release): the release names the disclosure.
  const mdsReleases: { id: string; release: string }[] = [];
  const numbers = Array.from({ length: 13 }, (_, c) => [1, 2, 3].map((k) => `${c + 1}.${k}`)).flat();

  it("is about one product release: its page, its JSON and the directory name 「製品名 バージョン」", async () => {
    const [{ id, release }] = mdsReleases;
    const html = (await new Client(app.base).text(`/disclosures/${id}/v/1`)).html;
    expect(seen(html.match(/<h1>[\s\S]*?<\/h1>/)![0]).replace(/\s+/g, "")).toBe(`製造業者による医療情報セキュリティ開示書（MDS）構造サンプル（${release}）`.replace(/\s+/g, ""));
    const body = JSON.parse((await new Client(app.base).text(`/disclosures/${id}/v/1.json`)).html) as { release: string | null };
    expect(body.release).toBe(release);
    const directory = seen((await new Client(app.base).text("/directory?template=mds-structure-sample")).html);
    expect(directory).toContain(release);
  });

  it("a new release is a disclosure of its own: 5.2.0 cannot be published without its バージョン, then both releases are listed", async () => {
    const next = await createDisclosure(alpha, "mds-structure-sample@1.0.0", "public");
    await autosave(alpha, next, [
      { key: "vendorName", baseRevision: 0, response: { value: "アルファ医療クラウド株式会社" } },
      { key: "productName", baseRevision: 0, response: { value: "アルファ電子カルテ オンプレミス" } },
      { key: "writtenOn", baseRevision: 0, response: { value: "2026-11-30" } },
      { key: "contact", baseRevision: 0, response: { value: "品質保証部" } },
      { key: "guidelineEdition", baseRevision: 0, response: { value: "第6.0版" } },
      ...numbers.map((key) => ({ key, baseRevision: 0, response: { value: { status: "yes" } } })),
    ]);
    const refused = await publishThroughConfirmation(alpha, next, "");
    expect(refused.status).toBe(400);
    expect(refused.text).toContain("バージョン");
    expect(await app.db.selectFrom("disclosure_version").select("number").where("disclosure_id", "=", next.id).execute()).toEqual([]);
    await autosave(alpha, next, [{ key: "productVersion", baseRevision: 0, response: { value: "5.2.0" } }]);
    expect((await publishThroughConfirmation(alpha, next, "")).status).toBe(200);
    const directory = seen((await new Client(app.base).text("/directory?template=mds-structure-sample")).html);
    expect(directory).toContain("アルファ電子カルテ オンプレミス 5.1.2");
    expect(directory).toContain("アルファ電子カルテ オンプレミス 5.2.0");
    // A comparison of the two releases names each column by its release.
    const compared = seen((await new Client(app.base).text(`/compare?d=${mdsReleases[0].id}&d=${next.id}&template=mds-structure-sample`)).html);
    expect(compared).toMatch(/アルファ医療クラウド株式会社.*アルファ電子カルテ オンプレミス 5\.1\.2.*アルファ医療クラウド株式会社.*アルファ電子カルテ オンプレミス 5\.2\.0/);
  });
});
