// Export → import of every built-in template gives the same template and the same content hash the template
// registry stores; the workbook reads as a plain official-looking sheet; texts edited in Excel come back.
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { syncBuiltinTemplates } from "../app/models/template.server.js";
import { compareVersions, loadTemplateDirectory, walkItems } from "../disclosures/template-loader.js";
import { templateContentHash } from "../disclosures/template-summary.js";
import type { Template } from "../disclosures/template-schema.js";
import { exportTemplate, parseMapping, previewImport, readWorkbook, type WorkbookMapping } from "../disclosures/workbook/index.js";
import { freshDatabase, TEMPLATES_DIR } from "./helpers/db.js";

// The latest version of each built-in form (the archived 1.0.0 files are older versions of the same forms).
const templates = [...new Map(loadTemplateDirectory(TEMPLATES_DIR).sort((a, b) => compareVersions(a.version, b.version)).map((t) => [t.id, t] as const)).values()];
const byId = (id: string) => templates.find((t) => t.id === id)!;
// Exported inside each test, not once in a beforeAll: mutation testing (docs/mutation.md) counts only code run inside a
// test as covered by it; code run in a hook is "static", and its mutants were left untested (Ignored).
const exportOf = (id: string) => exportTemplate(byId(id));
const exportAll = async () => new Map(await Promise.all(templates.map(async (t) => [t.id, await exportTemplate(t)] as const)));
const registryHashes = new Map<string, string>();
const { db } = freshDatabase();

beforeAll(async () => {
  await syncBuiltinTemplates(db, TEMPLATES_DIR);
  for (const row of await db.selectFrom("template_version").select(["template_id", "version", "content_hash"]).execute()) registryHashes.set(`${row.template_id}@${row.version}`, row.content_hash);
}, 120_000);
afterAll(() => db.destroy());

/** What an administrator's import sees: the workbook's bytes and the mapping as JSON text. */
async function reimport(workbook: Buffer, mapping: WorkbookMapping) {
  return previewImport(await readWorkbook(workbook, { fileName: "template.xlsx" }), JSON.parse(JSON.stringify(mapping)));
}

