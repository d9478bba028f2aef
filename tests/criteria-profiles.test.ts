// Criteria profiles (評価基準) over HTTP: a hospital marks items of a template 必達 or 対象外 and
// weights them on one server-rendered form (all 504 HISPRO items); bad input is refused in
// Japanese and stores nothing. Roles: members read, editors and owners change; others get 404.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getCriteriaProfile } from "../app/models/criteria.server.js";
import { loadTemplateFile, walkItems } from "../disclosures/template-loader.js";
import { Client, STRONG_PASSWORD, visibleText } from "./helpers/client.js";
import { TEMPLATES_DIR } from "./helpers/db.js";
import { startApp } from "./helpers/http.js";

const hispro = loadTemplateFile(`${TEMPLATES_DIR}/hispro-checksheet@1.0.0.json`);
const items = [...walkItems(hispro)].map((e) => e.item);
const required = items.filter((i) => i.level === "required");
const recommended = items.filter((i) => i.level === "recommended");
const [ignoredItem, weightedItem] = required;
const mustItem = recommended[0];

let app: Awaited<ReturnType<typeof startApp>>;
type Name = "hospital" | "viewer" | "otherHospital" | "vendor";
const clients = {} as Record<Name, Client>;
const orgs = {} as Record<"hospital" | "otherHospital" | "vendor", string>;
let profileId: string;
let profilePath: string;

async function read(response: Response) {
  const html = (await response.text()).replace(/<!-- -->/g, "");
  const main = html.match(/<main[\s\S]*<\/main>/)?.[0] ?? "";
  return { status: response.status, location: response.headers.get("location"), html, main, text: visibleText(main) };
}
const page = async (who: Name, path: string) => read(await clients[who].get(path));
const send = async (who: Name, path: string, fields: Record<string, string>) => read(await clients[who].post(path, fields));

async function signUp(name: Name, kind: "vendor" | "hospital" | null) {
  const client = new Client(app.base);
  const email = `${name.toLowerCase()}@criteria.example`;
  expect((await client.post("/signup", { email, displayName: name, password: STRONG_PASSWORD, confirm: STRONG_PASSWORD })).status).toBe(302);
  clients[name] = client;
  if (kind) {
    const created = await client.post("/orgs", { name: `${name}の組織`, kind });
    orgs[name as keyof typeof orgs] = created.headers.get("location")!.split("/").pop()!;
  }
}

const stored = async () => app.db.selectFrom("criteria_profile").select(["items", "updated_at", "name"]).where("id", "=", profileId).executeTakeFirstOrThrow();
const selectedMode = (html: string, key: string) => html.match(new RegExp(`<select[^>]*name="mode:${key.replace(/\./g, "\\.")}"[^>]*>[\\s\\S]*?<option value="(\\w+)" selected`))?.[1];
const weightValue = (html: string, key: string) => html.match(new RegExp(`<input[^>]*name="weight:${key.replace(/\./g, "\\.")}"[^>]*>`))?.[0].match(/value="(\d+)"/)?.[1];

beforeAll(async () => {
  app = await startApp();
  await signUp("hospital", "hospital");
  await signUp("otherHospital", "hospital");
  await signUp("vendor", "vendor");
  await signUp("viewer", null);
  const invited = await send("hospital", `/orgs/${orgs.hospital}/members`, { intent: "invite", role: "viewer" });
  const link = invited.html.match(/id="invite-link"[^>]*value="([^"]+)"/)![1];
  expect((await clients.viewer.post(new URL(link).pathname, {})).status).toBe(302);
});
afterAll(() => app?.close());

