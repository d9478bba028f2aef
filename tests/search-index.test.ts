// The directory's full-text index on whichever engine the run uses (FTS5 on SQLite, tsvectors on PostgreSQL): the
// same disclosures for the same queries, also in texts too long for one tsvector (db/search-index.ts, DECISIONS 46).
import { beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../app/models/account.server.js";
import { createDisclosure } from "../app/models/disclosure.server.js";
import { createOrganization } from "../app/models/organization.server.js";
import { searchDisclosures, writeSearchRow } from "../db/search-index.js";
import { freshDatabase, testEngine } from "./helpers/db.js";
import { registerTinyTemplate } from "./helpers/tiny-disclosure.js";

const { db } = freshDatabase();
const meta = { ip: "127.0.0.1", userAgent: "test" };
const ids: Record<string, string> = {};

/** `runs` × 「あいうえお」: 4 bigram tokens each, none of them in the queries below. */
const filler = (runs: number) => Array.from({ length: runs }, () => "あいうえお").join(" ");

async function indexed(name: string, text: string) {
  const userId = await createUser(db, { email: `${name}@search.example.jp`, displayName: name, password: "correct horse battery staple 1" });
  const actor = { userId, email: `${name}@search.example.jp` };
  const org = await createOrganization(db, actor, { name, kind: "vendor" }, meta);
  ids[name] = await createDisclosure(db, actor, org, { templateId: "tiny", templateVersion: "1.0.0", serviceId: null, visibility: "public" }, meta);
  const row = await db.insertInto("search_document").values({ disclosure_id: ids[name] }).returning("id").executeTakeFirstOrThrow();
  await writeSearchRow(db, row.id, text);
}

const found = async (query: string) => {
  const set = await searchDisclosures(db, query);
  return set === undefined ? undefined : Object.keys(ids).filter((name) => set.has(ids[name])).sort();
};

beforeAll(async () => {
  await registerTinyTemplate(db);
  await indexed("short", "通信を暗号化しています。Backup daily。アクセス・ログ");
  await indexed("split", "暗号 と 化学");
  // Over 16,000 tokens: on PostgreSQL parts of 16,000 overlapping by 256. 「暗号化」 straddles the first part's end
  // (「暗号」 is token 16,000, 「号化」 16,001), 「監査」 is only in the last part, and 「backup」 only at the start.
  await indexed("long", `backup ${filler(3_998)} あいうえおか暗号化 ${filler(6_000)} 監査ログ`);
}, 60_000);

describe(`full-text search on ${testEngine}`, () => {
  it("matches a Japanese phrase as a whole, not its characters apart", async () => {
    expect(await found("暗号化")).toEqual(["long", "short"]);
    expect(await found("号化")).toEqual(["long", "short"]);
    expect(await found("化学")).toEqual(["split"]);
  });

  it("needs every term, wherever each is in a long text", async () => {
    expect(await found("暗号化 監査")).toEqual(["long"]);
    expect(await found("backup 監査ログ")).toEqual(["long"]);
    expect(await found("暗号化 化学")).toEqual([]);
  });

  it("treats a word and a single character as prefixes, case-folded", async () => {
    expect(await found("BACK")).toEqual(["long", "short"]);
    expect(await found("暗")).toEqual(["long", "short", "split"]);
    expect(await found("daily")).toEqual(["short"]);
    expect(await found("dail")).toEqual(["short"]);
    expect(await found("aily")).toEqual([]);
  });

  it("splits at 「・」 as FTS5 does, and finds nothing for what has no token", async () => {
    expect(await found("アクセス・ログ")).toEqual(["short"]);
    expect(await found("ス・ロ")).toEqual(["short"]);
    expect(await found("！？")).toBeUndefined();
  });

  it("takes quotes, operators and backslashes in a query as text", async () => {
    expect(await found(`"暗号化" OR NEAR(x) \\' *`)).toEqual([]);
    expect(await found(`暗号化'`)).toEqual(["long", "short"]);
  });
});
