// Seed 003's 別添 「最低限のガイドライン遵守チェックリスト」 + its errata = the minimum-guideline checklist template:
// every item's number, chapter, official text, bullets and note references, and every chapter's notes (注1–15).
// The reading is checklist-003.ts (this suite's own string work, not the parser's).
import { describe, expect, it } from "vitest";
import { CHECKLIST_COUNTS, compareChecklist, readChecklist } from "./checklist-003.js";
import { errataOf, hasErrata, latestTemplate, norm, placedItems, seedLines } from "./reading.js";

const SEED = "003_c63bed95ddf6f747.txt";

describe("minimum-guideline checklist = seed 003 別添 + errata, every item", () => {
  const errata = errataOf(SEED);
  const template = latestTemplate("minimum-guideline-checklist");
  const corrected = readChecklist(seedLines(SEED, errata, template));
  const asPrinted = readChecklist(seedLines(SEED));

  it("reads 90 items in 10 chapters of 5/6/24/3/5/4/10/10/9/14, numbered 1… in each", () => {
    expect(corrected.chapters.map((c) => corrected.items.filter((e) => e.chapter === c.key).length)).toEqual(CHECKLIST_COUNTS);
    for (const c of corrected.chapters) {
      const numbers = corrected.items.filter((e) => e.chapter === c.key).map((e) => Number(e.number));
      expect(numbers, c.title).toEqual(numbers.map((_, i) => i + 1));
    }
  });

  it(`every item and note of the latest template (${template.version}) says what the seed says`, () => {
    const { d, fixedByErrata, compared } = compareChecklist(template, corrected, asPrinted, new Set(errata.map((e) => e.line)), { key: "", note: "" });
    expect(d.report()).toBe("");
    expect(compared).toBe(90);
    if (hasErrata(template)) expect(fixedByErrata).toEqual([]);
    else expect(fixedByErrata.length).toBeGreaterThan(0);
  });

  it("meaning-bearing words are there, the source's misprints are not", () => {
    const item = (key: string) => {
      const i = placedItems(template).find((p) => p.item.key === key)!.item;
      return [i.text, ...(i.checkPoints ?? [])].join("\n");
    };
    const note = (id: string) => template.sections.flatMap((s) => s.notes ?? []).find((n) => n.id === id)?.text ?? "";
    expect(item("externalExchange.4")).toContain("VPNの間で送受信ができないように経路設定されている");
    expect(item("technical.14")).toContain("利用者のパスワードを推定できる手段を防止している");
    expect(item("takeout.10")).toContain("管理者の責任において上記6~9と同様の要件を遵守している");
    expect(item("maintenance.1")).toContain("終了後は確実にデータを消去させている");
    if (!hasErrata(template)) return;
    expect(item("technical.15")).toContain("他の認証要素として必要な電子証明書等");
    expect(item("maintenance.5")).toContain("医療情報システム安全管理責任者が承認している");
    expect(item("externalExchange.9")).toContain("アクセス権限管理等を行って不必要なログインを防止している");
    expect(item("externalExchange.12")).not.toContain("行つて");
    expect(item("externalExchange.6")).not.toMatch(/かつた|あつた|こつた/);
    expect(norm(note("注2"))).toContain("操作した情報が特定できることを指す");
  });
});