describe("criteria profiles", () => {
  it("creates a profile for an existing template only", async () => {
    const unknown = await send("hospital", `/orgs/${orgs.hospital}/criteria`, { intent: "create", name: "基準", templateId: "no-such-template" });
    expect(unknown.status).toBe(400);
    expect(unknown.text).toContain("様式を選んでください");
    expect((await send("hospital", `/orgs/${orgs.hospital}/criteria`, { intent: "create", name: "", templateId: hispro.id })).status).toBe(400);
    expect(await app.db.selectFrom("criteria_profile").select("id").execute()).toEqual([]);

    const created = await send("hospital", `/orgs/${orgs.hospital}/criteria`, { intent: "create", name: "外部保存の選定基準", templateId: hispro.id });
    expect(created.status).toBe(302);
    profileId = created.location!.split("/").pop()!;
    profilePath = `/orgs/${orgs.hospital}/criteria/${profileId}`;
    expect(created.location).toBe(profilePath);
    const list = await page("hospital", `/orgs/${orgs.hospital}/criteria`);
    expect(list.text).toContain("外部保存の選定基準");
    expect(list.text).toContain(hispro.title);
  });

  it("renders every HISPRO item with a mode and a weight, as a plain form without scripts", async () => {
    const editor = await page("hospital", profilePath);
    expect(editor.status).toBe(200);
    expect(editor.html.match(/<select[^>]*name="mode:/g)).toHaveLength(items.length);
    expect(editor.html.match(/<input[^>]*name="weight:/g)).toHaveLength(items.length);
    expect(items.length).toBe(504);
    expect(editor.text).toContain(`必達 ${required.length}件（必須 ${required.length}件＋追加 0件）`);
    expect(editor.text).toContain("対象外 0件");
    expect(editor.text).toContain("必須");
    expect(editor.text).toContain("推奨");
    expect(editor.html).not.toMatch(/<script/i);
    expect(selectedMode(editor.html, ignoredItem.key)).toBe("standard");
    expect(weightValue(editor.html, weightedItem.key)).toBe("1");
  });

  it("stores 必達, 対象外 and a weight, and shows them on reload", async () => {
    const saved = await send("hospital", profilePath, { intent: "items", [`mode:${ignoredItem.key}`]: "ignore", [`mode:${mustItem.key}`]: "must", [`weight:${weightedItem.key}`]: "5" });
    expect(saved.status).toBe(302);
    expect(saved.location).toBe(`${profilePath}?saved=1`);
    const reloaded = await page("hospital", saved.location!);
    expect(reloaded.text).toContain("評価基準を保存しました");
    expect(selectedMode(reloaded.html, ignoredItem.key)).toBe("ignore");
    expect(selectedMode(reloaded.html, mustItem.key)).toBe("must");
    expect(selectedMode(reloaded.html, weightedItem.key)).toBe("standard");
    expect(weightValue(reloaded.html, weightedItem.key)).toBe("5");
    expect(reloaded.text).toContain(`必達 ${required.length}件（必須 ${required.length - 1}件＋追加 1件）`);
    expect(reloaded.text).toContain("対象外 1件");
    expect(JSON.parse((await stored()).items)).toEqual({ [ignoredItem.key]: { mode: "ignore" }, [weightedItem.key]: { weight: 5 }, [mustItem.key]: { mode: "must" } });
    expect(await getCriteriaProfile(app.db, orgs.hospital, profileId)).toEqual({
      id: profileId,
      name: "外部保存の選定基準",
      templateId: hispro.id,
      items: { [ignoredItem.key]: { mode: "ignore" }, [weightedItem.key]: { weight: 5 }, [mustItem.key]: { mode: "must" } },
    });
    expect(await getCriteriaProfile(app.db, orgs.otherHospital, profileId)).toBeUndefined();
  });

  it("takes the whole 504-item form back unchanged", async () => {
    const before = await stored();
    const html = (await page("hospital", profilePath)).html;
    const fields: Record<string, string> = { intent: "items" };
    for (const item of items) {
      fields[`mode:${item.key}`] = selectedMode(html, item.key)!;
      fields[`weight:${item.key}`] = weightValue(html, item.key)!;
    }
    const saved = await send("hospital", profilePath, fields);
    expect(saved.status).toBe(302);
    expect((await stored()).items).toBe(before.items);
  });

  it("refuses an unknown item, a weight of 11 or a bad mode in Japanese, storing nothing", async () => {
    const before = await stored();
    const cases: [Record<string, string>, string][] = [
      [{ "mode:9.9.9.9": "must" }, "様式にない項目が指定されました（9.9.9.9）"],
      [{ [`weight:${weightedItem.key}`]: "11" }, "重みは0〜10の整数で入力してください"],
      [{ [`weight:${weightedItem.key}`]: "2.5" }, "重みは0〜10の整数で入力してください"],
      [{ [`weight:${weightedItem.key}`]: "-1" }, "重みは0〜10の整数で入力してください"],
      [{ [`mode:${mustItem.key}`]: "required" }, "「標準」「必達」「対象外とする」から選んでください"],
      [{ "mode:<script>": "must" }, "様式にない項目が指定されました"],
    ];
    for (const [fields, message] of cases) {
      // A valid change alongside the bad one is not stored either.
      const refused = await send("hospital", profilePath, { intent: "items", [`mode:${required[5].key}`]: "ignore", ...fields });
      expect(refused.status, JSON.stringify(fields)).toBe(400);
      expect(refused.text).toContain(message);
      expect(refused.html).not.toContain("<script>");
      expect(await stored()).toEqual(before);
    }
    // The refused choices come back on the form, so nothing selected is lost.
    const refused = await send("hospital", profilePath, { intent: "items", [`mode:${required[5].key}`]: "ignore", [`weight:${weightedItem.key}`]: "11" });
    expect(selectedMode(refused.html, required[5].key)).toBe("ignore");
    expect(weightValue(refused.html, weightedItem.key)).toBe("11");
  });

  it("returns an item to 標準 and the default weight", async () => {
    const saved = await send("hospital", profilePath, { intent: "items", [`mode:${ignoredItem.key}`]: "standard", [`weight:${weightedItem.key}`]: "1" });
    expect(saved.status).toBe(302);
    expect(JSON.parse((await stored()).items)).toEqual({ [mustItem.key]: { mode: "must" } });
  });

  it("lets a viewer read but not change; other organisations and vendors get 404", async () => {
    const before = await stored();
    const read = await page("viewer", profilePath);
    expect(read.status).toBe(200);
    expect(read.html).not.toMatch(/<select[^>]*name="mode:/);
    expect(read.text).toContain("必達");
    expect((await page("viewer", `/orgs/${orgs.hospital}/criteria`)).status).toBe(200);
    expect((await send("viewer", profilePath, { intent: "items", [`mode:${ignoredItem.key}`]: "ignore" })).status).toBe(403);
    expect((await send("viewer", profilePath, { intent: "rename", name: "閲覧者" })).status).toBe(403);
    expect((await send("viewer", `/orgs/${orgs.hospital}/criteria`, { intent: "create", name: "閲覧者", templateId: hispro.id })).status).toBe(403);
    expect(await stored()).toEqual(before);

    for (const path of [`/orgs/${orgs.hospital}/criteria`, profilePath]) {
      expect((await page("otherHospital", path)).status).toBe(404);
      expect((await send("otherHospital", path, { intent: "items" })).status).toBe(404);
    }
    expect((await page("otherHospital", `/orgs/${orgs.otherHospital}/criteria/${profileId}`)).status).toBe(404);
    const vendor = await page("vendor", `/orgs/${orgs.vendor}/criteria`);
    expect(vendor.status).toBe(404);
    expect(vendor.text).toContain("評価基準は医療機関の組織で使えます");
  });

  it("renames and deletes (confirmed), auditing each change", async () => {
    expect((await send("hospital", profilePath, { intent: "rename", name: "外部保存 2027" })).status).toBe(200);
    expect((await stored()).name).toBe("外部保存 2027");
    expect((await send("hospital", profilePath, { intent: "delete" })).status).toBe(400);
    const deleted = await send("hospital", profilePath, { intent: "delete", confirm: "yes" });
    expect(deleted.status).toBe(302);
    expect(deleted.location).toBe(`/orgs/${orgs.hospital}/criteria`);
    expect((await page("hospital", profilePath)).status).toBe(404);
    const log = await app.db.selectFrom("audit_log").select("action").where("organization_id", "=", orgs.hospital).where("action", "like", "criteria.%").orderBy("id").execute();
    expect(log.map((r) => r.action)).toEqual(["criteria.created", "criteria.updated", "criteria.updated", "criteria.updated", "criteria.deleted"]);
    const audit = await page("hospital", `/orgs/${orgs.hospital}/audit`);
    expect(audit.text).toContain("評価基準の変更");
    expect(audit.text).toContain("必達: 430件");
  });
});
