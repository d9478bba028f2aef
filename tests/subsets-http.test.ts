// GL 7.0's 別紙 rule for hospitals, over HTTP: the directory filters on it, the comparison can be limited
// to the 別紙 items and marks a いいえ there 「医療機関側のリスク評価が必要」, and so does the public page.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDisclosure, getDisclosure, publish, saveDraft } from "../app/models/disclosure.server.js";
import { syncBuiltinTemplates } from "../app/models/template.server.js";
import { canonicalJson } from "../disclosures/canonical-json.js";
import type { ItemResponse } from "../disclosures/disclosure-content.js";
import { Client, STRONG_PASSWORD, visibleText } from "./helpers/client.js";
import { tempDir } from "./helpers/db.js";
import { startApp } from "./helpers/http.js";
import { sdsLikeTemplate } from "./helpers/sds-fixture.js";

const meta = { ip: "127.0.0.1", userAgent: "test" };
const template = sdsLikeTemplate();
const yes: ItemResponse = { value: { status: "yes" } };
const no: ItemResponse = { value: { status: "no" } };
const na: ItemResponse = { value: { status: "na", reason: "該当機能なし" } };

let app: Awaited<ReturnType<typeof startApp>>;
const published: Record<string, string> = {};

async function vendor(name: string, responses: Record<string, ItemResponse>) {
  const client = new Client(app.base);
  const email = `${name.toLowerCase()}@sds.example`;
  expect((await client.post("/signup", { email, displayName: name, password: STRONG_PASSWORD, confirm: STRONG_PASSWORD })).status).toBe(302);
  const org = (await client.post("/orgs", { name: `${name}株式会社`, kind: "vendor" })).headers.get("location")!.split("/").pop()!;
  const user = (await app.db.selectFrom("user").select("id").where("email", "=", email).executeTakeFirstOrThrow()).id;
  const actor = { userId: user, email };
  const id = await createDisclosure(app.db, actor, org, { templateId: template.id, templateVersion: template.version, serviceId: null, visibility: "public" }, meta);
  const disclosure = (await getDisclosure(app.db, org, id))!;
  await saveDraft(app.db, actor, disclosure, Object.entries(responses).map(([key, response]) => ({ key, baseRevision: 0, response })), meta);
  await publish(app.db, actor, disclosure, template, meta);
  published[name] = id;
}

beforeAll(async () => {
  app = await startApp();
  const dir = tempDir("kaiji-sds-");
  writeFileSync(path.join(dir, `${template.id}@${template.version}.json`), canonicalJson(template));
  await syncBuiltinTemplates(app.db, dir);
  // Alpha passes the 別紙 rule (はい and 対象外 there; いいえ only outside it); Beta answers いいえ to 別紙 item 2.1.
  await vendor("Alpha", { s1: yes, s2: no, s3: na, s4: yes, s5: no });
  await vendor("Beta", { s1: yes, s2: yes, s3: no, s4: yes, s5: yes });
});
afterAll(async () => {
  await app?.close();
});

const names = (html: string) => [...html.matchAll(/class="directory-vendor"[^>]*>([^<]+)<\/a>/g)].map((m) => m[1]);

describe("the directory filter on the 別紙 rule", () => {
  it("offers the rule with the number of vendors passing it, and lists only those", async () => {
    const client = new Client(app.base);
    const all = await client.text("/directory?template=sds-sample");
    expect(names(all.html)).toEqual(["Alpha株式会社", "Beta株式会社"]);
    expect(visibleText(all.html)).toContain("SDS（サンプル）: 別紙の全項目が「はい」または「対象外」 （1）");
    const filtered = await client.text("/directory?template=sds-sample&rule=sds-sample:betsushiRule");
    expect(filtered.status).toBe(200);
    expect(names(filtered.html)).toEqual(["Alpha株式会社"]);
  });

  it("ignores a malformed rule instead of failing", async () => {
    const page = await new Client(app.base).text("/directory?template=sds-sample&rule=%3Cscript%3E");
    expect(page.status).toBe(200);
    expect(names(page.html)).toEqual(["Alpha株式会社", "Beta株式会社"]);
  });
});

describe("the comparison and the page", () => {
  it("limits the comparison to the 別紙 items and marks Beta's いいえ there for the hospital", async () => {
    const query = `?d=${published.Alpha}&d=${published.Beta}&subset=betsushi`;
    const page = await new Client(app.base).text(`/compare${query}`);
    expect(page.status).toBe(200);
    const text = visibleText(page.html);
    expect(text).toContain("3項目を表示中（比較対象 5項目）");
    expect(page.html).toMatch(/<option value="betsushi" selected="">別紙 セキュリティ確認事項（3項目）<\/option>/);
    expect(text).not.toContain("SDS-1.2");
    expect(page.html).toMatch(/id="item-s3"[\s\S]*?⚠ 医療機関側のリスク評価が必要[\s\S]*?<\/tr>/);
    expect(text.match(/⚠ 医療機関側のリスク評価が必要/g)).toHaveLength(1);
  });

  it("marks the いいえ of a 別紙 item on the vendor's public page, and not the いいえ outside the 別紙", async () => {
    const beta = visibleText((await new Client(app.base).text(`/disclosures/${published.Beta}/v/1`)).html);
    expect(beta).toContain("別紙に「いいえ」の項目あり");
    expect(beta.match(/⚠ 医療機関側のリスク評価が必要/g)).toHaveLength(1);
    const alpha = visibleText((await new Client(app.base).text(`/disclosures/${published.Alpha}/v/1`)).html);
    expect(alpha).toContain("別紙の全項目が「はい」または「対象外」");
    expect(alpha).not.toContain("医療機関側のリスク評価が必要");
  });
});

describe("the template page", () => {
  it("names the subset and states the rule with its note for hospitals", async () => {
    const text = visibleText((await new Client(app.base).text("/templates/sds-sample/1.0.0")).html);
    expect(text).toContain("項目の範囲 別紙 セキュリティ確認事項（3項目）— ガイドライン 第7.0版 保守委託機関編 別紙（サンプル）");
    expect(text).toContain("「別紙 セキュリティ確認事項」の対象外を除く全項目が実施済（対応済・はい）のとき「別紙の全項目が「はい」または「対象外」」");
    expect(text).toContain("満たされていない項目には「医療機関側のリスク評価が必要」と示します。");
  });
});
