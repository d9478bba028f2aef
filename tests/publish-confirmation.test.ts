// A deliberate publish: the confirmation page shows what will be published (problems, changed items,
// derived results before → after, visibility), and a 改版理由 is required from 第2版 on, stored with
// the version (immutable) and shown in the versions list, the diff, the JSON and the PDF.
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadTemplateFile, walkItems } from "../disclosures/template-loader.js";
import { Client, STRONG_PASSWORD, visibleText } from "./helpers/client.js";
import { tempDir, TEMPLATES_DIR } from "./helpers/db.js";
import { startApp } from "./helpers/http.js";

const tmp = tempDir("kaiji-publish-");
process.env.PDF_CACHE_DIR = path.join(tmp, "cache");

const checklist = loadTemplateFile(path.join(TEMPLATES_DIR, "minimum-guideline-checklist@1.0.0.json"));
const items = [...walkItems(checklist)].map((e) => e.item);
const keys = items.map((i) => i.key);

let app: Awaited<ReturnType<typeof startApp>>;
let owner: Client;
let viewer: Client;
let other: Client;
let org = "";
let disclosure = "";
const revisions: Record<string, number> = {};

async function signUp(email: string) {
  const client = new Client(app.base);
  await client.post("/signup", { email, displayName: email.split("@")[0], password: STRONG_PASSWORD, confirm: STRONG_PASSWORD });
  return client;
}

async function answer(entries: [string, unknown][]) {
  const changes = entries.map(([key, value]) => ({ key, baseRevision: revisions[key] ?? 0, response: value === null ? null : { value } }));
  const response = await owner.postJson(`${org}/disclosures/${disclosure}/draft`, { changes });
  expect(response.status).toBe(200);
  const body = (await response.json()) as { saved: { key: string; revision: number }[] };
  for (const s of body.saved) revisions[s.key] = s.revision;
}

const confirmPath = () => `${org}/disclosures/${disclosure}/publish`;
const publish = (fields: Record<string, string> = {}) => owner.post(`${org}/disclosures/${disclosure}`, { intent: "publish", ...fields });
const latestVersion = async () => (await app.db.selectFrom("disclosure").select("latest_version").where("id", "=", disclosure).executeTakeFirstOrThrow()).latest_version;

