// The one typed description of the database (STYLE.md §3). Times are integer milliseconds.
import type { ColumnType } from "kysely";

export interface TemplateVersionTable {
  template_id: string;
  version: string;
  title: string;
  /** The validated template definition as JSON text. */
  definition: string;
  /** SHA-256 of the canonical JSON of the definition. */
  content_hash: string;
  /** "builtin" (generated from the seeds and shipped with the app) or "import". */
  origin: string;
  created_at: ColumnType<number, number, never>;
}

export interface Database {
  template_version: TemplateVersionTable;
}
