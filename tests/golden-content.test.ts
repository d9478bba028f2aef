// The bytes a published version is: the canonical JSON of its content (template id, template version,
// responses, keys sorted, blanks dropped, parts that no longer apply removed) and its SHA-256. Anyone who
// downloads a version recomputes the hash from these bytes, so they are fixed here as literals: a change to
// what is hashed must be a deliberate change of this file, never a side effect.
import { writeFileSync } from "node:fs";
import path from "node:path";
import type { Kysely } from "kysely";
import { beforeEach, describe, expect, it } from "vitest";
import {
  createDisclosure,
  getDisclosure,
  getVersion,
  getVersionMeta,
  listVersions,
  NothingToPublishError,
  publish,
  publishPreview,
  PublishValidationError,
  saveDraft,
  setWithdrawn,
  StalePublishError,
} from "../app/models/disclosure.server.js";
import { syncBuiltinTemplates } from "../app/models/template.server.js";
import type { Database } from "../db/schema.js";
import {
  canonicalContent,
  coherentContent,
  contentHash,
  evidenceSchema,
  normalizeContent,
  normalizeResponse,
  responseSchema,
  unknownKeys,
  type DisclosureContent,
} from "../disclosures/disclosure-content.js";
import { freshDatabase, tempDir } from "./helpers/db.js";
import { tinyTemplate } from "./helpers/template-fixture.js";

const template = tinyTemplate();

/** What the vendor typed, with the leftovers an editor accumulates: blank notes, an empty evidence row, a 実施時期 kept from 実施予定… */
const typed = (): DisclosureContent => ({
  templateId: "tiny",
  templateVersion: "1.0.0",
  responses: {
    name: { value: "テスト医療クラウド株式会社", note: "  " },
    c1: { value: { status: "planned", month: "2027-03" }, evidence: [{ name: "方針文書", url: "https://example.jp/policy" }, { name: " ", url: "" }] },
    c2: { value: { status: "notApplicable", reason: "該当する業務がない" }, note: "外部委託なし" },
  },
});

// Written by hand from the rules (keys sorted at every depth, no whitespace), not produced by the code.
const GOLDEN =
  '{"responses":{' +
  '"c1":{"evidence":[{"name":"方針文書","url":"https://example.jp/policy"}],"value":{"month":"2027-03","status":"planned"}},' +
  '"c2":{"note":"外部委託なし","value":{"reason":"該当する業務がない","status":"notApplicable"}},' +
  '"name":{"value":"テスト医療クラウド株式会社"}},' +
  '"templateId":"tiny","templateVersion":"1.0.0"}';
// `printf '%s' "$GOLDEN" | sha256sum`
const GOLDEN_HASH = "39384444bd7269960a393f15927b7782b0133028de5df410138da4fa046e761f";
const EMPTY_HASH = "1157437b5aa7e9e31d60b6c699844878ab867f10a3848211239aba31ac68f889";

