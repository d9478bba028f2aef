// Small hand-written fragments of the HISPRO 項目集 (seed 004) for the parser suites of
// disclosures/parsers/hispro-parser.ts: the title, the page header, the 大分類 labels and one item row. Each suite
// assembles its own seed from them (hispro-damaged-seeds leaves a blank line after the title, the mutants suite not).
export const TITLE = "HISPRO 外部保存、ASP・SaaS チェックシート項目集";
/** The normal page header: four numbering columns in front of 分類. */
export const HEADER = "大分類\t中分類\t小分類\t要件\t分類\t必須／推奨\t対策項目\t対象GL\tGLでの参照箇所\t確認項目";
export const L1 = "1. 設備・運用 1) 一般的条件 ①組織・運用への対策項目";
export const L2 = "2. 機能と運用 1) 安全管理上の要求事項 ①組織的安全性";
export const L3 = "3. 契約・合意・説明に関する事項 1) 内部運用に関する条件";

export type Cells = { level?: string; text?: string; gl?: string; loc?: string; points?: string };
/** One item row: numbering cells, the 分類 label, then 必須／推奨, 対策項目, 対象GL, GLでの参照箇所, 確認項目. */
export function row(nums: (number | string)[], label: string, c: Cells = {}): string {
  return [...nums, label, c.level ?? "必須", c.text ?? "対策を講じること。", c.gl ?? "総務省ASP-GL", c.loc ?? "II. 1", c.points ?? "・講じているか"].join("\t");
}
