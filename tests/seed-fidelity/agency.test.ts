// Seed 003 + its errata = the 代行機関 「事業運営上開示すべき重要事項の概要」 template: every field label of the form
// (with its group, its section and its 注 references), every option of the choice fields, the 12 notes of the 概要,
// and the 別添 checklist (90 items, 注1–15) read as in the minimum-guideline suite.
//
// This suite's reading of the 概要 (the lines before the 別添): a table row is a line with tabs; a non-empty first
// cell opens a section (「基本情報」 …); the second cell is a field label, or empty under a label whose sub-rows
// follow (「提供するサービス」 → 対象, 内容); a third cell is a sub-label when it is a short Japanese word and not a
// value (no digits, Latin letters, spaces or check box); a section's first row made only of such words is the
// header of its table (事務手数料等: 保険者, 健診・保健指導機関). 「^{注N)}」 marks a note reference; a marker on the section cell
// applies to every field of the section. A note is a line 「注N) …」; a line that follows it after a blank line
// and starts with neither 注 nor * continues it (注8 is printed over two lines).
import { describe, expect, it } from "vitest";
import { compareChecklist, readChecklist } from "./checklist-003.js";
import { Differences, errataOf, hasErrata, latestTemplate, norm, placedItems, seedLines, type ItemJson, type SectionJson } from "./reading.js";

const SEED = "003_c63bed95ddf6f747.txt";

type SeedRow = { line: number; section: string; label: string; sub?: string; notes: string[]; values: string };
type SeedNote = { id: string; text: string; line: number };

const MARK = /\s*\^\{([^}]*)\}/g;
const markers = (cell: string) => [...cell.matchAll(MARK)].flatMap((m) => [...m[1].matchAll(/注(\d+)\)/g)].map((n) => `注${n[1]}`));
const bare = (cell: string) => cell.replace(MARK, "").trim();
const isSubLabel = (cell: string) => /[\u3040-\u30ff\u4e00-\u9fff]/.test(cell) && !/[0-9０-９A-Za-z<\s-]/.test(bare(cell)) && bare(cell).length <= 12;

function readOverview(lines: string[]) {
  const end = lines.findIndex((l) => l.startsWith("別添"));
  const sections: { title: string; notes: string[]; line: number }[] = [];
  const rows: SeedRow[] = [];
  const notes: SeedNote[] = [];
  let label = "";
  let labelNotes: string[] = [];
  for (let i = 0; i < end; i++) {
    const line = lines[i];
    const note = line.match(/^注(\d+)\)\s*(.*)$/);
    if (note) {
      notes.push({ id: `注${note[1]}`, text: note[2].trim(), line: i + 1 });
      continue;
    }
    const last = notes[notes.length - 1];
    if (last && line.trim() && !line.includes("\t") && !/^[注*＊-]/.test(line) && lines[i - 1] === "" && last.line === i - 1) {
      last.text += line.trim();
      last.line = i + 1;
      continue;
    }
    if (!line.includes("\t") || /^-+\t/.test(line)) continue;
    const cells = line.split("\t");
    if (cells[0].trim() === "更新情報") continue;
    if (cells[0].trim()) {
      sections.push({ title: bare(cells[0]), notes: markers(cells[0]), line: i + 1 });
      label = "";
    }
    const section = sections[sections.length - 1];
    const words = cells.slice(1).filter((c) => c.trim());
    if (cells[0].trim() && words.length >= 2 && words.every(isSubLabel)) {
      // A header row (事務手数料等: 保険者, 健診・保健指導機関): its cells are the columns of the section's table.
      rows.push({ line: i + 1, section: section.title, label: "", notes: [], values: words.join("\t") });
      continue;
    }
    if (cells[1].trim()) {
      label = bare(cells[1]);
      labelNotes = markers(cells[1]);
    }
    if (!label) throw new Error(`seed 003 line ${i + 1}: a row without a label`);
    const sub = isSubLabel(cells[2] ?? "") ? cells[2] : undefined;
    rows.push({
      line: i + 1,
      section: section.title,
      label,
      sub: sub && bare(sub),
      notes: [...section.notes, ...labelNotes, ...(sub ? markers(sub) : [])],
      values: cells.slice(sub ? 3 : 2).join("\t").replace(/<[^<>]*>/g, " "),
    });
  }
  return { sections, rows, notes };
}

