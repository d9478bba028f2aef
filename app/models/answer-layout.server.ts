// A vendor's own layout of answer workbooks (issue 14): the layout saved per organisation and form, what the layout
// form shows of a file (its sheets, the heading cells of the chosen row), and the uploaded file kept between the
// layout form and the preview. Callers went through requireOrgRole(…, "editor").
import { randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import { z } from "zod";
import type { Database } from "../../db/schema.js";
import { LAYOUT_FIELDS, layoutProblem, type AnswerImportPreview, type AnswerLayout, type LayoutField } from "../../disclosures/answer-import.js";
import { clock } from "../../disclosures/clock.js";
import { describeColumns, type WorkbookGrid } from "../../disclosures/workbook/grid.js";
import { previewImportInto, readUpload } from "./answer-import.server.js";
import { audit, type AuditActor, type RequestMeta } from "./audit.server.js";

export const LAYOUT_FIELD_NAMES = Object.keys(LAYOUT_FIELDS) as LayoutField[];

const letters = z.string().regex(/^[A-Z]{1,3}$/);
/** A layout as stored or given to the command line; layoutProblem() then judges it against a file. */
export const answerLayoutSchema = z.object({
  sheet: z.string().min(1).max(200),
  headingRow: z.number().int().min(1).max(1_000_000),
  columns: z.object(Object.fromEntries(LAYOUT_FIELD_NAMES.map((f) => [f, letters.optional()])) as Record<LayoutField, z.ZodOptional<typeof letters>>).strict(),
});

export function parseLayout(value: unknown): AnswerLayout | null {
  const parsed = answerLayoutSchema.safeParse(value);
  return parsed.success ? (parsed.data as AnswerLayout) : null;
}

/** The layout the form sent; never fails — what is wrong with it is layoutProblem()'s to say, in Japanese. */
export function layoutFromForm(form: FormData): AnswerLayout {
  const text = (name: string) => String(form.get(name) ?? "").trim();
  const columns: AnswerLayout["columns"] = {};
  for (const field of LAYOUT_FIELD_NAMES) {
    const value = text(`column.${field}`).toUpperCase();
    if (value) columns[field] = value.slice(0, 10);
  }
  const row = Number(text("headingRow"));
  return { sheet: text("sheet").slice(0, 200), headingRow: Number.isFinite(row) ? row : 0, columns };
}

export async function getSavedLayout(db: Kysely<Database>, organizationId: string, templateId: string): Promise<AnswerLayout | null> {
  const row = await db.selectFrom("answer_layout").select("layout").where("organization_id", "=", organizationId).where("template_id", "=", templateId).executeTakeFirst();
  if (!row) return null;
  try {
    return parseLayout(JSON.parse(row.layout));
  } catch {
    return null;
  }
}

export async function saveLayout(db: Kysely<Database>, actor: AuditActor & { userId: string }, organizationId: string, templateId: string, layout: AnswerLayout, meta: RequestMeta): Promise<void> {
  const stored = { organization_id: organizationId, template_id: templateId, layout: JSON.stringify(layout), updated_at: clock.now(), updated_by: actor.userId };
  await db
    .insertInto("answer_layout")
    .values(stored)
    .onConflict((oc) => oc.columns(["organization_id", "template_id"]).doUpdateSet({ layout: stored.layout, updated_at: stored.updated_at, updated_by: stored.updated_by }))
    .execute();
  await audit(db, { action: "disclosure.answer_layout_saved", actor, meta, organizationId, target: templateId, detail: { templateId } });
}

const HEADINGS: Partial<Record<LayoutField, RegExp>> = { number: /^(番号|項番|項目番号|no\.?|№|#)$/i, answer: /^(回答|回答欄|対応状況|状況|結果)$/ };

/**
 * A first guess for a file without a saved layout: its first sheet, the first row with three or more filled cells as
 * the headings, and only the two columns the import cannot do without (番号, 回答) when their headings say so.
 */
export function guessLayout(grid: WorkbookGrid): AnswerLayout {
  const sheet = grid.sheets.find((s) => s.state === "visible" && s.rowCount > 0) ?? grid.sheets[0];
  if (!sheet) return { sheet: "", headingRow: 1, columns: {} };
  const index = sheet.rows.slice(0, 30).findIndex((r) => r.filter((c) => c.trim()).length >= 3);
  const headingRow = index < 0 ? 1 : index + 1;
  const columns: AnswerLayout["columns"] = {};
  for (const c of describeColumns(sheet, [headingRow])) {
    const heading = c.heading.normalize("NFKC").replace(/\s+/g, "");
    for (const [field, pattern] of Object.entries(HEADINGS)) if (!columns[field as LayoutField] && pattern.test(heading)) columns[field as LayoutField] = c.column;
  }
  return { sheet: sheet.name, headingRow, columns };
}

export type LayoutFormView = {
  token: string;
  fileName: string;
  sheets: string[];
  /** Rows of the chosen sheet, for the heading row's bounds. */
  rowCount: number;
  /** 「B: No.」: each column with a heading or a value on the chosen sheet. */
  columns: { value: string; label: string }[];
  layout: AnswerLayout;
  /** Whether the values come from the organisation's saved layout. */
  saved: boolean;
};

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n)}…` : s);

export function layoutFormView(grid: WorkbookGrid, upload: { token: string; fileName: string }, layout: AnswerLayout, saved: boolean): LayoutFormView {
  const sheet = grid.sheets.find((s) => s.name === layout.sheet);
  const row = sheet && layout.headingRow >= 1 && layout.headingRow <= sheet.rowCount ? [layout.headingRow] : [];
  const columns = sheet ? describeColumns(sheet, row).map((c) => ({ value: c.column, label: `${c.column}: ${c.heading ? clip(c.heading.replace(/\s+/g, " "), 30) : "（見出しなし）"}${c.hidden ? "（非表示の列）" : ""}` })) : [];
  // A saved column the chosen sheet has nothing in stays selectable, so the form shows what was saved.
  for (const letter of Object.values(layout.columns)) if (letter && !columns.some((c) => c.value === letter)) columns.push({ value: letter, label: `${letter}:（この列には値がありません）` });
  return { ...upload, sheets: grid.sheets.map((s) => s.name), rowCount: sheet?.rowCount ?? 0, columns, layout, saved };
}

// The file between the layout form and the preview: kept under a random token bound to the user and the disclosure,
// rather than uploaded again with each try of the layout. Browsers cannot refill a file input, so a re-upload would
// make the vendor pick the file again after every change of a column. Kept in the database (table kept_upload), so
// that behind several app processes the next step finds it whichever process answers (DECISIONS 47): at most 10 MB
// (the reader's limit), for 30 minutes, and at most 20 per user (the oldest goes first). A token of another user or
// disclosure is the same as a missing or expired one.
const UPLOAD_TTL_MS = 30 * 60_000;
const MAX_UPLOADS_PER_USER = 20;
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

/** Keeps an uploaded file for the layout form; null when it is over the size limit. */
export async function keepUpload(db: Kysely<Database>, owner: { userId: string; disclosureId: string }, bytes: Buffer, fileName: string): Promise<string | null> {
  if (bytes.length > MAX_UPLOAD_BYTES) return null;
  const now = clock.now();
  const token = randomBytes(24).toString("base64url");
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom("kept_upload").where("expires_at", "<=", now).execute();
    const older = await trx.selectFrom("kept_upload").select("token").where("user_id", "=", owner.userId).orderBy("created_at", "desc").orderBy("token").offset(MAX_UPLOADS_PER_USER - 1).limit(1_000).execute();
    if (older.length) await trx.deleteFrom("kept_upload").where("token", "in", older.map((r) => r.token)).execute();
    await trx
      .insertInto("kept_upload")
      .values({ token, user_id: owner.userId, disclosure_id: owner.disclosureId, file_name: fileName, bytes: Buffer.from(bytes), created_at: now, expires_at: now + UPLOAD_TTL_MS })
      .execute();
  });
  return token;
}

/** The kept file for this user and disclosure; null when missing, expired, or someone else's. */
export async function keptUpload(db: Kysely<Database>, token: unknown, owner: { userId: string; disclosureId: string }): Promise<{ bytes: Buffer; fileName: string } | null> {
  if (typeof token !== "string" || !/^[A-Za-z0-9_-]{32}$/.test(token)) return null;
  const upload = await db
    .selectFrom("kept_upload")
    .select(["bytes", "file_name"])
    .where("token", "=", token)
    .where("user_id", "=", owner.userId)
    .where("disclosure_id", "=", owner.disclosureId)
    .where("expires_at", ">", clock.now())
    .executeTakeFirst();
  return upload ? { bytes: Buffer.from(upload.bytes), fileName: upload.file_name } : null;
}

type Disclosure = Parameters<typeof previewImportInto>[1];
export type LayoutStep = { layoutForm: LayoutFormView; preview?: AnswerImportPreview; notice?: string; error?: string; status: number };

/**
 * A readable file that is not one Kaiji wrote (or any file when the vendor asked for their own layout): kept for the
 * layout form, which starts from the organisation's saved layout for this form, else from a guess. With a saved
 * layout that fits the file, its preview comes at once, with the form to correct it.
 */
export async function startOwnLayout(db: Kysely<Database>, organizationId: string, userId: string, disclosure: Disclosure, grid: WorkbookGrid, bytes: Buffer, fileName: string, why: string | null): Promise<LayoutStep | { error: string; status: number }> {
  const token = await keepUpload(db, { userId, disclosureId: disclosure.id }, bytes, fileName);
  if (!token) return { error: "ファイルが大きすぎます（上限 10 MB）。", status: 400 };
  const saved = await getSavedLayout(db, organizationId, disclosure.template_id);
  // A saved layout whose sheet this file lacks (renamed?) keeps its columns on the sheet the guess finds.
  const start = saved && grid.sheets.some((s) => s.name === saved.sheet) ? saved : saved ? { ...guessLayout(grid), columns: saved.columns } : guessLayout(grid);
  const layoutForm = layoutFormView(grid, { token, fileName }, start, saved !== null);
  if (saved && !layoutProblem(grid, saved)) {
    const preview = await previewImportInto(db, disclosure, grid, { layout: saved });
    return { layoutForm, preview, notice: "この組織で前回保存した自社の様式（列の対応）で読みました。違っていれば、下で列を選び直してください。", status: 200 };
  }
  const notice = why ? `${why} 自社の様式のファイルであれば、回答が書かれたシート・見出しの行・列を指定してください。` : undefined;
  return { layoutForm, notice, status: 200 };
}

/**
 * The layout form sent back for the kept file: 「refresh」 shows the headings of the chosen sheet and row; otherwise
 * the preview through the layout, which is then saved for the organisation's next file of this form (audited). A
 * layout that cannot be read is a 400 with its Japanese problem and nothing is saved.
 */
export async function submitLayout(
  db: Kysely<Database>,
  actor: AuditActor & { userId: string },
  organizationId: string,
  disclosure: Disclosure,
  form: FormData,
  refresh: boolean,
  meta: RequestMeta,
): Promise<LayoutStep | { error: string; status: number }> {
  const token = String(form.get("token") ?? "");
  const kept = await keptUpload(db, token, { userId: actor.userId, disclosureId: disclosure.id });
  if (!kept) return { error: "取り込むファイルが見つかりません（選んでから30分を過ぎると破棄します）。もう一度ファイルを選んでください。", status: 400 };
  const read = await readUpload(kept.bytes, kept.fileName);
  if ("problem" in read) return { error: read.problem, status: 400 };
  const layout = layoutFromForm(form);
  const layoutForm = layoutFormView(read.grid, { token, fileName: kept.fileName }, layout, false);
  if (refresh) return { layoutForm, status: 200 };
  const problem = layoutProblem(read.grid, layout);
  if (problem) return { layoutForm, error: problem, status: 400 };
  const preview = await previewImportInto(db, disclosure, read.grid, { layout });
  if (preview.fileProblem) return { layoutForm, error: preview.fileProblem, status: 400 };
  await saveLayout(db, actor, organizationId, disclosure.template_id, layout, meta);
  return { layoutForm, preview, notice: "この列の対応を保存しました。次にこの様式のファイルを取り込むときにも使います。", status: 200 };
}
