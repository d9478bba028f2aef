// 五十音順 (issue 19, item 5): organisations sort by their フリガナ with the legal form left out; the reading is asked
// for when an organisation is created and kept on its profile; the directory's 事業者名順 uses it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { nameSortKey, normalizeReading } from "../disclosures/name-order.js";
import { Client, STRONG_PASSWORD, visibleText } from "./helpers/client.js";
import { startApp } from "./helpers/http.js";
import { allImplemented, publishTiny, registerTinyTemplate, signUpVendor } from "./helpers/tiny-disclosure.js";

const collator = new Intl.Collator("ja");
const order = (orgs: [string, string | null][]) => [...orgs].sort((a, b) => collator.compare(nameSortKey(...a), nameSortKey(...b))).map(([name]) => name);

describe("the sort key", () => {
  it("orders by reading, wherever the legal form stands", () => {
    expect(
      order([
        ["株式会社ワタナベ医療", "カブシキガイシャワタナベイリョウ"],
        ["東都メディカル株式会社", "トウトメディカルカブシキガイシャ"],
        ["株式会社青葉システム", "カブシキカイシャアオバシステム"],
        ["医療法人社団 さくら会", "イリョウホウジンシャダン サクラカイ"],
      ]),
    ).toEqual(["株式会社青葉システム", "医療法人社団 さくら会", "東都メディカル株式会社", "株式会社ワタナベ医療"]);
  });

  it("without a reading, leaves the legal form out of the name (株式会社 no longer bunches everything together)", () => {
    expect(order([["株式会社ワイズ", null], ["アイ・ケア合同会社", null], ["(株)エムケイ", null]])).toEqual(["アイ・ケア合同会社", "(株)エムケイ", "株式会社ワイズ"]);
    expect(nameSortKey("株式会社", null)).toBe("株式会社");
  });

  it("takes a reading typed in hiragana or half-width katakana, and refuses one in kanji", () => {
    expect(normalizeReading("かぶしきがいしゃ　かいじ")).toBe("カブシキガイシャ カイジ");
    expect(normalizeReading("ｶｲｼﾞ")).toBe("カイジ");
    expect(normalizeReading("  ")).toBeNull();
    expect(normalizeReading("開示")).toBeUndefined();
    expect(normalizeReading("カイジ<script>")).toBeUndefined();
  });
});

describe("over HTTP", () => {
  let app: Awaited<ReturnType<typeof startApp>>;
  let client: Client;
  beforeAll(async () => {
    app = await startApp();
    client = new Client(app.base);
    await client.post("/signup", { email: "reading@vendor.example", displayName: "読み", password: STRONG_PASSWORD, confirm: STRONG_PASSWORD });
  });
  afterAll(async () => {
    await app?.close();
  });

  it("asks for the フリガナ when an organisation is created, refuses kanji, and keeps it on the profile", async () => {
    expect(visibleText((await client.text("/orgs")).html)).toContain("フリガナ");
    const refused = await client.post("/orgs", { name: "株式会社開示", reading: "開示", kind: "vendor" });
    expect(refused.status).toBe(400);
    expect(visibleText(await refused.text())).toContain("フリガナはカタカナで入力してください");
    const created = await client.post("/orgs", { name: "株式会社開示", reading: "かぶしきがいしゃかいじ", kind: "vendor" });
    const org = created.headers.get("location")!;
    const row = await app.db.selectFrom("organization").select("reading").where("id", "=", org.split("/").pop()!).executeTakeFirstOrThrow();
    expect(row.reading).toBe("カブシキガイシャカイジ");

    const profile = `${org}/profile`;
    expect((await client.text(profile)).html).toContain('value="カブシキガイシャカイジ"');
    const changed = await client.post(profile, { intent: "setReading", reading: "カイジ" });
    expect(visibleText(await changed.text())).toContain("フリガナを保存しました");
    const bad = await client.post(profile, { intent: "setReading", reading: "開示" });
    expect(bad.status).toBe(400);
    expect((await app.db.selectFrom("organization").select("reading").where("id", "=", org.split("/").pop()!).executeTakeFirstOrThrow()).reading).toBe("カイジ");
  });

  it("sorts the directory's 事業者名順 by reading, the legal form left out", async () => {
    await registerTinyTemplate(app.db);
    // By code point 「株式会社…」 would come after 「わ…」 and before nothing in between: by reading, ア・タ・ワ.
    for (const [name, reading, email] of [["株式会社ワタナベ医療", "カブシキガイシャワタナベイリョウ", "w@reading.example"], ["東都メディカル株式会社", "トウトメディカルカブシキガイシャ", "t@reading.example"], ["株式会社青葉システム", "カブシキガイシャアオバシステム", "a@reading.example"]]) {
      const vendor = await signUpVendor(app, email, name, reading);
      await publishTiny(app.db, vendor, { responses: allImplemented(name) });
    }
    const text = visibleText((await new Client(app.base).text("/directory?sort=name")).html);
    const at = (name: string) => text.indexOf(name);
    expect(at("株式会社青葉システム")).toBeGreaterThan(-1);
    expect(at("株式会社青葉システム")).toBeLessThan(at("東都メディカル株式会社"));
    expect(at("東都メディカル株式会社")).toBeLessThan(at("株式会社ワタナベ医療"));
  });

  // Issue 19, item 2: the directory's compact coverage bar, its numbers in its accessible name and beside it.
  it("shows a coverage bar per result whose name says its numbers", async () => {
    const html = (await new Client(app.base).text("/directory?sort=name")).html;
    const bars = [...html.matchAll(/<svg class="outcome-bar"[^>]*role="img"[^>]*aria-label="([^"]+)"/g)].map((m) => m[1]);
    expect(bars).toHaveLength(3);
    expect(bars[0]).toMatch(/^必須項目: 対応済 \d+、対応済でない \d+（計 \d+）$/);
    expect(html).toContain(`<title>${bars[0]}</title>`);
  });
});
