import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { audit, describeDetail, listAudit } from "../app/models/audit.server.js";
import { freshDatabase } from "./helpers/db.js";

describe("audit log", () => {
  it("refuses detail keys that look like secrets, and writes nothing then", async () => {
    const { db } = freshDatabase();
    for (const key of ["password", "totpCode", "token", "session_id", "recovery_code_hash"]) {
      await expect(audit(db, { action: "auth.sign_in", actor: { userId: null, email: null }, detail: { [key]: "x" } })).rejects.toThrow(/looks like a secret/);
    }
    expect(await listAudit(db, {})).toEqual([]);
    await db.destroy();
  });

  it("is append-only in the database", async () => {
    const { db } = freshDatabase();
    await audit(db, { action: "auth.sign_in", actor: { userId: null, email: "a@example.jp" }, meta: { ip: "127.0.0.1", userAgent: "test" } });
    await expect(sql`update audit_log set action = 'x'`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log`.execute(db)).rejects.toThrow(/append-only/);
    expect((await listAudit(db, {}))[0]).toMatchObject({ action: "auth.sign_in", actionLabel: "サインイン", actorEmail: "a@example.jp", ip: "127.0.0.1" });
    await db.destroy();
  });

  it("describes details in words", () => {
    expect(describeDetail(JSON.stringify({ from: "owner", to: "viewer" }))).toBe("役割: オーナー → 閲覧者");
    expect(describeDetail(JSON.stringify({ role: "editor", invitation: "ba5f630f-121a-4dd6" }))).toBe("役割: 編集者、招待ID: ba5f630f");
    expect(describeDetail(JSON.stringify({ failures: 3 }))).toBe("連続失敗: 3回");
    expect(describeDetail(JSON.stringify({ reason: "locked" }))).toBe("理由: ロック中");
    expect(describeDetail(JSON.stringify({ service: "s1", kind: "cloud" }))).toBe("種別: クラウドサービス（ASP・SaaS）");
    expect(describeDetail(JSON.stringify({ field: "storage_location", change: "added", country: "JP", region: "東京" }))).toBe("追加、国: 日本（東京）");
    expect(describeDetail("not json")).toBe("not json");
    expect(describeDetail(null)).toBeNull();
  });
});
