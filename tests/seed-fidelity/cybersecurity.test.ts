// Seed 002 + its errata = both editions of the cybersecurity checklist: every item's number, checklist, 視点
// (予防/発見/是正) and text. The seed holds the checklists twice; edition 1.1.0 is the first copy and 1.2.0 the
// second (before the errata layer, 1.0.0 was the second copy alone).
//
// This suite's reading: the copies are split at the second occurrence of the document's title line; in each, an item
// row is 「NO<tab>視点<tab>チェック項目<tab>…」 (医療従事者向け: no 視点 column); the checklist an item belongs to is
// named by the nearest title line above it (「経営層向け…チェックリスト」, 「システム管理者向け…」, 「以下の項目について、
// 「オンライン資格確認等…」, 「医療従事者・一般のシステム利用者向け…」). Each checklist's own 「チェックの結果」 table
// prints how many items carry each 視点 (「0/15」): the reading's 視点 must add up to those printed totals.
import { describe, expect, it } from "vitest";
import { Differences, errataOf, hasErrata, loadTemplate, norm, placedItems, seedLines, versionsOf, type TemplateJson } from "./reading.js";

const SEED = "002_73c1d437a4f740cb.txt";
const DOCUMENT_TITLE = "医療情報システムの安全管理に関するガイドライン 医療機関のサイバーセキュリティ対策チェックリスト";
const PERSPECTIVE: Record<string, string> = { 予防: "prevent", 発見: "detect", 是正: "correct" };

type Item = { line: number; key: string; list: string; number: string; perspective?: string; text: string };

function listOf(title: string): string | undefined {
  const t = norm(title);
  if (t.endsWith("の使い方")) return undefined;
  if (/^経営層向けサイバーセキュリティ対策チェックリスト$/.test(t)) return "executive";
  if (/^システム管理者向けサイバーセキュリティ対策チェックリスト$/.test(t)) return "systemAdmin";
  if (/^医療従事者・一般のシステム利用者向けサイバーセキュリティ対策チェックリスト$/.test(t)) return "staff";
  if (t.startsWith("以下の項目について、「オンライン資格確認等")) return "onlineEligibility";
  return undefined;
}

function readCopies(lines: string[]) {
  const titles = lines.map((l, i) => (l.trim() === DOCUMENT_TITLE ? i : -1)).filter((i) => i >= 0);
  if (titles.length !== 2) throw new Error(`seed 002: the document title appears ${titles.length} times, expected 2`);
  const read = (from: number, to: number) => {
    const items: Item[] = [];
    const totals: Record<string, Record<string, number>> = {};
    let list: string | undefined;
    for (let i = from; i < to; i++) {
      const line = lines[i];
      const named = listOf(line);
      if (named) list = named;
      const total = line.match(/^(予防|発見|是正)\t[^\t]*\t\d+\/(\d+)$/);
      if (total && list) (totals[list] ??= {})[PERSPECTIVE[total[1]]] = Number(total[2]);
      const row = line.match(/^(\d+)\t(.*)$/);
      if (!row || !list) continue;
      const cells = row[2].split("\t");
      const perspective = PERSPECTIVE[cells[0].trim()];
      const text = (perspective ? cells[1] : cells[0]).replace(/<\/?[a-z][^<>]*>/gi, " ").trim();
      items.push({ line: i + 1, key: `${list}.${row[1]}`, list, number: row[1], perspective, text });
    }
    return { items, totals };
  };
  return [read(0, titles[1]), read(titles[1], lines.length)];
}

