// Full-text search for Japanese without a morphological analyser: text is NFKC-normalised and
// lower-cased, runs of Japanese/CJK characters become overlapping character bigrams (the classic
// CJK approach), and everything else stays as words. SQLite FTS5's unicode61 tokenizer then sees
// space-separated tokens. A query is turned into phrases of the same bigrams, so 「暗号化」 matches
// exactly the documents containing 「暗号化」, and a one-character query becomes a prefix query.
import type { DisclosureContent } from "./disclosure-content.js";
import { formatAnswer, UNANSWERED } from "./diff.js";
import { walkItems } from "./template-loader.js";
import type { Template } from "./template-schema.js";
import { normalizeForSearch } from "./template-search.js";

// Hiragana, katakana (incl. ー), CJK ideographs and compatibility ideographs.
const CJK_RUN = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+/gu;
// What unicode61 keeps inside a token; anything else separates tokens.
const WORD = /[\p{L}\p{N}]+/gu;

function bigrams(run: string): string[] {
  const chars = [...run];
  if (chars.length === 1) return chars;
  const out: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i] + chars[i + 1]);
  return out;
}

/** Token groups of a text: one group per CJK run (its bigrams) or per other word; `text` is the run or word. */
function tokenGroups(text: string): { text: string; tokens: string[]; cjk: boolean }[] {
  const groups: { text: string; tokens: string[]; cjk: boolean }[] = [];
  const normalized = normalizeForSearch(text);
  let last = 0;
  const pushWords = (s: string) => {
    for (const word of s.match(WORD) ?? []) groups.push({ text: word, tokens: [word], cjk: false });
  };
  for (const match of normalized.matchAll(CJK_RUN)) {
    pushWords(normalized.slice(last, match.index));
    groups.push({ text: match[0], tokens: bigrams(match[0]), cjk: true });
    last = match.index! + match[0].length;
  }
  pushWords(normalized.slice(last));
  return groups;
}

/** The text as stored in the FTS table. */
export function indexText(text: string): string {
  return tokenGroups(text)
    .map((g) => g.tokens.join(" "))
    .join(" ");
}

/**
 * An FTS5 MATCH expression: every term of the query must occur (AND). Returns undefined when the
 * query has nothing searchable, so callers skip the text condition instead of matching nothing.
 * Tokens are quoted, so no FTS5 syntax (NEAR, column filters, *) can be injected.
 */
export function matchExpression(query: string): string | undefined {
  const phrases = tokenGroups(query).map(({ tokens, cjk }) => {
    const quoted = tokens.map((t) => `"${t.replaceAll('"', '""')}"`);
    // A single CJK character is a prefix of bigrams; a word may be the start of a longer one.
    if (tokens.length === 1 && (!cjk || [...tokens[0]].length === 1)) return `${quoted[0]}*`;
    return quoted.join(" + ");
  });
  return phrases.length ? phrases.join(" AND ") : undefined;
}

// What FTS5's unicode61 tokenizer keeps in a token (letters, numbers, marks, private use): anything else, such as
// the 「・」 inside a katakana run, separates tokens.
const FTS_TOKEN = /[\p{L}\p{N}\p{M}\p{Co}]+/gu;

/** The tokens FTS5 sees in an `indexText` result; the PostgreSQL index stores exactly these (db/search-index.ts). */
export function searchTokens(indexed: string): string[] {
  return indexed.match(FTS_TOKEN) ?? [];
}

/**
 * The phrases of `matchExpression` as FTS5 reads them: each one's tokens, after FTS5's own tokenizing of the quoted
 * text, and whether its last token is a prefix. All must match (AND).
 */
export function queryPhrases(query: string): { tokens: string[]; prefix: boolean }[] {
  return tokenGroups(query).map(({ tokens, cjk }) => ({
    tokens: tokens.flatMap(searchTokens),
    prefix: tokens.length === 1 && (!cjk || [...tokens[0]].length === 1),
  }));
}


/**
 * One piece of text a search may match, with what the reader is told it is (an item, a name); `normalized`
 * (normalizeForSearch of the text) may be given by callers that keep sources for many searches.
 */