describe("export → import of the built-in templates", () => {
  it("covers all five", () => {
    expect(templates.map((t) => t.id).sort()).toEqual(["agency-disclosure", "cybersecurity-checklist", "hispro-checksheet", "minimum-guideline-checklist", "responsibility-checklist"]);
  });

  for (const id of ["agency-disclosure", "cybersecurity-checklist", "hispro-checksheet", "minimum-guideline-checklist", "responsibility-checklist"]) {
    it(`${id}: the same template, the registry's content hash`, async () => {
      const { workbook, mapping } = await exportOf(id);
      const preview = await reimport(workbook, mapping);
      expect(preview.problems.filter((p) => p.kind === "error")).toEqual([]);
      expect(preview.problems.filter((p) => p.kind === "skipped")).toEqual([]);
      expect(preview.contentHash).toBe(registryHashes.get(`${id}@${byId(id).version}`));
      expect(preview.contentHash).toBe(templateContentHash(byId(id)));
      expect(preview.template).toEqual(byId(id));
      expect(preview.itemCount).toBe([...walkItems(byId(id))].length);
    }, 60_000);
  }

  it("keeps in the mapping only what no cell can carry", async () => {
    const exported = await exportAll();
    const items = (id: string) => exported.get(id)!.mapping.items;
    expect(Object.keys(items("hispro-checksheet"))).toEqual([]);
    expect(Object.keys(items("cybersecurity-checklist"))).toEqual([]);
    expect(Object.keys(items("minimum-guideline-checklist"))).toEqual([]);
    // The 代行機関 form's choices, composite fields and tables.
    expect(Object.entries(items("agency-disclosure")).map(([key, extra]) => [key, extra.answer?.kind])).toEqual([
      ["agencyType", "choice"],
      ["staff", "table"],
      ["sites", "composite"],
      ["trackRecord", "choice"],
      ["service.target", "choice"],
      ["service.content", "choice"],
      ["serviceSelection.insurer", "choice"],
      ["serviceSelection.checkupProvider", "choice"],
      ["systemOwnership", "choice"],
      ["systemOperation", "choice"],
      ["systemFacility", "choice"],
      ["systemEngineers", "composite"],
      ["processingCapacity", "composite"],
      ["dataExchange.inbound", "choice"],
      ["dataExchange.outbound", "choice"],
      ["feeAmounts", "table"],
      ["separateBilling.insurer", "choice"],
      ["separateBilling.checkupProvider", "choice"],
      ["previousYearVolume", "composite"],
    ]);
    // One 役割分担 item repeats its detail labels (想定されるリスク, 推奨される対応例, twice each): one column per label cannot hold that.
    expect(Object.entries(items("responsibility-checklist")).map(([key, extra]) => [key, Object.keys(extra), extra.details?.map((d) => d.label)])).toEqual([
      ["p2.a.9", ["details"], ["想定されるリスク", "推奨される対応例", "想定されるリスク", "推奨される対応例"]],
    ]);
  });

  it("writes a mapping that is valid as it stands and names the scales from the registry", async () => {
    const exported = await exportAll();
    for (const t of templates) {
      const { mapping } = exported.get(t.id)!;
      expect(parseMapping(JSON.parse(JSON.stringify(mapping))).problems).toEqual([]);
    }
    expect(exported.get("hispro-checksheet")!.mapping.scales).toEqual([{ registry: "hispro", key: "hispro" }]);
    expect(exported.get("responsibility-checklist")!.mapping.scales).toEqual([{ registry: "responsibility", key: "responsibility" }]);
    expect(exported.get("agency-disclosure")!.mapping.answer.words).toEqual({
      文字列: { kind: "text" },
      電話番号: { kind: "tel" },
      URL: { kind: "url" },
      メールアドレス: { kind: "email" },
      "選択（個別定義）": "perItem",
      "表（個別定義）": "perItem",
      "複合（個別定義）": "perItem",
      複数行テキスト: { kind: "multiline" },
      "複数選択（個別定義）": "perItem",
      "自動判定（ガイドラインの遵守）": { kind: "derived", result: "guidelineCompliance" },
      日付: { kind: "date" },
      "実施済／実施予定／対象外": { kind: "status", scale: "minimumGuideline" },
    });
  });
});

describe("the exported workbook as an administrator sees it", () => {
  it("has a title block, one heading row, headings as merged rows, wrapped item text, level and reference columns", async () => {
    const hispro = new ExcelJS.Workbook();
    await hispro.xlsx.load((await exportOf("hispro-checksheet")).workbook as unknown as ExcelJS.Buffer);
    expect(hispro.worksheets.map((w) => w.name)).toEqual(["様式", "注記・説明"]);
    const ws = hispro.getWorksheet("様式")!;
    expect(ws.getCell("B1").value).toBe("HISPRO 外部保存・ASP/SaaS チェックシート");
    expect(ws.getCell("B2").value).toBe("出典：外部保存、ASP・SaaS チェックシート項目集　版表記なし　HISPRO");
    expect((ws.getRow(5).values as unknown[]).slice(1)).toEqual(["キー", "行の種類", "番号", "項目", "区分", "回答形式", "分類", "参照", "確認事項"]);
    expect(ws.getColumn(1).hidden).toBe(true);
    expect((ws.getRow(6).values as unknown[]).slice(1, 5)).toEqual(["s1", "見出し1", "1", "設備・運用"]);
    expect((ws.getRow(7).values as unknown[]).slice(1, 5)).toEqual(["s1-1", "見出し2", "1-1", "一般的条件"]);
    expect((ws.getRow(8).values as unknown[]).slice(1, 5)).toEqual(["s1-1-1", "見出し3", "1-1-1", "組織・運用への対策項目"]);
    expect(ws.model.merges).toContain("D6:I6");
    const item = ws.getRow(9);
    const first = byId("hispro-checksheet").sections[0].sections![0].sections![0].items![0];
    expect(first.category).toBe("1. 設備・運用 1) 一般的条件 ①組織・運用への対策項目");
    expect((item.values as unknown[]).slice(1, 8)).toEqual(["1.1.1.1", undefined, "1-1-1-1", first.text, "必須", "対応済／未対応／対象外", first.category]);
    expect(item.getCell(4).alignment).toMatchObject({ wrapText: true, vertical: "top" });
    expect(item.getCell(8).value).toBe("総務省ASP-GL：II. 1. 1. 1");
  });

  it("holds values only: no formula anywhere, every value a string in a text-formatted cell", async () => {
    const exported = await exportAll();
    for (const t of templates) {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(exported.get(t.id)!.workbook as unknown as ExcelJS.Buffer);
      for (const ws of wb.worksheets)
        ws.eachRow((row) =>
          row.eachCell((cell) => {
            if (cell.type === ExcelJS.ValueType.Merge) return;
            expect(typeof cell.value).toBe("string");
            expect(cell.numFmt).toBe("@");
          }),
        );
    }
  });

  it("puts notes, section descriptions and the glossary on the second sheet", async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await exportOf("agency-disclosure")).workbook as unknown as ExcelJS.Buffer);
    const sup = wb.getWorksheet("注記・説明")!;
    expect((sup.getRow(2).values as unknown[]).slice(1)).toEqual(["種類", "対象", "見出し・番号", "本文", "記載場所"]);
    const kinds = new Map<string, number>();
    sup.eachRow((row, r) => r > 2 && kinds.set(String(row.getCell(1).value), (kinds.get(String(row.getCell(1).value)) ?? 0) + 1));
    expect(Object.fromEntries(kinds)).toEqual({ 様式の説明: 1, 注記: 27, 章の説明: 1 });
  });
});

