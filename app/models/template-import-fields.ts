// The fields of the administrators' mapping form (no imports: the browser bundle uses them too).

/** Splits 「1．規程類」, 「1 規程類」, 「2.1 情報管理」 into number and title; offered as 「番号と見出しを分ける」. */
export const TITLE_PATTERN = "^(?<number>[0-9０-９]+(?:[.．][0-9０-９]+)*)(?:[．.、)]|\\s|　)\\s*(?<title>\\S.*)$";

export const TEMPLATE_FIELDS = [
  { name: "template.id", label: "様式ID", hint: "半角英数字と - . _（例: mds-sample）。URL と回答の保存に使われ、公開後は変えられません。" },
  { name: "template.version", label: "版", hint: "1.0.0 の形。登録済みの版とは別の番号にします（新しい版は番号を上げる）。" },
  { name: "template.title", label: "様式名", hint: "一覧と開示書に表示される正式な名前。" },
  { name: "template.shortTitle", label: "短い名前（任意）", hint: "タブや比較表に使う略称。" },
  { name: "template.source.document", label: "出典の文書名", hint: "例: 製造業者による医療情報セキュリティ開示書" },
  { name: "template.source.edition", label: "出典の版", hint: "例: Ver.5.0、令和7年度版" },
  { name: "template.source.publisher", label: "発行者（任意）", hint: "例: JAHIS・JIRA" },
] as const;

export const COLUMN_FIELDS = [
  { name: "columns.number", label: "番号の列", hint: "項目の番号（1.1、3-(2) など）。" },
  { name: "columns.text", label: "項目文の列", hint: "必須。この列に文がある行が項目になります。" },
  { name: "columns.level", label: "区分（必須／推奨）の列", hint: "必須・◎・● は必須、推奨・○ は推奨、任意・－ は区分なし。" },
  { name: "columns.answer", label: "回答形式の列", hint: "項目ごとに回答の形が違う様式だけ（語の対応はJSONの answer.words）。" },
  { name: "columns.checkPoints", label: "確認事項の列", hint: "1行に1つの確認事項。" },
  { name: "columns.help", label: "説明・補足の列", hint: "" },
  { name: "columns.references", label: "ガイドライン参照の列", hint: "1行に1つ。「ガイドライン：箇所」の形。" },
  { name: "columns.group", label: "グループ（小分類）の列", hint: "" },
] as const;

/** Fields the vendor fills once, at the top of the disclosure (identified by their text; the key is used when added). */
export const HEADER_PRESETS = [
  { key: "vendorName", text: "事業者名" },
  { key: "productName", text: "製品名" },
  { key: "serviceName", text: "サービス名" },
  { key: "version", text: "バージョン" },
  { key: "writtenOn", text: "作成日", answer: { kind: "date" } },
  { key: "contact", text: "連絡先", answer: { kind: "multiline" } },
  { key: "guidelineEdition", text: "対象ガイドライン版" },
] as const;

export const LEVEL_SLOTS = 2;

export type MappingFormValues = Record<string, string>;
