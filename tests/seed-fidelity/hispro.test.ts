// Seed 004 (HISPRO 外部保存、ASP・SaaS チェックシート項目集) + its errata = the HISPRO checksheet template, item by
// item: key and number, section, 対策項目, 必須/推奨, 対象GL, GLでの参照箇所 and every 確認項目.
//
// The reading below is this suite's own, from the seed's lines: an item row is a line whose first cell is a
// number; its leading number cells are followed by 分類, 必須/推奨, 対策項目, 対象GL, GLでの参照箇所, 確認項目.
// The section is the 大分類 and 中分類 numbers plus, where the 分類 label has a circled 小分類 (①…), the order in
// which that 小分類's title first appears in the 中分類 (the 小分類 number column is missing or shifted on some
// pages, and 1-2 prints ① then ③ for its two 小分類). Items are numbered 1, 2, … in seed order within their
// section; where the row prints its 要件 number, it must agree.
import { describe, expect, it } from "vitest";
import { Differences, errataOf, hasErrata, latestTemplate, norm, placedItems, seedLines, type ItemJson, type Placed } from "./reading.js";

const SEED = "004_1778484f1ffe0871.txt";
const CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳";

type Expected = {
  line: number;
  key: string;
  number: string;
  section: string;
  minorTitle?: string;
  printedNumber?: number;
  level: string;
  text: string;
  guideline: string;
  location: string;
  checkCell: string;
};

function readSeed(lines: string[]): Expected[] {
  const out: Expected[] = [];
  const minorTitles = new Map<string, string[]>(); // "大-中" → 小分類 titles in order of first appearance
  const counters = new Map<string, number>();
  lines.forEach((raw, i) => {
    const cells = raw.split("\t").map((c) => c.trim());
    if (!/^\d+$/.test(cells[0])) return;
    let n = 0;
    while (/^\d+$/.test(cells[n])) n++;
    const nums = cells.slice(0, n).map(Number);
    const [category, levelWord, text, guideline, location, checkCell, ...rest] = cells.slice(n);
    if (rest.some((c) => c !== "")) throw new Error(`seed line ${i + 1}: more cells than the columns`);
    if (levelWord !== "必須" && levelWord !== "推奨") throw new Error(`seed line ${i + 1}: 必須/推奨 cell is 「${levelWord}」`);
    const middleKey = `${nums[0]}-${nums[1]}`;
    const circle = [...category].findIndex((ch) => CIRCLED.includes(ch));
    let section = middleKey;
    let minorTitle: string | undefined;
    if (circle >= 0) {
      minorTitle = norm(category.slice(circle + 1));
      const titles = minorTitles.get(middleKey) ?? [];
      if (!titles.includes(minorTitle)) titles.push(minorTitle);
      minorTitles.set(middleKey, titles);
      section = `${middleKey}-${titles.indexOf(minorTitle) + 1}`;
    }
    const seq = (counters.get(section) ?? 0) + 1;
    counters.set(section, seq);
    // Where the row prints its 要件: the last of 4 or 5 number cells; with 3 cells, the third one when the
    // 中分類 has no 小分類 (3-1, 3-2). Three cells under a 小分類 are ambiguous (小分類 or 要件) and not used.
    const printedNumber = n >= 4 ? nums[n - 1] : circle < 0 ? nums[2] : undefined;
    out.push({
      line: i + 1,
      key: `${section.replace(/-/g, ".")}.${seq}`,
      number: `${section}-${seq}`,
      section: `s${section}`,
      minorTitle,
      printedNumber,
      level: levelWord === "必須" ? "required" : "recommended",
      text,
      guideline,
      location,
      checkCell,
    });
  });
  return out;
}

/** 確認項目 bullets: a ・ at the start of the cell or after a space (・ inside ASP・SaaS is not a bullet). */
function bullets(cell: string): { lead: string; points: string[] } {
  const parts = cell.split(/(?:^|\s)・/);
  return { lead: parts[0].trim(), points: parts.slice(1).map((p) => p.trim()).filter(Boolean) };
}

// A qualifier that governs the bullets after it: 「<ISMSの場合のみ>」, 「(ハウジング構成の場合)」.
const QUALIFIER = /(?:<[^<>]*>|＜[^＜＞]*＞|\([^()]*(?:場合|のみ)[^()]*\)|（[^（）]*(?:場合|のみ)[^（）]*）)/g;

// The one spelling difference that is not a difference: 「Ⅲ」 (one character) and 「III」 print the same.
const roman = (s: string | undefined) => norm(s).replace(/[\u2160-\u217F]/g, (ch) => ch.normalize("NFKC"));

// Differences 1.0.0 has for a reason other than the seed's printed text, which the errata fix in 1.1.0: the parser
// drops footnote numbers glued to a word (「PDF41」→「PDF」); the erratum writes them 「PDF※41」, which it keeps.
const BEFORE_ERRATA: Record<string, string> = { "2.1.6.81": "footnote markers 41–43 dropped by the parser" };

