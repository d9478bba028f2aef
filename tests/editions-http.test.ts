// Editions side by side, over HTTP: a vendor's draft moves from Ver.4.1 of an SDS-shaped form to Ver.5.0 with
// its matched answers (reworded items flagged, new ones unanswered, published versions untouched), a stale
// or foreign move is refused, and a hospital compares a Ver.4.1 vendor with a Ver.5.0 vendor on matched items.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDisclosure, getDisclosure, getDraft, publish, saveDraft } from "../app/models/disclosure.server.js";
import { syncBuiltinTemplates } from "../app/models/template.server.js";
import { canonicalJson } from "../disclosures/canonical-json.js";
import type { ItemResponse } from "../disclosures/disclosure-content.js";
import { Client, STRONG_PASSWORD, visibleText } from "./helpers/client.js";
import { tempDir } from "./helpers/db.js";
import { startApp } from "./helpers/http.js";
import { sdsEditions } from "./helpers/sds-fixture.js";

const meta = { ip: "127.0.0.1", userAgent: "test" };
const { v4, v5 } = sdsEditions();

let app: Awaited<ReturnType<typeof startApp>>;
type Vendor = { org: string; user: string; email: string; client: Client };
const vendors: Record<string, Vendor> = {};

async function signUp(name: string, kind: "vendor" | "hospital" = "vendor"): Promise<Vendor> {
  const client = new Client(app.base);
  const email = `${name.toLowerCase()}@editions.example`;
  expect((await client.post("/signup", { email, displayName: name, password: STRONG_PASSWORD, confirm: STRONG_PASSWORD })).status).toBe(302);
  const org = (await client.post("/orgs", { name: `${name}株式会社`, kind })).headers.get("location")!.split("/").pop()!;
  const user = (await app.db.selectFrom("user").select("id").where("email", "=", email).executeTakeFirstOrThrow()).id;
  return { org, user, email, client };
}

async function published(vendor: Vendor, version: string, responses: Record<string, ItemResponse>) {
  const actor = { userId: vendor.user, email: vendor.email };
  const template = version === v4.version ? v4 : v5;
  const id = await createDisclosure(app.db, actor, vendor.org, { templateId: template.id, templateVersion: template.version, serviceId: null, visibility: "public" }, meta);
  const disclosure = (await getDisclosure(app.db, vendor.org, id))!;
  await saveDraft(app.db, actor, disclosure, Object.entries(responses).map(([key, response]) => ({ key, baseRevision: 0, response })), meta);
  await publish(app.db, actor, disclosure, template, meta);
  return id;
}

const oldAnswers: Record<string, ItemResponse> = {
  s1: { value: { status: "yes" }, note: "規程あり" },
  s2: { value: { status: "no" } },
  s3: { value: { status: "yes" } },
  s4: { value: { status: "yes" } },
  s5: { value: { status: "na", reason: "外部接続なし" } },
};
const disclosures: Record<string, string> = {};

beforeAll(async () => {
  app = await startApp();
  const dir = tempDir("kaiji-editions-");
  writeFileSync(path.join(dir, `${v4.id}@${v4.version}.json`), canonicalJson(v4));
  await syncBuiltinTemplates(app.db, dir);
  vendors.Old = await signUp("Old");
  vendors.Mover = await signUp("Mover");
  vendors.New = await signUp("New");
  vendors.Other = await signUp("Other");
  disclosures.Old = await published(vendors.Old, "4.1.0", oldAnswers);
  disclosures.Mover = await published(vendors.Mover, "4.1.0", oldAnswers);
  // Ver.5.0 arrives after both vendors published on Ver.4.1.
  writeFileSync(path.join(dir, `${v5.id}@${v5.version}.json`), canonicalJson(v5));
  await syncBuiltinTemplates(app.db, dir);
  disclosures.New = await published(vendors.New, "5.0.0", {
    s1: { value: { status: "done" } },
    n12: { value: { status: "done" } },
    n22: { value: { status: "notDone" } },
    n23: { value: { status: "done" } },
    n31: { value: { status: "planned", month: "2027-04" } },
  });
});
afterAll(async () => {
  await app?.close();
});

const editionPath = () => `/orgs/${vendors.Mover.org}/disclosures/${disclosures.Mover}/edition`;

