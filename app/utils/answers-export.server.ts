// A disclosure's answers as a workbook in its form's layout (issue 14): the header facts on top, one row per item
// (章・節, 番号, 項目, 区分, 回答, 実施時期・日付, 理由, 備考, 根拠資料, then what the form prints beside the item:
// HISPRO 対象GL・GLでの参照箇所・確認項目, 役割分担 想定されるリスク …, one column each), a drop-down of the scale's words on every status
// answer, a sheet of derived results and one of instructions. Values only, never formulas; every text neutralised.
// The item key sits in hidden column A so that a workbook the portal wrote can be read back row by row.
import ExcelJS from "exceljs";
import type { StatusValue } from "../../disclosures/answers.js";
import { computeDerived, type DerivedResult } from "../../disclosures/derived.js";
import { formatAnswer, UNANSWERED } from "../../disclosures/diff.js";
import type { DisclosureContent } from "../../disclosures/disclosure-content.js";
import { ANSWER_HEADINGS } from "../../disclosures/answer-import.js";
import { answersOf, derivedText, evidenceView } from "../../disclosures/disclosure-view.js";
import { itemGuidance } from "../../disclosures/item-guidance.js";
import { walkItems } from "../../disclosures/template-loader.js";
import type { Item, Level, Template } from "../../disclosures/template-schema.js";
import { contentDisposition } from "../models/pdf-document.server.js";
import { fileNamePart } from "../pdf/file-name.js";
import { formatDate } from "./format.js";
import { addRows, neutralizeFormula } from "./xlsx.server.js";

export const ANSWER_SHEET = "回答";

const levelWords: Record<Level, string> = { required: "必須", recommended: "推奨", none: "" };

export type AnswerWorkbookInput = {
  template: Template;
  content: DisclosureContent;
  organizationName: string;
  serviceName: string | null;
  /** 「第3版」 for a published version, 「下書き」 for the draft. */
  versionLabel: string;
  /** The 最終更新日 of a published version; null for a draft. */
  publishedAt: number | null;
  contentHash: string | null;
  /**
   * What each row was written from, so that an import can tell the vendor's edits from changes made in the portal
   * since: the draft's revisions (「r3」), or the version's number (「v2」) — in hidden column L.
   */
  base: { revisions: Record<string, number> } | { version: number };
  now: number;
};

const text = (value: string) => neutralizeFormula(value);

/** The parts of a status answer beyond its option: 実施時期 or date, and the reason. */
function statusParts(value: unknown): { when: string; reason: string } {
  const status = (value ?? {}) as StatusValue;
  return { when: String(status.month ?? status.date ?? ""), reason: String(status.reason ?? "") };
}

function itemRow(template: Template, item: Item, sections: string, content: DisclosureContent, derived: Record<string, DerivedResult>, base: string): string[] {
  const response = Object.prototype.hasOwnProperty.call(content.responses, item.key) ? content.responses[item.key] : undefined;
  const evidence = evidenceView(response?.evidence);
  let answer: string;
  let parts = { when: "", reason: "" };
  if (item.answer.kind === "derived") {
    const result = derived[item.answer.result];
    answer = result ? `${derivedText(result)}（自動判定）` : "";
  } else if (item.answer.kind === "status") {
    const status = (response?.value as StatusValue | undefined)?.status;
    const scaleKey = item.answer.scale;
    answer = status === undefined ? "" : (template.scales?.find((s) => s.key === scaleKey)?.options.find((o) => o.value === status)?.label ?? String(status));
    parts = statusParts(response?.value);
  } else {
    const formatted = formatAnswer(template, item, response?.value);
    answer = formatted === UNANSWERED ? "" : formatted;
  }
  return [
    item.key,
    sections,
    item.number ?? "",
    item.text,
    levelWords[item.level],
    answer,
    parts.when,
    parts.reason,
    response?.note ?? "",
    evidence.map((e) => e.name ?? "").join("\n"),
    evidence.map((e) => e.url ?? "").join("\n"),
    base,
  ].map(text);
}

