// Seed 000 (役割分担等に関するチェックリスト（案）) + its errata = the responsibility-sharing template, item by item:
// key and number, section, 分類, 項目, the item text, each 想定されるリスク and 推奨される対応例 in order, and every
// reference of ガイドライン等関連部分 with its abbreviation expanded as the 【略称】 lists define it; and the glossary.
//
// This suite's reading: the seed prints each Part twice, a short list (項番, [分類,] 項目, 内容, 確認欄) and a
// 「推奨される対応例」 list that adds [想定されるリスク,] 推奨される対応例 and ガイドライン等関連部分. The item text,
// 項目 and 分類 are the short list's (the form one fills in); the 立入検査用チェックリスト該当項目 exist only in the
// long list. In the long list the cells are counted back from the 確認欄 「( / )」, because some rows merge 分類 and
// 項目 into one cell. A row without 項番 continues the item above: with a 内容 it is a second item under the same
// number (①/② or the second 6), without one it adds a second risk/対応例 pair and more references to the item.
import { describe, expect, it } from "vitest";
import { Differences, errataOf, hasErrata, latestTemplate, norm, placedItems, seedLines, type Placed } from "./reading.js";

const SEED = "000_088b0be7ba7b2301.txt";
const CIRCLED = "①②③④⑤⑥⑦⑧⑨";

type Row = { line: number; section: string; sectionNumber?: string; sectionTitle: string; num: string; category?: string; group: string; text: string; risk?: string; example?: string; refs?: string };
type Expected = {
  key: string;
  number: string;
  section: string;
  lines: number[];
  category?: string;
  group: string;
  text: string;
  details: { label: string; text: string }[];
  refCells: string[];
};

const tags = (s: string) =>
  s
    .replace(/<del>.*?<\/del>/g, " ")
    .replace(/<\/?[a-z][^<>]*>/gi, " ")
    .trim();

/** Rows of one table: from its heading to the next 【略称】 block, section rows (<b>A …</b>) naming the section. */
function readTable(lines: string[], start: number, long: boolean, part2: boolean): Row[] {
  const rows: Row[] = [];
  let section = { key: "", number: undefined as string | undefined, title: "" };
  for (let i = start; i < lines.length; i++) {
    const line = lines[i];
    if (/【略称】/.test(line)) break;
    if (!line.includes("\t") || line.startsWith("項番")) continue;
    const cells = line.split("\t");
    if (cells[0].includes("<b>")) {
      const title = tags(cells[0]);
      const m = title.match(/^([A-C])\s*(.+)$/);
      section = m ? { key: m[1].toLowerCase(), number: m[1], title: m[2] } : { key: "inspection", number: undefined, title };
      continue;
    }
    const base = { line: i + 1, section: section.key, sectionNumber: section.number, sectionTitle: section.title, num: cells[0].trim() };
    if (!long) {
      const [category, group, text] = part2 ? cells.slice(1, 4) : [undefined, ...cells.slice(1, 3)];
      rows.push({ ...base, category: category && tags(category), group: tags(group ?? ""), text: tags(text ?? "") });
      continue;
    }
    const k = cells.findIndex((c) => /^\(\s*\/\s*\)$/.test(c.trim()));
    if (k < 0) throw new Error(`seed 000 line ${i + 1}: no 確認欄 cell`);
    const refs = tags(cells[k - 1]);
    const example = tags(cells[k - 2]);
    const risk = part2 ? tags(cells[k - 3]) : undefined;
    const text = tags(cells[part2 ? k - 4 : k - 3]);
    const labels = cells.slice(1, part2 ? k - 4 : k - 3).map(tags);
    rows.push({ ...base, category: part2 ? labels[0] : undefined, group: labels[labels.length - 1] ?? "", text, risk, example, refs });
  }
  return rows;
}