describe("the canonical content of a disclosure", () => {
  it("is exactly the golden bytes: template id and version, the responses said, keys sorted", () => {
    expect(canonicalContent(typed())).toBe(GOLDEN);
    expect(contentHash(typed())).toBe(GOLDEN_HASH);
  });

  it("names the template version: the same answers on another edition hash differently", () => {
    const other = { ...typed(), templateVersion: "1.1.0" };
    expect(canonicalContent(other)).toBe(GOLDEN.replace('"templateVersion":"1.0.0"', '"templateVersion":"1.1.0"'));
    expect(contentHash(other)).not.toBe(GOLDEN_HASH);
    expect(contentHash({ ...typed(), templateId: "tiny2" })).not.toBe(GOLDEN_HASH);
  });

  it("has one representation for nothing said", () => {
    const empty = { templateId: "tiny", templateVersion: "1.0.0", responses: { name: { value: "", note: " \n", evidence: [{ name: "  " }] }, c1: {}, c2: { value: null as never } } };
    expect(canonicalContent(empty)).toBe('{"responses":{},"templateId":"tiny","templateVersion":"1.0.0"}');
    expect(contentHash(empty)).toBe(EMPTY_HASH);
  });

  it("drops only what is blank: 0, a name-only or URL-only evidence row and an unpadded note stay as typed", () => {
    expect(normalizeResponse({ value: 0 })).toEqual({ value: 0 });
    expect(normalizeResponse({ note: " 備考 " })).toEqual({ note: " 備考 " });
    expect(normalizeResponse({ evidence: [{ name: "規程", url: " " }, { name: "", url: "https://example.jp/a" }, { name: " ", url: "" }] })).toEqual({
      evidence: [{ name: "規程" }, { url: "https://example.jp/a" }],
    });
    expect(normalizeResponse({ value: "", note: "", evidence: [] })).toBeUndefined();
    // The key order of the stored object is the canonical one, whatever the input order.
    expect(Object.keys(normalizeContent({ responses: {}, templateVersion: "1.0.0", templateId: "tiny" } as DisclosureContent))).toEqual(["templateId", "templateVersion", "responses"]);
  });
});

describe("what a version may hold", () => {
  it("keeps only what still applies to each answer, and leaves responses it cannot judge alone", () => {
    const draft: DisclosureContent = {
      templateId: "tiny",
      templateVersion: "1.0.0",
      responses: {
        c1: { value: { status: "implemented", month: "2027-03" }, note: "完了" },
        c2: { note: "値なし" },
        gone: { value: { status: "implemented", month: "2027-03" } },
      },
    };
    expect(coherentContent(template, draft)).toEqual({
      templateId: "tiny",
      templateVersion: "1.0.0",
      responses: { c1: { value: { status: "implemented" }, note: "完了" }, c2: { note: "値なし" }, gone: { value: { status: "implemented", month: "2027-03" } } },
    });
    expect(unknownKeys(template, draft)).toEqual(["gone"]);
    expect(unknownKeys(template, typed())).toEqual([]);
  });

  it("checks a response's value by the item, the note's length and the evidence rows", () => {
    const c1 = template.sections[1].items![0];
    const issues = (response: unknown) => (responseSchema(c1, template).safeParse(response).error?.issues ?? []).map((i) => i.message);
    expect(issues({ value: { status: "implemented" }, note: "備考", evidence: [{ name: "規程" }] })).toEqual([]);
    expect(issues({ note: "x".repeat(5001) })).toEqual(["5000文字以内で入力してください"]);
    expect(issues({ evidence: Array.from({ length: 21 }, () => ({ name: "規程" })) })).toEqual(["根拠資料は20件までです"]);
    expect(issues({ value: { status: "implemented" }, extra: 1 })).toHaveLength(1);
    // Derived items take notes and evidence, never a value.
    const derived = template.sections[0].items![1];
    expect(responseSchema(derived, template).safeParse({ note: "別添のとおり" }).success).toBe(true);
    expect(responseSchema(derived, template).safeParse({ value: "遵守済" }).success).toBe(false);
    const evidence = (row: unknown) => (evidenceSchema.safeParse(row).error?.issues ?? []).map((i) => i.message);
    expect(evidence({ name: " ", url: undefined })).toEqual(["資料名かURLを入力してください"]);
    expect(evidence({ url: "javascript:alert(1)" })).toEqual(["根拠資料のURLは http または https にしてください"]);
    expect(evidence({ url: "https://example.jp/a" })).toEqual([]);
    expect(evidence({ name: "規程\u0001" })).toEqual(["制御文字は使えません"]);
  });
});

