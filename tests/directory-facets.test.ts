// The directory's promise about its facet counts: the number beside an option is the number of results a reader
// gets by choosing it (with the other filters as they are). Checked over the benchmark seed's 60 vendors × 5 forms,
// for an anonymous reader (public entries and locked 申請制 ones) and an administrator (everything listed), under
// several queries — whatever way searchDirectory computes its counts.
import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { syncBuiltinTemplates } from "../app/models/template.server.js";
import { parseDirectoryQuery, type DirectoryQuery } from "../app/models/directory.js";
import { searchDirectory } from "../app/models/directory.server.js";
import type { Reader } from "../app/models/disclosure.server.js";
import type { Database } from "../db/schema.js";
import { seedDirectoryBench } from "../db/directory-seed.js";
import { freshDatabase, TEMPLATES_DIR } from "./helpers/db.js";

const now = Date.parse("2026-11-20T12:00:00+09:00");
const admin: Reader = { userId: "no-such-user", isAdmin: true };

describe("directory facet counts", () => {
  let db: Kysely<Database>;
  const search = (reader: Reader, query: DirectoryQuery) => searchDirectory(db, reader, query, { now });

  beforeAll(async () => {
    db = freshDatabase().db;
    await syncBuiltinTemplates(db, TEMPLATES_DIR);
    await seedDirectoryBench(db, { vendors: 60, seed: 3, now, validateEvery: 0 });
  });
  afterAll(() => db.destroy());

  const queries = ["", "cert=isms", "cert=isms&storage=jp-only", "template=hispro-checksheet&coverage=90", "kind=cloud&months=12&verified=1", `q=${encodeURIComponent("暗号化")}`, `q=${encodeURIComponent("メディカル")}&storage=jp-only`, "coverage=all&cert=pmark&cert=isms"];

  for (const [who, reader] of [["anonymous", null], ["administrator", admin]] as const) {
    it(`gives, beside every option, the number of results choosing it gives (${who})`, async () => {
      let checked = 0;
      for (const qs of queries) {
        const query = parseDirectoryQuery(new URLSearchParams(qs));
        const { facets, total } = await search(reader, query);
        const totalWith = async (change: Partial<DirectoryQuery>) => (await search(reader, { ...query, ...change })).total;
        const expectCount = async (option: string, count: number, change: Partial<DirectoryQuery>) => {
          expect({ qs, option, count }).toEqual({ qs, option, count: await totalWith(change) });
          checked++;
        };
        for (const o of facets.template) await expectCount(`template ${o.value}`, o.count, { template: o.value });
        for (const o of facets.kind) await expectCount(`kind ${o.value}`, o.count, { kind: o.value as DirectoryQuery["kind"] });
        for (const o of facets.cert) await expectCount(`cert ${o.value}`, o.count, { certs: [o.value as DirectoryQuery["certs"][number]] });
        for (const o of facets.storage) await expectCount(`storage ${o.value}`, o.count, { storage: o.value });
        await expectCount("verified", facets.verified, { verified: true });
        for (const o of facets.coverage) await expectCount(`coverage ${o.value}`, o.count, { coverage: o.value as DirectoryQuery["coverage"] });
        for (const o of facets.rule) await expectCount(`rule ${o.value}`, o.count, { rule: o.value });
        for (const o of facets.months) await expectCount(`months ${o.value}`, o.count, { months: Number(o.value) as DirectoryQuery["months"] });
        // The options' own filter off: the total the page states.
        expect(total).toBe(await totalWith({}));
      }
      expect(checked).toBeGreaterThan(queries.length * 20);
    });
  }

  it("lists locked 申請制 entries to an anonymous reader and counts them like the rest, but never under a rule or coverage filter", async () => {
    const all = await search(null, parseDirectoryQuery(new URLSearchParams("")));
    const everything = await search(admin, parseDirectoryQuery(new URLSearchParams("")));
    // Anonymous: public and locked request-only entries; the administrator also sees hospitals-only ones.
    expect(all.total).toBeGreaterThan(0);
    expect(everything.total).toBeGreaterThan(all.total);
    const locked = (await search(null, { ...parseDirectoryQuery(new URLSearchParams("")), page: 1 })).entries.filter((e) => e.locked);
    const lockedTotal = await countLocked(null, "");
    expect(lockedTotal).toBeGreaterThan(0);
    expect(locked.every((e) => e.required.applicable === 0 && e.release === null)).toBe(true);
    expect(await countLocked(null, "coverage=90")).toBe(0);
  });

  /** Locked entries over every page of a query. */
  async function countLocked(reader: Reader, qs: string): Promise<number> {
    const query = parseDirectoryQuery(new URLSearchParams(qs));
    const first = await search(reader, query);
    let n = 0;
    for (let page = 1; page <= first.pageCount; page++) n += (await search(reader, { ...query, page })).entries.filter((e) => e.locked).length;
    return n;
  }
});
