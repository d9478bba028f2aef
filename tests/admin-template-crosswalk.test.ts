// A new edition of a stored template imported by an administrator (issue 13, item 4), over HTTP: the import page
// proposes the crosswalk from Ver.4.1 to the uploaded Ver.5.0; the administrator takes a wrong pair apart and pairs
// two unmatched items (JavaScript-free forms carrying the import's revision); publishing stores the corrected
// crosswalk with the version, audited; then a vendor's draft moving to Ver.5.0 and a comparison across the two
// editions follow the administrator's pairs, not the proposal.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDisclosure, getDisclosure, getDraft, publish, saveDraft } from "../app/models/disclosure.server.js";
import { crosswalkBetween, syncBuiltinTemplates } from "../app/models/template.server.js";
import { canonicalJson } from "../disclosures/canonical-json.js";
import { applyCrosswalkDecisions, checkCrosswalk, proposeCrosswalk, textSimilarity } from "../disclosures/crosswalk.js";
import type { ItemResponse } from "../disclosures/disclosure-content.js";
import { exportTemplate } from "../disclosures/workbook/index.js";
import { Client, STRONG_PASSWORD, visibleText } from "./helpers/client.js";
import { tempDir } from "./helpers/db.js";
import { startApp } from "./helpers/http.js";
import { sdsEditions } from "./helpers/sds-fixture.js";

const meta = { ip: "127.0.0.1", userAgent: "test" };
const { v4, v5 } = sdsEditions();
const proposal = proposeCrosswalk(v4, v5);
const percent = (from: string, to: string) => `${Math.round(proposal.matches.find((m) => m.from === from && m.to === to)!.similarity * 100)}%`;

let app: Awaited<ReturnType<typeof startApp>>;
let templatesDir = "";
type Account = { org: string; user: string; email: string; client: Client };
const accounts: Record<string, Account> = {};
const disclosures: Record<string, string> = {};
let importId = "";

async function signUp(name: string): Promise<Account> {
  const client = new Client(app.base);
  const email = `${name.toLowerCase()}@crosswalk.example`;
  expect((await client.post("/signup", { email, displayName: name, password: STRONG_PASSWORD, confirm: STRONG_PASSWORD })).status).toBe(302);
  const org = (await client.post("/orgs", { name: `${name}株式会社`, kind: "vendor" })).headers.get("location")!.split("/").pop()!;
  const user = (await app.db.selectFrom("user").select("id").where("email", "=", email).executeTakeFirstOrThrow()).id;
  return { org, user, email, client };
}

async function published(account: Account, version: "4.1.0" | "5.0.0", responses: Record<string, ItemResponse>) {
  const actor = { userId: account.user, email: account.email };
  const template = version === v4.version ? v4 : v5;
  const id = await createDisclosure(app.db, actor, account.org, { templateId: template.id, templateVersion: template.version, serviceId: null, visibility: "public" }, meta);
  const disclosure = (await getDisclosure(app.db, account.org, id))!;
  await saveDraft(app.db, actor, disclosure, Object.entries(responses).map(([key, response]) => ({ key, baseRevision: 0, response })), meta);
  await publish(app.db, actor, disclosure, template, meta);
  return id;
}

