// Answer once, over HTTP as a browser without JavaScript sends it: copying answers from another disclosure of the
// organisation (same template; the 代行機関 別添 ↔ the 最低限 checklist, both ways) with a preview and per-item
// conflicts, and the organisation's profile facts (機関名, 所在地, certifications) filling empty fields.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadTemplateFile, walkItems } from "../disclosures/template-loader.js";
import { Client, publishAllAnswered, STRONG_PASSWORD, visibleText } from "./helpers/client.js";
import { TEMPLATES_DIR } from "./helpers/db.js";
import { startApp } from "./helpers/http.js";

const checklistKeys = [...walkItems(loadTemplateFile(path.join(TEMPLATES_DIR, "minimum-guideline-checklist@1.0.0.json")))].map((e) => e.item.key);
const [k1, k2, k3, k4] = checklistKeys;
const k10 = checklistKeys[9];

let app: Awaited<ReturnType<typeof startApp>>;
let owner: Client;
let editor: Client;
let viewer: Client;
let other: Client;
let anonymous: Client;
let org = "";
let otherOrg = "";
const ORG_NAME = "回答コピー株式会社";
const ADDRESS = "東京都千代田区霞が関1-2-2 <b>本館</b>";

async function signUp(email: string, displayName: string) {
  const client = new Client(app.base);
  await client.post("/signup", { email, displayName, password: STRONG_PASSWORD, confirm: STRONG_PASSWORD });
  return client;
}

