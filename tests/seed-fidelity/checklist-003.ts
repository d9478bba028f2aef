// This suite's own reading of seed 003's 別添 「最低限のガイドライン遵守チェックリスト」 (lines from the 別添 title
// to the end), shared by the minimum-guideline suite and the 代行機関 suite, whose template carries the same
// checklist as its 別添. Plain string work on the lines: a chapter is a line without tabs followed by a
// 「No	チェック項目…」 header; an item row is 「N.<tab>text<tab>実施済<tab>実施予定」; a note is 「注N:」 or 「注 N:」 and
// belongs to the chapter it is printed in; 「^{注N)}」 after the text is the item's note reference.
import { Differences, hasErrata, norm, placedItems, type Placed, type TemplateJson } from "./reading.js";

export const CHECKLIST_COUNTS = [5, 6, 24, 3, 5, 4, 10, 10, 9, 14];

/**
 * The chapters' keys: the template names chapters in English (keys are identifiers, never shown), so the suite
 * states which title is which key. The titles themselves come from the seed and are compared.
 */
export const CHAPTER_KEYS: Record<string, string> = {
  組織的安全管理対策: "organizational",
  物理的安全対策: "physical",
  技術的安全対策: "technical",
  "人的安全対策(従業者に対する人的安全管理措置)": "personnelStaff",
  "人的安全対策(事務取扱委託業者の監督及び守秘義務契約)": "personnelContractors",
  情報の破棄: "disposal",
  医療情報システムの改造と保守: "maintenance",
  情報及び情報機器の持ち出しについて: "takeout",
  "災害、サイバー攻撃等の非常時の対応": "emergency",
  外部と個人情報を含む医療情報を交換する場合の安全管理: "externalExchange",
};

export type ChecklistItem = { line: number; chapter: string; key: string; number: string; text: string; checkPoints: string[]; noteRefs: string[] };
export type ChecklistChapter = { title: string; key: string; line: number; notes: { id: string; text: string; line: number }[] };

const HTML = /<\/?[a-z][^<>]*>/gi;

/** A cell's text and its bullets: 「・」 after a space (or at the start), or 「(b) … (c) …」 letter markers. */
export function splitBullets(cell: string): { lead: string; points: string[] } {
  const clean = cell.replace(HTML, " ");
  const parts = clean.split(/(?:^|\s)・/);
  if (parts.length > 1) return { lead: parts[0].trim(), points: parts.slice(1).map((p) => p.trim()).filter(Boolean) };
  const lettered = clean.split(/\s(?=\([a-z]\)\s)/);
  if (lettered.length > 1) return { lead: lettered[0].trim(), points: lettered.slice(1).map((p) => p.trim()) };
  return { lead: clean.trim(), points: [] };
}

export function readChecklist(lines: string[]): { chapters: ChecklistChapter[]; items: ChecklistItem[] } {
  const start = lines.findIndex((l) => l.startsWith("別添"));
  if (start < 0) throw new Error("seed 003: no 別添 line");
  const chapters: ChecklistChapter[] = [];
  const items: ChecklistItem[] = [];
  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i];
    const next = lines.slice(i + 1, i + 4).find((l) => l.trim() !== "") ?? "";
    if (line.trim() && !line.includes("\t") && next.startsWith("No\tチェック項目")) {
      const title = line.trim();
      if (!CHAPTER_KEYS[title]) throw new Error(`seed 003 line ${i + 1}: chapter 「${title}」 unknown to this suite`);
      chapters.push({ title, key: CHAPTER_KEYS[title], line: i + 1, notes: [] });
      continue;
    }
    const note = line.match(/^注\s*(\d+)\s*[:：]\s*(.*)$/);
    if (note) {
      chapters[chapters.length - 1].notes.push({ id: `注${note[1]}`, text: note[2].trim(), line: i + 1 });
      continue;
    }
    const row = line.match(/^(\d+)\.\t(.*)$/);
    if (!row) continue;
    const chapter = chapters[chapters.length - 1];
    const [cell] = row[2].split("\t");
    const noteRefs = [...cell.matchAll(/\^\{注\s*(\d+)\)\}/g)].map((m) => `注${m[1]}`);
    const { lead, points } = splitBullets(cell.replace(/\s*\^\{[^}]*\}/g, ""));
    items.push({ line: i + 1, chapter: chapter.key, key: `${chapter.key}.${row[1]}`, number: row[1], text: lead, checkPoints: points, noteRefs });
  }
  return { chapters, items };
}


