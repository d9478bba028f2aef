// The landing page (issue 19, item 3): a search that goes straight into the directory, each side's entry point, live
// counts over what anyone may see, the latest public versions, and the forms with a sentence each. Hospitals-only
// disclosures are neither counted nor listed; 申請制 ones count (the directory lists them as locked entries) but are
// not listed with a link.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createDisclosure, getDisclosure, publish, saveDraft, setWithdrawn } from "../app/models/disclosure.server.js";
import { syncBuiltinTemplates } from "../app/models/template.server.js";
import { canonicalJson } from "../disclosures/canonical-json.js";
import { Client, STRONG_PASSWORD, visibleText } from "./helpers/client.js";
import { tempDir } from "./helpers/db.js";
import { startApp } from "./helpers/http.js";
import { tinyTemplate } from "./helpers/template-fixture.js";

const meta = { ip: "127.0.0.1", userAgent: "test" };
const NOW = Date.parse("2026-12-02T01:30:00+09:00");
vi.useFakeTimers({ toFake: ["Date"], now: NOW });

let app: Awaited<ReturnType<typeof startApp>>;
let actor = { userId: "", email: "" };

async function vendor(name: string, login: string) {
  const client = new Client(app.base);
  const email = `${login}@landing.example`;
  await client.post("/signup", { email, displayName: name, password: STRONG_PASSWORD, confirm: STRONG_PASSWORD });
  const org = (await client.post("/orgs", { name, kind: "vendor" })).headers.get("location")!.split("/").pop()!;
  actor = { userId: (await app.db.selectFrom("user").select("id").where("email", "=", email).executeTakeFirstOrThrow()).id, email };
  return org;
}

async function published(org: string, service: string, visibility: "public" | "hospitals" | "request", at: number, changeReason?: string) {
  const template = tinyTemplate();
  const serviceId = `svc-${service}`;
  await app.db.insertInto("service").values({ id: serviceId, organization_id: org, name: service, kind: "cloud", description: null, created_at: NOW }).execute();
  const id = await createDisclosure(app.db, actor, org, { templateId: template.id, templateVersion: template.version, serviceId, visibility }, meta);
  const disclosure = (await getDisclosure(app.db, org, id))!;
  await saveDraft(app.db, actor, disclosure, [{ key: "name", baseRevision: 0, response: { value: "事業者" } }, { key: "c1", baseRevision: 0, response: { value: { status: "implemented" } } }, { key: "c2", baseRevision: 0, response: { value: { status: "implemented" } } }], meta);
  await publish(app.db, actor, disclosure, template, meta, at, { changeReason });
  return id;
}

beforeAll(async () => {
  app = await startApp();
  const dir = tempDir("kaiji-landing-");
  writeFileSync(path.join(dir, "tiny@1.0.0.json"), canonicalJson(tinyTemplate()));
  await syncBuiltinTemplates(app.db, dir);
  const a = await vendor("公開クラウド株式会社", "open");
  await published(a, "公開カルテ", "public", NOW - 3 * 86_400_000);
  await published(a, "申請制カルテ", "request", NOW - 2 * 86_400_000);
  const b = await vendor("医療機関向け株式会社", "closed");
  await published(b, "秘密のサービス", "hospitals", NOW - 86_400_000);
  const withdrawn = await published(b, "取り下げたサービス", "public", NOW - 86_400_000);
  await setWithdrawn(app.db, actor, { id: withdrawn, organization_id: b }, true, meta);
}, 60_000);
afterAll(async () => {
  await app?.close();
});

describe("the landing page", () => {
  it("counts what anyone may see and lists the latest public versions only", async () => {
    const page = await new Client(app.base).text("/");
    expect(page.status).toBe(200);
    const text = visibleText(page.html);
    // 公開 + 申請制 of one vendor; neither the hospitals-only nor the withdrawn one.
    expect(text).toContain("1 事業者");
    expect(text).toContain("2 件の開示書");
    expect(text).toMatch(/\d+ 種類の様式/);
    expect(text).toContain("公開カルテ");
    expect(text).not.toContain("申請制カルテ");
    expect(text).not.toContain("秘密のサービス");
    expect(text).not.toContain("取り下げたサービス");
  });

  it("searches straight into the directory and shows where each side starts", async () => {
    const html = (await new Client(app.base).text("/")).html;
    expect(html).toMatch(/<form[^>]*method="get"[^>]*action="\/directory"/);
    expect(html).toMatch(/<input[^>]*type="search"[^>]*name="q"/);
    const text = visibleText(html);
    expect(text).toContain("医療機関の方");
    expect(text).toContain("事業者の方");
    const directory = await new Client(app.base).text("/directory?q=" + encodeURIComponent("公開カルテ"));
    expect(directory.status).toBe(200);
    expect(visibleText(directory.html)).toContain("公開クラウド株式会社");
  });

  it("says in one sentence what each built-in form is", async () => {
    const text = visibleText((await new Client(app.base).text("/")).html);
    expect(text).toContain("504項目");
    expect(text).toContain("役割分担");
  });
});