export type SnippetSource = { label: string; text: string; normalized?: string };

const ITEM_LABEL_MAX = 30;

function itemLabel(item: { number?: string; text: string }, part: string | null): string {
  const chars = [...item.text.replace(/\s+/g, " ").trim()];
  const text = chars.length > ITEM_LABEL_MAX ? `${chars.slice(0, ITEM_LABEL_MAX).join("")}…` : chars.join("");
  return `${item.number ? `${item.number} ` : ""}${text}${part ? `（${part}）` : ""}`;
}

/**
 * What a disclosure says in its own words — answers, notes and evidence names, not the template's
 * text — one source per item and part, in form order. The full-text row is these texts joined, so
 * a snippet can say which item a match came from.
 */
export function contentSources(template: Template, content: DisclosureContent): SnippetSource[] {
  const sources: SnippetSource[] = [];
  const responses = content.responses ?? {};
  for (const { item } of walkItems(template)) {
    const response = Object.prototype.hasOwnProperty.call(responses, item.key) ? responses[item.key] : undefined;
    if (!response) continue;
    // Status answers are words every disclosure shares (対応済…); they would only add noise.
    if (item.answer.kind !== "status" && item.answer.kind !== "derived") {
      const answer = formatAnswer(template, item, response.value);
      if (answer !== UNANSWERED) sources.push({ label: itemLabel(item, null), text: answer });
    } else if (response.value && typeof response.value === "object" && "reason" in response.value && typeof response.value.reason === "string") {
      sources.push({ label: itemLabel(item, "対象外の理由"), text: response.value.reason });
    }
    if (typeof response.note === "string") sources.push({ label: itemLabel(item, "備考"), text: response.note });
    for (const evidence of Array.isArray(response.evidence) ? response.evidence : []) if (typeof evidence?.name === "string") sources.push({ label: itemLabel(item, "根拠資料"), text: evidence.name });
  }
  return sources;
}

/** What a disclosure says in its own words, as one text (the full-text row's content part). */
export function contentText(template: Template, content: DisclosureContent): string {
  return contentSources(template, content)
    .map((s) => s.text)
    .join("\n");
}

// ---- snippets: a short excerpt of the text that matched, the matched words marked ------------------

/** Characters (code points) of an excerpt; Japanese has no spaces, so it is cut by characters. */
export const SNIPPET_LENGTH = 100;
/** Characters shown before the first match. */
const SNIPPET_LEAD = 30;

export type SnippetPart = { text: string; mark: boolean };
/** `clipped*`: the excerpt starts after / ends before the source's own start / end (shown as …). */
export type Snippet = { label: string; parts: SnippetPart[]; clippedStart: boolean; clippedEnd: boolean };

const CJK_CHAR = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/u;
const WORD_CHAR = /[\p{L}\p{N}]/u;
// Marks that NFKC folds into the character before them (half-width ﾞﾟ and combining marks).
const JOINS_PREVIOUS = /^[\p{M}\uff9e\uff9f]$/u;

/**
 * The source normalised as the index normalises (NFKC, lower case), character group by group, with
 * the code point range of the original each normalised code unit came from — so a match found in
 * the normalised text (full-width letters, half-width katakana) is marked on what the vendor wrote.
 */
function normalizedWithOrigin(chars: string[]): { text: string; from: number[]; to: number[] } {
  let text = "";
  const from: number[] = [];
  const to: number[] = [];
  for (let i = 0; i < chars.length; ) {
    let j = i + 1;
    while (j < chars.length && JOINS_PREVIOUS.test(chars[j])) j++;
    const piece = normalizeForSearch(chars.slice(i, j).join(""));
    for (let k = 0; k < piece.length; k++) {
      from.push(i);
      to.push(j);
    }
    text += piece;
    i = j;
  }
  return { text, from, to };
}

type Hit = { start: number; end: number; term: number };

/**
 * Where the query's terms match the normalised text the way the index matches them: a Japanese run
 * anywhere (its bigrams in a row; a single character as the first of a bigram or a run of its own),
 * another word at the start of a word (the index's prefix query).
 */