const sameSet = (a: string[], b: string[]) => JSON.stringify([...new Set(a)].sort()) === JSON.stringify([...new Set(b)].sort());

describe("代行機関 disclosure = seed 003 + errata: every field, note and 別添 item", () => {
  const errata = errataOf(SEED);
  const template = latestTemplate("agency-disclosure");
  const correctedLines = seedLines(SEED, errata, template);
  const overview = readOverview(correctedLines);
  const asPrintedOverview = readOverview(seedLines(SEED));
  const parts = template.sections.filter((s) => s.key !== "appendix");
  const fields = placedItems({ sections: parts });

  it("reads the 概要's six sections, 注1–12, and its field labels", () => {
    expect(overview.sections.map((s) => s.title)).toEqual(["基本情報", "施設及び設備情報", "情報システムに関する情報", "運営に関する情報", "事務手数料等", "その他"]);
    expect(overview.notes.map((n) => n.id)).toEqual(Array.from({ length: 12 }, (_, i) => `注${i + 1}`));
    expect(overview.rows.filter((r) => r.label && !r.sub).map((r) => r.label)).toContain("処理可能件数(設計値)");
  });

  it(`every field of the latest template (${template.version}) is a label of the form, and every label is a field`, () => {
    const d = new Differences(`agency-disclosure@${template.version}`);
    d.same("(sections)", "titles", overview.sections.map((s) => s.title), parts.map((s) => s.title));
    const sectionOf = (p: { path: SectionJson[] }) => p.path[0].title;
    const rowsIn = (title: string) => overview.rows.filter((r) => r.section === title);
    // Where each item's words come from in the seed: its text is a label (or sub-label under its group), or the
    // section's own title (the fee table), or a sub-label followed by a column of the fee table in brackets.
    const sourceOf = (item: ItemJson, section: string) => {
      const rows = rowsIn(section);
      const columns = rows.filter((r) => !r.label).flatMap((r) => r.values.split("\t").map((c) => c.trim()).filter(Boolean));
      if (item.group) {
        const under = rows.filter((r) => norm(r.label) === norm(item.group));
        const exact = under.filter((r) => norm(r.sub) === norm(item.text));
        if (exact.length) return exact;
        return under.filter((r) => r.sub && columns.some((c) => norm(item.text) === norm(`${r.sub}（${c}）`)));
      }
      const rowsOfLabel = rows.filter((r) => norm(r.label) === norm(item.text));
      if (rowsOfLabel.length) return rowsOfLabel;
      if (norm(item.text) === norm(section)) return rows.filter((r) => r.label);
      return [];
    };
    expect(fields).toHaveLength(35); // 34 fields and the derived ガイドラインの遵守
    const used = new Set<SeedRow>();
    for (const p of fields) {
      const item = p.item;
      const section = sectionOf(p);
      const rows = sourceOf(item, section);
      if (!rows.length) {
        d.add({ key: item.key, field: "label", expected: "(a label of the form)", actual: `${item.group ? `${item.group} / ` : ""}${item.text}` });
        continue;
      }
      // A table gathers rows of the form: its row labels are the seed's labels or label + sub-label.
      let covered = rows;
      if (item.answer.kind === "table") {
        const tableRows = item.answer.rows as { key: string; label: string }[];
        covered = [];
        for (const row of tableRows) {
          const match = rowsIn(section).filter((r) => r.label && (norm(r.sub ?? r.label) === norm(row.label) || norm(`${r.label}${r.sub ?? ""}`) === norm(row.label)) && (rows.includes(r) || !r.sub));
          if (!match.length) d.add({ key: item.key, field: `table row ${row.key}`, expected: "(a row label of the form)", actual: row.label });
          covered.push(...match);
        }
        const columns = item.answer.columns as { label?: string }[];
        const sectionText = rowsIn(section).map((r) => r.values).join("\t");
        for (const c of columns) if (c.label && !norm(sectionText).includes(norm(c.label))) d.add({ key: item.key, field: "table column", expected: "(printed in the section)", actual: c.label });
      }
      covered.forEach((r) => used.add(r));
      const expectedNotes = covered.flatMap((r) => r.notes);
      if (!sameSet(expectedNotes, item.noteRefs ?? [])) d.add({ key: item.key, field: "注", expected: [...new Set(expectedNotes)], actual: item.noteRefs ?? [], line: covered[0].line });
      // Every option of a choice is printed on the field's row(s).
      if (item.answer.kind === "choice") {
        const printed = norm(covered.map((r) => r.values).join(" "));
        for (const o of item.answer.options as { label: string }[]) if (!printed.includes(norm(o.label))) d.add({ key: item.key, field: "option", expected: `(printed on line ${covered[0].line})`, actual: o.label, line: covered[0].line });
      }
    }
    for (const r of overview.rows) if (r.label && !used.has(r)) d.add({ key: `${r.section} / ${r.label}${r.sub ? ` / ${r.sub}` : ""}`, field: "label", expected: "(a field of the template)", actual: "(none)", line: r.line });
    expect(d.report()).toBe("");
  });

  it("the 概要's notes 注1–12 are the seed's, word for word, each in the section that refers to it", () => {
    const d = new Differences(`agency-disclosure@${template.version} notes`);
    const notes = parts.flatMap((s) => (s.notes ?? []).map((n) => ({ ...n, section: s.title })));
    d.same("(notes)", "ids", overview.notes.map((n) => n.id), notes.map((n) => n.id));
    overview.notes.forEach((n, i) => {
      const got = notes.find((x) => x.id === n.id);
      if (norm(n.text) === norm(got?.text)) return;
      if (!hasErrata(template) && norm(asPrintedOverview.notes[i].text) === norm(got?.text)) return;
      d.add({ key: n.id, field: "text", expected: n.text, actual: got?.text, line: n.line });
    });
    for (const n of notes) {
      const referring = overview.rows.filter((r) => r.notes.includes(n.id)).map((r) => r.section);
      if (referring.length && !referring.includes(n.section)) d.add({ key: n.id, field: "section", expected: referring[0], actual: n.section });
    }
    expect(d.report()).toBe("");
  });

  it("the 別添 checklist is the seed's 別添: 90 items, 注1–15 as 別添注", () => {
    const corrected = readChecklist(correctedLines);
    const asPrinted = readChecklist(seedLines(SEED));
    const { d, fixedByErrata, compared } = compareChecklist(template, corrected, asPrinted, new Set(errata.map((e) => e.line)), { key: "appendix.", note: "別添" });
    expect(d.report()).toBe("");
    expect(compared).toBe(90);
    if (hasErrata(template)) expect(fixedByErrata).toEqual([]);
  });

  it("meaning-bearing words: the 注8 rule and the corrected 別添 wording", () => {
    const note8 = parts.flatMap((s) => s.notes ?? []).find((n) => n.id === "注8")?.text ?? "";
    expect(norm(note8)).toContain(norm("チェックリストにおいて全項目「実施済」の場合は「最低限のガイドラインを遵守済」、1項目以上「実施予定」がある場合は「最低限のガイドラインを遵守していない」を選ぶこと。"));
    const item = (key: string) => placedItems(template).find((p) => p.item.key === key)!.item.text;
    expect(item("appendix.externalExchange.4")).toContain("送受信ができないように経路設定されている");
    if (hasErrata(template)) expect(item("appendix.maintenance.5")).toContain("安全管理責任者");
  });
});
