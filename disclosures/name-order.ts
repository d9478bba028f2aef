// 五十音順 for organisation names (issue 19, item 5): by their reading (フリガナ) when one is given, with the legal
// form (株式会社, 医療法人 …) left out of the order wherever it stands, so that 「株式会社アオバ」 and 「アオバ株式会社」
// both sort under ア. Without a reading the name itself is used, minus its legal form (kanji then sort by code
// point, the best there is without a reading).

/** Legal forms as written in names; the longer ones first, so 「医療法人社団」 is taken whole. */
const LEGAL_FORMS = [
  "特定非営利活動法人", "地方独立行政法人", "国立研究開発法人", "独立行政法人", "国立大学法人", "公益社団法人", "公益財団法人", "一般社団法人", "一般財団法人",
  "社会医療法人", "社会福祉法人", "医療法人社団", "医療法人財団", "医療法人", "学校法人", "宗教法人", "株式会社", "有限会社", "合同会社", "合資会社", "合名会社",
  "NPO法人", "（株）", "(株)", "㈱", "（有）", "(有)", "㈲", "（医）", "(医)",
];
/** The same forms as read in a フリガナ (カブシキガイシャ or カブシキカイシャ …). */
const LEGAL_FORM_READINGS = [
  "トクテイヒエイリカツドウホウジン", "チホウドクリツギョウセイホウジン", "コクリツケンキュウカイハツホウジン", "ドクリツギョウセイホウジン", "コクリツダイガクホウジン",
  "コウエキシャダンホウジン", "コウエキザイダンホウジン", "イッパンシャダンホウジン", "イッパンザイダンホウジン", "シャカイイリョウホウジン", "シャカイフクシホウジン",
  "イリョウホウジンシャダン", "イリョウホウジンザイダン", "イリョウホウジン", "ガッコウホウジン", "シュウキョウホウジン", "カブシキガイシャ", "カブシキカイシャ",
  "ユウゲンガイシャ", "ユウゲンカイシャ", "ゴウドウガイシャ", "ゴウドウカイシャ", "ゴウシガイシャ", "ゴウメイガイシャ",
];

const strip = (text: string, forms: string[]) => forms.reduce((t, form) => t.split(form).join(" "), text).replace(/\s+/g, " ").trim();

/** Katakana in place of hiragana (a reading typed either way sorts and shows the same). */
function toKatakana(text: string): string {
  return text.replace(/[\u3041-\u3096]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0x60));
}

export const READING_MAX = 200;
/** What a フリガナ may hold: katakana (hiragana is turned into katakana), 長音, 中点, spaces, digits and Latin letters. */
const READING = /^[\u30A1-\u30FA\u30FC\u30FB\u3000 0-9A-Za-z]+$/;
export const READING_MESSAGE = "フリガナはカタカナで入力してください";

/** The reading as stored (NFKC, katakana, single spaces), null for an empty one, or undefined when it is not a reading. */
export function normalizeReading(input: string): string | null | undefined {
  const text = toKatakana(input.normalize("NFKC")).replace(/[\s\u3000]+/g, " ").trim();
  if (!text) return null;
  if (text.length > READING_MAX || !READING.test(text)) return undefined;
  return text;
}

/** The key an organisation sorts by: its reading (or name) without its legal form. Compare keys with a "ja" collator. */
export function nameSortKey(name: string, reading: string | null | undefined): string {
  if (reading) {
    const key = strip(toKatakana(reading.normalize("NFKC")), LEGAL_FORM_READINGS);
    if (key) return key;
  }
  const key = strip(name.normalize("NFKC"), LEGAL_FORMS.map((f) => f.normalize("NFKC")));
  return key || name;
}
