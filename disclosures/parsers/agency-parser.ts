// Parser for seed 003: a vendor's filled-in 「事業運営上開示すべき重要事項の概要［代行機関］」 with its 別添
// 「最低限のガイドライン遵守チェックリスト」 (第5.2版). It yields two templates built from ONE parse:
//   - "agency-disclosure": the overview form, with the checklist as its final "appendix" section;
//   - "minimum-guideline-checklist": the checklist on its own;
// plus the real answer set printed in the seed (`example`).
//
// The overview has no numbering, so item keys come from the tables below (label → key/type/level).
// Everything else — item texts, options and their order, extra-text labels, units, prefixes, table rows and
// columns, notes, descriptions, the checklist itself — is read from the seed. A row whose label is not in the
// tables, or a table entry missing from the seed, is a SeedParseError.
//
// 最終更新日 is deliberately NOT an item: the portal sets it from the publish date of each version
// (PRODUCT.md §4/§7). The printed dates go to `example.lastUpdated` only.
import type { ChoiceOption, FieldType, Item, Level, Note, Scale, Section, SubField, Template } from "../template-schema.js";
import { numberedLines, SeedParseError, type ParseResult, type Repair } from "./parse-report.js";

export const AGENCY_SEED = "003_c63bed95ddf6f747.txt";

const PUBLISHER = "厚生労働省";

// ---- the example answer set ---------------------------------------------------------------------------------

export type ChecklistAnswer =
  | { status: "implemented"; remark?: string }
  | { status: "planned"; month?: string; remark?: string }
  | { status: "notApplicable"; reason: string };

export type ChoiceAnswer = { selected: string | string[]; extra?: Record<string, string> };

export type ExampleAnswers = {
  templateId: "agency-disclosure";
  /** 最終更新日 as printed on each part (ISO dates). */
  lastUpdated: { overview: string; checklist: string };
  answers: Record<string, unknown>;
  /** Per-item notes the vendor wrote on the form (e.g. 「IoT機器ではなくIT機器として回答」). */
  notes: Record<string, string>;
  /** What the vendor ticked for derived items, kept to compare with the computed result. */
  declared: { guidelineCompliance: string };
};

// ---- the spec: label → key, answer type, level ---------------------------------------------------------------
//
// Levels: "required" for what the form asks every 代行機関 to disclose; "none" where the form itself makes the
// field optional or conditional:
//   - FAX番号: not every organisation has one (the seed prints 「— —」);
//   - 協力・関係会社 counts: 注5 says leave them blank when there are none (per-column levels cannot be
//     expressed, so the staff table stays "required" for 機関本体);
//   - データ授受のセキュリティ対策 (オフライン): only applies when offline exchange is used (データ授受の方法);
//   - 別途請求の有無 per column: only applies to the party the agency serves (提供するサービス 対象);
//   - 代行機関利用に際し必要となる設備等: there may be none;
//   - 前年度の取扱件数: a new agency has no previous year.
// 代行機関コード stays "required" (注2: record the issued code) even though this seed leaves it blank.

/** Choice option values in printed order; a trailing "+" marks an option with a free-text blank. */
type ChoiceSpec = { shape: "choice"; key: string; level: Level; multiple: boolean; options: string[] };
type ScalarSpec = { shape: "scalar"; key: string; level: Level; type: FieldType };
type SubSpec = ChoiceSpec | ScalarSpec;
type FieldSpec =
  | SubSpec
  /** Rows of the form grouped under one label (提供するサービス → 対象, 内容). */
  | { shape: "group"; key: string; sub: Record<string, SubSpec> }
  /** A grid of numbers with units (staff counts): rows by sub-label, columns in printed order. */
  | { shape: "table"; key: string; level: Level; rows: Record<string, string>; columns: string[] }
  /** A further row of a table printed under its own label (全職員の数). */
  | { shape: "tableRow"; table: string; row: string }
  /** Numbers with units side by side (「機関本体 10人」「委託先 人」); `asPrefix`: the printed word is a prefix (年間). */
  | { shape: "measures"; key: string; level: Level; fields: string[]; asPrefix: boolean }
  /** 「1箇所（都道府県名：東京都）」: a count with a labelled text. */
  | { shape: "countWithDetail"; key: string; level: Level; fields: [string, string] }
  | { shape: "derived"; key: string; result: string };

/** 事務手数料等: a grid whose column headers sit on the section row (保険者 / 健診・保健指導機関). */
type FeeGridSpec = {
  key: string;
  level: Level;
  columns: string[];
  rows: Record<string, { row: string } | { sub: Record<string, { row: string } | { choice: string; level: Level; options: string[] }> }>;
};

type SectionSpec = { key: string; fields: Record<string, FieldSpec>; feeGrid?: FeeGridSpec };

const scalar = (key: string, type: FieldType, level: Level): ScalarSpec => ({ shape: "scalar", key, type, level });
const choice = (key: string, multiple: boolean, options: string[], level: Level): ChoiceSpec => ({ shape: "choice", key, level, multiple, options });

const OVERVIEW_SECTIONS: Record<string, SectionSpec> = {
  基本情報: {
    key: "basic",
    fields: {
      機関名: scalar("name", "text", "required"),
      "所在地(住所)": scalar("address", "text", "required"),
      電話番号: scalar("tel", "tel", "required"),
      FAX番号: scalar("fax", "tel", "none"),
      ホームページアドレス: scalar("homepage", "url", "required"),
      窓口となるメールアドレス: scalar("email", "email", "required"),
      代行機関コード: scalar("agencyCode", "text", "required"),
      代行機関の分類: choice("agencyType", false, ["insurerSide", "checkupGroup", "checkupOther"], "required"),
    },
  },
  施設及び設備情報: {
    key: "facilities",
    fields: {
      従事する職員の数: { shape: "table", key: "staff", level: "required", rows: { 専任: "dedicated", 兼任: "concurrent" }, columns: ["agency", "partners"] },
      全職員の数: { shape: "tableRow", table: "staff", row: "allStaff" },
      "施設数(サポート拠点数)": { shape: "countWithDetail", key: "sites", level: "required", fields: ["count", "prefectures"] },
      財務基盤に関する資料また照会先: scalar("financialInfo", "multiline", "required"),
      "類似業務・サービスの提供実績": choice("trackRecord", false, ["yes+", "no"], "required"),
      提供するサービス: {
        shape: "group",
        key: "service",
        sub: {
          対象: choice("target", true, ["insurers", "checkupProviders"], "required"),
          内容: choice("content", true, ["officeCheck", "dataHandling", "other+"], "required"),
        },
      },
      利用者によるサービスの選択: {
        shape: "group",
        key: "serviceSelection",
        sub: {
          保険者: choice("insurer", false, ["yes+", "no"], "required"),
          "健診・保健指導機関": choice("checkupProvider", false, ["yes+", "no"], "required"),
        },
      },
      ガイドラインの遵守: { shape: "derived", key: "guidelineCompliance", result: "guidelineCompliance" },
    },
  },
  情報システムに関する情報: {
    key: "system",
    fields: {
      提供開始の年月日: scalar("serviceStartDate", "date", "required"),
      システムの保有: choice("systemOwnership", false, ["selfInstalled", "borrowed"], "required"),
      システムの運用管理: choice("systemOperation", false, ["inHouse", "fullyOutsourced", "partlyOutsourced"], "required"),
      "システム専用区画・施設の有無": choice(
        "systemFacility",
        false,
        ["dedicatedFacilityOwned", "dedicatedFacilityContractor", "dedicatedAreaInBuilding", "none"],
        "required",
      ),
      システム管理技術者数: { shape: "measures", key: "systemEngineers", level: "required", fields: ["agency", "contractor"], asPrefix: false },
      "処理可能件数(設計値)": { shape: "measures", key: "processingCapacity", level: "required", fields: ["perYear", "perDay"], asPrefix: true },
    },
  },
  運営に関する情報: {
    key: "operation",
    fields: {
      サービス提供時間: {
        shape: "group",
        key: "serviceHours",
        sub: { 拠点: scalar("site", "text", "required"), システム: scalar("system", "text", "required"), ヘルプデスク: scalar("helpdesk", "text", "required") },
      },
      データ授受の方法: {
        shape: "group",
        key: "dataExchange",
        sub: {
          外部から機関へ: choice("inbound", true, ["online+", "offline+"], "required"),
          機関から外部へ: choice("outbound", true, ["online+", "offline+"], "required"),
        },
      },
      データ授受におけるセキュリティ対策の方法: {
        shape: "group",
        key: "dataSecurity",
        sub: { オンライン: scalar("online", "multiline", "required"), オフライン: scalar("offline", "multiline", "none") },
      },
    },
  },
  事務手数料等: {
    key: "fees",
    feeGrid: {
      key: "feeAmounts",
      level: "required",
      columns: ["insurer", "checkupProvider"],
      rows: {
        初期費用: { row: "initialCost" },
        経常経費: {
          sub: {
            別途請求の有無: { choice: "separateBilling", level: "none", options: ["no", "yes"] },
            固定費: { row: "fixedCost" },
            従量単価: { row: "unitPrice" },
          },
        },
      },
    },
    fields: {
      代行機関利用に際し必要となる設備等: scalar("requiredEquipment", "multiline", "none"),
    },
  },
  その他: {
    key: "other",
    fields: {
      前年度の取扱件数: { shape: "measures", key: "previousYearVolume", level: "none", fields: ["perYear", "perDay"], asPrefix: true },
    },
  },
};