describe("publishing stores the golden bytes", () => {
  const meta = { ip: "127.0.0.1", userAgent: "test" };
  const editor = { userId: "u-editor", email: "editor@example.jp" };
  let db: Kysely<Database>;

  beforeEach(async () => {
    db = freshDatabase().db;
    const dir = tempDir("kaiji-golden-");
    writeFileSync(path.join(dir, "tiny@1.0.0.json"), JSON.stringify(template));
    await syncBuiltinTemplates(db, dir);
    const now = Date.UTC(2026, 0, 1);
    await db.insertInto("user").values({ id: editor.userId, email: editor.email, display_name: "編集者", password_hash: "x", created_at: now, password_changed_at: now, is_admin: 0 }).execute();
    await db.insertInto("organization").values({ id: "o-vendor", name: "テスト医療クラウド株式会社", kind: "vendor", created_at: now, verified_at: now }).execute();
    await db.insertInto("membership").values({ organization_id: "o-vendor", user_id: editor.userId, role: "editor", created_at: now }).execute();
  });

  async function draftDisclosure() {
    const id = await createDisclosure(db, editor, "o-vendor", { templateId: "tiny", templateVersion: "1.0.0", serviceId: null, visibility: "public" }, meta);
    const disclosure = (await getDisclosure(db, "o-vendor", id))!;
    // Incoherent leftovers: a reason kept from 対象外 on 実施予定, a 実施時期 kept from 実施予定 on 対象外.
    const responses = typed().responses;
    const changes = [
      { key: "name", response: responses.name },
      { key: "c1", response: { ...responses.c1, value: { status: "planned", month: "2027-03", reason: "以前の理由" } } },
      { key: "c2", response: { ...responses.c2, value: { status: "notApplicable", reason: "該当する業務がない", month: "2026-01" } } },
    ].map((c) => ({ ...c, baseRevision: 0 }));
    await saveDraft(db, editor, disclosure, changes, meta);
    return disclosure;
  }

  it("stores the canonical, coherent content, its hash and the version's facts", async () => {
    const disclosure = await draftDisclosure();
    const at = Date.UTC(2026, 10, 1, 3);
    const result = await publish(db, editor, disclosure, template, meta, at, { changeReason: "初版" });
    expect(result).toEqual({ number: 1, contentHash: GOLDEN_HASH });
    const version = (await getVersion(db, disclosure.id, 1))!;
    expect(version).toMatchObject({ number: 1, template_id: "tiny", template_version: "1.0.0", content: GOLDEN, content_hash: GOLDEN_HASH, published_at: at, change_reason: "初版" });
    expect(version.parsed).toEqual(JSON.parse(GOLDEN));
    expect(await getVersionMeta(db, disclosure.id, 1)).toEqual({ number: 1, template_id: "tiny", template_version: "1.0.0", content_hash: GOLDEN_HASH, published_at: at, change_reason: "初版" });
    expect(await getVersionMeta(db, disclosure.id, 2)).toBeUndefined();
    const row = await db.selectFrom("disclosure_version").select("published_by").executeTakeFirstOrThrow();
    expect(row.published_by).toBe(editor.userId);
    expect((await getDisclosure(db, "o-vendor", disclosure.id))!.latest_version).toBe(1);
  });

  it("records the directory's numbers and an audit entry naming the hash", async () => {
    const disclosure = await draftDisclosure();
    const at = Date.UTC(2026, 10, 1);
    await publish(db, editor, disclosure, template, meta, at);
    // name answered (y), the derived 遵守 (d), c1 実施予定 (p), c2 対象外 (n).
    expect(await db.selectFrom("version_summary").selectAll().execute()).toEqual([
      {
        disclosure_id: disclosure.id,
        number: 1,
        published_at: at,
        required_applicable: 1,
        required_met: 0,
        recommended_applicable: 0,
        recommended_met: 0,
        planned: 1,
        unmet: 0,
        not_applicable: 1,
        unanswered: 0,
        outcomes: "ydpn",
        release: null,
      },
    ]);
    const entry = await db.selectFrom("audit_log").select(["actor_user_id", "organization_id", "target", "detail"]).where("action", "=", "disclosure.published").executeTakeFirstOrThrow();
    expect(entry).toEqual({ actor_user_id: editor.userId, organization_id: "o-vendor", target: disclosure.id, detail: JSON.stringify({ version: 1, sha256: GOLDEN_HASH, reason: false }) });
    expect((await listVersions(db, disclosure.id))).toEqual([{ number: 1, published_at: at, content_hash: GOLDEN_HASH, change_reason: null }]);
  });

  it("refuses to publish the same content twice, and a version other than the one reviewed", async () => {
    const disclosure = await draftDisclosure();
    await publish(db, editor, disclosure, template, meta, Date.UTC(2026, 10, 1));
    const same = await publish(db, editor, disclosure, template, meta).catch((e: unknown) => e);
    expect(same).toBeInstanceOf(NothingToPublishError);
    expect((same as Error).message).toBe("前の版から変更がありません");

    await saveDraft(db, editor, disclosure, [{ key: "c1", baseRevision: 1, response: { value: { status: "implemented", month: "2027-03" } } }], meta);
    // The publisher reviewed 第1版's publish page (expecting to publish 1), but 第1版 exists now.
    const stale = await publish(db, editor, disclosure, template, meta, Date.UTC(2026, 10, 2), { expectedNumber: 1 }).catch((e: unknown) => e);
    expect(stale).toBeInstanceOf(StalePublishError);
    expect(stale).toMatchObject({ latest: 1, message: "確認した後に公開の状況が変わりました（最新は第1版）。公開する内容をもう一度確認してください" });
    expect((await listVersions(db, disclosure.id)).map((v) => v.number)).toEqual([1]);

    const second = await publish(db, editor, disclosure, template, meta, Date.UTC(2026, 10, 2), { expectedNumber: 2, changeReason: "実施済になった" });
    expect(second.number).toBe(2);
    // 実施済 drops the 実施時期 left from 実施予定.
    expect(JSON.parse((await getVersion(db, disclosure.id, 2))!.content).responses.c1.value).toEqual({ status: "implemented" });
    expect((await listVersions(db, disclosure.id)).map((v) => [v.number, v.change_reason])).toEqual([
      [2, "実施済になった"],
      [1, null],
    ]);
  });

  it("lifts a withdrawal, and refuses what validation refuses", async () => {
    const disclosure = await draftDisclosure();
    await publish(db, editor, disclosure, template, meta);
    await setWithdrawn(db, editor, disclosure, true, meta);
    expect((await getDisclosure(db, "o-vendor", disclosure.id))!.withdrawn_at).not.toBeNull();
    await saveDraft(db, editor, disclosure, [{ key: "name", baseRevision: 1, response: { value: "改称後の社名" } }], meta);
    await publish(db, editor, disclosure, template, meta);
    expect((await getDisclosure(db, "o-vendor", disclosure.id))!.withdrawn_at).toBeNull();

    await saveDraft(db, editor, disclosure, [{ key: "name", baseRevision: 2, response: null }], meta);
    const error = await publish(db, editor, disclosure, template, meta).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PublishValidationError);
    expect((error as PublishValidationError).message).toBe("1 item(s) prevent publishing");
    expect((error as PublishValidationError).problems).toEqual([{ key: "name", text: "機関名", sectionTitle: "基本情報", kind: "missing", message: "必須項目が未回答です" }]);
  });

  it("previews what it would publish, against the latest version", async () => {
    const disclosure = await draftDisclosure();
    const first = await publishPreview(db, { ...disclosure, latest_version: 0 }, template);
    expect(first).toMatchObject({ number: 1, problems: [], unchanged: false, changes: [], answered: 3, itemCount: 3 });
    await publish(db, editor, disclosure, template, meta);
    const again = await publishPreview(db, { ...disclosure, latest_version: 1 }, template);
    // Unchanged although the draft still holds the leftovers: the preview takes the draft as publishing does.
    expect(again).toMatchObject({ number: 2, unchanged: true, changes: [], counts: { added: 0, removed: 0, changed: 0 } });
  });
});
