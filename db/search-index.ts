// The full-text index of the directory on either engine (DECISIONS 46). Both index the same tokens —
// disclosures/search-text.ts turns text into character bigrams and words — and answer a query with the
// same disclosures: SQLite with FTS5 phrases, PostgreSQL with a tsvector of those tokens and tsquery phrases
// (`<->`, `:*`), built here from the tokens so that no text-search parser or dictionary changes them.
import { sql, type Kysely } from "kysely";
import { indexText, matchExpression, queryPhrases, searchTokens } from "../disclosures/search-text.js";
import { isPostgres } from "./dialect.js";
import type { Database } from "./schema.js";

/**
 * A tsvector holds positions up to 16,383, so a long text is stored in parts of PART_TOKENS tokens that overlap
 * by OVERLAP_TOKENS: a phrase of up to OVERLAP_TOKENS + 1 tokens always lies whole inside one part.
 */
const PART_TOKENS = 16_000;
const OVERLAP_TOKENS = 256;
/** PostgreSQL refuses lexemes over 2,046 bytes; no word of a real text comes near (a longer one is cut). */
const MAX_LEXEME_BYTES = 2_000;

/** Replaces the row of search_document `id` with `text`. */
export async function writeSearchRow(db: Kysely<Database>, id: number, text: string): Promise<void> {
  await deleteSearchRow(db, id);
  if (!isPostgres(db)) {
    await db.insertInto("disclosure_search").values({ rowid: id, body: indexText(text) }).execute();
    return;
  }
  const parts = tsvectorParts(searchTokens(indexText(text)));
  for (const [part, body] of parts.entries()) {
    await sql`insert into disclosure_search (rowid, part, body) values (${id}, ${part}, ${body}::tsvector)`.execute(db);
  }
}

export async function deleteSearchRow(db: Kysely<Database>, id: number): Promise<void> {
  await db.deleteFrom("disclosure_search").where("rowid", "=", id).execute();
}

/** The disclosures whose text has every phrase of `query`; undefined when the query has nothing to search for. */
export async function searchDisclosures(db: Kysely<Database>, query: string): Promise<Set<string> | undefined> {
  if (!isPostgres(db)) {
    const match = matchExpression(query);
    if (!match) return undefined;
    const rows = await db
      .selectFrom("disclosure_search")
      .innerJoin("search_document", "search_document.id", "disclosure_search.rowid")
      .select("search_document.disclosure_id")
      .where("disclosure_search.body", "match", match)
      .execute();
    return new Set(rows.map((r) => r.disclosure_id));
  }
  const queries = queryPhrases(query).map(tsquery).filter((q) => q !== undefined);
  if (!queries.length) return undefined;
  // Every phrase somewhere in the document (each may be in another part): one set of rows per phrase, intersected.
  const matching = sql.join(
    queries.map((q) => sql`select rowid from disclosure_search where body @@ ${q}::tsquery`),
    sql` intersect `,
  );
  const rows = await sql<{ disclosure_id: string }>`select search_document.disclosure_id from search_document where id in (${matching})`.execute(db);
  return new Set(rows.rows.map((r) => r.disclosure_id));
}

function lexeme(token: string): string {
  let t = token;
  while (Buffer.byteLength(t) > MAX_LEXEME_BYTES) t = t.slice(0, -1);
  return `'${t.replaceAll("\\", "\\\\").replaceAll("'", "''")}'`;
}

/** tsvector literals ('token':1,5 …) of the tokens, one per part. */
export function tsvectorParts(tokens: string[]): string[] {
  const parts: string[] = [];
  for (let start = 0; start === 0 || start + OVERLAP_TOKENS < tokens.length; start += PART_TOKENS - OVERLAP_TOKENS) {
    const positions = new Map<string, number[]>();
    tokens.slice(start, start + PART_TOKENS).forEach((token, i) => {
      const key = lexeme(token);
      const list = positions.get(key);
      if (list) list.push(i + 1);
      else positions.set(key, [i + 1]);
    });
    parts.push([...positions].map(([key, list]) => `${key}:${list.join(",")}`).join(" "));
  }
  return parts;
}

/** One phrase as a tsquery: its tokens one after the other, the last one as a prefix when asked. */
export function tsquery(phrase: { tokens: string[]; prefix: boolean }): string | undefined {
  if (!phrase.tokens.length) return undefined;
  return phrase.tokens.map((t, i) => (phrase.prefix && i === phrase.tokens.length - 1 ? `${lexeme(t)}:*` : lexeme(t))).join(" <-> ");
}