/** The 別添 checklist's sections (unnumbered in the source, so keys come from here). */
const CHECKLIST_SECTIONS: Record<string, string> = {
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

const MINIMUM_GUIDELINE_SCALE: Scale = {
  key: "minimumGuideline",
  options: [
    { value: "implemented", label: "実施済", outcome: "met" },
    { value: "planned", label: "実施予定", outcome: "planned", requires: "month" },
    { value: "notApplicable", label: "対象外", outcome: "notApplicable", requires: "reason" },
  ],
};

const INCOMPLETE_LABEL = "チェックリストに未回答の項目があります";

// ---- text helpers ----------------------------------------------------------------------------------------------

type Line = { line: number; text: string };

/** Lookup form of a label: width-folded, no spaces, so 「所在地(住所)」 matches 「所在地（住所）」. */
function norm(s: string): string {
  return s.normalize("NFKC").replace(/\s+/g, "");
}

/** Strips `^{注1)}` markers (returned as note ids) and HTML tags; collapses whitespace. */
function clean(raw: string): { text: string; noteRefs: string[]; html: boolean } {
  const noteRefs: string[] = [];
  let text = raw.replace(/\^\{([^}]*)\}/g, (_m, inner: string) => {
    for (const n of inner.matchAll(/注\s*(\d+)/g)) noteRefs.push(`注${n[1]}`);
    return " ";
  });
  const before = text;
  text = text.replace(/<\/?[A-Za-z][^>]*>/g, " ");
  return { text: text.replace(/\s+/g, " ").trim(), noteRefs, html: before !== text };
}

/** Joins two wrapped pieces of Japanese text: no space between CJK characters, one space otherwise. */
function joinWrapped(a: string, b: string): string {
  const cjk = /[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]/;
  return cjk.test(a.slice(-1)) || cjk.test(b.slice(0, 1)) ? a + b : `${a} ${b}`;
}

const isBlank = (s: string) => s.trim() === "";
const isTableRule = (s: string) => /^-{2,}(\t-*)*\t?\s*$/.test(s);
const NOTE_RE = /^注\s*(\d+)\s*[)）:：]\s*(.*)$/;
/** A value made only of dashes (「— —」「-」): the vendor wrote "nothing". */
const isDash = (s: string) => /^[-－—‐―−ー一\s]+$/.test(s) && !isBlank(s);

/** 「2025年7月7日」「2024年 10月 1日」「令和7年3月」「2025/3」 → ISO date or month; undefined when not a date. */
export function parseJapaneseDate(raw: string): { iso: string; precision: "day" | "month" } | undefined {
  const s = raw.normalize("NFKC").replace(/\s+/g, "");
  let m = s.match(/^(?:(令和|平成)(\d+|元)|(\d{4}))年(\d{1,2})月(?:(\d{1,2})日)?$/);
  let year: number, month: number, day: number | undefined;
  if (m) {
    const eraYear = m[2] === "元" ? 1 : Number(m[2]);
    year = m[1] === "令和" ? 2018 + eraYear : m[1] === "平成" ? 1988 + eraYear : Number(m[3]);
    month = Number(m[4]);
    day = m[5] ? Number(m[5]) : undefined;
  } else if ((m = s.match(/^(\d{4})[/.-](\d{1,2})(?:[/.-](\d{1,2}))?$/))) {
    year = Number(m[1]);
    month = Number(m[2]);
    day = m[3] ? Number(m[3]) : undefined;
  } else return undefined;
  if (month < 1 || month > 12 || (day !== undefined && (day < 1 || day > 31))) return undefined;
  const mm = `${year}-${String(month).padStart(2, "0")}`;
  return day === undefined ? { iso: mm, precision: "month" } : { iso: `${mm}-${String(day).padStart(2, "0")}`, precision: "day" };
}

function parseNumber(raw: string): number | undefined {
  const s = raw.normalize("NFKC").replace(/[,\s]/g, "");
  return /^\d+(\.\d+)?$/.test(s) ? Number(s) : undefined;
}

/** Splits a cell of check boxes (`<input … checked …/>` or □/■) into options; undefined if the cell has none. */
function parseOptions(cell: string): { label: string; checked: boolean }[] | undefined {
  const marks = [...cell.matchAll(/<input\b[^>]*>|[□■]/g)];
  if (!marks.length || !isBlank(cell.slice(0, marks[0].index))) return undefined;
  return marks.map((m, i) => {
    const end = i + 1 < marks.length ? marks[i + 1].index : cell.length;
    return { label: clean(cell.slice(m.index + m[0].length, end)).text, checked: m[0] === "■" || /\bchecked\b/.test(m[0]) };
  });
}

/** 「有（内容：健診代行業務）」 → label 有, blank 内容, filled 健診代行業務; 「その他（ ）」 → blank "". */
function splitExtra(label: string): { label: string; extraLabel: string; value: string } | undefined {
  const m = label.match(/^(.*?)\s*[（(]([^（()）]*)[）)]\s*$/);
  if (!m || isBlank(m[1])) return undefined;
  const inner = m[2].trim();
  const colon = inner.match(/^([^：:]*)[：:]\s*(.*)$/);
  if (colon) return { label: m[1].trim(), extraLabel: colon[1].trim(), value: colon[2].trim() };
  const space = inner.match(/^(\S+)\s+(.+)$/);
  if (space) return { label: m[1].trim(), extraLabel: space[1], value: space[2].trim() };
  return { label: m[1].trim(), extraLabel: inner, value: "" };
}

