// The landing page (issue 19, item 3): a search that goes straight into the directory, each side's entry point, live
// counts over what anyone may see, the latest public versions, and the forms with a sentence each. Hospitals-only
// disclosures are neither counted nor listed; 申請制 ones count (the directory lists them as locked entries) but are
// not listed with a link.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { setWithdrawn } from "../app/models/disclosure.server.js";
import { Client, visibleText } from "./helpers/client.js";
import { startApp } from "./helpers/http.js";
import { allImplemented, publishTiny, registerTinyTemplate, signUpVendor } from "./helpers/tiny-disclosure.js";

const meta = { ip: "127.0.0.1", userAgent: "test" };
const NOW = Date.parse("2026-12-02T01:30:00+09:00");
vi.useFakeTimers({ toFake: ["Date"], now: NOW });

let app: Awaited<ReturnType<typeof startApp>>;

beforeAll(async () => {
  app = await startApp();
  await registerTinyTemplate(app.db);
  const a = await signUpVendor(app, "open@landing.example", "公開クラウド株式会社");
  const service = async (org: string, name: string) => {
    await app.db.insertInto("service").values({ id: `svc-${name}`, organization_id: org, name, kind: "cloud", description: null, created_at: NOW }).execute();
    return `svc-${name}`;
  };
  const responses = allImplemented("事業者");
  await publishTiny(app.db, a, { responses, serviceId: await service(a.org, "公開カルテ"), at: NOW - 3 * 86_400_000 });
  await publishTiny(app.db, a, { responses, serviceId: await service(a.org, "申請制カルテ"), visibility: "request", at: NOW - 2 * 86_400_000 });
  const b = await signUpVendor(app, "closed@landing.example", "医療機関向け株式会社");
  await publishTiny(app.db, b, { responses, serviceId: await service(b.org, "秘密のサービス"), visibility: "hospitals", at: NOW - 86_400_000 });
  const withdrawn = await publishTiny(app.db, b, { responses, serviceId: await service(b.org, "取り下げたサービス"), at: NOW - 86_400_000 });
  await setWithdrawn(app.db, b.actor, { id: withdrawn, organization_id: b.org }, true, meta);
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