/** Rows to items: a numbered row and the rows without 項番 under it. */
function items(rows: Row[], part: string): Expected[] {
  const out: Expected[] = [];
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    if (!r.num) continue;
    const group: Row[] = [r];
    for (let j = i + 1; j < rows.length && !rows[j].num; j++) group.push(rows[j]);
    const subs = group.filter((g) => g.text);
    subs.forEach((s, si) => {
      const circle = subs.length > 1 && CIRCLED.includes(s.text[0]) ? s.text[0] : "";
      // Rows without 内容 (a second risk and 対応例) belong to the last item of the number.
      const pairs = [s, ...(si === subs.length - 1 ? group.filter((g) => !g.text) : [])];
      out.push({
        key: `${part}.${r.section}.${r.num}${subs.length > 1 ? `-${si + 1}` : ""}`,
        number: `${r.num}${circle}`,
        section: `${part}.${r.section}`,
        lines: pairs.map((p) => p.line),
        category: r.category,
        group: s.group || r.group,
        text: circle ? s.text.slice(1).trim() : s.text,
        details: pairs.flatMap((p) => [
          ...(p.risk ? [{ label: "想定されるリスク", text: p.risk }] : []),
          ...(p.example ? [{ label: "推奨される対応例", text: p.example }] : []),
        ]),
        refCells: pairs.map((p) => p.refs ?? "").filter(Boolean),
      });
    });
  }
  return out;
}

/** The long list's items with the short list's words where the short list has the item (all but 立入検査…). */
function merge(long: Expected[], short: Expected[]): Expected[] {
  return long.map((l) => {
    const s = short.find((x) => x.key === l.key);
    return s ? { ...l, lines: [s.lines[0], ...l.lines], number: s.number, category: s.category, group: s.group, text: s.text } : l;
  });
}

/** 【略称】 definitions 「略称:正式名」, the first definition of each abbreviation winning (later lists repeat them). */
function abbreviations(lines: string[]): Map<string, string> {
  const map = new Map<string, string>();
  const text = lines.map((l) => tags(l.replace(/<\/p>/g, "\n")).split(/\n|\s{2,}/)).flat();
  for (const entry of text) {
    const m = entry.trim().match(/^([^:：\s]{2,30})[:：](.+)$/);
    if (m && /ガイドライン|チェックリスト|MDS|ガイドランス|ガイダンス/.test(m[1]) && !map.has(m[1])) map.set(m[1], m[2].trim());
  }
  return map;
}

// The source spells the defined abbreviation 「立入検査用チェックリスト」 also without 「用」 (7 cells): the same list.
const VARIANTS: Record<string, string> = { 立入検査チェックリスト: "立入検査用チェックリスト" };

/** A ガイドライン等関連部分 cell to references: each token is 「略称[場所]」, a full name, or more 場所 of the one before. */
function references(cell: string, abbr: Map<string, string>): { guideline: string; location?: string }[] {
  const names = [...abbr.keys(), ...Object.keys(VARIANTS)].sort((a, b) => b.length - a.length);
  const out: { guideline: string; location?: string }[] = [];
  for (const token of cell.split(/[\s、,]+/).filter(Boolean)) {
    const name = names.find((n) => token.startsWith(n));
    const previous = out[out.length - 1];
    if (name) {
      const location = token.slice(name.length);
      out.push({ guideline: abbr.get(VARIANTS[name] ?? name)!, ...(location ? { location } : {}) });
    } else if (previous && /^(\d|[^\d]*編\d)/.test(token)) {
      // 「経営管理編3.4.2、3.4.3、企画管理編12.3」: a bare number keeps the 編 of the location before it.
      const edition = /^\d/.test(token) ? (previous.location?.match(/^\D*編/)?.[0] ?? "") : "";
      out.push({ guideline: previous.guideline, location: `${edition}${token}` });
    } else out.push({ guideline: token });
  }
  return out;
}