/** 「機関本体 10人」「1日当たり - 件」「協力・関係会社 人」 → printed word, value, unit. */
function parseMeasure(cell: string): { word: string; value?: number; dash: boolean; unit: string } | undefined {
  const m = clean(cell).text.match(/^(.+?)\s+(?:([0-9０-９][0-9０-９,，.]*|[-－—‐―−])\s*)?([^\d\s０-９()（）-]+)$/);
  if (!m) return undefined;
  const value = m[2] !== undefined ? parseNumber(m[2]) : undefined;
  // Digits that make no number (「1.2.3」) are unreadable, not a dash.
  if (value === undefined && m[2] !== undefined && /[0-9０-９]/.test(m[2])) return undefined;
  return { word: m[1], value, dash: m[2] !== undefined && value === undefined, unit: m[3] };
}

// ---- the overview ----------------------------------------------------------------------------------------------

type OverviewSection = { spec: SectionSpec; section: Section; items: Item[]; notes: Note[]; noteRefs: string[]; line: number };

type Overview = {
  title: string;
  description: string[];
  lastUpdated?: { iso: string; line: number };
  sections: Section[];
  answers: Record<string, unknown>;
  declared?: { label: string; line: number };
  compliance?: { pass: string; fail: string; line: number };
};

class OverviewParser {
  private readonly out: Overview;
  private current?: OverviewSection;
  private readonly done: OverviewSection[] = [];
  /** The field the last row belonged to: continuation rows (empty label cell) extend it. */
  private field?: { spec: FieldSpec; item?: Item; line: number; label: string; noteRefs: string[] };
  private readonly seen = new Set<string>();
  private readonly tables = new Map<string, Item>();
  /** Choice items with their spec, to check at the end that every option value was printed. */
  private readonly choices = new Map<Item, { spec: ChoiceSpec; line: number }>();
  private lastWasNote?: Note;
  private fee?: { columns: Map<number, { key: string; label: string }>; item?: Item; rowLabel?: string };

  constructor(
    private readonly repairs: Repair[],
    title: string,
  ) {
    this.out = { title, description: [], sections: [], answers: {} };
  }

  private fail(line: number, reason: string): never {
    throw new SeedParseError(AGENCY_SEED, line, reason);
  }

  feed(l: Line): void {
    const raw = l.text;
    if (isBlank(raw)) return;
    if (isTableRule(raw)) {
      this.repairs.push({ line: l.line, kind: "table-rule", message: "table rule line (----) left by the extraction skipped" });
      return;
    }
    if (!raw.includes("\t")) return this.freeLine(l);
    this.lastWasNote = undefined;
    const cells = raw.split("\t");
    if (/^\s*更新情報\s*$/.test(cells[0])) return this.lastUpdatedRow(l, cells);
    if (!isBlank(cells[0])) this.startSection(l, cells);
    if (!this.current) this.fail(l.line, `row outside any section: "${raw.slice(0, 40)}"`);
    if (this.current.spec.feeGrid) return this.feeRow(l, cells);
    this.fieldRow(l, cells);
  }

  private freeLine(l: Line): void {
    const text = l.text.trim();
    const note = text.match(NOTE_RE);
    if (note) {
      if (!this.current) this.fail(l.line, `note ${note[1]} before any section`);
      const id = `注${note[1]}`;
      if ([...this.done, this.current].some((s) => s.notes.some((n) => n.id === id))) this.fail(l.line, `duplicate note ${id}`);
      const entry = { id, text: clean(note[2]).text };
      if (!entry.text) this.fail(l.line, `note ${id} has no text`);
      this.current.notes.push(entry);
      this.lastWasNote = entry;
      return;
    }
    if (text.startsWith("*")) {
      if (this.current) this.fail(l.line, "instruction line inside the form body");
      this.out.description.push(text.replace(/^\*\s*/, ""));
      return;
    }
    if (this.lastWasNote) {
      // 注8 continues in a second paragraph (「以上「実施予定」がある場合は…」).
      this.lastWasNote.text = joinWrapped(this.lastWasNote.text, clean(text).text);
      this.repairs.push({ line: l.line, kind: "wrapped-note", message: `continuation of ${this.lastWasNote.id} joined to the note text` });
      return;
    }
    this.fail(l.line, `line cannot be placed in the overview: "${text.slice(0, 40)}"`);
  }

  private lastUpdatedRow(l: Line, cells: string[]): void {
    const date = parseJapaneseDate(cells[2] ?? "");
    if (!/最終更新日/.test(cells[1] ?? "") || !date || date.precision !== "day") this.fail(l.line, "unreadable 最終更新日 row");
    if (this.out.lastUpdated) this.fail(l.line, "second 最終更新日 row in the overview");
    this.out.lastUpdated = { iso: date.iso, line: l.line };
  }

  private startSection(l: Line, cells: string[]): void {
    const title = clean(cells[0]);
    const spec = OVERVIEW_SECTIONS[Object.keys(OVERVIEW_SECTIONS).find((k) => norm(k) === norm(title.text)) ?? ""];
    if (!spec) this.fail(l.line, `unknown section "${title.text}"`);
    if ([...this.done, this.current].some((s) => s?.spec === spec)) this.fail(l.line, `section "${title.text}" appears twice`);
    this.closeSection();
    this.current = { spec, section: { key: spec.key, title: title.text }, items: [], notes: [], noteRefs: title.noteRefs, line: l.line };
    this.field = undefined;
    if (spec.feeGrid) {
      // The section row carries the column headers of the fee grid.
      const headers = cells
        .map((c, index) => ({ index, label: clean(c).text }))
        .slice(1)
        .filter((h) => h.label);
      if (headers.length !== spec.feeGrid.columns.length) this.fail(l.line, `expected ${spec.feeGrid.columns.length} fee column headers, found ${headers.length}`);
      this.fee = { columns: new Map(headers.map((h, i) => [h.index, { key: spec.feeGrid!.columns[i], label: h.label }])) };
    }
  }

  private closeSection(): void {
    const s = this.current;
    if (!s) return;
    for (const item of s.items) if (s.noteRefs.length) item.noteRefs = unique([...s.noteRefs, ...(item.noteRefs ?? [])]);
    s.section.items = s.items;
    if (s.notes.length) s.section.notes = s.notes;
    this.done.push(s);
    this.out.sections.push(s.section);
    this.fee = undefined;
  }

  private lookupField(l: Line, label: string): FieldSpec {
    const fields = this.current!.spec.fields;
    const name = Object.keys(fields).find((k) => norm(k) === norm(label));
    if (!name) this.fail(l.line, `unknown field "${label}" in section "${this.current!.section.title}"`);
    const id = `${this.current!.spec.key}/${name}`;
    if (this.seen.has(id)) this.fail(l.line, `field "${label}" appears twice`);
    this.seen.add(id);
    return fields[name];
  }

  private fieldRow(l: Line, cells: string[]): void {
    const label = clean(cells[1] ?? "");
    const rest = cells.slice(2);
    if (label.text) {
      const spec = this.lookupField(l, label.text);
      this.field = { spec, line: l.line, label: label.text, noteRefs: label.noteRefs };
      this.firstRow(l, rest);
    } else {
      if (!this.field) this.fail(l.line, "continuation row without a field above it");
      this.continuationRow(l, rest);
    }
  }