describe("moving a draft to the new edition", () => {
  it("tells the vendor on the disclosure page that a new edition exists", async () => {
    const page = visibleText((await vendors.Mover.client.text(`/orgs/${vendors.Mover.org}/disclosures/${disclosures.Mover}`)).html);
    expect(page).toContain("この様式には新しい版（5.0.0）があります。 新しい版への移行を確認する");
  });

  it("previews what carries over, what needs a look, what is new and what has no place", async () => {
    const page = await vendors.Mover.client.text(editionPath());
    expect(page.status).toBe(200);
    const text = visibleText(page.html);
    expect(text).toContain("サンプル版（4.1.0） → サンプル版（5.0.0）");
    expect(text).toContain("回答を引き継ぐ項目: 4");
    expect(text).toContain("確認が必要な項目: 2");
    expect(text).toContain("新しい項目（未回答になります）: 1");
    expect(text).toContain("新しい版にない項目の回答（引き継がれません）: 1");
    expect(text).toContain("1.2 情報セキュリティ方針を文書化し、全ての従業者に周知している — 項目の文言が変わりました");
    expect(text).toContain("2.3 無線LANの通信を暗号化している");
    expect(text).toContain("2.2 （項目文サンプル）SDS-2.2");
    // Nothing moved yet.
    expect((await getDisclosure(app.db, vendors.Mover.org, disclosures.Mover))!.template_version).toBe("4.1.0");
  });

  it("refuses a move the vendor did not review (the draft changed since), and changes nothing", async () => {
    const token = (await vendors.Mover.client.text(editionPath())).html.match(/name="token" value="([0-9a-f]+)"/)![1];
    const disclosure = (await getDisclosure(app.db, vendors.Mover.org, disclosures.Mover))!;
    await saveDraft(app.db, { userId: vendors.Mover.user, email: vendors.Mover.email }, disclosure, [{ key: "s4", baseRevision: 1, response: { value: { status: "no" } } }], meta);
    const response = await vendors.Mover.client.post(editionPath(), { version: "5.0.0", token });
    expect(response.status).toBe(409);
    expect(visibleText(await response.text())).toContain("確認した後に下書きか様式の版が変わりました");
    expect((await getDisclosure(app.db, vendors.Mover.org, disclosures.Mover))!.template_version).toBe("4.1.0");
  });

  it("moves the draft with the matched answers on the new scale, keeps the published version, and audits it", async () => {
    const token = (await vendors.Mover.client.text(editionPath())).html.match(/name="token" value="([0-9a-f]+)"/)![1];
    const response = await vendors.Mover.client.post(editionPath(), { version: "5.0.0", token });
    expect(response.status).toBe(200);
    expect(visibleText(await response.text())).toContain("下書きをサンプル版（5.0.0）に移行しました。次の2項目の回答を確認してください。");
    const disclosure = (await getDisclosure(app.db, vendors.Mover.org, disclosures.Mover))!;
    expect(disclosure.template_version).toBe("5.0.0");
    expect((await getDraft(app.db, disclosure)).content.responses).toEqual({
      s1: { value: { status: "done" }, note: "規程あり" },
      n12: { value: { status: "notDone" } },
      n22: { value: { status: "na", reason: "外部接続なし" } },
      n31: { value: { status: "done" } },
    });
    const version = await app.db.selectFrom("disclosure_version").select(["template_version"]).where("disclosure_id", "=", disclosures.Mover).executeTakeFirstOrThrow();
    expect(version.template_version).toBe("4.1.0");
    const audit = await app.db.selectFrom("audit_log").select(["action", "detail"]).where("target", "=", disclosures.Mover).where("action", "=", "disclosure.edition_moved").executeTakeFirstOrThrow();
    expect(JSON.parse(audit.detail!)).toEqual({ from: "4.1.0", to: "5.0.0", carried: 4, review: 2, added: 1, dropped: 1 });
    // Nothing more to move.
    expect(visibleText((await vendors.Mover.client.text(editionPath())).html)).toContain("この開示書の様式は最新の版です。");
  });

  it("is for the vendor's editors only: another organisation gets 404, anonymous is sent to sign in", async () => {
    expect((await vendors.Other.client.get(`/orgs/${vendors.Old.org}/disclosures/${disclosures.Old}/edition`)).status).toBe(404);
    expect((await vendors.Other.client.post(`/orgs/${vendors.Old.org}/disclosures/${disclosures.Old}/edition`, { version: "5.0.0", token: "x" })).status).toBe(404);
    expect((await new Client(app.base).get(`/orgs/${vendors.Old.org}/disclosures/${disclosures.Old}/edition`)).status).toBe(302);
    expect((await getDisclosure(app.db, vendors.Old.org, disclosures.Old))!.template_version).toBe("4.1.0");
  });
});

describe("comparing vendors on different editions", () => {
  it("compares on the items the crosswalk matches, renumbered or reworded, in the new edition's words", async () => {
    const page = await new Client(app.base).text(`/compare?d=${disclosures.Old}&d=${disclosures.New}`);
    expect(page.status).toBe(200);
    const text = visibleText(page.html);
    expect(text).toContain("異なる版の様式（4.1.0、5.0.0）が含まれるため");
    expect(text).toContain("1.2 必須 情報セキュリティ方針を文書化し、全ての従業者に周知している × 実施していない ● 実施している");
    // As published on Ver.4.1: 対象外 without a reason (Ver.4.1 asked none; Ver.5.0 does, which a draft moving on must give).
    expect(text).toContain("2.2 必須 外部からの不正アクセスを検知する仕組みを備えている － 対象外 × 実施していない");
    expect(text).toContain("3.1 必須 （項目文サンプル）SDS-2.1 ● 実施している △ 実施予定（実施時期: 2027年4月）");
    expect(text).not.toContain("無線LANの通信を暗号化している");
  });
});

describe("the template page", () => {
  it("shows what changed since the previous edition", async () => {
    const text = visibleText((await new Client(app.base).text("/templates/sds-sample/5.0.0")).html);
    expect(text).toContain("前の版（サンプル版・4.1.0）からの変更: 文言 2・番号 1・追加 1・削除 1（変更なし 1）");
    expect(text).toContain("1.2 情報セキュリティ方針を文書化し、全ての従業者に周知している（4.1.0: 1.2 情報セキュリティ方針を文書化し、従業者に周知している）");
    expect(text).toContain("3.1 （項目文サンプル）SDS-2.1（4.1.0: 2.1）");
    const first = visibleText((await new Client(app.base).text("/templates/sds-sample/4.1.0")).html);
    expect(first).not.toContain("前の版");
  });
});