describe("texts edited in Excel come back on import", () => {
  it("an edited item text and level, an edited note, and a new item row", async () => {
    const original = byId("minimum-guideline-checklist");
    const { workbook, mapping } = await exportOf(original.id);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(workbook as unknown as ExcelJS.Buffer);
    const ws = wb.getWorksheet("様式")!;
    // Row 7 is the first item (row 6 the first heading): 項目 in D, 区分 in E.
    expect(ws.getCell("A7").value).toBe("organizational.1");
    ws.getCell("D7").value = "（改訂した項目文）情報セキュリティ方針を定めている";
    ws.getCell("E7").value = "推奨";
    // A new item at the end of the last section, without a key: its key comes from the section and number.
    const last = ws.rowCount + 1;
    ws.getRow(last).values = ["", "", "15", "（追加した項目）外部との交換の記録を残している", "必須", "実施済／実施予定／対象外"];
    const sup = wb.getWorksheet("注記・説明")!;
    const noteRow = [...Array(sup.rowCount).keys()].map((i) => i + 1).find((r) => sup.getCell(r, 1).value === "注記" && sup.getCell(r, 3).value === "注1")!;
    sup.getCell(noteRow, 4).value = "（改訂した注記）";
    const edited = Buffer.from(await wb.xlsx.writeBuffer());

    const preview = await reimport(edited, { ...mapping, itemKeys: "sectionAndNumber", template: { ...mapping.template, version: "1.1.0" } });
    expect(preview.problems.filter((p) => p.kind === "error")).toEqual([]);
    const t = preview.template as Template;
    const first = t.sections[0].items![0];
    expect([first.key, first.text, first.level]).toEqual(["organizational.1", "（改訂した項目文）情報セキュリティ方針を定めている", "recommended"]);
    expect(t.sections.flatMap((s) => s.notes ?? []).find((n) => n.id === "注1")!.text).toBe("（改訂した注記）");
    const added = t.sections.at(-1)!.items!.at(-1)!;
    expect(added).toEqual({ key: "externalExchange.15", number: "15", text: "（追加した項目）外部との交換の記録を残している", level: "required", answer: { kind: "status", scale: "minimumGuideline" } });
    expect(t.version).toBe("1.1.0");
    expect(preview.contentHash).not.toBe(templateContentHash(original));
    // Everything else is as it was.
    const rest = (x: Template) => [...walkItems(x)].map((e) => e.item).filter((i) => i.key !== "organizational.1" && i.key !== "externalExchange.15");
    expect(rest(t)).toEqual(rest(original));
  });
});