  private push(item: Item): Item {
    this.current!.items.push(item);
    return item;
  }

  private base(key: string, text: string, level: Level, noteRefs: string[], group?: string) {
    return { key, ...(group ? { group } : {}), text, level, ...(noteRefs.length ? { noteRefs: unique(noteRefs) } : {}) };
  }

  private firstRow(l: Line, rest: string[]): void {
    const f = this.field!;
    const spec = f.spec;
    switch (spec.shape) {
      case "scalar":
      case "choice":
        f.item = this.push(this.sub(l, spec, spec.key, f.label, f.noteRefs, undefined, rest));
        return;
      case "derived": {
        const options = this.optionsOf(l, rest);
        if (options.length !== 2) this.fail(l.line, `「${f.label}」 should offer two outcomes, found ${options.length}`);
        const ticked = options.filter((o) => o.checked);
        if (ticked.length > 1) this.fail(l.line, `「${f.label}」 has both outcomes ticked`);
        this.out.compliance = { pass: options[0].label, fail: options[1].label, line: l.line };
        if (ticked.length) this.out.declared = { label: ticked[0].label, line: l.line };
        f.item = this.push({ ...this.base(spec.key, f.label, "required", f.noteRefs), answer: { kind: "derived", result: spec.result } });
        return;
      }
      case "group":
        return this.groupRow(l, rest);
      case "table": {
        f.item = this.push({ ...this.base(spec.key, f.label, spec.level, f.noteRefs), answer: { kind: "table", rows: [], columns: [] } });
        this.tables.set(spec.key, f.item);
        return this.tableRow(l, f.item, spec.columns, clean(rest[0] ?? "").text, rest.slice(1), spec.rows);
      }
      case "tableRow": {
        const table = this.tables.get(spec.table);
        if (!table || table.answer.kind !== "table") this.fail(l.line, `「${f.label}」 printed before its table`);
        if (!isBlank(rest[0] ?? "")) this.fail(l.line, `「${f.label}」 has an unexpected sub-label "${rest[0]}"`);
        table.noteRefs = unique([...(table.noteRefs ?? []), ...f.noteRefs]);
        const tableSpec = Object.values(this.current!.spec.fields).find((s) => s.shape === "table" && s.key === spec.table);
        this.tableRow(l, table, tableSpec && tableSpec.shape === "table" ? tableSpec.columns : [], f.label, rest.slice(1), { [f.label]: spec.row });
        return;
      }
      case "measures": {
        const cells = rest.filter((c) => !isBlank(c));
        if (cells.length !== spec.fields.length) this.fail(l.line, `「${f.label}」: expected ${spec.fields.length} values, found ${cells.length}`);
        const fields: SubField[] = [];
        const answer: Record<string, number | string> = {};
        cells.forEach((cell, i) => {
          const m = parseMeasure(cell);
          if (!m) this.fail(l.line, `「${f.label}」: cannot read "${cell}" as 「word number unit」`);
          // A measure the form answers with 「-」 (処理可能件数 「年間 - 件」) takes 「-」 as an answer: kept as printed.
          fields.push({ key: spec.fields[i], ...(spec.asPrefix ? { prefix: m.word } : { label: m.word }), type: "number", unit: m.unit, integer: true, min: 0, ...(m.dash ? { dash: true as const } : {}) });
          if (m.value !== undefined) answer[spec.fields[i]] = m.value;
          if (m.dash) {
            answer[spec.fields[i]] = "-";
            this.repairs.push({ line: l.line, kind: "dash-kept", message: `「${f.label}」 ${m.word}: the form's 「-」 kept as the answer; the field takes 「-」 or a number` });
          }
        });
        f.item = this.push({ ...this.base(spec.key, f.label, spec.level, f.noteRefs), answer: { kind: "composite", fields } });
        if (Object.keys(answer).length) this.out.answers[spec.key] = answer;
        return;
      }
      case "countWithDetail": {
        const cells = rest.filter((c) => !isBlank(c));
        const m = cells.length === 1 ? clean(cells[0]).text.match(/^([0-9０-９]*)\s*([^\d\s０-９（(]+)\s*[（(]\s*([^：:]+?)\s*[：:]\s*(.*?)\s*[）)]$/) : null;
        if (!m) this.fail(l.line, `「${f.label}」: expected 「N単位（名称：…）」`);
        const [countKey, detailKey] = spec.fields;
        f.item = this.push({
          ...this.base(spec.key, f.label, spec.level, f.noteRefs),
          answer: {
            kind: "composite",
            fields: [
              { key: countKey, type: "number", unit: m[2], integer: true, min: 0 },
              { key: detailKey, label: m[3], type: "text" },
            ],
          },
        });
        const answer: Record<string, unknown> = {};
        if (m[1]) answer[countKey] = parseNumber(m[1]);
        if (m[4]) answer[detailKey] = m[4];
        if (Object.keys(answer).length) this.out.answers[spec.key] = answer;
        return;
      }
    }
  }

  private continuationRow(l: Line, rest: string[]): void {
    const f = this.field!;
    const spec = f.spec;
    if (spec.shape === "group") return this.groupRow(l, rest);
    if (spec.shape === "table") return this.tableRow(l, f.item!, spec.columns, clean(rest[0] ?? "").text, rest.slice(1), spec.rows);
    if (spec.shape === "choice" && f.item?.answer.kind === "choice") {
      // Options laid out over two rows (システム専用区画・施設の有無): one choice.
      const more = this.optionsOf(l, rest);
      this.extendChoice(l, spec, f.item, more);
      this.repairs.push({ line: l.line, kind: "wrapped-options", message: `options of 「${f.label}」 continued on the next row joined into one choice` });
      return;
    }
    this.fail(l.line, `unexpected continuation row under 「${f.label}」`);
  }

  private groupRow(l: Line, rest: string[]): void {
    const f = this.field!;
    const spec = f.spec;
    if (spec.shape !== "group") return;
    const subLabel = clean(rest[0] ?? "");
    const name = Object.keys(spec.sub).find((k) => norm(k) === norm(subLabel.text));
    if (!name) this.fail(l.line, `unknown row 「${subLabel.text}」 under 「${f.label}」`);
    const id = `${spec.key}/${name}`;
    if (this.seen.has(id)) this.fail(l.line, `row 「${subLabel.text}」 appears twice under 「${f.label}」`);
    this.seen.add(id);
    const sub = spec.sub[name];
    f.item = this.push(this.sub(l, sub, `${spec.key}.${sub.key}`, subLabel.text, [...f.noteRefs, ...subLabel.noteRefs], f.label, rest.slice(1)));
  }

  /** A scalar or choice item from its value cells; records the example answer. */
  private sub(l: Line, spec: SubSpec, key: string, text: string, noteRefs: string[], group: string | undefined, cells: string[]): Item {
    const base = this.base(key, text, spec.level, noteRefs, group);
    if (spec.shape === "choice") {
      const item: Item = { ...base, answer: { kind: "choice", multiple: spec.multiple, options: [] } };
      this.extendChoice(l, spec, item, this.optionsOf(l, cells));
      return item;
    }
    const filled = cells.map((c) => clean(c).text).filter(Boolean);
    if (filled.length > 1) this.fail(l.line, `「${text}」: one value expected, found ${filled.length} cells`);
    if (filled[0] !== undefined && parseOptions(cells.find((c) => !isBlank(c))!)) this.fail(l.line, `「${text}」: check boxes where a ${spec.type} value is expected`);
    const value = filled[0];
    if (value !== undefined) this.scalarAnswer(l, key, text, spec.type, value);
    return { ...base, answer: { kind: spec.type } };
  }

  private scalarAnswer(l: Line, key: string, label: string, type: FieldType, value: string): void {
    if (isDash(value)) return this.dash(l, `「${label}」`);
    let answer: string = value;
    if (type === "tel") {
      // The seed writes the hyphens of 「03 一 5767 一 8195」 with the kanji 一.
      const fixed = value.replace(/\s*[一ー－—‐―−-]\s*/g, "-").replace(/\s+/g, "");
      if (!/^\+?\d[\d-]*\d$/.test(fixed)) this.fail(l.line, `「${label}」: "${value}" is not a phone number`);
      if (fixed !== value) this.repairs.push({ line: l.line, kind: "tel-normalised", message: `「${label}」 "${value}" read as "${fixed}"` });
      answer = fixed;
    } else if (type === "date") {
      const date = parseJapaneseDate(value);
      if (!date || date.precision !== "day") this.fail(l.line, `「${label}」: "${value}" is not a date`);
      answer = date.iso;
    } else if (type === "url" && !/^https?:\/\/\S+$/.test(value)) this.fail(l.line, `「${label}」: "${value}" is not a URL`);
    else if (type === "email" && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) this.fail(l.line, `「${label}」: "${value}" is not an e-mail address`);
    this.out.answers[key] = answer;
  }

  private dash(l: Line, what: string): void {
    this.repairs.push({ line: l.line, kind: "dash-placeholder", message: `${what}: a dash written instead of a value, read as no answer` });
  }

  private optionsOf(l: Line, cells: string[]): { label: string; checked: boolean }[] {
    const options: { label: string; checked: boolean }[] = [];
    for (const cell of cells) {
      if (isBlank(cell)) continue;
      const parsed = parseOptions(cell);
      if (!parsed) this.fail(l.line, `expected check boxes, found "${clean(cell).text.slice(0, 40)}"`);
      options.push(...parsed);
    }
    if (!options.length) this.fail(l.line, "expected check boxes, found none");
    return options;
  }

  /** Adds printed options to a choice item, zipping them with the spec's values; records what is ticked. */
  private extendChoice(l: Line, spec: ChoiceSpec, item: Item, printed: { label: string; checked: boolean }[]): void {
    if (item.answer.kind !== "choice") return;
    const options = item.answer.options;
    if (!this.choices.has(item)) this.choices.set(item, { spec, line: l.line });
    const start = options.length;
    if (start + printed.length > spec.options.length) this.fail(l.line, `「${item.text}」: ${start + printed.length} options printed, ${spec.options.length} expected`);
    const previous = (this.out.answers[item.key] as ChoiceAnswer | undefined) ?? { selected: [] as string[] };
    const selected = Array.isArray(previous.selected) ? [...previous.selected] : [previous.selected];
    const extra: Record<string, string> = { ...(previous.extra ?? {}) };
    printed.forEach((p, i) => {
      const def = spec.options[start + i];
      const value = def.replace(/\+$/, "");
      let option: ChoiceOption = { value, label: p.label };
      if (def.endsWith("+")) {
        const split = splitExtra(p.label);
        if (!split) this.fail(l.line, `「${item.text}」: option "${p.label}" has no （ ） blank`);
        option = { value, label: split.label, extra: { label: split.extraLabel } };
        if (p.checked && split.value) extra[value] = split.value;
      }
      options.push(option);
      if (p.checked) selected.push(value);
    });
    if (!spec.multiple && selected.length > 1) this.fail(l.line, `「${item.text}」: single choice with ${selected.length} options ticked`);
    if (selected.length) {
      this.out.answers[item.key] = { selected: spec.multiple ? selected : selected[0], ...(Object.keys(extra).length ? { extra } : {}) } satisfies ChoiceAnswer;
    }
  }

  /** One row of a number grid: the row key from its sub-label, one 「word number unit」 cell per column. */
  private tableRow(l: Line, item: Item, columnKeys: string[], rowLabel: string, cells: string[], rows: Record<string, string>): void {
    if (item.answer.kind !== "table") return;
    const name = Object.keys(rows).find((k) => norm(k) === norm(rowLabel));
    if (!name) this.fail(l.line, `unknown row 「${rowLabel}」 in 「${item.text}」`);
    const key = rows[name];
    if (item.answer.rows.some((r) => r.key === key)) this.fail(l.line, `row 「${rowLabel}」 appears twice in 「${item.text}」`);
    item.answer.rows.push({ key, label: rowLabel });
    const filled = cells.filter((c) => !isBlank(c));
    if (filled.length !== columnKeys.length) this.fail(l.line, `「${item.text}」 row 「${rowLabel}」: ${filled.length} cells for ${columnKeys.length} columns`);
    const values: Record<string, number> = {};
    filled.forEach((cell, i) => {
      const m = parseMeasure(cell);
      if (!m) this.fail(l.line, `「${item.text}」: cannot read "${cell}" as 「column number unit」`);
      const column = item.answer.kind === "table" ? item.answer.columns[i] : undefined;
      if (!column) (item.answer as { columns: SubField[] }).columns.push({ key: columnKeys[i], label: m.word, type: "number", unit: m.unit, integer: true, min: 0 });
      else if (column.label !== m.word || column.unit !== m.unit) this.fail(l.line, `「${item.text}」: column ${i + 1} is 「${m.word}…${m.unit}」 here but 「${column.label}…${column.unit}」 above`);
      if (m.value !== undefined) values[columnKeys[i]] = m.value;
      if (m.dash) this.dash(l, `「${item.text}」 ${rowLabel} ${m.word}`);
    });
    if (Object.keys(values).length) {
      const answer = (this.out.answers[item.key] as Record<string, Record<string, number>> | undefined) ?? {};
      answer[key] = values;
      this.out.answers[item.key] = answer;
    }
  }

  /** 事務手数料等: label (or the label above), sub-label, then values lined up under the header cells. */
  private feeRow(l: Line, cells: string[]): void {
    const spec = this.current!.spec.feeGrid!;
    const fee = this.fee!;
    if (!isBlank(cells[0])) return; // the section row itself: headers already read
    const label = clean(cells[1] ?? "");
    if (label.text && Object.keys(this.current!.spec.fields).some((k) => norm(k) === norm(label.text))) {
      fee.rowLabel = undefined;
      return this.fieldRow(l, cells);
    }
    const rowLabel = label.text || fee.rowLabel;
    if (!rowLabel) this.fail(l.line, "fee row without a label");
    const rowName = Object.keys(spec.rows).find((k) => norm(k) === norm(rowLabel));
    if (!rowName) this.fail(l.line, `unknown fee row 「${rowLabel}」`);
    fee.rowLabel = rowLabel;
    const rowSpec = spec.rows[rowName];
    const subLabel = clean(cells[2] ?? "");
    let target: { row: string } | { choice: string; level: Level; options: string[] };
    let text = rowLabel;
    // The row as the spec names it: printed labels may differ in width or spacing (matched by `norm`).
    let specName = rowName;
    const noteRefs = [...label.noteRefs, ...subLabel.noteRefs];
    if ("sub" in rowSpec) {
      const subName = Object.keys(rowSpec.sub).find((k) => norm(k) === norm(subLabel.text));
      if (!subName) this.fail(l.line, `unknown fee row 「${rowLabel} ${subLabel.text}」`);
      target = rowSpec.sub[subName];
      text = `${rowLabel} ${subLabel.text}`;
      specName = `${rowName} ${subName}`;
    } else {
      if (subLabel.text) this.fail(l.line, `unexpected sub-label 「${subLabel.text}」 under 「${rowLabel}」`);
      target = rowSpec;
    }
    const id = `fees/${specName}`;
    if (this.seen.has(id)) this.fail(l.line, `fee row 「${text}」 appears twice`);
    this.seen.add(id);

    // Value cells sit at index 3 onwards and line up with the header cells of the section row.
    const values = new Map<string, string>();
    cells.forEach((cell, index) => {
      if (index < 3 || isBlank(cell)) return;
      const column = fee.columns.get(index);
      if (!column) this.fail(l.line, `fee value "${clean(cell).text}" is not under any column header`);
      values.set(column.key, cell);
    });
    const columns = [...fee.columns.values()];
    if (!fee.item) {
      const unreachable = [...fee.columns.entries()].filter(([index]) => index < 3).map(([, c]) => c.label);
      if (unreachable.length) {
        this.repairs.push({
          line: this.current!.line,
          kind: "shifted-header",
          message: `fee column header(s) ${unreachable.map((u) => `「${u}」`).join("")} printed over the row-label cells: no value can line up with them, so those columns are empty in this seed; values are assigned by header position to ${columns
            .filter((c) => !unreachable.includes(c.label))
            .map((c) => `「${c.label}」`)
            .join("")}`,
        });
      }
      fee.item = this.push({
        ...this.base(spec.key, clean(this.current!.section.title).text, spec.level, []),
        answer: { kind: "table", rows: [], columns: columns.map((c) => ({ key: c.key, label: c.label, type: "text" as const })) },
      });
    }
    const table = fee.item;
    if (noteRefs.length) table.noteRefs = unique([...(table.noteRefs ?? []), ...noteRefs]);
    if ("row" in target) {
      if (table.answer.kind === "table") table.answer.rows.push({ key: target.row, label: text });
      for (const [col, cell] of values) {
        const v = clean(cell).text;
        if (parseOptions(cell)) this.fail(l.line, `fee row 「${text}」: check boxes where an amount is expected`);
        const answer = (this.out.answers[spec.key] as Record<string, Record<string, string>> | undefined) ?? {};
        (answer[target.row] ??= {})[col] = v;
        this.out.answers[spec.key] = answer;
      }
      return;
    }
    // A choice row: one choice item per column (a table cell cannot hold check boxes).
    const printed = [...values.entries()];
    if (!printed.length) this.fail(l.line, `fee row 「${text}」 prints no check boxes`);
    const [templateCol, templateCell] = printed[0];
    const optionsPrinted = this.optionsOf(l, [templateCell]);
    const choiceSpec: ChoiceSpec = { shape: "choice", key: target.choice, level: target.level, multiple: false, options: target.options };
    for (const column of columns) {
      const cell = values.get(column.key);
      const item: Item = { ...this.base(`${target.choice}.${column.key}`, `${subLabel.text}（${column.label}）`, target.level, noteRefs, rowLabel), answer: { kind: "choice", multiple: false, options: [] } };
      if (cell) this.extendChoice(l, choiceSpec, item, this.optionsOf(l, [cell]));
      else {
        // Same options as the printed column; nothing ticked.
        this.extendChoice(l, choiceSpec, item, optionsPrinted.map((o) => ({ label: o.label, checked: false })));
        this.repairs.push({
          line: l.line,
          kind: "options-assumed",
          message: `「${text}」 has no cell under 「${column.label}」: its options are taken from the 「${columns.find((c) => c.key === templateCol)?.label}」 cell`,
        });
      }
      this.push(item);
    }
  }

  finish(endLine: number): Overview {
    this.closeSection();
    // Every field, sub-row and fee row of the spec must have been printed.
    for (const [title, spec] of Object.entries(OVERVIEW_SECTIONS)) {
      if (!this.done.some((s) => s.spec === spec)) this.fail(endLine, `section 「${title}」 missing from the overview (truncated seed?)`);
      for (const [name, field] of Object.entries(spec.fields)) {
        if (!this.seen.has(`${spec.key}/${name}`)) this.fail(endLine, `field 「${name}」 missing from section 「${title}」`);
        if (field.shape === "group")
          for (const sub of Object.keys(field.sub)) if (!this.seen.has(`${field.key}/${sub}`)) this.fail(endLine, `row 「${sub}」 missing under 「${name}」`);
        if (field.shape === "table") {
          const item = this.tables.get(field.key);
          const printed = item?.answer.kind === "table" ? item.answer.rows.map((r) => r.key) : [];
          for (const row of Object.values(field.rows)) if (!printed.includes(row)) this.fail(endLine, `row ${row} missing from 「${name}」`);
        }
      }
      if (spec.feeGrid)
        for (const [row, r] of Object.entries(spec.feeGrid.rows)) {
          const names = "sub" in r ? Object.keys(r.sub).map((s) => `${row} ${s}`) : [row];
          for (const n of names) if (!this.seen.has(`fees/${n}`)) this.fail(endLine, `fee row 「${n}」 missing`);
        }
    }
    for (const [item, { spec, line }] of this.choices)
      if (item.answer.kind === "choice" && item.answer.options.length !== spec.options.length)
        this.fail(line, `「${item.text}」: ${item.answer.options.length} options printed, ${spec.options.length} expected`);
    if (!this.out.lastUpdated) this.fail(endLine, "the overview has no 最終更新日 row");
    return this.out;
  }
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}

// ---- the 別添 checklist -----------------------------------------------------------------------------------------

type ChecklistItem = { number: string; text: string; checkPoints: string[]; noteRefs: string[]; line: number; answer?: ChecklistAnswer };
type ChecklistSection = { key: string; title: string; line: number; items: ChecklistItem[]; notes: Note[] };
type Checklist = {
  title: string;
  shortTitle: string;
  edition: string;
  description: string[];
  lastUpdated?: { iso: string; line: number };
  statusLabels: { done: string; planned: string; line: number };
  sections: ChecklistSection[];
};

const CHECKLIST_HEADER_RE = /^No\t(チェック項目)\t([^\t]+)\t([^\t]+?)\t?$/;
const ITEM_RE = /^(\d+)\.\t([^\t]*)\t([^\t]*)\t([^\t]*)\t?$/;

function parseChecklist(lines: Line[], repairs: Repair[]): Checklist {
  const fail: (line: number, reason: string) => never = (line, reason) => {
    throw new SeedParseError(AGENCY_SEED, line, reason);
  };
  const head = lines[0];
  const heading = clean(head.text.replace(/^\s*別添\s*/, "")).text;
  // Split at the edition as printed (「第 5.2 版」 may carry spaces); the edition itself is kept without them.
  const printedEdition = heading.match(/第\s*[\d.]+\s*版/)?.[0];
  if (!printedEdition) fail(head.line, "the 別添 heading names no edition (第N版)");
  const edition = printedEdition.replace(/\s+/g, "");
  const [before, after] = heading.split(printedEdition).map((s) => s.trim());
  if (!before || !after) fail(head.line, "unreadable 別添 heading");
  const out: Checklist = {
    title: `${before} ${after}`,
    shortTitle: after,
    edition,
    description: [],
    statusLabels: { done: "", planned: "", line: 0 },
    sections: [],
  };
  let section: ChecklistSection | undefined;
  let headerSeen = false;
  let lastNote: Note | undefined;
  const nextContent = (i: number) => lines.slice(i + 1).find((l) => !isBlank(l.text));

  for (const [i, l] of lines.entries()) {
    if (i === 0 || isBlank(l.text)) continue;
    const raw = l.text;
    if (isTableRule(raw)) {
      repairs.push({ line: l.line, kind: "table-rule", message: "table rule line (----) left by the extraction skipped" });
      continue;
    }
    const header = raw.match(CHECKLIST_HEADER_RE);
    if (header) {
      lastNote = undefined;
      if (!section) fail(l.line, "checklist header row before any section title");
      const done = header[2].trim();
      const planned = header[3].trim().replace(/[（(][^）)]*[）)]$/, "");
      if (out.statusLabels.done && (out.statusLabels.done !== done || out.statusLabels.planned !== planned)) fail(l.line, `status columns 「${done}」「${planned}」 differ from the first header`);
      if (!out.statusLabels.done) out.statusLabels = { done, planned, line: l.line };
      if (headerSeen)
        repairs.push({ line: l.line, kind: "page-header", message: `repeated table header (page break) inside 「${section.title}」 skipped` });
      headerSeen = true;
      continue;
    }
    const item = raw.match(ITEM_RE);
    if (item) {
      lastNote = undefined;
      if (!section || !headerSeen) fail(l.line, "checklist item before any section header");
      const expected = section.items.length + 1;
      if (Number(item[1]) !== expected) fail(l.line, `item ${item[1]}. in 「${section.title}」 where ${expected}. was expected (a row is missing or out of order)`);
      section.items.push({ number: item[1], line: l.line, ...splitItemText(l, item[2], repairs), answer: readStatus(l, item[3], item[4], repairs, fail) });
      continue;
    }
    if (raw.includes("\t")) {
      const cells = raw.split("\t");
      if (/^\s*更新情報\s*$/.test(cells[0])) {
        const date = parseJapaneseDate(cells[2] ?? "");
        if (!/最終更新日/.test(cells[1] ?? "") || !date || date.precision !== "day") fail(l.line, "unreadable 最終更新日 row");
        if (out.lastUpdated || section) fail(l.line, "unexpected 最終更新日 row");
        out.lastUpdated = { iso: date.iso, line: l.line };
        continue;
      }
      fail(l.line, `checklist row cannot be placed: "${raw.slice(0, 40)}"`);
    }
    const text = raw.trim();
    const note = text.match(NOTE_RE);
    if (note) {
      if (!section) fail(l.line, `note ${note[1]} before any section`);
      const id = `注${note[1]}`;
      if (out.sections.some((s) => s.notes.some((n) => n.id === id))) fail(l.line, `duplicate note ${id}`);
      lastNote = { id, text: clean(note[2]).text };
      if (!lastNote.text) fail(l.line, `note ${id} has no text`);
      section.notes.push(lastNote);
      continue;
    }
    if (!section && text.startsWith("*")) {
      out.description.push(text.replace(/^\*\s*/, ""));
      continue;
    }
    const next = nextContent(i);
    if (next && CHECKLIST_HEADER_RE.test(next.text)) {
      const key = CHECKLIST_SECTIONS[Object.keys(CHECKLIST_SECTIONS).find((k) => norm(k) === norm(text)) ?? ""];
      if (!key) fail(l.line, `unknown checklist section 「${text}」`);
      if (out.sections.some((s) => s.key === key)) fail(l.line, `checklist section 「${text}」 appears twice`);
      section = { key, title: clean(text).text, line: l.line, items: [], notes: [] };
      out.sections.push(section);
      headerSeen = false;
      lastNote = undefined;
      continue;
    }
    if (lastNote) {
      lastNote.text = joinWrapped(lastNote.text, clean(text).text);
      repairs.push({ line: l.line, kind: "wrapped-note", message: `continuation of ${lastNote.id} joined to the note text` });
      continue;
    }
    if (!section) {
      out.description.push(clean(text).text);
      continue;
    }
    fail(l.line, `line cannot be placed in the checklist: "${text.slice(0, 40)}"`);
  }