/**
 * Compares every checklist item of a template (the standalone checklist, or the 代行機関 別添 with keys and note ids
 * prefixed) to the reading: key, number, chapter, text, bullets, note references, and each chapter's notes.
 * Before the errata (1.0.0) an item on a corrected line that equals the reading without errata is counted as
 * fixed by the errata instead of as a difference.
 */
export function compareChecklist(
  template: TemplateJson,
  corrected: ReturnType<typeof readChecklist>,
  asPrinted: ReturnType<typeof readChecklist>,
  correctedLines: Set<number>,
  prefix: { key: string; note: string },
): { d: Differences; fixedByErrata: string[]; compared: number } {
  const d = new Differences(`${template.id}@${template.version}`);
  const fixedByErrata: string[] = [];
  const placed = placedItems(template).filter((p) => p.path.some((s) => s.key === `${prefix.key}${p.item.key.split(".").slice(-2, -1)[0]}`));
  const byKey = new Map(placed.map((p) => [p.item.key, p]));
  const compareOne = (out: Differences, e: ChecklistItem, p: Placed) => {
    const key = `${prefix.key}${e.key}`;
    out.same(key, "number", e.number, p.item.number, e.line);
    out.same(key, "chapter", `${prefix.key}${e.chapter}`, p.section.key, e.line);
    out.text(key, "チェック項目", e.text, p.item.text, e.line);
    out.same(key, "bullets", e.checkPoints.map(norm), (p.item.checkPoints ?? []).map(norm), e.line);
    out.same(key, "注", e.noteRefs.map((n) => `${prefix.note}${n}`), p.item.noteRefs ?? [], e.line);
  };
  corrected.items.forEach((e, i) => {
    const p = byKey.get(`${prefix.key}${e.key}`);
    if (!p) return d.add({ key: `${prefix.key}${e.key}`, field: "item", expected: e.text, actual: "(missing)", line: e.line });
    const here = new Differences("");
    compareOne(here, e, p);
    if (here.list.length && !hasErrata(template) && correctedLines.has(e.line)) {
      const printed = new Differences("");
      compareOne(printed, asPrinted.items[i], p);
      if (!printed.list.length) return fixedByErrata.push(p.item.key);
    }
    here.list.forEach((x) => d.add(x));
  });
  for (const p of placed) if (!corrected.items.some((e) => `${prefix.key}${e.key}` === p.item.key)) d.add({ key: p.item.key, field: "item", expected: "(not in the seed)", actual: p.item.text });
  // Chapters: title and notes as printed, in the seed's order.
  const sections = placed.map((p) => p.section).filter((s, i, all) => all.indexOf(s) === i);
  d.same("(chapters)", "order", corrected.chapters.map((c) => `${prefix.key}${c.key}`), sections.map((s) => s.key));
  corrected.chapters.forEach((c, ci) => {
    const s = sections.find((x) => x.key === `${prefix.key}${c.key}`);
    if (!s) return;
    d.text(s.key, "title", c.title, s.title, c.line);
    d.same(s.key, "注 ids", c.notes.map((n) => `${prefix.note}${n.id}`), (s.notes ?? []).map((n) => n.id), c.line);
    c.notes.forEach((n, ni) => {
      const got = s.notes?.find((x) => x.id === `${prefix.note}${n.id}`)?.text;
      if (norm(n.text) === norm(got)) return;
      if (!hasErrata(template) && correctedLines.has(n.line) && norm(asPrinted.chapters[ci].notes[ni].text) === norm(got)) return fixedByErrata.push(`${s.key} ${n.id}`);
      d.add({ key: s.key, field: n.id, expected: n.text, actual: got, line: n.line });
    });
  });
  return { d, fixedByErrata, compared: placed.length };
}