function readSeed(lines: string[]) {
  const at = (re: RegExp, from = 0) => {
    const i = lines.findIndex((l, n) => n >= from && re.test(l));
    if (i < 0) throw new Error(`seed 000: no line ${re}`);
    return i;
  };
  const short1 = at(/^## Part1/);
  const short2 = at(/^## Part2/);
  const long1 = at(/^Part1 /, short2);
  const long2 = at(/^Part2 /, long1);
  const s1 = readTable(lines, short1, false, false);
  const s2 = readTable(lines, short2, false, true);
  const l1 = readTable(lines, long1, true, false);
  const l2 = readTable(lines, long2, true, true);
  const abbr = abbreviations(lines);
  const all = [...merge(items(l1, "p1"), items(s1, "p1")), ...merge(items(l2, "p2"), items(s2, "p2"))];
  const glossaryStart = at(/^用語\t内容\t記載場所/);
  const glossary = lines
    .slice(glossaryStart + 1)
    .map((l, i) => ({ line: glossaryStart + i + 2, cells: l.split("\t") }))
    .filter((r) => r.cells.length >= 2)
    .map((r) => ({ line: r.line, term: r.cells[0].trim(), text: r.cells[1].trim() }));
  return { items: all, abbr, glossary, sections: [...s1, ...s2] };
}

function compare(d: Differences, e: Expected, p: Placed, abbr: Map<string, string>) {
  const line = e.lines[0];
  d.same(e.key, "number", e.number, p.item.number, line);
  d.same(e.key, "section", e.section, p.section.key, line);
  d.text(e.key, "分類", e.category, p.item.category, line);
  d.text(e.key, "項目", e.group, p.item.group, line);
  d.text(e.key, "内容", e.text, p.item.text, line);
  d.same(e.key, "details", e.details.map((x) => `${x.label}:${norm(x.text)}`), (p.item.details ?? []).map((x) => `${x.label}:${norm(x.text)}`), line);
  const refs = e.refCells.flatMap((c) => references(c, abbr)).map((r) => `${norm(r.guideline)}|${norm(r.location)}`);
  d.same(e.key, "ガイドライン等関連部分", [...new Set(refs)], (p.item.references ?? []).map((r) => `${norm(r.guideline)}|${norm(r.location)}`), line);
}

describe("役割分担 checklist = seed 000 + errata, every item", () => {
  const errata = errataOf(SEED);
  const template = latestTemplate("responsibility-checklist");
  const corrected = readSeed(seedLines(SEED, errata, template));
  const asPrinted = readSeed(seedLines(SEED));
  const correctedLines = new Set(errata.map((e) => e.line));

  it("reads 22 items in Part1 and 31 in Part2, in the sections of the form", () => {
    const count = (prefix: string) => corrected.items.filter((e) => e.key.startsWith(prefix)).length;
    expect([count("p1."), count("p2.")]).toEqual([22, 31]);
    expect(["inspection", "a", "b", "c"].map((s) => count(`p1.${s}.`))).toEqual([7, 3, 9, 3]);
    expect(["inspection", "a", "b", "c"].map((s) => count(`p2.${s}.`))).toEqual([8, 12, 6, 5]);
  });

  it(`every item of the latest template (${template.version}) says what the seed says`, () => {
    const placed = placedItems(template);
    const byKey = new Map(placed.map((p) => [p.item.key, p]));
    const d = new Differences(`responsibility-checklist@${template.version}`);
    const fixedByErrata: string[] = [];
    corrected.items.forEach((e, i) => {
      const p = byKey.get(e.key);
      if (!p) return d.add({ key: e.key, field: "item", expected: e.text, actual: "(missing)", line: e.lines[0] });
      const here = new Differences("");
      compare(here, e, p, corrected.abbr);
      if (here.list.length && !hasErrata(template) && e.lines.some((l) => correctedLines.has(l))) {
        const printed = new Differences("");
        compare(printed, asPrinted.items[i], p, asPrinted.abbr);
        if (!printed.list.length) return fixedByErrata.push(e.key);
      }
      here.list.forEach((x) => d.add(x));
    });
    for (const p of placed) if (!corrected.items.some((e) => e.key === p.item.key)) d.add({ key: p.item.key, field: "item", expected: "(not in the seed)", actual: p.item.text });
    // Section titles as the short lists print them.
    for (const s of corrected.sections) {
      const section = placed.find((p) => p.section.key === `${s.line < 40 ? "p1" : "p2"}.${s.section}`)?.section;
      if (section && norm(section.title) !== norm(s.sectionTitle)) d.add({ key: section.key, field: "title", expected: s.sectionTitle, actual: section.title, line: s.line });
    }
    expect(d.report()).toBe("");
    expect(placed).toHaveLength(53);
    if (hasErrata(template)) expect(fixedByErrata).toEqual([]);
  });

  // A parser fault, reported to the lead and not an erratum (the seed is right): the term MDS/SDS is both a 【略称】
  // (line 30) and a 用語の解説 entry (line 213), and the template's help keeps only the 略称's text, so the
  // glossary's explanation is lost. Listed here so the suite passes meanwhile and fails once the parser is fixed.
  const KNOWN_PARSER_FAULTS: string[] = [];

  it("the glossary's terms and explanations are the seed's", () => {
    const help = (template.help as { term: string; text: string }[] | undefined) ?? [];
    const d = new Differences(`responsibility-checklist@${template.version} glossary`);
    // A term can be both a 【略称】 and a glossary entry (MDS/SDS): each is its own help entry, the glossary's with its 記載場所.
    const glossaryEntries = help.filter((h) => "places" in h);
    for (const g of corrected.glossary) {
      const found = glossaryEntries.find((h) => norm(h.term) === norm(g.term));
      if (!found) d.add({ key: g.term, field: "term", expected: g.term, actual: "(missing)", line: g.line });
      else d.text(g.term, "内容", g.text, found.text, g.line);
    }
    // The 【略称】 lists too: each abbreviation with its first definition (the later lists repeat them).
    for (const [term, text] of corrected.abbr) {
      const found = help.find((h) => norm(h.term) === norm(term) && !("places" in h));
      if (!found) d.add({ key: term, field: "略称", expected: text, actual: "(missing)" });
      else d.text(term, "略称", text, found.text);
    }
    expect(corrected.glossary.length).toBeGreaterThan(25);
    const known = d.list.filter((x) => KNOWN_PARSER_FAULTS.includes(`${x.key} ${x.field}`));
    expect(known.map((x) => `${x.key} ${x.field}`), "a known parser fault is fixed: remove it from KNOWN_PARSER_FAULTS").toEqual(KNOWN_PARSER_FAULTS);
    d.list.splice(0, d.list.length, ...d.list.filter((x) => !known.includes(x)));
    expect(d.report()).toBe("");
  });

  it("meaning-bearing words are there, the tracked-change debris is not", () => {
    const item = (key: string) => {
      const i = placedItems(template).find((p) => p.item.key === key)!.item;
      return [i.text, ...(i.details ?? []).map((x) => x.text)].join("\n");
    };
    expect(item("p2.c.4")).toContain("直ちに医療機関に連絡するよう取り決める");
    expect(item("p2.a.10")).toContain("事前に医療機関の承諾が必要であること");
    expect(item("p2.b.1")).toContain("原則として二要素認証を採用することが求められている");
    if (!hasErrata(template)) return;
    expect(item("p1.inspection.1")).not.toMatch(/組織ととも|事業者がは|事業者はが|事業者はにおける|何人いるかの人数/);
    expect(item("p1.c.3")).not.toContain("BCPI");
    const dup = "厚生労働省から公表している立入検査マニュアルや関係団体が作成しているマニュアル等を参考に、必要な対策について確認する。";
    expect(item("p1.b.2").split(dup)).toHaveLength(2);
  });
});
