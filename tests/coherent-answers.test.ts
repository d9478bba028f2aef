// What is stored and published never says more than the answer: 実施時期 only with 実施予定, a reason only
// with 対象外, an option's free text only when the option is chosen — enforced by the server.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadTemplateFile, walkItems } from "../disclosures/template-loader.js";
import { Client, STRONG_PASSWORD } from "./helpers/client.js";
import { TEMPLATES_DIR } from "./helpers/db.js";
import { startApp } from "./helpers/http.js";

let app: Awaited<ReturnType<typeof startApp>>;
let vendor: Client;
let org = "";
let disclosure = "";
const keys = [...walkItems(loadTemplateFile(path.join(TEMPLATES_DIR, "minimum-guideline-checklist@1.0.0.json")))].map((e) => e.item.key);

const stored = async (key: string) => {
  const row = await app.db.selectFrom("draft_response").select(["response", "revision"]).where("disclosure_id", "=", disclosure).where("item_key", "=", key).executeTakeFirstOrThrow();
  return { response: JSON.parse(row.response!), revision: row.revision };
};

beforeAll(async () => {
  app = await startApp();
  vendor = new Client(app.base);
  await vendor.post("/signup", { email: "coherent@vendor.example", displayName: "整合", password: STRONG_PASSWORD, confirm: STRONG_PASSWORD });
  org = (await vendor.post("/orgs", { name: "整合株式会社", kind: "vendor" })).headers.get("location")!;
  disclosure = (await vendor.post(`${org}/disclosures`, { template: "minimum-guideline-checklist@1.0.0", visibility: "public" })).headers.get("location")!.split("/").at(-2)!;
});
afterAll(() => app?.close());

describe("coherent answers", () => {
  it("drops a 実施時期 left from 実施予定, and a reason left from 対象外, when the draft is saved", async () => {
    const save = (changes: unknown[]) => vendor.postJson(`${org}/disclosures/${disclosure}/draft`, { changes });
    expect((await save([{ key: keys[0], baseRevision: 0, response: { value: { status: "planned", month: "2027-03" } } }])).status).toBe(200);
    expect((await stored(keys[0])).response).toEqual({ value: { status: "planned", month: "2027-03" } });
    // 実施予定 → 実施済: the form still sends the month it showed before.
    expect((await save([{ key: keys[0], baseRevision: 1, response: { value: { status: "implemented", month: "2027-03" } } }])).status).toBe(200);
    expect((await stored(keys[0])).response).toEqual({ value: { status: "implemented" } });
    expect((await save([{ key: keys[1], baseRevision: 0, response: { value: { status: "planned", month: "2027-04", reason: "以前の理由" }, note: "備考は残る" } }])).status).toBe(200);
    expect((await stored(keys[1])).response).toEqual({ value: { status: "planned", month: "2027-04" }, note: "備考は残る" });
  });

  it("publishes coherent content even from a draft stored before the rule", async () => {
    const user = (await app.db.selectFrom("user").select("id").where("email", "=", "coherent@vendor.example").executeTakeFirstOrThrow()).id;
    const rest = keys.slice(2).map((key) => ({ key, baseRevision: 0, response: { value: { status: "implemented" } } }));
    expect((await vendor.postJson(`${org}/disclosures/${disclosure}/draft`, { changes: rest })).status).toBe(200);
    // An old row that says 実施済 with a 実施時期 and a reason, as the editor used to store it.
    await app.db
      .updateTable("draft_response")
      .set({ response: JSON.stringify({ value: { status: "implemented", month: "2027-03", reason: "古い理由" } }), updated_by: user })
      .where("disclosure_id", "=", disclosure)
      .where("item_key", "=", keys[2])
      .execute();
    expect((await vendor.post(`${org}/disclosures/${disclosure}`, { intent: "publish" })).status).toBe(200);
    const json = (await (await app.get(`/disclosures/${disclosure}/v/1.json`)).json()) as { content: { responses: Record<string, { value: unknown }> } };
    expect(json.content.responses[keys[2]].value).toEqual({ status: "implemented" });
    expect(json.content.responses[keys[0]].value).toEqual({ status: "implemented" });
    const page = await (await app.get(`/disclosures/${disclosure}/v/1`)).text();
    expect(page).not.toContain("2027年3月");
    expect(page).not.toContain("古い理由");
  });
});