  const last = lines[lines.length - 1]?.line ?? head.line;
  for (const [title, key] of Object.entries(CHECKLIST_SECTIONS))
    if (!out.sections.some((s) => s.key === key)) fail(last, `checklist section 「${title}」 missing (truncated seed?)`);
  for (const s of out.sections) {
    if (!s.items.length) fail(s.line, `checklist section 「${s.title}」 has no items`);
    for (const it of s.items)
      for (const ref of it.noteRefs)
        if (!s.notes.some((n) => n.id === ref)) fail(it.line, `item ${s.title} ${it.number}. refers to ${ref}, which is not printed (truncated seed?)`);
  }
  if (!out.lastUpdated) fail(last, "the checklist has no 最終更新日 row");
  // The scale is fixed by the product; make sure the printed columns are the ones it names.
  const scaleLabel = (v: string) => MINIMUM_GUIDELINE_SCALE.options.find((o) => o.value === v)?.label;
  if (out.statusLabels.done !== scaleLabel("implemented") || out.statusLabels.planned !== scaleLabel("planned"))
    fail(out.statusLabels.line, `status columns 「${out.statusLabels.done}」「${out.statusLabels.planned}」 are not the scale's 実施済/実施予定`);
  return out;
}

/**
 * Item text → lead sentence + list entries. Lists are printed inline: 「 ・ A ・ B」 (bullet marks dropped) or
 * 「 (b) A (c) B」 (the letters kept, they are how the guideline cites them).
 */