function compare(d: Differences, e: Expected, p: Placed) {
  const item: ItemJson = p.item;
  d.same(e.key, "number", e.number, item.number, e.line);
  d.same(e.key, "section", e.section, p.section.key, e.line);
  if (e.minorTitle !== undefined) d.text(e.key, "section title", e.minorTitle, p.section.title, e.line);
  d.same(e.key, "必須/推奨", e.level, item.level, e.line);
  d.text(e.key, "対策項目", e.text, item.text, e.line);
  d.same(e.key, "参照 count", 1, item.references?.length ?? 0, e.line);
  d.text(e.key, "対象GL", e.guideline, item.references?.[0]?.guideline, e.line);
  if (roman(e.location) !== roman(item.references?.[0]?.location)) d.add({ key: e.key, field: "GLでの参照箇所", expected: e.location, actual: item.references?.[0]?.location, line: e.line });
  // 確認項目: the same bullets in the same order. A qualifier may be repeated on the bullets it governs, so the
  // comparison takes qualifiers out of both sides and checks separately that none was lost.
  const { lead, points } = bullets(e.checkCell);
  const expectedPoints = points.length ? points : [lead];
  const got = item.checkPoints ?? [];
  const bare = (s: string) => norm(s.replace(QUALIFIER, ""));
  const leadBare = points.length ? bare(lead) : "";
  if (leadBare) d.add({ key: e.key, field: "確認項目 (text before the first bullet)", expected: lead, actual: got[0], line: e.line });
  d.same(e.key, "確認項目", expectedPoints.map(bare), got.map(bare), e.line);
  for (const q of e.checkCell.match(QUALIFIER) ?? []) {
    if (!got.some((g) => norm(g).includes(norm(q)))) d.add({ key: e.key, field: "確認項目 qualifier", expected: q, actual: got, line: e.line });
  }
}

describe("HISPRO checksheet = seed 004 + errata, every item", () => {
  const errata = errataOf(SEED);
  const template = latestTemplate("hispro-checksheet");
  const corrected = readSeed(seedLines(SEED, errata, template));
  const asPrinted = readSeed(seedLines(SEED));
  const correctedLines = new Set(errata.map((e) => e.line));

  it("reads 504 items (429 必須, 75 推奨) in sections of 174/247/83, as the issue counted", () => {
    expect(corrected).toHaveLength(504);
    expect(corrected.filter((e) => e.level === "required")).toHaveLength(429);
    expect(corrected.filter((e) => e.level === "recommended")).toHaveLength(75);
    expect([1, 2, 3].map((m) => corrected.filter((e) => e.key.startsWith(`${m}.`)).length)).toEqual([174, 247, 83]);
    // The printed 要件 numbers agree with the count in seed order wherever a row prints one.
    const disagree = corrected.filter((e) => e.printedNumber !== undefined && `${e.section.slice(1).replace(/-/g, ".")}.${e.printedNumber}` !== e.key);
    expect(disagree.map((e) => `${e.line}: ${e.key} prints ${e.printedNumber}`)).toEqual([]);
  });

  it(`every item of the latest template (${template.version}) says what the seed says`, () => {
    const placed = placedItems(template);
    const byKey = new Map(placed.map((p) => [p.item.key, p]));
    const d = new Differences(`hispro-checksheet@${template.version}`);
    const fixedByErrata: string[] = [];
    corrected.forEach((e, i) => {
      const p = byKey.get(e.key);
      if (!p) return d.add({ key: e.key, field: "item", expected: e.text, actual: "(missing)", line: e.line });
      const here = new Differences("");
      compare(here, e, p);
      if (here.list.length && !hasErrata(template) && BEFORE_ERRATA[e.key]) return fixedByErrata.push(e.key);
      if (here.list.length && !hasErrata(template) && correctedLines.has(e.line)) {
        // 1.0.0 predates the errata layer: it must equal the seed as printed here, and the errata will fix it.
        const printed = new Differences("");
        compare(printed, asPrinted[i], p);
        if (!printed.list.length) return fixedByErrata.push(e.key);
      }
      here.list.forEach((x) => d.add(x));
    });
    const extra = placed.filter((p) => !corrected.some((e) => e.key === p.item.key));
    extra.forEach((p) => d.add({ key: p.item.key, field: "item", expected: "(not in the seed)", actual: p.item.text }));
    expect(d.report()).toBe("");
    expect(placed).toHaveLength(504);
    if (hasErrata(template)) expect(fixedByErrata).toEqual([]);
    else expect(fixedByErrata.length).toBeGreaterThan(0);
  });

  it("the corrected words are in the template, the source's misreadings are not", () => {
    const text = (key: string) => {
      const p = placedItems(template).find((x) => x.item.key === key)!.item;
      return [p.text, ...(p.checkPoints ?? [])].join("\n");
    };
    // Meaning-bearing words checked by name, so that a reading and a template that drift together still fail.
    expect(text("1.1.1.3")).toContain("経営陣は、情報セキュリティに関する取組についての責任と関与を明示し");
    expect(text("2.1.6.81")).toContain("見読性が確保される形式で外部ファイルに出力ができること");
    expect(text("3.3.1.5")).toContain("・事業者は、障害等が生じた場合の稼働に関するサービス");
    if (!hasErrata(template)) return;
    expect(text("1.1.1.8")).toContain("SLAに関する契約");
    expect(text("1.1.1.8")).not.toContain("SLAI");
    expect(text("1.1.1.22")).not.toContain("SLAI");
    expect(text("1.1.1.36")).toContain("確定された原因にもとづき再発防止策を講じること");
    expect(text("1.1.1.49")).toContain("分類にもとづいたリスク分析");
    expect(text("3.1.17")).toContain("ASP・SaaSの利用");
    expect(text("3.1.20")).not.toContain("ASPSaaS");
    // Footnote markers are kept as markers, not dropped and not glued to the word.
    expect(text("2.1.6.81")).toContain("PDF※41、JPEG※42及びPNG※43");
  });
});