const cookie = (client: Client) => [...client.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
let v5Export: Awaited<ReturnType<typeof exportTemplate>>;

/** Uploads Ver.5.0's workbook as the page's form does; the new import's id. */
async function upload(name: string): Promise<string> {
  const form = new FormData();
  form.set("intent", "upload");
  form.set("file", new Blob([new Uint8Array(v5Export.workbook)], { type: "application/octet-stream" }), name);
  const response = await fetch(`${app.base}/admin/templates`, {
    method: "POST",
    redirect: "manual",
    headers: { cookie: cookie(accounts.Admin.client), origin: app.base, "sec-fetch-site": "same-origin" },
    body: form,
  });
  expect(response.status, await response.clone().text()).toBe(302);
  return response.headers.get("location")!.split("/").pop()!;
}

async function stored() {
  const row = await app.db.selectFrom("template_import").select(["revision", "crosswalk"]).where("id", "=", importId).executeTakeFirstOrThrow();
  return { revision: row.revision, decisions: row.crosswalk === null ? null : (JSON.parse(row.crosswalk) as unknown) };
}

const importPath = () => `/admin/templates/imports/${importId}`;
const page = async (client = accounts.Admin.client) => {
  const { status, html } = await client.text(importPath());
  return { status, html, text: visibleText(html) };
};
async function decide(intent: string, from: string, to: string, revision?: number, client = accounts.Admin.client) {
  return client.post(importPath(), { intent, from, to, revision: String(revision ?? (await stored()).revision) });
}

const oldAnswers: Record<string, ItemResponse> = {
  s1: { value: { status: "yes" }, note: "規程あり" },
  s2: { value: { status: "no" } },
  s3: { value: { status: "yes" } },
  s4: { value: { status: "yes" } },
  s5: { value: { status: "na", reason: "外部接続なし" } },
};

beforeAll(async () => {
  app = await startApp();
  templatesDir = tempDir("kaiji-crosswalk-");
  writeFileSync(path.join(templatesDir, `${v4.id}@${v4.version}.json`), canonicalJson(v4));
  await syncBuiltinTemplates(app.db, templatesDir);
  for (const name of ["Admin", "OtherAdmin", "Old", "Mover", "New"]) accounts[name] = await signUp(name);
  await app.db.updateTable("user").set({ is_admin: 1 }).where("email", "in", [accounts.Admin.email, accounts.OtherAdmin.email]).execute();
  disclosures.Old = await published(accounts.Old, "4.1.0", oldAnswers);
  disclosures.Mover = await published(accounts.Mover, "4.1.0", oldAnswers);

  // Ver.5.0 arrives as a workbook: the administrator uploads it and saves the mapping that reads it.
  v5Export = await exportTemplate(v5);
  importId = await upload("sds-5.0.xlsx");
  const saved = await accounts.Admin.client.post(importPath(), { intent: "save", revision: String((await stored()).revision), json: JSON.stringify(v5Export.mapping) });
  expect(saved.status, visibleText(await saved.text())).toBe(302);
});
afterAll(async () => {
  await app?.close();
});

describe("the proposed crosswalk on the import page", () => {
  it("shows each proposed pair with its basis and similarity, the old items nothing continues and the new ones", async () => {
    const { status, text } = await page();
    expect(status).toBe(200);
    expect(text).toContain("このまま公開できます");
    expect(text).toContain("前の版（4.1.0）との対応表");
    expect(text).toContain("対応 4組（提案どおり 4・管理者が追加 0） 外した提案 0組 新しい版にない項目 1 新しい項目 1");
    expect(text).toContain(`1.1 （項目文サンプル）SDS-1.1 1.1 （項目文サンプル）SDS-1.1 番号と文言 100% 外す`);
    expect(text).toContain(
      `1.2 情報セキュリティ方針を文書化し、従業者に周知している 1.2 情報セキュリティ方針を文書化し、全ての従業者に周知している 文言が変わりました 番号と文言 ${percent("s2", "n12")} 外す`,
    );
    expect(text).toContain(`2.3 外部からの不正アクセスを検知する仕組みがある 2.2 外部からの不正アクセスを検知する仕組みを備えている 文言が変わりました 文言 ${percent("s5", "n22")} 外す`);
    expect(text).toContain(`2.1 （項目文サンプル）SDS-2.1 3.1 （項目文サンプル）SDS-2.1 文言 100% 外す`);
    expect(text).toContain("新しい版にない旧版の項目（回答は引き継がれません）: 1 2.2 （項目文サンプル）SDS-2.2");
    expect(text).toContain("新しい項目（未回答で始まります）: 1 2.3 無線LANの通信を暗号化している");
    // Nothing decided yet.
    expect((await stored()).decisions).toBeNull();
  });

  it("is offered with the publish form, and not at all for a first edition", async () => {
    expect((await page()).html).toContain('name="crosswalkFrom" value="4.1.0"');
    // The same workbook read as another template, which has no stored version: nothing to follow.
    const first = await upload("sds-first.xlsx");
    const mapping = { ...v5Export.mapping, template: { ...v5Export.mapping.template, id: "sds-first-edition" } };
    const revision = (await app.db.selectFrom("template_import").select("revision").where("id", "=", first).executeTakeFirstOrThrow()).revision;
    expect((await accounts.Admin.client.post(`/admin/templates/imports/${first}`, { intent: "save", revision: String(revision), json: JSON.stringify(mapping) })).status).toBe(302);
    const shown = await accounts.Admin.client.text(`/admin/templates/imports/${first}`);
    expect(visibleText(shown.html)).toContain("このまま公開できます");
    expect(visibleText(shown.html)).not.toContain("との対応表");
    expect(shown.html).toContain('name="crosswalkFrom" value=""');
    const refused = await accounts.Admin.client.post(`/admin/templates/imports/${first}`, { intent: "crosswalk-pair", revision: String(revision + 1), from: "s4", to: "n23" });
    expect(refused.status).toBe(400);
    expect(visibleText(await refused.text())).toContain("前の版との対応表はありません");
  });
});

describe("the administrator's decisions", () => {
  it("are the uploading administrator's only: others get 403 (not an administrator) or 404 (another administrator)", async () => {
    const before = await stored();
    expect((await decide("crosswalk-reject", "s5", "n22", before.revision, accounts.Mover.client)).status).toBe(403);
    expect((await decide("crosswalk-pair", "s4", "n23", before.revision, accounts.Mover.client)).status).toBe(403);
    expect((await decide("crosswalk-reject", "s5", "n22", before.revision, accounts.OtherAdmin.client)).status).toBe(404);
    expect((await accounts.OtherAdmin.client.get(importPath())).status).toBe(404);
    expect(await stored()).toEqual(before);
  });

  it("refuses a form from an older revision with 409 and changes nothing", async () => {
    const before = await stored();
    const response = await decide("crosswalk-reject", "s5", "n22", before.revision - 1);
    expect(response.status).toBe(409);
    expect(visibleText(await response.text())).toContain("この取込は別の画面で変更されました");
    expect(await stored()).toEqual(before);
  });

  it("takes a proposed pair apart: both items become unmatched, and the pair is listed to put back", async () => {
    const before = await stored();
    const response = await decide("crosswalk-reject", "s5", "n22");
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(`${importPath()}#crosswalk`);
    expect(await stored()).toEqual({ revision: before.revision + 1, decisions: { from: "4.1.0", rejected: [{ from: "s5", to: "n22" }], paired: [] } });
    const { text } = await page();
    expect(text).toContain("対応 3組（提案どおり 3・管理者が追加 0） 外した提案 1組 新しい版にない項目 2 新しい項目 2");
    expect(text).toContain("外した提案 2.3 外部からの不正アクセスを検知する仕組みがある → 2.2 外部からの不正アクセスを検知する仕組みを備えている 元に戻す");
    expect(text).toContain("新しい版にない旧版の項目（回答は引き継がれません）: 2 2.2 （項目文サンプル）SDS-2.2 2.3 外部からの不正アクセスを検知する仕組みがある");
    expect(text).toContain("新しい項目（未回答で始まります）: 2 2.2 外部からの不正アクセスを検知する仕組みを備えている 2.3 無線LANの通信を暗号化している");
    // A pair the crosswalk no longer makes cannot be taken apart twice.
    const again = await decide("crosswalk-reject", "s5", "n22");
    expect(again.status).toBe(400);
    expect(visibleText(await again.text())).toContain("対応 2.3「外部からの不正アクセスを検知する仕組みがある」 → 2.2「外部からの不正アクセスを検知する仕組みを備えている」は対応表にありません");
  });

  it("puts a rejected pair back, and takes it apart again", async () => {
    const before = await stored();
    expect((await decide("crosswalk-restore", "s5", "n22")).status).toBe(302);
    expect(await stored()).toEqual({ revision: before.revision + 1, decisions: { from: "4.1.0", rejected: [], paired: [] } });
    expect(visibleText((await page()).html)).toContain("対応 4組（提案どおり 4・管理者が追加 0） 外した提案 0組");
    expect((await decide("crosswalk-restore", "s5", "n22")).status).toBe(400);
    expect((await decide("crosswalk-reject", "s5", "n22")).status).toBe(302);
    expect((await stored()).decisions).toEqual({ from: "4.1.0", rejected: [{ from: "s5", to: "n22" }], paired: [] });
  });

  it("refuses to pair an item that is already paired, naming it", async () => {
    const before = await stored();
    const response = await decide("crosswalk-pair", "s1", "n23");
    expect(response.status).toBe(400);
    expect(visibleText(await response.text())).toContain("旧版の項目 1.1「（項目文サンプル）SDS-1.1」は既に別の項目と対応づけられています");
    const unknown = await decide("crosswalk-pair", "s4", "no-such-item");
    expect(unknown.status).toBe(400);
    expect(await stored()).toEqual(before);
  });

  it("pairs an unmatched old item with an unmatched new one, confirmed by the administrator", async () => {
    const before = await stored();
    expect((await decide("crosswalk-pair", "s4", "n23")).status).toBe(302);
    expect(await stored()).toEqual({ revision: before.revision + 1, decisions: { from: "4.1.0", rejected: [{ from: "s5", to: "n22" }], paired: [{ from: "s4", to: "n23" }] } });
    const similarity = `${Math.round(Math.round(textSimilarity(v4.sections[1].items![1].text, "無線LANの通信を暗号化している") * 1000) / 10)}%`;
    const { text } = await page();
    expect(text).toContain("対応 4組（提案どおり 3・管理者が追加 1） 外した提案 1組 新しい版にない項目 1 新しい項目 1");
    expect(text).toContain(`2.2 （項目文サンプル）SDS-2.2 2.3 無線LANの通信を暗号化している 文言が変わりました 管理者 ${similarity} 取り消す`);
    // Withdrawn, the two items are unmatched again; paired once more for what follows.
    expect((await decide("crosswalk-reject", "s4", "n23")).status).toBe(302);
    expect((await stored()).decisions).toEqual({ from: "4.1.0", rejected: [{ from: "s5", to: "n22" }], paired: [] });
    expect(visibleText((await page()).html)).toContain("新しい版にない旧版の項目（回答は引き継がれません）: 2 2.2 （項目文サンプル）SDS-2.2");
    expect((await decide("crosswalk-pair", "s4", "n23")).status).toBe(302);
  });

  it("shows the problems of decisions that no longer fit, naming the items, and refuses to publish until they are fixed", async () => {
    const before = await app.db.selectFrom("template_import").select(["crosswalk"]).where("id", "=", importId).executeTakeFirstOrThrow();
    // As after a change of the mapping that renamed or dropped items the administrator had paired.
    await app.db
      .updateTable("template_import")
      .set({ crosswalk: JSON.stringify({ from: "4.1.0", rejected: [{ from: "s5", to: "n22" }], paired: [{ from: "s4", to: "n23" }, { from: "s1", to: "n99" }] }) })
      .where("id", "=", importId)
      .execute();
    try {
      const { text, html } = await page();
      expect(text).toContain("対応表の問題 2件（直すまで公開できません）");
      expect(text).toContain("新版に項目「n99」がありません（マッピングを変えて項目がなくなったときは、その対応を取り消してください）");
      expect(text).toContain("旧版の項目 1.1「（項目文サンプル）SDS-1.1」が複数の項目に対応づけられています");
      expect(html).not.toContain('name="crosswalkFrom"');
      const refused = await accounts.Admin.client.post(importPath(), { intent: "publish", revision: String((await stored()).revision), crosswalkFrom: "4.1.0" });
      expect(refused.status).toBe(400);
      expect(visibleText(await refused.text())).toContain("対応表に問題が2件あるため公開できません");
      expect(await app.db.selectFrom("template_version").select("version").where("template_id", "=", v5.id).where("version", "=", "5.0.0").executeTakeFirst()).toBeUndefined();
    } finally {
      await app.db.updateTable("template_import").set({ crosswalk: before.crosswalk }).where("id", "=", importId).execute();
    }
  });
});

describe("publishing the new edition", () => {
  it("refuses a form that showed another previous edition (409)", async () => {
    const response = await accounts.Admin.client.post(importPath(), { intent: "publish", revision: String((await stored()).revision), crosswalkFrom: "" });
    expect(response.status).toBe(409);
    expect(visibleText(await response.text())).toContain("前の版との対応表が変わりました");
    expect(await app.db.selectFrom("template_import").select("id").where("id", "=", importId).executeTakeFirst()).toBeDefined();
  });

  it("stores the corrected crosswalk with the version, immutable, and audits what the administrator changed", async () => {
    const response = await accounts.Admin.client.post(importPath(), { intent: "publish", revision: String((await stored()).revision), crosswalkFrom: "4.1.0" });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/admin/templates?published=sds-sample%405.0.0");
    const row = await app.db.selectFrom("template_version").select(["origin", "crosswalk"]).where("template_id", "=", v5.id).where("version", "=", "5.0.0").executeTakeFirstOrThrow();
    expect(row.origin).toBe("import");
    const similarity = (from: string, to: string) => proposal.matches.find((m) => m.from === from && m.to === to)!.similarity;
    expect(JSON.parse(row.crosswalk!)).toEqual({
      from: "4.1.0",
      matches: [
        { from: "s1", to: "s1", by: "number", similarity: 1, textChanged: false },
        { from: "s2", to: "n12", by: "number", similarity: similarity("s2", "n12"), textChanged: true },
        { from: "s4", to: "n23", by: "confirmed", similarity: Math.round(textSimilarity("（項目文サンプル）SDS-2.2", "無線LANの通信を暗号化している") * 1000) / 1000, textChanged: true },
        { from: "s3", to: "n31", by: "text", similarity: 1, textChanged: false },
      ],
      removed: ["s5"],
      added: ["n22"],
    });
    await expect(sql`update template_version set crosswalk = null where template_id = ${v5.id}`.execute(app.db)).rejects.toThrow(/immutable/);
    const audit = await app.db.selectFrom("audit_log").select(["detail"]).where("action", "=", "template.imported").where("target", "=", "sds-sample@5.0.0").executeTakeFirstOrThrow();
    expect(JSON.parse(audit.detail!)).toMatchObject({ template: "sds-sample@5.0.0", crosswalk_from: "sds-sample@4.1.0", crosswalk_pairs: 4, crosswalk_confirmed: 3, crosswalk_rejected: 1, crosswalk_added: 1 });
  });

  it("is what crosswalkBetween gives from that edition; from another one it is still the proposal", async () => {
    const confirmed = (await crosswalkBetween(app.db, v5.id, "4.1.0", "5.0.0"))!;
    expect(confirmed.matches.map((m) => `${m.from}→${m.to}`)).toEqual(["s1→s1", "s2→n12", "s4→n23", "s3→n31"]);
    expect({ removed: confirmed.removed, added: confirmed.added, from: confirmed.fromVersion, to: confirmed.toVersion }).toEqual({ removed: ["s5"], added: ["n22"], from: "4.1.0", to: "5.0.0" });
    // An older edition stored afterwards: its crosswalk to 5.0.0 is proposed, not the one made from 4.1.0.
    const v3 = { ...structuredClone(v4), version: "3.0.0" };
    writeFileSync(path.join(templatesDir, `${v3.id}@${v3.version}.json`), canonicalJson(v3));
    await syncBuiltinTemplates(app.db, templatesDir);
    const proposed = (await crosswalkBetween(app.db, v5.id, "3.0.0", "5.0.0"))!;
    expect(proposed.matches.map((m) => `${m.from}→${m.to}`)).toEqual(["s1→s1", "s2→n12", "s5→n22", "s3→n31"]);
  });
});

describe("the administrator's pairs in use", () => {
  const editionPath = () => `/orgs/${accounts.Mover.org}/disclosures/${disclosures.Mover}/edition`;

  it("moves a vendor's draft along them: the paired item's answer carries over, the rejected pair's does not", async () => {
    const preview = await accounts.Mover.client.text(editionPath());
    expect(preview.status).toBe(200);
    expect(visibleText(preview.html)).toContain("新しい項目（未回答になります）: 1");
    const token = preview.html.match(/name="token" value="([0-9a-f]+)"/)![1];
    const response = await accounts.Mover.client.post(editionPath(), { version: "5.0.0", token });
    expect(response.status).toBe(200);
    const disclosure = (await getDisclosure(app.db, accounts.Mover.org, disclosures.Mover))!;
    expect(disclosure.template_version).toBe("5.0.0");
    expect((await getDraft(app.db, disclosure)).content.responses).toEqual({
      s1: { value: { status: "done" }, note: "規程あり" },
      n12: { value: { status: "notDone" } },
      n23: { value: { status: "done" } },
      n31: { value: { status: "done" } },
    });
  });

  it("compares a Ver.4.1 vendor with a Ver.5.0 vendor on them", async () => {
    disclosures.New = await published(accounts.New, "5.0.0", {
      s1: { value: { status: "done" } },
      n12: { value: { status: "done" } },
      n22: { value: { status: "notDone" } },
      n23: { value: { status: "notDone" } },
      n31: { value: { status: "done" } },
    });
    const page = await new Client(app.base).text(`/compare?d=${disclosures.Old}&d=${disclosures.New}`);
    expect(page.status).toBe(200);
    const text = visibleText(page.html);
    expect(text).toContain("異なる版の様式（4.1.0、5.0.0）が含まれるため");
    // Old's 2.2 (はい) continues as 2.3 through the administrator's pair.
    expect(text).toContain("2.3 必須 無線LANの通信を暗号化している ● 実施している × 実施していない");
    // Old's 2.3 (対象外) no longer continues as 2.2: the proposal would have shown 対象外 here.
    expect(text).not.toContain("外部からの不正アクセスを検知する仕組みを備えている － 対象外");
  });
});

describe("applying an administrator's decisions to a proposal (pure)", () => {
  it("drops rejected pairs, adds confirmed ones in the new edition's order, ignores a rejection of a pair never proposed", () => {
    const applied = applyCrosswalkDecisions(proposal, { rejected: [{ from: "s5", to: "n22" }, { from: "s1", to: "n23" }], paired: [{ from: "s4", to: "n23" }] }, v4, v5);
    expect(applied.matches.map((m) => `${m.from}→${m.to}:${m.by}`)).toEqual(["s1→s1:number", "s2→n12:number", "s4→n23:confirmed", "s3→n31:text"]);
    expect({ removed: applied.removed, added: applied.added }).toEqual({ removed: ["s5"], added: ["n22"] });
    expect(checkCrosswalk(applied, v4, v5)).toEqual([]);
    // A pair of the administrator's with the same words as the old item is not flagged as reworded.
    const same = applyCrosswalkDecisions(proposal, { rejected: [{ from: "s3", to: "n31" }], paired: [{ from: "s3", to: "n31" }] }, v4, v5);
    expect(same.matches.find((m) => m.to === "n31")).toEqual({ from: "s3", to: "n31", by: "confirmed", similarity: 1, textChanged: false });
  });
});