function splitItemText(l: Line, raw: string, repairs: Repair[]): { text: string; checkPoints: string[]; noteRefs: string[] } {
  const c = clean(raw);
  if (c.html) repairs.push({ line: l.line, kind: "html-stripped", message: "stray HTML list markup (<ul …>) removed from the item text" });
  if (!c.text) throw new SeedParseError(AGENCY_SEED, l.line, "checklist item without text");
  let parts: string[];
  if (/(?:^|\s)・\s/.test(c.text)) parts = c.text.split(/\s*(?:^|\s)・\s+/).map((p) => p.trim());
  else if (/\s\([a-z]\)\s/.test(c.text)) parts = c.text.split(/\s+(?=\([a-z]\)\s)/).map((p) => p.trim());
  else return { text: c.text, checkPoints: [], noteRefs: c.noteRefs };
  const [lead, ...points] = parts;
  if (!lead || points.some((p) => !p)) throw new SeedParseError(AGENCY_SEED, l.line, "cannot split the item's list");
  return { text: lead, checkPoints: points, noteRefs: c.noteRefs };
}

/** The 実施済 / 実施予定(実施時期) cells of one checklist row. */
function readStatus(l: Line, doneCell: string, plannedCell: string, repairs: Repair[], fail: (line: number, reason: string) => never): ChecklistAnswer | undefined {
  const done = doneCell.trim();
  if (done !== "■" && done !== "□") fail(l.line, `実施済 cell "${done}" is neither ■ nor □`);
  const m = plannedCell.trim().match(/^([■□])?\s*(?:[（(]\s*(.*?)\s*[）)])?$/);
  if (!m) fail(l.line, `実施予定 cell "${plannedCell}" cannot be read`);
  const [, mark, inner = ""] = m;
  if (done === "■") {
    if (mark === "■") fail(l.line, "both 実施済 and 実施予定 ticked");
    if (!mark && inner) {
      // 「(IoT機器ではなくIT機器として回答)」: a remark written where the 実施予定 box should be.
      repairs.push({ line: l.line, kind: "remark-in-status-column", message: `the 実施予定 cell holds a remark instead of □(): "${inner}" kept as the answer's remark` });
      return { status: "implemented", remark: inner };
    }
    if (inner) fail(l.line, `実施済 ticked but the 実施予定 cell says "${inner}"`);
    return { status: "implemented" };
  }
  if (mark !== "■") {
    repairs.push({ line: l.line, kind: "unanswered", message: "neither 実施済 nor 実施予定 ticked: left unanswered" });
    return undefined;
  }
  if (/対象事項無/.test(inner)) {
    repairs.push({ line: l.line, kind: "planned-as-not-applicable", message: `「実施予定(${inner})」 used to mean not applicable: read as 対象外 with reason "${inner}"` });
    return { status: "notApplicable", reason: inner };
  }
  const month = parseJapaneseDate(inner);
  if (month) return { status: "planned", month: month.iso.slice(0, 7) };
  repairs.push({ line: l.line, kind: "planned-without-month", message: `実施予定 ticked with "${inner}" instead of a 実施時期` });
  return inner ? { status: "planned", remark: inner } : { status: "planned" };
}