async function join(member: Client, role: string) {
  const invite = await (await owner.post(`${org}/members`, { intent: "invite", role })).text();
  expect((await member.post(new URL(invite.match(/id="invite-link"[^>]*value="([^"]+)"/)![1]).pathname, {})).status).toBe(302);
}

async function create(template: string, client = owner, orgPath = org): Promise<string> {
  const response = await client.post(`${orgPath}/disclosures`, { template, visibility: "public" });
  expect(response.status).toBe(302);
  return response.headers.get("location")!.split("/").at(-2)!;
}

async function stored(disclosure: string, key: string) {
  const row = await app.db.selectFrom("draft_response").select(["response", "revision"]).where("disclosure_id", "=", disclosure).where("item_key", "=", key).executeTakeFirst();
  return { response: row?.response ? JSON.parse(row.response) : undefined, revision: row?.revision ?? 0 };
}

/** Saves through the editor's autosave, based on the revisions stored now. */
async function save(client: Client, disclosure: string, entries: [string, unknown][], orgPath = org) {
  const changes = await Promise.all(entries.map(async ([key, response]) => ({ key, baseRevision: (await stored(disclosure, key)).revision, response })));
  const response = await client.postJson(`${orgPath}/disclosures/${disclosure}/draft`, { changes });
  expect(response.status).toBe(200);
  expect(((await response.json()) as { conflicts: unknown[] }).conflicts).toEqual([]);
}

const decode = (s: string) => s.replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");

/** The hidden fields of the preview's apply form, as a browser would post them. */
function applyFields(html: string): Record<string, string> {
  const form = html.slice(html.indexOf('name="intent" value="apply"') - 40);
  const fields: Record<string, string> = {};
  for (const name of ["intent", "source", "mode", "previewed", "digest"]) {
    const m = form.match(new RegExp(`name="${name}" value="([^"]*)"`));
    if (m) fields[name] = decode(m[1]);
  }
  return fields;
}

const copyPath = (target: string, orgPath = org) => `${orgPath}/disclosures/${target}/copy`;
const draftOf = (id: string) => `${id}:draft`;

async function preview(target: string, source: string, mode: "fill" | "overwrite" = "fill", client = owner) {
  const page = await client.text(`${copyPath(target)}?source=${encodeURIComponent(source)}&mode=${mode}`);
  return { ...page, text: visibleText(page.html), fields: applyFields(page.html) };
}

async function apply(target: string, fields: Record<string, string>, client = owner) {
  const query = `?source=${encodeURIComponent(fields.source ?? "")}&mode=${fields.mode ?? "fill"}`;
  const response = await client.post(copyPath(target) + query, fields);
  const html = await response.text();
  return { status: response.status, html, text: visibleText(html) };
}

const auditOf = async (action: string, target: string) =>
  (await app.db.selectFrom("audit_log").select(["detail", "actor_email"]).where("action", "=", action).where("target", "=", target).orderBy("id").execute()).map((r) => ({
    ...r,
    detail: JSON.parse(r.detail ?? "null"),
  }));

let source = ""; // a checklist, draft answered below
let agencyBefore = ""; // a 代行機関 form created while the organisation had no address

beforeAll(async () => {
  app = await startApp();
  owner = await signUp("owner@copy.example", "所有者");
  editor = await signUp("editor@copy.example", "編集担当");
  viewer = await signUp("viewer@copy.example", "閲覧者");
  other = await signUp("owner@other.example", "他社");
  anonymous = new Client(app.base);
  org = (await owner.post("/orgs", { name: ORG_NAME, kind: "vendor" })).headers.get("location")!;
  otherOrg = (await other.post("/orgs", { name: "別の事業者", kind: "vendor" })).headers.get("location")!;
  await join(editor, "editor");
  await join(viewer, "viewer");
  agencyBefore = await create("agency-disclosure@1.0.0");
  source = await create("minimum-guideline-checklist@1.0.0");
  await save(owner, source, [
    [k1, { value: { status: "implemented" } }],
    [k2, { value: { status: "implemented" }, note: "<script>alert(1)</script>年1回点検", evidence: [{ name: "入退室管理規程", url: "https://example.jp/rule" }] }],
    [k3, { value: { status: "planned", month: "2027-03" } }],
  ]);
});
afterAll(() => app?.close());

describe("copying from another disclosure of the same template", () => {
  let target = "";

  it("previews per item the current value → the copied value, grouped by section, with counts, and writes nothing", async () => {
    target = await create("minimum-guideline-checklist@1.0.0");
    await save(owner, target, [
      [k2, { value: { status: "planned", month: "2026-12" } }],
      [k3, { value: { status: "planned", month: "2027-03" } }],
    ]);
    const page = await preview(target, draftOf(source));
    expect(page.status).toBe(200);
    expect(page.text).toContain("同じ様式の90項目が対象です");
    expect(page.text).toContain("空欄に入力 1項目");
    expect(page.text).toContain("入力済みのため変更しない 1項目");
    expect(page.text).toContain("同じ内容のためスキップ 1項目");
    expect(page.text).toContain("コピー元が未回答 87項目");
    expect(page.text).toContain("組織的安全管理対策");
    // Current → copied, in words; the kept item shows both sides too.
    expect(page.text).toMatch(/実施予定（実施時期: 2026年12月）\s*実施済\s*備考: &lt;script&gt;alert\(1\)&lt;\/script&gt;年1回点検\s*根拠資料: 入退室管理規程 — https:\/\/example.jp\/rule\s*入力済みのため変更しない/);
    expect(page.html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(page.html).not.toContain("<script>alert(1)");
    expect(page.text).toContain("1項目をコピーする");
    expect(page.fields.previewed).toBe(JSON.stringify({ [k1]: 0 }));
    expect((await stored(target, k1)).response).toBeUndefined();
  });

  it("fill only (the default): fills the empty items, keeps the answered ones, and audits the copy", async () => {
    const page = await preview(target, draftOf(source));
    const result = await apply(target, page.fields);
    expect(result.status).toBe(200);
    expect(result.text).toContain("1項目をコピーしました（空欄に入力 1・上書き 0）");
    expect(await stored(target, k1)).toEqual({ response: { value: { status: "implemented" } }, revision: 1 });
    expect((await stored(target, k2)).response).toEqual({ value: { status: "planned", month: "2026-12" } });
    expect(await auditOf("disclosure.answers_copied", target)).toEqual([
      { actor_email: "owner@copy.example", detail: { disclosure: source, draft: true, items: 1, overwritten: 0, skipped: 0 } },
    ]);
    // The page shows the state after the copy: nothing left to fill.
    expect(result.text).toContain("空欄に入力 0項目");
  });

  it("overwrite: replaces answered items with the source's answer, note and evidence", async () => {
    const page = await preview(target, draftOf(source), "overwrite");
    expect(page.text).toContain("入力済みを上書き 1項目");
    expect(page.text).toContain("入力済みの1項目を上書きします");
    const result = await apply(target, page.fields);
    expect(result.status).toBe(200);
    expect(result.text).toContain("1項目をコピーしました（空欄に入力 0・上書き 1）");
    expect(await stored(target, k2)).toEqual({
      response: { value: { status: "implemented" }, note: "<script>alert(1)</script>年1回点検", evidence: [{ name: "入退室管理規程", url: "https://example.jp/rule" }] },
      revision: 2,
    });
    expect((await auditOf("disclosure.answers_copied", target)).at(-1)!.detail).toMatchObject({ items: 1, overwritten: 1 });
  });

  it("respects conflicts: items changed after the preview are not overwritten, and the result says so", async () => {
    const contested = await create("minimum-guideline-checklist@1.0.0");
    await save(owner, contested, [[k1, { value: { status: "planned", month: "2026-12" } }]]);
    const page = await preview(contested, draftOf(source), "overwrite");
    expect(page.text).toContain("空欄に入力 2項目");
    expect(page.text).toContain("入力済みを上書き 1項目");
    // Meanwhile another member answers one item the preview would fill and changes the one it would overwrite.
    await save(editor, contested, [
      [k1, { value: { status: "planned", month: "2027-01" } }],
      [k2, { value: { status: "notApplicable", reason: "別の担当が回答" } }],
    ]);
    const result = await apply(contested, page.fields);
    expect(result.status).toBe(200);
    expect(result.text).toContain("1項目をコピーしました（空欄に入力 1・上書き 0）");
    expect(result.text).toContain("確認の後に変更された2項目はコピーしませんでした");
    expect(result.text).toMatch(/項目 1 .*編集担当さんが.*に変更/);
    expect((await stored(contested, k1)).response).toEqual({ value: { status: "planned", month: "2027-01" } });
    expect((await stored(contested, k2)).response).toEqual({ value: { status: "notApplicable", reason: "別の担当が回答" } });
    expect((await stored(contested, k3)).response).toEqual({ value: { status: "planned", month: "2027-03" } });
    expect((await auditOf("disclosure.answers_copied", contested))[0].detail).toMatchObject({ items: 1, skipped: 2 });
    // A fresh preview below shows them as they are now.
    expect(result.text).toContain("入力済みを上書き 2項目");
  });

  it("refuses the whole copy with a fresh preview when the source changed after the preview", async () => {
    const target2 = await create("minimum-guideline-checklist@1.0.0");
    const page = await preview(target2, draftOf(source));
    await save(owner, source, [[k4, { value: { status: "implemented" } }]]);
    const refused = await apply(target2, page.fields);
    expect(refused.status).toBe(409);
    expect(refused.text).toContain("コピー元の内容が確認の後に変わったため、何もコピーしていません");
    expect((await stored(target2, k1)).response).toBeUndefined();
    expect(await auditOf("disclosure.answers_copied", target2)).toEqual([]);
    // The fresh preview (in the same answer) applies.
    expect(refused.text).toContain("空欄に入力 4項目");
    const again = await apply(target2, applyFields(refused.html));
    expect(again.status).toBe(200);
    expect((await stored(target2, k4)).response).toEqual({ value: { status: "implemented" } });
  });

  it("copies from a published version when that is chosen, not from the draft that continues from it", async () => {
    const published = await create("minimum-guideline-checklist@1.0.0");
    await publishAllAnswered(owner, org, published, path.join(TEMPLATES_DIR, "minimum-guideline-checklist@1.0.0.json"), "implemented");
    await save(owner, published, [[k10, { value: { status: "planned", month: "2027-06" } }]]);
    const target3 = await create("minimum-guideline-checklist@1.0.0");
    const chooser = await owner.text(copyPath(target3));
    expect(chooser.html).toContain(`value="${published}:v1"`);
    expect(chooser.html).toContain(`value="${published}:draft"`);
    const page = await preview(target3, `${published}:v1`);
    expect(page.text).toContain("の第1版」からのコピー");
    expect(page.text).toContain("空欄に入力 90項目");
    expect((await apply(target3, page.fields)).status).toBe(200);
    expect((await stored(target3, k10)).response).toEqual({ value: { status: "implemented" } });
  });
});

describe("the 代行機関 別添 and the standalone checklist share their 90 items", () => {
  it("fills the 代行機関 form's 別添 from a checklist, and nothing else of the form", async () => {
    const agency = await create("agency-disclosure@1.0.0");
    const before = await stored(agency, "name");
    const page = await preview(agency, draftOf(source));
    expect(page.status).toBe(200);
    expect(page.text).toContain("この開示書の「別添 最低限のガイドライン遵守チェックリスト」の90項目が、コピー元の様式と同じ項目です");
    expect(page.text).toContain("別添 最低限のガイドライン遵守チェックリスト › 組織的安全管理対策");
    expect(page.text).toContain("空欄に入力 4項目");
    expect((await apply(agency, page.fields)).status).toBe(200);
    expect((await stored(agency, `appendix.${k3}`)).response).toEqual({ value: { status: "planned", month: "2027-03" } });
    expect((await stored(agency, `appendix.${k2}`)).response.note).toBe("<script>alert(1)</script>年1回点検");
    expect(await stored(agency, "name")).toEqual(before);
    expect(await stored(agency, k1)).toEqual({ response: undefined, revision: 0 });
  });

  it("fills a checklist from the 代行機関 form's 別添", async () => {
    const agency = await create("agency-disclosure@1.0.0");
    await save(owner, agency, [
      [`appendix.${k1}`, { value: { status: "notApplicable", reason: "対象事項無" } }],
      [`appendix.${k10}`, { value: { status: "planned", month: "2027-09" }, note: "別添の備考" }],
      ["tel", { value: "03-0000-0000" }],
    ]);
    const checklist = await create("minimum-guideline-checklist@1.0.0");
    const page = await preview(checklist, draftOf(agency));
    expect(page.text).toContain("コピー元の「別添 最低限のガイドライン遵守チェックリスト」の90項目が、この開示書の様式と同じ項目です");
    expect(page.text).toContain("空欄に入力 2項目");
    expect(page.text).toContain("コピー元が未回答 88項目");
    expect((await apply(checklist, page.fields)).status).toBe(200);
    expect((await stored(checklist, k1)).response).toEqual({ value: { status: "notApplicable", reason: "対象事項無" } });
    expect((await stored(checklist, k10)).response).toEqual({ value: { status: "planned", month: "2027-09" }, note: "別添の備考" });
    const rows = await app.db.selectFrom("draft_response").select("item_key").where("disclosure_id", "=", checklist).execute();
    expect(rows.map((r) => r.item_key).sort()).toEqual([k1, k10].sort());
  });
});

describe("organisation facts prefill the matching fields", () => {
  it("the profile keeps an address (validated like other profile fields) that viewers read and cannot change", async () => {
    for (const [address, message] of [
      ["あ".repeat(201), "所在地は200文字以内で入力してください"],
      ["東京都\u0007千代田区", "制御文字は使えません"],
      ["東京都\u202E千代田区", "見えない書式文字"],
    ]) {
      const refused = await owner.post(`${org}/profile`, { intent: "setAddress", address });
      expect(refused.status, address).toBe(400);
      expect(visibleText(await refused.text())).toContain(message);
    }
    expect((await viewer.post(`${org}/profile`, { intent: "setAddress", address: "勝手な住所" })).status).toBe(403);
    const saved = await owner.post(`${org}/profile`, { intent: "setAddress", address: `  ${ADDRESS}  ` });
    expect(saved.status).toBe(200);
    expect(visibleText(await saved.text())).toContain("所在地を保存しました");
    const row = await app.db.selectFrom("organization").select("address").where("name", "=", ORG_NAME).executeTakeFirstOrThrow();
    expect(row.address).toBe(ADDRESS);
    const seen = await viewer.text(`${org}/profile`);
    expect(seen.html).toContain("東京都千代田区霞が関1-2-2 &lt;b&gt;本館&lt;/b&gt;");
    expect(seen.html).not.toContain('name="address"');
    expect((await owner.text(`${org}/profile`)).html).toMatch(/<label for="address">所在地（住所）<\/label>/);
  });

  it("fills 機関名 and 所在地 when a 代行機関 form is created, and HISPRO's third-party certification item", async () => {
    // Before the address was set, only the name could be filled.
    expect((await stored(agencyBefore, "name")).response).toEqual({ value: ORG_NAME });
    expect((await stored(agencyBefore, "address")).response).toBeUndefined();
    const agency = await create("agency-disclosure@1.0.0");
    expect((await stored(agency, "name")).response).toEqual({ value: ORG_NAME });
    expect((await stored(agency, "address")).response).toEqual({ value: ADDRESS });
    expect(await auditOf("disclosure.prefilled", agency)).toEqual([{ actor_email: "owner@copy.example", detail: { items: 2, facts: "組織名、所在地", on_create: true } }]);

    expect((await owner.post(`${org}/profile`, { intent: "addCertification", kind: "pmark", number: "10012345" })).status).toBe(200);
    expect((await owner.post(`${org}/profile`, { intent: "addCertification", kind: "soc2" })).status).toBe(200);
    const hispro = await create("hispro-checksheet@1.0.0");
    expect((await stored(hispro, "1.1.1.37")).response).toEqual({ value: { status: "met" }, evidence: [{ name: "Pマーク（登録番号 10012345）" }] });
    const rows = await app.db.selectFrom("draft_response").select("item_key").where("disclosure_id", "=", hispro).execute();
    expect(rows.map((r) => r.item_key)).toEqual(["1.1.1.37"]);
    // Templates without a matching field get nothing.
    const cyber = await create("cybersecurity-checklist@1.0.0");
    expect(await app.db.selectFrom("draft_response").select("item_key").where("disclosure_id", "=", cyber).execute()).toEqual([]);
  });

  it("「組織情報から入力」 in the editor fills the empty fields only, never what the vendor typed", async () => {
    await save(owner, agencyBefore, [["name", { value: "回答コピー 代行センター" }]]);
    const editPath = `${org}/disclosures/${agencyBefore}/edit`;
    const page = await owner.text(editPath);
    expect(visibleText(page.html)).toContain("組織情報から入力（所在地(住所)）");
    expect((await viewer.post(editPath, { intent: "prefill" })).status).toBe(403);
    expect((await other.post(`${otherOrg}/disclosures/${agencyBefore}/edit`, { intent: "prefill" })).status).toBe(404);
    const filled = await owner.post(`${editPath}?section=basic`, { intent: "prefill" });
    expect(filled.status).toBe(200);
    const text = visibleText(await filled.text());
    expect(text).toContain("組織情報から1項目（所在地(住所)）を入力しました");
    expect((await stored(agencyBefore, "address")).response).toEqual({ value: ADDRESS });
    expect((await stored(agencyBefore, "name")).response).toEqual({ value: "回答コピー 代行センター" });
    expect(await auditOf("disclosure.prefilled", agencyBefore)).toEqual([
      { actor_email: "owner@copy.example", detail: { items: 1, facts: "組織名", on_create: true } },
      { actor_email: "owner@copy.example", detail: { items: 1, facts: "所在地", on_create: false } },
    ]);
    // Nothing left to fill: no button, and asking again changes nothing.
    expect(visibleText((await owner.text(editPath)).html)).not.toContain("組織情報から入力（");
    const again = await owner.post(editPath, { intent: "prefill" });
    expect(visibleText(await again.text())).toContain("組織情報から入力できる空欄の項目はありませんでした");
    expect((await stored(agencyBefore, "address")).revision).toBe(1);
    expect((await owner.post(editPath, { intent: "something-else" })).status).toBe(400);
  });
});

describe("who may copy, and bad input", () => {
  let target = "";
  beforeAll(async () => {
    target = await create("minimum-guideline-checklist@1.0.0");
  });

  it("is for editors and owners of the organisation: viewers 403, other organisations 404, anonymous visitors sign in", async () => {
    expect((await owner.get(copyPath(target))).status).toBe(200);
    expect((await editor.get(`${copyPath(target)}?source=${draftOf(source)}`)).status).toBe(200);
    expect((await viewer.get(copyPath(target))).status).toBe(403);
    expect((await other.get(copyPath(target))).status).toBe(404);
    expect((await other.get(copyPath(target, otherOrg))).status).toBe(404);
    const signIn = await anonymous.get(copyPath(target));
    expect(signIn.status).toBe(302);
    expect(signIn.headers.get("location")).toMatch(/^\/login/);
    const fields = (await preview(target, draftOf(source))).fields;
    expect((await apply(target, fields, viewer)).status).toBe(403);
    expect((await other.post(copyPath(target, otherOrg), fields)).status).toBe(404);
    expect((await apply(target, fields, anonymous)).status).toBe(302);
    expect((await stored(target, k1)).response).toBeUndefined();
    // The editor role may.
    expect((await apply(target, fields, editor)).status).toBe(200);
    expect((await stored(target, k1)).response).toEqual({ value: { status: "implemented" } });
  });

  it("offers only the organisation's other disclosures that share items", async () => {
    const foreign = await create("minimum-guideline-checklist@1.0.0", other, otherOrg);
    const chooser = await owner.text(copyPath(target));
    expect(chooser.html).toContain(`value="${source}:draft"`);
    expect(chooser.html).not.toContain(`value="${target}:draft"`);
    expect(chooser.html).not.toContain(foreign);
    expect(chooser.html).toMatch(/<label for="copy-source">コピー元<\/label>/);
    expect(chooser.html).toMatch(/<legend>入力済みの項目<\/legend>/);
    // A disclosure of another organisation is not found, even by its id.
    const page = await preview(target, draftOf(foreign));
    expect(page.status).toBe(400);
    expect(page.text).toContain("コピー元の開示書が見つかりません");
    expect(page.html).not.toContain('name="intent" value="apply"');
  });

  it("answers an unknown source, itself, or a template without shared items with a clear 400", async () => {
    const hispro = await create("hispro-checksheet@1.0.0");
    const cases: [string, string][] = [
      ["00000000-0000-4000-8000-000000000000:draft", "コピー元の開示書が見つかりません"],
      [`${source}:v9`, "コピー元の版が見つかりません"],
      ["not-a-source", "コピー元の開示書を一覧から選んでください"],
      ["", "コピー元の開示書を一覧から選んでください"],
      [draftOf(target), "この開示書自身からはコピーできません"],
      [draftOf(hispro), "には共通の項目がないため、コピーできません"],
    ];
    for (const [ref, message] of cases) {
      const page = await preview(target, ref);
      expect(page.status, ref).toBe(400);
      expect(page.text, ref).toContain(message);
    }
    expect((await owner.text(copyPath(target))).html).not.toContain(`value="${hispro}:draft"`);
    await save(owner, target, [[k1, { value: { status: "planned", month: "2027-12" } }]]);
    const before = await app.db.selectFrom("draft_response").select(["item_key", "revision"]).where("disclosure_id", "=", target).execute();
    const good = (await preview(target, draftOf(source), "overwrite")).fields;
    expect(good.intent).toBe("apply");
    for (const [fields, message] of [
      [{ ...good, source: draftOf(hispro) }, "共通の項目がない"],
      [{ ...good, source: "00000000-0000-4000-8000-000000000000:draft" }, "コピー元の開示書が見つかりません"],
      [{ ...good, digest: "" }, "確認した内容の形式が正しくありません"],
      [{ ...good, previewed: "{not json" }, "確認した内容の形式が正しくありません"],
      [{ ...good, previewed: JSON.stringify({ [k1]: "x" }) }, "確認した内容の形式が正しくありません"],
      [{ ...good, mode: "everything" }, "入力済みの項目の扱いを選んでください"],
      [{ ...good, intent: "delete" }, "不明な操作です"],
    ] as [Record<string, string>, string][]) {
      const result = await apply(target, fields);
      expect(result.status, JSON.stringify(fields)).toBe(400);
      expect(result.text).toContain(message);
    }
    const { digest: _digest, ...withoutDigest } = good;
    expect((await apply(target, withoutDigest)).status).toBe(400);
    expect(await app.db.selectFrom("draft_response").select(["item_key", "revision"]).where("disclosure_id", "=", target).execute()).toEqual(before);
  });
});