function pdfText(pdf: ArrayBuffer): string {
  const file = path.join(tmp, `${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, Buffer.from(pdf));
  return execFileSync("pdftotext", [file, "-"], { encoding: "utf8" });
}

beforeAll(async () => {
  app = await startApp();
  owner = await signUp("owner@publish.example");
  viewer = await signUp("viewer@publish.example");
  other = await signUp("owner@elsewhere.example");
  org = (await owner.post("/orgs", { name: "確認公開株式会社", kind: "vendor" })).headers.get("location")!;
  await other.post("/orgs", { name: "別の会社", kind: "vendor" });
  const invite = await (await owner.post(`${org}/members`, { intent: "invite", role: "viewer" })).text();
  await viewer.post(new URL(invite.match(/id="invite-link"[^>]*value="([^"]+)"/)![1]).pathname, {});
  disclosure = (await owner.post(`${org}/disclosures`, { template: "minimum-guideline-checklist@1.0.0", visibility: "public" })).headers.get("location")!.split("/").at(-2)!;
});
afterAll(() => app?.close());

describe("the confirmation page", () => {
  it("is for editors and owners: viewers get 403, other organisations 404", async () => {
    expect((await viewer.get(confirmPath())).status).toBe(403);
    expect((await other.get(confirmPath())).status).toBe(404);
    expect((await owner.get(confirmPath())).status).toBe(200);
  });

  it("lists what prevents publishing, linked to the editor, and offers no publish button", async () => {
    await answer(keys.slice(1).map((k) => [k, { status: "planned", month: "2027-03" }]));
    const page = await owner.text(confirmPath());
    expect(page.status).toBe(200);
    expect(page.html).toContain(`/edit?item=${encodeURIComponent(keys[0])}`);
    expect(visibleText(page.html)).toContain("必須項目が未回答です");
    expect(page.html).not.toMatch(/name="intent" value="publish"/);
  });

  it("for 第1版: how many items are answered, derived results, the visibility, and an optional reason", async () => {
    await answer([[keys[0], { status: "planned", month: "2027-03" }]]);
    const page = await owner.text(confirmPath());
    const text = visibleText(page.html);
    expect(text).toContain("第1版");
    expect(text).toContain(`${items.length}項目中${items.length}項目に回答`);
    expect(text).toContain("ガイドラインの遵守");
    expect(text).toContain("最低限のガイドラインを遵守していない");
    expect(text).toContain("一般公開");
    expect(page.html).toMatch(/name="intent" value="publish"/);
    expect(page.html).toMatch(/<textarea[^>]*name="reason"/);
    expect(page.html).not.toMatch(/<textarea[^>]*name="reason"[^>]*required/);
    expect((await publish()).status).toBe(200);
    const row = await app.db.selectFrom("disclosure_version").select(["number", "change_reason"]).where("disclosure_id", "=", disclosure).executeTakeFirstOrThrow();
    expect(row).toEqual({ number: 1, change_reason: null });
  });

  it("for 第2版: the changed items and derived results before → after; the reason is required", async () => {
    await answer(keys.map((k) => [k, { status: "implemented" }]));
    const page = await owner.text(confirmPath());
    const text = visibleText(page.html);
    expect(text).toContain("第2版");
    expect(text).toContain(`${items.length}項目`);
    expect(text).toContain(items[0].text.slice(0, 20));
    expect(text).toContain("実施予定（実施時期: 2027年3月）");
    expect(text).toMatch(/最低限のガイドラインを遵守していない\s*→\s*最低限のガイドラインを遵守済/);
    expect(text).toContain("一般公開");
    expect(page.html).toMatch(/<textarea[^>]*name="reason"[^>]*required/);
  });
});

describe("the 改版理由", () => {
  it("is refused when missing, too long or holding control characters, and nothing is published", async () => {
    for (const reason of [undefined, "   ", "あ".repeat(1001), "理由\u0007"]) {
      const response = await publish(reason === undefined ? {} : { reason });
      expect(response.status, JSON.stringify(reason)).toBe(400);
      expect(visibleText(await response.text())).toMatch(/改版理由/);
    }
    expect(await latestVersion()).toBe(1);
  });

  it("is refused when another version was published since the page was shown", async () => {
    const response = await publish({ reason: "理由", version: "3" });
    expect(response.status).toBe(400);
    expect(visibleText(await response.text())).toContain("もう一度確認してください");
    expect(await latestVersion()).toBe(1);
  });

  it("is stored with the version and shown in the versions list, the diff, the JSON and the PDF", async () => {
    const reason = "<b>計画していた対策</b>をすべて実施しました。\r\n第三者点検を受けました。";
    const stored = reason.replace(/\r\n/g, "\n");
    const response = await publish({ reason, version: "2" });
    expect(response.status).toBe(200);
    const row = await app.db.selectFrom("disclosure_version").select(["change_reason", "content"]).where("disclosure_id", "=", disclosure).where("number", "=", 2).executeTakeFirstOrThrow();
    expect(row.change_reason).toBe(stored);
    // Version metadata, like the publish time: not part of the hashed content.
    expect(row.content).not.toContain("計画していた対策");

    const versions = await app.get(`/disclosures/${disclosure}/versions`);
    const versionsHtml = await versions.text();
    expect(versionsHtml).toContain("&lt;b&gt;計画していた対策&lt;/b&gt;をすべて実施しました。");
    expect(visibleText(versionsHtml)).toContain("改版理由");

    const diff = visibleText(await (await app.get(`/disclosures/${disclosure}/diff?from=1&to=2`)).text());
    expect(diff).toContain("第三者点検を受けました。");
    expect(diff).toContain("ガイドラインの遵守");
    expect(diff).toMatch(/最低限のガイドラインを遵守していない\s*→?\s*最低限のガイドラインを遵守済/);

    const v2 = (await (await app.get(`/disclosures/${disclosure}/v/2.json`)).json()) as { changeReason: string | null };
    expect(v2.changeReason).toBe(stored);
    const v1 = (await (await app.get(`/disclosures/${disclosure}/v/1.json`)).json()) as { changeReason: string | null };
    expect(v1.changeReason).toBeNull();

    const pdf = await app.get(`/disclosures/${disclosure}/v/2.pdf`);
    expect(pdf.status).toBe(200);
    const printed = pdfText(await pdf.arrayBuffer()).replace(/\s+/g, "");
    expect(printed).toContain("改版理由");
    expect(printed).toContain("第三者点検を受けました。");
  }, 60_000);

  it("cannot be changed afterwards: the trigger refuses an UPDATE", async () => {
    await expect(app.db.updateTable("disclosure_version").set({ change_reason: "書き換え" }).where("disclosure_id", "=", disclosure).where("number", "=", 2).execute()).rejects.toThrow();
    const row = await app.db.selectFrom("disclosure_version").select("change_reason").where("disclosure_id", "=", disclosure).where("number", "=", 2).executeTakeFirstOrThrow();
    expect(row.change_reason).toContain("第三者点検");
  });

  it("the confirmation page says when nothing changed since the last version", async () => {
    const page = await owner.text(confirmPath());
    expect(visibleText(page.html)).toContain("前の版から変更がありません");
    expect(page.html).not.toMatch(/name="intent" value="publish"/);
  });
});
