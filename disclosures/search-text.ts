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

/** Token groups of a text: one group per CJK run (its bigrams) or per other word. */
function tokenGroups(text: string): { tokens: string[]; cjk: boolean }[] {
  const groups: { tokens: string[]; cjk: boolean }[] = [];
  const normalized = normalizeForSearch(text);
  let last = 0;
  const pushWords = (s: string) => {
    for (const word of s.match(WORD) ?? []) groups.push({ tokens: [word], cjk: false });
  };
  for (const match of normalized.matchAll(CJK_RUN)) {
    pushWords(normalized.slice(last, match.index));
    groups.push({ tokens: bigrams(match[0]), cjk: true });
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

/** What a disclosure says in its own words: answers, notes and evidence names (not the template's text). */
export function contentText(template: Template, content: DisclosureContent): string {
  const parts: string[] = [];
  const responses = content.responses ?? {};
  for (const { item } of walkItems(template)) {
    const response = Object.prototype.hasOwnProperty.call(responses, item.key) ? responses[item.key] : undefined;
    if (!response) continue;
    // Status answers are words every disclosure shares (対応済…); they would only add noise.
    if (item.answer.kind !== "status" && item.answer.kind !== "derived") {
      const answer = formatAnswer(template, item, response.value);
      if (answer !== UNANSWERED) parts.push(answer);
    } else if (response.value && typeof response.value === "object" && "reason" in response.value && typeof response.value.reason === "string") {
      parts.push(response.value.reason);
    }
    if (typeof response.note === "string") parts.push(response.note);
    for (const evidence of Array.isArray(response.evidence) ? response.evidence : []) if (typeof evidence?.name === "string") parts.push(evidence.name);
  }
  return parts.join("\n");
}