/** Template sections of the checklist; `prefix` keeps keys and note ids unique inside the agency form. */
function checklistSections(list: Checklist, prefix: { key: string; note: string }): Section[] {
  return list.sections.map((s) => ({
    key: `${prefix.key}${s.key}`,
    title: s.title,
    ...(s.notes.length ? { notes: s.notes.map((n) => ({ id: `${prefix.note}${n.id}`, text: n.text })) } : {}),
    items: s.items.map(
      (it): Item => ({
        key: `${prefix.key}${s.key}.${it.number}`,
        number: it.number,
        text: it.text,
        level: "required", // the *minimum* guideline: every item applies
        answer: { kind: "status", scale: MINIMUM_GUIDELINE_SCALE.key },
        ...(it.checkPoints.length ? { checkPoints: it.checkPoints } : {}),
        ...(it.noteRefs.length ? { noteRefs: it.noteRefs.map((r) => `${prefix.note}${r}`) } : {}),
      }),
    ),
  }));
}

// ---- entry point -------------------------------------------------------------------------------------------------

export function parseAgency(text: string): ParseResult & { example: ExampleAnswers } {
  const lines = numberedLines(text);
  const content = lines.filter((l) => !isBlank(l.text));
  if (!content.length) throw new SeedParseError(AGENCY_SEED, 1, "empty seed");
  const first = content[0];
  if (first.text.includes("\t") || !/重要事項の概要/.test(first.text) || !/代行機関/.test(first.text))
    throw new SeedParseError(AGENCY_SEED, first.line, `not a 代行機関 disclosure: first line is "${first.text.slice(0, 40)}"`);
  const split = lines.find((l) => /^別添/.test(l.text.trim()) && /チェックリスト/.test(l.text));
  if (!split) throw new SeedParseError(AGENCY_SEED, lines.length, "the 別添 チェックリスト part is missing (truncated seed?)");

  const repairs: Repair[] = [];
  const overviewParser = new OverviewParser(repairs, clean(first.text).text);
  for (const l of lines.slice(first.line, split.line - 1)) overviewParser.feed(l);
  const overview = overviewParser.finish(split.line - 1);
  const list = parseChecklist(lines.slice(split.line - 1), repairs);

  if (!overview.compliance) throw new SeedParseError(AGENCY_SEED, split.line - 1, "「ガイドラインの遵守」 missing");
  const compliance = overview.compliance;
  const labels = { pass: compliance.pass, fail: compliance.fail, incomplete: INCOMPLETE_LABEL };

  // Example checklist answers and the consistency checks the product is built to make visible.
  const answers: Record<string, unknown> = { ...overview.answers };
  let ticked = 0;
  for (const s of list.sections)
    for (const it of s.items) {
      if (it.answer) answers[`appendix.${s.key}.${it.number}`] = it.answer;
      if (it.answer && it.answer.status !== "implemented") ticked++;
    }
  if (overview.declared?.label === compliance.pass && ticked > 0)
    repairs.push({
      line: overview.declared.line,
      kind: "declared-vs-rule",
      message: `declares 「${compliance.pass}」 while ${ticked} checklist item(s) are ticked ${list.statusLabels.planned} (注8: that means 「${compliance.fail}」); kept as declared, the portal derives the result`,
    });
  const overviewDate = overview.lastUpdated!;
  const checklistDate = list.lastUpdated!;
  if (overviewDate.iso !== checklistDate.iso)
    repairs.push({
      line: checklistDate.line,
      kind: "date-mismatch",
      message: `the checklist's 最終更新日 ${checklistDate.iso} differs from the overview's ${overviewDate.iso} (line ${overviewDate.line}); both kept as printed`,
    });

  const source = (document: string, edition: string) => ({ document, edition, publisher: PUBLISHER, seed: AGENCY_SEED });
  const checklistDescription = list.description.join("\n");

  const agency: Template = {
    id: "agency-disclosure",
    version: "1.0.0",
    title: overview.title,
    description: overview.description.join("\n"),
    language: "ja",
    source: source(overview.title, `別添 ${list.shortTitle} ${list.edition}`),
    scales: [MINIMUM_GUIDELINE_SCALE],
    derived: [{ rule: "allMet", key: "guidelineCompliance", title: "ガイドラインの遵守", scope: "appendix", labels }],
    sections: [
      ...overview.sections,
      {
        key: "appendix",
        title: `別添 ${list.shortTitle}`,
        ...(checklistDescription ? { description: checklistDescription } : {}),
        sections: checklistSections(list, { key: "appendix.", note: "別添" }),
      },
    ],
  };

  const checklist: Template = {
    id: "minimum-guideline-checklist",
    version: "1.0.0",
    title: list.title,
    shortTitle: list.shortTitle,
    ...(checklistDescription ? { description: checklistDescription } : {}),
    language: "ja",
    source: source(list.title, list.edition),
    scales: [MINIMUM_GUIDELINE_SCALE],
    derived: [{ rule: "allMet", key: "guidelineCompliance", title: "ガイドラインの遵守", labels }],
    sections: checklistSections(list, { key: "", note: "" }),
  };

  // A remark printed in a status cell is the vendor's note on that item, not part of the answer value.
  const notes: Record<string, string> = {};
  for (const [key, value] of Object.entries(answers)) {
    const remark = (value as { remark?: string } | undefined)?.remark;
    if (remark === undefined) continue;
    notes[key] = remark;
    const { remark: _remark, ...rest } = value as { remark?: string };
    answers[key] = rest;
  }
  const example: ExampleAnswers = {
    templateId: "agency-disclosure",
    lastUpdated: { overview: overviewDate.iso, checklist: checklistDate.iso },
    answers,
    notes,
    declared: { guidelineCompliance: overview.declared?.label ?? "" },
  };
  return { templates: [agency, checklist], repairs: repairs.sort((a, b) => a.line - b.line), example };
}