function compare(template: TemplateJson, copy: ReturnType<typeof readCopies>[number], printed: ReturnType<typeof readCopies>[number], correctedLines: Set<number>) {
  const d = new Differences(`cybersecurity-checklist@${template.version}`);
  const fixedByErrata: string[] = [];
  const placed = placedItems(template).filter((p) => p.item.answer.kind === "status");
  const byKey = new Map(placed.map((p) => [p.item.key, p]));
  copy.items.forEach((e, i) => {
    const p = byKey.get(e.key);
    if (!p) return d.add({ key: e.key, field: "item", expected: e.text, actual: "(missing)", line: e.line });
    const one = (x: Item, out: Differences) => {
      out.same(x.key, "number", x.number, p.item.number, x.line);
      out.same(x.key, "checklist", x.list, p.section.key, x.line);
      out.same(x.key, "視点", x.perspective, p.item.perspective, x.line);
      out.text(x.key, "チェック項目", x.text, p.item.text, x.line);
    };
    const here = new Differences("");
    one(e, here);
    if (here.list.length && !hasErrata(template) && correctedLines.has(e.line)) {
      const asPrinted = new Differences("");
      one(printed.items[i], asPrinted);
      if (!asPrinted.list.length) return fixedByErrata.push(e.key);
    }
    here.list.forEach((x) => d.add(x));
  });
  for (const p of placed) if (!copy.items.some((e) => e.key === p.item.key)) d.add({ key: p.item.key, field: "item", expected: "(not in the seed)", actual: p.item.text });
  return { d, fixedByErrata, compared: placed.length };
}

describe("cybersecurity checklist = seed 002 + errata, both editions, every item", () => {
  const errata = errataOf(SEED);
  const versions = versionsOf("cybersecurity-checklist");
  // The editions to check: 1.1.0 (first copy) and 1.2.0 (second copy) once the errata layer made them; before
  // that, 1.0.0 alone, which is the second copy.
  const editions = versions.includes("1.2.0")
    ? [
        { template: loadTemplate("cybersecurity-checklist", "1.1.0"), copy: 0 },
        { template: loadTemplate("cybersecurity-checklist", "1.2.0"), copy: 1 },
      ]
    : [{ template: loadTemplate("cybersecurity-checklist", "1.0.0"), copy: 1 }];
  const printed = readCopies(seedLines(SEED));
  const correctedLines = new Set(errata.map((e) => e.line));

  it("reads 18 + 92 + 2 + 10 items in each copy, their 視点 adding up to each checklist's printed totals", () => {
    for (const edition of editions) {
      const copy = readCopies(seedLines(SEED, errata, edition.template))[edition.copy];
      const count = (list: string) => copy.items.filter((e) => e.list === list).length;
      expect(["executive", "systemAdmin", "onlineEligibility", "staff"].map(count)).toEqual([18, 92, 2, 10]);
      for (const [list, totals] of Object.entries(copy.totals)) {
        for (const [perspective, n] of Object.entries(totals)) {
          expect(copy.items.filter((e) => e.list === list && e.perspective === perspective), `${list} ${perspective}`).toHaveLength(n);
        }
      }
      expect(Object.keys(copy.totals).sort()).toEqual(["executive", "onlineEligibility", "systemAdmin"]);
    }
  });

  for (const edition of editions) {
    const { template } = edition;
    it(`every item of ${template.version} (copy ${edition.copy + 1}) says what that copy says`, () => {
      const copy = readCopies(seedLines(SEED, errata, template))[edition.copy];
      const { d, fixedByErrata, compared } = compare(template, copy, printed[edition.copy], correctedLines);
      expect(d.report()).toBe("");
      expect(compared).toBe(122);
      if (hasErrata(template)) expect(fixedByErrata).toEqual([]);
    });
  }

  it("systemAdmin.55 forbids VPN traffic between facilities in every edition, and the OCR misreadings are gone", () => {
    for (const { template } of editions) {
      const text = (key: string) => placedItems(template).find((p) => p.item.key === key)!.item.text;
      expect(text("systemAdmin.55"), template.version).toContain("VPNの間で送受信ができないように経路を設定しているか");
      expect(text("systemAdmin.55"), template.version).not.toContain("送受信ができるように");
      expect(text("executive.18"), template.version).toContain("厚生労働省医政局研究開発振興課医療情報技術推進室に連絡することに決めているか");
      expect(text("systemAdmin.50"), template.version).toContain("原則として使用していないか");
      if (!hasErrata(template)) continue;
      expect(text("systemAdmin.49"), template.version).toContain("オープンなネットワーク");
      expect(text("systemAdmin.40"), template.version).toMatch(/パーソナルファイアウォール[\s\S]*ガイドライン第5\.1版/);
      expect(text("systemAdmin.57"), template.version).toContain("見読可能");
      expect(text("systemAdmin.77"), template.version).toMatch(/リモート管理ソフト[\s\S]*安易なパスワード/);
      expect(text("systemAdmin.87"), template.version).toContain("情報処理機器自体を破棄する場合");
    }
  });
});