/** The scale's words as an Excel list: quoted, comma-separated, within Excel's 255 characters. */
function listFormula(labels: string[]): string | null {
  if (labels.some((l) => /[",]/.test(l))) return null;
  const list = `"${labels.join(",")}"`;
  return list.length <= 255 ? list : null;
}

const INSTRUCTIONS = [
  "このファイルについて",
  "Kaiji（開示）から書き出した開示書の回答です。値だけを含み、数式は含みません。",
  "「回答」シートの1行が様式の1項目です。A列（非表示）は項目のキー、L列（非表示）は書き出したときの回答の版です。A列と L列は変えないでください。",
  "取り込むと、書き出した後に Kaiji で変更された項目は上書きせず「競合」として示します。",
  "回答: 状態で答える項目は、セルのリストから様式の言葉（例: 実施済・実施予定・対象外、はい・いいえ・対象外）を選びます。",
  "実施時期・日付: 実施予定の実施時期は「2027-04」のように年-月、日付は「2027-04-30」のように年-月-日で書きます。",
  "理由: 対象外の理由など、選んだ回答が求める内容を書きます。",
  "備考・根拠資料: 根拠資料が複数あるときは、名称と URL をそれぞれセル内で改行して同じ順に書きます。",
  "「自動判定」シートの結果は回答から算出したものです。ファイルで書き換えても、Kaiji では様式の規則どおりに算出されます。",
  "記号（=、+、-、@）で始まる文字列には、表計算ソフトが数式として扱わないよう先頭に ' を付けています。",
];

export async function answersWorkbook(input: AnswerWorkbookInput): Promise<Buffer> {
  const { template, content } = input;
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Kaiji";
  workbook.created = new Date(input.now);
  workbook.title = `開示書の回答 ${template.title}`;

  const facts: [string, string][] = [
    ["事業者名", input.organizationName],
    ["サービス", input.serviceName ?? "組織全体"],
    ["様式", `${template.title}（${template.source.edition}・様式の版 ${template.version}）`],
    ["様式ID", `${template.id}@${template.version}`],
    ["版", input.versionLabel],
    ["最終更新日", input.publishedAt === null ? "未公開（下書き）" : formatDate(input.publishedAt)],
    ["内容のハッシュ（SHA-256）", input.contentHash ?? "—"],
    ["出力日", formatDate(input.now)],
  ];
  const sheet = workbook.addWorksheet(ANSWER_SHEET, { views: [{ state: "frozen", xSplit: 4, ySplit: facts.length + 3 }] });
  sheet.columns = [{ width: 14 }, { width: 28 }, { width: 10 }, { width: 56 }, { width: 8 }, { width: 22 }, { width: 14 }, { width: 28 }, { width: 36 }, { width: 24 }, { width: 36 }, { width: 8 }];
  sheet.getColumn(1).hidden = true;
  sheet.getColumn(12).hidden = true;
  sheet.addRow(["", text(`開示書の回答（${template.shortTitle ?? template.title}）`)]).getCell(2).font = { bold: true, size: 14 };
  addRows(sheet, facts.map(([label, value]) => ["", text(label), text(value)]));
  sheet.addRow([]);
  // The form's own columns beside the items, after the answer columns (the import reads the first twelve only).
  const guidanceLabels = [...new Set([...walkItems(template)].flatMap(({ item }) => itemGuidance(template, item).map((b) => b.label)))];
  guidanceLabels.forEach((_, i) => (sheet.getColumn(ANSWER_HEADINGS.length + 1 + i).width = 40));
  addRows(sheet, [[...ANSWER_HEADINGS, ...guidanceLabels].map((h) => text(h))], { headerRows: 1 });

  const derived = computeDerived(template, answersOf(content));
  for (const { item, sections } of walkItems(template)) {
    const path = sections.map((s) => (s.number ? `${s.number} ${s.title}` : s.title)).join(" > ");
    const base = "version" in input.base ? `v${input.base.version}` : `r${input.base.revisions[item.key] ?? 0}`;
    const guidance = itemGuidance(template, item);
    const beside = guidanceLabels.map((label) => text(guidance.find((b) => b.label === label)?.lines.join("\n") ?? ""));
    const [row] = addRows(sheet, [[...itemRow(template, item, path, content, derived, base), ...beside]]);
    if (item.answer.kind === "status") {
      const scaleKey = item.answer.scale;
      const formula = listFormula(template.scales?.find((s) => s.key === scaleKey)?.options.map((o) => o.label) ?? []);
      if (formula) {
        row.getCell(6).dataValidation = { type: "list", allowBlank: true, formulae: [formula], showErrorMessage: true, errorTitle: "回答", error: "リストの言葉から選んでください" };
      }
    }
  }

  const results = workbook.addWorksheet("自動判定");
  results.columns = [{ width: 32 }, { width: 40 }, { width: 60 }];
  addRows(
    results,
    [
      ["判定", "結果", "内訳"],
      ...Object.values(derived).map((r) => [
        text(r.title),
        text(derivedText(r)),
        r.rule === "allMet"
          ? text(
              [
                r.basis ? `${r.basis.label}（${r.basis.form} ${r.basis.note}）` : "",
                `対象 ${r.applicable}項目・満たす ${r.met}・満たさない ${r.notMet.length}・未回答 ${r.unanswered.length}・対象外 ${r.notApplicable}`,
                r.excludingOfficial ? `参考（様式の判定ではありません）: ${r.excludingOfficial.text}` : "",
              ]
                .filter(Boolean)
                .join("\n"),
            )
          : "",
      ]),
    ],
    { headerRows: 1 },
  );

  const help = workbook.addWorksheet("説明");
  help.columns = [{ width: 110 }];
  addRows(help, INSTRUCTIONS.map((line) => [line]), { headerRows: 1 });

  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** 「回答_<事業者>_<様式>_<版>.xlsx」 (and an ASCII fallback for old clients). */
export function answersFileName(input: Pick<AnswerWorkbookInput, "organizationName" | "template" | "versionLabel">, disclosureId: string): { name: string; fallback: string } {
  const name = ["回答", fileNamePart(input.organizationName, 60), fileNamePart(input.template.shortTitle ?? input.template.title, 60), fileNamePart(input.versionLabel, 20)].filter(Boolean).join("_");
  return { name: `${name}.xlsx`, fallback: `answers-${disclosureId.slice(0, 8)}.xlsx` };
}

/** A download, never cached by anyone: drafts are private, and restricted versions are per reader. */
export function answersResponse(body: Buffer, names: { name: string; fallback: string }): Response {
  return new Response(new Uint8Array(body), {
    status: 200,
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": contentDisposition(names.name, names.fallback).replace(/^inline/, "attachment"),
      "Content-Length": String(body.byteLength),
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