function hitsIn(text: string, terms: { text: string; cjk: boolean }[]): Hit[] {
  const hits: Hit[] = [];
  const cjkAt = (i: number) => i >= 0 && i < text.length && CJK_CHAR.test(String.fromCodePoint(text.codePointAt(i)!));
  const charBefore = (i: number) => (i >= 2 && /[\udc00-\udfff]/.test(text[i - 1]) && /[\ud800-\udbff]/.test(text[i - 2]) ? text.slice(i - 2, i) : text.slice(Math.max(0, i - 1), i));
  terms.forEach((term, index) => {
    if (!term.text) return;
    for (let at = text.indexOf(term.text); at !== -1; at = text.indexOf(term.text, at + 1)) {
      const end = at + term.text.length;
      if (term.cjk) {
        if ([...term.text].length === 1 && !cjkAt(end) && cjkAt(at - 1)) continue;
      } else {
        const before = charBefore(at);
        if (before && WORD_CHAR.test(before) && !CJK_CHAR.test(before)) continue;
      }
      hits.push({ start: at, end, term: index });
    }
  });
  return hits;
}

/** The query's terms as the index matches them: Japanese runs and other words, normalised. */
export function searchTerms(query: string): { text: string; cjk: boolean }[] {
  return tokenGroups(query).map(({ text, cjk }) => ({ text, cjk }));
}

/**
 * A short excerpt of the first source that matches the most of the query's terms, with every match
 * in it marked. Plain strings only: the page renders them as text, so whatever a vendor wrote (tags
 * included) shows as written. Undefined when no source matches (the query has no searchable term,
 * or the match was in text that is not offered as a source).
 */
export function buildSnippet(sources: SnippetSource[], query: string, length = SNIPPET_LENGTH): Snippet | undefined {
  const terms = searchTerms(query);
  if (!terms.length) return undefined;
  let best: { source: SnippetSource; chars: string[]; hits: { start: number; end: number }[]; score: number } | undefined;
  for (const source of sources) {
    // Most sources hold none of the terms: a whole-text check first, the character-by-character work only on those that may.
    const whole = source.normalized ?? normalizeForSearch(source.text);
    if (!terms.some((term) => whole.includes(term.text))) continue;
    const chars = [...source.text.replace(/\s+/gu, " ").trim()];
    const normal = normalizedWithOrigin(chars);
    const found = hitsIn(normal.text, terms);
    const score = new Set(found.map((h) => h.term)).size;
    if (!score || (best && score <= best.score)) continue;
    // Back to code points of the original text.
    const hits = found.map((h) => ({ start: normal.from[h.start], end: normal.to[h.end - 1] })).sort((a, b) => a.start - b.start || b.end - a.end);
    best = { source, chars, hits, score };
    if (score === terms.length) break;
  }
  if (!best) return undefined;
  const { chars, hits } = best;
  let start = 0;
  let end = chars.length;
  if (chars.length > length) {
    start = Math.max(0, Math.min(hits[0].start - SNIPPET_LEAD, chars.length - length));
    end = start + length;
  }
  // Overlapping or touching matches become one mark, clipped to the excerpt.
  const marks: { start: number; end: number }[] = [];
  for (const h of hits) {
    const s = Math.max(h.start, start);
    const e = Math.min(h.end, end);
    if (s >= e) continue;
    const last = marks[marks.length - 1];
    if (last && s <= last.end) last.end = Math.max(last.end, e);
    else marks.push({ start: s, end: e });
  }
  const parts: SnippetPart[] = [];
  let at = start;
  for (const m of marks) {
    if (m.start > at) parts.push({ text: chars.slice(at, m.start).join(""), mark: false });
    parts.push({ text: chars.slice(m.start, m.end).join(""), mark: true });
    at = m.end;
  }
  if (end > at) parts.push({ text: chars.slice(at, end).join(""), mark: false });
  return { label: best.source.label, parts, clippedStart: start > 0, clippedEnd: end < chars.length };
}
